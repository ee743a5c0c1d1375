//! Pretty JSON for a value that sits some levels deep in a report: what
//! `serde_json`'s pretty printer writes for it there, written in one pass.
//!
//! The JSON and SARIF reports render each claim or result on its own (in
//! parallel) and splice it into the report at its depth. Rendering it at
//! depth zero and re-indenting every line after would read and copy each
//! byte twice; this formatter starts at the depth instead, and writes a
//! line break with its indentation as one slice rather than one write per
//! level.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{Formatter, Serializer};

/// A line break and the most indentation one slice holds (32 levels of two
/// spaces); deeper lines write the rest a level at a time.
const NEWLINE: &[u8] = b"\n                                                                ";

/// `serde_json::ser::PrettyFormatter` with two-space indentation, starting
/// `base` levels in.
struct Nested {
    level: usize,
    has_value: bool,
}

impl Nested {
    fn line_break<W: ?Sized + Write>(&self, writer: &mut W) -> io::Result<()> {
        let spaces = 2 * self.level;
        let whole = NEWLINE.len() - 1;
        writer.write_all(&NEWLINE[..1 + spaces.min(whole)])?;
        let mut left = spaces.saturating_sub(whole);
        while left > 0 {
            let part = left.min(whole);
            writer.write_all(&NEWLINE[1..1 + part])?;
            left -= part;
        }
        Ok(())
    }

    fn open<W: ?Sized + Write>(&mut self, writer: &mut W, mark: &[u8]) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        writer.write_all(mark)
    }

    fn close<W: ?Sized + Write>(&mut self, writer: &mut W, mark: &[u8]) -> io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.line_break(writer)?;
        }
        writer.write_all(mark)
    }

    fn item<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        if !first {
            writer.write_all(b",")?;
        }
        self.line_break(writer)
    }
}

impl Formatter for Nested {
    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.item(writer, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.item(writer, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Appends `value` to `out` as pretty JSON whose every line after the
/// first is indented `levels` levels of two spaces: its place `levels`
/// deep in a pretty report.
pub(super) fn write_nested<T: Serialize + ?Sized>(out: &mut Vec<u8>, levels: usize, value: &T) {
    let formatter = Nested {
        level: levels,
        has_value: false,
    };
    // Writing to a Vec cannot fail, and the report's values serialize
    // without error (no maps with non-string keys).
    let _ = value.serialize(&mut Serializer::with_formatter(out, formatter));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// What the splice replaced: pretty JSON at depth zero, each line after
    /// the first indented by `levels`.
    fn reindented(value: &serde_json::Value, levels: usize) -> String {
        let pad = " ".repeat(2 * levels);
        serde_json::to_string_pretty(value)
            .unwrap()
            .replace('\n', &format!("\n{pad}"))
    }

    #[test]
    fn nested_json_is_pretty_json_at_its_depth() {
        let values = [
            json!({}),
            json!([]),
            json!("a\nb \"quoted\" \u{2014}"),
            json!({"id": "c1", "evidence": [{"found": null, "edits": 3}], "messages": [], "facts": [{"kind": "name", "text": "Lavrov"}]}),
            json!([[[[]]], {"a": {"b": {"c": [1, 2.5, -3, true, null]}}}]),
        ];
        for value in &values {
            for levels in [0, 1, 3, 4, 31, 32, 33, 70] {
                let mut out = Vec::new();
                write_nested(&mut out, levels, value);
                assert_eq!(
                    String::from_utf8(out).unwrap(),
                    reindented(value, levels),
                    "{value} at {levels}"
                );
            }
        }
    }
}
