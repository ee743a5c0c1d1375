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

/// The `matcher` invariant that failed: an `Exact` location is an exact
/// occurrence as the full search defines one, i.e. the normalized paragraph
/// holds the normalized quote at bytes whose original chars are exactly the
/// location, whether or not the pinned fast path found it.
fn assert_exact_is_an_occurrence(text: &str, kind: SourceKind, quote: &str, pins: (usize, usize)) {
    let source = Source::parse(text.to_owned(), kind);
    let hints = Hints {
        paragraph: Some(0),
        offsets: Some(Offsets {
            start: pins.0,
            end: pins.1,
        }),
        ..Hints::default()
    };
    let resolution = resolve(&source, quote, &hints);
    let Resolution::Exact(location) = resolution else {
        return;
    };
    let needle = claimcheck::normalize::normalize(quote);
    let normalized = source.paragraphs[location.paragraph].normalized();
    let haystack = normalized.as_str();
    let found = haystack.char_indices().any(|(at, _)| {
        haystack[at..].starts_with(&needle)
            && normalized.original_range(at..at + needle.len()) == location.chars()
    });
    assert!(
        found,
        "{text:?}: {quote:?} pinned at {pins:?} is {resolution:?}, but the normalized \
         paragraph {haystack:?} does not hold it there (without the pins: {:?})",
        resolve(
            &source,
            quote,
            &Hints {
                paragraph: Some(0),
                ..Hints::default()
            }
        )
    );
}

/// fuzz: matcher, crash-86cfbf22… minimized to a 12-byte header and
/// " \xbc\xd7\x81\xac#": the Markdown paragraph "\u{fffd}\u{5c1}\u{fffd}#"
/// with the quote "\u{5c1}" (a combining Hebrew point) pinned at chars 1..2.
/// `matching::at_its_pins` (src/matching.rs) normalizes the pinned slice
/// alone and checks that the char *after* it starts an NFC chunk, but not
/// that the slice's *first* char does: U+05C1 belongs to the chunk that
/// starts at char 0, so the full search finds the quote at 0..2 and the fast
/// path answers `Exact(1..2)`, a location no search would produce.
#[test]
fn pinned_quote_starting_with_a_combining_mark_is_a_real_occurrence() {
    assert_exact_is_an_occurrence(
        "\u{fffd}\u{5c1}\u{fffd}#",
        SourceKind::Markdown,
        "\u{5c1}",
        (1, 2),
    );
}

/// Same bug where it changes the verdict: "e" + U+0301 composes to "é", so
/// "\u{301}" is nowhere in the normalized "café" (unpinned: `Broken`), and
/// a quote pinned from the middle of "Zoë" (decomposed) is a near match
/// without pins (`Drifted`, 1 error) but `Exact` with them.
#[test]
fn pinned_quote_inside_a_composed_char_is_not_exact() {
    assert_exact_is_an_occurrence("cafe\u{301}\n", SourceKind::PlainText, "\u{301}", (4, 5));
    assert_exact_is_an_occurrence(
        "Zoe\u{308} said no\n",
        SourceKind::PlainText,
        "\u{308} said",
        (3, 9),
    );
}

/// fuzz: annotation_reader, crash-1ec6ecae… minimized. A W3C `source` IRI
/// with a multi-byte char where a `file:` or `http:` scheme would end
/// (`httк:`) made the scheme check slice inside the char.
#[test]
fn an_iri_with_a_multibyte_char_where_the_scheme_ends() {
    for iri in ["httк://example.org/a.txt", "filк:a.txt", "fil\u{e9}", "к"] {
        let text = format!(
            r#"{{"id": "a", "type": "Annotation", "body": {{"type": "TextualBody", "value": "x"}}, "target": {{"source": "{iri}", "selector": {{"type": "TextQuoteSelector", "exact": "x"}}}}}}"#
        );
        let file = claimcheck::annotation::parse(&text).expect("valid W3C");
        assert_eq!(
            file.claims[0].source.as_ref().map(|s| s.value.as_str()),
            Some(iri),
            "the IRI is a path as written"
        );
    }
}
