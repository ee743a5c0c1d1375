//! The fact check, on an arbitrary claim and evidence.
//!
//! Input layout: UTF-8 (lossy) split on NUL into the claim, a quote and
//! the paragraph it was found in (each may be missing or empty).
//!
//! Checks: `facts::missing` never panics, with no evidence, with the quote
//! alone and with the quote in its paragraph; every fact it names is a
//! range of the claim on char boundaries, its char range counts the same
//! chars, and its text is what the claim holds there. A claim is its own
//! evidence: quoting the whole claim backs every fact it states.
#![no_main]

use claimcheck::facts::{EvidenceText, missing};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    let mut parts = input.split('\0');
    let claim = parts.next().unwrap_or_default();
    let quote = parts.next().unwrap_or_default();
    let paragraph = parts.next();
    for evidence in [
        &[][..],
        &[EvidenceText {
            quote,
            paragraph: None,
        }][..],
        &[EvidenceText { quote, paragraph }][..],
    ] {
        for fact in missing(claim, evidence) {
            let text = claim
                .get(fact.span.clone())
                .unwrap_or_else(|| panic!("{fact:?} is not a range of the claim {claim:?}"));
            assert_eq!(text, fact.text, "{fact:?} in {claim:?}");
            assert_eq!(
                fact.chars.start,
                claim[..fact.span.start].chars().count(),
                "{fact:?}"
            );
            assert_eq!(fact.chars.len(), text.chars().count(), "{fact:?}");
        }
    }
    let itself = [EvidenceText {
        quote: claim,
        paragraph: Some(claim),
    }];
    let unbacked = missing(claim, &itself);
    assert!(
        unbacked.is_empty(),
        "quoting {claim:?} whole leaves {unbacked:?} unbacked"
    );
});
