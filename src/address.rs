//! Paragraph addresses as users write and read them: `p1` … `pN`, and a
//! span inside one, `p4:10-40` (chars, half-open). The only place the
//! 1-based form is made or parsed.

use std::fmt;

use serde::Serialize;

use crate::matching::Location;

/// A paragraph's address; holds the 0-based index, shows as `p{index + 1}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ParagraphId(pub usize);

impl ParagraphId {
    /// `p1` → index 0. `None` for anything else (`p0`, `P1`, `p01`, `p`).
    pub fn parse(text: &str) -> Option<ParagraphId> {
        let digits = text.strip_prefix('p')?;
        if digits.starts_with('0') || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n: usize = digits.parse().ok()?;
        Some(ParagraphId(n - 1))
    }
}

impl fmt::Display for ParagraphId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "p{}", self.0 + 1)
    }
}

impl Serialize for ParagraphId {
    /// As it shows, `p4`, without the formatting machinery: a report writes
    /// one for each evidence item it lists.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut digits = itoa::Buffer::new();
        let number = digits.format(self.0 + 1).as_bytes();
        let mut text = [b'p'; 1 + 20];
        text[1..=number.len()].copy_from_slice(number);
        // `p` and ASCII digits.
        let text = std::str::from_utf8(&text[..=number.len()]).unwrap_or_default();
        serializer.serialize_str(text)
    }
}

/// A span of a paragraph, shown as `p4:10-40`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpanAddress {
    pub paragraph: ParagraphId,
    pub start: usize,
    pub end: usize,
}

impl From<&Location> for SpanAddress {
    fn from(location: &Location) -> SpanAddress {
        SpanAddress {
            paragraph: ParagraphId(location.paragraph),
            start: location.start,
            end: location.end,
        }
    }
}

impl fmt::Display for SpanAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}-{}", self.paragraph, self.start, self.end)
    }
}

/// `location` as `p4:10-40`.
pub fn span(location: &Location) -> SpanAddress {
    SpanAddress::from(location)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_serializes_as_it_shows() {
        for index in [0, 8, 9, 41, 99_999, usize::MAX - 1] {
            let id = ParagraphId(index);
            assert_eq!(
                serde_json::to_string(&id).unwrap(),
                format!("\"{id}\""),
                "{index}"
            );
        }
    }

    #[test]
    fn addresses_round_trip() {
        assert_eq!(ParagraphId(0).to_string(), "p1");
        assert_eq!(ParagraphId::parse("p12"), Some(ParagraphId(11)));
        for bad in [
            "p0",
            "p",
            "P1",
            "p01",
            "p-1",
            "1",
            "p1x",
            "p99999999999999999999999",
        ] {
            assert_eq!(ParagraphId::parse(bad), None, "{bad}");
        }
        let location = Location {
            paragraph: 3,
            start: 10,
            end: 40,
        };
        assert_eq!(span(&location).to_string(), "p4:10-40");
    }
}
