//! The annotation model: claims and the evidence spans that support them,
//! read from a claimcheck JSON file or a W3C Web Annotation file.
//!
//! Every value keeps the byte span it was read from, so that a diagnostic
//! can underline the exact field in the annotation file.

use std::borrow::Cow;
use std::ops::Range;

mod claimcheck_format;
mod html_text;
pub mod iri;

/// The fields the claimcheck format allows, by object.
pub use claimcheck_format::{CLAIM_FIELDS, EVIDENCE_FIELDS, FILE_FIELDS};
mod fast;
mod json;
mod web_annotation;

/// The allowed name a misspelt one most likely meant, for "did you mean".
pub(crate) use json::closest as closest_name;

/// A value together with the bytes of the annotation file it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    /// Byte range in the annotation file (the whole JSON value, quotes included).
    pub span: Range<usize>,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Range<usize>) -> Self {
        Spanned { value, span }
    }
}

/// Which dialect the annotation file was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The claimcheck format of CONTRACT §3.
    Claimcheck,
    /// W3C Web Annotation (one `Annotation`, an array, or an `AnnotationCollection`).
    WebAnnotation,
}

/// A parsed annotation file.
#[derive(Debug, Clone)]
pub struct AnnotationFile {
    pub format: Format,
    /// The `source` field as written (relative to the annotation file's folder).
    /// W3C files may name no source (then `--source` is required), or
    /// several: this is the first, and each claim names its own
    /// ([`AnnotationFile::by_source`]). A W3C `source` IRI is read as a path
    /// ([`iri::source_path`]); its span is still the IRI as written.
    pub source: Option<Spanned<String>>,
    pub claims: Vec<Claim>,
    /// How the file was read where it could be read more than one way (W3C:
    /// which of several alternative selectors was checked, what was ignored).
    /// Not errors: the file is checked as read.
    pub notes: Vec<Note>,
}

/// Something the user should know about how a file was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub message: String,
    /// Byte range in the annotation file it is about.
    pub span: Range<usize>,
    pub help: Option<String>,
}

impl AnnotationFile {
    /// The file's claims, one part per source they cite, in order of first
    /// citation: a W3C file may target several articles, and each part is
    /// checked against its own. Claims that cite no source of their own go
    /// with the first part; the notes go with the first part too. A file
    /// with one source is one part, unchanged.
    pub fn by_source(mut self) -> Vec<AnnotationFile> {
        let mut sources: Vec<Spanned<String>> = Vec::new();
        for claim in &self.claims {
            if let Some(source) = &claim.source
                && !sources.iter().any(|known| known.value == source.value)
            {
                sources.push(Spanned::clone(source));
            }
        }
        if sources.len() <= 1 {
            return vec![self];
        }
        let mut parts: Vec<AnnotationFile> = sources
            .into_iter()
            .map(|source| AnnotationFile {
                format: self.format,
                source: Some(source),
                claims: Vec::new(),
                notes: Vec::new(),
            })
            .collect();
        parts[0].notes = std::mem::take(&mut self.notes);
        for claim in self.claims {
            let part = claim
                .source
                .as_ref()
                .and_then(|source| {
                    parts.iter().position(|part| {
                        part.source.as_ref().map(|s| &s.value) == Some(&source.value)
                    })
                })
                .unwrap_or(0);
            parts[part].claims.push(claim);
        }
        parts
    }
}

#[derive(Debug, Clone)]
pub struct Claim {
    pub id: Spanned<String>,
    /// The claim text as written.
    pub text: Spanned<String>,
    pub evidence: Vec<Evidence>,
    /// Span of the `evidence` array (or, in W3C files, of the target); used to
    /// point at a claim that has no evidence.
    pub evidence_span: Range<usize>,
    /// Boxed, as `source`: most claims have neither, and a claim of a big
    /// file should cost little more than its text.
    pub note: Option<Box<Spanned<String>>>,
    /// Span of the whole claim object.
    pub span: Range<usize>,
    /// The source this claim's evidence is in, when the claim names its own
    /// (W3C: its targets' `source`); `None` means the file's.
    pub source: Option<Box<Spanned<String>>>,
}

/// Character offsets `[start, end)` recorded for an evidence span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Offsets {
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone)]
pub struct Evidence {
    pub quote: Spanned<String>,
    /// 0-based paragraph index parsed from `"pN"` (so `"p1"` is 0).
    pub paragraph: Option<Spanned<usize>>,
    /// Char offsets inside the pinned paragraph. The span covers both fields
    /// (from the `start` value to the `end` value, whichever comes first).
    pub offsets: Option<Spanned<Offsets>>,
    /// The spans of the `start` and `end` values themselves, so that `fix`
    /// can rewrite each number in place.
    pub offset_value_spans: Option<(Range<usize>, Range<usize>)>,
    pub prefix: Option<Spanned<String>>,
    pub suffix: Option<Spanned<String>>,
    /// W3C `TextPositionSelector`: char offsets into the whole document,
    /// counted as [`crate::position`] says.
    pub position: Option<Box<Spanned<Offsets>>>,
    /// W3C: no quote was written, only a `TextPositionSelector`; the quote
    /// is the text at `position` in the file the annotation names, filled
    /// in before checking ([`crate::position::prepare`]). Until then
    /// `quote` is empty and spans the selector.
    pub quote_from_position: bool,
    /// W3C `refinedBy` under a `TextPositionSelector` (or a `#char=`
    /// fragment): the quote is somewhere inside these document offsets.
    pub within: Option<Box<Spanned<Offsets>>>,
    /// W3C: the other `TextQuoteSelector`s of the same target, alternatives
    /// that describe the same passage; before checking, the one found best
    /// in the source takes this item's place ([`crate::position::prepare`]).
    pub alternatives: Box<[Evidence]>,
    /// Span of the whole evidence object (W3C: the `TextQuoteSelector`).
    pub span: Range<usize>,
}

/// A problem with the annotation file itself (exit code 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaError {
    pub message: String,
    /// Byte range of the offending field or value in the annotation file.
    pub span: Range<usize>,
    /// What to do about it, e.g. "did you mean `quote`?".
    pub help: Option<String>,
}

/// Parses an annotation file's full text, in either format.
///
/// A leading UTF-8 BOM is accepted; every span is a byte range of `text`
/// itself, BOM included. On failure, returns every schema error found (up
/// to 100), in file order.
pub fn parse(text: &str) -> Result<AnnotationFile, Vec<SchemaError>> {
    const BOM: char = '\u{FEFF}';
    // Blank the BOM out rather than slice it off, so that every offset the
    // JSON parser reports is already an offset into `text`.
    let (bom_len, json_text) = match text.strip_prefix(BOM) {
        Some(rest) => (
            BOM.len_utf8(),
            Cow::Owned(" ".repeat(BOM.len_utf8()) + rest),
        ),
        None => (0, Cow::Borrowed(text)),
    };
    // Most files have nothing to report: read those without building an AST.
    if let Some(file) = fast::read(&json_text) {
        return Ok(file);
    }
    parse_full(text, bom_len, &json_text)
}

/// The full reader: every error, in file order.
fn parse_full(
    text: &str,
    bom_len: usize,
    json_text: &str,
) -> Result<AnnotationFile, Vec<SchemaError>> {
    let root = match json::parse_strict(json_text) {
        Ok(Some(root)) => root,
        Ok(None) => {
            return Err(vec![SchemaError {
                message: "the annotation file is empty".into(),
                span: bom_len..bom_len,
                help: Some("an annotation file is a JSON object with `source` and `claims`".into()),
            }]);
        }
        Err(error) => {
            let span = json::snap_to_chars(text, error.span.clone());
            return Err(vec![SchemaError { span, ..error }]);
        }
    };
    let mut reader = json::Reader::new(text);
    let file = if web_annotation::detect(&root) {
        web_annotation::read(&root, &mut reader)
    } else {
        claimcheck_format::read(&root, &mut reader)
    };
    reader.finish(file)
}

/// The bytes of JSON string `literal` (quotes included) that decode to
/// bytes `decoded` of its value, or None if `literal` is not a string.
pub fn string_literal_bytes(literal: &str, decoded: &Range<usize>) -> Option<Range<usize>> {
    let body = literal.strip_prefix('"')?;
    let bytes = body.as_bytes();
    let (mut at, mut value_len) = (0, 0);
    let mut start = None;
    loop {
        if value_len == decoded.start && start.is_none() {
            start = Some(at + 1);
        }
        if value_len == decoded.end {
            return Some(start?..at + 1);
        }
        let (literal_len, decoded_len) = match *bytes.get(at)? {
            b'"' => return None,
            b'\\' => match *bytes.get(at + 1)? {
                b'u' => {
                    let unit = |from: usize| {
                        body.get(from..from + 4)
                            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    };
                    let high = unit(at + 2)?;
                    if (0xD800..0xDC00).contains(&high) && body.get(at + 6..at + 8) == Some("\\u") {
                        (12, 4)
                    } else {
                        (6, char::from_u32(high).map_or(3, char::len_utf8))
                    }
                }
                _ => (2, 1),
            },
            _ => {
                let c = body.get(at..)?.chars().next()?;
                (c.len_utf8(), c.len_utf8())
            }
        };
        at += literal_len;
        value_len += decoded_len;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const VALID: &str = r#"{
  "source": "../sources/article.txt",
  "claims": [
    {
      "id": "recognition-date",
      "claim": "Russia became the first country to recognize the Taliban, on July 3.",
      "evidence": [
        {
          "quote": "On July 3, Russia became the first country",
          "paragraph": "p2",
          "start": 0,
          "end": 42,
          "prefix": "",
          "suffix": " to officially recognize the Taliban"
        }
      ],
      "note": "caf\u00e9 \"quoted\" — ok"
    }
  ]
}"#;

    fn assert_spans_are_sound(text: &str, errors: &[SchemaError]) {
        assert!(!errors.is_empty() && errors.len() <= 100);
        for error in errors {
            let span = &error.span;
            assert!(
                span.start <= span.end && span.end <= text.len(),
                "{error:?} in {text:?}"
            );
            assert!(
                text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
                "{error:?} in {text:?}"
            );
            assert!(!error.message.is_empty());
        }
    }

    #[test]
    fn a_bom_is_accepted_and_spans_keep_counting_it() {
        let with_bom = format!("\u{FEFF}{VALID}");
        let file = parse(&with_bom).expect("valid");
        let source = file.source.expect("source");
        assert_eq!(
            source.span.start,
            VALID.find("\"../").expect("in the text") + 3
        );
        assert_eq!(&with_bom[source.span], "\"../sources/article.txt\"");
        assert_eq!(
            file.claims[0].span.end,
            with_bom.rfind("}\n  ]").expect("in the text") + 1
        );

        let errors = parse("\u{FEFF}{\"source\": 1, \"claims\": []}").expect_err("invalid");
        assert_eq!(errors[0].span, 14..15);
    }

    #[test]
    fn an_empty_file_is_one_error_after_the_bom() {
        for (text, at) in [
            ("", 0),
            (" \n\t\r\n", 0),
            ("\u{FEFF}", 3),
            ("\u{FEFF}  \n", 3),
        ] {
            let errors = parse(text).expect_err("empty");
            assert_eq!(errors.len(), 1);
            assert_eq!(errors[0].message, "the annotation file is empty");
            assert_eq!(errors[0].span, at..at);
        }
    }

    #[test]
    fn syntax_errors_are_lower_case_and_located() {
        let cases = [
            (
                "{\"source\": \"a\" \"claims\": []}",
                14..14,
                "invalid JSON: expected comma",
            ),
            (
                "{\"source\": \"a\", \"claims\": [],}",
                28..29,
                "invalid JSON: trailing comma",
            ),
            (
                "{\"source\": 'a'}",
                11..12,
                "invalid JSON: single-quoted string",
            ),
            ("// hi\n{}", 0..5, "invalid JSON: comments are not allowed"),
            (
                "{source: 1}",
                1..7,
                "invalid JSON: expected a field name in double quotes",
            ),
            (
                "{\"a\" 1}",
                5..6,
                "invalid JSON: expected `:` after the field name",
            ),
            (
                "{\"a\": True}",
                6..10,
                "invalid JSON: unexpected word `True`",
            ),
            ("{\"a\": NaN }", 6..9, "invalid JSON: unexpected word `NaN`"),
            (
                "{\"a\": 0x1F}",
                6..7,
                "invalid JSON: hexadecimal numbers are not allowed",
            ),
            (
                "{\"a\": \"\\x41\"}",
                7..9,
                "invalid JSON: invalid escape `\\x`",
            ),
            (
                "{\"a\": \"\\ud800\"}",
                7..14,
                "invalid JSON: invalid unicode escape \\ud800 (unpaired high surrogate)",
            ),
            (
                "{\"a\": \"x\ty\"}",
                8..9,
                "invalid JSON: a string contains a raw control character",
            ),
            (
                "{\"a\": \"abc",
                6..10,
                "invalid JSON: unterminated string literal",
            ),
            (
                "{} {}",
                3..4,
                "invalid JSON: text cannot contain more than one JSON value",
            ),
            (
                "{\"a\": [1, 2}",
                11..12,
                "invalid JSON: unexpected close brace",
            ),
        ];
        for (text, span, message) in cases {
            let errors = parse(text).expect_err("invalid JSON");
            assert_eq!(errors.len(), 1, "{text}");
            assert_eq!(
                (errors[0].span.clone(), errors[0].message.as_str()),
                (span, message),
                "{text}"
            );
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        for text in [
            "[".repeat(100_000),
            "{\"a\":".repeat(100_000),
            format!("{}{}", "[".repeat(600), "]".repeat(600)),
        ] {
            let errors = parse(&text).expect_err("too deep");
            assert_eq!(errors.len(), 1);
            assert_eq!(errors[0].message, "invalid JSON: nested too deeply");
            assert_spans_are_sound(&text, &errors);
        }
    }

    /// One edit to the valid file: where, and what (no char: delete;
    /// `true`: overwrite rather than insert).
    fn mutation() -> impl Strategy<Value = (prop::sample::Index, Option<char>, bool)> {
        let chars = prop_oneof![
            prop::sample::select(vec![
                '{', '}', '[', ']', '"', ',', ':', '\\', '-', '.', '0', '9', 'e', 'p', ' ', '\n'
            ]),
            any::<char>(),
        ];
        (
            any::<prop::sample::Index>(),
            prop::option::of(chars),
            any::<bool>(),
        )
    }

    /// The full reader alone, without the fast path.
    fn parse_full_only(text: &str) -> Result<AnnotationFile, Vec<SchemaError>> {
        match text.strip_prefix('\u{FEFF}') {
            Some(rest) => parse_full(text, 3, &format!("   {rest}")),
            None => parse_full(text, 0, text),
        }
    }

    /// When the fast path reads a file, the full reader reads the very same
    /// model from it (spans included).
    fn assert_fast_path_agrees(text: &str) {
        let json_text = match text.strip_prefix('\u{FEFF}') {
            Some(rest) => format!("   {rest}"),
            None => text.to_string(),
        };
        if let Some(fast) = fast::read(&json_text) {
            let full =
                parse_full_only(text).expect("the fast path took a file the full reader rejects");
            assert_eq!(format!("{fast:?}"), format!("{full:?}"), "{text}");
        }
    }

    #[test]
    fn the_fast_path_reads_valid_files_as_the_full_reader_does() {
        let bundled = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/annotations/russia-recognizes-taliban.json"
        ))
        .expect("the bundled annotations");
        for text in [
            VALID.to_string(),
            format!("\u{FEFF}{VALID}"),
            format!(" \u{a0}\n{VALID}\u{2028}\t"),
            VALID.replace("\"quote\"", "\"quot\\u0065\""),
            bundled,
            r#"{"claims": [], "source": "a.txt"}"#.to_string(),
            r#"{"$schema": "../schema/claimcheck.schema.json", "source": "a.txt", "claims": []}"#
                .to_string(),
        ] {
            let json_text = match text.strip_prefix('\u{FEFF}') {
                Some(rest) => format!("   {rest}"),
                None => text.clone(),
            };
            assert!(
                fast::read(&json_text).is_some(),
                "fast path gave up on {text}"
            );
            assert_fast_path_agrees(&text);
        }
    }

    #[test]
    fn the_fast_path_leaves_every_problem_to_the_full_reader() {
        for text in [
            "",
            "{}",
            "[]",
            "{\"source\": \"a\", \"claims\": []} x",
            "{\"source\": \"a\", \"claims\": []} {}",
            "{\"source\": \"a\", \"claims\": [],}",
            "{\"source\": \"a\", \"claims\": [] // c\n}",
            "{\"source\": \"a\", \"source\": \"b\", \"claims\": []}",
            "{\"source\": \"a\", \"claims\": [], \"version\": 2}",
            "{\"$schema\": 1, \"source\": \"a\", \"claims\": []}",
            "{\"source\": \"a\tb\", \"claims\": []}",
            "{\"source\": \" \", \"claims\": []}",
            "{\"source\": \"a\", \"claims\": [1]}",
            "{\"source\": \"a\", \"claims\": [{\"id\": \"x\", \"claim\": \"a\", \"evidence\": []}, {\"id\": \"x\", \"claim\": \"b\", \"evidence\": []}]}",
            "{\"type\": \"Annotation\", \"source\": \"a\", \"claims\": []}",
            "{\"source\": \"a\", \"claims\": [{\"id\": \"x\", \"claim\": \"a\", \"evidence\": [{\"quote\": \"q\", \"start\": 3, \"end\": 3}]}]}",
            "{\"source\": \"a\", \"claims\": [{\"id\": \"x\", \"claim\": \"a\", \"evidence\": [{\"quote\": \"q\", \"start\": 3}]}]}",
            "{\"source\": \"a\", \"claims\": [{\"id\": \"x\", \"claim\": \"a\", \"evidence\": [{\"quote\": \"q\", \"start\": 1.0, \"end\": 3}]}]}",
            "{\"source\": \"a\", \"claims\": [{\"id\": \"x\", \"claim\": \"a\", \"evidence\": [{\"quote\": \"q\", \"paragraph\": \"p0\"}]}]}",
        ] {
            let errors = parse(text).expect_err("invalid");
            let full = parse_full_only(text).expect_err("invalid");
            assert_eq!(errors, full, "{text}");
        }
    }

    /// `VALID` with each edit applied in turn: a char inserted, replaced or
    /// (with no char) removed at a place.
    fn mutated(edits: Vec<(prop::sample::Index, Option<char>, bool)>) -> String {
        let mut text: Vec<char> = VALID.chars().collect();
        for (place, insert, replace) in edits {
            let at = place.index(text.len() + 1);
            match insert {
                Some(c) if replace && at < text.len() => text[at] = c,
                Some(c) => text.insert(at, c),
                None if at < text.len() => {
                    text.remove(at);
                }
                None => {}
            }
        }
        text.into_iter().collect()
    }

    proptest! {
        #[test]
        fn the_fast_path_agrees_on_mutated_valid_files(edits in prop::collection::vec(mutation(), 1..8)) {
            let text = mutated(edits);
            assert_fast_path_agrees(&text);
        }

        #[test]
        fn the_fast_path_agrees_on_json_like_text(text in r#"[\u{FEFF}]?[{}\[\]",:\\ a-z0-9.eE+\-\u{e9}\u{1F600}]{0,60}"#) {
            assert_fast_path_agrees(&text);
        }

        #[test]
        fn never_panics_on_arbitrary_text(text in any::<String>()) {
            if let Err(errors) = parse(&text) {
                assert_spans_are_sound(&text, &errors);
            }
        }

        #[test]
        fn never_panics_on_json_like_text(text in r#"[\u{FEFF}]?[{}\[\]",:\\ a-z0-9.eE+\-\u{e9}\u{1F600}]{0,60}"#) {
            if let Err(errors) = parse(&text) {
                assert_spans_are_sound(&text, &errors);
            }
        }

        #[test]
        fn never_panics_on_a_mutated_valid_file(edits in prop::collection::vec(mutation(), 1..8)) {
            let text = mutated(edits);
            if let Err(errors) = parse(&text) {
                assert_spans_are_sound(&text, &errors);
            }
        }
    }
}

/// Helpers shared by the readers' unit tests.
#[cfg(test)]
mod test_support {
    use super::{SchemaError, parse};

    /// The one error `text` must produce, as (the text under its span,
    /// message, help).
    pub(super) fn only_error(text: &str) -> (String, String, Option<String>) {
        let errors = parse(text).expect_err("the file should be rejected");
        assert_eq!(errors.len(), 1, "expected one error, got {errors:#?}");
        let SchemaError {
            message,
            span,
            help,
        } = errors.into_iter().next().expect("one error");
        (text[span].to_string(), message, help)
    }
}

#[cfg(test)]
mod literal_tests {
    use super::string_literal_bytes;

    /// The bytes of the literal that hold `fact` of the decoded `value`.
    fn underlined<'a>(literal: &'a str, value: &str, fact: &str) -> Option<&'a str> {
        let at = value.find(fact)?;
        let bytes = string_literal_bytes(literal, &(at..at + fact.len()))?;
        literal.get(bytes)
    }

    #[test]
    fn facts_are_underlined_through_json_escapes() {
        let literal = r#""Lavrov said \"allies\" in Russia\u2019s name, 2\ud83d\ude00 Putin""#;
        let value: String = serde_json::from_str(literal).expect("a JSON string");
        assert_eq!(underlined(literal, &value, "Lavrov"), Some("Lavrov"));
        assert_eq!(underlined(literal, &value, "allies"), Some("allies"));
        assert_eq!(
            underlined(literal, &value, "Russia’s"),
            Some(r"Russia\u2019s")
        );
        assert_eq!(underlined(literal, &value, "Putin"), Some("Putin"));
        assert_eq!(string_literal_bytes("not a string", &(0..1)), None);
        assert_eq!(string_literal_bytes(r#""short""#, &(0..99)), None);
    }
}
