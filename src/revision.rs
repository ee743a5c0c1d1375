//! Revisions: how the paragraphs of an old article line up with a new one,
//! and where a span of the old article went (CONTRACT §7).
//!
//! Unchanged paragraphs are paired first, by fingerprint, in order (a
//! patience diff) and then out of order (a paragraph that moved). What is
//! left is paired by similarity inside each gap between unchanged ones, so a
//! reworded paragraph reads as `edited`; a new paragraph that is mostly the
//! text of an old one is the other half of a split. All comparisons are on
//! normalized text, so a change of typography alone is not an edit.

use std::collections::HashMap;
use std::ops::Range;

use serde::Serialize;
use similar::{Algorithm, DiffOp, DiffTag, capture_diff_slices};

use crate::annotation::Evidence;
use crate::matching::{self, Hints, Location, Resolution};
use crate::myers;
use crate::normalize::normalize;
use crate::source::{Paragraph, Source};

/// What a revision did to a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ParagraphChange {
    Same,
    Moved,
    Edited,
    Added,
    Removed,
}

impl ParagraphChange {
    pub fn as_str(self) -> &'static str {
        match self {
            ParagraphChange::Same => "same",
            ParagraphChange::Moved => "moved",
            ParagraphChange::Edited => "edited",
            ParagraphChange::Added => "added",
            ParagraphChange::Removed => "removed",
        }
    }
}

/// One line of the alignment: an old paragraph, a new one, or a pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParagraphPair {
    pub old: Option<usize>,
    pub new: Option<usize>,
    pub change: ParagraphChange,
    /// An edited pair that is one part of a paragraph split in several
    /// (`split`) or several joined into one (`merged`).
    pub note: Option<&'static str>,
}

/// The paragraph alignment between two revisions.
#[derive(Debug, Clone)]
pub struct Alignment {
    /// In reading order of the new revision; removed paragraphs stand where
    /// they stood.
    pub pairs: Vec<ParagraphPair>,
}

/// Two edited paragraphs are paired when their word-level similarity is at
/// least this.
const EDIT_SIMILARITY: f32 = 0.5;
/// A paragraph with no partner is part of a split (or merge) when at least
/// this share of its words stands in one paragraph of the other revision.
const SPLIT_CONTAINMENT: f32 = 0.8;

impl Alignment {
    pub fn new(old: &Source, new: &Source) -> Alignment {
        let old_fp: Vec<u64> = old
            .paragraphs
            .iter()
            .map(Paragraph::fingerprint_value)
            .collect();
        let new_fp: Vec<u64> = new
            .paragraphs
            .iter()
            .map(Paragraph::fingerprint_value)
            .collect();
        let mut old_partner: Vec<Option<usize>> = vec![None; old_fp.len()];
        let mut new_partner: Vec<Option<usize>> = vec![None; new_fp.len()];
        let mut pairs = Vec::new();
        let mut gaps: Vec<(Range<usize>, Range<usize>)> = Vec::new();

        // 1. Unchanged paragraphs, in order.
        for op in capture_diff_slices(Algorithm::Patience, &old_fp, &new_fp) {
            match op {
                DiffOp::Equal {
                    old_index,
                    new_index,
                    len,
                } => {
                    for k in 0..len {
                        old_partner[old_index + k] = Some(new_index + k);
                        new_partner[new_index + k] = Some(old_index + k);
                        pairs.push(unchanged(old_index + k, new_index + k));
                    }
                }
                other => {
                    let (_, old_range, new_range) = other.as_tag_tuple();
                    gaps.push((old_range, new_range));
                }
            }
        }
        // 2. Unchanged paragraphs that moved out of order.
        let mut unpaired_new: HashMap<u64, Vec<usize>> = HashMap::new();
        for (j, fp) in new_fp.iter().enumerate().rev() {
            if new_partner[j].is_none() {
                unpaired_new.entry(*fp).or_default().push(j);
            }
        }
        for (i, fp) in old_fp.iter().enumerate() {
            if old_partner[i].is_none()
                && let Some(j) = unpaired_new.get_mut(fp).and_then(Vec::pop)
            {
                old_partner[i] = Some(j);
                new_partner[j] = Some(i);
                pairs.push(unchanged(i, j));
            }
        }
        // 3. Edited paragraphs, splits and merges, gap by gap.
        for (old_range, new_range) in gaps {
            let olds: Vec<usize> = old_range.filter(|&i| old_partner[i].is_none()).collect();
            let news: Vec<usize> = new_range.filter(|&j| new_partner[j].is_none()).collect();
            pair_edited(
                old,
                new,
                &olds,
                &news,
                &mut old_partner,
                &mut new_partner,
                &mut pairs,
            );
        }
        // 4. The rest were added or removed.
        for (j, partner) in new_partner.iter().enumerate() {
            if partner.is_none() {
                pairs.push(ParagraphPair {
                    old: None,
                    new: Some(j),
                    change: ParagraphChange::Added,
                    note: None,
                });
            }
        }
        for (i, partner) in old_partner.iter().enumerate() {
            if partner.is_none() {
                pairs.push(ParagraphPair {
                    old: Some(i),
                    new: None,
                    change: ParagraphChange::Removed,
                    note: None,
                });
            }
        }
        sort_in_reading_order(&mut pairs);
        Alignment { pairs }
    }

    /// The pairs an old paragraph takes part in.
    pub fn of_old(&self, old: usize) -> impl Iterator<Item = &ParagraphPair> {
        self.pairs.iter().filter(move |p| p.old == Some(old))
    }
}

fn unchanged(old: usize, new: usize) -> ParagraphPair {
    ParagraphPair {
        old: Some(old),
        new: Some(new),
        change: if old == new {
            ParagraphChange::Same
        } else {
            ParagraphChange::Moved
        },
        note: None,
    }
}

fn pair_edited(
    old: &Source,
    new: &Source,
    olds: &[usize],
    news: &[usize],
    old_partner: &mut [Option<usize>],
    new_partner: &mut [Option<usize>],
    pairs: &mut Vec<ParagraphPair>,
) {
    let text_of = |s: &Source, i: usize| s.paragraphs[i].normalized().as_str().to_owned();
    // Best-first greedy pairing by similarity.
    let mut scored: Vec<(f32, usize, usize)> = Vec::new();
    for &i in olds {
        for &j in news {
            let ratio = word_similarity(&text_of(old, i), &text_of(new, j));
            if ratio >= EDIT_SIMILARITY {
                scored.push((ratio, i, j));
            }
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (_, i, j) in scored {
        if old_partner[i].is_none() && new_partner[j].is_none() {
            old_partner[i] = Some(j);
            new_partner[j] = Some(i);
            pairs.push(edited(i, j, None));
        }
    }
    // A new paragraph left over that is mostly one old paragraph's words is
    // the other half of a split; the reverse is a merge.
    for &j in news {
        if new_partner[j].is_some() {
            continue;
        }
        if let Some(&i) = olds
            .iter()
            .find(|&&i| containment(&text_of(new, j), &text_of(old, i)) >= SPLIT_CONTAINMENT)
        {
            new_partner[j] = Some(i);
            mark_note(pairs, |p| p.old == Some(i), "split");
            pairs.push(edited(i, j, Some("split")));
            old_partner[i].get_or_insert(j);
        }
    }
    for &i in olds {
        if old_partner[i].is_some() {
            continue;
        }
        if let Some(&j) = news
            .iter()
            .find(|&&j| containment(&text_of(old, i), &text_of(new, j)) >= SPLIT_CONTAINMENT)
        {
            old_partner[i] = Some(j);
            mark_note(pairs, |p| p.new == Some(j), "merged");
            pairs.push(edited(i, j, Some("merged")));
            new_partner[j].get_or_insert(i);
        }
    }
}

fn edited(old: usize, new: usize, note: Option<&'static str>) -> ParagraphPair {
    ParagraphPair {
        old: Some(old),
        new: Some(new),
        change: ParagraphChange::Edited,
        note,
    }
}

fn mark_note(
    pairs: &mut [ParagraphPair],
    which: impl Fn(&ParagraphPair) -> bool,
    note: &'static str,
) {
    for pair in pairs.iter_mut().filter(|p| which(p)) {
        pair.note = Some(note);
    }
}

/// Similarity of two texts by their words (spaces do not count), 0 to 1.
fn word_similarity(a: &str, b: &str) -> f32 {
    let (a, b) = (words(a), words(b));
    let ops = capture_diff_slices(Algorithm::Myers, &a, &b);
    similar::diff_ratio(&ops, a.len(), b.len())
}

/// The share of `part`'s words that stand, in order, in `whole`.
fn containment(part: &str, whole: &str) -> f32 {
    let (part, whole) = (words(part), words(whole));
    if part.is_empty() {
        return 0.0;
    }
    let kept: usize = capture_diff_slices(Algorithm::Myers, &whole, &part)
        .iter()
        .filter(|op| op.tag() == DiffTag::Equal)
        .map(|op| op.new_range().len())
        .sum();
    kept as f32 / part.len() as f32
}

fn words(text: &str) -> Vec<&str> {
    text.split_whitespace().collect()
}

/// New paragraphs in order; a removed one right after the new position of
/// the old paragraph before it.
fn sort_in_reading_order(pairs: &mut [ParagraphPair]) {
    let mut new_of_old: HashMap<usize, usize> = HashMap::new();
    for pair in pairs.iter() {
        if let (Some(i), Some(j)) = (pair.old, pair.new) {
            let slot = new_of_old.entry(i).or_insert(j);
            *slot = (*slot).max(j);
        }
    }
    let key = |pair: &ParagraphPair| -> (usize, usize, usize) {
        match (pair.new, pair.old) {
            (Some(j), old) => (j, 1, old.unwrap_or(0)),
            (None, Some(i)) => {
                let before = (0..i).rev().find_map(|k| new_of_old.get(&k));
                match before {
                    Some(&j) => (j, 2, i),
                    None => (0, 0, i),
                }
            }
            (None, None) => (usize::MAX, 0, 0),
        }
    };
    pairs.sort_by_key(key);
}

/// What a revision did to one span of the old article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpanChange {
    /// Same text, same address.
    Same(Location),
    /// Same text, another address.
    Moved(Location),
    /// The text itself changed; where its remains are now.
    Edited(Location),
    /// No longer there.
    Removed,
}

impl SpanChange {
    pub fn as_str(&self) -> &'static str {
        match self {
            SpanChange::Same(_) => "same",
            SpanChange::Moved(_) => "moved",
            SpanChange::Edited(_) => "edited",
            SpanChange::Removed => "removed",
        }
    }

    /// Ordering for "the worst over its evidence".
    pub fn rank(&self) -> u8 {
        match self {
            SpanChange::Same(_) => 0,
            SpanChange::Moved(_) => 1,
            SpanChange::Edited(_) => 2,
            SpanChange::Removed => 3,
        }
    }

    pub fn location(&self) -> Option<Location> {
        match self {
            SpanChange::Same(l) | SpanChange::Moved(l) | SpanChange::Edited(l) => Some(*l),
            SpanChange::Removed => None,
        }
    }
}

/// Maps a span of `old` through the alignment and the in-paragraph diff.
pub fn map_span(alignment: &Alignment, old: &Source, new: &Source, span: Location) -> SpanChange {
    let mut best: Option<SpanChange> = None;
    for pair in alignment.of_old(span.paragraph) {
        let Some(j) = pair.new else { continue };
        let mapped = map_in_paragraph(&old.paragraphs[span.paragraph], &new.paragraphs[j], span);
        let better = match (&best, &mapped) {
            (_, SpanChange::Removed) => false,
            (None, _) => true,
            (Some(b), m) => m.rank() < b.rank(),
        };
        if better {
            best = Some(mapped);
        }
    }
    best.unwrap_or(SpanChange::Removed)
}

fn map_in_paragraph(old: &Paragraph, new: &Paragraph, span: Location) -> SpanChange {
    let old_norm = old.normalized().as_str();
    let new_norm = new.normalized().as_str();
    let from = old.normalized().normalized_offset(span.start);
    let to = old.normalized().normalized_offset(span.end).max(from);
    let old_chars: Vec<(usize, char)> = old_norm.char_indices().collect();
    let new_chars: Vec<(usize, char)> = new_norm.char_indices().collect();
    let old_seq: Vec<char> = old_chars.iter().map(|&(_, c)| c).collect();
    let new_seq: Vec<char> = new_chars.iter().map(|&(_, c)| c).collect();
    // Normalized char indices of the span.
    let a = old_chars.partition_point(|&(b, _)| b < from);
    let b = old_chars.partition_point(|&(b, _)| b < to);
    let ops = capture_diff_slices(Algorithm::Myers, &old_seq, &new_seq);
    let mut unchanged = true;
    let mut new_start = None;
    let mut new_end = 0;
    for op in &ops {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        let overlap = old_range.start.max(a)..old_range.end.min(b);
        let touches = overlap.start < overlap.end
            || (tag == DiffTag::Insert && old_range.start > a && old_range.start < b);
        if !touches {
            continue;
        }
        match tag {
            DiffTag::Equal => {
                let shift = |k: usize| new_range.start + (k - old_range.start);
                new_start.get_or_insert(shift(overlap.start));
                new_end = shift(overlap.end);
            }
            DiffTag::Insert => {
                unchanged = false;
                new_start.get_or_insert(new_range.start);
                new_end = new_range.end;
            }
            DiffTag::Delete => {
                unchanged = false;
                new_start.get_or_insert(new_range.start);
                new_end = new_end.max(new_range.start);
            }
            DiffTag::Replace => {
                unchanged = false;
                new_start.get_or_insert(new_range.start);
                new_end = new_range.end;
            }
        }
    }
    let Some(new_start) = new_start.filter(|&s| s < new_end) else {
        return SpanChange::Removed;
    };
    let byte = |k: usize| new_chars.get(k).map_or(new_norm.len(), |&(b, _)| b);
    let original = new
        .normalized()
        .original_range(byte(new_start)..byte(new_end));
    let location = Location {
        paragraph: new.index,
        start: original.start,
        end: original.end,
    };
    if !unchanged {
        SpanChange::Edited(location)
    } else if location == span {
        SpanChange::Same(location)
    } else {
        SpanChange::Moved(location)
    }
}

/// How an evidence span was placed in the new revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// Through the paragraph alignment and the in-paragraph diff.
    Diff,
    /// By searching the new revision (the diff could not place it).
    Search,
}

/// Resolves `evidence`, recorded against `old`, in `new`: the span is found
/// in OLD, carried through the diff, and only what the diff cannot place is
/// searched for. An exact copy of the quote still beats a near match.
///
/// The old revision carries a span across only once its hints have decided
/// which span it is: evidence ambiguous in OLD is resolved in NEW by its
/// hints alone, as if checked against NEW directly (CONTRACT §2), so it
/// stays ambiguous, with NEW's count, unless they decide there.
pub fn resolve_across(
    alignment: &Alignment,
    old: &Source,
    new: &Source,
    evidence: &Evidence,
) -> (Resolution, Placement) {
    let quote = &evidence.quote.value;
    let recorded = Hints::of(evidence);
    let search = || (matching::resolve(new, quote, &recorded), Placement::Search);
    let in_old = matching::resolve(old, quote, &recorded);
    let decided = !matches!(in_old, Resolution::Ambiguous { .. });
    let Some(at) = in_old.location().filter(|_| decided) else {
        return search();
    };
    match map_span(alignment, old, new, at) {
        SpanChange::Same(now) | SpanChange::Moved(now) => {
            // The diff says where this very occurrence went: that decides
            // between copies, and the recorded hints decide exact or moved.
            let hints = Hints {
                paragraph: Some(now.paragraph),
                offsets: Some(crate::annotation::Offsets {
                    start: now.start,
                    end: now.end,
                }),
                ..Hints::default()
            };
            match matching::resolve(new, quote, &hints) {
                Resolution::Exact(found) | Resolution::Moved(found) if found == now => {
                    let resolution = if matching::agrees(new, &recorded, &now) {
                        Resolution::Exact(now)
                    } else {
                        Resolution::Moved(now)
                    };
                    (resolution, Placement::Diff)
                }
                _ => search(),
            }
        }
        SpanChange::Edited(now) => {
            let direct = matching::resolve(new, quote, &recorded);
            if !matches!(direct, Resolution::Drifted { .. } | Resolution::Broken) {
                return (direct, Placement::Search);
            }
            let pattern: Vec<char> = normalize(quote).chars().collect();
            let paragraph = &new.paragraphs[now.paragraph];
            let found: Vec<char> = normalize(paragraph.slice_chars(now.chars()))
                .chars()
                .collect();
            let errors = myers::distance(&pattern, &found);
            if errors <= matching::max_errors(pattern.len()) {
                (
                    Resolution::Drifted {
                        location: now,
                        errors,
                    },
                    Placement::Diff,
                )
            } else {
                (direct, Placement::Search)
            }
        }
        SpanChange::Removed => search(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceKind;

    fn source(text: &str) -> Source {
        Source::parse(text.to_owned(), SourceKind::PlainText)
    }

    fn changes(alignment: &Alignment) -> Vec<(Option<usize>, Option<usize>, &'static str)> {
        alignment
            .pairs
            .iter()
            .map(|p| {
                (
                    p.old.map(|i| i + 1),
                    p.new.map(|j| j + 1),
                    p.change.as_str(),
                )
            })
            .collect()
    }

    #[test]
    fn aligns_every_kind_of_edit() {
        let old = source(
            "Alpha paragraph stays put.\n\
             Bravo paragraph will be reworded a little today.\n\
             Charlie paragraph is cut.\n\
             Delta first sentence here. Delta second sentence there.\n\
             Echo with “curly” quotes.\n",
        );
        let new = source(
            "Alpha paragraph stays put.\n\
             Bravo paragraph was reworded a little today.\n\
             A brand new paragraph appears.\n\
             Delta first sentence here.\n\
             Delta second sentence there.\n\
             Echo with \"curly\" quotes.\n",
        );
        let alignment = Alignment::new(&old, &new);
        assert_eq!(
            changes(&alignment),
            [
                (Some(1), Some(1), "same"),
                (Some(2), Some(2), "edited"),
                (Some(3), None, "removed"),
                (None, Some(3), "added"),
                (Some(4), Some(4), "edited"),
                (Some(4), Some(5), "edited"),
                (Some(5), Some(6), "moved"),
            ]
        );
        assert_eq!(alignment.pairs[4].note, Some("split"));
    }

    fn evidence(quote: &str, suffix: Option<&str>) -> Evidence {
        let spanned = |value: &str| crate::annotation::Spanned {
            value: value.to_owned(),
            span: 0..0,
        };
        Evidence {
            quote: spanned(quote),
            paragraph: None,
            offsets: None,
            offset_value_spans: None,
            prefix: None,
            suffix: suffix.map(spanned),
            position: None,
            quote_from_position: false,
            within: None,
            alternatives: Vec::new(),
            span: 0..0,
        }
    }

    #[test]
    fn evidence_ambiguous_in_the_old_revision_stays_ambiguous_in_the_new() {
        let old = source("The council met.\nThe council agreed.\n");
        let new =
            source("A new opening.\nThe council met.\nThe council agreed. The council left.\n");
        let alignment = Alignment::new(&old, &new);
        let at = |paragraph, start, end| Location {
            paragraph,
            start,
            end,
        };
        // Twice in OLD, three times in NEW: ambiguous, counted in NEW, as
        // when checking NEW directly.
        let quote = evidence("The council", None);
        let (resolution, placement) = resolve_across(&alignment, &old, &new, &quote);
        assert_eq!(
            resolution,
            Resolution::Ambiguous {
                first: at(1, 0, 11),
                count: 3
            }
        );
        assert_eq!(
            resolution,
            matching::resolve(&new, "The council", &Hints::default())
        );
        assert_eq!(placement, Placement::Search);
        // A suffix that decides in OLD picks one copy there, which the diff
        // carries to NEW.
        let quote = evidence("The council", Some(" agreed."));
        assert_eq!(
            resolve_across(&alignment, &old, &new, &quote),
            (Resolution::Exact(at(2, 0, 11)), Placement::Diff)
        );
    }

    #[test]
    fn maps_spans_through_edits() {
        let old = source("One two three four five six.\nLeft alone.\n");
        let new = source("Zero. One two THREE four five six.\nLeft alone.\n");
        let alignment = Alignment::new(&old, &new);
        let at = |p, start, end| Location {
            paragraph: p,
            start,
            end,
        };
        // "five six" is untouched but shifted by "Zero. ".
        assert_eq!(
            map_span(&alignment, &old, &new, at(0, 19, 27)),
            SpanChange::Moved(at(0, 25, 33))
        );
        // "two three" changed.
        assert_eq!(
            map_span(&alignment, &old, &new, at(0, 4, 13)),
            SpanChange::Edited(at(0, 10, 19))
        );
        assert_eq!(
            map_span(&alignment, &old, &new, at(1, 0, 4)),
            SpanChange::Same(at(1, 0, 4))
        );
    }
}
