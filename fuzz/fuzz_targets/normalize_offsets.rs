//! Arbitrary text through `Normalized::new`: every normalized char maps back
//! to a non-empty, in-bounds range of original chars; the ranges never go
//! backwards and leave no original char uncovered but the ignored ones (soft
//! hyphens, zero-width spaces and joiners), which `dropped_in` lists and
//! nothing maps to (ranges may overlap); and every original char offset
//! lands on a char boundary of the normalized text.
#![no_main]

use claimcheck::normalize::{Normalized, is_ignored, normalize};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|original: &str| {
    let n = Normalized::new(original);
    let all: Vec<char> = original.chars().collect();
    let chars = all.len();
    // Every char of `range` is ignored, and `dropped_in` lists them all.
    let only_ignored = |range: std::ops::Range<usize>, what: &str| {
        let skipped = &all[range.clone()];
        assert!(
            skipped.iter().all(|&c| is_ignored(c)),
            "{what}: original chars {range:?} ({skipped:?}) map to nothing but are not all ignored"
        );
        assert!(
            n.dropped_in(range.clone()).eq(skipped.iter().copied()),
            "{what}: dropped_in({range:?}) does not list {skipped:?}"
        );
    };
    assert_eq!(
        n.original_len(),
        chars,
        "original_len() is not the char count"
    );
    let text = n.as_str();
    assert_eq!(
        normalize(original),
        text,
        "normalize() differs from Normalized::new"
    );
    if text.is_empty() {
        only_ignored(0..chars, "text normalized to nothing");
    }

    let mut previous = 0..0;
    for (byte, c) in text.char_indices() {
        let range = n.original_range(byte..byte + c.len_utf8());
        assert!(
            range.start < range.end && range.end <= chars,
            "normalized char {c:?} at byte {byte} maps to {range:?} (original has {chars} chars)"
        );
        assert!(
            range.start >= previous.start && range.end >= previous.end,
            "normalized char {c:?} at byte {byte} maps to {range:?}, before {previous:?}"
        );
        // No original char is skipped but ignored ones. (Ranges may
        // overlap: all chars of one NFC chunk share its range, and a
        // whitespace run that ends in a chunk's leading space is stretched
        // to that chunk's end.)
        if range.start > previous.end {
            only_ignored(previous.end..range.start, "gap before a normalized char");
        }
        // Every byte of the char carries the same origin.
        for b in byte..byte + c.len_utf8() {
            assert_eq!(n.original_range(b..b + 1), range, "byte {b} of char {c:?}");
        }
        previous = range;
    }
    if !text.is_empty() {
        only_ignored(previous.end..chars, "the last original chars");
        let first = n.original_range(0..1).start;
        only_ignored(0..first, "the first original chars");
        assert_eq!(
            n.original_range(0..text.len()),
            first..previous.end,
            "whole-text range"
        );
    }

    let mut last = 0;
    for offset in 0..=chars + 1 {
        let at = n.normalized_offset(offset);
        assert!(
            at <= text.len() && text.is_char_boundary(at),
            "normalized_offset({offset}) = {at} not a char boundary of {text:?}"
        );
        assert!(
            at >= last,
            "normalized_offset({offset}) = {at} goes back before {last}"
        );
        last = at;
    }
});
