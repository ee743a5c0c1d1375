//! `claimcheck paragraphs`: how a source splits into p1…pN.

use std::io::Write;

use serde::Serialize;

use crate::check::read_text;
use crate::cli::{ListFormat, ParagraphsArgs};
use crate::report::human;
use crate::source::{Source, SourceKind};

#[derive(Serialize)]
struct ParagraphEntry<'a> {
    id: String,
    text: &'a str,
    start_byte: usize,
    end_byte: usize,
    fingerprint: String,
}

pub fn run(args: &ParagraphsArgs) -> u8 {
    let file = match read_text(&args.source, "source") {
        Ok(file) => file,
        Err(problem) => {
            eprint!(
                "{}",
                human::render_problems(&[problem], human::Style::detect())
            );
            return 2;
        }
    };
    let source = Source::parse(
        file.text.as_ref().clone(),
        SourceKind::from_path(&args.source),
    );
    let out = match args.format {
        ListFormat::Json => {
            let entries: Vec<ParagraphEntry> = source
                .paragraphs
                .iter()
                .map(|p| ParagraphEntry {
                    id: p.id(),
                    text: &p.text,
                    start_byte: p.byte_range.start,
                    end_byte: p.byte_range.end,
                    fingerprint: p.fingerprint(),
                })
                .collect();
            let mut json = serde_json::to_string_pretty(&entries).unwrap_or_default();
            json.push('\n');
            json
        }
        ListFormat::Human => human_list(&source),
    };
    let _ = std::io::stdout().write_all(out.as_bytes());
    0
}

/// One line per paragraph: address, bytes, chars, fingerprint, and the
/// start of its text.
fn human_list(source: &Source) -> String {
    const PREVIEW: usize = 60;
    let mut out = String::new();
    for p in &source.paragraphs {
        let preview: String = p.text.chars().take(PREVIEW).collect();
        let ellipsis = if p.char_len() > PREVIEW { "…" } else { "" };
        out.push_str(&format!(
            "{:<5} bytes {:>6}..{:<6} {:>5} chars  {}  {preview}{ellipsis}\n",
            p.id(),
            p.byte_range.start,
            p.byte_range.end,
            p.char_len(),
            p.fingerprint(),
        ));
    }
    out.push_str(&format!("{} paragraphs\n", source.paragraphs.len()));
    out
}
