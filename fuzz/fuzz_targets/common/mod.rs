//! Invariants shared by the fuzz targets. Each check panics with a message
//! naming the broken invariant, so that libFuzzer records the input.

#![allow(dead_code)]

pub mod html_doc;

use claimcheck::source::{Paragraph, Source, SourceKind};

/// At most this many char positions are probed one by one per paragraph
/// (evenly spread, plus both ends), and every pair of the first `PAIRS` of
/// them, so that one input costs O(n * (PROBES + PAIRS²)) at worst.
const PROBES: usize = 32;
const PAIRS: usize = 12;

/// Parses `text` as `kind` and checks every paragraph of the result.
pub fn check_source(text: &str, kind: SourceKind) {
    let source = Source::parse(text.to_owned(), kind);
    let file = source.text.as_str();
    assert_eq!(file, text, "Source::parse changed the file text");
    let mut previous_end = 0;
    for (i, paragraph) in source.paragraphs.iter().enumerate() {
        assert_eq!(paragraph.index, i, "paragraph index out of sequence");
        let range = paragraph.byte_range.clone();
        assert!(
            range.start <= range.end && range.end <= file.len(),
            "p{}: byte_range {range:?} outside the file (len {})",
            i + 1,
            file.len()
        );
        assert!(
            file.is_char_boundary(range.start) && file.is_char_boundary(range.end),
            "p{}: byte_range {range:?} not on char boundaries",
            i + 1
        );
        assert!(
            range.start >= previous_end,
            "p{}: byte_range {range:?} overlaps the previous paragraph (ends at {previous_end})",
            i + 1
        );
        previous_end = range.end;
        check_paragraph(&source, paragraph);
    }
}

fn check_paragraph(source: &Source, paragraph: &Paragraph) {
    let file = source.text.as_str();
    let id = paragraph.id();
    let n = paragraph.text.chars().count();
    assert_eq!(
        paragraph.char_len(),
        n,
        "{id}: char_len() differs from the char count of its text"
    );

    // Char positions to probe: both ends, a spread in between, and two past
    // the end (every accessor clamps).
    let spread = |count: usize| -> Vec<usize> {
        let mut positions: Vec<usize> = if n <= count {
            (0..=n).collect()
        } else {
            (0..count).map(|k| k * n / count).chain([n]).collect()
        };
        positions.extend([n + 1, n + 7]);
        positions.dedup();
        positions
    };
    let positions = spread(PROBES);
    let pairs = spread(PAIRS);

    // Text byte of each char (and of the end), computed independently.
    let mut char_bytes: Vec<usize> = paragraph.text.char_indices().map(|(b, _)| b).collect();
    char_bytes.push(paragraph.text.len());
    let text_byte = |c: usize| char_bytes[c.min(n)];

    let mut last_start = 0;
    let mut last_end = 0;
    for &a in &positions {
        assert_eq!(
            paragraph.char_to_text_byte(a),
            text_byte(a),
            "{id}: char_to_text_byte({a})"
        );
        // An empty range at `a`: file_bytes must be monotone in `a`.
        let empty = paragraph.file_bytes(a..a);
        check_file_range(file, &empty, &id, a..a);
        assert!(
            empty.start >= last_start,
            "{id}: file_bytes({a}..{a}).start = {} goes back before {last_start}",
            empty.start
        );
        last_start = empty.start;

        // A split at `a` reassembles the paragraph.
        let whole = format!(
            "{}{}",
            paragraph.slice_chars(0..a),
            paragraph.slice_chars(a..n)
        );
        assert_eq!(whole, paragraph.text, "{id}: slice_chars split at {a}");

        // Ends of ranges starting at 0 are monotone too.
        let prefix = paragraph.file_bytes(0..a);
        assert!(
            prefix.end >= last_end,
            "{id}: file_bytes(0..{a}).end = {} goes back before {last_end}",
            prefix.end
        );
        last_end = prefix.end;
    }
    for &a in positions.iter().filter(|&&a| a < n) {
        check_char_bytes(source, paragraph, a);
    }
    let whole = paragraph.file_bytes(0..n);
    for (k, &a) in pairs.iter().enumerate() {
        for &b in &pairs[k..] {
            let bytes = paragraph.file_bytes(a..b);
            check_file_range(file, &bytes, &id, a..b);
            // Any non-empty part of the paragraph maps inside the whole
            // paragraph's bytes. (An empty range has no bytes: at the very
            // end it may land after a trailing empty piece, e.g. 28..28 past
            // 3..26 in " # #         ` #           ` #             ".)
            assert!(
                a >= b.min(n) || bytes.start >= whole.start && bytes.end <= whole.end,
                "{id}: file_bytes({a}..{b}) = {bytes:?} outside file_bytes(0..{n}) = {whole:?}"
            );
            // slice_chars round-trips to the chars it names.
            assert_eq!(
                paragraph.slice_chars(a..b),
                &paragraph.text[text_byte(a)..text_byte(b)],
                "{id}: slice_chars({a}..{b})"
            );
        }
    }
    assert!(
        skip_known_markdown_range_bug()
            || whole.start >= paragraph.byte_range.start && whole.end <= paragraph.byte_range.end,
        "{id}: file_bytes(0..{n}) = {whole:?} outside its byte_range {:?}",
        paragraph.byte_range
    );
    if n > 0 {
        assert!(
            source
                .paragraph_at_byte(paragraph.byte_range.start)
                .map(|p| p.index)
                == Some(paragraph.index),
            "{id}: paragraph_at_byte({}) does not find it",
            paragraph.byte_range.start
        );
    }
}

/// The bytes of char `a` are what it was read from: the char itself, or
/// markup that stands for it (an entity or escape; for a space, a line
/// break or a whitespace run; a code span holding it).
fn check_char_bytes(source: &Source, paragraph: &Paragraph, a: usize) {
    let Some(c) = paragraph.slice_chars(a..a + 1).chars().next() else {
        return;
    };
    let bytes = &source.text[paragraph.file_bytes(a..a + 1)];
    let reference = bytes.starts_with('&');
    let ok = match source.kind {
        SourceKind::PlainText => bytes.len() == c.len_utf8() && bytes.starts_with(c),
        SourceKind::Markdown => {
            bytes.contains(c)
                || (reference && bytes.ends_with(';'))
                // A line break (LF, CRLF or a lone CR, as CommonMark
                // reads them), also one inside a code span.
                || (c == ' '
                    && (bytes.contains(['\n', '\r'])
                        || bytes.chars().all(|b| b.is_whitespace() || b == '\\' || b == '>')))
                || (c == '\u{fffd}' && bytes.contains('\0'))
        }
        SourceKind::Html => {
            bytes.len() == c.len_utf8() && bytes.starts_with(c)
                || reference
                || c == ' '
                    && (bytes.starts_with(|b: char| b.is_ascii_whitespace() || b == '<')
                        && bytes.ends_with(|b: char| b.is_ascii_whitespace() || b == '>')
                        || collapsed_whitespace(bytes))
        }
    };
    assert!(
        ok,
        "{}: char {a} ({c:?}) maps to {bytes:?}, which is not what it is read from",
        paragraph.id()
    );
}

/// Whether HTML bytes read as one collapsed space are only whitespace:
/// whitespace chars, whitespace char references (`&#9`, `&#x20;`, with or
/// without the `;`) and tags between them; NUL, which HTML text drops.
fn collapsed_whitespace(bytes: &str) -> bool {
    let mut rest = bytes;
    let mut any = false;
    while let Some(c) = rest.chars().next() {
        if c.is_ascii_whitespace() || c == '\0' {
            rest = &rest[1..];
        } else if c == '<' {
            match rest.find('>') {
                Some(end) => rest = &rest[end + 1..],
                None => return false,
            }
            continue;
        } else if let Some(after) = rest.strip_prefix("&#") {
            let (hex, digits) = match after.strip_prefix(['x', 'X']) {
                Some(digits) => (true, digits),
                None => (false, after),
            };
            let len = digits
                .find(|d: char| {
                    !(if hex {
                        d.is_ascii_hexdigit()
                    } else {
                        d.is_ascii_digit()
                    })
                })
                .unwrap_or(digits.len());
            let value = u32::from_str_radix(&digits[..len], if hex { 16 } else { 10 });
            if !value.is_ok_and(|v| char::from_u32(v).is_some_and(|c| c.is_ascii_whitespace())) {
                return false;
            }
            rest = digits[len..].strip_prefix(';').unwrap_or(&digits[len..]);
        } else {
            return false;
        }
        any = true;
    }
    any
}

fn check_file_range(
    file: &str,
    bytes: &std::ops::Range<usize>,
    id: &str,
    chars: std::ops::Range<usize>,
) {
    assert!(
        bytes.start <= bytes.end && bytes.end <= file.len(),
        "{id}: file_bytes({chars:?}) = {bytes:?} outside the file (len {})",
        file.len()
    );
    assert!(
        file.is_char_boundary(bytes.start) && file.is_char_boundary(bytes.end),
        "{id}: file_bytes({chars:?}) = {bytes:?} not on char boundaries"
    );
}

/// `FUZZ_SKIP_KNOWN=1` turns off the check that the first long run found
/// failing (Markdown `byte_range` trimmed of Unicode whitespace that the text
/// keeps; `tests/fuzz_regressions.rs`), so that a run can look past it.
fn skip_known_markdown_range_bug() -> bool {
    static SKIP: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *SKIP.get_or_init(|| std::env::var_os("FUZZ_SKIP_KNOWN").is_some_and(|v| v == "1"))
}
