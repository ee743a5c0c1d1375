//! Arbitrary bytes, read as an annotation file (claimcheck format or W3C Web
//! Annotation). The reader must never panic, and every span it reports, on
//! success or failure, must be a byte range of the file on char boundaries
//! (diagnostics underline those bytes).
#![no_main]

use std::ops::Range;

use claimcheck::annotation::{self, AnnotationFile};
use libfuzzer_sys::fuzz_target;

fn check_span(text: &str, span: &Range<usize>, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what} span {span:?} outside the file (len {})",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what} span {span:?} not on char boundaries"
    );
}

fn check_file(text: &str, file: &AnnotationFile) {
    if let Some(source) = &file.source {
        check_span(text, &source.span, "source");
    }
    for claim in &file.claims {
        check_span(text, &claim.span, "claim");
        check_span(text, &claim.id.span, "claim id");
        check_span(text, &claim.text.span, "claim text");
        check_span(text, &claim.evidence_span, "evidence array");
        if let Some(note) = &claim.note {
            check_span(text, &note.span, "note");
        }
        for evidence in &claim.evidence {
            check_span(text, &evidence.span, "evidence");
            check_span(text, &evidence.quote.span, "quote");
            if let Some(p) = &evidence.paragraph {
                check_span(text, &p.span, "paragraph");
            }
            if let Some(o) = &evidence.offsets {
                check_span(text, &o.span, "offsets");
            }
            if let Some(p) = &evidence.prefix {
                check_span(text, &p.span, "prefix");
            }
            if let Some(s) = &evidence.suffix {
                check_span(text, &s.span, "suffix");
            }
            if let Some(p) = &evidence.position {
                check_span(text, &p.span, "position");
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match annotation::parse(text) {
        Ok(file) => check_file(text, &file),
        Err(errors) => {
            assert!(
                !errors.is_empty() && errors.len() <= 100,
                "{} schema errors (expected 1..=100)",
                errors.len()
            );
            for error in &errors {
                assert!(!error.message.is_empty(), "empty error message");
                check_span(text, &error.span, &format!("error `{}`", error.message));
            }
            assert!(
                errors
                    .windows(2)
                    .all(|w| w[0].span.start <= w[1].span.start),
                "schema errors not in file order"
            );
        }
    }
});
