//! SARIF 2.1.0, the format code-scanning services read: one result per
//! finding, located in the annotation file, with the source passage as a
//! related location. Columns count Unicode code points.

use serde_json::{Value, json};

use super::findings::{self, Finding};
use crate::check::{CheckedFile, Outcome, Problem, TextFile};
use crate::verdict::Severity;

/// The rules a result can name, with a one-line description each.
const RULES: [(&str, &str); 7] = [
    (
        "moved",
        "The quote was found exactly, elsewhere than recorded.",
    ),
    (
        "ambiguous",
        "The quote occurs several times and no hint decides which.",
    ),
    (
        "drifted",
        "The quote is no longer in the source; a close passage is.",
    ),
    ("broken", "Nothing close to the quote is in the source."),
    (
        "unsupported",
        "The claim has no evidence, or states a fact its evidence does not quote.",
    ),
    (
        "schema",
        "The annotation file is malformed or contradicts its source.",
    ),
    ("io", "An input could not be read."),
];

/// Collects results file by file; `finish` writes the document.
#[derive(Default)]
pub struct SarifLog {
    results: Vec<Value>,
}

impl SarifLog {
    pub fn add(&mut self, outcome: &Outcome) {
        for problem in outcome.problems() {
            self.results.push(problem_result(problem, outcome));
        }
        if let Outcome::Checked { file, .. } = outcome {
            for index in 0..file.model.claims.len() {
                for finding in findings::of_claim(file, index) {
                    self.results.push(finding_result(&finding, file));
                }
            }
        }
    }

    pub fn finish(self) -> String {
        let rules: Vec<Value> = RULES
            .iter()
            .map(|(id, text)| {
                json!({
                    "id": id,
                    "name": format!("claimcheck::{id}"),
                    "shortDescription": { "text": text },
                })
            })
            .collect();
        let log = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": { "driver": {
                    "name": "claimcheck",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }},
                "columnKind": "unicodeCodePoints",
                "results": self.results,
            }],
        });
        let mut out = serde_json::to_string_pretty(&log).unwrap_or_default();
        out.push('\n');
        out
    }
}

fn rule_id(code: &str) -> &str {
    code.strip_prefix("claimcheck::").unwrap_or(code)
}

fn location(file: &TextFile, span: &std::ops::Range<usize>, message: Option<&str>) -> Value {
    let (start_line, start_column) = file.line_column(span.start);
    let (end_line, end_column) = file.line_column(span.end);
    let mut location = json!({
        "physicalLocation": {
            "artifactLocation": { "uri": uri(file) },
            "region": {
                "startLine": start_line,
                "startColumn": start_column,
                "endLine": end_line,
                "endColumn": end_column,
            },
        },
    });
    if let Some(text) = message {
        location["message"] = json!({ "text": text });
    }
    location
}

/// A relative URI with forward slashes, as SARIF viewers expect.
fn uri(file: &TextFile) -> String {
    file.path.to_string_lossy().replace('\\', "/")
}

fn finding_result(finding: &Finding, file: &CheckedFile) -> Value {
    let related: Vec<Value> = finding
        .source_spans
        .iter()
        .map(|(span, label)| location(&file.source.file, span, Some(label)))
        .collect();
    json!({
        "ruleId": rule_id(finding.code),
        "level": match finding.severity {
            Severity::Warning => "warning",
            _ => "error",
        },
        "message": { "text": format!("{}\n{}", finding.message, finding.help) },
        "locations": [location(&file.annotations, &finding.field, Some(&finding.field_label))],
        "relatedLocations": related,
    })
}

fn problem_result(problem: &Problem, outcome: &Outcome) -> Value {
    let locations = match (&problem.file, &problem.span) {
        (Some(file), Some(span)) => vec![location(file, span, None)],
        _ => {
            let path = match outcome {
                Outcome::Failed { annotations, .. } => annotations.as_path(),
                Outcome::Checked { file, .. } => &*file.annotations.path,
            };
            vec![json!({
                "physicalLocation": {
                    "artifactLocation": { "uri": path.to_string_lossy().replace('\\', "/") },
                },
            })]
        }
    };
    json!({
        "ruleId": rule_id(problem.code),
        "level": "error",
        "message": { "text": problem.message },
        "locations": locations,
    })
}
