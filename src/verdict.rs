//! Verdicts: a status for each evidence span and for each claim
//! (CONTRACT §4), including the check that the claim's facts are quoted.

use std::borrow::Cow;
use std::fmt;

use serde::Serialize;

use crate::annotation::{Claim, Evidence};
use crate::matching::{self, Hints, Resolution};
use crate::normalize::normalize;
use crate::source::Source;

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

/// Something the claim states that its evidence must quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fact {
    /// A number as written in the claim, and its value in canonical form.
    Number { written: String, value: String },
    /// A phrase the claim puts in quotation marks (normalized).
    Phrase(String),
}

impl fmt::Display for Fact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fact::Number { written, .. } => write!(f, "the number {written}"),
            Fact::Phrase(phrase) => write!(f, "the quoted phrase \"{phrase}\""),
        }
    }
}

/// The verdict on one claim.
#[derive(Debug, Clone)]
pub struct ClaimVerdict {
    pub status: ClaimStatus,
    /// One resolution per evidence item, in the annotation's order.
    pub evidence: Vec<Resolution>,
    /// Facts of the claim that none of its evidence quotes contains.
    pub missing_facts: Vec<Fact>,
}

/// Resolves every evidence span of `claim` in `source` and applies the
/// claim rules of CONTRACT §4 in order.
pub fn judge(source: &Source, claim: &Claim) -> ClaimVerdict {
    judge_with(claim, |e, needle| {
        matching::resolve_normalized(source, needle, &Hints::of(e))
    })
}

/// [`judge`] with another way of resolving each evidence span (e.g.
/// through a revision diff); `resolve` gets each quote normalized too.
pub fn judge_with(
    claim: &Claim,
    mut resolve: impl FnMut(&Evidence, &str) -> Resolution,
) -> ClaimVerdict {
    let quotes: Vec<String> = claim
        .evidence
        .iter()
        .map(|e| normalize(&e.quote.value))
        .collect();
    let evidence: Vec<Resolution> = claim
        .evidence
        .iter()
        .zip(&quotes)
        .map(|(e, quote)| resolve(e, quote))
        .collect();
    let missing_facts = missing_normalized(&claim.text.value, &quotes);
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

/// The facts of `claim` that appear in none of `quotes`.
pub fn missing_facts(claim: &str, quotes: &[&str]) -> Vec<Fact> {
    let quotes: Vec<String> = quotes.iter().map(|q| normalize(q)).collect();
    missing_normalized(claim, &quotes)
}

/// [`missing_facts`] with the quotes already normalized.
fn missing_normalized(claim: &str, quotes: &[String]) -> Vec<Fact> {
    let facts = facts(claim);
    if facts.is_empty() {
        return facts;
    }
    // Which number facts some quote states, compared by value.
    let mut quoted = vec![false; facts.len()];
    if facts.iter().any(|fact| matches!(fact, Fact::Number { .. })) {
        for quote in quotes {
            for_each_number(quote, |_, value| {
                for (fact, quoted) in facts.iter().zip(quoted.iter_mut()) {
                    if let Fact::Number { value: wanted, .. } = fact
                        && *wanted == value
                    {
                        *quoted = true;
                    }
                }
            });
        }
    }
    facts
        .into_iter()
        .zip(quoted)
        .filter(|(fact, quoted)| match fact {
            Fact::Number { .. } => !quoted,
            Fact::Phrase(phrase) => !quotes.iter().any(|q| q.contains(phrase.as_str())),
        })
        .map(|(fact, _)| fact)
        .collect()
}

/// Every number and every quoted phrase of a claim, in order, each once.
pub fn facts(claim: &str) -> Vec<Fact> {
    let claim = normalize(claim);
    let mut facts: Vec<Fact> = Vec::new();
    for (written, value) in numbers(&claim) {
        let fact = Fact::Number { written, value };
        if !facts.contains(&fact) {
            facts.push(fact);
        }
    }
    // After normalization every double quotation mark is `"`; pairs of them
    // enclose the quoted phrases.
    for phrase in claim.split('"').skip(1).step_by(2) {
        let phrase = phrase.trim();
        let fact = Fact::Phrase(phrase.to_owned());
        if !phrase.is_empty() && !facts.contains(&fact) {
            facts.push(fact);
        }
    }
    facts
}

/// The numbers written in `text` with their canonical values: digits, with
/// `,` separating groups of three and `.` before decimals. A sign is never
/// read, so a range such as `1979-1989` is the two years it names.
fn numbers(text: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for_each_number(text, |written, value| {
        found.push((written.to_owned(), value.into_owned()))
    });
    found
}

/// [`numbers`] without copying: each number as written, and its canonical
/// value (borrowed from `text` unless it had to be rebuilt).
fn for_each_number<'t>(text: &'t str, mut found: impl FnMut(&'t str, Cow<'t, str>)) {
    let bytes = text.as_bytes();
    let digits_from = |mut i: usize| {
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        i
    };
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = digits_from(i);
        let leading = &text[start..end];
        // Thousands groups: a comma followed by exactly three digits.
        let mut grouped: Option<String> = None;
        while end + 3 < bytes.len() && bytes[end] == b',' && digits_from(end + 1) == end + 4 {
            grouped
                .get_or_insert_with(|| leading.to_owned())
                .push_str(&text[end + 1..end + 4]);
            end += 4;
        }
        let mut fraction = "";
        if end + 1 < bytes.len() && bytes[end] == b'.' && bytes[end + 1].is_ascii_digit() {
            let fraction_end = digits_from(end + 1);
            fraction = &text[end + 1..fraction_end];
            end = fraction_end;
        }
        let value = match &grouped {
            Some(integer) => Cow::Owned(canonical(integer, fraction).into_owned()),
            None => canonical(leading, fraction),
        };
        found(&text[start..end], value);
        i = end;
    }
}

fn canonical<'t>(integer: &'t str, fraction: &str) -> Cow<'t, str> {
    let integer = integer.trim_start_matches('0');
    let integer = if integer.is_empty() { "0" } else { integer };
    let fraction = fraction.trim_end_matches('0');
    if fraction.is_empty() {
        Cow::Borrowed(integer)
    } else {
        Cow::Owned(format!("{integer}.{fraction}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<String> {
        numbers(text).into_iter().map(|(_, v)| v).collect()
    }

    #[test]
    fn numbers_by_value() {
        assert_eq!(values("15,000 people"), ["15000"]);
        assert_eq!(values("15000."), ["15000"]);
        assert_eq!(values("In 1991, 88 percent"), ["1991", "88"]);
        assert_eq!(values("the 1979-1989 war"), ["1979", "1989"]);
        assert_eq!(values("3.50 and 007 and 9/11"), ["3.5", "7", "9", "11"]);
        assert_eq!(values("1,2345 and 1,234,567.0"), ["1", "2345", "1234567"]);
        assert_eq!(values("the 25th anniversary in 2004."), ["25", "2004"]);
    }

    #[test]
    fn quoted_phrases_fold_typography() {
        let facts = facts("He called it the “Soviet Vietnam” in 1989.");
        assert_eq!(
            facts,
            [
                Fact::Number {
                    written: "1989".into(),
                    value: "1989".into()
                },
                Fact::Phrase("Soviet Vietnam".into())
            ]
        );
    }

    #[test]
    fn missing_facts_compare_values() {
        let quotes = ["left 149 people dead", "some 15000 troops"];
        assert!(missing_facts("149 died; 15,000 troops", &quotes).is_empty());
        assert_eq!(
            missing_facts("150 died, called \"allies\"", &quotes),
            [
                Fact::Number {
                    written: "150".into(),
                    value: "150".into()
                },
                Fact::Phrase("allies".into())
            ]
        );
    }
}
