//! Arbitrary text parsed as a Markdown article: every paragraph's byte
//! range, file-byte map and char slicing stay inside the file, on char
//! boundaries and in order (through inline markup, entities, soft breaks).
#![no_main]

mod common;

use claimcheck::source::SourceKind;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    common::check_source(text, SourceKind::Markdown);
});
