//! A paragraph's reader-visible text, shared with the file where it can be.
//!
//! A line of plain text, or a Markdown paragraph without markup, is a run
//! of the file byte for byte. Such a paragraph points into the file's
//! shared text instead of holding a copy, so a 50 MB article is held once
//! and not twice; any other paragraph (entities decoded, soft breaks,
//! markup dropped) owns its text.

use std::fmt;
use std::ops::{Deref, Range};
use std::sync::Arc;

#[derive(Clone)]
pub struct ParagraphText(Repr);

#[derive(Clone)]
enum Repr {
    /// Bytes `start..end` of the file's text.
    Shared {
        file: Arc<String>,
        start: u32,
        end: u32,
    },
    Owned(Box<str>),
}

impl ParagraphText {
    /// Bytes `range` of `file` (clamped to char boundaries of the file, so
    /// it never panics; parsers pass ranges they found there).
    pub fn shared(file: &Arc<String>, range: Range<usize>) -> ParagraphText {
        let fits =
            |at: usize| at <= file.len() && file.is_char_boundary(at) && at <= u32::MAX as usize;
        if range.start <= range.end && fits(range.start) && fits(range.end) {
            ParagraphText(Repr::Shared {
                file: Arc::clone(file),
                start: range.start as u32,
                end: range.end as u32,
            })
        } else {
            ParagraphText::owned(file.get(range).unwrap_or_default().to_owned())
        }
    }

    pub fn owned(text: String) -> ParagraphText {
        ParagraphText(Repr::Owned(text.into_boxed_str()))
    }

    /// `text`, shared with `file` when it is the file's bytes `range`
    /// exactly (a paragraph read as one verbatim piece).
    pub fn shared_if_same(file: &Arc<String>, text: String, range: Range<usize>) -> ParagraphText {
        if file.get(range.clone()) == Some(text.as_str()) {
            ParagraphText::shared(file, range)
        } else {
            ParagraphText::owned(text)
        }
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Shared { file, start, end } => {
                file.get(*start as usize..*end as usize).unwrap_or_default()
            }
            Repr::Owned(text) => text,
        }
    }

    /// Whether the text is the file's own bytes rather than a copy.
    pub fn is_shared(&self) -> bool {
        matches!(self.0, Repr::Shared { .. })
    }
}

impl Deref for ParagraphText {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for ParagraphText {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Debug for ParagraphText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for ParagraphText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<&str> for ParagraphText {
    fn from(text: &str) -> ParagraphText {
        ParagraphText::owned(text.to_owned())
    }
}

impl serde::Serialize for ParagraphText {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl PartialEq for ParagraphText {
    fn eq(&self, other: &ParagraphText) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for ParagraphText {}

impl PartialEq<str> for ParagraphText {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for ParagraphText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for ParagraphText {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<ParagraphText> for String {
    fn eq(&self, other: &ParagraphText) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<ParagraphText> for &str {
    fn eq(&self, other: &ParagraphText) -> bool {
        *self == other.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_the_file_only_where_the_text_is_its_bytes() {
        let file = Arc::new("one — two\nthree".to_string());
        let line = ParagraphText::shared(&file, 0..11);
        assert!(line.is_shared());
        assert_eq!(line, "one — two");
        let decoded = ParagraphText::shared_if_same(&file, "one - two".into(), 0..11);
        assert!(!decoded.is_shared());
        assert_eq!(decoded, "one - two");
        // A range off char boundaries never panics: it is not shared.
        let odd = ParagraphText::shared(&file, 5..6);
        assert!(!odd.is_shared());
        assert_eq!(ParagraphText::shared(&file, 12..99), "");
        assert_eq!(
            ParagraphText::shared_if_same(&file, "three".into(), 12..17),
            "three"
        );
        assert!(ParagraphText::shared_if_same(&file, "three".into(), 12..17).is_shared());
    }
}
