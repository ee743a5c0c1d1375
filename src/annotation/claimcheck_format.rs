//! The claimcheck annotation format (CONTRACT §3): a `source` and a list of
//! `claims`, each with its `evidence` quotes. The schema is closed: an
//! unknown field is an error, usually a typo.

use std::fmt;

use jsonc_parser::ast::{Object, Value};

use super::json::{self, Reader, SeenIds};
use super::{AnnotationFile, Claim, Evidence, Format, Spanned};
use crate::address::ParagraphId;

/// The fields of the file, of a claim and of an evidence item: all there
/// are (`schema/claimcheck.schema.json` names the same, tested).
pub const FILE_FIELDS: &[&str] = &["source", "claims", "$schema"];
pub const CLAIM_FIELDS: &[&str] = &["id", "claim", "evidence", "note"];
pub const EVIDENCE_FIELDS: &[&str] = &["quote", "paragraph", "start", "end", "prefix", "suffix"];

/// Reads the whole file; what cannot be read is reported to `reader`.
pub(super) fn read(root: &Value, reader: &mut Reader) -> AnnotationFile {
    let mut file = AnnotationFile {
        format: Format::Claimcheck,
        source: None,
        claims: Vec::new(),
        notes: Vec::new(),
    };
    let Value::Object(object) = root else {
        let message = format!(
            "the annotation file must be a JSON object with `source` and `claims`, found {}",
            json::describe(root)
        );
        reader.error(json::value_span(root), message, None);
        return file;
    };
    reader.check_fields(object, FILE_FIELDS, "at the top level");
    let owner = "the annotation file";
    // `$schema` is for editors; only its type is checked.
    if let Some(schema) = json::field(object, "$schema") {
        reader.string("$schema", schema);
    }
    file.source = reader
        .required(object, "source", owner)
        .and_then(|value| reader.text("source", value));
    if let Some(claims) = reader
        .required(object, "claims", owner)
        .and_then(|value| reader.array("claims", value))
    {
        let mut ids = SeenIds::default();
        file.claims = claims
            .iter()
            .enumerate()
            .filter_map(|(index, claim)| read_claim(claim, index + 1, reader, &mut ids))
            .collect();
    }
    file
}

/// `number` is 1-based; it names the claim until its id is known.
fn read_claim(
    value: &Value,
    number: usize,
    reader: &mut Reader,
    ids: &mut SeenIds,
) -> Option<Claim> {
    let Value::Object(object) = value else {
        let message = format!(
            "claim {number} must be an object, found {}",
            json::describe(value)
        );
        reader.error(json::value_span(value), message, None);
        return None;
    };
    reader.check_fields(object, CLAIM_FIELDS, "in a claim");
    let unnamed = ClaimLabel { id: None, number };
    let id = reader
        .required(object, "id", &unnamed)
        .and_then(|value| reader.text("id", value));
    if let Some(id) = &id {
        ids.check(id, reader);
    }
    let label = ClaimLabel {
        id: id.as_ref().map(|id| id.value.as_str()),
        number,
    };
    let text = reader
        .required(object, "claim", &label)
        .and_then(|value| reader.text("claim", value));
    let evidence_value = reader.required(object, "evidence", &label);
    let evidence = evidence_value
        .and_then(|value| reader.array("evidence", value))
        .map(|items| {
            items
                .iter()
                .enumerate()
                .filter_map(|(index, item)| {
                    let label = EvidenceLabel {
                        number: index + 1,
                        claim: &label,
                    };
                    read_evidence(item, &label, reader)
                })
                .collect()
        });
    let note = json::field(object, "note").and_then(|value| reader.string("note", value));
    Some(Claim {
        id: id?,
        text: text?,
        evidence: evidence?,
        evidence_span: json::value_span(evidence_value?),
        note: note.map(Box::new),
        span: json::span(object.range),
        source: None,
    })
}

/// How messages name a claim: by id once it is known. Formatted only when
/// there is an error to report, not for every claim read.
struct ClaimLabel<'a> {
    id: Option<&'a str>,
    /// 1-based.
    number: usize,
}

impl fmt::Display for ClaimLabel<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.id {
            Some(id) => write!(f, "claim `{id}`"),
            None => write!(f, "claim {}", self.number),
        }
    }
}

/// "evidence 2 of claim `x`".
struct EvidenceLabel<'a> {
    number: usize,
    claim: &'a ClaimLabel<'a>,
}

impl fmt::Display for EvidenceLabel<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "evidence {} of {}", self.number, self.claim)
    }
}

/// `label` names the evidence in messages, e.g. "evidence 2 of claim `x`".
fn read_evidence(value: &Value, label: &EvidenceLabel, reader: &mut Reader) -> Option<Evidence> {
    let Value::Object(object) = value else {
        let message = format!("{label} must be an object, found {}", json::describe(value));
        reader.error(json::value_span(value), message, None);
        return None;
    };
    reader.check_fields(object, EVIDENCE_FIELDS, "in evidence");
    let quote = reader
        .required(object, "quote", label)
        .and_then(|value| reader.text("quote", value));
    let paragraph =
        json::field(object, "paragraph").and_then(|value| read_paragraph(value, reader));
    let mut offset_value_spans = None;
    let offsets = match (json::field(object, "start"), json::field(object, "end")) {
        (Some(start), Some(end)) => {
            offset_value_spans = Some((json::value_span(start), json::value_span(end)));
            reader.offsets(start, end)
        }
        (Some(_), None) => unpaired(object, "start", "end", reader),
        (None, Some(_)) => unpaired(object, "end", "start", reader),
        (None, None) => None,
    };
    let prefix = json::field(object, "prefix").and_then(|value| reader.string("prefix", value));
    let suffix = json::field(object, "suffix").and_then(|value| reader.string("suffix", value));
    Some(Evidence {
        quote: quote?,
        paragraph,
        offsets,
        offset_value_spans,
        prefix,
        suffix,
        position: None,
        quote_from_position: false,
        within: None,
        alternatives: Box::default(),
        span: json::span(object.range),
    })
}

/// Reports an offset given without its partner, on the whole `"start": 5`.
fn unpaired<T>(object: &Object, given: &str, missing: &str, reader: &mut Reader) -> Option<T> {
    if let Some(property) = object.get(given) {
        reader.error(
            json::span(property.range),
            format!("`{given}` is given without `{missing}`"),
            Some("offsets come in pairs: give both `start` and `end`, or neither".into()),
        );
    }
    None
}

/// `"pN"` (N from 1, no leading zeros) as the 0-based paragraph index.
fn read_paragraph(value: &Value, reader: &mut Reader) -> Option<Spanned<usize>> {
    let address = reader.string("paragraph", value)?;
    let index = address
        .value
        .strip_prefix('p')
        .filter(|digits| {
            !digits.starts_with('0') && digits.bytes().all(|byte| byte.is_ascii_digit())
        })
        .and_then(|digits| digits.parse::<usize>().ok())
        .and_then(|number| number.checked_sub(1));
    if index.is_none() {
        // Suggest the canonical spelling of near misses like "P2", "2" or "p02".
        let help = match address
            .value
            .trim_start_matches(['p', 'P'])
            .parse::<usize>()
        {
            Ok(0) => "paragraphs are numbered from \"p1\"".to_string(),
            Ok(number) => format!("did you mean \"{}\"?", ParagraphId(number - 1)),
            Err(_) => "paragraphs are addressed \"p1\", \"p2\", … in document order".to_string(),
        };
        let message = format!(
            "`paragraph` must be a paragraph address like \"p2\", found {:?}",
            address.value
        );
        reader.error(address.span.clone(), message, Some(help));
    }
    index.map(|index| Spanned::new(index, address.span))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::only_error;
    use super::super::{Offsets, parse};
    use super::*;

    /// A valid file with one evidence item whose fields are `evidence`.
    fn with_evidence(evidence: &str) -> String {
        format!(
            r#"{{"source": "a.txt", "claims": [{{"id": "c", "claim": "x", "evidence": [{evidence}]}}]}}"#
        )
    }

    const VALID: &str = r#"{
  "source": "../sources/caf\u00e9.txt",
  "claims": [
    {
      "id": "recognition-date",
      "claim": "Russia said \"yes\" — first, on July 3.",
      "evidence": [
        {
          "quote": "On July 3, Russia became the first",
          "paragraph": "p2",
          "end": 34,
          "start": 0,
          "prefix": "",
          "suffix": " country\n"
        },
        { "quote": "Kabul’s\tcafé" }
      ],
      "note": "free text"
    },
    { "id": "empty", "claim": "No evidence yet.", "evidence": [] }
  ]
}"#;

    #[test]
    fn reads_a_valid_file_with_exact_spans() {
        let file = parse(VALID).expect("valid");
        let at = |span: &std::ops::Range<usize>| &VALID[span.clone()];
        assert_eq!(file.format, Format::Claimcheck);
        let source = file.source.expect("source");
        assert_eq!(source.value, "../sources/café.txt");
        assert_eq!(at(&source.span), r#""../sources/caf\u00e9.txt""#);
        assert_eq!(file.claims.len(), 2);

        let claim = &file.claims[0];
        assert_eq!(claim.id.value, "recognition-date");
        assert_eq!(at(&claim.id.span), r#""recognition-date""#);
        assert_eq!(claim.text.value, "Russia said \"yes\" — first, on July 3.");
        assert_eq!(
            at(&claim.text.span),
            r#""Russia said \"yes\" — first, on July 3.""#
        );
        assert!(at(&claim.evidence_span).starts_with("[\n        {"));
        assert!(at(&claim.evidence_span).ends_with("café\" }\n      ]"));
        assert!(at(&claim.span).starts_with("{\n      \"id\""));
        assert!(at(&claim.span).ends_with("\"free text\"\n    }"));
        let note = claim.note.as_ref().expect("note");
        assert_eq!(
            (note.value.as_str(), at(&note.span)),
            ("free text", "\"free text\"")
        );

        let first = &claim.evidence[0];
        assert_eq!(first.quote.value, "On July 3, Russia became the first");
        let paragraph = first.paragraph.as_ref().expect("paragraph");
        assert_eq!((paragraph.value, at(&paragraph.span)), (1, "\"p2\""));
        let offsets = first.offsets.as_ref().expect("offsets");
        assert_eq!(offsets.value, Offsets { start: 0, end: 34 });
        // `end` comes first in the text, so the span runs from it to `start`.
        assert_eq!(at(&offsets.span), "34,\n          \"start\": 0");
        let prefix = first.prefix.as_ref().expect("prefix");
        assert_eq!((prefix.value.as_str(), at(&prefix.span)), ("", "\"\""));
        let suffix = first.suffix.as_ref().expect("suffix");
        assert_eq!(
            (suffix.value.as_str(), at(&suffix.span)),
            (" country\n", r#"" country\n""#)
        );
        assert!(first.position.is_none());
        assert!(at(&first.span).starts_with("{\n          \"quote\""));

        let second = &claim.evidence[1];
        assert_eq!(second.quote.value, "Kabul’s\tcafé");
        assert_eq!(at(&second.quote.span), r#""Kabul’s\tcafé""#);
        assert_eq!(at(&second.span), r#"{ "quote": "Kabul’s\tcafé" }"#);
        assert!(second.paragraph.is_none() && second.offsets.is_none());
        assert!(second.prefix.is_none() && second.suffix.is_none());

        let empty = &file.claims[1];
        assert!(empty.evidence.is_empty());
        assert_eq!(at(&empty.evidence_span), "[]");
        assert!(empty.note.is_none());
    }

    #[test]
    fn unknown_field_suggests_the_close_name() {
        let text = with_evidence(r#"{"qoute": "a"}"#);
        let errors = parse(&text).expect_err("invalid");
        // The misspelt field also leaves `quote` missing, but the "did you
        // mean" already says so: one error, not two.
        assert_eq!(errors.len(), 1);
        let unknown = &errors[0];
        assert_eq!(&text[unknown.span.clone()], "\"qoute\"");
        assert_eq!(unknown.message, "unknown field `qoute` in evidence");
        assert_eq!(unknown.help.as_deref(), Some("did you mean `quote`?"));
    }

    #[test]
    fn unknown_field_lists_the_allowed_names_when_nothing_is_close() {
        let text = r#"{"source": "a.txt", "claims": [], "version": 2}"#;
        let (under, message, help) = only_error(text);
        assert_eq!(under, "\"version\"");
        assert_eq!(message, "unknown field `version` at the top level");
        assert_eq!(
            help.as_deref(),
            Some("the allowed fields are `source`, `claims`, `$schema`")
        );
    }

    #[test]
    fn a_schema_reference_is_allowed_at_the_top_level() {
        let text =
            r#"{"$schema": "../schema/claimcheck.schema.json", "source": "a.txt", "claims": []}"#;
        assert_eq!(
            parse(text)
                .expect("valid")
                .source
                .map(|s| s.value)
                .as_deref(),
            Some("a.txt")
        );
        let (under, message, _) =
            only_error(r#"{"$schema": true, "source": "a.txt", "claims": []}"#);
        assert_eq!(
            (under.as_str(), message.as_str()),
            ("true", "`$schema` must be a string, found a boolean")
        );
        let (under, _, help) = only_error(r#"{"schema": "x", "source": "a.txt", "claims": []}"#);
        assert_eq!(
            (under.as_str(), help.as_deref()),
            ("\"schema\"", Some("did you mean `$schema`?"))
        );
    }

    #[test]
    fn wrong_types_point_at_the_value() {
        let text = with_evidence(r#"{"quote": "a", "start": "0", "end": 5}"#);
        let (under, message, _) = only_error(&text);
        assert_eq!(
            (under.as_str(), message.as_str()),
            ("\"0\"", "`start` must be a whole number, found a string")
        );

        let text = r#"{"source": "a.txt", "claims": {}}"#;
        let (under, message, _) = only_error(text);
        assert_eq!(
            (under.as_str(), message.as_str()),
            ("{}", "`claims` must be an array, found an object")
        );

        let text = r#"{"source": "a.txt", "claims": [{"id": "c", "claim": "x", "evidence": [], "note": 3}]}"#;
        let (under, message, _) = only_error(text);
        assert_eq!(
            (under.as_str(), message.as_str()),
            ("3", "`note` must be a string, found a number")
        );

        let (under, message, _) = only_error(r#"{"source": "a.txt", "claims": [7]}"#);
        assert_eq!(
            (under.as_str(), message.as_str()),
            ("7", "claim 1 must be an object, found a number")
        );

        let (under, message, _) = only_error(&with_evidence("null"));
        assert_eq!(
            (under.as_str(), message.as_str()),
            (
                "null",
                "evidence 1 of claim `c` must be an object, found null"
            )
        );

        let (under, message, _) = only_error("[1]");
        assert_eq!(under, "[1]");
        assert_eq!(
            message,
            "the annotation file must be a JSON object with `source` and `claims`, found an array"
        );
    }

    #[test]
    fn absurd_offsets_are_rejected() {
        for absurd in [
            "-1",
            "1.5",
            "1e400",
            "99999999999999999999",
            "4294967296",
            "1E2",
            "-0",
        ] {
            let text = with_evidence(&format!(r#"{{"quote": "a", "start": {absurd}, "end": 5}}"#));
            let (under, message, _) = only_error(&text);
            assert_eq!(under, absurd);
            assert_eq!(
                message,
                "`start` must be a whole number from 0 to 4294967295"
            );
        }
        let text = with_evidence(r#"{"quote": "a", "start": 0, "end": 4294967295}"#);
        let file = parse(&text).expect("u32::MAX is allowed");
        let offsets = file.claims[0].evidence[0]
            .offsets
            .as_ref()
            .map(|offsets| offsets.value);
        assert_eq!(
            offsets,
            Some(Offsets {
                start: 0,
                end: 4294967295
            })
        );
    }

    #[test]
    fn reversed_and_empty_offsets_span_both_values() {
        let (under, message, help) =
            only_error(&with_evidence(r#"{"quote": "a", "start": 80, "end": 78}"#));
        assert_eq!(under, r#"80, "end": 78"#);
        assert_eq!(message, "`start` (80) is after `end` (78)");
        assert_eq!(help.as_deref(), Some("the offsets are reversed; swap them"));

        let (under, message, _) =
            only_error(&with_evidence(r#"{"quote": "a", "end": 7, "start": 7}"#));
        assert_eq!(under, r#"7, "start": 7"#);
        assert_eq!(message, "`start` and `end` are both 7, an empty span");
    }

    #[test]
    fn an_offset_needs_its_partner() {
        let (under, message, _) = only_error(&with_evidence(r#"{"quote": "a", "start": 3}"#));
        assert_eq!(
            (under.as_str(), message.as_str()),
            (r#""start": 3"#, "`start` is given without `end`")
        );
        let (under, message, _) = only_error(&with_evidence(r#"{"end": 3, "quote": "a"}"#));
        assert_eq!(
            (under.as_str(), message.as_str()),
            (r#""end": 3"#, "`end` is given without `start`")
        );
    }

    #[test]
    fn paragraph_addresses_are_checked() {
        let file = parse(&with_evidence(r#"{"quote": "a", "paragraph": "p1"}"#)).expect("valid");
        assert_eq!(
            file.claims[0].evidence[0]
                .paragraph
                .as_ref()
                .map(|p| p.value),
            Some(0)
        );

        let cases = [
            ("\"p0\"", "paragraphs are numbered from \"p1\""),
            ("\"P3\"", "did you mean \"p3\"?"),
            ("\"4\"", "did you mean \"p4\"?"),
            ("\"p02\"", "did you mean \"p2\"?"),
            (
                "\"para 2\"",
                "paragraphs are addressed \"p1\", \"p2\", … in document order",
            ),
            (
                "\"p99999999999999999999999\"",
                "paragraphs are addressed \"p1\", \"p2\", … in document order",
            ),
        ];
        for (address, expected_help) in cases {
            let (under, message, help) = only_error(&with_evidence(&format!(
                r#"{{"quote": "a", "paragraph": {address}}}"#
            )));
            assert_eq!(under, address);
            assert!(
                message.starts_with("`paragraph` must be a paragraph address like \"p2\", found")
            );
            assert_eq!(help.as_deref(), Some(expected_help));
        }
        let (under, message, _) = only_error(&with_evidence(r#"{"quote": "a", "paragraph": 2}"#));
        assert_eq!(
            (under.as_str(), message.as_str()),
            ("2", "`paragraph` must be a string, found a number")
        );
    }

    #[test]
    fn required_text_must_not_be_empty_or_blank() {
        let (under, message, _) = only_error(&with_evidence(r#"{"quote": ""}"#));
        assert_eq!(
            (under.as_str(), message.as_str()),
            ("\"\"", "`quote` must not be empty")
        );
        let (under, message, _) = only_error(r#"{"source": " \t", "claims": []}"#);
        assert_eq!(
            (under.as_str(), message.as_str()),
            ("\" \\t\"", "`source` must not be only whitespace")
        );
    }

    #[test]
    fn missing_fields_point_at_the_opening_brace() {
        let text = r#"{"source": "a.txt", "claims": [{"id": "recognition-date", "claim": "x", "evidence": [{"quote": "a"}, {"paragraph": "p1"}]}]}"#;
        let (under, message, _) = only_error(text);
        assert_eq!(under, "{");
        assert_eq!(
            message,
            "evidence 2 of claim `recognition-date` is missing the required field `quote`"
        );
        let brace = text.find(r#"{"paragraph""#);
        assert_eq!(
            parse(text).expect_err("invalid")[0].span.start,
            brace.expect("in the text")
        );

        let (under, message, _) =
            only_error(r#"{"source": "a.txt", "claims": [{"claim": "x", "evidence": []}]}"#);
        assert_eq!(
            (under.as_str(), message.as_str()),
            ("{", "claim 1 is missing the required field `id`")
        );

        let errors = parse("{}").expect_err("invalid");
        let messages: Vec<_> = errors
            .iter()
            .map(|error| (error.span.clone(), error.message.as_str()))
            .collect();
        assert_eq!(
            messages,
            [
                (
                    0..1,
                    "the annotation file is missing the required field `source`"
                ),
                (
                    0..1,
                    "the annotation file is missing the required field `claims`"
                ),
            ]
        );
    }

    #[test]
    fn duplicate_keys_are_reported_on_the_second_key() {
        let text = "{\"source\": \"a.txt\",\n \"claims\": [],\n \"source\": \"b.txt\"}";
        let errors = parse(text).expect_err("invalid");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].span, 36..44);
        assert_eq!(errors[0].message, "duplicate field `source`");
        assert_eq!(
            errors[0].help.as_deref(),
            Some("the first `source` is on line 1; remove one of them")
        );
    }

    #[test]
    fn duplicate_claim_ids_are_reported_on_the_second_id() {
        let text = "{\"source\": \"a.txt\", \"claims\": [\n{\"id\": \"x\", \"claim\": \"a\", \"evidence\": []},\n{\"id\": \"x\", \"claim\": \"b\", \"evidence\": []}]}";
        let errors = parse(text).expect_err("invalid");
        assert_eq!(errors.len(), 1);
        let error = &errors[0];
        assert_eq!(&text[error.span.clone()], "\"x\"");
        assert_eq!(Some(error.span.start), text.rfind("\"x\""));
        assert_eq!(error.message, "duplicate claim id `x`");
        assert_eq!(
            error.help.as_deref(),
            Some("the first claim with this id is on line 2")
        );
    }

    #[test]
    fn collects_every_error_in_file_order() {
        let text = r#"{"claims": [{"id": 1, "claim": "", "evidence": [{"qoute": "a", "start": -1, "end": 2}], "extra": 0}], "sourc": "a"}"#;
        let errors = parse(text).expect_err("invalid");
        let found: Vec<_> = errors
            .iter()
            .map(|error| &text[error.span.clone()])
            .collect();
        assert_eq!(
            found,
            ["1", "\"\"", "\"qoute\"", "-1", "\"extra\"", "\"sourc\""]
        );
        assert_eq!(errors[5].help.as_deref(), Some("did you mean `source`?"));
    }

    #[test]
    fn caps_the_errors_at_one_hundred() {
        let claims = vec!["1"; 500].join(",");
        let errors =
            parse(&format!(r#"{{"source": "a", "claims": [{claims}]}}"#)).expect_err("invalid");
        assert_eq!(errors.len(), 100);
    }
}
