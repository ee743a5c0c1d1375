//! W3C Web Annotation files (<https://www.w3.org/TR/annotation-model/>): one
//! `Annotation`, an array of them, or an `AnnotationCollection`.
//!
//! Each annotation is one claim: its `TextualBody` is the claim text and its
//! `TextQuoteSelector`s are the evidence. The vocabulary is open, so fields
//! claimcheck does not read are ignored rather than reported.

use std::slice;

use jsonc_parser::ast::{Object, Value};

use super::json::{self, Reader, SeenIds};
use super::{AnnotationFile, Claim, Evidence, Format, Spanned};

/// The Web Annotation JSON-LD context, without its scheme so that both
/// `http:` and `https:` match.
const CONTEXT: &str = "//www.w3.org/ns/anno.jsonld";

/// Whether `root` is written in the Web Annotation vocabulary.
pub(super) fn detect(root: &Value) -> bool {
    match root {
        Value::Object(object) => is_annotation(object) || is_collection(object),
        Value::Array(list) => list
            .elements
            .iter()
            .any(|item| matches!(item, Value::Object(object) if is_annotation(object))),
        _ => false,
    }
}

fn is_annotation(object: &Object) -> bool {
    json::has_type(object, "Annotation") || names_context(object)
}

fn is_collection(object: &Object) -> bool {
    json::has_type(object, "AnnotationCollection") || json::has_type(object, "AnnotationPage")
}

fn names_context(object: &Object) -> bool {
    let names =
        |value: &Value| matches!(value, Value::StringLit(iri) if iri.value.contains(CONTEXT));
    match json::field(object, "@context") {
        Some(Value::Array(contexts)) => contexts.elements.iter().any(names),
        Some(context) => names(context),
        None => false,
    }
}

/// Reads the whole file; what cannot be read is reported to `reader`.
pub(super) fn read(root: &Value, reader: &mut Reader) -> AnnotationFile {
    let annotations = match root {
        Value::Array(list) => &list.elements[..],
        Value::Object(object) if is_collection(object) => collection_items(object, reader),
        single => slice::from_ref(single),
    };
    let mut source = Source::default();
    let mut ids = SeenIds::default();
    let claims = annotations
        .iter()
        .enumerate()
        .filter_map(|(index, annotation)| {
            read_annotation(annotation, index + 1, reader, &mut ids, &mut source)
        })
        .collect();
    AnnotationFile {
        format: Format::WebAnnotation,
        source: source.first,
        claims,
    }
}

/// The annotations of a collection: on its embedded first page, or directly
/// in its (or a page's) `items`.
fn collection_items<'v, 'a>(collection: &'v Object<'a>, reader: &mut Reader) -> &'v [Value<'a>] {
    reader.check_duplicates(collection);
    let first_page = match json::field(collection, "first") {
        Some(Value::Object(page)) => {
            reader.check_duplicates(page);
            Some(page)
        }
        _ => None,
    };
    let items = first_page
        .and_then(|page| json::field(page, "items"))
        .or_else(|| json::field(collection, "items"));
    match items {
        Some(items) => reader.array("items", items).unwrap_or_default(),
        None => {
            reader.error(
                json::brace_span(collection),
                "this AnnotationCollection holds no annotations".into(),
                Some("put them in `first.items` (an embedded AnnotationPage) or in `items`".into()),
            );
            &[]
        }
    }
}

/// `number` is 1-based; it names an annotation that has no `id`.
fn read_annotation(
    value: &Value,
    number: usize,
    reader: &mut Reader,
    ids: &mut SeenIds,
    source: &mut Source,
) -> Option<Claim> {
    let Value::Object(object) = value else {
        let message = format!(
            "annotation {number} must be an object, found {}",
            json::describe(value)
        );
        reader.error(json::value_span(value), message, None);
        return None;
    };
    reader.check_duplicates(object);
    let (id, label) = match json::field(object, "id") {
        Some(value) => {
            let id = reader.text("id", value);
            let label = match &id {
                Some(id) => format!("annotation `{}`", id.value),
                None => format!("annotation {number}"),
            };
            (id, label)
        }
        // An anonymous annotation is named after its place in the file.
        None => {
            let id = Spanned::new(format!("annotation-{number}"), json::brace_span(object));
            (Some(id), format!("annotation {number}"))
        }
    };
    if let Some(id) = &id {
        ids.check(id, reader);
    }
    let text = claim_text(object, &label, reader);
    let target = reader.required(object, "target", &label);
    let evidence = target.map(|target| read_targets(target, &label, reader, source));
    Some(Claim {
        id: id?,
        text: text?,
        evidence: evidence?,
        evidence_span: json::value_span(target?),
        note: None,
        span: json::span(object.range),
    })
}

/// The `value` of the first `TextualBody` (or `bodyValue`, its shorthand).
fn claim_text(annotation: &Object, label: &str, reader: &mut Reader) -> Option<Spanned<String>> {
    let body = json::field(annotation, "body");
    let bodies = match body {
        Some(Value::Array(list)) => &list.elements[..],
        Some(one) => slice::from_ref(one),
        None => &[],
    };
    let textual = bodies.iter().find_map(|body| match body {
        Value::Object(body)
            if json::has_type(body, "TextualBody") || body.get("value").is_some() =>
        {
            Some(body)
        }
        _ => None,
    });
    if let Some(textual) = textual {
        reader.check_duplicates(textual);
        let owner = format!("the TextualBody of {label}");
        return reader
            .required(textual, "value", &owner)
            .and_then(|value| reader.text("value", value));
    }
    if let Some(value) = json::field(annotation, "bodyValue") {
        return reader.text("bodyValue", value);
    }
    let span = body.map_or_else(|| json::brace_span(annotation), json::value_span);
    reader.error(
        span,
        format!("{label} has no TextualBody to use as the claim text"),
        Some(r#"add a body like {"type": "TextualBody", "value": "the claim"}"#.into()),
    );
    None
}

/// The evidence of every target; a target may also be just the source's IRI.
fn read_targets(
    value: &Value,
    label: &str,
    reader: &mut Reader,
    source: &mut Source,
) -> Vec<Evidence> {
    let targets = match value {
        Value::Array(list) => &list.elements[..],
        one => slice::from_ref(one),
    };
    let mut evidence = Vec::new();
    for target in targets {
        match target {
            Value::Object(target) => evidence.extend(read_target(target, label, reader, source)),
            Value::StringLit(_) => {
                if let Some(iri) = reader.text("target", target) {
                    source.note(iri, reader);
                }
            }
            other => {
                let message = format!(
                    "`target` must be an object or a string, found {}",
                    json::describe(other)
                );
                reader.error(json::value_span(other), message, None);
            }
        }
    }
    evidence
}

/// One evidence item per `TextQuoteSelector`; the target's first
/// `TextPositionSelector` becomes the position hint of each.
fn read_target(
    target: &Object,
    label: &str,
    reader: &mut Reader,
    source: &mut Source,
) -> Vec<Evidence> {
    reader.check_duplicates(target);
    if let Some(iri) = json::field(target, "source").and_then(|value| read_source(value, reader)) {
        source.note(iri, reader);
    }
    let selectors = match json::field(target, "selector") {
        Some(Value::Array(list)) => &list.elements[..],
        Some(one) => slice::from_ref(one),
        None => &[],
    };
    let mut quotes = Vec::new();
    let mut has_quote_selector = false;
    let mut position_selector = None;
    // A selector given by IRI (a string) carries no text to check: skip it.
    for selector in selectors.iter().filter_map(|selector| match selector {
        Value::Object(selector) => Some(selector),
        _ => None,
    }) {
        reader.check_duplicates(selector);
        if json::has_type(selector, "TextQuoteSelector") {
            has_quote_selector = true;
            quotes.extend(read_quote(selector, label, reader));
        } else if json::has_type(selector, "TextPositionSelector") && position_selector.is_none() {
            position_selector = Some(selector);
        }
    }
    let Some(selector) = position_selector else {
        return quotes;
    };
    if !has_quote_selector {
        reader.error(
            json::span(selector.range),
            format!("{label} has a TextPositionSelector but no TextQuoteSelector"),
            Some(
                "claimcheck checks quoted text: add a TextQuoteSelector with the `exact` words"
                    .into(),
            ),
        );
    }
    let owner = format!("the TextPositionSelector of {label}");
    let start = reader.required(selector, "start", &owner);
    let end = reader.required(selector, "end", &owner);
    let position = start
        .zip(end)
        .and_then(|(start, end)| reader.offsets(start, end));
    for quote in &mut quotes {
        quote.position.clone_from(&position);
    }
    quotes
}

fn read_quote(selector: &Object, label: &str, reader: &mut Reader) -> Option<Evidence> {
    let owner = format!("a TextQuoteSelector of {label}");
    let quote = reader
        .required(selector, "exact", &owner)
        .and_then(|value| reader.text("exact", value));
    let prefix = json::field(selector, "prefix").and_then(|value| reader.string("prefix", value));
    let suffix = json::field(selector, "suffix").and_then(|value| reader.string("suffix", value));
    Some(Evidence {
        quote: quote?,
        paragraph: None,
        offsets: None,
        offset_value_spans: None,
        prefix,
        suffix,
        position: None,
        span: json::span(selector.range),
    })
}

/// A target's `source`: an IRI, or a resource object with an `id`.
fn read_source(value: &Value, reader: &mut Reader) -> Option<Spanned<String>> {
    match value {
        Value::Object(resource) => reader
            .required(resource, "id", "the target's `source`")
            .and_then(|id| reader.text("id", id)),
        iri => reader.text("source", iri),
    }
}

/// The one source document every annotation in the file must target.
#[derive(Default)]
struct Source {
    first: Option<Spanned<String>>,
}

impl Source {
    fn note(&mut self, iri: Spanned<String>, reader: &mut Reader) {
        match &self.first {
            None => self.first = Some(iri),
            Some(first) if first.value != iri.value => {
                let help = format!(
                    "the first is {:?}, on line {}",
                    first.value,
                    reader.line(first.span.start)
                );
                reader.error(
                    iri.span,
                    "this file's annotations name two different sources".into(),
                    Some(help),
                );
            }
            Some(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::only_error;
    use super::super::{Offsets, parse};
    use super::*;

    const SINGLE: &str = r#"{
  "@context": "http://www.w3.org/ns/anno.jsonld",
  "id": "http://example.org/anno1",
  "type": "Annotation",
  "creator": {"name": "unknown fields are fine"},
  "body": [
    {"type": "SpecificResource", "source": "http://example.org/tag"},
    {"type": "TextualBody", "value": "Russia recognized the Taliban on July 3.", "purpose": "describing"}
  ],
  "target": {
    "source": "../sources/article.txt",
    "selector": [
      {"type": "TextPositionSelector", "start": 120, "end": 154},
      {"type": "TextQuoteSelector", "exact": "On July 3, Russia became the first", "prefix": "\n", "suffix": " country"}
    ]
  }
}"#;

    #[test]
    fn reads_a_single_annotation() {
        let file = parse(SINGLE).expect("valid");
        let at = |span: &std::ops::Range<usize>| &SINGLE[span.clone()];
        assert_eq!(file.format, Format::WebAnnotation);
        let source = file.source.expect("a source");
        assert_eq!(
            (source.value.as_str(), at(&source.span)),
            ("../sources/article.txt", "\"../sources/article.txt\"")
        );
        assert_eq!(file.claims.len(), 1);

        let claim = &file.claims[0];
        assert_eq!(claim.id.value, "http://example.org/anno1");
        assert_eq!(at(&claim.id.span), "\"http://example.org/anno1\"");
        assert_eq!(claim.text.value, "Russia recognized the Taliban on July 3.");
        assert_eq!(
            at(&claim.text.span),
            "\"Russia recognized the Taliban on July 3.\""
        );
        assert!(at(&claim.evidence_span).starts_with("{\n    \"source\""));
        assert!(at(&claim.evidence_span).ends_with("]\n  }"));
        assert_eq!(claim.span, 0..SINGLE.len());
        assert!(claim.note.is_none());

        let [evidence] = &claim.evidence[..] else {
            panic!("one evidence item, got {:?}", claim.evidence);
        };
        assert_eq!(evidence.quote.value, "On July 3, Russia became the first");
        assert!(at(&evidence.span).starts_with("{\"type\": \"TextQuoteSelector\""));
        assert_eq!(
            evidence.prefix.as_ref().map(|prefix| prefix.value.as_str()),
            Some("\n")
        );
        assert_eq!(
            evidence.suffix.as_ref().map(|suffix| at(&suffix.span)),
            Some("\" country\"")
        );
        let position = evidence.position.as_ref().expect("a position");
        assert_eq!(
            position.value,
            Offsets {
                start: 120,
                end: 154
            }
        );
        assert_eq!(at(&position.span), "120, \"end\": 154");
        assert!(evidence.paragraph.is_none() && evidence.offsets.is_none());
    }

    #[test]
    fn reads_an_array_of_annotations() {
        let text = r#"[
  {"type": "Annotation", "bodyValue": "First.", "target": "doc.txt"},
  {"type": ["Annotation"], "body": {"value": "Second."},
   "target": [{"source": "doc.txt", "selector": {"type": "TextQuoteSelector", "exact": "a"}},
              {"source": {"id": "doc.txt"}, "selector": [{"type": "TextQuoteSelector", "exact": "b"}, "http://example.org/selector"]}]}
]"#;
        let file = parse(text).expect("valid");
        assert_eq!(
            file.source.as_ref().map(|source| source.value.as_str()),
            Some("doc.txt")
        );
        let ids: Vec<_> = file
            .claims
            .iter()
            .map(|claim| claim.id.value.as_str())
            .collect();
        assert_eq!(ids, ["annotation-1", "annotation-2"]);
        // An anonymous annotation's id points at its opening brace.
        assert_eq!(&text[file.claims[0].id.span.clone()], "{");
        assert_eq!(file.claims[0].text.value, "First.");
        assert!(file.claims[0].evidence.is_empty());
        assert_eq!(&text[file.claims[0].evidence_span.clone()], "\"doc.txt\"");
        let quotes: Vec<_> = file.claims[1]
            .evidence
            .iter()
            .map(|evidence| evidence.quote.value.as_str())
            .collect();
        assert_eq!(quotes, ["a", "b"]);
        assert!(
            file.claims[1]
                .evidence
                .iter()
                .all(|evidence| evidence.position.is_none())
        );
    }

    #[test]
    fn reads_a_collection() {
        let paged = r#"{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection",
  "first": {"type": "AnnotationPage", "items": [
    {"id": "a", "type": "Annotation", "bodyValue": "A.", "target": {"selector": {"type": "TextQuoteSelector", "exact": "x"}}}]}}"#;
        let file = parse(paged).expect("valid");
        assert!(file.source.is_none());
        assert_eq!(file.claims.len(), 1);
        assert_eq!(file.claims[0].id.value, "a");

        let direct = r#"{"type": "AnnotationCollection", "items": [
    {"id": "a", "bodyValue": "A.", "target": "doc.txt"}, {"id": "b", "bodyValue": "B.", "target": "doc.txt"}]}"#;
        let file = parse(direct).expect("valid");
        assert_eq!(file.claims.len(), 2);

        let (under, message, _) =
            only_error(r#"{"type": "AnnotationCollection", "first": "http://example.org/page1"}"#);
        assert_eq!(
            (under.as_str(), message.as_str()),
            ("{", "this AnnotationCollection holds no annotations")
        );
    }

    #[test]
    fn reports_a_missing_claim_text() {
        let text =
            r#"{"type": "Annotation", "id": "x", "body": {"type": "Image"}, "target": "doc.txt"}"#;
        let (under, message, _) = only_error(text);
        assert_eq!(under, r#"{"type": "Image"}"#);
        assert_eq!(
            message,
            "annotation `x` has no TextualBody to use as the claim text"
        );

        let (under, message, _) = only_error(r#"{"type": "Annotation", "target": "doc.txt"}"#);
        assert_eq!(
            (under.as_str(), message.as_str()),
            (
                "{",
                "annotation 1 has no TextualBody to use as the claim text"
            )
        );

        let text =
            r#"{"type": "Annotation", "id": "x", "body": {"type": "TextualBody"}, "target": "d"}"#;
        let (under, message, _) = only_error(text);
        assert_eq!(under, "{");
        assert_eq!(
            message,
            "the TextualBody of annotation `x` is missing the required field `value`"
        );
    }

    #[test]
    fn reports_two_sources() {
        let text = "[{\"type\": \"Annotation\", \"bodyValue\": \"A.\", \"target\": \"one.txt\"},\n {\"type\": \"Annotation\", \"bodyValue\": \"B.\", \"target\": {\"source\": \"two.txt\"}}]";
        let (under, message, help) = only_error(text);
        assert_eq!(under, "\"two.txt\"");
        assert_eq!(
            message,
            "this file's annotations name two different sources"
        );
        assert_eq!(help.as_deref(), Some("the first is \"one.txt\", on line 1"));
    }

    #[test]
    fn validates_the_fields_it_reads() {
        let quote_without_exact = r#"{"type": "Annotation", "id": "x", "bodyValue": "A.", "target": {"selector": {"type": "TextQuoteSelector", "prefix": "a"}}}"#;
        let (under, message, _) = only_error(quote_without_exact);
        assert_eq!(under, "{");
        assert_eq!(
            message,
            "a TextQuoteSelector of annotation `x` is missing the required field `exact`"
        );

        let reversed = r#"{"type": "Annotation", "bodyValue": "A.", "target": {"selector": [{"type": "TextQuoteSelector", "exact": "a"}, {"type": "TextPositionSelector", "start": 9, "end": 2}]}}"#;
        let (under, message, _) = only_error(reversed);
        assert_eq!(
            (under.as_str(), message.as_str()),
            (r#"9, "end": 2"#, "`start` (9) is after `end` (2)")
        );

        let position_only = r#"{"type": "Annotation", "bodyValue": "A.", "target": {"selector": {"type": "TextPositionSelector", "start": 1, "end": 2}}}"#;
        let (under, message, _) = only_error(position_only);
        assert_eq!(
            under,
            r#"{"type": "TextPositionSelector", "start": 1, "end": 2}"#
        );
        assert_eq!(
            message,
            "annotation 1 has a TextPositionSelector but no TextQuoteSelector"
        );

        let (under, message, _) =
            only_error(r#"{"type": "Annotation", "id": 5, "bodyValue": "A.", "target": "d"}"#);
        assert_eq!(
            (under.as_str(), message.as_str()),
            ("5", "`id` must be a string, found a number")
        );

        let (under, message, _) = only_error(r#"{"type": "Annotation", "bodyValue": "A."}"#);
        assert_eq!(
            (under.as_str(), message.as_str()),
            ("{", "annotation 1 is missing the required field `target`")
        );

        let (under, message, _) =
            only_error(r#"[{"type": "Annotation", "bodyValue": "A.", "target": "d"}, 3]"#);
        assert_eq!(
            (under.as_str(), message.as_str()),
            ("3", "annotation 2 must be an object, found a number")
        );

        let duplicate = r#"[{"id": "a", "type": "Annotation", "bodyValue": "A.", "target": "d"}, {"id": "a", "type": "Annotation", "bodyValue": "B.", "target": "d"}]"#;
        let (under, message, _) = only_error(duplicate);
        assert_eq!(
            (under.as_str(), message.as_str()),
            ("\"a\"", "duplicate claim id `a`")
        );
    }

    #[test]
    fn detects_the_vocabulary() {
        let detected = |text: &str| parse(text).map(|file| file.format).ok();
        let minimal = r#"{"@context": ["https://www.w3.org/ns/anno.jsonld"], "bodyValue": "A.", "target": "d"}"#;
        assert_eq!(detected(minimal), Some(Format::WebAnnotation));
        let claimcheck = r#"{"source": "d", "claims": []}"#;
        assert_eq!(detected(claimcheck), Some(Format::Claimcheck));
        // An array only counts as annotations when one of them says so.
        let (_, message, _) = only_error(r#"[{"bodyValue": "A.", "target": "d"}]"#);
        assert!(message.starts_with("the annotation file must be a JSON object"));
    }
}
