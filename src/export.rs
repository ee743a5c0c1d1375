//! `claimcheck export`: checked annotation files in the formats other tools
//! read. Pure: the model, its verdicts and its source in, JSON values out;
//! `commands::export` reads the files and writes the result.
//!
//! - [`w3c`]: W3C Web Annotation, one `AnnotationCollection` per annotation
//!   file, that `claimcheck check` reads back to the same verdicts.
//! - [`claimreview`]: schema.org `ClaimReview` JSON-LD, one per claim,
//!   rated by its verdict.

pub mod claimreview;
pub mod w3c;

use crate::annotation::{AnnotationFile, Claim};
use crate::source::Source;
use crate::verdict::ClaimVerdict;

/// One checked part of an annotation file: its claims (all of them, or
/// those that cite one source of a W3C file that cites several), their
/// verdicts and the source they were checked against.
#[derive(Debug, Clone, Copy)]
pub struct Part<'a> {
    pub model: &'a AnnotationFile,
    /// One per claim of `model`, in order.
    pub verdicts: &'a [ClaimVerdict],
    pub source: &'a Source,
    /// The IRI that names the source in the output, e.g. its `file:` IRI.
    pub source_iri: &'a str,
}

impl<'a> Part<'a> {
    /// Each claim with its verdict, in file order.
    pub fn claims(&self) -> impl Iterator<Item = (&'a Claim, &'a ClaimVerdict)> + use<'a> {
        self.model.claims.iter().zip(self.verdicts)
    }
}

/// Keys in the order people expect to read them (JSON-LD's first, then
/// each object's identity, then its content); any other key after them,
/// alphabetically.
const KEY_ORDER: &[&str] = &[
    "@context",
    "@type",
    "id",
    "type",
    "label",
    "total",
    "first",
    "startIndex",
    "items",
    "url",
    "identifier",
    "claimReviewed",
    "itemReviewed",
    "appearance",
    "author",
    "name",
    "datePublished",
    "reviewRating",
    "ratingValue",
    "bestRating",
    "worstRating",
    "alternateName",
    "body",
    "target",
    "value",
    "format",
    "purpose",
    "source",
    "selector",
    "exact",
    "prefix",
    "suffix",
    "start",
    "end",
];

/// `value` as pretty-printed JSON (two-space indent, a final newline), its
/// keys in `KEY_ORDER`.
pub fn to_text(value: &serde_json::Value) -> String {
    let mut out = String::new();
    write_value(value, 0, &mut out);
    out.push('\n');
    out
}

fn write_value(value: &serde_json::Value, depth: usize, out: &mut String) {
    use serde_json::Value;
    let indent = |depth: usize| "  ".repeat(depth);
    match value {
        Value::Array(items) if !items.is_empty() => {
            out.push_str("[\n");
            for (n, item) in items.iter().enumerate() {
                out.push_str(&indent(depth + 1));
                write_value(item, depth + 1, out);
                out.push_str(if n + 1 < items.len() { ",\n" } else { "\n" });
            }
            out.push_str(&indent(depth));
            out.push(']');
        }
        Value::Object(map) if !map.is_empty() => {
            let rank = |key: &str| {
                KEY_ORDER
                    .iter()
                    .position(|k| *k == key)
                    .unwrap_or(usize::MAX)
            };
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.cmp(b)));
            out.push_str("{\n");
            for (n, key) in keys.iter().enumerate() {
                out.push_str(&indent(depth + 1));
                out.push_str(&Value::from(key.as_str()).to_string());
                out.push_str(": ");
                write_value(&map[key.as_str()], depth + 1, out);
                out.push_str(if n + 1 < keys.len() { ",\n" } else { "\n" });
            }
            out.push_str(&indent(depth));
            out.push('}');
        }
        other => out.push_str(&other.to_string()),
    }
}
