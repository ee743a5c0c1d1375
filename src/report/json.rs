//! The JSON report of CONTRACT §6, on stdout. Fields may be added; none of
//! the contract's is removed or renamed.

use std::io::Write;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::value::RawValue;

use super::Summary;
use super::findings;
use crate::check::{CheckedFile, Outcome, Problem};
use crate::matching::{Location, Resolution};
use crate::verdict::{ClaimStatus, EvidenceStatus};

#[derive(Serialize)]
struct FileReport {
    annotations: String,
    source: Option<String>,
    /// Each claim's report, rendered on its own (see [`rendered_claim`]).
    claims: Vec<Box<RawValue>>,
    /// Problems with the inputs (exit code 2).
    errors: Vec<ProblemReport>,
}

#[derive(Serialize)]
struct ClaimReport {
    id: String,
    status: ClaimStatus,
    evidence: Vec<EvidenceReport>,
    messages: Vec<String>,
}

#[derive(Serialize)]
struct EvidenceReport {
    status: EvidenceStatus,
    found: Option<Found>,
    /// Exact occurrences, for `ambiguous`.
    #[serde(skip_serializing_if = "Option::is_none")]
    occurrences: Option<usize>,
    /// Edit distance of the closest passage, for `drifted`.
    #[serde(skip_serializing_if = "Option::is_none")]
    edits: Option<usize>,
    /// The source's text at `found`, for `drifted`.
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<String>,
}

#[derive(Serialize)]
struct Found {
    paragraph: String,
    start: usize,
    end: usize,
    /// 1-based line and column (in chars) of the start in the source file.
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct ProblemReport {
    code: &'static str,
    message: String,
    /// 1-based line and char column in the file the problem is in, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<String>,
}

/// Writes the report of CONTRACT §6 one file at a time, so that a whole
/// archive's report never has to be held in memory.
pub struct ReportWriter<W: Write> {
    out: W,
    files: usize,
}

impl<W: Write> ReportWriter<W> {
    pub fn start(mut out: W) -> Self {
        let _ = out.write_all(b"{\n  \"version\": 1,\n  \"files\": [");
        ReportWriter { out, files: 0 }
    }

    pub fn file(&mut self, outcome: &Outcome) {
        let report = file_report(outcome);
        let separator = if self.files == 0 { "\n    " } else { ",\n    " };
        let _ = self.out.write_all(separator.as_bytes());
        // Nested in the report's `files` array: every line indented by two
        // levels, as it is written (no copy of the file's report is kept).
        let _ = serde_json::to_writer_pretty(Indented { out: &mut self.out }, &report);
        self.files += 1;
    }

    pub fn finish(mut self, summary: &Summary) {
        let summary = serde_json::to_string_pretty(summary).unwrap_or_default();
        let close = if self.files == 0 { "]" } else { "\n  ]" };
        let _ = write!(
            self.out,
            "{close},\n  \"summary\": {}\n}}\n",
            indent(&summary, "  ").trim_start()
        );
        let _ = self.out.flush();
    }
}

/// Writes through to `out`, every line after the first indented by two
/// levels. Strings in JSON are escaped, so every newline is a line break.
struct Indented<'a, W: Write> {
    out: &'a mut W,
}

impl<W: Write> Write for Indented<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut from = 0;
        for at in memchr::memchr_iter(b'\n', buf) {
            self.out.write_all(&buf[from..at])?;
            self.out.write_all(b"\n    ")?;
            from = at + 1;
        }
        self.out.write_all(&buf[from..])?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

fn indent(text: &str, by: &str) -> String {
    text.lines()
        .map(|line| format!("{by}{line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn file_report(outcome: &Outcome) -> FileReport {
    let errors = outcome.problems().iter().map(problem_report).collect();
    match outcome {
        Outcome::Failed { annotations, .. } => FileReport {
            annotations: annotations.display().to_string(),
            source: None,
            claims: Vec::new(),
            errors,
        },
        Outcome::Checked { file, .. } => FileReport {
            annotations: file.annotations.path.display().to_string(),
            source: Some(file.source.file.path.display().to_string()),
            claims: (0..file.model.claims.len())
                .into_par_iter()
                .map(|i| rendered_claim(file, i))
                .collect(),
            errors,
        },
    }
}

/// A claim's report as pretty JSON, nested as it will be in the file's
/// report: its lines after the first indented by the two levels of the
/// `claims` array. Claims are rendered in parallel, as they were judged, so
/// that a file of many claims is not written by one core alone.
fn rendered_claim(file: &CheckedFile, index: usize) -> Box<RawValue> {
    let json = serde_json::to_string_pretty(&claim_report(file, index)).unwrap_or_default();
    RawValue::from_string(json.replace('\n', "\n    "))
        .unwrap_or_else(|_| RawValue::NULL.to_owned())
}

fn claim_report(file: &CheckedFile, index: usize) -> ClaimReport {
    let verdict = &file.verdicts[index];
    ClaimReport {
        id: file.model.claims[index].id.value.clone(),
        status: verdict.status,
        evidence: verdict
            .evidence
            .iter()
            .map(|r| evidence_report(file, r))
            .collect(),
        messages: findings::messages_of_claim(file, index),
    }
}

fn evidence_report(file: &CheckedFile, resolution: &Resolution) -> EvidenceReport {
    let found = |l: &Location| {
        let paragraph = &file.source.source.paragraphs[l.paragraph];
        let byte = paragraph.file_bytes(l.chars()).start;
        let (line, column) = file.source.file.line_column(byte);
        Found {
            paragraph: paragraph.id(),
            start: l.start,
            end: l.end,
            line,
            column,
        }
    };
    let mut report = EvidenceReport {
        status: EvidenceStatus::of(resolution),
        found: None,
        occurrences: None,
        edits: None,
        text: None,
    };
    match resolution {
        Resolution::Exact(l) | Resolution::Moved(l) => report.found = Some(found(l)),
        Resolution::Ambiguous { first, count } => {
            report.found = Some(found(first));
            report.occurrences = Some(*count);
        }
        Resolution::Drifted { location, errors } => {
            report.found = Some(found(location));
            report.edits = Some(*errors);
            let paragraph = &file.source.source.paragraphs[location.paragraph];
            report.text = Some(paragraph.slice_chars(location.chars()).to_owned());
        }
        Resolution::Broken => {}
    }
    report
}

fn problem_report(problem: &Problem) -> ProblemReport {
    let position = match (&problem.file, &problem.span) {
        (Some(file), Some(span)) => Some(file.line_column(span.start)),
        _ => None,
    };
    ProblemReport {
        code: problem.code,
        message: problem.message.clone(),
        line: position.map(|p| p.0),
        column: position.map(|p| p.1),
        help: problem.help.clone(),
    }
}
