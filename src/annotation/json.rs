//! Strict JSON parsing and the small typed readers both annotation formats
//! share. Every error points at exact bytes of the annotation file.

use std::collections::HashMap;
use std::ops::Range;

use jsonc_parser::ast::{Object, ObjectProp, Value};
use jsonc_parser::common::Ranged;
use jsonc_parser::errors::{ParseError, ParseErrorKind};
use jsonc_parser::{CollectOptions, ParseOptions, ParseStringErrorKind, parse_to_ast};

use super::{Offsets, SchemaError, Spanned};

/// Past this many errors the rest are noise: the file needs fixing first.
const MAX_ERRORS: usize = 100;

/// Parses `text` as strict JSON (RFC 8259: no comments, trailing commas,
/// single quotes, bare words or JSON5 numbers). `Ok(None)` means the text
/// holds no value at all.
pub(super) fn parse_strict(text: &str) -> Result<Option<Value<'_>>, SchemaError> {
    let options = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let parsed = parse_to_ast(text, &CollectOptions::default(), &options)
        .map_err(|error| syntax_error(text, &error))?;
    // The parser lets raw control characters through inside strings; JSON does not.
    if let Some(at) = raw_control_character(text) {
        return Err(SchemaError {
            message: "invalid JSON: a string contains a raw control character".into(),
            span: at..at + 1,
            help: Some(
                "write it as an escape, such as `\\n` for a line break or `\\t` for a tab".into(),
            ),
        });
    }
    Ok(parsed.value)
}

fn syntax_error(text: &str, error: &ParseError) -> SchemaError {
    let range = error.range();
    let found = text.get(range.start..range.end).unwrap_or_default();
    let (what, help) = match error.kind() {
        ParseErrorKind::CommentsNotAllowed => (
            "comments are not allowed".to_string(),
            Some("JSON has no comments; a claim's `note` can hold remarks"),
        ),
        ParseErrorKind::TrailingCommasNotAllowed => (
            "trailing comma".to_string(),
            Some("remove the comma after the last item"),
        ),
        ParseErrorKind::SingleQuotedStringsNotAllowed => (
            "single-quoted string".to_string(),
            Some("JSON strings use double quotes"),
        ),
        ParseErrorKind::ExpectedStringObjectProperty => {
            ("expected a field name in double quotes".to_string(), None)
        }
        ParseErrorKind::ExpectedColonAfterObjectKey => {
            ("expected `:` after the field name".to_string(), None)
        }
        // The parser reports a bare word as either kind, depending on what follows it.
        ParseErrorKind::UnexpectedWord | ParseErrorKind::UnexpectedToken
            if found.starts_with(|c: char| c.is_alphabetic()) =>
        {
            (
                format!("unexpected word `{found}`"),
                Some(
                    "text must be in double quotes; JSON's only bare words are `true`, `false` and `null`",
                ),
            )
        }
        ParseErrorKind::NestingDepthExceeded => ("nested too deeply".to_string(), None),
        ParseErrorKind::String(ParseStringErrorKind::InvalidEscape) => (
            format!("invalid escape `{found}`"),
            Some(r#"JSON's escapes are \" \\ \/ \b \f \n \r \t and \uXXXX"#),
        ),
        ParseErrorKind::String(ParseStringErrorKind::InvalidUnicodeEscapeSequence(detail)) => {
            (format!("invalid unicode escape \\u{detail}"), None)
        }
        other => (lowercase_first(&other.to_string()), None),
    };
    SchemaError {
        message: format!("invalid JSON: {what}"),
        span: range.start..range.end,
        help: help.map(String::from),
    }
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The offset of the first raw control character inside a string literal.
/// Only called on text that already parsed, so every `"` outside a string
/// opens one.
fn raw_control_character(text: &str) -> Option<usize> {
    let mut in_string = false;
    let mut escaped = false;
    for (at, byte) in text.bytes().enumerate() {
        if !in_string {
            in_string = byte == b'"';
        } else if escaped {
            escaped = false;
        } else if byte == b'\\' {
            escaped = true;
        } else if byte == b'"' {
            in_string = false;
        } else if byte < 0x20 {
            return Some(at);
        }
    }
    None
}

/// Widens `span` to whole chars of `text`, so a third-party range can never
/// split a UTF-8 sequence.
pub(super) fn snap_to_chars(text: &str, span: Range<usize>) -> Range<usize> {
    let mut start = span.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    // An empty span stays empty; a non-empty one grows to cover whole chars.
    let mut end = if span.end <= span.start {
        start
    } else {
        span.end.min(text.len())
    };
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

pub(super) fn span(range: jsonc_parser::common::Range) -> Range<usize> {
    range.start..range.end
}

pub(super) fn value_span(value: &Value) -> Range<usize> {
    span(value.range())
}

/// Just the opening `{`: where a missing field would go.
pub(super) fn brace_span(object: &Object) -> Range<usize> {
    object.range.start..object.range.start + 1
}

/// The property name, quotes included.
fn key_span(property: &ObjectProp) -> Range<usize> {
    span(property.name.range())
}

/// "a string", "an array" …, for "found …" in messages.
pub(super) fn describe(value: &Value) -> &'static str {
    match value {
        Value::StringLit(_) => "a string",
        Value::NumberLit(_) => "a number",
        Value::BooleanLit(_) => "a boolean",
        Value::Object(_) => "an object",
        Value::Array(_) => "an array",
        Value::NullKeyword(_) => "null",
    }
}

/// The value of the first field called `name`.
pub(super) fn field<'o, 'a>(object: &'o Object<'a>, name: &str) -> Option<&'o Value<'a>> {
    object.get(name).map(|property| &property.value)
}

/// Whether the JSON-LD `type` of `object` is `name` (or a list containing it).
pub(super) fn has_type(object: &Object, name: &str) -> bool {
    match field(object, "type") {
        Some(Value::StringLit(kind)) => kind.value == name,
        Some(Value::Array(kinds)) => kinds
            .elements
            .iter()
            .any(|kind| matches!(kind, Value::StringLit(kind) if kind.value == name)),
        _ => false,
    }
}

/// The field name in `allowed` that `typo` most likely meant: at most one
/// edit (Damerau-Levenshtein, ignoring case) away for names of up to three
/// chars, at most two for longer ones.
pub(crate) fn closest<'n>(typo: &str, allowed: &[&'n str]) -> Option<&'n str> {
    let typo = typo.to_lowercase();
    allowed
        .iter()
        .map(|&name| (strsim::damerau_levenshtein(&typo, name), name))
        .filter(|&(distance, name)| {
            let longer = typo.chars().count().max(name.chars().count());
            distance <= if longer <= 3 { 1 } else { 2 }
        })
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, name)| name)
}

/// Collects the schema errors of one annotation file while its readers walk
/// the AST.
pub(super) struct Reader<'t> {
    text: &'t str,
    errors: Vec<SchemaError>,
    /// Fields already suggested by a "did you mean", by the start of their
    /// object: their absence needs no second error.
    suggested: Vec<(usize, &'static str)>,
}

impl<'t> Reader<'t> {
    pub(super) fn new(text: &'t str) -> Self {
        Reader {
            text,
            errors: Vec::new(),
            suggested: Vec::new(),
        }
    }

    pub(super) fn error(&mut self, span: Range<usize>, message: String, help: Option<String>) {
        if self.errors.len() < MAX_ERRORS {
            self.errors.push(SchemaError {
                message,
                span,
                help,
            });
        }
    }

    /// `value` if nothing went wrong, otherwise every error in file order.
    pub(super) fn finish<T>(mut self, value: T) -> Result<T, Vec<SchemaError>> {
        if self.errors.is_empty() {
            return Ok(value);
        }
        self.errors.sort_by_key(|error| error.span.start);
        Err(self.errors)
    }

    /// The 1-based line `offset` is on, for "the first one is on line N".
    pub(super) fn line(&self, offset: usize) -> usize {
        let before = self
            .text
            .as_bytes()
            .get(..offset)
            .unwrap_or(self.text.as_bytes());
        before.iter().filter(|&&byte| byte == b'\n').count() + 1
    }

    /// Reports repeated keys, and keys outside `allowed`, in `object`.
    /// `place` finishes "unknown field `x` …", e.g. "in evidence".
    pub(super) fn check_fields(&mut self, object: &Object, allowed: &[&'static str], place: &str) {
        self.check_keys(object, Some((allowed, place)));
    }

    /// Reports repeated keys in an object whose vocabulary is open.
    pub(super) fn check_duplicates(&mut self, object: &Object) {
        self.check_keys(object, None);
    }

    fn check_keys(&mut self, object: &Object, allowed: Option<(&[&'static str], &str)>) {
        // Objects here have a handful of keys: a scan beats hashing.
        let mut first_seen: Vec<(&str, usize)> = Vec::with_capacity(object.properties.len());
        for property in &object.properties {
            let name = property.name.as_str();
            let key = key_span(property);
            if let Some(&(_, first)) = first_seen.iter().find(|(seen, _)| *seen == name) {
                let help = format!(
                    "the first `{name}` is on line {}; remove one of them",
                    self.line(first)
                );
                self.error(key, format!("duplicate field `{name}`"), Some(help));
                continue;
            }
            first_seen.push((name, key.start));
            let Some((allowed, place)) = allowed else {
                continue;
            };
            if !allowed.contains(&name) {
                let help = match closest(name, allowed) {
                    Some(suggestion) => {
                        self.suggested.push((object.range.start, suggestion));
                        format!("did you mean `{suggestion}`?")
                    }
                    None => format!("the allowed fields are `{}`", allowed.join("`, `")),
                };
                self.error(key, format!("unknown field `{name}` {place}"), Some(help));
            }
        }
    }

    /// The value of `name` in `object`, or an error on the object's brace.
    /// `owner` starts the message, e.g. "evidence 2 of claim `x`".
    pub(super) fn required<'o, 'a>(
        &mut self,
        object: &'o Object<'a>,
        name: &str,
        owner: &(impl std::fmt::Display + ?Sized),
    ) -> Option<&'o Value<'a>> {
        let value = field(object, name);
        let suggested = self
            .suggested
            .iter()
            .any(|&(start, field)| start == object.range.start && field == name);
        if value.is_none() && !suggested {
            self.error(
                brace_span(object),
                format!("{owner} is missing the required field `{name}`"),
                None,
            );
        }
        value
    }

    /// A string, possibly empty; `name` is the field it was read from.
    pub(super) fn string(&mut self, name: &str, value: &Value) -> Option<Spanned<String>> {
        match value {
            Value::StringLit(string) => {
                Some(Spanned::new(string.value.to_string(), span(string.range)))
            }
            other => {
                let message = format!("`{name}` must be a string, found {}", describe(other));
                self.error(value_span(other), message, None);
                None
            }
        }
    }

    /// A string with some non-whitespace text in it.
    pub(super) fn text(&mut self, name: &str, value: &Value) -> Option<Spanned<String>> {
        let string = self.string(name, value)?;
        let problem = if string.value.is_empty() {
            "empty"
        } else if string.value.trim().is_empty() {
            "only whitespace"
        } else {
            return Some(string);
        };
        self.error(string.span, format!("`{name}` must not be {problem}"), None);
        None
    }

    pub(super) fn array<'v, 'a>(
        &mut self,
        name: &str,
        value: &'v Value<'a>,
    ) -> Option<&'v [Value<'a>]> {
        match value {
            Value::Array(array) => Some(&array.elements),
            other => {
                let message = format!("`{name}` must be an array, found {}", describe(other));
                self.error(value_span(other), message, None);
                None
            }
        }
    }

    /// A plain JSON integer from 0 to `u32::MAX`: offsets are never
    /// negative, fractional or in exponent notation.
    fn whole_number(&mut self, name: &str, value: &Value) -> Option<Spanned<usize>> {
        let Value::NumberLit(number) = value else {
            let message = format!("`{name}` must be a whole number, found {}", describe(value));
            self.error(value_span(value), message, None);
            return None;
        };
        let parsed = Some(number.value)
            .filter(|digits| digits.bytes().all(|byte| byte.is_ascii_digit()))
            .and_then(|digits| digits.parse::<u32>().ok())
            .and_then(|whole| usize::try_from(whole).ok());
        if parsed.is_none() {
            let message = format!("`{name}` must be a whole number from 0 to {}", u32::MAX);
            self.error(span(number.range), message, None);
        }
        parsed.map(|whole| Spanned::new(whole, span(number.range)))
    }

    /// A half-open char range `[start, end)`, spanning from the first of the
    /// two values in the text to the last.
    pub(super) fn offsets(&mut self, start: &Value, end: &Value) -> Option<Spanned<Offsets>> {
        let start = self.whole_number("start", start);
        let end = self.whole_number("end", end);
        let (start, end) = (start?, end?);
        let span = start.span.start.min(end.span.start)..start.span.end.max(end.span.end);
        if start.value > end.value {
            let message = format!("`start` ({}) is after `end` ({})", start.value, end.value);
            self.error(
                span,
                message,
                Some("the offsets are reversed; swap them".into()),
            );
            return None;
        }
        if start.value == end.value {
            let message = format!("`start` and `end` are both {}, an empty span", start.value);
            let help =
                "`end` is exclusive (the span is [start, end)), so it must be larger than `start`";
            self.error(span, message, Some(help.into()));
            return None;
        }
        let offsets = Offsets {
            start: start.value,
            end: end.value,
        };
        Some(Spanned::new(offsets, span))
    }
}

/// Remembers claim ids, so that a repeated one is reported where it repeats.
#[derive(Default)]
pub(super) struct SeenIds(HashMap<String, usize>);

impl SeenIds {
    pub(super) fn check(&mut self, id: &Spanned<String>, reader: &mut Reader) {
        match self.0.get(&id.value) {
            Some(&first) => {
                let help = format!(
                    "the first claim with this id is on line {}",
                    reader.line(first)
                );
                reader.error(
                    id.span.clone(),
                    format!("duplicate claim id `{}`", id.value),
                    Some(help),
                );
            }
            None => {
                self.0.insert(id.value.clone(), id.span.start);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_field_names_only() {
        let evidence = ["quote", "paragraph", "start", "end", "prefix", "suffix"];
        assert_eq!(closest("qoute", &evidence), Some("quote"));
        assert_eq!(closest("Quote", &evidence), Some("quote"));
        assert_eq!(closest("paragrahp", &evidence), Some("paragraph"));
        assert_eq!(closest("ed", &evidence), Some("end"));
        assert_eq!(closest("offset", &evidence), None);
        assert_eq!(closest("to", &["id", "claim"]), None);
        assert_eq!(closest("di", &["id", "claim"]), Some("id"));
    }

    #[test]
    fn finds_raw_control_characters_only_inside_strings() {
        assert_eq!(raw_control_character("{\n\t\"a\":\r\n\"b\"}"), None);
        assert_eq!(raw_control_character(r#"["a\"\\", "b"]"#), None);
        assert_eq!(raw_control_character("[\"a\\\"\tb\"]"), Some(5));
    }

    #[test]
    fn snaps_spans_to_char_boundaries() {
        let text = "a\u{e9}b";
        assert_eq!(snap_to_chars(text, 2..2), 1..1);
        assert_eq!(snap_to_chars(text, 1..2), 1..3);
        assert_eq!(snap_to_chars(text, 3..99), 3..4);
    }

    #[test]
    fn counts_lines_from_one() {
        let reader = Reader::new("a\nb\nc");
        assert_eq!(reader.line(0), 1);
        assert_eq!(reader.line(2), 2);
        assert_eq!(reader.line(4), 3);
    }
}
