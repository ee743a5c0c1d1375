//! An article's normalized text in one piece, for searching every
//! paragraph at once, and a quick, lossless test that a quote does *not*
//! occur in it, so that most drifted quotes skip the exact search.
//!
//! Every run of [`GRAM`] bytes that follows or precedes a space in the
//! normalized text is hashed into a bit set. A quote that occurs somewhere
//! has each of its own runs next to its inner spaces there, next to the same
//! spaces; so if one of them is missing from the set, the quote is nowhere.
//! A hash collision can make the test say "maybe" wrongly, never "absent"
//! wrongly.

use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use memchr::{memchr_iter, memmem};
use rayon::prelude::*;

use super::Paragraph;
use super::byte_pair;
use super::gram_index::GramIndex;
use super::word_index::WordIndex;

/// Bytes per hashed run: two or three words, rare enough in a large article
/// that a changed word leaves some run of the quote absent.
const GRAM: usize = 16;

/// Bits in the set per hashed run: with one hash, a run absent from the
/// article is mistaken for present 1 time in 8 or less.
const BITS_PER_RUN: usize = 8;

/// Ends each paragraph in the joined text. Normalized text never holds it
/// (every whitespace run becomes one space), so no match crosses it.
const PARAGRAPH_END: u8 = b'\n';

/// Whole-text scans for exact quotes before the word index is built: it
/// costs about as much as this many scans (on the 3 M-char benchmark text,
/// 11 ms against 0.12 ms a scan), so a run with few unpinned quotes never
/// builds it, and one with many pays for it once.
const SCANS_BEFORE_WORD_INDEX: usize = 100;

/// Near searches of the whole text run by scanning it before the q-gram
/// index is built: the index holds 5.6 bytes a char (57 MB of a 10 MB
/// article) and costs about a scan to build (on the 3 M-char benchmark
/// text, a scan for a drifted quote takes ~35 ms), so a run with one quote
/// found nowhere near its pins scans for it, and one with more pays for
/// the index once.
const NEAR_SCANS_BEFORE_GRAMS: usize = 1;

#[derive(Debug)]
pub struct TextIndex {
    /// Every paragraph's normalized text, in order, each followed by
    /// [`PARAGRAPH_END`]. Shared with the paragraphs normalized once it is
    /// built ([`TextIndex::share_paragraph`]): the article's normalized
    /// text is held once, not once here and once per paragraph.
    joined: Arc<String>,
    /// Where each paragraph starts in `joined`.
    starts: Vec<usize>,
    /// What serves searches of the joined text, built as they need it and
    /// let go of when no claim is being judged against the article
    /// ([`IndexCell::searching`]): a report needs the text, not its indexes.
    search: Mutex<Arc<Search>>,
}

/// The structures that serve searches, each built on first need.
#[derive(Debug, Default)]
struct Search {
    /// The hashed runs next to spaces, for [`TextIndex::may_contain`].
    runs: OnceLock<RunSet>,
    /// Built on first use, for near searches of the whole text.
    grams: OnceLock<Arc<GramIndex>>,
    /// Built once enough quotes were looked for by scanning the whole text
    /// (`None`: too long a text for it).
    words: OnceLock<Option<Arc<WordIndex>>>,
    scans: AtomicUsize,
    near_scans: AtomicUsize,
}

impl Search {
    /// Whether exact quotes are looked up in the word index now: it is
    /// built, or enough scans were counted for it to be built at the next.
    fn word_index_due(&self) -> bool {
        match self.words.get() {
            Some(words) => words.is_some(),
            None => self.scans.load(Ordering::Relaxed) >= SCANS_BEFORE_WORD_INDEX,
        }
    }

    /// Counts one whole-text scan for an exact quote; whether the word
    /// index should serve it instead ([`Search::word_index_due`], counting
    /// this one).
    fn count_scan(&self) -> bool {
        self.scans.fetch_add(1, Ordering::Relaxed) >= SCANS_BEFORE_WORD_INDEX
    }

    /// The heap memory the built structures hold.
    fn heap_bytes(&self) -> usize {
        self.runs.get().map_or(0, |runs| runs.bits.len() * 8)
            + self.grams.get().map_or(0, |grams| grams.heap_bytes())
            + self
                .words
                .get()
                .and_then(Option::as_deref)
                .map_or(0, WordIndex::heap_bytes)
    }
}

#[derive(Debug)]
struct RunSet {
    bits: Vec<u64>,
    /// `64 - log2(bit count)`: hashing keeps the top bits of a product.
    shift: u32,
}

/// Where an article's index is once built, and how many judgings of
/// claims against the article are under way: the article and its
/// paragraphs share it.
#[derive(Debug, Default)]
pub struct IndexCell {
    index: OnceLock<TextIndex>,
    judging: AtomicUsize,
}

impl IndexCell {
    pub fn get(&self) -> Option<&TextIndex> {
        self.index.get()
    }

    pub fn get_or_init(&self, build: impl FnOnce() -> TextIndex) -> &TextIndex {
        self.index.get_or_init(build)
    }

    /// Keeps the search indexes built while the value lives; once no
    /// judging needs them they are let go, and a later search builds what
    /// it needs again. A search outside one works the same.
    pub fn searching(&self) -> Searching<'_> {
        self.judging.fetch_add(1, Ordering::AcqRel);
        Searching(self)
    }
}

/// While it lives, the indexes built for searching a text are kept: the
/// last one dropped lets them go (see `Source::searching`).
pub struct Searching<'a>(&'a IndexCell);

impl Drop for Searching<'_> {
    fn drop(&mut self) {
        if self.0.judging.fetch_sub(1, Ordering::AcqRel) == 1
            && let Some(index) = self.0.get()
        {
            index.release_search();
        }
    }
}

impl TextIndex {
    /// Normalizes every paragraph (in parallel) and indexes the whole text.
    pub fn of(paragraphs: &[Paragraph]) -> TextIndex {
        // A chunk of paragraphs at a time, normalized in parallel and
        // copied in: the paragraphs do not keep their normalized text too,
        // so the article's text is held once more here, not twice.
        // Normalizing rarely lengthens a text, and capacity never written
        // costs no memory: one allocation, no copy as it grows.
        let mut joined =
            String::with_capacity(paragraphs.iter().map(|p| p.text.len() + 1).sum::<usize>() + 64);
        let mut starts = Vec::with_capacity(paragraphs.len());
        for chunk in paragraphs.chunks(1024) {
            let texts: Vec<_> = chunk
                .par_iter()
                .map(|p| p.normalized_text_unkept())
                .collect();
            for text in texts {
                starts.push(joined.len());
                joined.push_str(&text);
                joined.push(char::from(PARAGRAPH_END));
            }
        }
        TextIndex {
            joined: Arc::new(joined),
            starts,
            search: Mutex::new(Arc::default()),
        }
    }

    /// Lets go of every search index (a search under way keeps the ones it
    /// holds until it ends).
    fn release_search(&self) {
        let released = std::mem::take(&mut *self.search.lock().unwrap_or_else(|e| e.into_inner()));
        // Freed here unless a search outside a judging still holds it.
        if let Some(search) = Arc::into_inner(released) {
            let bytes = search.heap_bytes();
            drop(search);
            crate::memory::freed(bytes);
        }
    }

    /// The search structures as they are now.
    fn search_now(&self) -> Arc<Search> {
        Arc::clone(&self.search.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// The whole text's q-gram index: where a near match can be.
    pub fn grams(&self) -> Arc<GramIndex> {
        let search = self.search_now();
        Arc::clone(
            search
                .grams
                .get_or_init(|| Arc::new(GramIndex::of(&self.joined, char::from(PARAGRAPH_END)))),
        )
    }

    /// The q-gram index for a near search of the whole text, once enough
    /// of them were run by scanning it to pay for building it; `None`: scan.
    pub fn grams_when_due(&self) -> Option<Arc<GramIndex>> {
        let search = self.search_now();
        if let Some(grams) = search.grams.get() {
            return Some(Arc::clone(grams));
        }
        if search.near_scans.fetch_add(1, Ordering::Relaxed) < NEAR_SCANS_BEFORE_GRAMS {
            return None;
        }
        Some(self.grams())
    }

    /// Paragraph `index`'s normalized text.
    pub fn paragraph_text(&self, index: usize) -> &str {
        &self.joined[self.paragraph_range(index)]
    }

    /// Where paragraph `index`'s text is in the joined text (without its
    /// end mark).
    fn paragraph_range(&self, index: usize) -> Range<usize> {
        let end = self
            .starts
            .get(index + 1)
            .map_or(self.joined.len(), |&next| next);
        self.starts[index]..end.saturating_sub(1).max(self.starts[index])
    }

    /// Paragraph `index`'s normalized text, if the index holds that many.
    pub fn get_paragraph_text(&self, index: usize) -> Option<&str> {
        (index < self.starts.len()).then(|| self.paragraph_text(index))
    }

    /// Makes `normalized`, paragraph `index`'s, hold its text as a slice of
    /// the joined text, if that is what it holds.
    pub fn share_paragraph(&self, index: usize, normalized: &mut crate::normalize::Normalized) {
        if index < self.starts.len() {
            normalized.share(&self.joined, self.paragraph_range(index));
        }
    }

    /// False only if `needle` (normalized) occurs in no paragraph.
    pub fn may_contain(&self, needle: &str) -> bool {
        let search = self.search_now();
        if search.word_index_due() && WordIndex::serves(needle.as_bytes()) {
            // Looked up in the word index (built now if it is being built),
            // it is ruled out as fast.
            return true;
        }
        let runs = search
            .runs
            .get_or_init(|| RunSet::of(self.joined.as_bytes()));
        let needle = needle.as_bytes();
        memchr_iter(b' ', needle)
            .flat_map(|space| runs_at(needle, space))
            .all(|run| runs.holds(run))
    }

    /// Every occurrence of `needle` (normalized), overlapping ones too ("aa"
    /// is twice in "aaa"): its paragraph and its byte offset in that
    /// paragraph's normalized text, in text order. An empty needle occurs
    /// nowhere.
    pub fn occurrences(&self, needle: &str) -> Vec<(usize, usize)> {
        let text = self.joined.as_bytes();
        if needle.is_empty() || needle.as_bytes().contains(&PARAGRAPH_END) {
            return Vec::new();
        }
        let indexed = self
            .word_index(self.search_now())
            .and_then(|words| words.occurrences(text, needle.as_bytes()));
        let places = indexed.unwrap_or_else(|| scan(text, needle));
        places
            .into_iter()
            .map(|at| {
                let paragraph = self.starts.partition_point(|&start| start <= at) - 1;
                (paragraph, at - self.starts[paragraph])
            })
            .collect()
    }

    /// The word index, once this text has been scanned often enough to pay
    /// for building it.
    fn word_index(&self, search: Arc<Search>) -> Option<Arc<WordIndex>> {
        if let Some(words) = search.words.get() {
            return words.clone();
        }
        if !search.count_scan() {
            return None;
        }
        // Built in a search state without the run set, which is let go
        // first: the two are not held at once.
        let search = self.without_runs(search);
        search
            .words
            .get_or_init(|| WordIndex::of(self.joined.as_bytes(), PARAGRAPH_END).map(Arc::new))
            .clone()
    }

    /// The search state, made to hold no run set, once the word index is
    /// due: then the run set only rules out needles too short to be looked
    /// up there, which are rare (it is built again if one comes), and on a
    /// big article it is megabytes (17 MB of a 50 MB one).
    fn without_runs(&self, seen: Arc<Search>) -> Arc<Search> {
        let mut current = self.search.lock().unwrap_or_else(|e| e.into_inner());
        if Arc::ptr_eq(&current, &seen) && seen.runs.get().is_some() {
            *current = Arc::new(Search {
                runs: OnceLock::new(),
                grams: seen.grams.clone(),
                words: seen.words.clone(),
                scans: AtomicUsize::new(seen.scans.load(Ordering::Relaxed)),
                near_scans: AtomicUsize::new(seen.near_scans.load(Ordering::Relaxed)),
            });
        }
        Arc::clone(&current)
    }

    /// Whether the word index is built (for tests).
    #[cfg(test)]
    fn has_word_index(&self) -> bool {
        self.search_now().words.get().is_some()
    }

    /// Whether the run set is built (for tests).
    #[cfg(test)]
    fn has_run_set(&self) -> bool {
        self.search_now().runs.get().is_some()
    }
}

impl RunSet {
    /// Every run of the joined `text` next to a space, hashed into bits.
    fn of(text: &[u8]) -> RunSet {
        let edges = byte_pair::count(text, b' ', PARAGRAPH_END);
        let bit_count = (2 * edges.max(1) * BITS_PER_RUN)
            .next_power_of_two()
            .max(64);
        let shift = 64 - bit_count.trailing_zeros();
        let mut bits = vec![0u64; bit_count / 64];
        byte_pair::positions(text, b' ', PARAGRAPH_END).for_each_place(|edge| {
            for run in runs_at(text, edge) {
                let bit = bit_of(run, shift);
                bits[bit / 64] |= 1 << (bit % 64);
            }
        });
        RunSet { bits, shift }
    }

    fn holds(&self, run: u128) -> bool {
        let bit = bit_of(run, self.shift);
        self.bits[bit / 64] & (1 << (bit % 64)) != 0
    }
}

/// Every place of `needle` in `text`, overlapping ones too: `memmem`'s own
/// iterator skips those, so the search goes on one char after each hit.
fn scan(text: &[u8], needle: &str) -> Vec<usize> {
    let finder = memmem::Finder::new(needle.as_bytes());
    let step = needle.chars().next().map_or(1, char::len_utf8);
    let mut places = Vec::new();
    let mut from = 0;
    while let Some(at) = text.get(from..).and_then(|rest| finder.find(rest)) {
        places.push(from + at);
        from += at + step;
    }
    places
}

/// The bit of `run` in a set of `2^(64 - shift)` bits.
fn bit_of(run: u128, shift: u32) -> usize {
    // Fibonacci hashing: the top bits of the product mix every byte.
    let folded = (run as u64) ^ ((run >> 64) as u64).rotate_left(29);
    (folded.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> shift) as usize
}

/// The `GRAM`-byte runs of `text` right after and right before byte `edge`
/// (a space), as numbers.
fn runs_at(text: &[u8], edge: usize) -> impl Iterator<Item = u128> + '_ {
    let after = text.get(edge + 1..edge + 1 + GRAM);
    let before = edge.checked_sub(GRAM).and_then(|from| text.get(from..edge));
    [after, before]
        .into_iter()
        .flatten()
        .filter_map(|run| Some(u128::from_le_bytes(run.try_into().ok()?)))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use crate::normalize::normalize;
    use crate::source::{Source, SourceKind};

    #[test]
    fn never_says_absent_for_what_is_there() {
        let text =
            "The “council” agreed to fund the new bridge.\nA second paragraph — with  spaces.";
        let source = Source::parse(text.into(), SourceKind::PlainText);
        for quote in [
            "council\" agreed to fund the new",
            "agreed to fund the new bridge.",
            "A second paragraph - with spaces",
            "bridge",
            "fund",
        ] {
            assert!(source.may_contain(&normalize(quote)), "{quote}");
        }
    }

    #[test]
    fn an_empty_needle_occurs_nowhere() {
        for text in ["", "  ", "a b"] {
            let source = Source::parse(text.into(), SourceKind::PlainText);
            assert_eq!(source.index().occurrences("").len(), 0, "{text:?}");
        }
    }

    proptest! {
        /// Whatever slice of a normalized paragraph is asked for, it may be there.
        #[test]
        fn every_slice_of_a_paragraph_may_be_there(
            words in prop::collection::vec("[a-c]{1,4}|[“”’—]|  |\n", 1..80),
            from in 0.0..1.0f64,
            len in 0.0..1.0f64,
        ) {
            let source = Source::parse(words.join(" "), SourceKind::PlainText);
            for paragraph in &source.paragraphs {
                let text: Vec<char> = paragraph.normalized().as_str().chars().collect();
                let start = (from * text.len() as f64) as usize;
                let end = start + (len * (text.len() - start) as f64) as usize;
                let slice: String = text[start..end].iter().collect();
                prop_assert!(source.may_contain(&slice), "{slice:?}");
            }
        }

        /// A paragraph normalized once the index is built holds its text in
        /// the index, and reads as one normalized without it: the same text,
        /// the same original chars for every byte.
        #[test]
        fn a_paragraph_normalized_after_the_index_is_the_same(
            words in prop::collection::vec("[a-c]{1,4}|[“”’—é]|e\u{301}|\u{ad}|&amp;|  |\n\n?", 1..60),
            kind in prop::sample::select(vec![SourceKind::PlainText, SourceKind::Markdown, SourceKind::Html]),
        ) {
            let text = words.join(" ");
            let alone = Source::parse(text.clone(), kind);
            let indexed = Source::parse(text, kind);
            let _ = indexed.index();
            prop_assert_eq!(alone.paragraphs.len(), indexed.paragraphs.len());
            for (a, b) in alone.paragraphs.iter().zip(&indexed.paragraphs) {
                prop_assert_eq!(b.normalized_text(), a.normalized_text());
                let (a, b) = (a.normalized(), b.normalized());
                prop_assert!(b.is_shared() && !a.is_shared());
                prop_assert_eq!(b.as_str(), a.as_str());
                prop_assert_eq!(b.original_len(), a.original_len());
                for at in 0..=a.as_str().len() {
                    prop_assert_eq!(b.original_range(at..at + 1), a.original_range(at..at + 1));
                }
            }
        }

        /// The joined search finds what a search of each paragraph finds.
        #[test]
        fn occurrences_are_those_of_each_paragraph(
            words in prop::collection::vec("[ab]{1,3}|“|  |\n", 1..60),
            needle in "[ab\"]{1,3}( [ab]{1,2})?",
        ) {
            let source = Source::parse(words.join(" "), SourceKind::PlainText);
            let mut expected = Vec::new();
            for paragraph in &source.paragraphs {
                let text = paragraph.normalized().as_str();
                expected.extend(
                    (0..text.len())
                        .filter(|&at| text[at..].starts_with(needle.as_str()))
                        .map(|at| (paragraph.index, at)),
                );
            }
            let found = source.index().occurrences(&needle);
            prop_assert_eq!(found, expected);
        }

        /// The same once the word index is built (after enough scans), for
        /// needles long enough to be looked up in it.
        #[test]
        fn occurrences_are_the_same_through_the_word_index(
            words in prop::collection::vec("[ab]{1,4}|“|  |\n", 1..60),
            needle in "[ab\"]{1,3}( [ab]{1,4}){1,4}",
        ) {
            let source = Source::parse(words.join(" "), SourceKind::PlainText);
            let scanned = source.index().occurrences(&needle);
            for _ in 0..super::SCANS_BEFORE_WORD_INDEX {
                source.index().occurrences("a b");
            }
            prop_assert!(source.index().has_word_index(), "the word index is built");
            prop_assert_eq!(source.index().occurrences(&needle), scanned);
        }
    }

    #[test]
    fn the_search_indexes_go_when_the_last_judging_ends() {
        let source = Source::parse(
            "The council agreed to fund the new bridge.\nThe bridge opens in May.".into(),
            SourceKind::PlainText,
        );
        let needle = "the new bridge";
        let scanned = source.index().occurrences(needle);
        let (first, second) = (source.searching(), source.searching());
        assert!(source.may_contain(needle) && source.index().has_run_set());
        for _ in 0..=super::SCANS_BEFORE_WORD_INDEX {
            source.index().occurrences("a b");
        }
        assert!(source.index().has_word_index());
        // The word index rules out what the run set did.
        assert!(!source.index().has_run_set());
        assert!(
            source.may_contain(needle) && source.index().occurrences("the old bridge").is_empty()
        );
        assert!(!source.index().has_run_set());
        drop(second);
        assert!(
            source.index().has_word_index(),
            "one judging is still under way"
        );
        assert_eq!(source.index().occurrences(needle), scanned);
        drop(first);
        assert!(
            !source.index().has_word_index(),
            "let go with the last judging"
        );
        // A search after it finds the same, by scanning again.
        assert_eq!(source.index().occurrences(needle), scanned);
        assert_eq!(
            source.paragraphs[0].normalized_text(),
            "The council agreed to fund the new bridge."
        );
    }

    #[test]
    fn says_absent_for_a_changed_word() {
        let source = Source::parse(
            "The council agreed to fund the new bridge.".into(),
            SourceKind::PlainText,
        );
        assert!(!source.may_contain("The council declined to fund the new bridge."));
        // A quote spanning two paragraphs is in neither.
        let source = Source::parse(
            "first paragraph\nsecond paragraph".into(),
            SourceKind::PlainText,
        );
        assert!(!source.may_contain("first paragraph second paragraph"));
    }
}
