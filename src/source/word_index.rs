//! Where an exact quote can occur, found without scanning the article: the
//! places of the [`RUN`]-byte run that starts each word of the joined
//! normalized text, grouped by a hash of the run.
//!
//! A quote with a space at `i - 1` and [`RUN`] more bytes after it can only
//! occur at `c` if a word of the text starts at `c + i` with those bytes. So
//! the places of the quote's rarest such run, each moved back by `i`, are
//! every place it can be, and comparing the quote there finds every
//! occurrence: a run that hashes like another only adds places to compare,
//! never hides one. A quote without such a run is not served here; the
//! caller scans the text for it.
//!
//! Places are `u32`: a text of 4 GB or more is not indexed (see
//! [`WordIndex::of`]).

use super::byte_pair;

/// Bytes of a word's run: a word and a bit of the next, enough that most
/// runs are rare, short enough that most quotes of a few words have one.
pub const RUN: usize = 8;

#[derive(Debug, Clone)]
pub struct WordIndex {
    /// `places[offsets[h]..offsets[h + 1]]`: where the words whose run
    /// hashes to `h` start, in text order.
    offsets: Vec<u32>,
    places: Vec<u32>,
    /// `64 - log2(bucket count)`.
    shift: u32,
}

impl WordIndex {
    /// Indexes `text`, whose words are separated by a space or by
    /// `separator` (which no quote holds: no run that crosses it is kept).
    /// `None` when the text is too long for `u32` places.
    pub fn of(text: &[u8], separator: u8) -> Option<WordIndex> {
        if u32::try_from(text.len()).is_err() {
            return None;
        }
        let runs = || word_runs(text, separator);
        // Four to eight words per bucket: the buckets cost an eighth to a
        // quarter of the places (at two words a bucket they cost half to
        // as much: 17 MB of a 50 MB article), and a bucket's few extra
        // places are cheap to compare, once per quote.
        let buckets = (runs().count() / 8).next_power_of_two().max(1 << 10);
        let shift = 64 - buckets.trailing_zeros();
        // Counting sort by hash, as in the q-gram index: count, sum the
        // counts to where each bucket ends, then fill each bucket from its
        // end going backwards through the text, so that it holds its places
        // in text order and its offset is left where it starts.
        let mut offsets = vec![0u32; buckets + 1];
        for (_, run) in runs() {
            offsets[bucket(run, shift)] += 1;
        }
        let mut total = 0;
        for offset in &mut offsets {
            total += *offset;
            *offset = total;
        }
        let mut places = vec![0u32; total as usize];
        for (at, run) in runs().rev() {
            let h = bucket(run, shift);
            offsets[h] -= 1;
            // `at` fits: the text's length does.
            places[offsets[h] as usize] = at as u32;
        }
        Some(WordIndex {
            offsets,
            places,
            shift,
        })
    }

    /// The heap memory it holds.
    pub fn heap_bytes(&self) -> usize {
        (self.offsets.capacity() + self.places.capacity()) * size_of::<u32>()
    }

    /// Whether [`WordIndex::occurrences`] looks `needle` up (rather than
    /// saying `None`).
    pub fn serves(needle: &[u8]) -> bool {
        inner_runs(needle).next().is_some()
    }

    /// Every place of `needle` in `text` (the text this was built from),
    /// overlapping ones too, in text order; `None` when the needle has no
    /// run after an inner space to look up.
    pub fn occurrences(&self, text: &[u8], needle: &[u8]) -> Option<Vec<usize>> {
        let (i, h) = inner_runs(needle)
            .map(|(i, run)| (i, bucket(run, self.shift)))
            .min_by_key(|&(_, h)| self.offsets[h + 1] - self.offsets[h])?;
        let bucket = &self.places[self.offsets[h] as usize..self.offsets[h + 1] as usize];
        Some(
            bucket
                .iter()
                .filter_map(|&at| (at as usize).checked_sub(i))
                .filter(|&start| text.get(start..start + needle.len()) == Some(needle))
                .collect(),
        )
    }
}

/// Each word of `needle` after an inner space, with the run that begins it
/// (those too near the end have none): where a word of the text starts
/// wherever the needle occurs.
fn inner_runs(needle: &[u8]) -> impl Iterator<Item = (usize, u64)> + '_ {
    memchr::memchr_iter(b' ', needle)
        .map(|space| space + 1)
        .filter_map(|i| Some((i, run_at(needle, i)?)))
}

/// Each word start of `text` with the run that begins it, in text order
/// (or reversed): word starts are the text's start and every byte after a
/// space or `separator`; words too near the end, or whose run crosses a
/// separator, have none.
fn word_runs(text: &[u8], separator: u8) -> impl DoubleEndedIterator<Item = (usize, u64)> + '_ {
    std::iter::once(0)
        .chain(byte_pair::positions(text, b' ', separator).map(|edge| edge + 1))
        .filter_map(move |at| {
            let run = run_at(text, at)?;
            (!run.to_le_bytes().contains(&separator)).then_some((at, run))
        })
}

/// The [`RUN`] bytes of `text` from `at`, as one number.
fn run_at(text: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(text.get(at..at + RUN)?.try_into().ok()?))
}

/// Fibonacci hashing: the top bits of the product mix every byte.
fn bucket(run: u64, shift: u32) -> usize {
    (run.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> shift) as usize
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::WordIndex;

    /// What a scan finds: every place the needle starts, overlapping ones
    /// too.
    fn scanned(text: &[u8], needle: &[u8]) -> Vec<usize> {
        (0..text.len())
            .filter(|&at| text[at..].starts_with(needle))
            .collect()
    }

    #[test]
    fn finds_a_quote_by_its_rarest_word() {
        let text = b"the council agreed to fund the bridge\nthe council agreed again";
        let index = WordIndex::of(text, b'\n').expect("small text");
        assert_eq!(
            index.occurrences(text, b"the council agreed"),
            Some(vec![0, 38])
        );
        assert_eq!(
            index.occurrences(text, b"agreed to fund the"),
            Some(vec![12])
        );
        assert_eq!(
            index.occurrences(text, b"council declined to"),
            Some(vec![])
        );
        // No run after an inner space: not served here.
        assert_eq!(index.occurrences(text, b"council"), None);
        assert_eq!(index.occurrences(text, b"the bridge"), None);
    }

    #[test]
    fn no_place_crosses_a_separator() {
        let text = b"first paragraph\nsecond paragraph";
        let index = WordIndex::of(text, b'\n').expect("small text");
        assert_eq!(
            index.occurrences(text, b"first paragraph second"),
            Some(vec![])
        );
    }

    proptest! {
        /// The index finds what a scan finds, whenever it answers; and it
        /// answers whenever the needle has a run after an inner space.
        #[test]
        fn finds_what_a_scan_finds(
            words in prop::collection::vec("[ab]{1,5}|\n|  ", 0..80),
            from in 0.0..1.0f64,
            len in 0usize..24,
            made_up in "[ab ]{1,20}",
            drawn in any::<bool>(),
        ) {
            let text = words.join(" ");
            let bytes = text.as_bytes();
            let start = (from * bytes.len() as f64) as usize;
            let needle = if drawn {
                bytes[start..(start + len).min(bytes.len())].to_vec()
            } else {
                made_up.into_bytes()
            };
            // Normalized quotes hold no paragraph end.
            prop_assume!(!needle.contains(&b'\n'));
            let index = WordIndex::of(bytes, b'\n').expect("small text");
            let has_run = needle
                .iter()
                .enumerate()
                .any(|(i, &b)| b == b' ' && i + 1 + super::RUN <= needle.len());
            match index.occurrences(bytes, &needle) {
                Some(found) => prop_assert_eq!(found, scanned(bytes, &needle)),
                None => prop_assert!(!has_run, "{needle:?} has a run"),
            }
        }
    }
}
