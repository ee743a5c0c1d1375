//! Resolving an evidence quote against a source: where is it now?
//!
//! Exact occurrences (on normalized text) always win over near matches, even
//! when the near match sits where the hints point. Hints (paragraph, offsets,
//! prefix/suffix, a W3C document position) only decide *between* candidates.

use std::ops::Range;

use crate::annotation::{Evidence, Offsets};
use crate::myers;
use crate::normalize::normalize;
use crate::source::{Paragraph, Source, gram_index};

/// Where an evidence span was recorded to be; every field is optional.
#[derive(Debug, Clone, Default)]
pub struct Hints<'a> {
    /// 0-based paragraph index.
    pub paragraph: Option<usize>,
    /// Char offsets inside `paragraph`.
    pub offsets: Option<Offsets>,
    pub prefix: Option<&'a str>,
    pub suffix: Option<&'a str>,
    /// Document-level char offsets (W3C `TextPositionSelector`).
    pub position: Option<Offsets>,
}

impl<'a> Hints<'a> {
    /// Every hint an evidence item records.
    pub fn of(evidence: &'a Evidence) -> Hints<'a> {
        Hints {
            paragraph: evidence.paragraph.as_ref().map(|p| p.value),
            offsets: evidence.offsets.as_ref().map(|o| o.value),
            prefix: evidence.prefix.as_ref().map(|p| p.value.as_str()),
            suffix: evidence.suffix.as_ref().map(|s| s.value.as_str()),
            position: evidence.position.as_ref().map(|p| p.value),
        }
    }
}

impl Resolution {
    /// Where the quote is, or is nearly, or first is.
    pub fn location(&self) -> Option<Location> {
        match self {
            Resolution::Exact(l) | Resolution::Moved(l) => Some(*l),
            Resolution::Ambiguous { first, .. } => Some(*first),
            Resolution::Drifted { location, .. } => Some(*location),
            Resolution::Broken => None,
        }
    }
}

/// A span of a paragraph, in chars of its original text, half-open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    /// 0-based paragraph index.
    pub paragraph: usize,
    pub start: usize,
    pub end: usize,
}

impl Location {
    pub fn chars(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// What became of one evidence quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// Found exactly where the hints say.
    Exact(Location),
    /// Found exactly, elsewhere than recorded.
    Moved(Location),
    /// Found exactly several times, and no hint decides: the first occurrence.
    Ambiguous { first: Location, count: usize },
    /// Not found exactly; this is the best close match.
    Drifted { location: Location, errors: usize },
    /// Nothing close enough anywhere.
    Broken,
}

/// The largest number of edits for which a near match still counts as the
/// quote: a quarter of its length (CONTRACT §4).
pub fn max_errors(quote_chars: usize) -> usize {
    quote_chars / 4
}

/// Finds where `quote` is in `source` now.
pub fn resolve(source: &Source, quote: &str, hints: &Hints) -> Resolution {
    resolve_normalized(source, &normalize(quote), hints)
}

/// [`resolve`] for a quote already normalized.
pub fn resolve_normalized(source: &Source, needle: &str, hints: &Hints) -> Resolution {
    if needle.is_empty() {
        return Resolution::Broken;
    }
    if let Some(at) = at_its_pins(source, needle, hints) {
        return Resolution::Exact(at);
    }
    let hints = Resolved::new(source, hints);
    let occurrences = if source.may_contain(needle) {
        exact_occurrences(source, needle)
    } else {
        Vec::new()
    };
    if occurrences.is_empty() {
        return approximate(source, needle, &hints);
    }
    choose_exact(source, &occurrences, &hints)
}

/// The pinned location, if the quote is exactly there: then it is `exact`
/// whatever else the article holds, and nothing needs searching. Only the
/// pinned chars are normalized, so the common case — nothing changed —
/// never normalizes a whole paragraph.
fn at_its_pins(source: &Source, needle: &str, hints: &Hints) -> Option<Location> {
    let (p, offsets) = (hints.paragraph?, hints.offsets?);
    let paragraph = source.paragraphs.get(p)?;
    if offsets.start >= offsets.end || offsets.end > paragraph.char_len() {
        return None;
    }
    let bytes = paragraph.text_bytes(offsets.start..offsets.end);
    let slice = &paragraph.text[bytes.clone()];
    // Normalizing a slice equals slicing the normalized paragraph unless a
    // whitespace run or a combining mark straddles the slice's edges.
    let before = paragraph.text[..bytes.start].chars().next_back();
    let after = paragraph.text[bytes.end..].chars().next();
    let straddles = |edge: Option<char>, inner: Option<char>| {
        edge.is_some_and(|e| e.is_whitespace() && inner.is_some_and(char::is_whitespace))
    };
    if straddles(before, slice.chars().next())
        || straddles(after, slice.chars().next_back())
        || after.is_some_and(|c| !crate::normalize::is_chunk_start(c))
        || slice
            .chars()
            .next()
            .is_some_and(|c| !crate::normalize::is_chunk_start(c))
    {
        return None;
    }
    (normalize(slice) == needle).then_some(Location {
        paragraph: p,
        start: offsets.start,
        end: offsets.end,
    })
}

/// Hints with a W3C document position turned into a paragraph and offsets,
/// and contexts normalized once.
struct Resolved {
    paragraph: Option<usize>,
    offsets: Option<Offsets>,
    prefix: Option<Vec<char>>,
    suffix: Option<Vec<char>>,
}

impl Resolved {
    fn new(source: &Source, hints: &Hints) -> Resolved {
        let mut paragraph = hints.paragraph;
        let mut offsets = hints.offsets;
        if paragraph.is_none()
            && let Some(position) = hints.position
        {
            let byte = source.byte_at_document_char(position.start);
            if let Some(p) = source.paragraph_at_byte(byte) {
                let start = source.text[p.byte_range.start..byte].chars().count();
                paragraph = Some(p.index);
                offsets = Some(Offsets {
                    start,
                    end: start + position.end.saturating_sub(position.start),
                });
            }
        }
        let context = |c: Option<&str>| {
            c.map(|c| normalize(c).chars().collect::<Vec<_>>())
                .filter(|c| !c.is_empty())
        };
        Resolved {
            paragraph,
            offsets,
            prefix: context(hints.prefix),
            suffix: context(hints.suffix),
        }
    }

    /// Whether `location` is exactly where these hints put the quote.
    fn agrees_with(&self, location: &Location) -> bool {
        self.paragraph.is_none_or(|p| p == location.paragraph)
            && self
                .offsets
                .is_none_or(|o| o.start == location.start && o.end == location.end)
    }
}

/// Whether `location` is exactly where `hints` put the quote (a W3C
/// document position is read as the paragraph and offsets it falls in).
pub fn agrees(source: &Source, hints: &Hints, location: &Location) -> bool {
    Resolved::new(source, hints).agrees_with(location)
}

pub fn exact_occurrences(source: &Source, needle: &str) -> Vec<Location> {
    source
        .index()
        .occurrences(needle)
        .map(|(p, at)| {
            let chars = source.paragraphs[p]
                .normalized()
                .original_range(at..at + needle.len());
            Location {
                paragraph: p,
                start: chars.start,
                end: chars.end,
            }
        })
        .collect()
}

fn choose_exact(source: &Source, occurrences: &[Location], hints: &Resolved) -> Resolution {
    let Some(&first) = occurrences.first() else {
        return Resolution::Broken;
    };
    if hints.paragraph.is_some()
        && hints.offsets.is_some()
        && let Some(&at) = occurrences.iter().find(|l| hints.agrees_with(l))
    {
        return Resolution::Exact(at);
    }
    let mut candidates = occurrences.to_vec();
    // Each hint in turn narrows the candidates, strongest first; a hint that
    // matches none of them is stale and is skipped.
    if hints.prefix.is_some() || hints.suffix.is_some() {
        let scores: Vec<f64> = candidates
            .iter()
            .map(|l| context_score(&source.paragraphs[l.paragraph], l, hints))
            .collect();
        let best = scores.iter().copied().fold(f64::MIN, f64::max);
        candidates = candidates
            .into_iter()
            .zip(scores)
            .filter(|&(_, s)| s >= best)
            .map(|(l, _)| l)
            .collect();
    }
    if let Some(p) = hints.paragraph
        && candidates.iter().any(|l| l.paragraph == p)
    {
        candidates.retain(|l| l.paragraph == p);
        if let Some(o) = hints.offsets {
            let nearest = candidates
                .iter()
                .map(|l| l.start.abs_diff(o.start))
                .min()
                .unwrap_or(0);
            candidates.retain(|l| l.start.abs_diff(o.start) == nearest);
        }
    }
    match candidates.as_slice() {
        [only] if hints.agrees_with(only) => Resolution::Exact(*only),
        [only] => Resolution::Moved(*only),
        _ => Resolution::Ambiguous {
            first,
            count: occurrences.len(),
        },
    }
}

/// How well the text around `location` matches the recorded prefix and
/// suffix: 0 (not at all) to 2 (both exactly).
fn context_score(paragraph: &Paragraph, location: &Location, hints: &Resolved) -> f64 {
    let normalized = &paragraph.normalized();
    let text = normalized.char_index();
    let start = text.char_at_byte(normalized.normalized_offset(location.start));
    let end = text.char_at_byte(normalized.normalized_offset(location.end));
    context_similarity(&text.chars, start, end, hints)
}

/// Similarity of the recorded prefix and suffix to the text around chars
/// `start..end`: 0 (none, or no context recorded) to 2.
fn context_similarity(chars: &[char], start: usize, end: usize, hints: &Resolved) -> f64 {
    let mut score = 0.0;
    if let Some(prefix) = &hints.prefix {
        score += similarity(prefix, &chars[start.saturating_sub(prefix.len())..start]);
    }
    if let Some(suffix) = &hints.suffix {
        score += similarity(suffix, &chars[end..(end + suffix.len()).min(chars.len())]);
    }
    score
}

/// 1 for equal, falling towards 0 with every edit. Context cut short by the
/// paragraph's edge is compared on what there is.
fn similarity(expected: &[char], actual: &[char]) -> f64 {
    let expected = if actual.len() < expected.len() {
        // A prefix is compared on its end, a suffix on its start: trimming
        // either end of `expected` to `actual`'s length keeps the closer part.
        &expected[expected.len() - actual.len()..]
    } else {
        expected
    };
    if expected.is_empty() {
        return 0.5;
    }
    let distance = myers::distance(expected, actual);
    1.0 - distance as f64 / expected.len().max(actual.len()) as f64
}

fn approximate(source: &Source, needle: &str, hints: &Resolved) -> Resolution {
    let pattern: Vec<char> = needle.chars().collect();
    let mut search = NearSearch {
        prepared: myers::Pattern::new(&pattern),
        limit: max_errors(pattern.len()),
        contexts: usize::from(hints.prefix.is_some()) + usize::from(hints.suffix.is_some()),
        pattern,
        hints,
        best: None,
    };
    // Near the pins first, as annotation clients search near the recorded
    // position first: the pinned paragraph, then its neighbours, nearest
    // first (where a swapped or split paragraph puts it). The first
    // convincing match there is taken without scanning the rest of the
    // article; otherwise the best one still bounds how close a match
    // elsewhere must be to beat it, which prunes the scan.
    let hinted = hints.paragraph.filter(|&p| p < source.paragraphs.len());
    let window: Vec<usize> = hinted.map_or_else(Vec::new, |h| {
        let near = (1..=NEIGHBOURS).flat_map(|d| [h.checked_sub(d), Some(h + d)]);
        std::iter::once(h)
            .chain(near.flatten().filter(|&p| p < source.paragraphs.len()))
            .collect()
    });
    // Closest of all: around the recorded offsets, in the pinned paragraph
    // and then at the same offsets in its neighbours, where a paragraph
    // inserted, cut or swapped nearby moves the quote with its paragraph.
    if let Some(offsets) = hints.offsets {
        for &index in &window {
            search.scan_around(&source.paragraphs[index], offsets);
            if search.convincing() {
                return search.finish();
            }
        }
    }
    for &index in &window {
        search.scan(&source.paragraphs[index]);
        if search.convincing() {
            return search.finish();
        }
    }
    search.everywhere(source, &window);
    search.finish()
}

/// How many paragraphs on either side of the pinned one are searched before
/// the rest of the article.
const NEIGHBOURS: usize = 2;

/// The state of one approximate search: the quote, prepared once, and the
/// best near match so far.
struct NearSearch<'h> {
    /// The normalized quote, as chars.
    pattern: Vec<char>,
    prepared: myers::Pattern,
    /// The most edits a near match may have (CONTRACT §4).
    limit: usize,
    /// How many context hints (prefix, suffix) were recorded: 0 to 2.
    contexts: usize,
    hints: &'h Resolved,
    best: Option<Candidate>,
}

impl NearSearch<'_> {
    /// Ranks every near match in `paragraph` against the best so far.
    fn scan(&mut self, paragraph: &Paragraph) {
        self.scan_chars(
            paragraph,
            0..paragraph.normalized().char_index().chars.len(),
        );
    }

    /// [`NearSearch::scan`] of the part of `paragraph` around the original
    /// chars `offsets`, with room for the edits a revision makes before and
    /// inside the quote.
    fn scan_around(&mut self, paragraph: &Paragraph, offsets: Offsets) {
        let normalized = paragraph.normalized();
        let chars = normalized.char_index();
        let at = |original: usize| chars.char_at_byte(normalized.normalized_offset(original));
        let slack = self.pattern.len() / 2 + self.limit;
        let from = at(offsets.start).saturating_sub(slack);
        let to = (at(offsets.end) + slack).min(chars.chars.len());
        if from < to {
            self.scan_chars(paragraph, from..to);
        }
    }

    /// [`NearSearch::scan`] of the normalized chars `chars` of `paragraph`.
    fn scan_chars(&mut self, paragraph: &Paragraph, chars: Range<usize>) {
        let position = if Some(paragraph.index) == self.hints.paragraph {
            1.0
        } else {
            0.0
        };
        let ceiling = WEIGHT_CONTEXT * self.contexts as f64 + WEIGHT_POSITION * position;
        let limit = match &self.best {
            None => self.limit,
            // The most errors a match here may have and still score higher:
            // its Indel distance is below `2 * room * len`, and its edit
            // distance no more than that.
            Some(found) => {
                let room = 1.0 - (found.score - ceiling) / WEIGHT_QUOTE;
                if room <= 0.0 {
                    return;
                }
                self.limit
                    .min((2.0 * room * self.pattern.len() as f64).ceil() as usize)
            }
        };
        let normalized = paragraph.normalized();
        let text = normalized.char_index();
        for m in self.prepared.find(&text.chars[chars.clone()], limit) {
            let m = myers::Match {
                start: chars.start + m.start,
                end: chars.start + m.end,
                errors: m.errors,
            };
            let m = self.at_word_edges(&text.chars, m);
            let original = normalized.original_range(text.byte(m.start)..text.byte(m.end));
            let location = Location {
                paragraph: paragraph.index,
                start: original.start,
                end: original.end,
            };
            let context = context_similarity(&text.chars, m.start, m.end, self.hints);
            let indel = self.prepared.indel_distance(&text.chars[m.start..m.end]);
            let score = self.indel_score(indel)
                + WEIGHT_CONTEXT * context
                + WEIGHT_POSITION * position_closeness(&location, paragraph, self.hints);
            let candidate = Candidate {
                score,
                location,
                errors: m.errors,
                context,
            };
            if self.best.as_ref().is_none_or(|b| candidate.beats(b)) {
                self.best = Some(candidate);
            }
        }
    }

    /// Searches every paragraph but those `searched` already.
    ///
    /// A match within the edit budget keeps many of the quote's runs of a
    /// few chars, near one diagonal; the source's q-gram index counts them
    /// and names the few places where a match can be (see `gram_index`).
    /// They are searched most promising first, and once some match is
    /// known, only one with fewer errors can beat it, which must keep more
    /// runs: the places with fewer are skipped. A quote too short for the
    /// count to rule anything out is searched for in every paragraph, in
    /// one pass each, and so are the rest once the places searched add up
    /// to half the text.
    fn everywhere(&mut self, source: &Source, searched: &[usize]) {
        let Some(bound) = self.better_match_bound() else {
            return;
        };
        let grams = source.index().grams();
        let Some(places) = grams.places(&self.pattern, bound) else {
            return self.scan_all(source, searched);
        };
        let mut budget = grams.text_len() / 2;
        for place in places {
            let Some(bound) = self.better_match_bound() else {
                return;
            };
            let needed = gram_index::threshold(self.pattern.len(), bound).unwrap_or(0);
            if place.hits < needed {
                // The rest hold fewer still.
                return;
            }
            let Some(left) = budget.checked_sub(place.chars.len()) else {
                return self.scan_all(source, searched);
            };
            budget = left;
            if !searched.contains(&place.paragraph) {
                self.scan_chars(&source.paragraphs[place.paragraph], place.chars);
            }
        }
    }

    /// [`NearSearch::scan`] of every paragraph but those `searched`.
    fn scan_all(&mut self, source: &Source, searched: &[usize]) {
        for paragraph in &source.paragraphs {
            if !searched.contains(&paragraph.index) {
                self.scan(paragraph);
            }
        }
    }

    /// The most errors a match outside the pinned paragraph may have and
    /// still beat the best so far (as in `scan_chars`): `None` if none can.
    fn better_match_bound(&self) -> Option<usize> {
        let Some(found) = &self.best else {
            return Some(self.limit);
        };
        let room = 1.0 - (found.score - WEIGHT_CONTEXT * self.contexts as f64) / WEIGHT_QUOTE;
        (room > 0.0).then(|| {
            self.limit
                .min((2.0 * room * self.pattern.len() as f64).ceil() as usize)
        })
    }

    /// How close a passage is to the quote, from its Indel distance: 1 for
    /// equal, falling by `1 / len` per changed char as edit distance does,
    /// but by half that per inserted or deleted one.
    fn indel_score(&self, indel: usize) -> f64 {
        WEIGHT_QUOTE * (1.0 - indel as f64 / (2 * self.pattern.len()) as f64)
    }

    /// [`NearSearch::indel_score`] by edit distance, for choosing one
    /// match's word edges, where one pass gives the edit distance of each.
    fn quote_score(&self, errors: usize) -> f64 {
        WEIGHT_QUOTE * (1.0 - errors as f64 / self.pattern.len() as f64)
    }

    /// Whether the best match so far is good enough to stop searching: its
    /// recorded context mostly agrees (then any near match will do), or,
    /// with no context recorded, it is within half the error budget.
    fn convincing(&self) -> bool {
        self.best.as_ref().is_some_and(|found| {
            if self.contexts == 0 {
                found.errors <= self.limit / 2
            } else {
                found.context >= CONVINCING_CONTEXT * self.contexts as f64
            }
        })
    }

    fn finish(self) -> Resolution {
        match self.best {
            Some(found) => Resolution::Drifted {
                location: found.location,
                errors: found.errors,
            },
            None => Resolution::Broken,
        }
    }

    /// Moves a near match's edges onto word edges when the quote's own edges
    /// are word edges. The bit-parallel search keeps, for an end, the start
    /// with the fewest edits, and with a word inserted near a quote's start
    /// that start falls inside the inserted word (`ry Kabul` for `in Kabul`
    /// in `in very Kabul`); the recorded context then no longer matches, and
    /// the span a reader sees starts mid-word. Each word edge within the
    /// error budget of the found one is tried, and the one ranking best
    /// (quote and context similarity) within the budget is kept.
    fn at_word_edges(&self, text: &[char], found: myers::Match) -> myers::Match {
        let (first, last) = match (self.pattern.first(), self.pattern.last()) {
            (Some(&first), Some(&last)) => (first, last),
            _ => return found,
        };
        let is_word = |c: char| c.is_alphanumeric();
        let mut best = found;
        if is_word(first) && !is_word_start(text, best.start) {
            let from = best.start.saturating_sub(self.limit);
            let to = (best.start + self.limit).min(best.end);
            // One pass gives the errors of every start.
            let errors = self.prepared.distances_to(text, from, best.end);
            let starts = (from..to).filter(|&s| is_word_start(text, s));
            let spans = starts.map(|s| myers::Match {
                start: s,
                end: best.end,
                errors: errors[s - from],
            });
            best = self.best_edge(text, best, spans);
        }
        if is_word(last) && !is_word_end(text, best.end) {
            let from = (best.end.saturating_sub(self.limit)).max(best.start + 1);
            let to = (best.end + self.limit).min(text.len());
            let errors = self.prepared.distances_from(text, best.start, to);
            let ends = (from..=to).filter(|&e| is_word_end(text, e));
            let spans = ends.map(|e| myers::Match {
                start: best.start,
                end: e,
                errors: errors[e - best.start - 1],
            });
            best = self.best_edge(text, best, spans);
        }
        best
    }

    /// The best-ranking of `spans` within the error budget, else `found`.
    fn best_edge(
        &self,
        text: &[char],
        found: myers::Match,
        spans: impl Iterator<Item = myers::Match>,
    ) -> myers::Match {
        let rank = |m: &myers::Match| {
            self.quote_score(m.errors)
                + WEIGHT_CONTEXT * context_similarity(text, m.start, m.end, self.hints)
        };
        spans
            .filter(|m| m.errors <= self.limit)
            // Of equals, the first: the leftmost edge.
            .fold(None, |best: Option<(myers::Match, f64)>, m| {
                let r = rank(&m);
                match best {
                    Some((_, b)) if b >= r => best,
                    _ => Some((m, r)),
                }
            })
            .map_or(found, |(m, _)| m)
    }
}

/// Whether a word starts at char `at` of `text`.
fn is_word_start(text: &[char], at: usize) -> bool {
    text.get(at).is_some_and(|c| c.is_alphanumeric())
        && (at == 0 || !text[at - 1].is_alphanumeric())
}

/// Whether a word ends just before char `at` of `text`.
fn is_word_end(text: &[char], at: usize) -> bool {
    at > 0 && text[at - 1].is_alphanumeric() && text.get(at).is_none_or(|c| !c.is_alphanumeric())
}

/// How much of its recorded context (per side, 0 to 1) a near match must
/// keep for the search to stop there.
const CONVINCING_CONTEXT: f64 = 0.5;

/// A near match and how it ranks.
struct Candidate {
    score: f64,
    location: Location,
    errors: usize,
    /// Similarity of the recorded context: 0 to 2.
    context: f64,
}

impl Candidate {
    /// Higher score wins; ties go to the earlier passage in the article.
    fn beats(&self, other: &Candidate) -> bool {
        let at = |c: &Candidate| (c.location.paragraph, c.location.start);
        self.score > other.score || (self.score == other.score && at(self) < at(other))
    }
}

/// Near matches are ranked the way annotation clients rank them: the
/// quote's own similarity first, then its context, then its position.
/// Similarity is by Indel distance (a changed char costs a deletion and an
/// insertion): of two passages within the edit budget, one that still holds
/// the quote's chars in order with words added or cut ranks above one whose
/// words were replaced, since revisions add and cut words around a quote
/// while a different passage of similar wording differs in its words.
const WEIGHT_QUOTE: f64 = 50.0;
const WEIGHT_CONTEXT: f64 = 20.0;
const WEIGHT_POSITION: f64 = 2.0;

/// 1 at the recorded place, falling with distance inside the recorded
/// paragraph; 0 in any other paragraph or with no position recorded.
fn position_closeness(location: &Location, paragraph: &Paragraph, hints: &Resolved) -> f64 {
    match (hints.paragraph, hints.offsets) {
        (Some(p), _) if p != location.paragraph => 0.0,
        (Some(_), Some(o)) => {
            1.0 - location.start.abs_diff(o.start) as f64 / paragraph.char_len().max(1) as f64
        }
        (Some(_), None) => 1.0,
        (None, _) => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceKind;

    fn source(paragraphs: &[&str]) -> Source {
        Source::parse(paragraphs.join("\n"), SourceKind::PlainText)
    }

    fn drifted(resolution: Resolution) -> (usize, String, usize) {
        match resolution {
            Resolution::Drifted { location, errors } => {
                (location.paragraph, format!("{location:?}"), errors)
            }
            other => panic!("expected drifted, got {other:?}"),
        }
    }

    /// The found span's text.
    fn found_text(source: &Source, resolution: &Resolution) -> String {
        let location = resolution.location().expect("a location");
        source.paragraphs[location.paragraph]
            .slice_chars(location.chars())
            .to_owned()
    }

    const QUOTE: &str = "in Feskshemholm asked for this specimen, the inspector said";

    /// Hints of a council quote pinned at `chars` of `paragraph`, recorded
    /// between `Before the vote, ` and `, officials said.`.
    fn council_hints(paragraph: usize, chars: Range<usize>) -> Hints<'static> {
        Hints {
            paragraph: Some(paragraph),
            offsets: Some(Offsets {
                start: chars.start,
                end: chars.end,
            }),
            prefix: Some("Before the vote, "),
            suffix: Some(", officials said."),
            ..Hints::default()
        }
    }

    #[test]
    fn a_word_inserted_at_the_start_is_part_of_the_span() {
        // The fewest edits align `in` with `ry`, inside the inserted word; the
        // recorded prefix puts the span's start back before `in`.
        let text =
            "Officials in very Feskshemholm asked for this specimen, the inspector said on Monday.";
        let source = source(&[text]);
        let hints = Hints {
            prefix: Some("Officials "),
            ..Hints::default()
        };
        let resolution = resolve(&source, QUOTE, &hints);
        assert_eq!(
            found_text(&source, &resolution),
            "in very Feskshemholm asked for this specimen, the inspector said"
        );
        assert!(matches!(resolution, Resolution::Drifted { errors: 5, .. }));
    }

    #[test]
    fn without_context_a_near_match_still_starts_and_ends_on_word_edges() {
        let source = source(&[
            "Officials in very Feskshemholm asked for this specimen, the inspector said on Monday.",
        ]);
        let resolution = resolve(&source, QUOTE, &Hints::default());
        // Dropping `in ` costs fewer edits than `very` for `in`.
        assert_eq!(
            found_text(&source, &resolution),
            "Feskshemholm asked for this specimen, the inspector said"
        );
        // A trailing letter added to the last word is inside the span too.
        let source = self::source(&["He said the inspectors sayd it."]);
        let resolution = resolve(&source, "the inspector sayd", &Hints::default());
        assert_eq!(found_text(&source, &resolution), "the inspectors sayd");
    }

    #[test]
    fn without_hints_the_closest_copy_anywhere_is_found() {
        let filler = "Nothing to see here, only words to fill a paragraph of the article.";
        let source = source(&[
            filler,
            // Six edits: within the budget, but not the closest.
            "Before the vote, the councils agreed to find the old bridge over a river.",
            filler,
            filler,
            // Two edits, far down the article.
            "Later, the council agreed to fund a new bridges over the river.",
            filler,
        ]);
        let quote = "the council agreed to fund the new bridge over the river";
        let resolution = resolve(&source, quote, &Hints::default());
        assert_eq!(drifted(resolution.clone()).0, 4);
        assert_eq!(
            found_text(&source, &resolution),
            "the council agreed to fund a new bridges over the river"
        );
        // Too short for the count to rule anything out: every paragraph is
        // scanned, and the copy is found all the same.
        let resolution = resolve(&source, "fund a newt", &Hints::default());
        assert_eq!(found_text(&source, &resolution), "fund a new");
    }

    #[test]
    fn a_close_match_at_the_recorded_offsets_is_taken_before_the_rest_of_its_paragraph() {
        // Two copies in the pinned paragraph, both in the recorded context;
        // the later one is three edits closer (and would rank higher), but
        // the earlier one is where the offsets point.
        let filler = "Nothing to see here, only words to push the second copy away. ".repeat(4);
        let text = format!(
            "Before the vote, the council agreed to fund the new bridge over the river, officials said. {filler}Before the vote, the council agreed to fund a new bridge over the river, officials said."
        );
        let source = source(&[&text]);
        let quote = "the council agreed to fund a new bridge over the rivers";
        let hints = council_hints(0, 17..72);
        let resolution = resolve(&source, quote, &hints);
        assert_eq!(
            resolution.location().map(|l| (l.start, l.end)),
            Some((17, 73))
        );
        assert!(matches!(resolution, Resolution::Drifted { errors: 4, .. }));
    }

    #[test]
    fn a_passage_with_a_word_inserted_beats_one_with_a_word_replaced() {
        // `reportedly ` inserted costs 11 edits, `survive` -> `withstand` 9;
        // but the first passage still holds every char of the quote, in
        // order, and the second has lost a word: counting a changed char as
        // a deletion and an insertion ranks the first ahead (11 vs 14).
        let quote = "the deadline cannot survive without costly referendums.";
        let source = source(&[
            "Critics said the deadline cannot withstand without costly referendums.",
            "Officials said the deadline cannot survive reportedly without costly referendums.",
        ]);
        let resolution = resolve(&source, quote, &Hints::default());
        assert_eq!(
            found_text(&source, &resolution),
            "the deadline cannot survive reportedly without costly referendums."
        );
        assert!(matches!(resolution, Resolution::Drifted { errors: 11, .. }));
    }

    #[test]
    fn the_recorded_offsets_are_tried_in_the_neighbours_before_the_rest_of_the_pinned_paragraph() {
        // A paragraph was inserted above the quote's: it is now p3, at the
        // recorded offsets. Far from them, the pinned p2 holds a copy two
        // edits closer, in the same context; the offsets decide.
        let filler = "Words that only push the copy away from the recorded offsets. ".repeat(3);
        let source = source(&[
            "An opening paragraph.",
            &format!(
                "{filler}Before the vote, the council agreed to fund a new bridge over the river, officials said."
            ),
            "Before the vote, the council agreed to fund the new bridge over the rivers, officials said.",
        ]);
        let quote = "the council agreed to fund a new bridge over the rivers";
        let hints = council_hints(1, 17..72);
        let (paragraph, location, errors) = drifted(resolve(&source, quote, &hints));
        assert_eq!((paragraph, errors), (2, 3), "{location}");
    }

    #[test]
    fn a_close_match_next_to_the_pinned_paragraph_is_taken_when_its_context_agrees() {
        // Paragraphs 2 and 3 swapped; far away, p7 holds a copy one edit
        // closer to the quote, in the same context. Near the pins, with its
        // recorded context, the quote is in p2: the search stops there.
        let source = source(&[
            "An unrelated opening paragraph about the weather in the hills.",
            "Before the vote, the council agreed to fund the new bridge over the river, officials said.",
            "A paragraph that was moved above its neighbour by the edit.",
            "Elsewhere entirely.",
            "Further away.",
            "Further still.",
            "Before the vote, the council agreed to fund the new bridge over the rivers, officials said.",
        ]);
        let quote = "the council agreed to fund a new bridge over the rivers";
        let hints = council_hints(2, 18..73);
        let (paragraph, _, errors) = drifted(resolve(&source, quote, &hints));
        assert_eq!((paragraph, errors), (1, 4));
        // Without hints, the closer copy wins.
        let (paragraph, _, errors) = drifted(resolve(&source, quote, &Hints::default()));
        assert_eq!((paragraph, errors), (6, 3));
    }
}
