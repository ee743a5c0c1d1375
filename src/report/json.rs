//! JSON: the report of CONTRACT §6 (`check`), the paragraph list of
//! `paragraphs` and the revision diff of CONTRACT §7 (`diff`), on stdout.
//! Fields may be added; none of the contract's is removed or renamed.

use rayon::prelude::*;
use serde::Serialize;

use super::nested_json::write_nested;
use super::wdiff::word_diff;
use super::{FileOut, Renderer, Summary};
use crate::address::ParagraphId;
use crate::annotation::Claim;
use crate::diagnose::{ClaimReport, FileReport};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::diff::RevisionDiff;
use crate::matching::{Location, Resolution};
use crate::pipeline::Checked;
use crate::revision::ParagraphChange;
use crate::source::Source;
use crate::verdict::{ClaimStatus, ClaimVerdict, EvidenceStatus};

/// The JSON format.
pub struct Json;

impl Renderer for Json {
    fn begin(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"{\n  \"version\": 1,\n  \"files\": [");
    }

    fn file(&self, file: &FileReport, out: &mut FileOut) {
        out.extend_from_slice(b"\n    ");
        write_file_report(file, out);
    }

    fn separator(&self) -> &'static [u8] {
        b","
    }

    fn end(&self, summary: &Summary, out: &mut Vec<u8>) {
        // Whether any file was written is the sink's to know; an empty
        // array closes on its own line as a full one does.
        out.extend_from_slice(b"\n  ]");
        let summary = serde_json::to_string_pretty(summary).unwrap_or_default();
        out.extend_from_slice(b",\n  \"summary\": ");
        out.extend_from_slice(indent(&summary, "  ").trim_start().as_bytes());
        out.extend_from_slice(b"\n}\n");
    }

    fn paragraphs(&self, source: &Source, out: &mut Vec<u8>) {
        #[derive(Serialize)]
        struct Entry<'a> {
            id: ParagraphId,
            text: &'a str,
            start_byte: usize,
            end_byte: usize,
            fingerprint: String,
        }
        let entries: Vec<Entry> = source
            .paragraphs
            .iter()
            .map(|p| Entry {
                id: ParagraphId(p.index),
                text: &p.text,
                start_byte: p.byte_range.start,
                end_byte: p.byte_range.end,
                fingerprint: p.fingerprint(),
            })
            .collect();
        let _ = serde_json::to_writer_pretty(&mut *out, &entries);
        out.push(b'\n');
    }

    fn revision(&self, diff: &RevisionDiff, out: &mut FileOut) {
        let _ = serde_json::to_writer_pretty(&mut *out, &diff_report(diff));
        out.push(b'\n');
    }
}

/// Claims rendered at a time: enough to keep every core busy, few enough
/// that a file of 100,000 claims is not held twice (rendered, then copied).
const CLAIMS_PER_BATCH: usize = 1024;

/// The claims of a file's `claims` array, each rendered on its own and in
/// parallel, a batch at a time, and copied into `out` indented.
fn write_claims(file: &FileReport, checked: &Checked, out: &mut FileOut) {
    let count = file.claims.len();
    let mut from = 0;
    while from < count {
        let to = count.min(from + CLAIMS_PER_BATCH);
        let rendered: Vec<Vec<u8>> = (from..to)
            .into_par_iter()
            .map(|i| {
                rendered_claim(
                    checked,
                    &checked.model.claims[i],
                    &checked.verdicts[i],
                    &file.claims[i],
                )
            })
            .collect();
        let before = out.len();
        for (i, claim) in rendered.iter().enumerate() {
            if from + i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(b"\n        ");
            out.extend_from_slice(claim);
        }
        // After the first batch, room for the rest at its size a claim
        // (and a little more): the report grows once instead of doubling.
        if from == 0 && to < count && !out.is_streamed() {
            let per_claim = (out.len() - before) / (to - from);
            out.reserve((count - to) * (per_claim + per_claim / 8));
        }
        from = to;
        out.boundary();
    }
    if count > 0 {
        out.extend_from_slice(b"\n      ");
    }
}

/// A file's report, nested in the report's `files` array (two levels in),
/// as `serde_json`'s pretty printer writes an object of `annotations`,
/// `source`, `claims` and `errors`. Written by hand so that each claim,
/// rendered on its own and in parallel (see [`rendered_claim`]), is copied
/// in as it is rather than parsed again into a raw JSON value.
fn write_file_report(file: &FileReport, out: &mut FileOut) {
    let outcome = &file.outcome;
    let source = match &outcome.checked {
        Some(checked) => Some(checked.source.file.path()),
        None => outcome.source_path.as_deref(),
    };
    let errors: Vec<ProblemJson> = outcome.problems.iter().map(problem_json).collect();
    out.extend_from_slice(b"{\n      \"annotations\": ");
    let _ = serde_json::to_writer(
        &mut **out,
        &outcome.annotations.path().display().to_string(),
    );
    out.extend_from_slice(b",\n      \"source\": ");
    let _ = serde_json::to_writer(&mut **out, &source.map(|s| s.display().to_string()));
    out.extend_from_slice(b",\n      \"claims\": [");
    if let Some(checked) = &outcome.checked {
        write_claims(file, checked, out);
    }
    out.extend_from_slice(b"],\n      \"errors\": ");
    write_nested(out, 3, &errors);
    out.extend_from_slice(b"\n    }");
}

#[derive(Serialize)]
struct ClaimJson<'a> {
    id: &'a str,
    status: ClaimStatus,
    evidence: Vec<EvidenceJson>,
    messages: Vec<&'a str>,
    /// The facts of the claim its evidence does not back (CONTRACT §4 rule
    /// 5): `{kind, text, start, end}`, offsets in chars of the claim text.
    facts_missing: &'a [crate::facts::Fact],
    /// Already in the baseline: reported, not failing the run.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    known: bool,
}

#[derive(Serialize)]
struct EvidenceJson {
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
    paragraph: ParagraphId,
    start: usize,
    end: usize,
    /// 1-based line and column (in chars) of the start in the source file.
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct ProblemJson {
    code: Code,
    severity: Severity,
    message: String,
    /// 1-based line and char column in the file the problem is in, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<String>,
}

/// A claim's report as pretty JSON at the four levels it sits at in the
/// report. Claims are rendered in parallel, as they were judged, so
/// that a file of many claims is not written by one core alone.
fn rendered_claim(
    checked: &Checked,
    claim: &Claim,
    verdict: &ClaimVerdict,
    report: &ClaimReport,
) -> Vec<u8> {
    let json = ClaimJson {
        id: &claim.id.value,
        status: verdict.status,
        evidence: verdict
            .evidence
            .iter()
            .map(|r| evidence_json(checked, r))
            .collect(),
        messages: report
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect(),
        facts_missing: &verdict.missing_facts,
        known: report.known,
    };
    // Room for a verified claim's report (about 450 bytes), so that most
    // are written without growing the buffer.
    let mut out = Vec::with_capacity(512);
    write_nested(&mut out, 4, &json);
    out
}

fn evidence_json(checked: &Checked, resolution: &Resolution) -> EvidenceJson {
    let source = &checked.source;
    let found = |l: &Location| {
        let paragraph = &source.source.paragraphs[l.paragraph];
        let byte = paragraph.file_byte(l.start);
        let (line, column) = source.file.line_column(byte);
        Found {
            paragraph: ParagraphId(l.paragraph),
            start: l.start,
            end: l.end,
            line,
            column,
        }
    };
    let mut json = EvidenceJson {
        status: EvidenceStatus::of(resolution),
        found: resolution.location().as_ref().map(found),
        occurrences: None,
        edits: None,
        text: None,
    };
    match resolution {
        Resolution::Ambiguous { count, .. } => json.occurrences = Some(*count),
        Resolution::Drifted { location, errors } => {
            json.edits = Some(*errors);
            let paragraph = &source.source.paragraphs[location.paragraph];
            json.text = Some(paragraph.slice_chars(location.chars()).to_owned());
        }
        _ => {}
    }
    json
}

fn problem_json(problem: &Diagnostic) -> ProblemJson {
    let position = problem
        .primary
        .as_ref()
        .map(|label| label.file.line_column(label.span.start));
    ProblemJson {
        code: problem.code,
        severity: problem.severity,
        message: problem.message.clone(),
        line: position.map(|p| p.0),
        column: position.map(|p| p.1),
        help: problem.help.clone(),
    }
}

fn indent(text: &str, by: &str) -> String {
    text.lines()
        .map(|line| format!("{by}{line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

// ---- diff ----

#[derive(Serialize)]
struct DiffJson {
    paragraphs: Vec<DiffParagraph>,
    /// Only with `--annotations`.
    #[serde(skip_serializing_if = "Option::is_none")]
    claims: Option<Vec<DiffClaim>>,
}

#[derive(Serialize)]
struct DiffParagraph {
    old: Option<ParagraphId>,
    new: Option<ParagraphId>,
    change: ParagraphChange,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'static str>,
}

#[derive(Serialize)]
struct DiffClaim {
    id: String,
    change: &'static str,
    annotations: String,
    evidence: Vec<DiffEvidence>,
}

#[derive(Serialize)]
struct DiffEvidence {
    change: &'static str,
    old: Option<DiffSpan>,
    new: Option<DiffSpan>,
    #[serde(skip_serializing_if = "Option::is_none")]
    diff: Option<String>,
}

#[derive(Serialize)]
struct DiffSpan {
    paragraph: ParagraphId,
    start: usize,
    end: usize,
}

impl From<Location> for DiffSpan {
    fn from(l: Location) -> DiffSpan {
        DiffSpan {
            paragraph: ParagraphId(l.paragraph),
            start: l.start,
            end: l.end,
        }
    }
}

fn diff_report(diff: &RevisionDiff) -> DiffJson {
    DiffJson {
        paragraphs: diff
            .alignment
            .pairs
            .iter()
            .map(|p| DiffParagraph {
                old: p.old.map(ParagraphId),
                new: p.new.map(ParagraphId),
                change: p.change,
                note: p.note,
            })
            .collect(),
        claims: diff.with_claims.then(|| {
            diff.claims
                .iter()
                .flat_map(|file| {
                    file.claims.iter().map(|c| DiffClaim {
                        id: c.id.clone(),
                        change: c.worst(),
                        annotations: file.annotations.display().to_string(),
                        evidence: c
                            .evidence
                            .iter()
                            .map(|e| DiffEvidence {
                                change: e.change.as_str(),
                                old: e.old.map(DiffSpan::from),
                                new: e.change.location().map(DiffSpan::from),
                                diff: e.diff.as_ref().map(|(a, b)| word_diff(a, b)),
                            })
                            .collect(),
                    })
                })
                .collect()
        }),
    }
}
