//! A file's text as diagnostics see it: its path as shown to users, its
//! contents, and one line index that turns byte offsets into the 1-based
//! line and char column editors show. A leading BOM is handled here and
//! nowhere else.

use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// The byte-order mark some editors put at the start of a UTF-8 file.
pub const BOM: char = '\u{feff}';

/// How many bytes a leading BOM takes in `text` (0 or 3).
pub fn bom_len(text: &str) -> usize {
    if text.starts_with(BOM) {
        BOM.len_utf8()
    } else {
        0
    }
}

/// A file read in full and kept for diagnostics. Cheap to clone: one
/// shared allocation.
#[derive(Debug, Clone)]
pub struct TextFile(Arc<FileInner>);

#[derive(Debug)]
struct FileInner {
    path: Box<Path>,
    text: Arc<String>,
    /// Built on first use: a report may ask for the line of thousands of
    /// spans in one large file, and most files are never asked.
    lines: OnceLock<LineIndex>,
}

impl TextFile {
    pub fn new(path: &Path, text: String) -> TextFile {
        TextFile(Arc::new(FileInner {
            path: path.into(),
            text: Arc::new(text),
            lines: OnceLock::new(),
        }))
    }

    /// A file known only by its path: it could not be read, so it has no
    /// text and every span in it is at line 1, column 1.
    pub fn unread(path: &Path) -> TextFile {
        TextFile::new(path, String::new())
    }

    /// The path as shown to users.
    pub fn path(&self) -> &Path {
        &self.0.path
    }

    pub fn text(&self) -> &str {
        &self.0.text
    }

    /// The text, shared.
    pub fn shared_text(&self) -> &Arc<String> {
        &self.0.text
    }

    /// Whether `self` and `other` are the same file (not just equal text).
    pub fn same(&self, other: &TextFile) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    pub fn lines(&self) -> &LineIndex {
        self.0.lines.get_or_init(|| LineIndex::new(self.text()))
    }

    /// 1-based line and char column of byte `byte` (clamped to the text).
    pub fn line_column(&self, byte: usize) -> (usize, usize) {
        self.lines().line_column(self.text(), byte)
    }
}

/// Char counts at checkpoints through a text, so that the chars before any
/// byte (and the byte of any char) are found in O(CHUNK) rather than by
/// counting from the start: a column on a one-line file (minified JSON),
/// a W3C document offset in a long article.
#[derive(Debug, Clone)]
pub struct CharIndex {
    /// `chunk_chars[i]`: the chars before byte `i * CHUNK`.
    chunk_chars: Vec<usize>,
}

/// Bytes between two checkpoints.
const CHUNK: usize = 4096;

/// Whether `byte` starts a char: it is not a UTF-8 continuation byte
/// (`0b10xx_xxxx`).
pub(crate) fn starts_char(byte: u8) -> bool {
    (byte as i8) >= -0x40
}

/// Chars that start in `bytes` (every byte that [`starts_char`]), so any
/// split of a text adds up. Eight bytes at a time: every column of a
/// report and every paragraph char offset is counted this way.
pub(crate) fn chars_starting_in(bytes: &[u8]) -> usize {
    const LOW_BITS: u64 = 0x0101_0101_0101_0101;
    let mut words = bytes.chunks_exact(8);
    let mut count = 0;
    for word in &mut words {
        let x = u64::from_le_bytes(std::array::from_fn(|i| word[i]));
        // A continuation byte is 0b10xx_xxxx: every other byte has bit 7
        // clear or bit 6 set.
        count += ((!x >> 7 | x >> 6) & LOW_BITS).count_ones() as usize;
    }
    count
        + words
            .remainder()
            .iter()
            .filter(|&&b| starts_char(b))
            .count()
}

impl CharIndex {
    pub fn new(text: &str) -> CharIndex {
        let mut chunk_chars = Vec::with_capacity(text.len() / CHUNK + 2);
        let mut total = 0;
        chunk_chars.push(0);
        for chunk in text.as_bytes().chunks(CHUNK) {
            total += chars_starting_in(chunk);
            chunk_chars.push(total);
        }
        CharIndex { chunk_chars }
    }

    /// The chars of `text` (the text the index was built on) before byte
    /// `byte` (clamped to the text).
    pub fn chars_before(&self, text: &str, byte: usize) -> usize {
        let byte = byte.min(text.len());
        let chunk = byte / CHUNK;
        self.chunk_chars[chunk] + chars_starting_in(&text.as_bytes()[chunk * CHUNK..byte])
    }

    /// The byte where char `chars` of `text` starts; `text.len()` for the
    /// char just past the last one, `None` beyond it.
    pub fn byte_of_char(&self, text: &str, chars: usize) -> Option<usize> {
        // The last checkpoint at or before the char, then a walk of at most
        // one chunk.
        let chunk = self.chunk_chars.partition_point(|&c| c <= chars) - 1;
        let from = (chunk * CHUNK).min(text.len());
        let mut from = from;
        while !text.is_char_boundary(from) {
            from -= 1;
        }
        let skip = chars - self.chars_before(text, from);
        let rest = &text[from..];
        match rest.char_indices().nth(skip) {
            Some((at, _)) => Some(from + at),
            None => (rest.chars().count() == skip).then_some(text.len()),
        }
    }
}

/// The byte offset of every line's start, for turning offsets into lines
/// and columns in O(log n).
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    chars: CharIndex,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        LineIndex {
            starts: std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
                .collect(),
            chars: CharIndex::new(text),
        }
    }

    /// 0-based line number of byte `byte`.
    pub fn line_of(&self, byte: usize) -> usize {
        self.starts.partition_point(|&start| start <= byte) - 1
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The bytes of 0-based line `line`, without its `\n` (or `\r\n`).
    pub fn line_bytes(&self, text: &str, line: usize) -> Range<usize> {
        let start = self.starts.get(line).copied().unwrap_or(text.len());
        let end = self
            .starts
            .get(line + 1)
            .map_or(text.len(), |next| next - 1);
        let end = if text.as_bytes()[start..end].ends_with(b"\r") {
            end - 1
        } else {
            end
        };
        start..end.max(start)
    }

    /// 1-based line and char column of byte `byte` (clamped to the text,
    /// and back to a char boundary). A BOM opening the file is not a column
    /// an editor shows.
    pub fn line_column(&self, text: &str, byte: usize) -> (usize, usize) {
        let mut byte = byte.min(text.len());
        while !text.is_char_boundary(byte) {
            byte -= 1;
        }
        let line = self.line_of(byte);
        let line_start = self.starts[line];
        let skip = if line_start == 0 { bom_len(text) } else { 0 };
        let from = line_start + skip.min(byte - line_start);
        // A line within a chunk is counted on its own: the index counts
        // from the chunk's start, twice, up to a chunk per span.
        let column = if byte - from <= CHUNK {
            chars_starting_in(&text.as_bytes()[from..byte])
        } else {
            self.chars.chars_before(text, byte) - self.chars.chars_before(text, from)
        };
        (line + 1, column + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chars_starting_in_any_slice_are_the_chars_that_start_there() {
        let text = "a\u{e9}\u{2014}b\u{1F600}c  plain ascii words\u{201c}q\u{201d}".repeat(3);
        let bytes = text.as_bytes();
        for from in 0..=bytes.len() {
            for to in from..=bytes.len() {
                let expected = text
                    .char_indices()
                    .filter(|&(at, _)| (from..to).contains(&at))
                    .count();
                assert_eq!(
                    chars_starting_in(&bytes[from..to]),
                    expected,
                    "{from}..{to}"
                );
            }
        }
    }

    #[test]
    fn lines_and_columns_count_chars_and_skip_the_bom() {
        let text = "\u{feff}ab\r\n\u{e9}x\n\nlast";
        let lines = LineIndex::new(text);
        assert_eq!(lines.line_column(text, 0), (1, 1));
        assert_eq!(lines.line_column(text, 3), (1, 1));
        assert_eq!(lines.line_column(text, 4), (1, 2));
        // `é` is two bytes, one column.
        let x = text.find('x').expect("x");
        assert_eq!(lines.line_column(text, x), (2, 2));
        assert_eq!(
            lines.line_column(text, x - 1),
            (2, 1),
            "inside `é`: at its start"
        );
        assert_eq!(lines.line_column(text, text.len()), (4, 5));
        assert_eq!(lines.line_column(text, usize::MAX), (4, 5));
        assert_eq!(&text[lines.line_bytes(text, 0)], "\u{feff}ab");
        assert_eq!(&text[lines.line_bytes(text, 2)], "");
        assert_eq!(&text[lines.line_bytes(text, 3)], "last");
        assert_eq!(lines.line_count(), 4);
    }

    #[test]
    fn columns_on_a_long_line_match_counting_from_its_start() {
        // Lines longer than a checkpoint interval, multibyte chars
        // straddling checkpoints, and a BOM.
        let line = "a\u{e9}\u{20ac}\u{1f600}".repeat(700);
        let text = format!("\u{feff}{line}\n{line}\nend");
        let lines = LineIndex::new(&text);
        for byte in (0..=text.len()).step_by(7).chain([text.len()]) {
            let mut at = byte;
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let start = if start == 0 {
                bom_len(&text).min(at)
            } else {
                start
            };
            let naive = text[start..at].chars().count() + 1;
            assert_eq!(lines.line_column(&text, byte).1, naive, "byte {byte}");
        }
    }

    #[test]
    fn chars_and_bytes_map_both_ways_across_checkpoints() {
        let text = "x\u{e9}\u{1f600}".repeat(3000);
        let index = CharIndex::new(&text);
        for (chars, (byte, _)) in text.char_indices().enumerate().step_by(5) {
            assert_eq!(index.chars_before(&text, byte), chars);
            assert_eq!(index.byte_of_char(&text, chars), Some(byte));
        }
        let total = text.chars().count();
        assert_eq!(index.byte_of_char(&text, total), Some(text.len()));
        assert_eq!(index.byte_of_char(&text, total + 1), None);
        assert_eq!(index.byte_of_char("", 0), Some(0));
        assert_eq!(index.chars_before(&text, usize::MAX), total);
    }

    #[test]
    fn an_unread_file_is_all_line_one() {
        let file = TextFile::unread(Path::new("gone.json"));
        assert_eq!(file.line_column(40), (1, 1));
    }
}

/// Whether `c` must not reach a terminal or a log as it is: C0 controls
/// (but tab and newline), DEL, C1 controls, and the bidi overrides and
/// isolates that can make text read other than it is.
pub fn is_unsafe_control(c: char) -> bool {
    matches!(c, '\0'..='\x08' | '\x0b'..='\x1f' | '\x7f'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every unsafe control char (see [`is_unsafe_control`]) shown
/// as its escape, `\u{1b}`: what comes from the inputs is shown, never
/// obeyed.
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_unsafe_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe_control(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod escape_tests {
    use super::*;

    #[test]
    fn controls_are_shown_not_obeyed() {
        assert_eq!(escape_controls("plain\ttab\nline"), "plain\ttab\nline");
        assert_eq!(
            escape_controls("\u{1b}]0;PWNED\u{7}\u{1b}[2J\0x"),
            "\\u{1b}]0;PWNED\\u{7}\\u{1b}[2J\\u{0}x"
        );
        assert_eq!(
            escape_controls("a\rb\u{85}\u{202e}"),
            "a\\u{d}b\\u{85}\\u{202e}"
        );
    }
}
