//! SARIF 2.1.0, the format code-scanning services read, written so that
//! GitHub takes it as it is: one rule per diagnostic code (with its full
//! description and help), one result per diagnostic, located in the
//! annotation file, with the source passage as a related location linked
//! from the message; URIs relative to `%SRCROOT%` (the project root) and
//! percent-encoded; a fingerprint per result that survives unrelated edits.
//! Columns count Unicode code points.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::nested_json::write_nested;
use super::wdiff::word_diff;
use super::{FileOut, Renderer, Summary};
use crate::diagnose::FileReport;
use crate::diagnostic::{Code, Diagnostic, Edit, Severities, Severity};
use crate::text::{TextFile, escape_controls};
use crate::workspace::clean_path;

/// The base every relative URI is resolved against.
const SRCROOT: &str = "%SRCROOT%";

/// The SARIF format.
pub struct Sarif {
    /// The project root, `%SRCROOT%`.
    pub root: PathBuf,
    /// The current folder, which relative paths are relative to.
    pub cwd: PathBuf,
    /// Whether the run has a baseline (then every result says whether it
    /// is new).
    pub baseline: bool,
}

impl Renderer for Sarif {
    fn begin(&self, out: &mut Vec<u8>) {
        let rules: Vec<Value> = Code::ALL.iter().map(|&code| rule(code)).collect();
        let header = json!({
            "name": "claimcheck",
            "version": env!("CARGO_PKG_VERSION"),
            "rules": rules,
        });
        let driver = serde_json::to_string_pretty(&header).unwrap_or_default();
        let root = json!({ SRCROOT: { "uri": directory_uri(&self.root) } });
        let root = serde_json::to_string_pretty(&root).unwrap_or_default();
        out.extend_from_slice(b"{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n      \"tool\": {\n        \"driver\": ");
        out.extend_from_slice(indented(&driver, 4).as_bytes());
        out.extend_from_slice(b"\n      },\n      \"originalUriBaseIds\": ");
        out.extend_from_slice(indented(&root, 3).as_bytes());
        out.extend_from_slice(
            b",\n      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": [",
        );
    }

    fn file(&self, file: &FileReport, out: &mut FileOut) {
        let mut first = true;
        let mut write = |out: &mut Vec<u8>, result: Value| {
            out.extend_from_slice(if first { b"\n        " } else { b",\n        " });
            first = false;
            write_nested(out, 4, &result);
        };
        for problem in &file.outcome.problems {
            write(out, self.result(problem, &file.outcome.annotations, None));
        }
        for claim in &file.claims {
            for diagnostic in &claim.diagnostics {
                let result = self.result(diagnostic, &file.outcome.annotations, Some(claim.known));
                write(out, result);
            }
            out.boundary();
        }
    }

    fn separator(&self) -> &'static [u8] {
        b","
    }

    fn end(&self, summary: &Summary, out: &mut Vec<u8>) {
        let _ = summary;
        out.extend_from_slice(b"\n      ]\n    }\n  ]\n}\n");
    }
}

/// A rule descriptor, all of it from the code.
fn rule(code: Code) -> Value {
    let level = level(Severities::default().of_code(code));
    let help = format!("{}\n\n{}", code.description(), code.remedy());
    json!({
        "id": code.id(),
        "name": code.name(),
        "shortDescription": { "text": code.summary() },
        "fullDescription": { "text": code.description() },
        "help": {
            "text": help,
            "markdown": format!(
                "**{}** {}\n\n{}\n\nSee [`docs/codes.md`]({}) in the claimcheck repository.",
                code.name(),
                code.summary(),
                help,
                code.docs()
            ),
        },
        "defaultConfiguration": { "level": level },
    })
}

fn level(severity: Option<Severity>) -> &'static str {
    match severity {
        Some(Severity::Error) => "error",
        Some(Severity::Warning) => "warning",
        Some(Severity::Note) | None => "note",
    }
}

impl Sarif {
    /// One result. `known` is `None` for problems with the inputs, which a
    /// baseline does not cover.
    fn result(
        &self,
        diagnostic: &Diagnostic,
        annotations: &TextFile,
        known: Option<bool>,
    ) -> Value {
        let mut text = escape_controls(&diagnostic.message).into_owned();
        if let Some(rewording) = &diagnostic.rewording {
            text.push_str("\nThe source now reads: ");
            text.push_str(&escape_controls(&word_diff(
                &rewording.quote,
                &rewording.now,
            )));
        }
        let related: Vec<Value> = diagnostic
            .secondary
            .iter()
            .enumerate()
            .map(|(i, label)| {
                // Linked from the message, so that viewers show it.
                text.push_str(&format!(
                    "\n[{}]({})",
                    escape_controls(&label.message).replace(['[', ']'], ""),
                    i + 1
                ));
                let mut location = self.location(&label.file, &label.span);
                location["id"] = json!(i + 1);
                location["message"] = json!({ "text": escape_controls(&label.message) });
                location
            })
            .collect();
        if let Some(help) = &diagnostic.help {
            text.push('\n');
            text.push_str(&escape_controls(help));
        }
        let location = match &diagnostic.primary {
            Some(label) => {
                let mut location = self.location(&label.file, &label.span);
                location["message"] = json!({ "text": escape_controls(&label.message) });
                location
            }
            // No bytes to point at (a file that could not be read): the
            // file itself, at its first line.
            None => self.location(annotations, &(0..0)),
        };
        let mut result = json!({
            "ruleId": diagnostic.code.id(),
            "ruleIndex": diagnostic.code as usize,
            "level": level(Some(diagnostic.severity)),
            "message": { "text": text },
            "locations": [location],
            "partialFingerprints": { "claimcheck/v1": self.fingerprint(diagnostic, annotations) },
        });
        if !related.is_empty() {
            result["relatedLocations"] = json!(related);
        }
        if let (Some(label), false) = (&diagnostic.primary, diagnostic.edits.is_empty()) {
            result["fixes"] = json!([self.fix(&label.file, &diagnostic.edits)]);
        }
        if self.baseline
            && let Some(known) = known
        {
            result["baselineState"] = json!(if known { "unchanged" } else { "new" });
        }
        result
    }

    fn location(&self, file: &TextFile, span: &std::ops::Range<usize>) -> Value {
        json!({
            "physicalLocation": {
                "artifactLocation": self.artifact(file.path()),
                "region": region(file, span),
            },
        })
    }

    /// The edits `claimcheck fix` would make, as a SARIF fix a viewer can
    /// offer to apply (an empty deleted region is an insertion).
    fn fix(&self, file: &TextFile, edits: &[Edit]) -> Value {
        let replacements: Vec<Value> = edits
            .iter()
            .map(|edit| {
                json!({
                    "deletedRegion": region(file, &edit.span),
                    "insertedContent": { "text": edit.replacement },
                })
            })
            .collect();
        json!({
            "description": { "text": "Re-anchor the evidence where the quote is now (what `claimcheck fix` writes)" },
            "artifactChanges": [{
                "artifactLocation": self.artifact(file.path()),
                "replacements": replacements,
            }],
        })
    }

    /// The file as a URI relative to `%SRCROOT%`, percent-encoded, the same
    /// however the path was written; a file outside the root gets an
    /// absolute `file:` URI.
    fn artifact(&self, path: &Path) -> Value {
        let absolute = clean_path(&self.cwd.join(path));
        match absolute.strip_prefix(&self.root) {
            Ok(relative) => json!({
                "uri": encode_path(relative),
                "uriBaseId": SRCROOT,
            }),
            Err(_) => json!({ "uri": file_uri(&absolute) }),
        }
    }

    /// Stable across runs and across edits elsewhere in the file: the code,
    /// the file, and what the diagnostic is about (the claim and its quote
    /// or fact), not where it is.
    fn fingerprint(&self, diagnostic: &Diagnostic, annotations: &TextFile) -> String {
        // Relative to the project root where it can be, so the same file
        // gets the same fingerprint in every clone, wherever it is checked out.
        let absolute = clean_path(&self.cwd.join(annotations.path()));
        let file = absolute.strip_prefix(&self.root).unwrap_or(&absolute);
        let about = match &diagnostic.subject {
            Some(subject) => format!("{}\0{}", subject.claim, subject.detail),
            None => diagnostic.message.clone(),
        };
        let key = format!("{}\0{}\0{about}", diagnostic.code.id(), file.display());
        format!("{:016x}", xxhash_rust::xxh3::xxh3_64(key.as_bytes()))
    }
}

/// A span as 1-based lines and char columns.
fn region(file: &TextFile, span: &std::ops::Range<usize>) -> Value {
    let (start_line, start_column) = file.line_column(span.start);
    let (end_line, end_column) = file.line_column(span.end);
    json!({
        "startLine": start_line,
        "startColumn": start_column,
        "endLine": end_line,
        "endColumn": end_column,
    })
}

/// Every line after the first indented by `levels` levels of two spaces.
fn indented(text: &str, levels: usize) -> String {
    text.replace('\n', &format!("\n{}", "  ".repeat(levels)))
}

/// A relative path as a URI reference: segments joined with `/`, every
/// byte outside RFC 3986's `pchar` percent-encoded.
fn encode_path(path: &Path) -> String {
    path.components()
        .filter_map(|c| match c {
            std::path::Component::Normal(part) => Some(encode_segment(&part.to_string_lossy())),
            std::path::Component::ParentDir => Some("..".to_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        let keep = byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&byte);
        if keep {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// `/a b/c` → `file:///a%20b/c`.
fn file_uri(path: &Path) -> String {
    let encoded = encode_path(path);
    let encoded = encoded.trim_start_matches('/');
    format!("file:///{encoded}")
}

/// A folder's `file:` URI, ending in `/` as a base URI must.
fn directory_uri(path: &Path) -> String {
    let uri = file_uri(path);
    if uri.ends_with('/') { uri } else { uri + "/" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_encoded_relative_and_normalized() {
        let sarif = Sarif {
            root: PathBuf::from("/work/project"),
            cwd: PathBuf::from("/work/project/sub"),
            baseline: false,
        };
        let uri = |path: &str| sarif.artifact(Path::new(path));
        assert_eq!(
            uri("a b/é#1?.json"),
            json!({"uri": "sub/a%20b/%C3%A9%231%3F.json", "uriBaseId": "%SRCROOT%"})
        );
        assert_eq!(uri("./x.json"), uri("x.json"));
        assert_eq!(uri("../sub/x.json"), uri("x.json"));
        assert_eq!(
            uri("../../elsewhere/x.json"),
            json!({"uri": "file:///work/elsewhere/x.json"})
        );
        assert_eq!(
            directory_uri(Path::new("/work/project")),
            "file:///work/project/"
        );
    }
}
