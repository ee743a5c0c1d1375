//! Crashes found by the fuzz targets in `fuzz/` (see `docs/robustness.md`),
//! each reduced to its minimized input and replayed through the public API.
//!
//! A test still marked `#[ignore = "fuzz crash: …"]` reproduces a bug that is
//! not fixed yet: run it with `cargo test --test fuzz_regressions -- --ignored`,
//! and remove the `ignore` once it passes.

use claimcheck::annotation::Offsets;
use claimcheck::matching::{Hints, Location, Resolution, resolve};
use claimcheck::source::{Source, SourceKind};

/// The `markdown_source` invariant that failed: every char of a paragraph's
/// text maps to file bytes inside the paragraph's `byte_range`, on char
/// boundaries, and the bytes under `byte_range` are found by
/// `paragraph_at_byte`.
fn assert_paragraphs_cover_their_text(markdown: &str) {
    let source = Source::parse(markdown.to_owned(), SourceKind::Markdown);
    assert!(!source.paragraphs.is_empty(), "{markdown:?}: no paragraph");
    for paragraph in &source.paragraphs {
        let n = paragraph.char_len();
        let bytes = paragraph.file_bytes(0..n);
        assert!(
            source.text.is_char_boundary(bytes.start) && source.text.is_char_boundary(bytes.end),
            "{markdown:?}: {}: file_bytes(0..{n}) = {bytes:?} not on char boundaries",
            paragraph.id()
        );
        assert!(
            paragraph.byte_range.start <= bytes.start && bytes.end <= paragraph.byte_range.end,
            "{markdown:?}: {} text {:?}: file_bytes(0..{n}) = {bytes:?} outside its byte_range {:?}",
            paragraph.id(),
            paragraph.text,
            paragraph.byte_range
        );
    }
}

/// fuzz: markdown_source, crash-a4eee6be… minimized. A paragraph whose text
/// ends in a no-break space: pulldown-cmark keeps the U+00A0 in the text (only
/// spaces and tabs are stripped), but `markdown::Builder::close` trims the
/// block's byte range with `str::trim_end`, which also drops Unicode
/// whitespace, so text and `byte_range` disagree: `file_bytes(0..2)` is
/// `0..3`, `byte_range` is `0..1`.
#[test]
fn markdown_trailing_no_break_space_stays_in_byte_range() {
    assert_paragraphs_cover_their_text("a\u{a0}");
}

/// Same bug at the start of a paragraph: text "\u{a0}a", `byte_range` 2..3.
#[test]
fn markdown_leading_no_break_space_stays_in_byte_range() {
    assert_paragraphs_cover_their_text("\u{a0}a");
}

/// Same bug with other Unicode whitespace the trim drops: a form feed after
/// a heading, before a paragraph, and an ideographic space.
#[test]
fn markdown_form_feed_and_ideographic_space_stay_in_byte_range() {
    assert_paragraphs_cover_their_text("# a\u{c}");
    assert_paragraphs_cover_their_text("\u{c}a");
    assert_paragraphs_cover_their_text("a\u{3000}");
    assert_paragraphs_cover_their_text("### C# The .Harbor* Briount\u{c}\n\n- P");
}

/// What the bug does to a user: a W3C `TextPositionSelector` is turned into
/// paragraph offsets by counting chars from `byte_range.start`, which lies
/// after the leading no-break space, so a quote recorded exactly where it is
/// comes out `Moved` (offsets 0..3 recorded, 1..4 found).
#[test]
fn w3c_position_in_markdown_paragraph_with_leading_no_break_space_is_exact() {
    let source = Source::parse("\u{a0}abc def\n".to_owned(), SourceKind::Markdown);
    // Document chars: U+00A0 is char 0, so "abc" is chars 1..4.
    let hints = Hints {
        position: Some(Offsets { start: 1, end: 4 }),
        ..Hints::default()
    };
    let at = Location {
        paragraph: 0,
        start: 1,
        end: 4,
    };
    assert_eq!(resolve(&source, "abc", &hints), Resolution::Exact(at));
}
