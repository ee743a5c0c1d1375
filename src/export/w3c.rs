//! W3C Web Annotation export (<https://www.w3.org/TR/annotation-model/>).
//!
//! An annotation file becomes one `AnnotationCollection` whose embedded
//! first page holds one `Annotation` per claim:
//! - `id`: `urn:claimcheck:FILE#CLAIM` (an id that already is an IRI stays
//!   itself), which claimcheck reads back as the claim's own id;
//! - `body`: the claim as a `TextualBody` (`purpose: describing`), and its
//!   note as a second one (`purpose: commenting`);
//! - `target`: per evidence item a `SpecificResource` on the source's IRI
//!   with a `TextQuoteSelector` (`exact`, `prefix`, `suffix`) and a
//!   `TextPositionSelector` in document chars ([`crate::position`]): where
//!   the quote is, for evidence found exactly; where it was recorded, for
//!   the rest, so that checking the export gives the same verdicts (every
//!   item is checked to resolve as its native one does before it is
//!   written). A claim without evidence targets the whole source.

use serde_json::{Map, Value, json};

use super::Part;
use crate::annotation::{Claim, Evidence, Offsets, iri};
use crate::matching::{self, Hints, Location, Resolution};
use crate::position;
use crate::source::Source;

/// The Web Annotation JSON-LD context.
pub const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

/// Chars of context written as `prefix`/`suffix` for a quote found
/// exactly, as annotation tools store.
const CONTEXT_CHARS: usize = 32;

/// The collection of the annotation file named `file` (as shown to users;
/// it makes the ids), from its checked parts, in order.
pub fn collection(file: &str, parts: &[Part<'_>]) -> Value {
    let items: Vec<Value> = parts
        .iter()
        .flat_map(|part| {
            part.claims().map(move |(claim, verdict)| {
                annotation(file, claim, &verdict.evidence, part.source, part.source_iri)
            })
        })
        .collect();
    let id = iri::file_urn(file);
    json!({
        "@context": CONTEXT,
        "id": id,
        "type": "AnnotationCollection",
        "label": format!("Claims about their sources, from {file}"),
        "total": items.len(),
        "first": {
            "id": format!("{id}?page=1"),
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    })
}

/// One claim as an `Annotation`; `resolutions` are its evidence's verdicts.
pub fn annotation(
    file: &str,
    claim: &Claim,
    resolutions: &[Resolution],
    source: &Source,
    source_iri: &str,
) -> Value {
    let mut body = vec![json!({
        "type": "TextualBody",
        "value": claim.text.value,
        "format": "text/plain",
        "purpose": "describing",
    })];
    if let Some(note) = &claim.note {
        body.push(json!({
            "type": "TextualBody",
            "value": note.value,
            "format": "text/plain",
            "purpose": "commenting",
        }));
    }
    let target: Value = if claim.evidence.is_empty() {
        Value::from(source_iri)
    } else {
        claim
            .evidence
            .iter()
            .zip(resolutions)
            .map(|(evidence, resolution)| target(evidence, resolution, source, source_iri))
            .collect()
    };
    json!({
        "@context": CONTEXT,
        "id": iri::claim_iri(file, &claim.id.value),
        "type": "Annotation",
        "body": body,
        "target": target,
    })
}

/// The hints a W3C target can carry.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Written {
    quote: Option<String>,
    prefix: Option<String>,
    suffix: Option<String>,
    position: Option<Offsets>,
}

fn target(
    evidence: &Evidence,
    resolution: &Resolution,
    source: &Source,
    source_iri: &str,
) -> Value {
    let written = choose(evidence, resolution, source);
    let mut selectors = Vec::new();
    if let Some(quote) = &written.quote {
        let mut selector = Map::new();
        selector.insert("type".into(), "TextQuoteSelector".into());
        selector.insert("exact".into(), quote.as_str().into());
        if let Some(prefix) = &written.prefix {
            selector.insert("prefix".into(), prefix.as_str().into());
        }
        if let Some(suffix) = &written.suffix {
            selector.insert("suffix".into(), suffix.as_str().into());
        }
        selectors.push(Value::Object(selector));
    }
    if let Some(position) = written.position {
        selectors.push(json!({
            "type": "TextPositionSelector",
            "start": position.start,
            "end": position.end,
        }));
    }
    json!({
        "type": "SpecificResource",
        "source": source_iri,
        "selector": selectors,
    })
}

/// The first way of writing `evidence` that reads back to `resolution`:
/// for a quote found exactly, where it is with its context; else the hints
/// it records, as a document position; else fewer hints. A quote that was
/// a position alone is written as that position (with the text found there,
/// when there is some).
fn choose(evidence: &Evidence, resolution: &Resolution, source: &Source) -> Written {
    let context =
        |c: &Option<crate::annotation::Spanned<String>>| c.as_ref().map(|c| c.value.clone());
    let recorded = Written {
        quote: Some(evidence.quote.value.clone()).filter(|quote| !quote.is_empty()),
        prefix: context(&evidence.prefix),
        suffix: context(&evidence.suffix),
        position: recorded_position(evidence, source),
    };
    let mut candidates = Vec::new();
    if let Resolution::Exact(location) = resolution {
        let (prefix, suffix) = around(source, location);
        candidates.push(Written {
            prefix: recorded.prefix.clone().or(Some(prefix)),
            suffix: recorded.suffix.clone().or(Some(suffix)),
            position: Some(position::of_location(source, location)),
            ..recorded.clone()
        });
    }
    if recorded.quote.is_none() {
        // A position alone, stale: nothing but the position to write.
        return recorded;
    }
    candidates.push(recorded.clone());
    candidates.push(Written {
        position: None,
        ..recorded.clone()
    });
    candidates.push(Written {
        prefix: None,
        suffix: None,
        position: None,
        ..recorded.clone()
    });
    candidates
        .iter()
        .find(|candidate| reads_back(candidate, resolution, source))
        .cloned()
        .unwrap_or(recorded)
}

/// Whether `written` resolves in `source` as the native evidence did.
fn reads_back(written: &Written, resolution: &Resolution, source: &Source) -> bool {
    let Some(quote) = &written.quote else {
        return false;
    };
    let hints = Hints {
        prefix: written.prefix.as_deref(),
        suffix: written.suffix.as_deref(),
        position: written.position,
        ..Hints::default()
    };
    matching::resolve(source, quote, &hints) == *resolution
}

/// The evidence's recorded place as document chars: its W3C position, or
/// its paragraph and offsets. A place the source no longer has (a
/// paragraph past the last, offsets past its end) stays one: it maps past
/// the end of the document, or across its paragraph's end.
fn recorded_position(evidence: &Evidence, source: &Source) -> Option<Offsets> {
    if let Some(position) = &evidence.position {
        return Some(position.value);
    }
    let paragraph = evidence.paragraph.as_ref()?.value;
    let quote_chars = evidence.quote.value.chars().count().max(1);
    let Some(target) = source.paragraphs.get(paragraph) else {
        let end = position::document_len(source) + 1;
        return Some(Offsets {
            start: end,
            end: end + quote_chars,
        });
    };
    let whole = position::of_paragraph(source, target);
    Some(match evidence.offsets.as_ref().map(|o| o.value) {
        Some(offsets) if offsets.end <= target.char_len() => position::of_location(
            source,
            &Location {
                paragraph,
                start: offsets.start,
                end: offsets.end,
            },
        ),
        // Past the end of its paragraph: so it reads back, too.
        Some(offsets) => Offsets {
            start: whole.end.saturating_sub(1),
            end: whole.end + offsets.end.saturating_sub(offsets.start),
        },
        None => Offsets {
            start: whole.start,
            end: whole.start + quote_chars,
        },
    })
}

/// Up to 32 chars of the paragraph before and after `location`.
fn around(source: &Source, location: &Location) -> (String, String) {
    let paragraph = &source.paragraphs[location.paragraph];
    let before =
        paragraph.slice_chars(location.start.saturating_sub(CONTEXT_CHARS)..location.start);
    let after = paragraph.slice_chars(location.end..location.end + CONTEXT_CHARS);
    (before.to_owned(), after.to_owned())
}
