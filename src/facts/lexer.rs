//! Splitting text into the words, numbers and marks the fact kinds read.
//!
//! Not UAX #29 word segmentation: the facts need their own edges. A
//! hyphenated compound is its parts (`Soviet-Afghan`), a dotted acronym is
//! one word (`U.S.`), a possessive stays on its word (`Russia’s`), and the
//! separators inside a number (`15,000`, `1979-1989`, `9/11`) are marks of
//! their own, for `numbers` to read. One pass over the chars, no allocation
//! beyond the token buffer the caller reuses.

use std::ops::Range;

use unicode_normalization::char::is_combining_mark;

use super::phrases::opens_phrase;
pub(super) use super::vocab::Class;
use super::vocab::{classify_at, classify_lower_at, classify_plain};

/// One token: its byte range in the text, and what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A letter, then letters, digits and combining marks, with apostrophes
    /// inside (`d’affaires`, `isn’t`). `dotted`: single letters joined by
    /// dots (`U.S`, the last dot left to end a sentence). `class`: what the
    /// word is among the fixed words the facts look for, worked out once
    /// (for a word that does not open with a capital, only the flags of
    /// `vocab::LOWER_FLAGS`: the others matter to names alone).
    Word { dotted: bool, class: Class },
    /// Decimal digits of any script; letters right after them (`21st`,
    /// `2010s`, `3pm`) are its suffix, from `digits_end` to `end`.
    Number { digits_end: usize },
    /// Any other char that is not whitespace. Dashes and hyphens are read
    /// as `-`, apostrophes and single quotation marks as `'`.
    Mark(char),
}

impl Token {
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    pub fn is_word(&self) -> bool {
        matches!(self.kind, Kind::Word { .. })
    }

    /// The class of a word (empty for anything else).
    pub fn class(&self) -> Class {
        match self.kind {
            Kind::Word { class, .. } => class,
            _ => Class::NONE,
        }
    }

    pub fn is_mark(&self, c: char) -> bool {
        self.kind == Kind::Mark(c)
    }
}

/// Chars that typesetting inserts and readers never see: soft hyphens,
/// zero-width spaces and joiners, word joiners, BOMs. A word goes on
/// through them.
pub(super) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'
    )
}

pub(super) fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2bc}')
}

/// How a mark is read: every dash and hyphen as `-`, every apostrophe and
/// single quotation mark as `'`.
fn fold_mark(c: char) -> char {
    match c {
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{fe58}' | '\u{fe63}' | '\u{ff0d}' => '-',
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2bc}' => '\'',
        c => c,
    }
}

/// Letters, digits, combining marks and invisible chars go on a word.
pub(super) fn continues_word(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric() || is_combining_mark(c) || is_invisible(c)
}

/// What a lexed text holds, so that a reading with nothing to find is
/// skipped: the classes of its words, and whether it has digits, a
/// capitalized word or a mark that may open a quotation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Holds {
    pub classes: Class,
    pub digits: bool,
    pub capitals: bool,
    /// A mark that opens a quoted phrase (`phrases::opens_phrase`); every
    /// such char of a text is a mark token of its own.
    pub quotes: bool,
}

/// Where a claim's facts may begin, by token index, noted as the claim is
/// lexed: the readers of numbers and names go from candidate to candidate
/// instead of over every token (most tokens of a claim are plain words).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Candidates {
    /// Numbers, and words of class `NUMBER` or `ARTICLE`: where
    /// `numbers::scan` starts reading.
    pub numeric: Vec<usize>,
    /// Capitalized words: the only tokens `names::of_claim` takes.
    pub capitals: Vec<usize>,
}

impl Candidates {
    pub const fn new() -> Candidates {
        Candidates {
            numeric: Vec::new(),
            capitals: Vec::new(),
        }
    }

    fn clear(&mut self) {
        self.numeric.clear();
        self.capitals.clear();
    }
}

/// Whether a word of class `class` may open a number.
fn opens_number(class: Class) -> bool {
    class.has(Class::NUMBER) || class.has(Class::ARTICLE)
}

/// The tokens of `text`, into `out` (cleared first).
pub(super) fn lex(text: &str, out: &mut Vec<Token>) -> Holds {
    lex_into(text, out, &mut Candidates::new())
}

/// [`lex`], noting the [`Candidates`] into `candidates` (cleared first).
pub(super) fn lex_into(text: &str, out: &mut Vec<Token>, candidates: &mut Candidates) -> Holds {
    lex_with::<true>(text, out, candidates)
}

/// The lexer, with its `FAST` arms for plain ASCII words or without them
/// (every word read char by char, the reading the fast arms must agree
/// with).
fn lex_with<const FAST: bool>(
    text: &str,
    out: &mut Vec<Token>,
    candidates: &mut Candidates,
) -> Holds {
    out.clear();
    candidates.clear();
    let mut holds = Holds::default();
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // Plain ASCII is most of any article: dispatch on the byte, and
        // decode a char only where a non-ASCII one begins.
        let (c, next) = match b {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C => {
                i += 1;
                continue;
            }
            b'0'..=b'9' => ('0', i + 1),
            b'a'..=b'z' if FAST => {
                // The commonest token, a plain lower-case word, read here as
                // below reads it (a word that goes on with an apostrophe or
                // a non-ASCII char is left to below).
                let end = i + ascii_alphanumeric_run(&bytes[i..]);
                if bytes.get(end).is_none_or(|&b| b.is_ascii() && b != b'\'') {
                    let class = classify_plain(&bytes[i..end], false);
                    push_word(i..end, class, false, false, out, candidates, &mut holds);
                    i = end;
                    continue;
                }
                ('a', i + 1)
            }
            b'A'..=b'Z' if FAST => {
                // A capitalized word of ASCII letters and digits, as below
                // reads it (a single letter may open a dotted acronym, and
                // is left to below with the words that go on past ASCII).
                let end = i + ascii_alphanumeric_run(&bytes[i..]);
                if end > i + 1 && bytes.get(end).is_none_or(|&b| b.is_ascii() && b != b'\'') {
                    let class = classify_plain(&bytes[i..end], true);
                    push_word(i..end, class, true, false, out, candidates, &mut holds);
                    i = end;
                    continue;
                }
                ('a', i + 1)
            }
            b'a'..=b'z' | b'A'..=b'Z' => ('a', i + 1),
            b if b.is_ascii() => {
                holds.quotes |= b == b'"';
                out.push(Token {
                    start: i,
                    end: i + 1,
                    kind: Kind::Mark(char::from(b)),
                });
                i += 1;
                continue;
            }
            _ => match text[i..].chars().next() {
                Some(c) => (c, i + c.len_utf8()),
                None => break,
            },
        };
        if c.is_whitespace() || is_invisible(c) {
            i = next;
        } else if digit_value(c).is_some() {
            let digits_end = scan(
                text,
                next,
                |b| b.is_ascii_digit(),
                |c| digit_value(c).is_some(),
            );
            let end = scan(
                text,
                digits_end,
                |b| b.is_ascii_alphanumeric(),
                continues_word,
            );
            candidates.numeric.push(out.len());
            out.push(Token {
                start: i,
                end,
                kind: Kind::Number { digits_end },
            });
            holds.digits = true;
            i = end;
        } else if c.is_alphabetic() {
            let (end, plain) = word_end(text, next);
            let (end, dotted) = if b.is_ascii_uppercase() && end == i + 1 {
                dotted_acronym(text, i, end)
            } else {
                (end, false)
            };
            let capital = if b.is_ascii() {
                b.is_ascii_uppercase()
            } else {
                c.is_uppercase()
            };
            let class = if dotted {
                Class::NONE
            } else if plain && b.is_ascii() {
                classify_plain(&bytes[i..end], capital)
            } else if capital {
                classify_at(bytes, i, end)
            } else {
                classify_lower_at(bytes, i, end)
            };
            push_word(i..end, class, capital, dotted, out, candidates, &mut holds);
            i = end;
        } else {
            holds.quotes |= opens_phrase(c);
            out.push(Token {
                start: i,
                end: next,
                kind: Kind::Mark(fold_mark(c)),
            });
            i = next;
        }
    }
    holds
}

/// The first byte at or after `from` whose char does not satisfy `keep`
/// (`keep_ascii` for an ASCII byte, without decoding it).
fn scan(
    text: &str,
    from: usize,
    keep_ascii: impl Fn(u8) -> bool,
    keep: impl Fn(char) -> bool,
) -> usize {
    let bytes = text.as_bytes();
    let mut at = from;
    while let Some(&b) = bytes.get(at) {
        if b.is_ascii() {
            if !keep_ascii(b) {
                return at;
            }
            at += 1;
        } else {
            match text[at..].chars().next() {
                Some(c) if keep(c) => at += c.len_utf8(),
                _ => return at,
            }
        }
    }
    at
}

/// ASCII letters and digits, by byte: a table, since words are scanned
/// byte by byte and most of their bytes are these.
static ALPHANUMERIC: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// A word's token at `word`, of class `class` (`capital` if it starts with
/// one): what the text holds, and the candidates it is, noted with it.
fn push_word(
    word: Range<usize>,
    class: Class,
    capital: bool,
    dotted: bool,
    out: &mut Vec<Token>,
    candidates: &mut Candidates,
    holds: &mut Holds,
) {
    holds.classes = holds.classes.union(class);
    if opens_number(class) {
        candidates.numeric.push(out.len());
    }
    if capital {
        holds.capitals = true;
        candidates.capitals.push(out.len());
    }
    out.push(Token {
        start: word.start,
        end: word.end,
        kind: Kind::Word { dotted, class },
    });
}

/// How many bytes at the start of `bytes` are ASCII letters and digits.
/// Eight at a time: a word most often ends within its first eight bytes,
/// found without a branch a byte (whose exit, at a different byte each
/// word, the CPU cannot predict).
fn ascii_alphanumeric_run(bytes: &[u8]) -> usize {
    let mut at = 0;
    while let Some(word) = bytes.get(at..at + 8) {
        let lanes = u64::from_le_bytes(std::array::from_fn(|i| word[i]));
        let others = !alphanumeric_lanes(lanes) & HIGH_BITS;
        if others != 0 {
            return at + (others.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    let rest = &bytes[at..];
    at + rest
        .iter()
        .position(|&b| !ALPHANUMERIC[usize::from(b)])
        .unwrap_or(rest.len())
}

const LOW_BITS: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `lanes` set where that byte is an ASCII
/// letter or digit.
fn alphanumeric_lanes(lanes: u64) -> u64 {
    let digits = lanes_between(lanes, b'0' - 1, b'9' + 1);
    // Setting bit 5 lowers A-Z onto a-z, and takes no other byte there.
    let letters = lanes_between(lanes | (0x20 * LOW_BITS), b'a' - 1, b'z' + 1);
    digits | letters
}

/// The high bit of each byte of `lanes` set where that byte `b` is ASCII
/// and `above < b < below` (`below` at most 128): "Determine if a word
/// has a byte between m and n", Bit Twiddling Hacks, exact in each byte
/// as no sum or difference carries into the next.
fn lanes_between(lanes: u64, above: u8, below: u8) -> u64 {
    let low7 = lanes & (0x7f * LOW_BITS);
    let under = (0x7f + u64::from(below)) * LOW_BITS - low7;
    let over = low7 + (0x7f - u64::from(above)) * LOW_BITS;
    under & over & !lanes & HIGH_BITS
}

/// Where a word that goes on at `from` ends: letters, digits and marks, and
/// an apostrophe only when a letter follows it; and whether the word ends
/// with the ASCII letters and digits from `from` (a plain word, if what
/// came before was).
fn word_end(text: &str, from: usize) -> (usize, bool) {
    let bytes = text.as_bytes();
    let from = from + ascii_alphanumeric_run(bytes.get(from..).unwrap_or_default());
    // The word ends at a space or an ASCII mark other than `'`: no need to
    // decode what follows.
    if bytes.get(from).is_none_or(|&b| b.is_ascii() && b != b'\'') {
        return (from, true);
    }
    let mut end = from;
    let mut chars = text[from..].char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let apostrophe_in_word =
            is_apostrophe(c) && chars.peek().is_some_and(|&(_, n)| n.is_alphabetic());
        if continues_word(c) || apostrophe_in_word {
            end = from + at + c.len_utf8();
        } else {
            break;
        }
    }
    (end, false)
}

/// `U.S`, `U.S.S.R`: a single capital letter word followed by `.` and
/// another single letter, and so on. Returns the end of the joined word
/// (before its last dot) and whether it was joined.
/// `start..end` is a single ASCII capital.
fn dotted_acronym(text: &str, start: usize, end: usize) -> (usize, bool) {
    debug_assert_eq!(end, start + 1);
    let mut joined = end;
    loop {
        let rest = &text[joined..];
        let mut chars = rest.char_indices();
        let (Some((_, '.')), Some((at, letter))) = (chars.next(), chars.next()) else {
            break;
        };
        if !letter.is_uppercase() {
            break;
        }
        let letter_end = joined + at + letter.len_utf8();
        // The letter must stand alone: `U.S.` yes, `U.Sa` no.
        if text[letter_end..]
            .chars()
            .next()
            .is_some_and(continues_word)
        {
            break;
        }
        joined = letter_end;
    }
    (joined, joined != end)
}

/// `word` in ASCII lower case, apostrophes of any kind as `'`, in `buf`;
/// None for a word that cannot be one of the fixed English words the facts
/// look for (non-ASCII letters, or longer than the buffer).
pub(super) fn lower_ascii<'b>(word: &str, buf: &'b mut [u8; 24]) -> Option<&'b str> {
    let bytes = word.as_bytes();
    // Most words are plain ASCII: lowered in place, no byte dispatch.
    if bytes.is_ascii() {
        let lowered = buf.get_mut(..bytes.len())?;
        lowered.copy_from_slice(bytes);
        lowered.make_ascii_lowercase();
        return std::str::from_utf8(lowered).ok();
    }
    let (mut from, mut len) = (0, 0);
    while let Some(&b) = bytes.get(from) {
        let (lower, width) = match b {
            b if b.is_ascii() => (b.to_ascii_lowercase(), 1),
            // `’` and `ʼ`.
            0xE2 if bytes.get(from + 1..from + 3) == Some(&[0x80, 0x99]) => (b'\'', 3),
            0xCA if bytes.get(from + 1) == Some(&0xBC) => (b'\'', 2),
            _ => return None,
        };
        *buf.get_mut(len)? = lower;
        len += 1;
        from += width;
    }
    std::str::from_utf8(&buf[..len]).ok()
}

/// Decimal digit values, script by script: the first code point (zero) of
/// every run of ten decimal digits (Unicode general category Nd) that
/// Unicode 15 lists. Sorted, for a binary search.
const DIGIT_ZEROS: [u32; 68] = [
    0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66,
    0xDE6, 0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
    0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650,
    0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x11F50, 0x16A60, 0x16AC0,
    0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E4F0, 0x1E950,
    0x1FBF0,
];

/// The value of a decimal digit of any script (`7`, `٣`, `３`), or None.
pub(super) fn digit_value(c: char) -> Option<u32> {
    if c.is_ascii() {
        return c.to_digit(10);
    }
    let code = c as u32;
    let run = DIGIT_ZEROS.partition_point(|&zero| zero <= code);
    let zero = DIGIT_ZEROS[run.checked_sub(1)?];
    (code - zero < 10).then_some(code - zero)
}

#[cfg(test)]
mod tests {
    use super::super::vocab::{LOWER_FLAGS, classify};
    use super::*;
    use proptest::prelude::*;

    /// Text as claims and quotes are written, and the odd chars the
    /// lexer reads apart: capitals, digits, apostrophes, dots, dashes,
    /// quotation marks, non-ASCII letters, digits and marks.
    const TEXT: &str = "([a-zA-Z0-9'’.,:;é \"“”«»「『＂—–-]|ten|Ten|TEN|not|isn't|isn’t|The|a|An|May|I|U\\.S\\.|٣|Ǆemal|\u{301}|\u{ad}|\t)*";

    #[test]
    fn the_alphanumeric_run_is_the_bytes_the_table_takes() {
        // Every byte value at every place of an eight-byte word, after a
        // run of every length, and on past it.
        for byte in 0..=255u8 {
            for run in 0..20 {
                let mut bytes = vec![b'a'; run];
                bytes.push(byte);
                bytes.extend_from_slice(b"Zz09 x");
                let expected = bytes
                    .iter()
                    .position(|&b| !b.is_ascii_alphanumeric())
                    .unwrap_or(bytes.len());
                assert_eq!(
                    ascii_alphanumeric_run(&bytes),
                    expected,
                    "{byte} after {run}"
                );
                assert_eq!(ascii_alphanumeric_run(&bytes[..run]), run);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        /// The fast arms for plain ASCII words give the tokens, holds and
        /// candidates of the char-by-char reading.
        #[test]
        fn the_fast_arms_read_as_the_char_reading(text in TEXT) {
            let (mut fast, mut slow) = (Vec::new(), Vec::new());
            let (mut fast_at, mut slow_at) = (Candidates::new(), Candidates::new());
            let holds = lex_with::<true>(&text, &mut fast, &mut fast_at);
            prop_assert_eq!(holds, lex_with::<false>(&text, &mut slow, &mut slow_at));
            prop_assert_eq!(&fast, &slow);
            prop_assert_eq!(&fast_at, &slow_at);
        }

        /// The candidates are exactly the numbers and the words that may
        /// open one, and the capitalized words; `quotes` is whether a mark
        /// opens a phrase.
        #[test]
        fn candidates_are_every_number_start_and_capital(text in TEXT) {
            let mut tokens = Vec::new();
            let mut candidates = Candidates::new();
            let holds = lex_into(&text, &mut tokens, &mut candidates);
            let numeric: Vec<usize> = (0..tokens.len())
                .filter(|&i| match tokens[i].kind {
                    Kind::Number { .. } => true,
                    Kind::Word { class, .. } => opens_number(class),
                    Kind::Mark(_) => false,
                })
                .collect();
            let capitals: Vec<usize> = (0..tokens.len())
                .filter(|&i| tokens[i].is_word()
                    && text[tokens[i].range()].chars().next().is_some_and(char::is_uppercase))
                .collect();
            prop_assert_eq!(candidates.numeric, numeric);
            prop_assert_eq!(candidates.capitals, capitals);
            prop_assert_eq!(holds.quotes, super::super::phrases::may_quote(text.as_bytes()));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Each word carries the class of its text: all of it for a
        /// capitalized word, the flags numbers and negations read for any
        /// other; and the text holds the union of them.
        #[test]
        fn words_carry_their_class(text in "([a-zA-Z0-9'’.,:;é -]|ten|Ten|TEN|not|isn't|isn’t|The|a|An|May|I)*") {
            let mut tokens = Vec::new();
            let holds = lex(&text, &mut tokens);
            let mut union = Class::NONE;
            for token in &tokens {
                let Kind::Word { dotted, class } = token.kind else { continue };
                let word = &text[token.range()];
                let expected = if dotted {
                    Class::NONE
                } else if word.chars().next().is_some_and(char::is_uppercase) {
                    classify(word)
                } else {
                    classify(word).intersection(LOWER_FLAGS)
                };
                prop_assert_eq!(class, expected, "{} in {}", word, text);
                union = union.union(class);
            }
            prop_assert_eq!(holds.classes, union);
        }
    }

    /// Tokens as written, with their kind (word classes left out).
    fn tokens(text: &str) -> Vec<(&str, Kind)> {
        let mut out = Vec::new();
        lex(text, &mut out);
        out.iter()
            .map(|t| {
                let kind = match t.kind {
                    Kind::Word { dotted, .. } => Kind::Word {
                        dotted,
                        class: Class::NONE,
                    },
                    kind => kind,
                };
                (&text[t.range()], kind)
            })
            .collect()
    }

    #[test]
    fn words_keep_apostrophes_and_split_at_hyphens() {
        let word = Kind::Word {
            dotted: false,
            class: Class::NONE,
        };
        assert_eq!(
            tokens("Russia’s Soviet-Afghan isn’t soldiers’"),
            [
                ("Russia’s", word),
                ("Soviet", word),
                ("-", Kind::Mark('-')),
                ("Afghan", word),
                ("isn’t", word),
                ("soldiers", word),
                ("’", Kind::Mark('\'')),
            ]
        );
        // A non-breaking hyphen is a hyphen; a soft hyphen is not there.
        assert_eq!(tokens("Soviet\u{2011}Afghan").len(), 3);
        assert_eq!(tokens("Af\u{ad}ghan").len(), 1);
    }

    #[test]
    fn dotted_acronyms_are_one_word() {
        let dotted = Kind::Word {
            dotted: true,
            class: Class::NONE,
        };
        assert_eq!(
            tokens("the U.S. withdrawal, U.S.S.R"),
            [
                (
                    "the",
                    Kind::Word {
                        dotted: false,
                        class: Class::NONE
                    }
                ),
                ("U.S", dotted),
                (".", Kind::Mark('.')),
                (
                    "withdrawal",
                    Kind::Word {
                        dotted: false,
                        class: Class::NONE
                    }
                ),
                (",", Kind::Mark(',')),
                ("U.S.S.R", dotted),
            ]
        );
        assert_eq!(tokens("George W. Bush").len(), 4);
        assert_eq!(tokens("e.g.").len(), 4);
    }

    #[test]
    fn numbers_carry_their_suffix() {
        assert_eq!(
            tokens("21st 15,000"),
            [
                ("21st", Kind::Number { digits_end: 2 }),
                ("15", Kind::Number { digits_end: 7 }),
                (",", Kind::Mark(',')),
                ("000", Kind::Number { digits_end: 11 }),
            ]
        );
    }

    #[test]
    fn digits_of_every_script() {
        assert_eq!(digit_value('7'), Some(7));
        assert_eq!(digit_value('٣'), Some(3));
        assert_eq!(digit_value('۸'), Some(8));
        assert_eq!(digit_value('३'), Some(3));
        assert_eq!(digit_value('３'), Some(3));
        assert_eq!(digit_value('a'), None);
        assert_eq!(digit_value('²'), None, "a superscript is not a digit");
        assert_eq!(digit_value('½'), None);
        // Every run of the table is ten chars Rust also calls numeric.
        for zero in DIGIT_ZEROS {
            for n in 0..10 {
                let c = char::from_u32(zero + n).expect("a char");
                assert!(c.is_numeric(), "{c:?}");
                assert_eq!(digit_value(c), Some(n), "{c:?}");
            }
        }
    }
}
