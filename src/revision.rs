//! Revisions: how the paragraphs of an old article line up with a new one,
//! and where a span of the old article went (CONTRACT §7).
//!
//! Unchanged paragraphs are paired first, by fingerprint, in order (a
//! patience diff) and then out of order (a paragraph that moved). What is
//! left is paired by similarity inside each gap between unchanged ones, so a
//! reworded paragraph reads as `edited`; a new paragraph that is mostly the
//! text of an old one is the other half of a split. All comparisons are on
//! normalized text, so a change of typography alone is not an edit.
//!
//! Pairing a gap does not compare every old paragraph with every new one
//! (a copy-edited article is one gap of all its paragraphs). It is a set
//! similarity join by prefix filtering: two paragraphs similar enough to
//! pair share at least a third of the new one's words (four fifths for a
//! split or merge), so by pigeonhole the old one holds one of the new one's
//! rarest two thirds (one fifth), and an index of the gap's words by
//! paragraph gives the candidates. Only candidates whose shared words could
//! reach the threshold are diffed. Then pairs are taken best-first as
//! before, and the result is that of comparing all pairs (`Limits` bound
//! the work on a large gap: a word too common is not looked up, the
//! candidates sharing most words are kept, and the old paragraphs around
//! where a new one is expected are always compared with it).

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

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
    /// For each old paragraph, the indices in `pairs` of its pairs.
    by_old: Vec<Vec<usize>>,
    /// Each pair's char diff, made when a span is first mapped through it.
    char_diffs: Vec<OnceLock<Vec<DiffOp>>>,
}

/// Two edited paragraphs are paired when their word-level similarity is at
/// least this.
const EDIT_SIMILARITY: f32 = 0.5;
/// A paragraph with no partner is part of a split (or merge) when at least
/// this share of its words stands in one paragraph of the other revision.
const SPLIT_CONTAINMENT: f32 = 0.8;

/// One gap between unchanged paragraphs: its unpaired old and new
/// paragraphs, in order.
type Gap = (Vec<usize>, Vec<usize>);

/// Pairs the paragraphs of the gaps, filling in both partner tables.
type PairGaps<'a> = &'a dyn Fn(
    &Source,
    &Source,
    &[Gap],
    &mut [Option<usize>],
    &mut [Option<usize>],
    &mut Vec<ParagraphPair>,
);

impl Alignment {
    pub fn new(old: &Source, new: &Source) -> Alignment {
        align(old, new, &|old,
                          new,
                          gaps,
                          old_partner,
                          new_partner,
                          pairs| {
            pair_gaps(old, new, gaps, &LIMITS, old_partner, new_partner, pairs)
        })
    }

    /// Where in `pairs` the pairs an old paragraph takes part in are.
    fn pairs_of_old(&self, old: usize) -> &[usize] {
        self.by_old.get(old).map_or(&[][..], Vec::as_slice)
    }
}

fn align(old: &Source, new: &Source, pair_gaps: PairGaps) -> Alignment {
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
    moved_whole(
        &old_fp,
        &new_fp,
        &mut old_partner,
        &mut new_partner,
        &mut pairs,
    );
    drop((old_fp, new_fp));
    // 3. Edited paragraphs, splits and merges, gap by gap.
    let gaps: Vec<Gap> = gaps
        .into_iter()
        .map(|(old_range, new_range)| {
            (
                old_range.filter(|&i| old_partner[i].is_none()).collect(),
                new_range.filter(|&j| new_partner[j].is_none()).collect(),
            )
        })
        .filter(|(olds, news): &Gap| !olds.is_empty() && !news.is_empty())
        .collect();
    pair_gaps(
        old,
        new,
        &gaps,
        &mut old_partner,
        &mut new_partner,
        &mut pairs,
    );
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
    sort_in_reading_order(&mut pairs, old.paragraphs.len());
    // Where each old paragraph's pairs are, so mapping a span does not
    // scan every pair.
    let mut by_old: Vec<Vec<usize>> = vec![Vec::new(); old.paragraphs.len()];
    for (k, pair) in pairs.iter().enumerate() {
        if let Some(slot) = pair.old.and_then(|i| by_old.get_mut(i)) {
            slot.push(k);
        }
    }
    let char_diffs = pairs.iter().map(|_| OnceLock::new()).collect();
    Alignment {
        pairs,
        by_old,
        char_diffs,
    }
}

/// Pairs the unpaired paragraphs that stand unchanged elsewhere in the
/// other revision, each old one with the first such new one; its map goes
/// before the edited paragraphs are paired.
fn moved_whole(
    old_fp: &[u64],
    new_fp: &[u64],
    old_partner: &mut [Option<usize>],
    new_partner: &mut [Option<usize>],
    pairs: &mut Vec<ParagraphPair>,
) {
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

/// How much work pairing may do per paragraph in a large gap. Below these
/// the candidate index finds every pair the all-pairs comparison would.
pub(crate) struct Limits {
    /// Old paragraphs within this many places of where a new paragraph is
    /// expected (by its place in the gap) are always compared with it.
    pub window: usize,
    /// A word in more paragraphs of the gap than this is too common to
    /// find candidates by.
    pub postings: usize,
    /// Paragraphs sharing rare words with a new one that are compared with
    /// it, those sharing the most first.
    pub candidates: usize,
}

/// Tight enough that a copy-edited article of 64,000 short paragraphs still
/// pairs every one (the window finds what common words hide); a gap of
/// fewer than 16 paragraphs is never cut short (the oracle test's are).
pub(crate) const LIMITS: Limits = Limits {
    window: 4,
    postings: 32,
    candidates: 16,
};

/// Each paragraph's words as ids shared by both revisions: comparing
/// paragraphs compares integers and allocates nothing.
struct Words {
    /// Each word once: the paragraphs' normalized texts are read once, not
    /// kept (they were as much again as the two revisions).
    ids: HashMap<Box<str>, u32>,
}

impl Words {
    fn of(&mut self, text: &str) -> Vec<u32> {
        text.split_whitespace()
            .map(|word| match self.ids.get(word) {
                Some(&id) => id,
                None => {
                    let id = self.ids.len() as u32;
                    self.ids.insert(word.into(), id);
                    id
                }
            })
            .collect()
    }
}

/// The paragraphs of one side of a gap, indexed by their words: a word's
/// k-th occurrence in a paragraph is its own token, so that shared tokens
/// count the words two paragraphs have in common (as multisets).
struct Side {
    words: Vec<Vec<u32>>,
    /// Each paragraph's tokens, sorted (see [`GapTokens`]).
    tokens: Vec<Vec<u32>>,
    /// `places[offsets[t]..offsets[t + 1]]`: the paragraphs holding token
    /// `t`, in order (tokens past the end: none).
    offsets: Vec<u32>,
    places: Vec<u32>,
    /// Paragraphs with no words (an empty one is like another empty one).
    empty: Vec<u32>,
}

impl Side {
    fn new(words: Vec<Vec<u32>>, tokens: Vec<Vec<u32>>, token_count: usize) -> Side {
        // Counting sort by token, as in the word index: count, sum to where
        // each token's postings end, then fill from the last paragraph back,
        // leaving each offset where its postings start.
        let mut offsets = vec![0u32; token_count + 1];
        let mut empty = Vec::new();
        for (at, paragraph) in tokens.iter().enumerate() {
            if paragraph.is_empty() {
                empty.push(at as u32);
            }
            for &token in paragraph {
                offsets[token as usize] += 1;
            }
        }
        let mut total = 0;
        for offset in &mut offsets {
            total += *offset;
            *offset = total;
        }
        let mut places = vec![0u32; total as usize];
        for (at, paragraph) in tokens.iter().enumerate().rev() {
            for &token in paragraph {
                let end = &mut offsets[token as usize];
                *end -= 1;
                places[*end as usize] = at as u32;
            }
        }
        Side {
            words,
            tokens,
            offsets,
            places,
            empty,
        }
    }

    fn postings(&self, token: u32) -> &[u32] {
        let t = token as usize;
        match (self.offsets.get(t), self.offsets.get(t + 1)) {
            (Some(&from), Some(&to)) => &self.places[from as usize..to as usize],
            _ => &[],
        }
    }

    /// The paragraphs of this side that can have `need` tokens of `probe`
    /// in common with it. By pigeonhole, such a paragraph holds one of any
    /// `probe.len() - need + 1` of them: the rarest are looked up. Within
    /// `limits` the answer is complete; past them, those sharing the most.
    fn candidates(
        &self,
        probe: &[u32],
        need: usize,
        limits: &Limits,
        hits: &mut Counter,
    ) -> Candidates {
        if probe.is_empty() {
            return Candidates {
                found: self.empty.iter().map(|&at| (at, 0)).collect(),
                unseen: 0,
            };
        }
        let mut rarest: Vec<(usize, u32)> = probe
            .iter()
            .map(|&token| (self.postings(token).len(), token))
            .collect();
        rarest.sort_unstable();
        let looked_up = probe.len() + 1 - need.clamp(1, probe.len());
        let mut seen = 0;
        for &(count, token) in &rarest[..looked_up] {
            if count > limits.postings {
                break;
            }
            for &at in self.postings(token) {
                hits.add(at);
            }
            seen += 1;
        }
        let mut found = hits.take();
        if found.len() > limits.candidates {
            found.select_nth_unstable_by_key(limits.candidates, |&(at, n)| {
                (std::cmp::Reverse(n), at)
            });
            found.truncate(limits.candidates);
        }
        Candidates {
            found,
            unseen: probe.len() - seen,
        }
    }
}

/// The tokens of a gap's paragraphs, both sides numbered alike: a token
/// is the rank of `(word << 32) | k` among the gap's distinct ones, so it
/// fits a `u32`, its postings are a slice of one array (a map of a vector
/// per token was most of a big diff's memory), and tokens sort as the
/// pairs they stand for (ties among the rarest break as they did).
struct GapTokens {
    olds: Vec<Vec<u32>>,
    news: Vec<Vec<u32>>,
    count: usize,
}

impl GapTokens {
    fn of(olds: &[Vec<u32>], news: &[Vec<u32>]) -> GapTokens {
        let mut ids: HashMap<u64, u32> = HashMap::new();
        let mut keys: Vec<u64> = Vec::new();
        let mut number = |words: &[u32]| -> Vec<u32> {
            tokens(words)
                .into_iter()
                .map(|key| {
                    *ids.entry(key).or_insert_with(|| {
                        keys.push(key);
                        (keys.len() - 1) as u32
                    })
                })
                .collect()
        };
        let mut olds: Vec<Vec<u32>> = olds.iter().map(|w| number(w)).collect();
        let mut news: Vec<Vec<u32>> = news.iter().map(|w| number(w)).collect();
        // Renumbered by key: each paragraph's list, sorted by key, stays
        // sorted.
        let mut order: Vec<u32> = (0..keys.len() as u32).collect();
        order.sort_unstable_by_key(|&id| keys[id as usize]);
        let mut rank = vec![0u32; keys.len()];
        for (r, &id) in order.iter().enumerate() {
            rank[id as usize] = r as u32;
        }
        for token in olds.iter_mut().chain(news.iter_mut()).flatten() {
            *token = rank[*token as usize];
        }
        GapTokens {
            olds,
            news,
            count: keys.len(),
        }
    }
}

/// Paragraphs with the number of the probe's tokens looked up that each
/// holds; `unseen` tokens were not looked up. So a candidate shares at most
/// `hits + unseen` tokens with the probe: most are ruled out without
/// comparing their tokens.
struct Candidates {
    found: Vec<(u32, u32)>,
    unseen: usize,
}

fn tokens(words: &[u32]) -> Vec<u64> {
    let mut sorted = words.to_vec();
    sorted.sort_unstable();
    let mut tokens = Vec::with_capacity(sorted.len());
    let mut k = 0u64;
    for (n, &word) in sorted.iter().enumerate() {
        k = if n > 0 && sorted[n - 1] == word {
            k + 1
        } else {
            0
        };
        tokens.push((u64::from(word) << 32) | k);
    }
    tokens.sort_unstable();
    tokens
}

/// The tokens two sorted token lists share: a bound on the words their
/// diff can keep.
fn shared(a: &[u32], b: &[u32]) -> usize {
    let (mut x, mut y, mut n) = (0, 0, 0);
    while x < a.len() && y < b.len() {
        match a[x].cmp(&b[y]) {
            std::cmp::Ordering::Less => x += 1,
            std::cmp::Ordering::Greater => y += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                x += 1;
                y += 1;
            }
        }
    }
    n
}

/// Hit counts per paragraph, reused across lookups.
struct Counter {
    counts: Vec<u32>,
    touched: Vec<u32>,
}

impl Counter {
    fn new(len: usize) -> Counter {
        Counter {
            counts: vec![0; len],
            touched: Vec::new(),
        }
    }

    fn add(&mut self, at: u32) {
        let count = &mut self.counts[at as usize];
        if *count == 0 {
            self.touched.push(at);
        }
        *count += 1;
    }

    fn take(&mut self) -> Vec<(u32, u32)> {
        let found = self
            .touched
            .iter()
            .map(|&at| (at, std::mem::take(&mut self.counts[at as usize])))
            .collect();
        self.touched.clear();
        found
    }
}

/// The fewest words in common a pair needs to be similar enough to pair
/// (`EDIT_SIMILARITY`), knowing only the new paragraph's `len`: with `m`
/// words kept, `2m / (old + len) >= 1/2` and `m <= old` give `m >= len / 3`.
fn edit_need(len: usize) -> usize {
    len / 3
}

/// The fewest of `len` words that must stand in the other paragraph for a
/// split or merge (`SPLIT_CONTAINMENT`): four fifths.
fn split_need(len: usize) -> usize {
    len * 4 / 5
}

fn pair_gaps(
    old: &Source,
    new: &Source,
    gaps: &[Gap],
    limits: &Limits,
    old_partner: &mut [Option<usize>],
    new_partner: &mut [Option<usize>],
    pairs: &mut Vec<ParagraphPair>,
) {
    let mut words = Words {
        ids: HashMap::new(),
    };
    for (olds, news) in gaps {
        let old_words: Vec<Vec<u32>> = olds
            .iter()
            .map(|&i| words.of(&old.paragraphs[i].normalized_text_unkept()))
            .collect();
        let new_words: Vec<Vec<u32>> = news
            .iter()
            .map(|&j| words.of(&new.paragraphs[j].normalized_text_unkept()))
            .collect();
        let tokens = GapTokens::of(&old_words, &new_words);
        let olds_side = Side::new(old_words, tokens.olds, tokens.count);
        let news_side = Side::new(new_words, tokens.news, tokens.count);
        pair_edited(
            olds,
            news,
            &olds_side,
            &news_side,
            limits,
            old_partner,
            new_partner,
            pairs,
        );
    }
}

/// The pairs of one gap: edited paragraphs best-first by similarity, then
/// splits and merges. Each paragraph is compared only with the candidates
/// the other side's index gives for it, plus those around where it is
/// expected, so the work per paragraph is bounded.
#[allow(clippy::too_many_arguments)]
fn pair_edited(
    olds: &[usize],
    news: &[usize],
    olds_side: &Side,
    news_side: &Side,
    limits: &Limits,
    old_partner: &mut [Option<usize>],
    new_partner: &mut [Option<usize>],
    pairs: &mut Vec<ParagraphPair>,
) {
    let mut old_hits = Counter::new(olds.len());
    let mut new_hits = Counter::new(news.len());
    // Best-first greedy pairing by similarity; places in the gap, which
    // order as the paragraphs do (a gap's lists are in order).
    let mut scored: Vec<(f32, u32, u32)> = Vec::new();
    let mut compared = vec![usize::MAX; olds.len()];
    for (q, probe) in news_side.tokens.iter().enumerate() {
        let candidates = olds_side.candidates(probe, edit_need(probe.len()), limits, &mut old_hits);
        let expected = (q as u128 * olds.len() as u128 / news.len() as u128) as usize;
        let window =
            expected.saturating_sub(limits.window)..(expected + limits.window + 1).min(olds.len());
        let found = candidates
            .found
            .iter()
            .map(|&(p, hits)| (p as usize, hits as usize + candidates.unseen));
        // Around the expected place, the shared tokens are not known yet.
        for (p, most) in found.chain(window.map(|p| (p, usize::MAX))) {
            if std::mem::replace(&mut compared[p], q) == q {
                continue;
            }
            let (a, b) = (&olds_side.words[p], &news_side.words[q]);
            // The diff keeps at most the words both have: skip pairs that
            // cannot reach the threshold without diffing them.
            let enough = |shared: usize| shared.saturating_mul(4) >= a.len() + b.len();
            if !enough(most) || !enough(shared(&olds_side.tokens[p], probe)) {
                continue;
            }
            let ratio = similarity(a, b);
            if ratio >= EDIT_SIMILARITY {
                scored.push((ratio, p as u32, q as u32));
            }
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut marks = Marks::new(pairs);
    for (_, p, q) in scored {
        let (i, j) = (olds[p as usize], news[q as usize]);
        if old_partner[i].is_none() && new_partner[j].is_none() {
            old_partner[i] = Some(j);
            new_partner[j] = Some(i);
            pairs.push(edited(i, j, None));
        }
    }
    // A new paragraph left over that is mostly one old paragraph's words is
    // the other half of a split; the reverse is a merge. The first such
    // paragraph in the gap, as when all were tried in order.
    for (q, &j) in news.iter().enumerate() {
        if new_partner[j].is_some() {
            continue;
        }
        let part = &news_side.words[q];
        let need = split_need(part.len());
        let found = first_containing(
            part,
            &news_side.tokens[q],
            need,
            olds_side,
            limits,
            &mut old_hits,
        );
        if let Some(p) = found {
            let i = olds[p];
            new_partner[j] = Some(i);
            marks.split.push(i);
            pairs.push(edited(i, j, Some("split")));
            old_partner[i].get_or_insert(j);
        }
    }
    for (p, &i) in olds.iter().enumerate() {
        if old_partner[i].is_some() {
            continue;
        }
        let part = &olds_side.words[p];
        let need = split_need(part.len());
        let found = first_containing(
            part,
            &olds_side.tokens[p],
            need,
            news_side,
            limits,
            &mut new_hits,
        );
        if let Some(q) = found {
            let j = news[q];
            old_partner[i] = Some(j);
            marks.merged.push(j);
            pairs.push(edited(i, j, Some("merged")));
            new_partner[j].get_or_insert(i);
        }
    }
    marks.apply(pairs);
}

/// The old paragraphs one gap split and the new ones it merged into: once
/// the gap is paired, every pair it made of each is marked so. Marked as
/// they are found, each would need a scan of every pair (quadratic) or a
/// map of each paragraph's pairs (which cost more than the pairs did).
struct Marks {
    /// Where the gap's pairs begin in `pairs`.
    from: usize,
    split: Vec<usize>,
    merged: Vec<usize>,
}

impl Marks {
    fn new(pairs: &[ParagraphPair]) -> Marks {
        Marks {
            from: pairs.len(),
            split: Vec::new(),
            merged: Vec::new(),
        }
    }

    /// Splits first: a pair of a split paragraph that a merge took part in
    /// too ends `merged`, as when each was marked as it was found.
    fn apply(mut self, pairs: &mut [ParagraphPair]) {
        self.split.sort_unstable();
        self.merged.sort_unstable();
        let made = &mut pairs[self.from..];
        for pair in made.iter_mut() {
            if pair
                .old
                .is_some_and(|i| self.split.binary_search(&i).is_ok())
            {
                pair.note = Some("split");
            }
        }
        for pair in made.iter_mut() {
            if pair
                .new
                .is_some_and(|j| self.merged.binary_search(&j).is_ok())
            {
                pair.note = Some("merged");
            }
        }
    }
}

/// The first paragraph of `side` (in gap order) that holds, in order, a
/// `SPLIT_CONTAINMENT` share of `part`'s words.
fn first_containing(
    part: &[u32],
    part_tokens: &[u32],
    need: usize,
    side: &Side,
    limits: &Limits,
    hits: &mut Counter,
) -> Option<usize> {
    if part.is_empty() {
        return None;
    }
    let candidates = side.candidates(part_tokens, need, limits, hits);
    let mut found: Vec<usize> = candidates
        .found
        .iter()
        .filter(|&&(_, hits)| hits as usize + candidates.unseen >= need)
        .map(|&(p, _)| p as usize)
        .collect();
    found.sort_unstable();
    found.into_iter().find(|&p| {
        shared(&side.tokens[p], part_tokens) >= need
            && containment(part, &side.words[p]) >= SPLIT_CONTAINMENT
    })
}

fn edited(old: usize, new: usize, note: Option<&'static str>) -> ParagraphPair {
    ParagraphPair {
        old: Some(old),
        new: Some(new),
        change: ParagraphChange::Edited,
        note,
    }
}

/// Similarity of two paragraphs by their words, 0 to 1.
fn similarity(a: &[u32], b: &[u32]) -> f32 {
    let ops = capture_diff_slices(Algorithm::Myers, a, b);
    similar::diff_ratio(&ops, a.len(), b.len())
}

/// The share of `part`'s words that stand, in order, in `whole`.
fn containment<T: Eq + std::hash::Hash>(part: &[T], whole: &[T]) -> f32 {
    if part.is_empty() {
        return 0.0;
    }
    let kept: usize = capture_diff_slices(Algorithm::Myers, whole, part)
        .iter()
        .filter(|op| op.tag() == DiffTag::Equal)
        .map(|op| op.new_range().len())
        .sum();
    kept as f32 / part.len() as f32
}

/// New paragraphs in order; a removed one right after the new position of
/// the old paragraph before it.
fn sort_in_reading_order(pairs: &mut [ParagraphPair], old_len: usize) {
    let mut new_of_old: Vec<Option<usize>> = vec![None; old_len];
    for pair in pairs.iter() {
        if let (Some(i), Some(j)) = (pair.old, pair.new)
            && let Some(slot) = new_of_old.get_mut(i)
        {
            *slot = Some(slot.map_or(j, |s| s.max(j)));
        }
    }
    // The new position of the nearest paired old paragraph before each
    // one, in one pass (a search per removed paragraph is quadratic).
    let mut before: Vec<Option<usize>> = Vec::with_capacity(old_len);
    let mut last = None;
    for of_old in &new_of_old {
        before.push(last);
        last = of_old.or(last);
    }
    let key = |pair: &ParagraphPair| -> (usize, usize, usize) {
        match (pair.new, pair.old) {
            (Some(j), old) => (j, 1, old.unwrap_or(0)),
            (None, Some(i)) => match before.get(i).copied().flatten() {
                Some(j) => (j, 2, i),
                None => (0, 0, i),
            },
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
    for &k in alignment.pairs_of_old(span.paragraph) {
        let Some(j) = alignment.pairs[k].new else {
            continue;
        };
        let (old_paragraph, new_paragraph) = (&old.paragraphs[span.paragraph], &new.paragraphs[j]);
        // A paragraph's char diff is made once, however many spans it holds.
        let ops = alignment.char_diffs[k].get_or_init(|| char_diff(old_paragraph, new_paragraph));
        let mapped = map_in_paragraph(old_paragraph, new_paragraph, ops, span);
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

/// The char-level diff of two paragraphs' normalized text.
fn char_diff(old: &Paragraph, new: &Paragraph) -> Vec<DiffOp> {
    let old_seq: Vec<char> = old.normalized().as_str().chars().collect();
    let new_seq: Vec<char> = new.normalized().as_str().chars().collect();
    capture_diff_slices(Algorithm::Myers, &old_seq, &new_seq)
}

fn map_in_paragraph(
    old: &Paragraph,
    new: &Paragraph,
    ops: &[DiffOp],
    span: Location,
) -> SpanChange {
    let old_norm = old.normalized().as_str();
    let new_norm = new.normalized().as_str();
    let from = old.normalized().normalized_offset(span.start);
    let to = old.normalized().normalized_offset(span.end).max(from);
    // Normalized char indices of the span.
    let chars_before = |end: usize| {
        old_norm
            .char_indices()
            .take_while(|&(b, _)| b < end)
            .count()
    };
    let (a, b) = (chars_before(from), chars_before(to));
    let mut unchanged = true;
    let mut new_start = None;
    let mut new_end = 0;
    for op in ops {
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
    let byte = |k: usize| {
        new_norm
            .char_indices()
            .nth(k)
            .map_or(new_norm.len(), |(b, _)| b)
    };
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

/// The all-pairs pairing this module used before the candidate index: the
/// oracle the index must agree with.
#[cfg(test)]
mod reference {
    use super::*;

    pub fn pair_gaps(
        old: &Source,
        new: &Source,
        gaps: &[Gap],
        old_partner: &mut [Option<usize>],
        new_partner: &mut [Option<usize>],
        pairs: &mut Vec<ParagraphPair>,
    ) {
        for (olds, news) in gaps {
            pair_edited(old, new, olds, news, old_partner, new_partner, pairs);
        }
    }

    pub fn align(old: &Source, new: &Source) -> Alignment {
        super::align(old, new, &pair_gaps)
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

    fn mark_note(
        pairs: &mut [ParagraphPair],
        which: impl Fn(&ParagraphPair) -> bool,
        note: &'static str,
    ) {
        for pair in pairs.iter_mut().filter(|p| which(p)) {
            pair.note = Some(note);
        }
    }

    fn word_similarity(a: &str, b: &str) -> f32 {
        let (a, b) = (words(a), words(b));
        let ops = capture_diff_slices(Algorithm::Myers, &a, &b);
        similar::diff_ratio(&ops, a.len(), b.len())
    }

    fn containment(part: &str, whole: &str) -> f32 {
        super::containment(&words(part), &words(whole))
    }

    fn words(text: &str) -> Vec<&str> {
        text.split_whitespace().collect()
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
            alternatives: Box::default(),
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

    /// A small revision made by a seeded generator: paragraphs of a few
    /// words from a tiny vocabulary (so that many pairs look alike), then
    /// edited, cut, inserted, split, merged and moved at random.
    fn random_revision(seed: u64) -> (String, String) {
        let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        let mut next = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let vocab = [
            "ash", "birch", "cedar", "dogwood", "elm", "fir", "gum", "hazel",
        ];
        let paragraph = |next: &mut dyn FnMut(usize) -> usize| -> Vec<&str> {
            (0..1 + next(9)).map(|_| vocab[next(vocab.len())]).collect()
        };
        let old: Vec<Vec<&str>> = (0..1 + next(14)).map(|_| paragraph(&mut next)).collect();
        let mut new: Vec<Vec<&str>> = Vec::new();
        for p in &old {
            match next(8) {
                0 => {}
                1 => {
                    new.push(paragraph(&mut next));
                    new.push(p.clone());
                }
                2 if p.len() > 1 => {
                    let at = 1 + next(p.len() - 1);
                    new.push(p[..at].to_vec());
                    new.push(p[at..].to_vec());
                }
                3 if !new.is_empty() => {
                    let last = new.len() - 1;
                    new[last].extend(p.iter().copied());
                }
                4 | 5 => {
                    let mut p = p.clone();
                    for _ in 0..1 + next(2) {
                        let at = next(p.len());
                        match next(3) {
                            0 => p[at] = vocab[next(vocab.len())],
                            1 => p.insert(at, vocab[next(vocab.len())]),
                            _ if p.len() > 1 => {
                                p.remove(at);
                            }
                            _ => {}
                        }
                    }
                    new.push(p);
                }
                _ => new.push(p.clone()),
            }
        }
        if new.len() > 2 && next(3) == 0 {
            let from = next(new.len());
            let moved = new.remove(from);
            let to = next(new.len());
            new.insert(to, moved);
        }
        let text = |ps: &[Vec<&str>]| {
            ps.iter()
                .map(|p| p.join(" "))
                .collect::<Vec<_>>()
                .join("\n\n")
        };
        (text(&old), text(&new))
    }

    fn same_alignment(a: &Alignment, b: &Alignment) -> bool {
        a.pairs == b.pairs
    }

    #[test]
    fn the_candidate_index_pairs_as_all_pairs_did() {
        let mut seen: HashMap<(&str, Option<&str>), usize> = HashMap::new();
        for seed in 0..3000 {
            let (old, new) = random_revision(seed);
            let (old, new) = (source(&old), source(&new));
            let expected = reference::align(&old, &new);
            for pair in &expected.pairs {
                *seen.entry((pair.change.as_str(), pair.note)).or_default() += 1;
            }
            assert!(
                same_alignment(&Alignment::new(&old, &new), &expected),
                "seed {seed}: {:?}",
                expected.pairs
            );
            // The index alone, with no window to lean on, finds them too.
            let index_only = Limits {
                window: 0,
                ..LIMITS
            };
            let alone = align(&old, &new, &|old, new, gaps, op, np, pairs| {
                pair_gaps(old, new, gaps, &index_only, op, np, pairs)
            });
            assert!(same_alignment(&alone, &expected), "seed {seed}, no window");
        }
        // The revisions exercise every kind of pairing.
        for kind in [
            ("edited", None),
            ("edited", Some("split")),
            ("edited", Some("merged")),
            ("moved", None),
            ("added", None),
            ("removed", None),
        ] {
            assert!(
                seen.get(&kind).copied().unwrap_or(0) > 100,
                "{kind:?}: {seen:?}"
            );
        }
    }

    #[test]
    fn a_copy_edited_revision_pairs_every_paragraph_as_edited() {
        // Every paragraph has one word changed; none is unchanged, so the
        // whole article is one gap.
        let paragraph = |k: usize, changed: bool| {
            let mut words: Vec<String> = (0..12)
                .map(|w| format!("w{}", (k * 7 + w * 13) % 500))
                .collect();
            words.push(format!("n{k}"));
            if changed {
                words[k % 12] = format!("edit{k}");
            }
            words.join(" ")
        };
        let n = 2000;
        let text = |changed: bool| {
            (0..n)
                .map(|k| paragraph(k, changed))
                .collect::<Vec<_>>()
                .join("\n\n")
        };
        let (old, new) = (source(&text(false)), source(&text(true)));
        let alignment = Alignment::new(&old, &new);
        assert_eq!(alignment.pairs.len(), n);
        for (k, pair) in alignment.pairs.iter().enumerate() {
            assert_eq!(
                (pair.old, pair.new, pair.change, pair.note),
                (Some(k), Some(k), ParagraphChange::Edited, None)
            );
        }
    }
}
