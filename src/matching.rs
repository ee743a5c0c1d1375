//! Resolving an evidence quote against a source: where is it now?
//!
//! Exact occurrences (on normalized text) always win over near matches, even
//! when the near match sits where the hints point. Hints (paragraph, offsets,
//! prefix/suffix, a W3C document position) only decide *between* candidates.
//! No match, exact or near, begins or ends inside a word, a number or a
//! grapheme cluster (`edges`).

mod edges;

use std::ops::Range;

use crate::annotation::{Evidence, Offsets};
use crate::myers;
use crate::normalize::{CharIndex, Normalized, is_ignored, normalize};
use crate::source::{Paragraph, Source, gram_index};
use edges::{Side, is_match_edge};

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
    /// Whether they say where the quote is (a paragraph and offsets in it,
    /// or a document position): only then can [`resolve_at_pins`] find it
    /// there without searching.
    pub fn pin_a_place(&self) -> bool {
        self.position.is_some() || (self.paragraph.is_some() && self.offsets.is_some())
    }

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
    // A W3C document position pins like a paragraph and offsets.
    let pinned = crate::position::as_pins(source, hints);
    let hints = pinned.as_ref().unwrap_or(hints);
    if let Some(resolution) = decided_at_pins(source, needle, hints) {
        return resolution;
    }
    searched(source, needle, hints)
}

/// [`resolve_normalized`] by searching the whole article, whatever the
/// pins decide alone: for a quote [`resolve_at_pins`] left undecided (and
/// its oracle in the tests).
pub fn resolve_by_search(source: &Source, needle: &str, hints: &Hints) -> Resolution {
    let pinned = crate::position::as_pins(source, hints);
    if needle.is_empty() {
        return Resolution::Broken;
    }
    searched(source, needle, pinned.as_ref().unwrap_or(hints))
}

/// Every exact occurrence of the quote, and the one the hints choose; the
/// closest passage when there is none.
fn searched(source: &Source, needle: &str, hints: &Hints) -> Resolution {
    let hints = Resolved::new(source, hints);
    let occurrences = exact_occurrences(source, needle);
    if occurrences.is_empty() {
        return approximate(source, needle, &hints);
    }
    choose_exact(source, &occurrences, &hints)
}

/// What [`resolve_normalized`] says without searching the article: an
/// empty quote is broken, a quote exactly where its pins say is exact;
/// `None` for any other, which needs the whole-text index.
pub fn resolve_at_pins(source: &Source, needle: &str, hints: &Hints) -> Option<Resolution> {
    let pinned = crate::position::as_pins(source, hints);
    decided_at_pins(source, needle, pinned.as_ref().unwrap_or(hints))
}

/// [`resolve_at_pins`] with any document position already turned into pins.
fn decided_at_pins(source: &Source, needle: &str, hints: &Hints) -> Option<Resolution> {
    if needle.is_empty() {
        return Some(Resolution::Broken);
    }
    at_its_pins(source, needle, hints).map(Resolution::Exact)
}

/// The pinned location, if the quote is exactly there: then it is `exact`
/// whatever else the article holds, and nothing needs searching. Where the
/// chars at and beside the pinned edges are plain, only the pinned chars are
/// normalized, so the common case — nothing changed — never normalizes a
/// whole paragraph; otherwise the pins are checked against the normalized
/// paragraph, as the full search would find them.
fn at_its_pins(source: &Source, needle: &str, hints: &Hints) -> Option<Location> {
    let (p, offsets) = (hints.paragraph?, hints.offsets?);
    let paragraph = source.paragraphs.get(p)?;
    if offsets.start >= offsets.end || offsets.end > paragraph.char_len() {
        return None;
    }
    let location = Location {
        paragraph: p,
        start: offsets.start,
        end: offsets.end,
    };
    let bytes = paragraph.text_bytes(offsets.start..offsets.end);
    let slice = &paragraph.text[bytes.clone()];
    let before = paragraph.text[..bytes.start].chars().next_back();
    let after = paragraph.text[bytes.end..].chars().next();
    let (first, last) = (slice.chars().next()?, slice.chars().next_back()?);
    // Plain chars normalize on their own, never join a cluster, and are
    // never ignored: then normalizing the slice equals slicing the
    // normalized paragraph unless a whitespace run straddles an edge.
    let plain = |c: char| !edges::can_join(c) && !is_ignored(c);
    if ![before, after, Some(first), Some(last)]
        .into_iter()
        .flatten()
        .all(plain)
    {
        return is_occurrence(paragraph.normalized(), needle, &location).then_some(location);
    }
    let straddles = |edge: Option<char>, inner: char| {
        edge.is_some_and(|e| e.is_whitespace() && inner.is_whitespace())
    };
    if straddles(before, first) || straddles(after, last) || normalize(slice) != needle {
        return None;
    }
    // The word rule, from the chars beside each edge, but for a separator
    // next to a digit (`1,000`), which needs the char beyond.
    let edge = |outside: Option<char>, inside: char| match outside {
        Some(outside) if edges::joins(outside, inside) => Some(false),
        Some(outside)
            if matches!(outside, ',' | '.') && inside.is_numeric()
                || matches!(inside, ',' | '.') && outside.is_numeric() =>
        {
            None
        }
        _ => Some(true),
    };
    match (edge(before, first), edge(after, last)) {
        (Some(true), Some(true)) => Some(location),
        (Some(false), _) | (_, Some(false)) => None,
        _ => is_occurrence(paragraph.normalized(), needle, &location).then_some(location),
    }
}

/// Whether `normalized` holds `needle` at bytes that map back to exactly the
/// chars of `location`, on edges a match may have: an occurrence the full
/// search finds.
fn is_occurrence(normalized: &Normalized, needle: &str, location: &Location) -> bool {
    let at = normalized.normalized_offset(location.start);
    let end = at + needle.len();
    normalized
        .as_str()
        .get(at..)
        .is_some_and(|rest| rest.starts_with(needle))
        && normalized.original_range(at..end) == location.chars()
        && at_match_edges(normalized, needle, at)
}

/// Whether a match of `needle` at byte `at` of `normalized` begins and ends
/// on edges CONTRACT §2 allows.
fn at_match_edges(normalized: &Normalized, needle: &str, at: usize) -> bool {
    is_match_edge(normalized, at, Side::Start)
        && is_match_edge(normalized, at + needle.len(), Side::End)
}

/// A pin that no longer fits the source: the article changed under it
/// (CONTRACT §3). The quote is searched for as if the stale hint were not
/// there, and is never `exact`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaleHint {
    /// `paragraph` (0-based) is past the last of the source's `paragraphs`.
    ParagraphPastEnd { paragraph: usize, paragraphs: usize },
    /// The recorded offsets end at `end`, past the end of `paragraph`
    /// (0-based), which has `chars` chars.
    OffsetsPastEnd {
        paragraph: usize,
        end: usize,
        chars: usize,
    },
}

/// What in `hints` no longer fits `source`, if anything: a paragraph past
/// the last one, or offsets past the end of their paragraph.
pub fn stale_hint(source: &Source, hints: &Hints) -> Option<StaleHint> {
    let paragraph = hints.paragraph?;
    let Some(pinned) = source.paragraphs.get(paragraph) else {
        return Some(StaleHint::ParagraphPastEnd {
            paragraph,
            paragraphs: source.paragraphs.len(),
        });
    };
    let offsets = hints.offsets?;
    (offsets.end > pinned.char_len()).then_some(StaleHint::OffsetsPastEnd {
        paragraph,
        end: offsets.end,
        chars: pinned.char_len(),
    })
}

/// Hints with a W3C document position turned into a paragraph and offsets,
/// stale pins left out, and contexts normalized once.
struct Resolved {
    paragraph: Option<usize>,
    offsets: Option<Offsets>,
    /// A pin was stale: no location agrees with these hints.
    stale: bool,
    /// Reversed, as it is read outwards from the quote.
    prefix: Option<Vec<char>>,
    suffix: Option<Vec<char>>,
}

impl Resolved {
    fn new(source: &Source, hints: &Hints) -> Resolved {
        // A W3C document position is read as the paragraph and offsets it
        // falls in (one past the last paragraph when it is in none).
        let pinned = crate::position::as_pins(source, hints);
        let hints = pinned.as_ref().unwrap_or(hints);
        let (mut paragraph, mut offsets) = (hints.paragraph, hints.offsets);
        let stale = stale_hint(source, hints);
        match stale {
            Some(StaleHint::ParagraphPastEnd { .. }) => (paragraph, offsets) = (None, None),
            Some(StaleHint::OffsetsPastEnd { .. }) => offsets = None,
            None => {}
        }
        let context = |c: Option<&str>| {
            c.map(|c| normalize(c).chars().collect::<Vec<_>>())
                .filter(|c| !c.is_empty())
        };
        Resolved {
            paragraph,
            offsets,
            stale: stale.is_some(),
            prefix: context(hints.prefix).map(|mut p| {
                p.reverse();
                p
            }),
            suffix: context(hints.suffix),
        }
    }

    /// Whether `location` is exactly where these hints put the quote.
    fn agrees_with(&self, location: &Location) -> bool {
        !self.stale
            && self.paragraph.is_none_or(|p| p == location.paragraph)
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

/// Every exact occurrence of `needle` (normalized) in `source`, in
/// document order, that begins and ends where a match may (CONTRACT §2: not
/// inside a word, a number or a grapheme cluster), in original chars.
pub fn exact_occurrences(source: &Source, needle: &str) -> Vec<Location> {
    if needle.is_empty() || !source.may_contain(needle) {
        return Vec::new();
    }
    source
        .index()
        .occurrences(needle)
        .into_iter()
        .filter_map(|(p, at)| {
            let normalized = source.paragraphs[p].normalized();
            if !at_match_edges(normalized, needle, at) {
                return None;
            }
            let chars = normalized.original_range(at..at + needle.len());
            Some(Location {
                paragraph: p,
                start: chars.start,
                end: chars.end,
            })
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
        let contexts: Vec<Context> = candidates
            .iter()
            .map(|l| context_at(&source.paragraphs[l.paragraph], l, hints))
            .collect();
        let kept: Vec<Location> = candidates
            .iter()
            .zip(&contexts)
            .filter(|(_, c)| {
                !clearly_farther(&contexts, c, |c| c.prefix)
                    && !clearly_farther(&contexts, c, |c| c.suffix)
            })
            .map(|(&l, _)| l)
            .collect();
        // Contexts that point at different occurrences decide nothing.
        if !kept.is_empty() {
            candidates = kept;
        }
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

/// How the text around `location` matches the recorded prefix and suffix,
/// read from the paragraph's normalized text (no char array is built for
/// it: a paragraph of a big article is often read for its context alone).
fn context_at(paragraph: &Paragraph, location: &Location, hints: &Resolved) -> Context {
    let normalized = paragraph.normalized();
    let text = normalized.as_str();
    let start = char_boundary_at_or_after(text, normalized.normalized_offset(location.start));
    let end =
        char_boundary_at_or_after(text, normalized.normalized_offset(location.end)).max(start);
    context_around(text[..start].chars().rev(), text[end..].chars(), hints)
}

/// The first char boundary of `text` at or after `byte` (its length past it).
fn char_boundary_at_or_after(text: &str, byte: usize) -> usize {
    (byte..text.len())
        .find(|&b| text.is_char_boundary(b))
        .unwrap_or(text.len())
}

/// Whether the recorded context on one `side` is clearly farther from the
/// text beside `this` occurrence than from the text beside the closest of
/// `all` (CONTRACT §2: the clearly best occurrence wins): it needs at least
/// twice as many edits as the closest one's, and more. An exact context (no
/// edit) so beats any other; a typo or an edited word still decides against
/// unrelated text; contexts about as far from the recording as each other
/// decide nothing. Each side is judged on its own, so that a context that
/// fits no occurrence does not drown one that decides.
fn clearly_farther(
    all: &[Context],
    this: &Context,
    side: impl Fn(&Context) -> Option<usize>,
) -> bool {
    let (Some(closest), Some(edits)) = (all.iter().filter_map(&side).min(), side(this)) else {
        return false;
    };
    edits > closest && edits >= 2 * closest
}

/// How far the recorded context is from the text around a match.
#[derive(Debug, Clone, Copy)]
struct Context {
    /// Edits turning the recorded prefix, and the suffix, into the text
    /// beside the match (none where none was recorded).
    prefix: Option<usize>,
    suffix: Option<usize>,
    /// Per recorded side, 1 for equal, falling by `1 / len` per edit to 0:
    /// 0 to 2 together (0 with no context recorded).
    similarity: f64,
}

/// [`Context`] of the text `before` a match (read backwards from it) and
/// `after` it. Each recorded side is read outwards from the match and
/// aligned with the text there, wherever its far end now falls (words added
/// or cut far from the quote cost only what they change); recorded chars
/// with no text left beside them (at the paragraph's edge) are edits, as in
/// the Hypothesis client.
fn context_around(
    before: impl Iterator<Item = char>,
    after: impl Iterator<Item = char>,
    hints: &Resolved,
) -> Context {
    let reach = |recorded: &[char]| recorded.len() + recorded.len() / 2;
    let prefix = hints
        .prefix
        .as_ref()
        .map(|prefix| myers::prefix_distance(prefix, before.take(reach(prefix))));
    let suffix = hints
        .suffix
        .as_ref()
        .map(|suffix| myers::prefix_distance(suffix, after.take(reach(suffix))));
    let similarity = |recorded: &Option<Vec<char>>, edits: Option<usize>| match (recorded, edits) {
        (Some(recorded), Some(edits)) => 1.0 - edits as f64 / recorded.len() as f64,
        _ => 0.0,
    };
    Context {
        prefix,
        suffix,
        similarity: similarity(&hints.prefix, prefix) + similarity(&hints.suffix, suffix),
    }
}

/// [`Context::similarity`] of the text around chars `start..end`.
fn context_similarity(chars: &[char], start: usize, end: usize, hints: &Resolved) -> f64 {
    let before = chars[..start].iter().rev().copied();
    context_around(before, chars[end..].iter().copied(), hints).similarity
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
        decoded: None,
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
    /// The chars of the paragraph scanned last, by its index: the next scan
    /// is mostly of the same one (around the offsets, then all of it), and
    /// the search keeps no more than one paragraph's.
    decoded: Option<(usize, CharIndex)>,
}

/// What part of a paragraph a near search scans.
enum Span {
    All,
    /// Around these original chars, with room for the edits a revision
    /// makes before and inside the quote.
    Around(Offsets),
    /// These normalized chars.
    Chars(Range<usize>),
}

impl NearSearch<'_> {
    /// Ranks every near match in `paragraph` against the best so far.
    fn scan(&mut self, paragraph: &Paragraph) {
        self.scan_span(paragraph, Span::All);
    }

    /// [`NearSearch::scan`] of the part of `paragraph` around the original
    /// chars `offsets`.
    fn scan_around(&mut self, paragraph: &Paragraph, offsets: Offsets) {
        self.scan_span(paragraph, Span::Around(offsets));
    }

    /// [`NearSearch::scan`] of `span` of `paragraph`, with its chars decoded
    /// once for the scans of it in a row.
    fn scan_span(&mut self, paragraph: &Paragraph, span: Span) {
        let normalized = paragraph.normalized();
        let text = match self.decoded.take() {
            Some((index, text)) if index == paragraph.index => text,
            Some((_, mut text)) => {
                text.decode(normalized.as_str());
                text
            }
            None => normalized.char_index(),
        };
        let chars = match span {
            Span::All => 0..text.chars.len(),
            Span::Chars(chars) => chars,
            Span::Around(offsets) => {
                let at =
                    |original: usize| text.char_at_byte(normalized.normalized_offset(original));
                let slack = self.pattern.len() / 2 + self.limit;
                at(offsets.start).saturating_sub(slack)
                    ..(at(offsets.end) + slack).min(text.chars.len())
            }
        };
        if !chars.is_empty() {
            self.scan_chars(paragraph, normalized, &text, chars);
        }
        self.decoded = Some((paragraph.index, text));
    }

    /// [`NearSearch::scan`] of the normalized chars `chars` of `paragraph`,
    /// whose normalized text is `normalized`, decoded as `text`.
    fn scan_chars(
        &mut self,
        paragraph: &Paragraph,
        normalized: &Normalized,
        text: &CharIndex,
        chars: Range<usize>,
    ) {
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
        for m in self.prepared.find(&text.chars[chars.clone()], limit) {
            let m = myers::Match {
                start: chars.start + m.start,
                end: chars.start + m.end,
                errors: m.errors,
            };
            let Some(m) = self.at_word_edges(normalized, text, m) else {
                continue;
            };
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
        let Some(grams) = source.index().grams_when_due() else {
            return self.scan_all(source, searched);
        };
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
                self.scan_span(
                    &source.paragraphs[place.paragraph],
                    Span::Chars(place.chars),
                );
            }
        }
    }

    /// [`NearSearch::scan`] of every paragraph but those `searched`.
    ///
    /// Each is first searched in the whole-text index's normalized copy,
    /// within the bound any match outside the pinned paragraph must meet
    /// (as `scan_chars` does); only a paragraph with a match there is
    /// scanned in full, so that a paragraph without one builds nothing
    /// that it keeps (its normalized form, with the map to its text).
    fn scan_all(&mut self, source: &Source, searched: &[usize]) {
        let index = source.index();
        for paragraph in &source.paragraphs {
            if searched.contains(&paragraph.index) {
                continue;
            }
            let Some(bound) = self.better_match_bound() else {
                return;
            };
            // Decoded into the search's own buffer: the index's copy is the
            // paragraph's normalized text, so a paragraph with a match is
            // then scanned without decoding it again.
            let mut text = self
                .decoded
                .take()
                .map(|(_, text)| text)
                .unwrap_or_default();
            text.decode(index.paragraph_text(paragraph.index));
            let holds_one = !self.prepared.find(&text.chars, bound).is_empty();
            self.decoded = Some((paragraph.index, text));
            if holds_one {
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

    /// Moves a near match's edges onto edges a match may have (CONTRACT
    /// §2): splitting no word, number or grapheme cluster, and, where the
    /// quote's own edge is a letter or digit, with one inside the span
    /// there too. The bit-parallel search keeps,
    /// for an end, the start with the fewest edits, and with a word inserted
    /// near a quote's start that start falls inside the inserted word (`ry
    /// Kabul` for `in Kabul` in `in very Kabul`); the recorded context then
    /// no longer matches, and the span a reader sees starts mid-word. Each
    /// edge within the error budget of the found one is tried, and the one
    /// ranking best (quote and context similarity) within the budget is
    /// kept; with none, there is no near match here.
    fn at_word_edges(
        &self,
        normalized: &Normalized,
        index: &CharIndex,
        found: myers::Match,
    ) -> Option<myers::Match> {
        let text = &index.chars;
        let word = |c: Option<&char>| c.is_some_and(|c| c.is_alphanumeric());
        let (word_start, word_end) = (word(self.pattern.first()), word(self.pattern.last()));
        // A word edge also has a letter or digit on the inside.
        let may_start = |s: usize| {
            (!word_start || word(text.get(s)))
                && is_match_edge(normalized, index.byte(s), Side::Start)
        };
        let may_end = |e: usize| {
            (!word_end || word(e.checked_sub(1).and_then(|i| text.get(i))))
                && is_match_edge(normalized, index.byte(e), Side::End)
        };
        let mut best = found;
        if !may_start(best.start) {
            let from = best.start.saturating_sub(self.limit);
            let to = (best.start + self.limit).min(best.end);
            // One pass gives the errors of every start.
            let errors = self.prepared.distances_to(text, from, best.end);
            let starts = (from..to).filter(|&s| may_start(s));
            let spans = starts.map(|s| myers::Match {
                start: s,
                end: best.end,
                errors: errors[s - from],
            });
            best = self.best_edge(text, spans)?;
        }
        if !may_end(best.end) {
            let from = (best.end.saturating_sub(self.limit)).max(best.start + 1);
            let to = (best.end + self.limit).min(text.len());
            let errors = self.prepared.distances_from(text, best.start, to);
            let ends = (from..=to).filter(|&e| may_end(e));
            let spans = ends.map(|e| myers::Match {
                start: best.start,
                end: e,
                errors: errors[e - best.start - 1],
            });
            best = self.best_edge(text, spans)?;
        }
        Some(best)
    }

    /// The best-ranking of `spans` within the error budget.
    fn best_edge(
        &self,
        text: &[char],
        spans: impl Iterator<Item = myers::Match>,
    ) -> Option<myers::Match> {
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
            .map(|(m, _)| m)
    }
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
        // The first searches scan every paragraph; the later ones find the
        // places to compare in the q-gram index, with the same result.
        for search in 0..8 {
            let resolution = resolve(&source, quote, &Hints::default());
            assert_eq!(drifted(resolution.clone()).0, 4, "search {search}");
            assert_eq!(
                found_text(&source, &resolution),
                "the council agreed to fund a new bridges over the river",
                "search {search}"
            );
        }
        assert!(
            source.index().grams_when_due().is_some(),
            "the index is built once searches pay for it"
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

    fn at(paragraph: usize, start: usize, end: usize) -> Location {
        Location {
            paragraph,
            start,
            end,
        }
    }

    fn pinned(paragraph: usize, start: usize, end: usize) -> Hints<'static> {
        Hints {
            paragraph: Some(paragraph),
            offsets: Some(Offsets { start, end }),
            ..Hints::default()
        }
    }

    #[test]
    fn a_figure_inside_a_larger_one_is_a_changed_figure() {
        // "11 people" was pinned at 15..24 of "Officials said 11 people were
        // evacuated."; the figure became 211. It is not inside "211".
        let source = source(&["Officials said 211 people were evacuated."]);
        assert_eq!(
            resolve(&source, "11 people", &pinned(0, 15, 24)),
            Resolution::Drifted {
                location: at(0, 15, 25),
                errors: 1
            }
        );
        // Pins pointing into the middle of "211" do not make it exact.
        assert_eq!(
            resolve(&source, "11 people", &pinned(0, 16, 25)),
            Resolution::Drifted {
                location: at(0, 15, 25),
                errors: 1
            }
        );
        assert_eq!(exact_occurrences(&source, "11 people"), []);
    }

    #[test]
    fn a_word_does_not_match_inside_a_longer_one() {
        let source = source(&["The bill bypassed the committee."]);
        assert_eq!(
            resolve(&source, "passed", &Hints::default()),
            Resolution::Broken
        );
        let source = self::source(&["The bill bypassed the committee and passed."]);
        assert_eq!(
            resolve(&source, "passed", &Hints::default()),
            Resolution::Exact(at(0, 36, 42))
        );
        // Nor inside a number: 000 is part of 15,000.
        let source = self::source(&["As many as 15,000 soldiers died."]);
        assert_eq!(
            resolve(&source, "000 soldiers", &Hints::default()),
            Resolution::Drifted {
                location: at(0, 11, 26),
                errors: 3
            }
        );
        // An apostrophe or a hyphen ends a word.
        let source = self::source(&["Russia\u{2019}s Soviet-Afghan war"]);
        assert_eq!(exact_occurrences(&source, "Russia"), [at(0, 0, 6)]);
        assert_eq!(exact_occurrences(&source, "Afghan war"), [at(0, 16, 26)]);
    }

    #[test]
    fn a_match_never_splits_an_emoji_sequence_or_a_combining_mark() {
        // The family is one cluster of five chars (three people, two
        // zero-width joiners); the lone man after it is the only man.
        let family = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}";
        let source = source(&[&format!("A family {family} and a man \u{1F468}.")]);
        assert_eq!(
            resolve(&source, "\u{1F468}", &Hints::default()),
            Resolution::Exact(at(0, 25, 26))
        );
        assert_eq!(
            resolve(&source, "\u{1F469}", &Hints::default()),
            Resolution::Broken
        );
        assert_eq!(
            resolve(&source, family, &Hints::default()),
            Resolution::Exact(at(0, 9, 14))
        );
        // A mark that composes with nothing stays with its letter.
        let source = self::source(&["The letter q\u{301} and a plain q."]);
        assert_eq!(
            resolve(&source, "q", &Hints::default()),
            Resolution::Exact(at(0, 26, 27))
        );
        // Each Han char is a word of its own.
        let source = self::source(&["今天俄罗斯承认塔利班政府。"]);
        assert_eq!(
            exact_occurrences(&source, "俄罗斯承认塔利班"),
            [at(0, 2, 10)]
        );
    }

    #[test]
    fn soft_hyphens_and_zero_width_chars_are_ignored_with_exact_offsets() {
        let source = source(&["They co\u{AD}operate, and operate.\u{200B} Next"]);
        // Inside "co-operate" (soft hyphen) there is no word "operate".
        assert_eq!(exact_occurrences(&source, "operate"), [at(0, 21, 28)]);
        // A quote across the soft hyphen covers it.
        assert_eq!(
            resolve(&source, "cooperate", &Hints::default()),
            Resolution::Exact(at(0, 5, 15))
        );
        // Nor does one typed with it, or a zero-width space, differ.
        assert_eq!(
            resolve(&source, "coop\u{AD}erate, and", &Hints::default()),
            Resolution::Exact(at(0, 5, 20))
        );
        // A match ending before a zero-width space leaves it out; one across
        // it takes it in.
        assert_eq!(exact_occurrences(&source, "operate."), [at(0, 21, 29)]);
        assert_eq!(exact_occurrences(&source, "operate. Next"), [at(0, 21, 35)]);
        // Pinned, the same spans are exact at their pins.
        assert_eq!(
            resolve(&source, "operate. Next", &pinned(0, 21, 35)),
            Resolution::Exact(at(0, 21, 35))
        );
        // A pin that takes in the zero-width space at its edge is not where
        // the quote is: it is found next to it.
        assert_eq!(
            resolve(&source, "operate.", &pinned(0, 21, 30)),
            Resolution::Moved(at(0, 21, 29))
        );
    }

    /// The Hypothesis client's `match-quote` fixture, a paragraph in which
    /// `before us` and `we had` are each twice.
    const TWO_CITIES: &str = "It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of foolishness, it was the epoch of belief, it was the epoch of incredulity, it was the season of Light, it was the season of Darkness, it was the spring of hope, it was the winter of despair, we had everything before us, we had nothing before us, we were all going direct to Heaven, we were all going direct the other way.";

    /// Where `quote` resolves in [`TWO_CITIES`] with these contexts: the
    /// text from the found start on, or how many occurrences are left.
    fn in_two_cities(
        quote: &str,
        prefix: Option<&str>,
        suffix: Option<&str>,
    ) -> Result<String, usize> {
        let source = source(&[TWO_CITIES]);
        let hints = Hints {
            prefix,
            suffix,
            ..Hints::default()
        };
        match resolve(&source, quote, &hints) {
            Resolution::Exact(l) | Resolution::Moved(l) => {
                Ok(TWO_CITIES[l.start..].chars().take(24).collect())
            }
            Resolution::Ambiguous { count, .. } => Err(count),
            other => panic!("{quote:?}: {other:?}"),
        }
    }

    #[test]
    fn the_clearly_closest_context_decides_between_copies() {
        // The cases of the Hypothesis client's match-quote tests. Exact
        // contexts (here without the space beside the quote, 1 edit) and
        // typos decide: `every-thing` is 2 edits from the first copy's
        // prefix and 7 from the second's, `ever ting` 3 and 6, `nutting`
        // 7 and 3.
        let first_before_us = Ok("before us, we had nothin".to_owned());
        let second_before_us = Ok("before us, we were all g".to_owned());
        let first_we_had = Ok("we had everything before".to_owned());
        let second_we_had = Ok("we had nothing before us".to_owned());
        assert_eq!(
            in_two_cities("before us", Some("we had everything"), None),
            first_before_us
        );
        assert_eq!(
            in_two_cities("before us", Some("we had nothing"), None),
            second_before_us
        );
        assert_eq!(
            in_two_cities("before us", Some("we had every-thing"), None),
            first_before_us
        );
        assert_eq!(
            in_two_cities("we had", None, Some("everything")),
            first_we_had
        );
        assert_eq!(
            in_two_cities("we had", None, Some("nothing")),
            second_we_had
        );
        assert_eq!(
            in_two_cities("we had", None, Some("ever ting")),
            first_we_had
        );
        assert_eq!(
            in_two_cities("we had", None, Some("nutting")),
            second_we_had
        );
        // `nout` is 9 edits from the first copy's prefix and 6 from the
        // second's: not clearly either (Hypothesis, which must pick one,
        // takes the second).
        assert_eq!(
            in_two_cities("before us", Some("we had nout"), None),
            Err(2)
        );
    }

    #[test]
    fn a_typo_or_an_edit_in_a_recorded_context_still_decides() {
        // Contexts as annotation tools record them, the chars right beside
        // the quote: a typo in the prefix, a word changed in the suffix.
        assert_eq!(
            in_two_cities("before us", Some("despair, we had evreything "), None),
            Ok("before us, we had nothin".to_owned())
        );
        assert_eq!(
            in_two_cities("before us", None, Some(", we are all going direct")),
            Ok("before us, we were all g".to_owned())
        );
        // An edited prefix, 6 edits from the first copy's and 14 from the
        // second's, where the suffix is not clearly closer to either (5
        // and 3).
        assert_eq!(
            in_two_cities(
                "we had",
                Some("the winter of hope, "),
                Some(" something before")
            ),
            Ok("we had everything before".to_owned())
        );
        // The suffix of the second copy, with a prefix of neither: a
        // context that fits no copy does not drown one that decides.
        assert_eq!(
            in_two_cities("we had", Some("quite unrelated "), Some(" nothing before")),
            Ok("we had nothing before us".to_owned())
        );
    }

    #[test]
    fn contexts_that_decide_nothing_leave_the_evidence_ambiguous() {
        // Both contexts weak: unrelated (prefixes 13 and 12 edits from the
        // two copies', suffixes 3 and 3), or a little like both (13 and 13,
        // 9 and 10).
        assert_eq!(
            in_two_cities("we had", Some("quite unrelated "), Some(" xyz")),
            Err(2)
        );
        assert_eq!(
            in_two_cities("we had", Some("the spring of joy, "), Some(" little after")),
            Err(2)
        );
        // Each context points at the other copy: the prefix at the second
        // (5 edits from the first's), the suffix at the first (4 from the
        // second's).
        let source = source(&["Alpha said the plan works. Beta said the plan fails."]);
        let hints = Hints {
            prefix: Some("Beta said "),
            suffix: Some(" works."),
            ..Hints::default()
        };
        assert_eq!(
            resolve(&source, "the plan", &hints),
            Resolution::Ambiguous {
                first: at(0, 11, 19),
                count: 2
            }
        );
        // Without context, two copies are ambiguous.
        assert_eq!(in_two_cities("we had", None, None), Err(2));
    }

    #[test]
    fn a_context_cut_short_by_the_paragraph_edge_still_finds_the_quote() {
        // Hypothesis: a prefix longer than the text before the match, and a
        // suffix at the end of the text.
        let source = source(&[
            "Many years later, as he faced the firing squad",
            "Some document text",
        ]);
        let hints = Hints {
            prefix: Some("It used to be many "),
            ..Hints::default()
        };
        assert_eq!(
            resolve(&source, "years later", &hints),
            Resolution::Exact(at(0, 5, 16))
        );
        let hints = Hints {
            suffix: Some("missing"),
            ..Hints::default()
        };
        assert_eq!(
            resolve(&source, "text", &hints),
            Resolution::Exact(at(1, 14, 18))
        );
    }

    #[test]
    fn a_paragraph_past_the_end_is_stale_and_the_quote_is_searched_for() {
        let source = source(&[
            "The council met on Monday.",
            "It agreed to fund the new bridge over the river.",
        ]);
        let hints = pinned(5, 3, 48);
        assert_eq!(
            stale_hint(&source, &hints),
            Some(StaleHint::ParagraphPastEnd {
                paragraph: 5,
                paragraphs: 2
            })
        );
        let quote = "agreed to fund the new bridge over the river";
        assert_eq!(
            resolve(&source, quote, &hints),
            Resolution::Moved(at(1, 3, 47))
        );
        assert_eq!(
            resolve(
                &source,
                "agreed to fund a new bridge over the river",
                &hints
            ),
            Resolution::Drifted {
                location: at(1, 3, 47),
                errors: 3
            }
        );
        assert_eq!(
            resolve(&source, "declined every single proposal", &hints),
            Resolution::Broken
        );
    }

    #[test]
    fn offsets_past_the_end_of_their_paragraph_are_stale() {
        let source = source(&["It agreed to fund the new bridge.", "The council met."]);
        // Recorded at 60..74 of a paragraph since cut to 33 chars.
        let hints = pinned(0, 60, 74);
        assert_eq!(
            stale_hint(&source, &hints),
            Some(StaleHint::OffsetsPastEnd {
                paragraph: 0,
                end: 74,
                chars: 33
            })
        );
        // Not exact, even in the pinned paragraph.
        assert_eq!(
            resolve(&source, "the new bridge", &hints),
            Resolution::Moved(at(0, 18, 32))
        );
        assert_eq!(
            resolve(&source, "the new bridges", &hints),
            Resolution::Drifted {
                location: at(0, 18, 32),
                errors: 1
            }
        );
        assert_eq!(
            resolve(&source, "a tunnel instead", &hints),
            Resolution::Broken
        );
        // Pins that fit are not stale.
        assert_eq!(stale_hint(&source, &pinned(0, 18, 32)), None);
        assert_eq!(stale_hint(&source, &pinned(1, 0, 16)), None);
        assert_eq!(stale_hint(&source, &Hints::default()), None);
    }

    #[test]
    fn in_an_empty_article_every_quote_is_broken() {
        let source = source(&[]);
        assert_eq!(
            stale_hint(&source, &pinned(0, 0, 5)),
            Some(StaleHint::ParagraphPastEnd {
                paragraph: 0,
                paragraphs: 0
            })
        );
        for hints in [pinned(0, 0, 5), Hints::default()] {
            assert_eq!(resolve(&source, "quote", &hints), Resolution::Broken);
        }
        assert_eq!(exact_occurrences(&source, "quote"), []);
    }
}
