//! The source model: an article split into addressable paragraphs `p1`…`pN`.
//!
//! Each paragraph keeps its reader-visible text, its normalized form for
//! matching, and a map from its text back to the bytes of the file, so that
//! a diagnostic can underline the exact source bytes even through Markdown
//! inline markup, HTML tags and entities.

mod byte_pair;
pub mod gram_index;
mod html;
mod markdown;
mod paragraph_text;
mod plain;
mod text_index;
mod word_index;

use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use crate::normalize::{Normalized, normalize};
pub use paragraph_text::ParagraphText;
pub use text_index::Searching;
use text_index::{IndexCell, TextIndex};

/// How the article file is split into paragraphs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    Markdown,
    Html,
    PlainText,
}

impl SourceKind {
    /// `.md` and `.markdown` are Markdown, `.html` and `.htm` HTML (any
    /// case); anything else is plain text.
    pub fn from_path(path: &Path) -> SourceKind {
        let Some(ext) = path.extension().and_then(|e| e.to_str()) else {
            return SourceKind::PlainText;
        };
        let is = |name: &str| ext.eq_ignore_ascii_case(name);
        if is("md") || is("markdown") {
            SourceKind::Markdown
        } else if is("html") || is("htm") {
            SourceKind::Html
        } else {
            SourceKind::PlainText
        }
    }
}

/// What kind of block a paragraph was read from, so that a renderer can show
/// a heading as a heading. A paragraph inside a list item, block quote, table
/// cell or footnote takes that container's role: the innermost one wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// A paragraph, or any other text block (plain text lines, text directly
    /// inside an HTML `<div>`).
    Paragraph,
    /// `level` 1 to 6.
    Heading {
        level: u8,
    },
    ListItem,
    BlockQuote,
    /// `header`: a `<th>`, or a cell of a Markdown table's head row.
    TableCell {
        header: bool,
    },
    /// `<figcaption>` or a table's `<caption>`.
    Caption,
    /// `<dt>`.
    Term,
    /// `<dd>`.
    Definition,
    /// `<pre>` (its whitespace read as one space, like all text).
    Preformatted,
    /// A Markdown footnote definition, or an HTML element with
    /// `role="doc-footnote"` / `role="doc-endnote"`.
    Footnote,
}

impl Role {
    /// A stable lowercase name (`"heading"`, `"list-item"` …), for output
    /// formats; a heading's level is `heading_level()`.
    pub fn name(self) -> &'static str {
        match self {
            Role::Paragraph => "paragraph",
            Role::Heading { .. } => "heading",
            Role::ListItem => "list-item",
            Role::BlockQuote => "block-quote",
            Role::TableCell { header: false } => "table-cell",
            Role::TableCell { header: true } => "table-header",
            Role::Caption => "caption",
            Role::Term => "term",
            Role::Definition => "definition",
            Role::Preformatted => "preformatted",
            Role::Footnote => "footnote",
        }
    }

    /// 1 to 6 for a heading, else `None`.
    pub fn heading_level(self) -> Option<u8> {
        match self {
            Role::Heading { level } => Some(level),
            _ => None,
        }
    }
}

/// A parsed article.
#[derive(Debug, Clone)]
pub struct Source {
    pub kind: SourceKind,
    /// The whole file, as read (a leading BOM included, so byte offsets are
    /// offsets into the file). Shared with the file it was read from.
    pub text: std::sync::Arc<String>,
    pub paragraphs: Vec<Paragraph>,
    /// Built when a quote is first searched for beyond its pins; shared
    /// with the paragraphs, which then hold their normalized text in it.
    index: Arc<IndexCell>,
    /// Built when a document offset (W3C `TextPositionSelector`) is first
    /// asked for.
    chars: OnceLock<crate::text::CharIndex>,
}

impl Source {
    pub fn parse(text: String, kind: SourceKind) -> Source {
        Source::parse_shared(std::sync::Arc::new(text), kind)
    }

    /// The article in `file`, of the kind its name says, sharing the file's
    /// text: an article is kept once, not once per holder.
    pub fn of_file(file: &crate::text::TextFile) -> Source {
        Source::parse_shared(
            std::sync::Arc::clone(file.shared_text()),
            SourceKind::from_path(file.path()),
        )
    }

    fn parse_shared(text: std::sync::Arc<String>, kind: SourceKind) -> Source {
        let body_start = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let mut paragraphs = match kind {
            SourceKind::Markdown => markdown::paragraphs(&text, body_start),
            SourceKind::Html => html::paragraphs(&text, body_start),
            SourceKind::PlainText => plain::paragraphs(&text, body_start),
        };
        let index = Arc::new(IndexCell::default());
        // The index holds paragraph texts by position.
        for (position, paragraph) in paragraphs.iter_mut().enumerate() {
            if paragraph.index == position {
                paragraph.in_index = Some(Arc::clone(&index));
            }
        }
        Source {
            kind,
            text,
            paragraphs,
            index,
            chars: OnceLock::new(),
        }
    }

    /// Char counts through the whole file, for document offsets.
    pub fn char_index(&self) -> &crate::text::CharIndex {
        self.chars
            .get_or_init(|| crate::text::CharIndex::new(&self.text))
    }

    /// The whole normalized text, indexed for exact search (built once, on
    /// first use).
    pub fn index(&self) -> &TextIndex {
        self.index.get_or_init(|| TextIndex::of(&self.paragraphs))
    }

    /// Keeps the indexes built to search this article while the value
    /// lives: claims are judged within one, and the reports made after
    /// need the article's text, not its indexes.
    pub fn searching(&self) -> Searching<'_> {
        self.index.searching()
    }

    /// False only if the normalized `needle` occurs in no paragraph: most
    /// quotes that changed are ruled out without searching every paragraph.
    pub fn may_contain(&self, needle: &str) -> bool {
        self.index().may_contain(needle)
    }

    /// The paragraph that contains the file byte `byte`, if any.
    pub fn paragraph_at_byte(&self, byte: usize) -> Option<&Paragraph> {
        let i = self
            .paragraphs
            .partition_point(|p| p.byte_range.end <= byte);
        self.paragraphs
            .get(i)
            .filter(|p| p.byte_range.start <= byte)
    }

    /// The file byte at document char offset `chars` (counted from the start
    /// of the file, after any BOM), clamped to the end of the file.
    pub fn byte_at_document_char(&self, chars: usize) -> usize {
        let body_start = if self.text.starts_with('\u{feff}') {
            3
        } else {
            0
        };
        self.text[body_start..]
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(i, _)| body_start + i)
    }
}

/// One addressable paragraph.
#[derive(Debug, Clone)]
pub struct Paragraph {
    /// 0-based position; the user-facing address is `p{index + 1}`.
    pub index: usize,
    /// Reader-visible text, as in the file (not normalized).
    pub text: ParagraphText,
    /// The bytes of the file this paragraph was read from.
    pub byte_range: Range<usize>,
    /// What kind of block it is.
    pub role: Role,
    /// Built on first use: a quote verified where its pins say never needs
    /// its paragraph normalized.
    /// Boxed, as the text below: most paragraphs never build either, and
    /// a paragraph of a big article should cost little more than its text.
    normalized: OnceLock<Box<Normalized>>,
    /// The normalized text alone, for searches that only need to know
    /// whether a quote is there: without the offset map, which holds 8
    /// bytes per byte of text.
    normalized_text: OnceLock<Box<str>>,
    /// The whole-text index of the article this paragraph is in (built or
    /// not), where its normalized text is once that is built.
    in_index: Option<Arc<IndexCell>>,
    char_len: usize,
    /// Pieces of `text` and where they come from in the file, in order;
    /// none for a paragraph that is its file bytes as they are (most of
    /// them: one piece each, of 32 bytes, was 3 MB of a 50 MB article).
    pieces: Box<[Piece]>,
}

/// A run of paragraph text and the file bytes it was read from. A verbatim
/// piece is a byte-for-byte copy; any other piece (an entity, a soft break)
/// maps as a whole to its file bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Piece {
    text_start: usize,
    file: Range<usize>,
    verbatim: bool,
}

impl Paragraph {
    /// A paragraph read as `text` from the pieces `pieces` of `file`: the
    /// text is the file's own when it is one verbatim piece of it.
    fn new(
        file: &Arc<String>,
        index: usize,
        text: String,
        byte_range: Range<usize>,
        role: Role,
        pieces: Vec<Piece>,
    ) -> Self {
        let text = match pieces.as_slice() {
            [one] if one.verbatim && one.text_start == 0 => {
                ParagraphText::shared_if_same(file, text, one.file.clone())
            }
            _ => ParagraphText::owned(text),
        };
        Paragraph::of(index, text, byte_range, role, pieces)
    }

    /// A paragraph that is the bytes `range` of `file` as they are.
    fn verbatim(file: &Arc<String>, index: usize, range: Range<usize>, role: Role) -> Self {
        let piece = Piece {
            text_start: 0,
            file: range.clone(),
            verbatim: true,
        };
        let text = ParagraphText::shared(file, range.clone());
        // Its one piece is implied when the text is the file's own.
        let pieces = if text.is_shared() {
            Vec::new()
        } else {
            vec![piece]
        };
        Paragraph::of(index, text, range, role, pieces)
    }

    fn of(
        index: usize,
        text: ParagraphText,
        byte_range: Range<usize>,
        role: Role,
        pieces: Vec<Piece>,
    ) -> Self {
        Paragraph {
            index,
            char_len: text.chars().count(),
            text,
            byte_range,
            role,
            normalized: OnceLock::new(),
            normalized_text: OnceLock::new(),
            in_index: None,
            pieces: pieces.into_boxed_slice(),
        }
    }

    /// The paragraph's text normalized for matching (CONTRACT §2).
    pub fn normalized(&self) -> &Normalized {
        self.normalized.get_or_init(|| {
            let mut normalized = Normalized::new(&self.text);
            if let Some(index) = self.index_built() {
                index.share_paragraph(self.index, &mut normalized);
            }
            Box::new(normalized)
        })
    }

    /// `normalized().as_str()`, without building the offset map if it is
    /// not built yet.
    pub fn normalized_text(&self) -> &str {
        match self.known_normalized_text() {
            Some(text) => text,
            None => self
                .normalized_text
                .get_or_init(|| normalize(&self.text).into_boxed_str()),
        }
    }

    /// [`Paragraph::normalized_text`] without keeping it, unless it is held
    /// already: for the whole-text index, which holds its own copy, and for
    /// what reads a paragraph once.
    pub fn normalized_text_unkept(&self) -> std::borrow::Cow<'_, str> {
        match self.known_normalized_text() {
            Some(text) => text.into(),
            None => normalize(&self.text).into(),
        }
    }

    /// The normalized text where it is held already: with the offset map,
    /// in the built whole-text index, or alone.
    fn known_normalized_text(&self) -> Option<&str> {
        if let Some(normalized) = self.normalized.get() {
            return Some(normalized.as_str());
        }
        self.index_built()
            .and_then(|index| index.get_paragraph_text(self.index))
            .or_else(|| self.normalized_text.get().map(|text| &**text))
    }

    /// The article's whole-text index, if it is built.
    fn index_built(&self) -> Option<&TextIndex> {
        self.in_index.as_ref().and_then(|cell| cell.get())
    }

    /// The address users see: `p1`, `p2`, …
    pub fn id(&self) -> String {
        crate::address::ParagraphId(self.index).to_string()
    }

    pub fn char_len(&self) -> usize {
        self.char_len
    }

    /// A stable fingerprint of the paragraph's normalized text: the same
    /// text gives the same fingerprint in any revision, on any machine.
    pub fn fingerprint(&self) -> String {
        format!("{:016x}", self.fingerprint_value())
    }

    /// The fingerprint as a number, for comparing paragraphs.
    pub fn fingerprint_value(&self) -> u64 {
        // Not kept: aligning two revisions fingerprints every paragraph,
        // and most never need their normalized text again.
        xxhash_rust::xxh3::xxh3_64(self.normalized_text_unkept().as_bytes())
    }

    /// The text of chars `chars` (clamped to the paragraph).
    pub fn slice_chars(&self, chars: Range<usize>) -> &str {
        &self.text[self.text_bytes(chars)]
    }

    /// The byte range in `text` of chars `chars` (clamped), found in one
    /// walk over the text.
    pub fn text_bytes(&self, chars: Range<usize>) -> Range<usize> {
        let start = self.char_to_text_byte(chars.start);
        if self.char_len == self.text.len() {
            return start..chars.end.clamp(start, self.text.len());
        }
        let len = chars.end.saturating_sub(chars.start);
        start..nth_char_byte(&self.text, start, len)
    }

    /// Byte offset in `text` of char `chars` (clamped to the end).
    pub fn char_to_text_byte(&self, chars: usize) -> usize {
        // In ASCII text a char is a byte.
        if self.char_len == self.text.len() {
            return chars.min(self.text.len());
        }
        nth_char_byte(&self.text, 0, chars)
    }

    /// The file bytes that hold the paragraph chars `chars`.
    pub fn file_bytes(&self, chars: Range<usize>) -> Range<usize> {
        // One walk: to the start, then on from it to the end.
        let text = self.text_bytes(chars);
        let start = self.text_byte_to_file(text.start, false);
        let end = self.text_byte_to_file(text.end, true);
        start..end.max(start)
    }

    /// The file byte where paragraph char `chars` starts:
    /// `file_bytes(chars..end).start` for any `end`, without finding the end.
    pub fn file_byte(&self, chars: usize) -> usize {
        self.text_byte_to_file(self.char_to_text_byte(chars), false)
    }

    fn text_byte_to_file(&self, byte: usize, is_end: bool) -> usize {
        if self.pieces.is_empty() && self.text.is_shared() {
            // One verbatim piece, implied: the paragraph's own bytes.
            return (self.byte_range.start + byte).min(self.byte_range.end);
        }
        // For an end offset, the piece that holds the byte just before it.
        let probe = if is_end { byte.saturating_sub(1) } else { byte };
        let i = self
            .pieces
            .partition_point(|p| p.text_start <= probe)
            .saturating_sub(1);
        let Some(piece) = self.pieces.get(i) else {
            return self.byte_range.start;
        };
        if byte == 0 && is_end {
            return piece.file.start;
        }
        if piece.verbatim {
            (piece.file.start + byte - piece.text_start).min(piece.file.end)
        } else if is_end {
            piece.file.end
        } else {
            piece.file.start
        }
    }
}

/// The byte offset of the `n`-th char (0-based) of `text` from byte `from`,
/// a char boundary; the text's length if it has fewer chars. Counts the
/// bytes that start a char (every byte but UTF-8 continuation bytes)
/// rather than decoding each char.
fn nth_char_byte(text: &str, from: usize, n: usize) -> usize {
    let bytes = &text.as_bytes()[from..];
    let mut seen = 0;
    let mut i = 0;
    // Whole chunks while the `n`-th char cannot be inside one.
    while n - seen >= 32 && i + 32 <= bytes.len() {
        seen += crate::text::chars_starting_in(&bytes[i..i + 32]);
        i += 32;
    }
    for (at, byte) in bytes.iter().enumerate().skip(i) {
        if crate::text::starts_char(*byte) {
            if seen == n {
                return from + at;
            }
            seen += 1;
        }
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nth_char_byte_counts_chars() {
        let text = "a\u{e9}\u{2014}b\u{1F600}c".repeat(5);
        for from in text.char_indices().map(|(i, _)| i).chain([text.len()]) {
            for n in 0..40 {
                let expected = text[from..]
                    .char_indices()
                    .nth(n)
                    .map_or(text.len(), |(i, _)| from + i);
                assert_eq!(nth_char_byte(&text, from, n), expected, "{from} {n}");
            }
        }
    }

    #[test]
    fn kind_from_extension() {
        assert_eq!(
            SourceKind::from_path(Path::new("a.MD")),
            SourceKind::Markdown
        );
        assert_eq!(
            SourceKind::from_path(Path::new("a.markdown")),
            SourceKind::Markdown
        );
        assert_eq!(
            SourceKind::from_path(Path::new("a.txt")),
            SourceKind::PlainText
        );
        assert_eq!(
            SourceKind::from_path(Path::new("README")),
            SourceKind::PlainText
        );
        for name in ["a.html", "a.HTM", "a.Html", "page.htm"] {
            assert_eq!(SourceKind::from_path(Path::new(name)), SourceKind::Html);
        }
        for name in ["a.xhtml", "a.html.txt", "html"] {
            assert_eq!(
                SourceKind::from_path(Path::new(name)),
                SourceKind::PlainText
            );
        }
    }

    #[test]
    fn fingerprint_ignores_typography_only() {
        let a = Source::parse("It’s “done”—now.\n".into(), SourceKind::PlainText);
        let b = Source::parse("It's \"done\" -  now.\n".into(), SourceKind::PlainText);
        let c = Source::parse("It's \"done\"-now.\n".into(), SourceKind::PlainText);
        assert_ne!(a.paragraphs[0].fingerprint(), b.paragraphs[0].fingerprint());
        assert_eq!(a.paragraphs[0].fingerprint(), c.paragraphs[0].fingerprint());
    }
}
