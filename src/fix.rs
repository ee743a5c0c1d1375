//! Re-anchoring: turning verdicts into edits of the annotation file's text.
//!
//! Only the bytes of the values that change are rewritten (a `paragraph`
//! string, a `start` or `end` number, with `--accept-drift` a `quote`), so
//! every other byte — key order, indentation, comments in strings — stays as
//! the user wrote it.

use std::ops::Range;

use crate::annotation::{Evidence, Format};
use crate::check::CheckedFile;
use crate::facts::{self, EvidenceText, Fact};
use crate::matching::{Location, Resolution};
use crate::verdict;

/// Replace `span` of the text with `replacement` (an insertion when empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Range<usize>,
    pub replacement: String,
}

/// What `fix` will do to one annotation file.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub edits: Vec<Edit>,
    /// Evidence items re-anchored because they moved.
    pub moved: usize,
    /// Drifted quotes replaced by the source's new wording.
    pub accepted: usize,
    /// Claims whose facts the accepted wording no longer quotes.
    pub now_unsupported: Vec<(String, Vec<Fact>)>,
}

/// Why a file cannot be fixed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    WebAnnotation,
}

pub fn plan(file: &CheckedFile, accept_drift: bool) -> Result<Plan, Refusal> {
    if file.model.format == Format::WebAnnotation {
        return Err(Refusal::WebAnnotation);
    }
    let text = file.annotations.text.as_str();
    let source = &file.source.source;
    let mut plan = Plan::default();
    for (claim, verdict) in file.model.claims.iter().zip(&file.verdicts) {
        let mut quotes: Vec<(String, Option<&str>)> = Vec::new();
        let mut changed_quote = false;
        for (evidence, resolution) in claim.evidence.iter().zip(&verdict.evidence) {
            let mut quote = evidence.quote.value.clone();
            match resolution {
                Resolution::Moved(now) => {
                    plan.edits.extend(re_anchor(text, evidence, now));
                    plan.moved += 1;
                }
                Resolution::Drifted { location, .. } if accept_drift => {
                    let paragraph = &source.paragraphs[location.paragraph];
                    quote = paragraph.slice_chars(location.chars()).to_owned();
                    plan.edits.push(Edit {
                        span: evidence.quote.span.clone(),
                        replacement: json_string(&quote),
                    });
                    plan.edits.extend(re_anchor(text, evidence, location));
                    plan.accepted += 1;
                    changed_quote = true;
                }
                _ => {}
            }
            quotes.push((quote, verdict::paragraph_of(source, resolution)));
        }
        if changed_quote {
            // The whole fact check of rule 5 on the accepted wording.
            let texts: Vec<EvidenceText> = quotes
                .iter()
                .map(|(quote, paragraph)| EvidenceText {
                    quote,
                    paragraph: *paragraph,
                })
                .collect();
            let missing = facts::missing(&claim.text.value, &texts);
            if !missing.is_empty() {
                plan.now_unsupported.push((claim.id.value.clone(), missing));
            }
        }
    }
    plan.edits.sort_by_key(|e| (e.span.start, e.span.end));
    Ok(plan)
}

/// Edits that make an evidence item's `paragraph`, `start` and `end` say
/// `now`: existing values are rewritten in place; a pin that is missing is
/// added after the quote only when the item is pinned at all.
fn re_anchor(text: &str, evidence: &Evidence, now: &Location) -> Vec<Edit> {
    let mut edits = Vec::new();
    let paragraph = format!("\"p{}\"", now.paragraph + 1);
    let mut missing = Vec::new();
    match &evidence.paragraph {
        Some(p) if p.value != now.paragraph => edits.push(Edit {
            span: p.span.clone(),
            replacement: paragraph,
        }),
        Some(_) => {}
        None if evidence.offsets.is_some() => missing.push(("paragraph", paragraph)),
        None => {}
    }
    match (&evidence.offset_value_spans, &evidence.offsets) {
        (Some((start, end)), Some(recorded)) => {
            if recorded.value.start != now.start {
                edits.push(Edit {
                    span: start.clone(),
                    replacement: now.start.to_string(),
                });
            }
            if recorded.value.end != now.end {
                edits.push(Edit {
                    span: end.clone(),
                    replacement: now.end.to_string(),
                });
            }
        }
        _ if evidence.paragraph.is_some() => {
            missing.push(("start", now.start.to_string()));
            missing.push(("end", now.end.to_string()));
        }
        _ => {}
    }
    if !missing.is_empty() {
        edits.push(insert_after_quote(text, evidence, &missing));
    }
    edits
}

/// New `"key": value` members right after the quote, laid out like the
/// object they go into (one per line, or inline).
fn insert_after_quote(text: &str, evidence: &Evidence, members: &[(&str, String)]) -> Edit {
    let at = evidence.quote.span.end;
    let object = text.get(evidence.span.clone()).unwrap_or("");
    let line_start = text[..evidence.quote.span.start]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let indent: String = text[line_start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let separator = if object.contains('\n') {
        format!(",\n{indent}")
    } else {
        ", ".to_owned()
    };
    let replacement = members
        .iter()
        .map(|(key, value)| format!("{separator}\"{key}\": {value}"))
        .collect();
    Edit {
        span: at..at,
        replacement,
    }
}

fn json_string(value: &str) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| format!("{value:?}"))
}

/// Applies sorted, non-overlapping edits.
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in edits {
        if edit.span.start < at {
            continue;
        }
        out.push_str(&text[at..edit.span.start]);
        out.push_str(&edit.replacement);
        at = edit.span.end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apply_keeps_every_other_byte() {
        let text = r#"{ "paragraph": "p3",  "start": 15 }"#;
        let edits = [
            Edit {
                span: 15..19,
                replacement: "\"p2\"".into(),
            },
            Edit {
                span: 31..33,
                replacement: "7".into(),
            },
        ];
        assert_eq!(apply(text, &edits), r#"{ "paragraph": "p2",  "start": 7 }"#);
    }
}
