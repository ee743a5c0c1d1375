//! The fact check of CONTRACT §4 rule 5, measured over the bundled article:
//! faithful paraphrases must verify, claims with one planted error must be
//! unsupported for exactly that fact, and the documented limits of the
//! rules must stay as documented. Driven through the library.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use claimcheck::annotation::{self, AnnotationFile};
use claimcheck::facts::{self, EvidenceText, FactKind};
use claimcheck::matching::Resolution;
use claimcheck::source::{Source, SourceKind};
use claimcheck::verdict::{self, ClaimStatus};
use proptest::prelude::*;

const ARTICLE: &str = include_str!("../sources/russia-recognizes-taliban.txt");

fn article() -> Source {
    Source::parse(ARTICLE.to_owned(), SourceKind::PlainText)
}

fn fixture(name: &str) -> AnnotationFile {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/facts")
        .join(name);
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    annotation::parse(&text).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()))
}

/// What a claim's `note` says its verdict must be: after `expect: `,
/// `verified` or `unsupported KIND TEXT`.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Expected {
    Verified,
    Unsupported(FactKind, String),
}

fn expected(note: &str) -> Expected {
    let (_, expectation) = note
        .split_once("expect: ")
        .unwrap_or_else(|| panic!("no expectation in {note:?}"));
    if expectation == "verified" {
        return Expected::Verified;
    }
    let rest = expectation
        .strip_prefix("unsupported ")
        .unwrap_or_else(|| panic!("unknown expectation {expectation:?}"));
    let (kind, text) = rest.split_once(' ').unwrap_or_else(|| panic!("{rest:?}"));
    let kind = match kind {
        "number" => FactKind::Number,
        "phrase" => FactKind::Phrase,
        "name" => FactKind::Name,
        "negation" => FactKind::Negation,
        other => panic!("unknown fact kind {other:?}"),
    };
    Expected::Unsupported(kind, text.to_owned())
}

/// Every claim of a fixture file judged against the article: `(id, note,
/// expected, actual)`; every quote must be found exactly, so that the
/// verdict is the fact check's alone.
fn judged(name: &str) -> Vec<(String, String, Expected, Expected)> {
    let source = article();
    let file = fixture(name);
    file.claims
        .iter()
        .map(|claim| {
            let verdict = verdict::judge(&source, claim);
            for (evidence, resolution) in claim.evidence.iter().zip(&verdict.evidence) {
                assert!(
                    matches!(resolution, Resolution::Exact(_)),
                    "{}: quote {:?} is {resolution:?}",
                    claim.id.value,
                    evidence.quote.value
                );
            }
            let actual = match (verdict.status, verdict.missing_facts.as_slice()) {
                (ClaimStatus::Verified, []) => Expected::Verified,
                (ClaimStatus::Unsupported, [fact]) => {
                    Expected::Unsupported(fact.kind, fact.text.clone())
                }
                (status, facts) => panic!(
                    "{}: {status} with {:?}",
                    claim.id.value,
                    facts.iter().map(|f| (f.kind, &f.text)).collect::<Vec<_>>()
                ),
            };
            let note = claim
                .note
                .as_ref()
                .map_or("", |n| n.value.as_str())
                .to_owned();
            (
                claim.id.value.clone(),
                note.clone(),
                expected(&note),
                actual,
            )
        })
        .collect()
}

fn assert_all_as_expected(name: &str, judged: &[(String, String, Expected, Expected)]) {
    let wrong: Vec<String> = judged
        .iter()
        .filter(|(_, _, expected, actual)| expected != actual)
        .map(|(id, _, expected, actual)| format!("{id}: expected {expected:?}, got {actual:?}"))
        .collect();
    assert!(wrong.is_empty(), "{name}:\n{}", wrong.join("\n"));
}

#[test]
fn no_faithful_paraphrase_is_flagged() {
    let judged = judged("faithful.json");
    assert!(judged.len() >= 60, "{} faithful claims", judged.len());
    assert!(judged.iter().all(|(_, _, e, _)| *e == Expected::Verified));
    assert_all_as_expected("faithful.json", &judged);
}

#[test]
fn every_planted_error_is_caught_as_the_fact_it_is() {
    const KINDS: [&str; 10] = [
        "wrong person",
        "wrong place",
        "wrong organisation",
        "wrong month",
        "number in words",
        "number in digits",
        "scale",
        "ordinal",
        "negation flipped",
        "wrong quoted word",
    ];
    let judged = judged("planted.json");
    assert!(judged.len() >= 60, "{} planted claims", judged.len());
    let mut per_kind: BTreeMap<&str, usize> = BTreeMap::new();
    for (id, note, expected, _) in &judged {
        let kind = KINDS
            .iter()
            .find(|kind| note.starts_with(&format!("planted {kind}:")))
            .unwrap_or_else(|| panic!("{id}: no planted error kind in {note:?}"));
        *per_kind.entry(kind).or_default() += 1;
        assert!(matches!(expected, Expected::Unsupported(..)), "{id}");
    }
    for kind in KINDS {
        assert!(
            per_kind.get(kind).copied().unwrap_or(0) >= 6,
            "{kind}: {per_kind:?}"
        );
    }
    assert_all_as_expected("planted.json", &judged);
}

/// Where a rule cannot tell, it errs on the side its note says; a change
/// of side shows up here.
#[test]
fn the_documented_limits_hold() {
    let judged = judged("limits.json");
    assert_all_as_expected("limits.json", &judged);
}

/// The evidence of the bundled annotations backs every fact of its claims.
#[test]
fn the_bundled_claims_state_only_what_their_evidence_says() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("annotations/russia-recognizes-taliban.json");
    let file = annotation::parse(&fs::read_to_string(path).expect("readable")).expect("parses");
    let source = article();
    for claim in &file.claims {
        let verdict = verdict::judge(&source, claim);
        assert!(
            verdict.missing_facts.is_empty(),
            "{}: {:?}",
            claim.id.value,
            verdict.missing_facts
        );
    }
}

/// A paragraph of the article and a char range of it.
fn span_in_article() -> impl Strategy<Value = (usize, usize, usize)> {
    let lengths: Vec<usize> = article().paragraphs.iter().map(|p| p.char_len()).collect();
    (0..lengths.len())
        .prop_flat_map(move |p| (Just(p), 0..lengths[p]))
        .prop_flat_map(|(p, start)| {
            let len = article().paragraphs[p].char_len();
            (
                Just(p),
                Just(start),
                (start + 1).min(len)..=len.min(start + 400),
            )
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// A claim made only of words copied from its quote, in the same case,
    /// is never flagged for names or numbers: runs of the quote's words,
    /// in order, some left out (a left-out stretch is marked `; `, so that
    /// no number reads on into a word it did not touch).
    #[test]
    fn words_copied_from_the_quote_state_no_missing_name_or_number(
        (p, start, end) in span_in_article(),
        keep in prop::collection::vec(any::<bool>(), 80),
    ) {
        let source = article();
        let quote = source.paragraphs[p].slice_chars(start..end).to_owned();
        let words: Vec<&str> = quote.split_whitespace().collect();
        let mut claim = String::new();
        let mut gap = false;
        for (i, word) in words.iter().enumerate() {
            if keep.get(i % keep.len()).copied().unwrap_or(true) {
                if !claim.is_empty() {
                    claim.push_str(if gap { "; " } else { " " });
                }
                claim.push_str(word);
                gap = false;
            } else {
                gap = true;
            }
        }
        let missing = facts::missing(&claim, &[EvidenceText { quote: &quote, paragraph: None }]);
        let flagged: Vec<_> = missing
            .iter()
            .filter(|f| matches!(f.kind, FactKind::Name | FactKind::Number))
            .map(|f| (f.kind, f.text.clone()))
            .collect();
        prop_assert!(flagged.is_empty(), "claim {claim:?} over quote {quote:?}: {flagged:?}");
    }

    /// Nothing panics on any claim over any quote.
    #[test]
    fn any_text_is_checked_without_panic(claim in "\\PC{0,120}", quote in "\\PC{0,120}") {
        let _ = facts::missing(&claim, &[EvidenceText { quote: &quote, paragraph: Some(&claim) }]);
    }
}
