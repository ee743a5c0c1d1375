//! Findings: what is wrong with a claim, phrased once for every output.

use std::ops::Range;

use super::wdiff::word_diff;
use crate::annotation::{Claim, Evidence};
use crate::check::CheckedFile;
use crate::matching::{Location, Resolution};
use crate::verdict::{ClaimVerdict, Severity};

/// One thing to tell the user about a claim.
#[derive(Debug, Clone)]
pub struct Finding {
    /// `claimcheck::moved`, `claimcheck::drifted`, …
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    /// The annotation file's bytes to underline, and what to say there.
    pub field: Range<usize>,
    pub field_label: String,
    /// The source file's bytes to underline, and what to say there.
    pub source_spans: Vec<(Range<usize>, String)>,
    pub help: String,
}

/// The findings of claim `index` of `file`, in evidence order, then facts.
pub fn of_claim(file: &CheckedFile, index: usize) -> Vec<Finding> {
    findings(file, index, Help::Written)
}

/// The messages of [`of_claim`]'s findings alone (the JSON report): the
/// help, which for a drifted quote holds a word diff, is not worked out.
pub fn messages_of_claim(file: &CheckedFile, index: usize) -> Vec<String> {
    findings(file, index, Help::Skipped)
        .into_iter()
        .map(|finding| finding.message)
        .collect()
}

/// Whether a finding's `help` is needed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Help {
    Written,
    Skipped,
}

fn findings(file: &CheckedFile, index: usize, help: Help) -> Vec<Finding> {
    let claim = &file.model.claims[index];
    let verdict = &file.verdicts[index];
    let mut findings = Vec::new();
    if claim.evidence.is_empty() {
        findings.push(Finding {
            code: "claimcheck::unsupported",
            severity: Severity::Error,
            message: format!("claim `{}` has no evidence", claim.id.value),
            field: claim.evidence_span.clone(),
            field_label: "no evidence here".into(),
            source_spans: Vec::new(),
            help: "add an evidence item quoting the passage that supports the claim".into(),
        });
        return findings;
    }
    for (n, (evidence, resolution)) in claim.evidence.iter().zip(&verdict.evidence).enumerate() {
        // Exact evidence has nothing to say: no need to name it.
        if matches!(resolution, Resolution::Exact(_)) {
            continue;
        }
        let what = if claim.evidence.len() == 1 {
            format!("claim `{}`", claim.id.value)
        } else {
            format!("claim `{}`, evidence {}", claim.id.value, n + 1)
        };
        if let Some(finding) = of_evidence(file, &what, evidence, resolution, help) {
            findings.push(finding);
        }
    }
    findings.extend(of_facts(claim, verdict, &file.annotations.text));
    findings
}

fn of_evidence(
    file: &CheckedFile,
    what: &str,
    evidence: &Evidence,
    resolution: &Resolution,
    help: Help,
) -> Option<Finding> {
    let source = &file.source.source;
    let at = |l: &Location| source.paragraphs[l.paragraph].file_bytes(l.chars());
    let finding = match resolution {
        Resolution::Exact(_) => return None,
        Resolution::Moved(now) => {
            let recorded = recorded(evidence);
            let (field, field_label) = match &evidence.paragraph {
                Some(p) if p.value != now.paragraph => {
                    (p.span.clone(), format!("recorded here as p{}", p.value + 1))
                }
                _ => match (&evidence.offsets, &evidence.position) {
                    (Some(o), _) => (o.span.clone(), format!("recorded here as {recorded}")),
                    (None, Some(p)) => (p.span.clone(), format!("recorded here as {recorded}")),
                    (None, None) => (evidence.quote.span.clone(), "this quote".into()),
                },
            };
            Finding {
                code: "claimcheck::moved",
                severity: Severity::Warning,
                message: format!(
                    "{what}: the quote moved from {recorded} to {}",
                    address(now)
                ),
                field,
                field_label,
                source_spans: vec![(at(now), format!("now at {}", address(now)))],
                help: "run `claimcheck fix` to re-anchor it".into(),
            }
        }
        Resolution::Ambiguous { first, count } => Finding {
            code: "claimcheck::ambiguous",
            severity: Severity::Error,
            message: format!("{what}: the quote occurs {count} times and no hint decides which"),
            field: evidence.quote.span.clone(),
            field_label: format!("found {count} times"),
            source_spans: vec![(at(first), "first occurrence".into())],
            help: "pin it with `paragraph`, `start` and `end`, or a `prefix`/`suffix`, or quote more of the passage".into(),
        },
        Resolution::Drifted { location, errors } => {
            let paragraph = &source.paragraphs[location.paragraph];
            let now = paragraph.slice_chars(location.chars());
            Finding {
                code: "claimcheck::drifted",
                severity: Severity::Error,
                message: format!(
                    "{what}: the quote is no longer in the source; the closest passage, in {}, differs by {errors} {}",
                    address(location),
                    if *errors == 1 { "edit" } else { "edits" }
                ),
                field: evidence.quote.span.clone(),
                field_label: "this quote".into(),
                source_spans: vec![(at(location), "closest passage".into())],
                help: match help {
                    Help::Written => format!(
                        "the source now reads: {}\nif the new wording still supports the claim, run `claimcheck fix --accept-drift`",
                        word_diff(&evidence.quote.value, now)
                    ),
                    Help::Skipped => String::new(),
                },
            }
        }
        Resolution::Broken => Finding {
            code: "claimcheck::broken",
            severity: Severity::Error,
            message: format!("{what}: the quote is not in the source, nor anything close to it"),
            field: evidence.quote.span.clone(),
            field_label: "not found".into(),
            source_spans: Vec::new(),
            help: "the passage was cut or rewritten: quote the passage that supports the claim now, or drop the claim".into(),
        },
    };
    Some(finding)
}

fn of_facts<'a>(
    claim: &'a Claim,
    verdict: &'a ClaimVerdict,
    annotations: &'a str,
) -> impl Iterator<Item = Finding> + 'a {
    let literal = annotations.get(claim.text.span.clone()).unwrap_or("");
    verdict.missing_facts.iter().map(move |fact| {
        // Underline the fact's own bytes inside the claim's JSON string,
        // through any escapes; else the whole string.
        let field = match string_literal_bytes(literal, &fact.span) {
            Some(bytes) => claim.text.span.start + bytes.start..claim.text.span.start + bytes.end,
            None => claim.text.span.clone(),
        };
        Finding {
            code: "claimcheck::unsupported",
            severity: Severity::Error,
            message: format!("claim `{}` {}", claim.id.value, fact.message()),
            field,
            field_label: fact.label().into(),
            source_spans: Vec::new(),
            help: fact.help(),
        }
    })
}

/// The bytes of JSON string `literal` (quotes included) that decode to
/// bytes `decoded` of its value, or None if `literal` is not a string.
fn string_literal_bytes(literal: &str, decoded: &Range<usize>) -> Option<Range<usize>> {
    let body = literal.strip_prefix('"')?;
    let bytes = body.as_bytes();
    let (mut at, mut value_len) = (0, 0);
    let mut start = None;
    loop {
        if value_len == decoded.start && start.is_none() {
            start = Some(at + 1);
        }
        if value_len == decoded.end {
            return Some(start?..at + 1);
        }
        let (literal_len, decoded_len) = match *bytes.get(at)? {
            b'"' => return None,
            b'\\' => match *bytes.get(at + 1)? {
                b'u' => {
                    let unit = |from: usize| {
                        body.get(from..from + 4)
                            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    };
                    let high = unit(at + 2)?;
                    if (0xD800..0xDC00).contains(&high) && body.get(at + 6..at + 8) == Some("\\u") {
                        (12, 4)
                    } else {
                        (6, char::from_u32(high).map_or(3, char::len_utf8))
                    }
                }
                _ => (2, 1),
            },
            _ => {
                let c = body.get(at..)?.chars().next()?;
                (c.len_utf8(), c.len_utf8())
            }
        };
        at += literal_len;
        value_len += decoded_len;
    }
}

/// `p4` or `p4:10-40`.
fn address(location: &Location) -> String {
    format!(
        "p{}:{}-{}",
        location.paragraph + 1,
        location.start,
        location.end
    )
}

fn recorded(evidence: &Evidence) -> String {
    match (&evidence.paragraph, &evidence.offsets) {
        (Some(p), Some(o)) => format!("p{}:{}-{}", p.value + 1, o.value.start, o.value.end),
        (Some(p), None) => format!("p{}", p.value + 1),
        (None, Some(o)) => format!("{}-{}", o.value.start, o.value.end),
        (None, None) => match &evidence.position {
            Some(p) => format!("document offsets {}-{}", p.value.start, p.value.end),
            None => "where it was".into(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::string_literal_bytes;

    /// The bytes of the literal that hold `fact` of the decoded `value`.
    fn underlined<'a>(literal: &'a str, value: &str, fact: &str) -> Option<&'a str> {
        let at = value.find(fact)?;
        let bytes = string_literal_bytes(literal, &(at..at + fact.len()))?;
        literal.get(bytes)
    }

    #[test]
    fn facts_are_underlined_through_json_escapes() {
        let literal = r#""Lavrov said \"allies\" in Russia\u2019s name, 2\ud83d\ude00 Putin""#;
        let value: String = serde_json::from_str(literal).expect("a JSON string");
        assert_eq!(underlined(literal, &value, "Lavrov"), Some("Lavrov"));
        assert_eq!(underlined(literal, &value, "allies"), Some("allies"));
        assert_eq!(
            underlined(literal, &value, "Russia’s"),
            Some(r"Russia\u2019s")
        );
        assert_eq!(underlined(literal, &value, "Putin"), Some("Putin"));
        assert_eq!(string_literal_bytes("not a string", &(0..1)), None);
        assert_eq!(string_literal_bytes(r#""short""#, &(0..99)), None);
    }
}
