//! From verdicts to diagnostics: what is wrong with each claim, phrased
//! once for every output. Pure: an outcome in, diagnostics out.

use crate::address::{self, ParagraphId};
use crate::annotation::{Claim, Evidence, Format};
use crate::baseline::Baseline;
use crate::diagnostic::{Code, Diagnostic, Label, Rewording, Severities, Severity};
use crate::fix;
use crate::matching::{self, Hints, Location, Resolution, StaleHint};
use crate::pipeline::{Checked, FileOutcome};
use crate::text::TextFile;
use crate::verdict::{ClaimStatus, ClaimVerdict};

/// What decides how findings are reported: the severity of each status,
/// and the findings already known from a baseline.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    pub severities: Severities,
    pub baseline: Option<Baseline>,
}

/// One annotation file's outcome with its claims diagnosed: what every
/// output renders.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub outcome: FileOutcome,
    /// One per claim of `outcome.checked`, in file order.
    pub claims: Vec<ClaimReport>,
}

#[derive(Debug, Clone)]
pub struct ClaimReport {
    pub status: ClaimStatus,
    /// The claim's severity; `None` when verified or its status is off.
    pub severity: Option<Severity>,
    /// Already in the baseline: reported, but not failing the run.
    pub known: bool,
    /// In evidence order, then facts.
    pub diagnostics: Vec<Diagnostic>,
}

impl FileReport {
    pub fn new(outcome: FileOutcome, policy: &Policy) -> FileReport {
        FileReport::keeping(outcome, policy, |diagnostic| diagnostic)
    }

    /// [`FileReport::new`] with each claim's diagnostics cut to their code,
    /// severity and message as they are made: for the HTML page, which
    /// shows no more, so that a file of many findings is not held with
    /// every label, help and edit at once (16,000 findings: ~9 MB).
    pub fn messages_only(outcome: FileOutcome, policy: &Policy) -> FileReport {
        FileReport::keeping(outcome, policy, Diagnostic::into_message)
    }

    fn keeping(
        outcome: FileOutcome,
        policy: &Policy,
        keep: impl Fn(Diagnostic) -> Diagnostic,
    ) -> FileReport {
        let claims = match &outcome.checked {
            Some(checked) => (0..checked.model.claims.len())
                .map(|index| {
                    let status = checked.verdicts[index].status;
                    let id = &checked.model.claims[index].id.value;
                    ClaimReport {
                        status,
                        severity: policy.severities.of_status(status),
                        known: policy.baseline.as_ref().is_some_and(|baseline| {
                            baseline.knows(outcome.annotations.path(), id, status)
                        }),
                        diagnostics: claim(
                            checked,
                            &outcome.annotations,
                            index,
                            &policy.severities,
                        )
                        .into_iter()
                        .map(&keep)
                        .collect(),
                    }
                })
                .collect(),
            None => Vec::new(),
        };
        FileReport { outcome, claims }
    }

    /// The claims with their model and verdict, in file order.
    pub fn claims(&self) -> impl Iterator<Item = (&Claim, &ClaimVerdict, &ClaimReport)> {
        let checked = self.outcome.checked.as_ref();
        self.claims
            .iter()
            .enumerate()
            .filter_map(move |(i, report)| {
                let checked = checked?;
                Some((&checked.model.claims[i], &checked.verdicts[i], report))
            })
    }

    /// Every diagnostic of the file: its problems, then each claim's.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.outcome
            .problems
            .iter()
            .chain(self.claims.iter().flat_map(|c| c.diagnostics.iter()))
    }
}

/// The diagnostics of claim `index` of `checked`, in evidence order, then
/// facts; a status whose severity is off says nothing.
pub fn claim(
    checked: &Checked,
    annotations: &TextFile,
    index: usize,
    severities: &Severities,
) -> Vec<Diagnostic> {
    let claim = &checked.model.claims[index];
    let verdict = &checked.verdicts[index];
    let file = Finder {
        checked,
        annotations,
    };
    let mut found = Vec::new();
    if claim.evidence.is_empty() {
        found.push(
            Diagnostic::new(
                Code::Unsupported,
                format!("claim `{}` has no evidence", claim.id.value),
            )
            .at(Label::new(
                annotations,
                claim.evidence_span.clone(),
                "no evidence here",
            ))
            .help("add an evidence item quoting the passage that supports the claim")
            .about(&claim.id.value, "no evidence"),
        );
    }
    for (n, (evidence, resolution)) in claim.evidence.iter().zip(&verdict.evidence).enumerate() {
        let what = if claim.evidence.len() == 1 {
            format!("claim `{}`", claim.id.value)
        } else {
            format!("claim `{}`, evidence {}", claim.id.value, n + 1)
        };
        if let Some(mut diagnostic) = file.evidence(&what, evidence, resolution) {
            if let Some(stale) = file.stale(evidence) {
                let help = diagnostic.help.take().unwrap_or_default();
                diagnostic.help = Some(format!("{stale}\n{help}"));
            }
            found.push(
                diagnostic.about(&claim.id.value, format!("quote: {}", evidence.quote.value)),
            );
        }
    }
    found.extend(file.facts(claim, verdict));
    let mut kept: Vec<Diagnostic> = found
        .into_iter()
        .filter_map(|mut diagnostic| {
            diagnostic.severity = severities.of_code(diagnostic.code)?;
            Some(diagnostic)
        })
        .collect();
    // Kept for the whole run: without room for the four a first push
    // makes (the report of 16,000 findings held 10 MB of it).
    kept.shrink_to_fit();
    kept
}

struct Finder<'a> {
    checked: &'a Checked,
    annotations: &'a TextFile,
}

impl Finder<'_> {
    /// Why the evidence's pin no longer fits the article, if it does not:
    /// the article changed, and the quote was searched for without it.
    fn stale(&self, evidence: &Evidence) -> Option<String> {
        let source = &self.checked.source.source;
        let stale = matching::stale_hint(source, &Hints::of(evidence))?;
        Some(match stale {
            StaleHint::ParagraphPastEnd {
                paragraph,
                paragraphs,
            } => format!(
                "the pin is stale: {} is past the end of the article, which has {}",
                ParagraphId(paragraph),
                crate::report::plural(paragraphs, "paragraph")
            ),
            StaleHint::OffsetsPastEnd {
                paragraph,
                end,
                chars,
            } => format!(
                "the pin is stale: offset {end} is past the end of {}, which has {}",
                ParagraphId(paragraph),
                crate::report::plural(chars, "char")
            ),
        })
    }

    /// A label on the source's bytes at `location`.
    fn in_source(&self, location: &Location, message: impl Into<String>) -> Label {
        let source = &self.checked.source;
        let paragraph = &source.source.paragraphs[location.paragraph];
        Label::new(
            &source.file,
            paragraph.file_bytes(location.chars()),
            message,
        )
    }

    fn evidence(
        &self,
        what: &str,
        evidence: &Evidence,
        resolution: &Resolution,
    ) -> Option<Diagnostic> {
        let annotations = self.annotations;
        let diagnostic = match resolution {
            // Exact evidence has nothing to say.
            Resolution::Exact(_) => return None,
            Resolution::Moved(now) => {
                let recorded = recorded(evidence);
                let (field, field_label) = match &evidence.paragraph {
                    Some(p) if p.value != now.paragraph => (
                        p.span.clone(),
                        format!("recorded here as {}", ParagraphId(p.value)),
                    ),
                    _ => match (&evidence.offsets, &evidence.position) {
                        (Some(o), _) => (o.span.clone(), format!("recorded here as {recorded}")),
                        (None, Some(p)) => {
                            (p.span.clone(), format!("recorded here as {recorded}"))
                        }
                        (None, None) => (evidence.quote.span.clone(), "this quote".into()),
                    },
                };
                let now_at = address::span(now);
                // What `fix` will write; it does not rewrite W3C files.
                let edits = match self.checked.model.format {
                    Format::Claimcheck => fix::re_anchor(annotations.text(), evidence, now),
                    Format::WebAnnotation => Vec::new(),
                };
                Diagnostic::new(
                    Code::Moved,
                    format!("{what}: the quote moved from {recorded} to {now_at}"),
                )
                .at(Label::new(annotations, field, field_label))
                .also(self.in_source(now, format!("now at {now_at}")))
                .help("run `claimcheck fix` to re-anchor it")
                .edits(edits)
            }
            Resolution::Ambiguous { first, count } => Diagnostic::new(
                Code::Ambiguous,
                format!("{what}: the quote occurs {count} times and no hint decides which"),
            )
            .at(Label::new(
                annotations,
                evidence.quote.span.clone(),
                format!("found {count} times"),
            ))
            .also(self.in_source(first, "first occurrence"))
            .help("pin it with `paragraph`, `start` and `end`, or a `prefix`/`suffix`, or quote more of the passage"),
            Resolution::Drifted { location, errors } => {
                let paragraph = &self.checked.source.source.paragraphs[location.paragraph];
                let mut diagnostic = Diagnostic::new(
                    Code::Drifted,
                    format!(
                        "{what}: the quote is no longer in the source; the closest passage, in {}, differs by {errors} {}",
                        address::span(location),
                        if *errors == 1 { "edit" } else { "edits" }
                    ),
                )
                .at(Label::new(annotations, evidence.quote.span.clone(), "this quote"))
                .also(self.in_source(location, "closest passage"))
                .help("if the new wording still supports the claim, run `claimcheck fix --accept-drift`");
                diagnostic.rewording = Some(Box::new(Rewording {
                    quote: evidence.quote.value.clone(),
                    now: paragraph.slice_chars(location.chars()).to_owned(),
                }));
                diagnostic
            }
            Resolution::Broken => Diagnostic::new(
                Code::Broken,
                format!("{what}: the quote is not in the source, nor anything close to it"),
            )
            .at(Label::new(annotations, evidence.quote.span.clone(), "not found"))
            .help("the passage was cut or rewritten: quote the passage that supports the claim now, or drop the claim"),
        };
        Some(diagnostic)
    }

    fn facts<'v>(
        &'v self,
        claim: &'v Claim,
        verdict: &'v ClaimVerdict,
    ) -> impl Iterator<Item = Diagnostic> + 'v {
        let literal = self
            .annotations
            .text()
            .get(claim.text.span.clone())
            .unwrap_or("");
        verdict.missing_facts.iter().map(move |fact| {
            // Underline the fact's own bytes inside the claim's JSON string,
            // through any escapes; else the whole string.
            let field = match crate::annotation::string_literal_bytes(literal, &fact.span) {
                Some(bytes) => {
                    claim.text.span.start + bytes.start..claim.text.span.start + bytes.end
                }
                None => claim.text.span.clone(),
            };
            Diagnostic::new(
                Code::Unsupported,
                format!("claim `{}` {}", claim.id.value, fact.message()),
            )
            .at(Label::new(self.annotations, field, fact.label()))
            .help(fact.help())
            .about(
                &claim.id.value,
                format!("{}: {}", fact.kind.as_str(), fact.text),
            )
        })
    }
}

/// Where the hints say the quote was: `p4:10-40`, `p4`, `10-40`, or the
/// W3C document offsets.
fn recorded(evidence: &Evidence) -> String {
    match (&evidence.paragraph, &evidence.offsets) {
        (Some(p), Some(o)) => format!("{}:{}-{}", ParagraphId(p.value), o.value.start, o.value.end),
        (Some(p), None) => ParagraphId(p.value).to_string(),
        (None, Some(o)) => format!("{}-{}", o.value.start, o.value.end),
        (None, None) => match &evidence.position {
            Some(p) => format!("document offsets {}-{}", p.value.start, p.value.end),
            None => "where it was".into(),
        },
    }
}
