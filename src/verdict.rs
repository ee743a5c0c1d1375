//! Verdicts: a status for each evidence span and for each claim
//! (CONTRACT §4); the facts a claim states are checked by [`crate::facts`].

use std::fmt;

use serde::Serialize;

use crate::annotation::{Claim, Evidence};
use crate::facts::{self, EvidenceText};
use crate::matching::{self, Hints, Resolution};
use crate::normalize::normalize;
use crate::source::Source;

pub use crate::facts::Fact;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EvidenceStatus {
    Exact,
    Moved,
    Ambiguous,
    Drifted,
    Broken,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ClaimStatus {
    Verified,
    Moved,
    Ambiguous,
    Drifted,
    Broken,
    Unsupported,
}

impl ClaimStatus {
    pub const ALL: [ClaimStatus; 6] = [
        ClaimStatus::Verified,
        ClaimStatus::Moved,
        ClaimStatus::Ambiguous,
        ClaimStatus::Drifted,
        ClaimStatus::Broken,
        ClaimStatus::Unsupported,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ClaimStatus::Verified => "verified",
            ClaimStatus::Moved => "moved",
            ClaimStatus::Ambiguous => "ambiguous",
            ClaimStatus::Drifted => "drifted",
            ClaimStatus::Broken => "broken",
            ClaimStatus::Unsupported => "unsupported",
        }
    }

    /// The status named `name` (`verified`, `moved`, …).
    pub fn parse(name: &str) -> Option<ClaimStatus> {
        ClaimStatus::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

impl fmt::Display for ClaimStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl EvidenceStatus {
    pub fn of(resolution: &Resolution) -> EvidenceStatus {
        match resolution {
            Resolution::Exact(_) => EvidenceStatus::Exact,
            Resolution::Moved(_) => EvidenceStatus::Moved,
            Resolution::Ambiguous { .. } => EvidenceStatus::Ambiguous,
            Resolution::Drifted { .. } => EvidenceStatus::Drifted,
            Resolution::Broken => EvidenceStatus::Broken,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceStatus::Exact => "exact",
            EvidenceStatus::Moved => "moved",
            EvidenceStatus::Ambiguous => "ambiguous",
            EvidenceStatus::Drifted => "drifted",
            EvidenceStatus::Broken => "broken",
        }
    }
}

/// The verdict on one claim.
#[derive(Debug, Clone)]
pub struct ClaimVerdict {
    pub status: ClaimStatus,
    /// One resolution per evidence item, in the annotation's order.
    pub evidence: Vec<Resolution>,
    /// Facts of the claim its evidence does not back (CONTRACT §4 rule 5),
    /// in claim order.
    pub missing_facts: Vec<Fact>,
}

/// Resolves every evidence span of `claim` in `source` and applies the
/// claim rules of CONTRACT §4 in order.
pub fn judge(source: &Source, claim: &Claim) -> ClaimVerdict {
    judge_with(source, claim, |e, needle| {
        matching::resolve_normalized(source, needle, &Hints::of(e))
    })
}

/// [`judge`], if every quote of `claim` resolves without searching the
/// article ([`matching::resolve_at_pins`]); otherwise what the pins did
/// decide, for [`judge_unsettled`] to finish once the article is indexed.
pub fn judge_at_pins(source: &Source, claim: &Claim) -> Result<ClaimVerdict, Unsettled> {
    // Pins decide nothing for a claim none of whose quotes has any: it is
    // judged whole later, its quotes normalized then rather than held
    // meanwhile (100,000 bare quotes: 10 MB).
    if !claim.evidence.is_empty() && !claim.evidence.iter().any(|e| Hints::of(e).pin_a_place()) {
        return Err(Unsettled::default());
    }
    let quotes = normalized_quotes(claim);
    let at_pins: Vec<Option<Resolution>> = claim
        .evidence
        .iter()
        .zip(&quotes)
        .map(|(e, quote)| matching::resolve_at_pins(source, quote, &Hints::of(e)))
        .collect();
    if at_pins.iter().all(Option::is_some) {
        let evidence = at_pins.into_iter().flatten().collect();
        return Ok(judge_resolved(source, claim, &quotes, evidence));
    }
    Err(Unsettled { quotes, at_pins })
}

/// A claim some of whose quotes its pins did not settle: every quote
/// normalized, and what the pins decided for each (`None`: search for it).
/// Empty: the claim has no pins to decide by, and is judged whole.
#[derive(Debug, Default)]
pub struct Unsettled {
    quotes: Vec<String>,
    at_pins: Vec<Option<Resolution>>,
}

/// [`judge`] of a claim [`judge_at_pins`] left unsettled: only the quotes
/// its pins did not decide are searched for, and none is normalized again.
pub fn judge_unsettled(source: &Source, claim: &Claim, unsettled: Unsettled) -> ClaimVerdict {
    let Unsettled { quotes, at_pins } = unsettled;
    if quotes.is_empty() {
        return judge(source, claim);
    }
    let evidence = at_pins
        .into_iter()
        .zip(&claim.evidence)
        .zip(&quotes)
        .map(|((at_pins, e), quote)| {
            at_pins.unwrap_or_else(|| matching::resolve_by_search(source, quote, &Hints::of(e)))
        })
        .collect();
    judge_resolved(source, claim, &quotes, evidence)
}

/// Each quote of `claim`, normalized.
fn normalized_quotes(claim: &Claim) -> Vec<String> {
    claim
        .evidence
        .iter()
        .map(|e| normalize(&e.quote.value))
        .collect()
}

/// [`judge`] with another way of resolving each evidence span (e.g.
/// through a revision diff); `resolve` gets each quote normalized too.
/// `source` is the revision the resolutions point into: the fact check
/// reads the paragraph each quote was found in there.
pub fn judge_with(
    source: &Source,
    claim: &Claim,
    mut resolve: impl FnMut(&Evidence, &str) -> Resolution,
) -> ClaimVerdict {
    let quotes = normalized_quotes(claim);
    let evidence: Vec<Resolution> = claim
        .evidence
        .iter()
        .zip(&quotes)
        .map(|(e, quote)| resolve(e, quote))
        .collect();
    judge_resolved(source, claim, &quotes, evidence)
}

/// The verdict on `claim`, whose normalized `quotes` resolved as
/// `evidence` says.
fn judge_resolved(
    source: &Source,
    claim: &Claim,
    quotes: &[String],
    evidence: Vec<Resolution>,
) -> ClaimVerdict {
    let texts: Vec<EvidenceText> = quotes
        .iter()
        .zip(&evidence)
        .map(|(quote, resolution)| EvidenceText {
            quote,
            paragraph: paragraph_of(source, resolution),
        })
        .collect();
    let missing_facts = facts::missing(&claim.text.value, &texts);
    let statuses: Vec<EvidenceStatus> = evidence.iter().map(EvidenceStatus::of).collect();
    let any = |s: EvidenceStatus| statuses.contains(&s);
    let status = if statuses.is_empty() {
        ClaimStatus::Unsupported
    } else if any(EvidenceStatus::Broken) {
        ClaimStatus::Broken
    } else if any(EvidenceStatus::Drifted) {
        ClaimStatus::Drifted
    } else if any(EvidenceStatus::Ambiguous) {
        ClaimStatus::Ambiguous
    } else if !missing_facts.is_empty() {
        ClaimStatus::Unsupported
    } else if any(EvidenceStatus::Moved) {
        ClaimStatus::Moved
    } else {
        ClaimStatus::Verified
    };
    ClaimVerdict {
        status,
        evidence,
        missing_facts,
    }
}

/// The text of the paragraph a resolution places its quote in.
pub fn paragraph_of<'s>(source: &'s Source, resolution: &Resolution) -> Option<&'s str> {
    let location = resolution.location()?;
    source
        .paragraphs
        .get(location.paragraph)
        .map(|p| p.text.as_str())
}
