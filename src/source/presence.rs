//! A quick, lossless test that a quote does *not* occur in an article, so
//! that a drifted quote skips the exact search of a whole large article.
//!
//! Every run of [`GRAM`] bytes that follows a space in a normalized
//! paragraph is hashed into a bit set. A quote that occurs in a paragraph
//! has each of its own after-a-space runs there, after a space too; so if
//! one of them is missing from the set, the quote is nowhere. A hash
//! collision can make the test say "maybe" wrongly, never "absent" wrongly.

use memchr::memchr_iter;
use rayon::prelude::*;

use super::Paragraph;

/// Bytes per hashed run: two or three words, rare enough in a large article
/// that a changed word leaves some run of the quote absent.
const GRAM: usize = 16;

/// Bits in the set per hashed run: with one hash, a run absent from the
/// article is mistaken for present 1 time in 16 or less.
const BITS_PER_RUN: usize = 16;

#[derive(Debug, Clone)]
pub struct Presence {
    bits: Vec<u64>,
    /// `64 - log2(bit count)`: hashing keeps the top bits of a product.
    shift: u32,
}

impl Presence {
    /// Normalizes every paragraph (in parallel; the exact search needs them
    /// normalized anyway) and indexes their runs.
    pub fn of(paragraphs: &[Paragraph]) -> Presence {
        let texts: Vec<&[u8]> = paragraphs
            .par_iter()
            .map(|p| p.normalized_text().as_bytes())
            .collect();
        let runs: usize = texts.iter().map(|t| memchr_iter(b' ', t).count()).sum();
        let bit_count = (runs.max(1) * BITS_PER_RUN).next_power_of_two().max(64);
        let mut presence = Presence {
            bits: vec![0; bit_count / 64],
            shift: 64 - bit_count.trailing_zeros(),
        };
        for text in texts {
            for run in runs_of(text) {
                let bit = presence.bit(run);
                presence.bits[bit / 64] |= 1 << (bit % 64);
            }
        }
        presence
    }

    /// False only if `needle` (normalized) occurs in no paragraph.
    pub fn may_contain(&self, needle: &str) -> bool {
        runs_of(needle.as_bytes()).all(|run| {
            let bit = self.bit(run);
            self.bits[bit / 64] & (1 << (bit % 64)) != 0
        })
    }

    fn bit(&self, run: u128) -> usize {
        // Fibonacci hashing: the top bits of the product mix every byte.
        let folded = (run as u64) ^ ((run >> 64) as u64).rotate_left(29);
        (folded.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }
}

/// Every `GRAM`-byte run of `text` that follows a space, as a number.
fn runs_of(text: &[u8]) -> impl Iterator<Item = u128> + '_ {
    memchr_iter(b' ', text).filter_map(|space| {
        let run = text.get(space + 1..space + 1 + GRAM)?;
        Some(u128::from_le_bytes(run.try_into().ok()?))
    })
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
