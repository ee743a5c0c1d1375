//! Plain text: every non-blank line is one paragraph.

use std::sync::Arc;

use super::{Paragraph, Role};

/// Splits `file` (from byte `body_start`, after any BOM) into one paragraph
/// per non-blank line, trimming trailing whitespace and `\r`. Each
/// paragraph's text is its line of the file, shared.
pub(super) fn paragraphs(file: &Arc<String>, body_start: usize) -> Vec<Paragraph> {
    let body = file.get(body_start..).unwrap_or_default();
    let mut paragraphs =
        Vec::with_capacity(memchr::memchr_iter(b'\n', body.as_bytes()).count() + 1);
    let mut line_start = body_start;
    for line in body.split_inclusive('\n') {
        let start = line_start;
        line_start += line.len();
        let content = line.trim_end();
        if content.trim_start().is_empty() {
            continue;
        }
        let range = start..start + content.len();
        paragraphs.push(Paragraph::verbatim(
            file,
            paragraphs.len(),
            range,
            Role::Paragraph,
        ));
    }
    paragraphs.shrink_to_fit();
    paragraphs
}

#[cfg(test)]
mod tests {
    use crate::source::{Role, Source, SourceKind};

    #[test]
    fn one_paragraph_per_non_blank_line() {
        let text = "\u{feff}First line.  \r\n\r\n   \nSecond — line\r\nthird";
        let source = Source::parse(text.into(), SourceKind::PlainText);
        let texts: Vec<_> = source.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["First line.", "Second — line", "third"]);
        let second = &source.paragraphs[1];
        assert_eq!(second.id(), "p2");
        assert_eq!(&text[second.byte_range.clone()], "Second — line");
        // Char offsets 7..13 ("— line") map to the exact file bytes.
        assert_eq!(&text[second.file_bytes(7..13)], "— line");
        assert_eq!(source.paragraphs[0].byte_range.start, 3);
        assert!(source.paragraphs.iter().all(|p| p.role == Role::Paragraph));
    }

    #[test]
    fn leading_whitespace_is_kept() {
        let source = Source::parse("  indented\n".into(), SourceKind::PlainText);
        assert_eq!(source.paragraphs[0].text, "  indented");
    }
}
