//! Where in an article a near match of a quote can be, without scanning it:
//! a q-gram counting filter (Jokinen and Ukkonen's q-gram lemma, counted on
//! diagonals as SWIFT and QUASAR do).
//!
//! Each edit of a quote breaks at most [`Q`] of its runs of `Q` chars, so a
//! passage within `k` edits of an `m`-char quote keeps at least
//! `m + 1 - (k + 1) * Q` of the quote's runs, each at a different place and
//! all on `k + 1` neighbouring diagonals (a run of the quote at `i` found at
//! `j` in the text lies on diagonal `j - i`; each edit shifts it by one at
//! most). An index of every run of the text gives, for each run of the
//! quote, the places it occurs; they are counted per bin of diagonals, and
//! only where neighbouring bins hold enough of them is there anything to
//! compare. Runs that hash alike count as the same run: that can keep a
//! place needlessly, never drop one.
//!
//! Places are `u32`: a source of 4 G chars or more is not indexed right
//! (nor, at one paragraph, read in useful time).

use std::ops::Range;

thread_local! {
    /// The bins of the last count on this thread, kept for the next: on a
    /// big text they are megabytes, and fresh pages for every quote cost
    /// more (the kernel zeroes each) than clearing the ones already there.
    static SPARE_BINS: std::cell::RefCell<Vec<u32>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Chars per run: three keeps the threshold above zero for the contract's
/// edit budget (a quarter of the quote), where four would not.
pub const Q: usize = 3;

/// Left out of the count: the most common runs, as many as a third of the
/// threshold.
const LEFT_OUT: usize = 3;

#[derive(Debug, Clone)]
pub struct GramIndex {
    /// Where each paragraph starts, in chars of the whole text (each
    /// paragraph followed by one separating char, so no run crosses it);
    /// one more entry holds the text's length.
    starts: Vec<usize>,
    /// `positions[offsets[h]..offsets[h + 1]]`: where the runs hashing to
    /// `h` start, in text order.
    offsets: Vec<u32>,
    positions: Vec<u32>,
    /// `64 - log2(bucket count)`.
    shift: u32,
}

impl GramIndex {
    /// The heap memory it holds.
    pub fn heap_bytes(&self) -> usize {
        self.starts.capacity() * size_of::<usize>()
            + (self.offsets.capacity() + self.positions.capacity()) * size_of::<u32>()
    }

    /// Indexes `joined`, the paragraphs' normalized texts each followed by
    /// `separator`, which none of them holds.
    pub fn of(joined: &str, separator: char) -> GramIndex {
        let buckets = bucket_count(joined.len());
        let shift = 64 - buckets.trailing_zeros();
        // Where each paragraph starts, in chars of the whole text.
        let mut starts = vec![0];
        let mut chars = 0;
        for c in joined.chars() {
            chars += 1;
            if c == separator {
                starts.push(chars);
            }
        }
        if starts.last() != Some(&chars) {
            starts.push(chars);
        }
        // Counting sort of every run's place by its hash, the hashes worked
        // out twice rather than kept (4 bytes a char of fresh memory, which
        // cost more than hashing again): count each bucket, sum the counts
        // up to where each bucket ends, then fill each bucket from its end
        // going forwards through the text, which leaves its offset where it
        // starts and its places in reverse text order, put right after.
        let mut offsets = vec![0u32; buckets + 1];
        each_run(joined, separator, shift, |_, h| offsets[h] += 1);
        let mut total = 0;
        for offset in &mut offsets {
            total += *offset;
            *offset = total;
        }
        let mut positions = vec![0u32; total as usize];
        each_run(joined, separator, shift, |at, h| {
            offsets[h] -= 1;
            positions[offsets[h] as usize] = at as u32;
        });
        for bucket in offsets.windows(2) {
            positions[bucket[0] as usize..bucket[1] as usize].reverse();
        }
        GramIndex {
            starts,
            offsets,
            positions,
            shift,
        }
    }

    /// Where a passage within `bound` edits of `pattern` can be, most
    /// promising first; `None` when the lemma rules nothing out (a short
    /// pattern, or a bound near its length). Made as they are taken: a
    /// search takes the first few (once it has a match, only places with
    /// more runs can hold a better one), and a quote over a repetitive
    /// text can have thousands.
    pub fn places(
        &self,
        pattern: &[char],
        bound: usize,
    ) -> Option<impl Iterator<Item = Place> + '_> {
        let threshold = threshold(pattern.len(), bound)?;
        // The most common runs are left out, as long as most of the
        // threshold still has to be met by the others: they cost most of
        // the counting and tell least.
        let left_out = threshold / LEFT_OUT;
        let mut runs = self.runs(pattern);
        let kept = runs.len() - left_out.min(runs.len());
        rarest_first(&mut runs, kept);
        let needed = (threshold - left_out) as u32;
        let mut clusters = SPARE_BINS.with_borrow_mut(|spare| {
            let count = self.count(pattern.len(), bound, &runs[..kept], std::mem::take(spare));
            let clusters = self.qualifying(&count, needed, left_out);
            *spare = count.bins;
            clusters
        });
        // Stable: equal clusters stay in text order, and so do the places
        // each is cut into.
        clusters.sort_by_key(|&(_, hits)| std::cmp::Reverse(hits));
        Some(clusters.into_iter().flat_map(move |(window, hits)| {
            self.per_paragraph(window)
                .map(move |(paragraph, chars)| Place {
                    paragraph,
                    chars,
                    hits,
                })
        }))
    }

    /// The pattern's runs as (places in the text, offset, bucket).
    fn runs(&self, pattern: &[char]) -> Vec<(u32, usize, usize)> {
        pattern
            .windows(Q)
            .enumerate()
            .map(|(i, run)| {
                let h = bucket(run, self.shift);
                (self.offsets[h + 1] - self.offsets[h], i, h)
            })
            .collect()
    }

    /// How many of `runs` each diagonal bin holds: a run of the pattern at
    /// `i` and a place `j` of the text lie on diagonal `j - i` (offset by
    /// the pattern's length `m`).
    /// `bins` is a spare buffer to count in, of any length and content.
    fn count(
        &self,
        m: usize,
        bound: usize,
        runs: &[(u32, usize, usize)],
        mut bins: Vec<u32>,
    ) -> Count {
        // Bins of about half of `bound + 1` diagonals: narrow enough
        // that the bins a passage's diagonals span hold little beyond them,
        // few enough to sweep quickly.
        let shift = (bound + 1)
            .next_power_of_two()
            .trailing_zeros()
            .saturating_sub(1);
        let width = 1usize << shift;
        // A passage's runs lie on at most `bound + 1` neighbouring
        // diagonals (each edit shifts the diagonal by at most one), which
        // any `span` neighbouring bins hold, however they fall.
        let span = (bound + width).div_ceil(width);
        let text_len = self.text_len();
        bins.clear();
        bins.resize(((text_len + m) >> shift) + span + 1, 0);
        for &(_, i, h) in runs {
            // A run counts once per bin, however often it recurs there.
            let mut last = usize::MAX;
            for &j in &self.positions[self.offsets[h] as usize..self.offsets[h + 1] as usize] {
                let b = (j as usize + m - i) >> shift;
                if b != last {
                    bins[b] += 1;
                    last = b;
                }
            }
        }
        Count {
            bins,
            shift,
            span,
            m,
            bound,
        }
    }

    /// The stretches of the text where `span` neighbouring bins hold at
    /// least `needed` runs, overlapping ones merged, in text order; each
    /// with as many hits as its best bins, plus `left_out`.
    fn qualifying(
        &self,
        count: &Count,
        needed: u32,
        left_out: usize,
    ) -> Vec<(Range<usize>, usize)> {
        let mut clusters: Vec<(Range<usize>, u32)> = Vec::new();
        for (b, hits) in count.sums().enumerate() {
            if hits < needed {
                continue;
            }
            match clusters.last_mut() {
                Some((last, best)) if last.end + count.span > b => {
                    last.end = b + 1;
                    *best = (*best).max(hits);
                }
                _ => clusters.push((b..b + 1, hits)),
            }
        }
        clusters
            .into_iter()
            .map(|(bins, hits)| {
                // Diagonals from the first bin's start to the last bin's end
                // (offset by `m`): the passage starts within `bound` chars
                // of the lowest and ends within `m + bound` of the highest.
                let low = (bins.start << count.shift).saturating_sub(count.m + count.bound);
                let high = (((bins.end - 1 + count.span) << count.shift) + count.bound)
                    .min(self.text_len());
                (low..high, hits as usize + left_out)
            })
            .collect()
    }

    /// The whole text's length in chars, a separator after each paragraph.
    pub fn text_len(&self) -> usize {
        self.starts.last().copied().unwrap_or(0)
    }

    /// Text-wide char ranges cut at paragraph ends, in each paragraph's own
    /// chars.
    fn per_paragraph(
        &self,
        window: Range<usize>,
    ) -> impl Iterator<Item = (usize, Range<usize>)> + '_ {
        let first = self.starts.partition_point(|&s| s <= window.start) - 1;
        (first..self.starts.len() - 1)
            .take_while(move |&p| self.starts[p] < window.end)
            .filter_map(move |p| {
                // The paragraph's own chars, without its separator.
                let (start, end) = (self.starts[p], self.starts[p + 1] - 1);
                let from = window.start.max(start);
                let to = window.end.min(end);
                (from < to).then(|| (p, from - start..to - start))
            })
    }
}

/// Diagonal bins and how many runs each holds.
struct Count {
    bins: Vec<u32>,
    /// Bins of `1 << shift` diagonals.
    shift: u32,
    /// How many neighbouring bins any passage's diagonals fall in.
    span: usize,
    m: usize,
    bound: usize,
}

impl Count {
    /// The runs in each `span` neighbouring bins, by first bin.
    fn sums(&self) -> impl Iterator<Item = u32> + '_ {
        let first: u32 = self.bins[..self.span].iter().sum();
        let slides = self.bins.iter().zip(&self.bins[self.span..]);
        std::iter::once(first).chain(slides.scan(first, |sum, (out, into)| {
            *sum = *sum - out + into;
            Some(*sum)
        }))
    }
}

/// Calls `f(at, bucket)` for the run of [`Q`] chars starting at each char
/// `at` of `joined` where a whole run fits before the paragraph's end.
fn each_run(joined: &str, separator: char, shift: u32, mut f: impl FnMut(usize, usize)) {
    let (mut packed, mut run) = (0u64, 0usize);
    for (i, c) in joined.chars().enumerate() {
        if c == separator {
            (packed, run) = (0, 0);
            continue;
        }
        packed = (packed << CHAR_BITS | c as u64) & RUN_MASK;
        run += 1;
        if run >= Q {
            f(i + 1 - Q, hash(packed, shift));
        }
    }
}

/// Buckets for a text of `len` bytes: about one per sixteen. English text
/// has far fewer distinct runs of three (8,371 in the 3 M-char benchmark
/// text, which gets 262,144 buckets), so few of them share a bucket, and
/// the buckets cost a sixteenth of the places (at one per four chars, a
/// quarter: 4 MB of a 3 MB article).
fn bucket_count(len: usize) -> usize {
    (len / 16).next_power_of_two().max(1 << 14)
}

/// Puts the `kept` rarest of `runs` first.
fn rarest_first(runs: &mut [(u32, usize, usize)], kept: usize) {
    if kept < runs.len() {
        runs.select_nth_unstable(kept);
    }
}

/// The runs of its own an `m`-char pattern's passage within `bound` edits
/// keeps at least: `None` if it may keep none.
pub fn threshold(m: usize, bound: usize) -> Option<usize> {
    (m + 1).checked_sub((bound + 1) * Q).filter(|&t| t > 0)
}

/// A stretch of one paragraph that may hold a near match.
#[derive(Debug)]
pub struct Place {
    pub paragraph: usize,
    /// In the paragraph's normalized chars.
    pub chars: Range<usize>,
    /// How many of the pattern's runs it may hold, at most: a passage here
    /// within `bound` edits needs `threshold(m, bound)` of them.
    pub hits: usize,
}

/// Bits per char in a packed run: every `char` fits in 21.
const CHAR_BITS: u32 = 21;

/// A run of [`Q`] chars packed into one number.
const RUN_MASK: u64 = (1 << (CHAR_BITS as usize * Q)) - 1;

/// The bucket of a run of [`Q`] chars among `2^(64 - shift)`.
fn bucket(run: &[char], shift: u32) -> usize {
    hash(
        run.iter().fold(0, |acc, &c| (acc << CHAR_BITS) | c as u64),
        shift,
    )
}

/// The bucket of a packed run: Fibonacci hashing, whose top bits mix every
/// char.
fn hash(packed: u64, shift: u32) -> usize {
    (packed.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> shift) as usize
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::threshold;
    use crate::myers;
    use crate::source::{Source, SourceKind};

    /// The index as first built, keeping every char's hash: the oracle of
    /// the build that works them out twice.
    fn reference_of(joined: &str, separator: char) -> (Vec<usize>, Vec<u32>, Vec<u32>) {
        use super::{CHAR_BITS, Q, RUN_MASK, hash};
        /// Marks a place where no run starts.
        const NO_RUN: u32 = u32::MAX;
        let buckets = super::bucket_count(joined.len());
        let shift = 64 - buckets.trailing_zeros();
        // The hash of the run starting at each char, NO_RUN where none does
        // (a paragraph's last chars, and its separator), in one pass.
        let mut hashes: Vec<u32> = Vec::with_capacity(joined.len());
        let mut starts = vec![0];
        let (mut packed, mut run) = (0u64, 0usize);
        for c in joined.chars() {
            if c == separator {
                hashes.extend(std::iter::repeat_n(NO_RUN, run.min(Q - 1) + 1));
                starts.push(hashes.len());
                (packed, run) = (0, 0);
                continue;
            }
            packed = (packed << CHAR_BITS | c as u64) & RUN_MASK;
            run += 1;
            if run >= Q {
                hashes.push(hash(packed, shift) as u32);
            }
        }
        if run > 0 {
            hashes.extend(std::iter::repeat_n(NO_RUN, run.min(Q - 1)));
            starts.push(hashes.len());
        }
        // Counting sort of every run's place by its hash: count each
        // bucket, sum the counts up to where each bucket ends, then fill
        // each bucket from its end (going backwards through the text, so
        // that it holds its places in text order), which leaves its offset
        // where it starts.
        let mut offsets = vec![0u32; buckets + 1];
        for &h in hashes.iter().filter(|&&h| h != NO_RUN) {
            offsets[h as usize] += 1;
        }
        let mut total = 0;
        for offset in &mut offsets {
            total += *offset;
            *offset = total;
        }
        let mut positions = vec![0u32; total as usize];
        for (at, &h) in hashes
            .iter()
            .enumerate()
            .rev()
            .filter(|(_, h)| **h != NO_RUN)
        {
            offsets[h as usize] -= 1;
            positions[offsets[h as usize] as usize] = at as u32;
        }
        (starts, offsets, positions)
    }

    fn chars(text: &str) -> Vec<char> {
        text.chars().collect()
    }

    #[test]
    fn a_quote_with_a_word_changed_is_the_most_promising_place() {
        let source = Source::parse(
            "Snow fell over the valley all night, and by dawn every road into \
             town was closed; schools stayed shut and buses did not run.\n\
             Critics said the library had cost far more than planned.\n\
             Farmers brought their cattle down from the high pastures early, \
             weeks before the first frost was expected in October."
                .into(),
            SourceKind::PlainText,
        );
        let quote = chars("the library had cost much more than planned");
        let places: Vec<_> = source
            .index()
            .grams()
            .places(&quote, quote.len() / 4)
            .expect("long enough to filter")
            .collect();
        // The place reaches a little into the paragraphs around: the bins
        // leave slack on either side.
        let best = places.iter().find(|p| p.paragraph == 1).expect("a place");
        assert_eq!(best.hits, places[0].hits, "{places:?}");
        let text = &source.paragraphs[1].normalized().char_index().chars;
        let found: String = text[best.chars.clone()].iter().collect();
        assert!(
            found.contains("the library had cost far more than planned"),
            "{found}"
        );
        let searched: usize = places.iter().map(|p| p.chars.len()).sum();
        let text: usize = source.paragraphs.iter().map(|p| p.char_len()).sum();
        assert!(searched < text / 2, "{places:?}");
    }

    #[test]
    fn a_text_without_the_quotes_runs_has_no_places() {
        let source = Source::parse(
            "Snow fell over the valley all night.\nBy dawn the roads were closed.".into(),
            SourceKind::PlainText,
        );
        let quote = chars("quarterly budget approved unanimously");
        let grams = source.index().grams();
        let places = grams.places(&quote, quote.len() / 4);
        assert_eq!(places.expect("long enough to filter").count(), 0);
    }

    #[test]
    fn a_quote_too_short_for_its_budget_is_not_filtered() {
        let source = Source::parse("abc def".into(), SourceKind::PlainText);
        // 8 chars with 2 edits: three runs of three may all be broken.
        assert!(
            source
                .index()
                .grams()
                .places(&chars("abc defg"), 2)
                .is_none()
        );
        assert_eq!(threshold(8, 2), None);
        assert_eq!(threshold(100, 25), Some(23));
    }

    /// Paragraphs of short words over a small alphabet, so that runs recur
    /// everywhere, and a quote cut from one of them and edited.
    fn case() -> impl Strategy<Value = (String, Vec<char>, usize, usize)> {
        let paragraph =
            prop::collection::vec("[abc]{1,4}|[“—é]", 1..60).prop_map(|words| words.join(" "));
        (
            prop::collection::vec(paragraph, 1..6),
            any::<prop::sample::Index>(),
            0.0..1.0f64,
            10usize..80,
            prop::collection::vec((any::<prop::sample::Index>(), 0u8..3), 0..12),
            0.0..=1.0f64,
        )
            .prop_map(|(paragraphs, which, from, len, edits, tighter)| {
                let text: Vec<char> = paragraphs[which.index(paragraphs.len())].chars().collect();
                let start = (from * text.len() as f64) as usize;
                let mut quote: Vec<char> = text[start..(start + len).min(text.len())].to_vec();
                for (at, kind) in edits {
                    if quote.is_empty() {
                        break;
                    }
                    let i = at.index(quote.len());
                    match kind {
                        0 => quote[i] = 'x',
                        1 => {
                            quote.remove(i);
                        }
                        _ => quote.insert(i, 'y'),
                    }
                }
                let bound = quote.len() / 4;
                let tighter = (tighter * bound as f64) as usize;
                (paragraphs.join("\n"), quote, bound, tighter)
            })
    }

    proptest! {
        /// Built without keeping each char's hash, the index is the one
        /// that kept them.
        #[test]
        fn the_index_is_the_reference_one(
            paragraphs in prop::collection::vec("[abc é“]{0,40}", 0..8),
            trailing in any::<bool>(),
        ) {
            let mut joined = paragraphs.join("\n");
            if trailing && !joined.is_empty() {
                joined.push('\n');
            }
            let index = super::GramIndex::of(&joined, '\n');
            let (starts, offsets, positions) = reference_of(&joined, '\n');
            prop_assert_eq!(&index.starts, &starts);
            prop_assert_eq!(&index.offsets, &offsets);
            prop_assert_eq!(&index.positions, &positions);
        }
    }

    proptest! {
        /// Every passage within the bound (and within any tighter bound)
        /// lies inside a place that counts enough runs for it: filtering
        /// never loses a match.
        #[test]
        fn every_near_passage_is_inside_a_place((text, quote, bound, tighter) in case()) {
            let source = Source::parse(text, SourceKind::PlainText);
            let grams = source.index().grams();
            let Some(places) = grams.places(&quote, bound) else {
                return Ok(());
            };
            let places: Vec<_> = places.collect();
            // Most hits first.
            prop_assert!(places.windows(2).all(|w| w[0].hits >= w[1].hits), "{places:?}");
            for k in [bound, tighter] {
                let Some(needed) = threshold(quote.len(), k) else { continue };
                for paragraph in &source.paragraphs {
                    let text = &paragraph.normalized().char_index().chars;
                    for m in myers::find(text, &quote, k) {
                        let covered = places.iter().any(|place| {
                            place.paragraph == paragraph.index
                                && place.chars.start <= m.start
                                && m.end <= place.chars.end
                                && place.hits >= needed
                        });
                        prop_assert!(covered, "{m:?} in p{} with bound {k}: {places:?}", paragraph.index);
                    }
                }
            }
        }
    }
}
