//! The fast path for the common case: a claimcheck file with nothing to
//! report, read straight from jsonc-parser's token scanner, with no AST.
//!
//! It accepts only files that the full reader ([`super::json::parse_strict`]
//! and [`super::claimcheck_format::read`]) accepts without a single error,
//! and builds the same model with the same spans. At the first thing the
//! full reader would report, or anything it reads differently (W3C files,
//! comments, a raw control character, a repeated key, a value of the wrong
//! type …), it gives up (`None`) and the full reader runs instead, so every
//! diagnostic still comes from one place.
//!
//! The tokens come from the same scanner, with the same strict options, as
//! the full parser's, so what counts as a string, a number or whitespace is
//! the same by construction; this module only checks the grammar (as
//! `jsonc_parser::parse_to_ast` does in strict mode) and the schema.

use std::ops::Range;

use jsonc_parser::tokens::Token;
use jsonc_parser::{Scanner, ScannerOptions};

use super::{AnnotationFile, Claim, Evidence, Format, Offsets, Spanned};

/// `None` means "let the full reader decide", never "invalid".
type Try<T> = Option<T>;

/// Reads `text` (any BOM already blanked out) if it is a valid claimcheck
/// file; `None` otherwise, or when unsure.
pub(super) fn read(text: &str) -> Try<AnnotationFile> {
    let mut tokens = Tokens::new(text);
    if !matches!(tokens.next()?, Token::OpenBrace) {
        return None;
    }
    let file = tokens.file()?;
    // Exactly one root value: after it, only whitespace.
    tokens.at_end().then_some(file)
}

struct Tokens<'a> {
    scanner: Scanner<'a>,
    bytes: &'a [u8],
}

impl<'a> Tokens<'a> {
    fn new(text: &'a str) -> Self {
        // Strict JSON, exactly as `json::parse_strict` configures the parser.
        let options = ScannerOptions {
            allow_single_quoted_strings: false,
            allow_hexadecimal_numbers: false,
            allow_unary_plus_numbers: false,
            allow_bare_decimal_point_numbers: false,
            allow_non_finite_numbers: false,
            allow_extended_string_escapes: false,
        };
        Tokens {
            scanner: Scanner::new(text, &options),
            bytes: text.as_bytes(),
        }
    }

    /// The next token. Gives up at the end of the text, on a lexical error,
    /// on a comment or a bare word (errors in strict JSON), and on a string
    /// holding a raw control character (which the scanner lets through and
    /// `parse_strict` then rejects).
    fn next(&mut self) -> Try<Token<'a>> {
        let token = self.scanner.scan().ok()??;
        match token {
            Token::CommentLine(_) | Token::CommentBlock(_) | Token::Word(_) => None,
            Token::String(_) => {
                let raw = &self.bytes[self.scanner.token_start()..self.scanner.token_end()];
                // A chunk at a time, without an early exit, so that it vectorizes.
                let control = raw.chunks(32).any(|chunk| {
                    chunk
                        .iter()
                        .fold(false, |found, &byte| found | (byte < 0x20))
                });
                (!control).then_some(token)
            }
            token => Some(token),
        }
    }

    /// Whether the text ends here (a lexical error or any token: no).
    fn at_end(&mut self) -> bool {
        matches!(self.scanner.scan(), Ok(None))
    }

    /// The bytes of the last token.
    fn span(&self) -> Range<usize> {
        self.scanner.token_start()..self.scanner.token_end()
    }

    /// The members of an object whose `{` was just read, each handed to
    /// `member` with its key once the `:` is read; returns the object's
    /// span. Keys outside `allowed`, and repeated keys, give up.
    fn object(
        &mut self,
        allowed: &[&str],
        mut member: impl FnMut(&mut Self, usize) -> Try<()>,
    ) -> Try<Range<usize>> {
        let start = self.scanner.token_start();
        // Which of `allowed` were seen (a repeated key is an error).
        let mut seen = 0u32;
        let mut token = self.next()?;
        if !matches!(token, Token::CloseBrace) {
            loop {
                let Token::String(key) = token else {
                    return None;
                };
                // Compared decoded, as the full reader compares keys.
                let index = allowed.iter().position(|name| *name == key.as_ref())?;
                if seen & (1 << index) != 0 {
                    return None;
                }
                seen |= 1 << index;
                if !matches!(self.next()?, Token::Colon) {
                    return None;
                }
                member(self, index)?;
                match self.next()? {
                    Token::Comma => token = self.next()?,
                    Token::CloseBrace => break,
                    _ => return None,
                }
            }
        }
        Some(start..self.scanner.token_end())
    }

    /// The elements of an array whose `[` was just read, each handed to
    /// `element` with its first token; returns the array's span.
    fn array(
        &mut self,
        mut element: impl FnMut(&mut Self, Token<'a>) -> Try<()>,
    ) -> Try<Range<usize>> {
        let start = self.scanner.token_start();
        let mut token = self.next()?;
        if !matches!(token, Token::CloseBracket) {
            loop {
                element(self, token)?;
                match self.next()? {
                    Token::Comma => token = self.next()?,
                    Token::CloseBracket => break,
                    _ => return None,
                }
            }
        }
        Some(start..self.scanner.token_end())
    }

    /// A string value, possibly empty.
    fn string(&mut self) -> Try<Spanned<String>> {
        match self.next()? {
            Token::String(value) => Some(Spanned::new(value.into_owned(), self.span())),
            _ => None,
        }
    }

    /// A string with some non-whitespace text in it (`Reader::text`).
    fn text(&mut self) -> Try<Spanned<String>> {
        let string = self.string()?;
        (!string.value.trim().is_empty()).then_some(string)
    }

    /// A plain integer from 0 to `u32::MAX` (`Reader::whole_number`).
    fn whole_number(&mut self) -> Try<Spanned<usize>> {
        let Token::Number(digits) = self.next()? else {
            return None;
        };
        if !digits.bytes().all(|byte| byte.is_ascii_digit()) {
            return None;
        }
        let whole = usize::try_from(digits.parse::<u32>().ok()?).ok()?;
        Some(Spanned::new(whole, self.span()))
    }

    /// The top-level object, its `{` just read.
    fn file(&mut self) -> Try<AnnotationFile> {
        const FIELDS: &[&str] = &["source", "claims", "$schema"];
        let mut source = None;
        let mut claims = None;
        self.object(FIELDS, |tokens, field| {
            match field {
                0 => source = Some(tokens.text()?),
                2 => {
                    tokens.string()?;
                }
                _ => {
                    if !matches!(tokens.next()?, Token::OpenBracket) {
                        return None;
                    }
                    let mut list = Vec::new();
                    tokens.array(|tokens, first| {
                        list.push(tokens.claim(first)?);
                        Some(())
                    })?;
                    claims = Some(without_spare_room(list));
                }
            }
            Some(())
        })?;
        let claims = claims?;
        // Claim ids are unique.
        let mut ids: Vec<&str> = claims.iter().map(|claim| claim.id.value.as_str()).collect();
        ids.sort_unstable();
        if ids.windows(2).any(|pair| pair[0] == pair[1]) {
            return None;
        }
        Some(AnnotationFile {
            format: Format::Claimcheck,
            source: Some(source?),
            claims,
            notes: Vec::new(),
        })
    }

    fn claim(&mut self, first: Token<'a>) -> Try<Claim> {
        const FIELDS: &[&str] = &["id", "claim", "evidence", "note"];
        if !matches!(first, Token::OpenBrace) {
            return None;
        }
        let (mut id, mut text, mut evidence, mut note) = (None, None, None, None);
        let span = self.object(FIELDS, |tokens, field| {
            match field {
                0 => id = Some(tokens.text()?),
                1 => text = Some(tokens.text()?),
                2 => {
                    if !matches!(tokens.next()?, Token::OpenBracket) {
                        return None;
                    }
                    let mut items = Vec::new();
                    let span = tokens.array(|tokens, first| {
                        items.push(tokens.evidence(first)?);
                        Some(())
                    })?;
                    // A vector grows to room for 4 items at its first push:
                    // 1.4 KB a claim with one evidence item, 100 MB for a
                    // file of 80,000 claims.
                    items.shrink_to_fit();
                    evidence = Some((items, span));
                }
                _ => note = Some(tokens.string()?),
            }
            Some(())
        })?;
        let (evidence, evidence_span) = evidence?;
        Some(Claim {
            id: id?,
            text: text?,
            evidence,
            evidence_span,
            note: note.map(Box::new),
            span,
            source: None,
        })
    }

    fn evidence(&mut self, first: Token<'a>) -> Try<Evidence> {
        const FIELDS: &[&str] = &["quote", "paragraph", "start", "end", "prefix", "suffix"];
        if !matches!(first, Token::OpenBrace) {
            return None;
        }
        let (mut quote, mut paragraph, mut start, mut end, mut prefix, mut suffix) =
            (None, None, None, None, None, None);
        let span = self.object(FIELDS, |tokens, field| {
            match field {
                0 => quote = Some(tokens.text()?),
                1 => paragraph = Some(tokens.paragraph()?),
                2 => start = Some(tokens.whole_number()?),
                3 => end = Some(tokens.whole_number()?),
                4 => prefix = Some(tokens.string()?),
                _ => suffix = Some(tokens.string()?),
            }
            Some(())
        })?;
        let (offsets, offset_value_spans) = match (start, end) {
            (Some(start), Some(end)) if start.value < end.value => {
                let span = start.span.start.min(end.span.start)..start.span.end.max(end.span.end);
                let offsets = Offsets {
                    start: start.value,
                    end: end.value,
                };
                (
                    Some(Spanned::new(offsets, span)),
                    Some((start.span, end.span)),
                )
            }
            (None, None) => (None, None),
            // Reversed or empty offsets, or one without the other.
            _ => return None,
        };
        Some(Evidence {
            quote: quote?,
            paragraph,
            offsets,
            offset_value_spans,
            prefix,
            suffix,
            position: None,
            quote_from_position: false,
            within: None,
            alternatives: Box::default(),
            span,
        })
    }

    /// `"pN"`, N from 1 without leading zeros, as the 0-based index.
    fn paragraph(&mut self) -> Try<Spanned<usize>> {
        let Token::String(address) = self.next()? else {
            return None;
        };
        let digits = address.strip_prefix('p')?;
        if digits.starts_with('0') || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
            return None;
        }
        let index = digits.parse::<usize>().ok()?.checked_sub(1)?;
        Some(Spanned::new(index, self.span()))
    }
}

/// `list` in a vector of its own length. Grown by doubling, it has up to
/// as much room again unused, which is held as long as the model is (the
/// claims of a 100,000-claim file: 28 MB for 22). `shrink_to_fit` may keep
/// the block as it is (mimalloc does for a shrink of less than half), so
/// the items move to a new one.
fn without_spare_room<T>(mut list: Vec<T>) -> Vec<T> {
    if list.capacity() - list.len() <= list.len() / 8 {
        return list;
    }
    let mut exact = Vec::with_capacity(list.len());
    exact.append(&mut list);
    exact
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_list_grown_by_doubling_keeps_no_spare_room() {
        let mut list: Vec<u32> = (0..1000).collect();
        list.reserve(1000);
        let exact = super::without_spare_room(list);
        assert_eq!((exact.len(), exact.capacity()), (1000, 1000));
        assert!(exact.iter().copied().eq(0..1000));
    }
}
