//! What a revision did: the paragraph alignment between two revisions of
//! an article and, for the claims of annotation files written against the
//! old one, what became of each evidence span (CONTRACT §7). Pure: sources
//! and annotation models in, values out.

use std::path::PathBuf;

use crate::annotation::AnnotationFile;
use crate::matching::{self, Hints, Location};
use crate::revision::{Alignment, SpanChange, map_span};
use crate::source::Source;
use crate::workspace::LoadedSource;

/// `diff OLD NEW`, worked out.
pub struct RevisionDiff {
    pub old: LoadedSource,
    pub new: LoadedSource,
    pub alignment: Alignment,
    /// With `--annotations`: one entry per annotation file read.
    pub claims: Vec<ClaimFile>,
    /// Whether `--annotations` was given (then `claims` is reported, even
    /// when empty).
    pub with_claims: bool,
}

/// The claims of one annotation file, followed through the revision.
pub struct ClaimFile {
    pub annotations: PathBuf,
    pub claims: Vec<ClaimChange>,
}

/// What the revision did to one claim.
pub struct ClaimChange {
    pub id: String,
    pub evidence: Vec<EvidenceChange>,
}

pub struct EvidenceChange {
    /// Where the quote is in OLD (`None`: not there to begin with).
    pub old: Option<Location>,
    pub change: SpanChange,
    /// The quote's text before and after, when it was edited.
    pub diff: Option<(String, String)>,
}

impl ClaimChange {
    /// The worst change over the claim's evidence (`same` when it has none).
    pub fn worst(&self) -> &'static str {
        self.evidence
            .iter()
            .max_by_key(|e| e.change.rank())
            .map_or("same", |e| e.change.as_str())
    }
}

/// Every claim of `model`, located in `old` and carried to `new` through
/// the alignment.
pub fn claim_changes(
    model: &AnnotationFile,
    alignment: &Alignment,
    old: &Source,
    new: &Source,
) -> Vec<ClaimChange> {
    model
        .claims
        .iter()
        .map(|claim| ClaimChange {
            id: claim.id.value.clone(),
            evidence: claim
                .evidence
                .iter()
                .map(|evidence| {
                    let located =
                        matching::resolve(old, &evidence.quote.value, &Hints::of(evidence))
                            .location();
                    let Some(at) = located else {
                        return EvidenceChange {
                            old: None,
                            change: SpanChange::Removed,
                            diff: None,
                        };
                    };
                    let change = map_span(alignment, old, new, at);
                    let diff = match &change {
                        SpanChange::Edited(now) => Some((
                            old.paragraphs[at.paragraph]
                                .slice_chars(at.chars())
                                .to_owned(),
                            new.paragraphs[now.paragraph]
                                .slice_chars(now.chars())
                                .to_owned(),
                        )),
                        _ => None,
                    };
                    EvidenceChange {
                        old: Some(at),
                        change,
                        diff,
                    }
                })
                .collect(),
        })
        .collect()
}
