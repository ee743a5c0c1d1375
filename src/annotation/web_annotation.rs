//! W3C Web Annotation files (<https://www.w3.org/TR/annotation-model/>): one
//! `Annotation`, an array of them, or an `AnnotationCollection`.
//!
//! Each annotation is one claim, read as annotation tools write it:
//! - the claim text is its first textual body that is not a tag or another
//!   non-claim purpose (`tagging`, `classifying`, `linking` …, the body's
//!   `purpose` or else the annotation's one `motivation`); a `Choice` body
//!   gives its first such item; `format: text/html` is read as its text; a
//!   later `commenting` body is the claim's note;
//! - each target is one evidence item. A target's selectors are
//!   alternatives that describe the same passage (model §4.2): the first
//!   `TextQuoteSelector` is the quote, the first `TextPositionSelector` its
//!   document position; the others are not checked, and a note says so.
//!   `refinedBy` is applied to its parent's result: under a quote it is a
//!   quote inside that quote (whose context it inherits), under a position
//!   a quote somewhere inside those offsets. A `TextPositionSelector` alone
//!   selects whatever the file holds there (see [`crate::position`]);
//! - `source` is an IRI: `file:` IRIs and relative references are paths
//!   (percent-decoded); a `#char=S,E` fragment bounds the quote (or, with
//!   no selector, is its position); any other fragment is ignored, with a
//!   note. Annotations may target different sources: each claim keeps its
//!   own, and one annotation's targets must share one.
//!
//! The vocabulary is open, so fields claimcheck does not read are ignored
//! rather than reported.

use std::slice;

use jsonc_parser::ast::{Object, Value};

use super::json::{self, Reader, SeenIds};
use super::{AnnotationFile, Claim, Evidence, Format, Note, Offsets, Spanned, html_text, iri};
use crate::normalize::normalize;

/// The Web Annotation JSON-LD context, without its scheme so that both
/// `http:` and `https:` match.
const CONTEXT: &str = "//www.w3.org/ns/anno.jsonld";

/// Body purposes (and motivations) that say a body is not the claim.
const NOT_CLAIMS: &[&str] = &[
    "tagging",
    "classifying",
    "identifying",
    "linking",
    "bookmarking",
    "highlighting",
    "moderating",
    "replying",
    "editing",
    "questioning",
];

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

/// What reading one file collects besides its claims.
struct Context<'r, 't> {
    reader: &'r mut Reader<'t>,
    notes: Vec<Note>,
}

impl Context<'_, '_> {
    fn note(&mut self, span: std::ops::Range<usize>, message: String, help: Option<String>) {
        self.notes.push(Note {
            message,
            span,
            help,
        });
    }
}

/// Reads the whole file; what cannot be read is reported to `reader`.
pub(super) fn read(root: &Value, reader: &mut Reader) -> AnnotationFile {
    let annotations = match root {
        Value::Array(list) => &list.elements[..],
        Value::Object(object) if is_collection(object) => collection_items(object, reader),
        single => slice::from_ref(single),
    };
    let mut context = Context {
        reader,
        notes: Vec::new(),
    };
    let mut ids = SeenIds::default();
    let claims: Vec<Claim> = annotations
        .iter()
        .enumerate()
        .filter_map(|(index, annotation)| {
            read_annotation(annotation, index + 1, &mut context, &mut ids)
        })
        .collect();
    AnnotationFile {
        format: Format::WebAnnotation,
        source: claims
            .iter()
            .find_map(|claim| claim.source.as_deref().cloned()),
        claims,
        notes: context.notes,
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
    context: &mut Context,
    ids: &mut SeenIds,
) -> Option<Claim> {
    let Value::Object(object) = value else {
        let message = format!(
            "annotation {number} must be an object, found {}",
            json::describe(value)
        );
        context.reader.error(json::value_span(value), message, None);
        return None;
    };
    context.reader.check_duplicates(object);
    let (id, label) = match json::field(object, "id") {
        Some(value) => {
            // An id `claimcheck export` wrote names the claim it came from.
            let id = context.reader.text("id", value).map(|id| Spanned {
                value: iri::claim_id_of(&id.value).unwrap_or(id.value),
                span: id.span,
            });
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
        ids.check(id, context.reader);
    }
    let (text, note) = read_bodies(object, &label, context.reader);
    let target = context.reader.required(object, "target", &label);
    let targets = target.map(|target| read_targets(target, &label, context));
    let (evidence, source) = targets?;
    Some(Claim {
        id: id?,
        text: text?,
        evidence,
        evidence_span: json::value_span(target?),
        note: note.map(Box::new),
        span: json::span(object.range),
        source: source.map(Box::new),
    })
}

/// The strings of a field that holds one string or a list of them.
fn strings<'o>(object: &'o Object, name: &str) -> Vec<&'o str> {
    match json::field(object, name) {
        Some(Value::StringLit(one)) => vec![one.value.as_ref()],
        Some(Value::Array(list)) => list
            .elements
            .iter()
            .filter_map(|item| match item {
                Value::StringLit(one) => Some(one.value.as_ref()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// What a body is for: its own `purpose`, else the annotation's (single)
/// `motivation`, else that of the `Choice` it is an item of.
fn purposes<'o>(body: &'o Object, inherited: &[&'o str]) -> Vec<&'o str> {
    let own = strings(body, "purpose");
    if own.is_empty() {
        inherited.to_vec()
    } else {
        own
    }
}

/// Whether a body with these purposes is a tag, a link … rather than a
/// claim: every purpose it has is one of [`NOT_CLAIMS`].
fn is_not_a_claim(purposes: &[&str]) -> bool {
    !purposes.is_empty() && purposes.iter().all(|purpose| NOT_CLAIMS.contains(purpose))
}

/// A textual body: typed `TextualBody`, or any object with a `value`.
fn is_textual(body: &Object) -> bool {
    json::has_type(body, "TextualBody") || body.get("value").is_some()
}

/// The claim text (the first claim body, or `bodyValue`) and the note (a
/// later `commenting` body).
fn read_bodies(
    annotation: &Object,
    label: &str,
    reader: &mut Reader,
) -> (Option<Spanned<String>>, Option<Spanned<String>>) {
    let motivation = strings(annotation, "motivation");
    let motivation: &[&str] = if motivation.len() == 1 {
        &motivation
    } else {
        &[]
    };
    let body = json::field(annotation, "body");
    let bodies = match body {
        Some(Value::Array(list)) => &list.elements[..],
        Some(one) => slice::from_ref(one),
        None => &[],
    };
    let mut claim: Option<(&Object, Vec<&str>)> = None;
    let mut note: Option<&Object> = None;
    let mut not_claims: Vec<&str> = Vec::new();
    for body in bodies {
        let Value::Object(body) = body else { continue };
        // A Choice offers one of its items: the first that is a claim.
        let (textual, purposes) = if json::has_type(body, "Choice") {
            reader.check_duplicates(body);
            let inherited = purposes(body, motivation);
            let items = match json::field(body, "items") {
                Some(Value::Array(items)) => &items.elements[..],
                _ => &[],
            };
            let first = items.iter().find_map(|item| match item {
                Value::Object(item) if is_textual(item) => {
                    let purposes = purposes(item, &inherited);
                    (!is_not_a_claim(&purposes)).then_some((item, purposes))
                }
                _ => None,
            });
            match first {
                Some(first) => first,
                None => continue,
            }
        } else if is_textual(body) {
            (body, purposes(body, motivation))
        } else {
            continue;
        };
        if is_not_a_claim(&purposes) {
            not_claims.extend(purposes);
            continue;
        }
        match &claim {
            None => claim = Some((textual, purposes)),
            Some(_) if note.is_none() && purposes.contains(&"commenting") => note = Some(textual),
            Some(_) => {}
        }
    }
    if let Some((textual, _)) = claim {
        let text = body_text(textual, &format!("the TextualBody of {label}"), reader);
        let note = note.and_then(|note| body_text(note, &format!("the note of {label}"), reader));
        return (text, note);
    }
    if let Some(value) = json::field(annotation, "bodyValue") {
        return (reader.text("bodyValue", value), None);
    }
    let span = body.map_or_else(|| json::brace_span(annotation), json::value_span);
    let example = r#"add a body like {"type": "TextualBody", "value": "the claim"}"#;
    let help = if not_claims.is_empty() {
        example.to_owned()
    } else {
        not_claims.dedup();
        format!(
            "its bodies are for {} (`purpose`), not claims; {example}",
            not_claims.join(", ")
        )
    };
    reader.error(
        span,
        format!("{label} has no TextualBody to use as the claim text"),
        Some(help),
    );
    (None, None)
}

/// A textual body's `value`, as text: HTML (`format: text/html`) is read
/// as the text it shows, so markup and attributes are never facts.
fn body_text(body: &Object, owner: &str, reader: &mut Reader) -> Option<Spanned<String>> {
    reader.check_duplicates(body);
    let value = reader
        .required(body, "value", owner)
        .and_then(|value| reader.text("value", value))?;
    let html = strings(body, "format")
        .iter()
        .any(|format| matches!(*format, "text/html" | "application/xhtml+xml"));
    if !html {
        return Some(value);
    }
    let text = html_text::text(&value.value);
    if text.trim().is_empty() {
        reader.error(
            value.span,
            "`value` holds no text once its HTML markup is removed".into(),
            None,
        );
        return None;
    }
    Some(Spanned::new(text, value.span))
}

/// The evidence of every target, and the one source they share; a target
/// may also be just the source's IRI.
fn read_targets(
    value: &Value,
    label: &str,
    context: &mut Context,
) -> (Vec<Evidence>, Option<Spanned<String>>) {
    let targets = match value {
        Value::Array(list) => &list.elements[..],
        one => slice::from_ref(one),
    };
    // One item per target at most: no room for more (an item is 360 bytes).
    let mut evidence = Vec::with_capacity(targets.len());
    let mut source: Option<Spanned<String>> = None;
    for target in targets {
        let (found, named) = read_target(target, label, context);
        evidence.extend(found);
        let Some(named) = named else { continue };
        match &source {
            None => source = Some(named),
            Some(first) if first.value != named.value => {
                let help = format!(
                    "the first is {:?}, on line {}; an annotation is checked against one article: make one annotation per source",
                    first.value,
                    context.reader.line(first.span.start)
                );
                context.reader.error(
                    named.span,
                    format!("the targets of {label} name two different sources"),
                    Some(help),
                );
            }
            Some(_) => {}
        }
    }
    (evidence, source)
}

/// One target: its evidence (none, or one item) and its source.
fn read_target(
    target: &Value,
    label: &str,
    context: &mut Context,
) -> (Vec<Evidence>, Option<Spanned<String>>) {
    match target {
        Value::StringLit(_) => {
            let Some(iri) = context.reader.text("target", target) else {
                return (Vec::new(), None);
            };
            let (source, scope) = source_iri(iri, context);
            // A bare `article.txt#char=10,40` selects those chars.
            let evidence = scope
                .map(|scope| position_evidence(scope.clone(), scope.span))
                .into_iter()
                .collect();
            (evidence, Some(source))
        }
        Value::Object(object) if json::has_type(object, "Choice") => {
            context.reader.check_duplicates(object);
            let items = match json::field(object, "items") {
                Some(Value::Array(items)) => &items.elements[..],
                _ => &[],
            };
            // A consumer uses the first item it can (model §3.2.7).
            let mut first_source = None;
            for item in items {
                let (evidence, source) = read_target(item, label, context);
                if !evidence.is_empty() {
                    return (evidence, source);
                }
                first_source = first_source.or(source);
            }
            (Vec::new(), first_source)
        }
        Value::Object(object) => read_specific_resource(object, label, context),
        other => {
            let message = format!(
                "`target` must be an object or a string, found {}",
                json::describe(other)
            );
            context.reader.error(json::value_span(other), message, None);
            (Vec::new(), None)
        }
    }
}

/// A source IRI as a path, and the offsets a `#char=` fragment bounds.
fn source_iri(
    iri: Spanned<String>,
    context: &mut Context,
) -> (Spanned<String>, Option<Spanned<Offsets>>) {
    let read = iri::source_path(&iri.value);
    let scope = match &read.fragment {
        None => None,
        Some(fragment) => match iri::char_fragment(fragment) {
            Some((start, end)) => Some(Spanned::new(Offsets { start, end }, iri.span.clone())),
            None => {
                context.note(
                    iri.span.clone(),
                    format!("the fragment `#{fragment}` of this source is ignored"),
                    Some(
                        "claimcheck reads `#char=START,END` (RFC 5147) fragments; with any other, the whole file is searched"
                            .into(),
                    ),
                );
                None
            }
        },
    };
    (Spanned::new(read.path, iri.span), scope)
}

/// A target object: a SpecificResource (a `source` and its selectors), or
/// the resource itself (an `id`).
fn read_specific_resource(
    target: &Object,
    label: &str,
    context: &mut Context,
) -> (Vec<Evidence>, Option<Spanned<String>>) {
    context.reader.check_duplicates(target);
    let named = match json::field(target, "source") {
        Some(Value::Object(resource)) => context
            .reader
            .required(resource, "id", "the target's `source`")
            .and_then(|id| context.reader.text("id", id)),
        Some(iri) => context.reader.text("source", iri),
        // An External Web Resource as the target: the whole article.
        None if !json::has_type(target, "SpecificResource") => {
            json::field(target, "id").and_then(|id| match id {
                Value::StringLit(_) => context.reader.text("id", id),
                _ => None,
            })
        }
        None => None,
    };
    let (source, scope) = match named {
        Some(iri) => {
            let (source, scope) = source_iri(iri, context);
            (Some(source), scope)
        }
        None => (None, None),
    };
    let selectors = match json::field(target, "selector") {
        Some(Value::Array(list)) => &list.elements[..],
        Some(one) => slice::from_ref(one),
        None => &[],
    };
    let evidence = choose(selectors, scope, label, context);
    (evidence.into_iter().collect(), source)
}

/// What one selector (with its `refinedBy` chain) selects.
enum Selected<'o, 'a> {
    /// A quote: its TextQuoteSelector, the quotes it refines (nearest
    /// first), and the document offsets it lies within.
    Quote {
        selector: &'o Object<'a>,
        outer: Vec<&'o Object<'a>>,
        within: Option<Spanned<Offsets>>,
    },
    /// Document offsets alone.
    Position(Spanned<Offsets>),
    /// Nothing claimcheck can check.
    Nothing,
}

/// The selectors' pick: the first quote, positioned by the first position
/// (alternatives describe one passage); or the first position alone; or,
/// with no selector, the `#char=` fragment's offsets.
fn choose(
    selectors: &[Value],
    scope: Option<Spanned<Offsets>>,
    label: &str,
    context: &mut Context,
) -> Option<Evidence> {
    // A selector given by IRI (a string) carries no text to check: skip it.
    let objects: Vec<&Object> = selectors
        .iter()
        .filter_map(|selector| match selector {
            Value::Object(selector) => Some(selector),
            _ => None,
        })
        .collect();
    if objects.is_empty() {
        return scope.map(|scope| position_evidence(scope.clone(), scope.span));
    }
    let selected: Vec<(&Object, Selected)> = objects
        .iter()
        .map(|&selector| (selector, follow(selector, scope.clone(), context)))
        .collect();
    let quotes: Vec<usize> = (0..selected.len())
        .filter(|&i| matches!(selected[i].1, Selected::Quote { .. }))
        .collect();
    let position = selected
        .iter()
        .position(|(_, s)| matches!(s, Selected::Position(_)));
    for (index, (selector, selected)) in selected.iter().enumerate() {
        if matches!(selected, Selected::Position(_)) && Some(index) != position {
            context.note(
                json::span(selector.range),
                format!("this alternative TextPositionSelector of {label} is not used"),
                Some("a target's selectors describe the same passage (W3C model §4.2): claimcheck uses the first TextPositionSelector as the position of its quote".into()),
            );
        }
    }
    if quotes.len() > 1 {
        let first = json::span(selected[quotes[0]].0.range);
        let last = json::span(selected[quotes[quotes.len() - 1]].0.range);
        context.note(
            first.start..last.end,
            format!(
                "{label} gives {} alternative TextQuoteSelectors for one target",
                quotes.len()
            ),
            Some("they describe the same passage (W3C model §4.2): claimcheck checks the one it finds best in the source, the first when they tie".into()),
        );
    }
    let position_offsets = position.and_then(|index| match &selected[index].1 {
        Selected::Position(offsets) => Some(offsets.clone()),
        _ => None,
    });
    let mut quoted = quotes.iter().filter_map(|&index| match &selected[index].1 {
        Selected::Quote {
            selector,
            outer,
            within,
        } => quote_evidence(
            selector,
            outer,
            within.clone(),
            position_offsets.clone(),
            label,
            context.reader,
        ),
        _ => None,
    });
    if let Some(mut first) = quoted.next() {
        first.alternatives = quoted.collect();
        return Some(first);
    }
    match (position, position_offsets) {
        (Some(index), Some(offsets)) => Some(position_evidence(
            offsets,
            json::span(selected[index].0.range),
        )),
        _ => {
            if quotes.is_empty()
                && let Some(first) = objects.first()
            {
                context.note(
                    json::span(first.range),
                    format!("none of the selectors of this target of {label} can be checked"),
                    Some("claimcheck reads TextQuoteSelector and TextPositionSelector (and `refinedBy` chains of them)".into()),
                );
            }
            None
        }
    }
}

/// The selector `refinedBy` names (the first, if a list).
fn refined_by<'o, 'a>(selector: &'o Object<'a>) -> Option<&'o Object<'a>> {
    match json::field(selector, "refinedBy") {
        Some(Value::Object(next)) => Some(next),
        Some(Value::Array(list)) => list.elements.iter().find_map(|next| match next {
            Value::Object(next) => Some(next),
            _ => None,
        }),
        _ => None,
    }
}

/// Follows `selector`'s `refinedBy` chain, each step applied to the
/// result of the one before (model §4.2.9). `scope` bounds the result from
/// outside (a `#char=` fragment of the source).
fn follow<'o, 'a>(
    selector: &'o Object<'a>,
    scope: Option<Spanned<Offsets>>,
    context: &mut Context,
) -> Selected<'o, 'a> {
    let mut current = selector;
    let mut outer = Vec::new();
    let mut within = scope;
    // Whether `within` came from a position this chain refines: then a
    // position below it counts from its start.
    let mut under_position = false;
    loop {
        context.reader.check_duplicates(current);
        let next = refined_by(current);
        if json::has_type(current, "TextQuoteSelector") {
            match next {
                Some(next) if !json::has_type(next, "TextPositionSelector") => {
                    outer.insert(0, current);
                    current = next;
                    continue;
                }
                Some(next) => context.note(
                    json::span(next.range),
                    "a TextPositionSelector refining a TextQuoteSelector is not applied: the whole quote is checked".into(),
                    None,
                ),
                None => {}
            }
            return Selected::Quote {
                selector: current,
                outer,
                within,
            };
        }
        if json::has_type(current, "TextPositionSelector") {
            let Some(offsets) = position_of(current, context.reader) else {
                return Selected::Nothing;
            };
            let offsets = match &within {
                Some(parent) if under_position => Spanned::new(
                    Offsets {
                        start: parent.value.start + offsets.value.start,
                        end: parent.value.start + offsets.value.end,
                    },
                    offsets.span,
                ),
                _ => offsets,
            };
            match next {
                Some(next) => {
                    within = Some(offsets);
                    under_position = true;
                    current = next;
                }
                None => return Selected::Position(offsets),
            }
            continue;
        }
        let kind = strings(current, "type")
            .first()
            .copied()
            .unwrap_or("selector");
        match next {
            Some(next) => {
                context.note(
                    json::span(current.range),
                    format!("a {kind} cannot be applied to a text file: what refines it is searched for in the whole file"),
                    None,
                );
                current = next;
            }
            None => return Selected::Nothing,
        }
    }
}

/// A TextPositionSelector's `start`..`end`.
fn position_of(selector: &Object, reader: &mut Reader) -> Option<Spanned<Offsets>> {
    let owner = "a TextPositionSelector";
    let start = reader.required(selector, "start", owner);
    let end = reader.required(selector, "end", owner);
    start
        .zip(end)
        .and_then(|(start, end)| reader.offsets(start, end))
}

/// Evidence whose quote is whatever the file holds at `position`.
fn position_evidence(position: Spanned<Offsets>, span: std::ops::Range<usize>) -> Evidence {
    Evidence {
        quote: Spanned::new(String::new(), span.clone()),
        paragraph: None,
        offsets: None,
        offset_value_spans: None,
        prefix: None,
        suffix: None,
        position: Some(Box::new(position)),
        quote_from_position: true,
        within: None,
        alternatives: Box::default(),
        span,
    }
}

/// Where the normalized `quote` is in the normalized `text`: the
/// occurrence its recorded context fits, else the first.
fn place_inside(
    text: &str,
    quote: &str,
    (prefix, suffix): &(Option<Spanned<String>>, Option<Spanned<String>>),
) -> Option<usize> {
    let wanted = |c: &Option<Spanned<String>>| c.as_ref().map(|c| normalize(&c.value));
    let (prefix, suffix) = (wanted(prefix), wanted(suffix));
    let occurrences: Vec<usize> = text.match_indices(quote).map(|(at, _)| at).collect();
    let fits = |at: &&usize| {
        prefix
            .as_ref()
            .is_none_or(|p| text[..**at].ends_with(p.as_str()))
            && suffix
                .as_ref()
                .is_none_or(|s| text[**at + quote.len()..].starts_with(s.as_str()))
    };
    occurrences
        .iter()
        .find(fits)
        .or(occurrences.first())
        .copied()
}

/// The evidence of a TextQuoteSelector. A quote that refines others takes
/// its context from them: the text of its parent around it, and the
/// parent's own context.
fn quote_evidence(
    selector: &Object,
    outer: &[&Object],
    within: Option<Spanned<Offsets>>,
    position: Option<Spanned<Offsets>>,
    label: &str,
    reader: &mut Reader,
) -> Option<Evidence> {
    let owner = format!("a TextQuoteSelector of {label}");
    let quote = reader
        .required(selector, "exact", &owner)
        .and_then(|value| reader.text("exact", value))?;
    let mut prefix =
        json::field(selector, "prefix").and_then(|value| reader.string("prefix", value));
    let mut suffix =
        json::field(selector, "suffix").and_then(|value| reader.string("suffix", value));
    if let Some(outermost) = outer.last() {
        // Inside out: where the quote is in its parent, then the parent in
        // its own; the text around it, level by level, is its context.
        let (mut before, mut after) = (String::new(), String::new());
        let mut inner = normalize(&quote.value);
        let mut fit = (prefix.take(), suffix.take());
        for parent in outer {
            let parent_exact = reader
                .required(parent, "exact", &owner)
                .and_then(|value| reader.text("exact", value))?;
            let text = normalize(&parent_exact.value);
            let Some(at) = place_inside(&text, &inner, &fit) else {
                reader.error(
                    quote.span.clone(),
                    "this quote is not inside the quote of the TextQuoteSelector it refines".into(),
                    Some("`refinedBy` is applied to the result of its parent selector (W3C model §4.2.9): quote a part of the parent's `exact`".into()),
                );
                return None;
            };
            before = format!("{}{before}", &text[..at]);
            after = format!("{after}{}", &text[at + inner.len()..]);
            fit = (
                json::field(parent, "prefix").and_then(|value| reader.string("prefix", value)),
                json::field(parent, "suffix").and_then(|value| reader.string("suffix", value)),
            );
            inner = text;
        }
        let context =
            |c: Option<Spanned<String>>| c.map(|c| normalize(&c.value)).unwrap_or_default();
        let span = json::span(outermost.range);
        prefix = Some(Spanned::new(
            format!("{}{before}", context(fit.0)),
            span.clone(),
        ));
        suffix = Some(Spanned::new(format!("{after}{}", context(fit.1)), span));
    }
    Some(Evidence {
        quote,
        paragraph: None,
        offsets: None,
        offset_value_spans: None,
        prefix,
        suffix,
        position: position.map(Box::new),
        quote_from_position: false,
        within: within.map(Box::new),
        alternatives: Box::default(),
        span: json::span(selector.range),
    })
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
    fn each_annotation_keeps_its_own_source() {
        let text = "[{\"type\": \"Annotation\", \"bodyValue\": \"A.\", \"target\": \"one.txt\"},\n {\"type\": \"Annotation\", \"bodyValue\": \"B.\", \"target\": {\"source\": \"two%20b.txt\"}}]";
        let file = parse(text).expect("valid");
        let sources: Vec<_> = file
            .claims
            .iter()
            .map(|claim| claim.source.as_ref().map(|s| s.value.as_str()))
            .collect();
        assert_eq!(sources, [Some("one.txt"), Some("two b.txt")]);
        assert_eq!(
            file.source.as_ref().map(|s| s.value.as_str()),
            Some("one.txt")
        );
        let parts = file.by_source();
        let parts: Vec<_> = parts
            .iter()
            .map(|part| {
                (
                    part.source.as_ref().map(|s| s.value.clone()),
                    part.claims.len(),
                )
            })
            .collect();
        assert_eq!(
            parts,
            [(Some("one.txt".into()), 1), (Some("two b.txt".into()), 1)]
        );

        // One annotation's targets must share one source.
        let text = "{\"type\": \"Annotation\", \"id\": \"x\", \"bodyValue\": \"A.\",\n \"target\": [\"one.txt\", {\"source\": \"two.txt\"}]}";
        let (under, message, help) = only_error(text);
        assert_eq!(under, "\"two.txt\"");
        assert_eq!(
            message,
            "the targets of annotation `x` name two different sources"
        );
        assert_eq!(
            help.as_deref(),
            Some(
                "the first is \"one.txt\", on line 2; an annotation is checked against one article: make one annotation per source"
            )
        );
    }

    /// The claim text of an annotation whose bodies are `bodies`.
    fn claim_text(bodies: &str) -> Result<(String, Option<String>), String> {
        let text =
            format!(r#"{{"type": "Annotation", "id": "x", "body": {bodies}, "target": "d.txt"}}"#);
        match parse(&text) {
            Ok(file) => Ok((
                file.claims[0].text.value.clone(),
                file.claims[0].note.as_ref().map(|n| n.value.clone()),
            )),
            Err(errors) => Err(format!("{}: {:?}", errors[0].message, errors[0].help)),
        }
    }

    #[test]
    fn the_claim_text_is_the_first_body_that_is_a_claim() {
        let ok = |text: &str, note: Option<&str>| Ok((text.to_owned(), note.map(str::to_owned)));
        assert_eq!(
            claim_text(
                r#"[{"type": "TextualBody", "value": "politics", "purpose": "tagging"}, {"type": "TextualBody", "value": "The claim."}]"#
            ),
            ok("The claim.", None)
        );
        assert_eq!(
            claim_text(
                r#"[{"type": "TextualBody", "value": "The claim.", "purpose": "describing"}, {"type": "TextualBody", "value": "Checked twice.", "purpose": "commenting"}]"#
            ),
            ok("The claim.", Some("Checked twice."))
        );
        assert_eq!(
            claim_text(
                r#"{"type": "TextualBody", "format": "text/html", "value": "<p>The city <b>installed</b> 1,200 <a href='https://x.org/2019'>panels</a>.</p>"}"#
            ),
            ok("The city installed 1,200 panels.", None)
        );
        assert_eq!(
            claim_text(
                r#"{"type": "Choice", "items": [{"type": "TextualBody", "value": "In English.", "language": "en"}, {"type": "TextualBody", "value": "En français.", "language": "fr"}]}"#
            ),
            ok("In English.", None)
        );
        assert_eq!(
            claim_text(
                r#"[{"type": "Choice", "items": [{"type": "TextualBody", "value": "tag", "purpose": "tagging"}, {"type": "TextualBody", "value": "The claim."}]}]"#
            ),
            ok("The claim.", None)
        );
        assert_eq!(
            claim_text(r#"[{"type": "TextualBody", "value": "politics", "purpose": ["tagging", "classifying"]}]"#),
            Err("annotation `x` has no TextualBody to use as the claim text: Some(\"its bodies are for tagging, classifying (`purpose`), not claims; add a body like {\\\"type\\\": \\\"TextualBody\\\", \\\"value\\\": \\\"the claim\\\"}\")".into())
        );
        assert_eq!(
            claim_text(r#"{"type": "TextualBody", "format": "text/html", "value": "<img src=x>"}"#),
            Err("`value` holds no text once its HTML markup is removed: None".into())
        );
        // The annotation's one motivation is the purpose of a body without one.
        let text = r#"{"type": "Annotation", "motivation": "tagging", "body": [{"type": "TextualBody", "value": "tag"}], "bodyValue": "x", "target": "d.txt"}"#;
        assert_eq!(parse(text).expect("valid").claims[0].text.value, "x");
    }

    #[test]
    fn one_of_several_alternative_selectors_is_checked_and_the_others_noted() {
        let text = r##"{"type": "Annotation", "id": "x", "bodyValue": "A.", "target": {"source": "d.txt", "selector": [
  {"type": "CssSelector", "value": "#p2"},
  {"type": "TextQuoteSelector", "exact": "first"},
  {"type": "TextPositionSelector", "start": 4, "end": 9},
  {"type": "TextQuoteSelector", "exact": "second"}]}}"##;
        let file = parse(text).expect("valid");
        let [evidence] = &file.claims[0].evidence[..] else {
            panic!("one evidence item: {:?}", file.claims[0].evidence);
        };
        assert_eq!(evidence.quote.value, "first");
        assert_eq!(
            evidence.position.as_ref().map(|p| p.value),
            Some(Offsets { start: 4, end: 9 })
        );
        let alternatives: Vec<_> = evidence
            .alternatives
            .iter()
            .map(|alternative| alternative.quote.value.as_str())
            .collect();
        assert_eq!(alternatives, ["second"]);
        let notes: Vec<_> = file
            .notes
            .iter()
            .map(|note| (&text[note.span.clone()], note.message.as_str()))
            .collect();
        assert_eq!(
            notes,
            [(
                r#"{"type": "TextQuoteSelector", "exact": "first"},
  {"type": "TextPositionSelector", "start": 4, "end": 9},
  {"type": "TextQuoteSelector", "exact": "second"}"#,
                "annotation `x` gives 2 alternative TextQuoteSelectors for one target"
            )]
        );
    }

    #[test]
    fn refined_quotes_take_their_context_from_the_quote_they_refine() {
        let text = r#"{"type": "Annotation", "bodyValue": "A.", "target": {"source": "d.txt", "selector":
  {"type": "TextQuoteSelector", "exact": "the city said the city grew", "prefix": "Then ", "suffix": " fast",
   "refinedBy": {"type": "TextQuoteSelector", "exact": "city", "prefix": "said the "}}}}"#;
        let evidence = &parse(text).expect("valid").claims[0].evidence[0];
        assert_eq!(evidence.quote.value, "city");
        let context = |c: &Option<Spanned<String>>| c.as_ref().map(|c| c.value.clone());
        assert_eq!(
            context(&evidence.prefix).as_deref(),
            Some("Then the city said the ")
        );
        assert_eq!(context(&evidence.suffix).as_deref(), Some(" grew fast"));

        let outside = text.replace(r#""exact": "city""#, r#""exact": "town""#);
        let (under, message, _) = only_error(&outside);
        assert_eq!(under, "\"town\"");
        assert_eq!(
            message,
            "this quote is not inside the quote of the TextQuoteSelector it refines"
        );

        // Under a position, the quote is somewhere inside it; a position
        // under a position counts from the parent's start.
        let text = r#"{"type": "Annotation", "bodyValue": "A.", "target": {"source": "d.txt#char=100,200", "selector":
  {"type": "TextPositionSelector", "start": 10, "end": 90,
   "refinedBy": {"type": "TextPositionSelector", "start": 5, "end": 20,
     "refinedBy": {"type": "TextQuoteSelector", "exact": "city"}}}}}"#;
        let evidence = &parse(text).expect("valid").claims[0].evidence[0];
        assert_eq!(
            evidence.within.as_ref().map(|w| w.value),
            Some(Offsets { start: 15, end: 30 })
        );
        assert!(evidence.position.is_none());
    }

    #[test]
    fn source_iris_are_read_as_paths() {
        let text = r#"{"type": "Annotation", "bodyValue": "A.", "target": {"source": "file:///news/My%20Story.txt#section-2", "selector": {"type": "TextQuoteSelector", "exact": "a"}}}"#;
        let file = parse(text).expect("valid");
        let source = file.source.as_ref().expect("a source");
        assert_eq!(source.value, "/news/My Story.txt");
        assert_eq!(
            &text[source.span.clone()],
            "\"file:///news/My%20Story.txt#section-2\""
        );
        assert_eq!(file.notes.len(), 1);
        assert_eq!(
            file.notes[0].message,
            "the fragment `#section-2` of this source is ignored"
        );
        // A `#char=` fragment alone is a position.
        let text = r#"{"type": "Annotation", "bodyValue": "A.", "target": "a.txt#char=3,9"}"#;
        let evidence = &parse(text).expect("valid").claims[0].evidence[0];
        assert!(evidence.quote_from_position);
        assert_eq!(
            evidence.position.as_ref().map(|p| p.value),
            Some(Offsets { start: 3, end: 9 })
        );
        // An id `claimcheck export` wrote is the claim's own.
        let text = r#"{"type": "Annotation", "id": "urn:claimcheck:a.json#draft%201", "bodyValue": "A.", "target": "a.txt"}"#;
        assert_eq!(parse(text).expect("valid").claims[0].id.value, "draft 1");
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

        let position_only = r#"{"type": "Annotation", "bodyValue": "A.", "target": {"selector": {"type": "TextPositionSelector", "start": 1}}}"#;
        let (under, message, _) = only_error(position_only);
        assert_eq!(under, "{");
        assert_eq!(
            message,
            "a TextPositionSelector is missing the required field `end`"
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
