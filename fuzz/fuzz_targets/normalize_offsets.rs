//! Arbitrary text through `Normalized::new`: every normalized char maps back
//! to a non-empty, in-bounds range of original chars; the ranges never go
//! backwards and leave no original char uncovered (they may overlap); and every original char
//! offset lands on a char boundary of the normalized text.
#![no_main]

use claimcheck::normalize::{Normalized, normalize};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|original: &str| {
    let n = Normalized::new(original);
    let chars = original.chars().count();
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
    if chars > 0 {
        assert!(!text.is_empty(), "non-empty text normalized to nothing");
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
        // No original char is skipped. (Ranges may overlap: all chars of one
        // NFC chunk share its range, and a whitespace run that ends in a
        // chunk's leading space is stretched to that chunk's end.)
        assert!(
            range.start <= previous.end,
            "normalized char {c:?} at byte {byte} maps to {range:?}: gap after {previous:?}"
        );
        // Every byte of the char carries the same origin.
        for b in byte..byte + c.len_utf8() {
            assert_eq!(n.original_range(b..b + 1), range, "byte {b} of char {c:?}");
        }
        previous = range;
    }
    assert_eq!(
        previous.end, chars,
        "the last original chars map to nothing"
    );
    assert_eq!(
        n.original_range(0..text.len()),
        0..chars,
        "whole-text range"
    );

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
