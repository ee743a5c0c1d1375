//! Bytes parsed as an HTML article, two ways. As text (when UTF-8): no
//! panic, and the invariants of every source (byte ranges in order on char
//! boundaries, char ranges mapping inside them, monotone). As the choices
//! of a generated page (`common::html_doc`): the paragraphs a reader sees,
//! and every char and char range of each maps to bytes that render (by an
//! oracle that does not use the parser) to exactly those chars.
#![no_main]

mod common;

use claimcheck::source::SourceKind;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        common::check_source(text, SourceKind::Html);
    }
    common::html_doc::check(&common::html_doc::generate(data));
});
