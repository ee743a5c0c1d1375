//! Numbers, compared by value (CONTRACT §4 rule 5): digits of any script
//! with `,` thousands separators and `.` decimals, ranges, scale words,
//! number words and ordinals, percentages.
//!
//! A value is exact (a decimal mantissa and a power of ten), so
//! `4,500,000`, `4.5 million` and `four million five hundred thousand` are
//! one value, and `15,000` never equals `15,001`.

use std::fmt::{self, Write};
use std::ops::Range;

use super::lexer::{Class, Kind, Token, digit_value, lower_ascii};
use super::names;

/// An exact decimal value: `mantissa × 10^exp`, with no trailing zero in
/// the mantissa (so equal values are equal structs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Value {
    mantissa: u128,
    exp: i32,
}

impl Value {
    fn new(mut mantissa: u128, mut exp: i32) -> Value {
        if mantissa == 0 {
            return Value { mantissa, exp: 0 };
        }
        while mantissa % 10 == 0 {
            mantissa /= 10;
            exp = exp.saturating_add(1);
        }
        Value { mantissa, exp }
    }

    fn integer(n: u128) -> Value {
        Value::new(n, 0)
    }

    fn scaled(self, powers_of_ten: i32) -> Value {
        Value::new(self.mantissa, self.exp.saturating_add(powers_of_ten))
    }

    /// `self × n`; on overflow (a mantissa past 38 digits) the value is
    /// kept as it was: such numbers are not written in articles, and a
    /// number never panics the check.
    fn times(self, n: u128) -> Value {
        match self.mantissa.checked_mul(n) {
            Some(mantissa) => Value::new(mantissa, self.exp),
            None => self,
        }
    }

    /// The value as an integer, when it is one and fits.
    fn as_integer(self) -> Option<u128> {
        let exp = u32::try_from(self.exp).ok()?;
        10u128.checked_pow(exp)?.checked_mul(self.mantissa)
    }
}

impl fmt::Display for Value {
    /// Plain decimal digits: `15000`, `4.5`, `0.05`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.mantissa.to_string();
        match usize::try_from(-i64::from(self.exp)) {
            Err(_) | Ok(0) => {
                f.write_str(&digits)?;
                (0..self.exp).try_for_each(|_| f.write_char('0'))
            }
            Ok(decimals) if decimals < digits.len() => {
                let (int, frac) = digits.split_at(digits.len() - decimals);
                write!(f, "{int}.{frac}")
            }
            Ok(decimals) => {
                f.write_str("0.")?;
                (digits.len()..decimals).try_for_each(|_| f.write_char('0'))?;
                f.write_str(&digits)
            }
        }
    }
}

/// How a value is stated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Form {
    /// `149`, `1 million`, `ten`.
    Plain,
    /// `88%`, `88 percent`, `eighty-eight per cent`.
    Percent,
    /// `25th`, `twenty-fifth`.
    Ordinal,
    /// `1980s`, `1980’s`.
    Decade,
}

/// A number of a claim or of a quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Number {
    Value {
        value: Value,
        form: Form,
    },
    /// Numbers joined by `/` or `:` (`9/11`, `24/7`, `3:30`): a date, a
    /// time or a name rather than figures; compared as a whole, in
    /// canonical digits.
    Compound(Box<str>),
}

impl Number {
    /// Whether `quoted`, a number of an evidence quote, states this number
    /// of a claim. A plain figure is backed by the same value in any form
    /// but a decade (`25` by `25th`, `88` by `88 percent`); a percentage
    /// only by a percentage, an ordinal only by an ordinal; a decade by the
    /// decade or by a year in it (`1980s` by `1986`).
    pub fn backed_by(&self, quoted: &Number) -> bool {
        let (
            Number::Value { value, form },
            Number::Value {
                value: q,
                form: quoted_form,
            },
        ) = (self, quoted)
        else {
            return self == quoted;
        };
        match (form, quoted_form) {
            (Form::Decade, Form::Decade) => decade_of(*q).is_some_and(|d| same_decade(*value, d)),
            (Form::Decade, Form::Plain) => decade_of(*q).is_some_and(|d| same_decade(*value, d)),
            (Form::Decade, _) | (_, Form::Decade) => false,
            (Form::Plain, _) => value == q,
            (form, quoted_form) => form == quoted_form && value == q,
        }
    }
}

/// The decade (`1986` → 1980) of an integer value.
fn decade_of(value: Value) -> Option<u128> {
    value.as_integer().map(|n| n - n % 10)
}

/// Whether a value is a whole number of tens (`1980`, not `1986` or `4.5`).
fn is_round(value: Value) -> bool {
    value.as_integer().is_some_and(|n| n % 10 == 0)
}

/// A claim's decade against a quote's: `90s` is any century's nineties.
fn same_decade(claimed: Value, quoted: u128) -> bool {
    match claimed.as_integer() {
        Some(d) if d < 100 => quoted % 100 == d,
        Some(d) => quoted == d,
        None => false,
    }
}

/// How a number is written, for a quick look for it as written: a claim's
/// number that is `Digits` (`15,000`, `25th`, `9/11`) or one number `Word`
/// (`ten`, `first`) is backed by the same text in a quote, standing alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Written {
    Digits,
    Word,
    /// Digits with a scale word or a percent sign or word: `185 million`,
    /// `81 percent`, `88%`.
    Scaled,
    /// In words of more than one (`one hundred and forty-nine`), or a year
    /// written short (`1979-89`).
    Other,
}

/// Which text the numbers are read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    /// The claim: `one` as a pronoun (`one of`, `no one`) and a sentence
    /// opening `First,` are not figures.
    Claim,
    /// An evidence quote: every figure counts, and a figure written with a
    /// scale word backs its bare figure too (`1 million` backs `1`).
    Quote,
}

/// Every number of `text` (lexed into `tokens`), in order, with its byte
/// range; tokens for which `skip` holds (inside quoted phrases) are not read.
pub(super) fn scan(
    text: &str,
    tokens: &[Token],
    side: Side,
    skip: impl Fn(&Token) -> bool,
    found: impl FnMut(Range<usize>, Number, Written),
) {
    scan_from(text, tokens, 0..tokens.len(), side, skip, found);
}

/// [`scan`], starting only at the tokens of `starts` (in order): every
/// number and every word of class `NUMBER` or `ARTICLE` must be among
/// them (`lexer::Candidates::numeric`), since any other token read alone
/// is passed over.
pub(super) fn scan_from(
    text: &str,
    tokens: &[Token],
    starts: impl IntoIterator<Item = usize>,
    side: Side,
    skip: impl Fn(&Token) -> bool,
    mut found: impl FnMut(Range<usize>, Number, Written),
) {
    let mut reader = Reader {
        text,
        tokens,
        side,
        found: &mut found,
    };
    // The next token not yet read.
    let mut i = 0;
    for start in starts {
        if start < i {
            continue;
        }
        i = start;
        let Some(token) = tokens.get(i) else {
            break;
        };
        i = if skip(token) {
            i + 1
        } else {
            match token.kind {
                Kind::Number { .. } => reader.digits(i),
                Kind::Word { class, .. }
                    if class.has(Class::NUMBER) || class.has(Class::ARTICLE) =>
                {
                    reader.words(i)
                }
                Kind::Word { .. } => i + 1,
                Kind::Mark(_) => i + 1,
            }
        };
    }
}

struct Reader<'a, F> {
    text: &'a str,
    tokens: &'a [Token],
    side: Side,
    found: &'a mut F,
}

/// Thousands separators and decimal points: ASCII, Arabic, fullwidth.
fn is_group_separator(c: char) -> bool {
    matches!(c, ',' | '\u{66c}' | '\u{ff0c}')
}

fn is_decimal_point(c: char) -> bool {
    matches!(c, '.' | '\u{66b}' | '\u{ff0e}')
}

/// The digits of a number token and whether letters follow them.
fn digits_of<'t>(text: &'t str, token: &Token) -> Option<(&'t str, bool)> {
    match token.kind {
        Kind::Number { digits_end } => {
            Some((&text[token.start..digits_end], digits_end < token.end))
        }
        _ => None,
    }
}

/// 10^0 to 10^19.
const POWERS_OF_TEN: [u128; 20] = {
    let mut powers = [1u128; 20];
    let mut i = 1;
    while i < 20 {
        powers[i] = powers[i - 1] * 10;
        i += 1;
    }
    powers
};

/// How many digits a number token's `digits` has: its length in bytes
/// when they are ASCII, as most are.
fn digit_count(digits: &str) -> usize {
    if digits.is_ascii() {
        digits.len()
    } else {
        digits.chars().count()
    }
}

/// Decimal digits into an exact value, dropping digits past what a u128
/// holds (38 of them) rather than overflowing.
#[derive(Default)]
struct Digits {
    mantissa: u128,
    exp: i32,
}

impl Digits {
    fn push(&mut self, digits: &str, fraction: bool) {
        // ASCII digits, as most are, without decoding a char: read as one
        // u64 and added at once where the mantissa cannot overflow (below
        // 10^19, times at most 10^18, plus less than that, is below 10^38).
        if digits.is_ascii() {
            let len = digits.len();
            if len <= 18
                && self.mantissa < POWERS_OF_TEN[19]
                && digits.bytes().all(|b| b.is_ascii_digit())
            {
                let read = digits
                    .bytes()
                    .fold(0u64, |n, b| n * 10 + u64::from(b - b'0'));
                self.mantissa = self.mantissa * POWERS_OF_TEN[len] + u128::from(read);
                if fraction {
                    self.exp -= len as i32;
                }
                return;
            }
            for b in digits.bytes().filter(u8::is_ascii_digit) {
                self.push_digit(u32::from(b - b'0'), fraction);
            }
        } else {
            for d in digits.chars().filter_map(digit_value) {
                self.push_digit(d, fraction);
            }
        }
    }

    fn push_digit(&mut self, d: u32, fraction: bool) {
        match self
            .mantissa
            .checked_mul(10)
            .and_then(|m| m.checked_add(u128::from(d)))
        {
            Some(m) => {
                self.mantissa = m;
                if fraction {
                    self.exp -= 1;
                }
            }
            None if !fraction => self.exp = self.exp.saturating_add(1),
            None => {}
        }
    }

    fn value(&self) -> Value {
        Value::new(self.mantissa, self.exp)
    }
}

fn scale_word(word: &str) -> Option<i32> {
    Some(match word {
        "hundred" => 2,
        "thousand" => 3,
        "million" => 6,
        "billion" => 9,
        "trillion" => 12,
        _ => return None,
    })
}

/// `zero` … `nineteen`, and the tens.
fn small_number_word(word: &str) -> Option<(u128, bool)> {
    const UNITS: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    if let Some(n) = UNITS.iter().position(|&w| w == word) {
        return Some((n as u128, false));
    }
    TENS.iter()
        .position(|&w| w == word)
        .map(|n| (20 + 10 * n as u128, true))
}

/// An ordinal word: its value, or the power of ten of a scale ordinal.
enum Ordinal {
    Small(u128),
    Scale(i32),
}

fn ordinal_word(word: &str) -> Option<Ordinal> {
    const UNITS: [&str; 20] = [
        "zeroth",
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
    ];
    const TENS: [&str; 8] = [
        "twentieth",
        "thirtieth",
        "fortieth",
        "fiftieth",
        "sixtieth",
        "seventieth",
        "eightieth",
        "ninetieth",
    ];
    if let Some(n) = UNITS.iter().position(|&w| w == word) {
        return Some(Ordinal::Small(n as u128));
    }
    if let Some(n) = TENS.iter().position(|&w| w == word) {
        return Some(Ordinal::Small(20 + 10 * n as u128));
    }
    Some(Ordinal::Scale(match word {
        "hundredth" => 2,
        "thousandth" => 3,
        "millionth" => 6,
        "billionth" => 9,
        _ => return None,
    }))
}

/// Whether `word` (lower case) is read as part of a number, never as a name.
#[cfg(test)]
pub(super) fn is_number_word(word: &str) -> bool {
    small_number_word(word).is_some()
        || ordinal_word(word).is_some()
        || scale_word(word).is_some()
        || word == "dozen"
}

impl<F: FnMut(Range<usize>, Number, Written)> Reader<'_, F> {
    fn token(&self, i: usize) -> Option<&Token> {
        self.tokens.get(i)
    }

    /// Whether tokens `i` and `i + 1` touch (no space between).
    fn touching(&self, i: usize) -> bool {
        matches!((self.token(i), self.token(i + 1)), (Some(a), Some(b)) if a.end == b.start)
    }

    /// Token `i` is mark `c`, touching the tokens on both sides.
    fn joining_mark(&self, i: usize, c: impl Fn(char) -> bool) -> bool {
        matches!(self.token(i).map(|t| t.kind), Some(Kind::Mark(m)) if c(m))
            && i.checked_sub(1).is_some_and(|before| self.touching(before))
            && self.touching(i)
    }

    /// Token `i` is a number word (`ten`, `million`, `dozen`), by the class
    /// the lexer gave it: a word of any other class need not be lowered.
    fn is_number_word(&self, i: usize) -> bool {
        self.token(i).is_some_and(|t| t.class().has(Class::NUMBER))
    }

    fn lower<'b>(&self, i: usize, buf: &'b mut [u8; 24]) -> Option<&'b str> {
        let token = self.token(i).filter(|t| t.is_word())?;
        lower_ascii(&self.text[token.range()], buf)
    }

    fn emit(&mut self, span: Range<usize>, value: Value, form: Form, written: Written) {
        (self.found)(span, Number::Value { value, form }, written);
    }

    /// A number written in digits at token `i`; returns the next token to read.
    fn digits(&mut self, i: usize) -> usize {
        let Some((first, mut suffixed)) = self.token(i).and_then(|t| digits_of(self.text, t))
        else {
            return i + 1;
        };
        let mut digits = Digits::default();
        digits.push(first, false);
        let mut last = i;
        let mut plain_integer = !suffixed;
        // Thousands groups: a separator, then exactly three digits.
        if !suffixed && digit_count(first) <= 3 {
            while self.joining_mark(last + 1, is_group_separator) {
                let Some((group, group_suffixed)) =
                    self.token(last + 2).and_then(|t| digits_of(self.text, t))
                else {
                    break;
                };
                if digit_count(group) != 3 {
                    break;
                }
                digits.push(group, false);
                last += 2;
                plain_integer = false;
                suffixed = group_suffixed;
                if suffixed {
                    break;
                }
            }
        }
        let mut fraction = false;
        if !suffixed
            && self.joining_mark(last + 1, is_decimal_point)
            && let Some((decimals, decimals_suffixed)) =
                self.token(last + 2).and_then(|t| digits_of(self.text, t))
        {
            digits.push(decimals, true);
            last += 2;
            fraction = true;
            plain_integer = false;
            suffixed = decimals_suffixed;
        }
        // `9/11`, `24/7`, `3:30`: one compound, compared as written.
        if !suffixed && self.joining_mark(last + 1, |c| c == '/' || c == ':') {
            return self.compound(i, last, digits.value());
        }
        let mut value = digits.value();
        let mut form = Form::Plain;
        if suffixed {
            let token = &self.tokens[last];
            if let Kind::Number { digits_end } = token.kind {
                let mut buf = [0; 24];
                match lower_ascii(&self.text[digits_end..token.end], &mut buf) {
                    Some("st" | "nd" | "rd" | "th") if !fraction => form = Form::Ordinal,
                    Some("s") if is_round(value) => form = Form::Decade,
                    _ => {}
                }
            }
        } else if self.joining_mark(last + 1, |c| c == '\'')
            && self.lower(last + 2, &mut [0; 24]) == Some("s")
            && is_round(value)
        {
            // `1980’s`.
            form = Form::Decade;
            last += 2;
        }
        let bare = value;
        let mut scaled = false;
        if form == Form::Plain {
            // Scale words are number words: a word of another class (most
            // words after a number) is not lowered to be told so.
            while self.is_number_word(last + 1) {
                let mut buf = [0; 24];
                let Some(word) = self.lower(last + 1, &mut buf) else {
                    break;
                };
                if let Some(exp) = scale_word(word) {
                    value = value.scaled(exp);
                } else if word == "dozen" {
                    value = value.times(12);
                } else {
                    break;
                }
                scaled = true;
                last += 1;
            }
            if let Some(end) = self.percent(last) {
                form = Form::Percent;
                last = end;
            }
        }
        let span = self.tokens[i].start..self.tokens[last].end;
        if form == Form::Ordinal && self.next_to_month(i, last) {
            // `July 3rd`, `3rd of July`: a day, as `July 3` writes it. A
            // quote states the ordinal too, for a claim that copies it.
            if self.side == Side::Quote {
                self.emit(span.clone(), value, form, Written::Other);
            }
            form = Form::Plain;
        }
        let written = if scaled || form == Form::Percent {
            Written::Scaled
        } else {
            Written::Digits
        };
        self.emit(span, value, form, written);
        if self.side == Side::Quote && scaled {
            self.emit(self.tokens[i].range(), bare, Form::Plain, Written::Other);
        }
        // `1979-89`: a range's second year written with two digits.
        if plain_integer
            && !scaled
            && form == Form::Plain
            && digit_count(first) == 4
            && self.joining_mark(last + 1, |c| c == '-')
            && let Some(end) = self.token(last + 2)
            && let Some((two, false)) = digits_of(self.text, end)
            && digit_count(two) == 2
            && !self.joining_mark(last + 3, |c| is_group_separator(c) || is_decimal_point(c))
            && let Some(start) = value.as_integer()
        {
            let mut short = Digits::default();
            short.push(two, false);
            let mut year = start - start % 100 + short.value().as_integer().unwrap_or(0);
            if year < start {
                year += 100;
            }
            self.emit(
                end.range(),
                Value::integer(year),
                Form::Plain,
                Written::Other,
            );
            return last + 3;
        }
        last + 1
    }

    /// Numbers joined by `/` or `:` from token `i`, whose first part ends
    /// at token `last` with value `first`.
    fn compound(&mut self, i: usize, mut last: usize, first: Value) -> usize {
        let mut canonical = first.to_string();
        while let Some(Kind::Mark(separator)) = self.token(last + 1).map(|t| t.kind)
            && matches!(separator, '/' | ':')
            && self.touching(last)
            && self.touching(last + 1)
            && let Some((part, _)) = self.token(last + 2).and_then(|t| digits_of(self.text, t))
        {
            let mut digits = Digits::default();
            digits.push(part, false);
            canonical.push(separator);
            let _ = write!(canonical, "{}", digits.value());
            last += 2;
        }
        let span = self.tokens[i].start..self.tokens[last].end;
        (self.found)(
            span,
            Number::Compound(canonical.into_boxed_str()),
            Written::Digits,
        );
        last + 1
    }

    /// Where a percent sign or word after token `last` ends, if one follows.
    fn percent(&self, last: usize) -> Option<usize> {
        let next = self.token(last + 1)?;
        if let Kind::Mark('%' | '\u{ff05}' | '\u{66a}') = next.kind {
            return Some(last + 1);
        }
        // Every percent word opens with `p`: no other word is lowered.
        if !matches!(self.text.as_bytes().get(next.start), Some(b'p' | b'P')) {
            return None;
        }
        let mut buf = [0; 24];
        match self.lower(last + 1, &mut buf)? {
            "percent" | "pct" => Some(last + 1),
            "per" if self.lower(last + 2, &mut [0; 24]) == Some("cent") => Some(last + 2),
            "percentage" => match self.lower(last + 2, &mut [0; 24]) {
                Some("point" | "points") => Some(last + 2),
                _ => Some(last + 1),
            },
            _ => None,
        }
    }

    /// Whether the number of tokens `first..=last` is next to a month:
    /// `July 3rd`, `3rd July`, `3rd of July`.
    fn next_to_month(&self, first: usize, last: usize) -> bool {
        let is_month = |i: usize| {
            self.token(i)
                .filter(|t| t.is_word())
                .is_some_and(|t| names::month(&self.text[t.range()]).is_some())
        };
        (first > 0 && is_month(first - 1))
            || is_month(last + 1)
            || (self.lower(last + 1, &mut [0; 24]) == Some("of") && is_month(last + 2))
    }

    /// A number written in words from token `i` (`eighty-eight`, `a
    /// million`, `one hundred and forty-nine`, `twenty-fifth`); returns the
    /// next token to read.
    fn words(&mut self, i: usize) -> usize {
        // An article opens a number only before a number word (`a
        // million`): before any other word, nothing is lowered.
        if self.token(i).is_some_and(|t| t.class().has(Class::ARTICLE))
            && !self.is_number_word(i + 1)
        {
            return i + 1;
        }
        let mut buf = [0; 24];
        let Some(first) = self.lower(i, &mut buf) else {
            return i + 1;
        };
        let mut j = i;
        let mut total: u128 = 0;
        let mut current: u128 = 0;
        let mut any = false;
        // The last word read was a unit or ten (`twenty`) not yet scaled.
        let mut small: Option<bool> = None;
        let mut scaled = false;
        let mut after_scale = false;
        let mut ordinal = false;
        let mut last = i;
        let mut parts = Parts::default();
        if matches!(first, "a" | "an") {
            // `a million`, `a dozen`: one of them.
            match self.lower(i + 1, &mut [0; 24]) {
                Some(w) if scale_word(w).is_some() || w == "dozen" => {
                    current = 1;
                    any = true;
                    j = i + 1;
                }
                _ => return i + 1,
            }
        }
        loop {
            let mut buf = [0; 24];
            let Some(word) = self.lower(j, &mut buf) else {
                break;
            };
            if let Some((n, tens)) = small_number_word(word) {
                match small {
                    // `twenty-one`, `twenty one`.
                    Some(true) if n < 10 && current % 10 == 0 && n > 0 => current += n,
                    Some(_) => break,
                    None => current += n,
                }
                small = Some(tens && current % 10 == 0);
                any = true;
                after_scale = false;
            } else if let Some(exp) = scale_word(word).filter(|_| any) {
                parts.push(current.max(1));
                let base = current.max(1);
                if exp == 2 {
                    current = base.saturating_mul(100);
                } else {
                    let Some(power) = 10u128.checked_pow(exp as u32) else {
                        break;
                    };
                    total = total.saturating_add(base.saturating_mul(power));
                    current = 0;
                }
                small = None;
                scaled = true;
                after_scale = true;
            } else if word == "dozen" && any {
                parts.push(current.max(1));
                current = current.max(1).saturating_mul(12);
                small = None;
                scaled = true;
                after_scale = false;
            } else if let Some(o) = ordinal_word(word) {
                match (o, small) {
                    (Ordinal::Small(n), Some(true)) if n < 10 && n > 0 => current += n,
                    (Ordinal::Small(_), Some(_)) => break,
                    (Ordinal::Small(n), None) => current += n,
                    (Ordinal::Scale(_), _) if !any => break,
                    (Ordinal::Scale(exp), _) => {
                        let Some(power) = 10u128.checked_pow(exp as u32) else {
                            break;
                        };
                        current = current.max(1).saturating_mul(power);
                    }
                }
                any = true;
                ordinal = true;
                last = j;
                break;
            } else if word == "and" && after_scale && self.starts_small(j + 1) {
                j += 1;
                continue;
            } else {
                break;
            }
            last = j;
            // The group goes on over a hyphen or a space, not other marks.
            if self.joining_mark(j + 1, |c| c == '-')
                && self.token(j + 2).is_some_and(Token::is_word)
            {
                j += 2;
            } else if self.token(j + 1).is_some_and(Token::is_word) {
                j += 1;
            } else {
                break;
            }
        }
        if !any {
            return i + 1;
        }
        let value = Value::integer(total.saturating_add(current));
        if self.side == Side::Claim && !scaled && !ordinal && last == i && self.pronoun_one(i) {
            return i + 1;
        }
        if self.side == Side::Claim && ordinal && last == i && self.discourse_ordinal(i) {
            return i + 1;
        }
        let mut form = if ordinal { Form::Ordinal } else { Form::Plain };
        if ordinal && self.next_to_month(i, last) {
            if self.side == Side::Quote {
                let span = self.tokens[i].start..self.tokens[last].end;
                self.emit(span, value, form, Written::Other);
            }
            form = Form::Plain;
        }
        if !ordinal && let Some(end) = self.percent(last) {
            form = Form::Percent;
            last = end;
        }
        let written = if last == i && !scaled && form != Form::Percent {
            Written::Word
        } else {
            Written::Other
        };
        let span = self.tokens[i].start..self.tokens[last].end;
        self.emit(span.clone(), value, form, written);
        if self.side == Side::Quote {
            for part in parts.iter() {
                self.emit(
                    span.clone(),
                    Value::integer(part),
                    Form::Plain,
                    Written::Other,
                );
            }
        }
        last + 1
    }

    /// Whether token `i` opens a number in words that can follow `and`.
    fn starts_small(&self, i: usize) -> bool {
        let mut buf = [0; 24];
        self.lower(i, &mut buf).is_some_and(|w| {
            small_number_word(w).is_some() || matches!(ordinal_word(w), Some(Ordinal::Small(_)))
        })
    }

    /// `one` as a pronoun, not a figure: `one of`, `one another`, `no
    /// one`, `the one`, `which one`.
    fn pronoun_one(&self, i: usize) -> bool {
        let mut buf = [0; 24];
        if self.lower(i, &mut buf) != Some("one") {
            return false;
        }
        if matches!(self.lower(i + 1, &mut [0; 24]), Some("of" | "another")) {
            return true;
        }
        i > 0
            && matches!(
                self.lower(i - 1, &mut [0; 24]),
                Some(
                    "no" | "any"
                        | "every"
                        | "each"
                        | "some"
                        | "the"
                        | "this"
                        | "that"
                        | "which"
                        | "such"
                )
            )
    }

    /// `First,` `Second,` opening a sentence: a way to count arguments,
    /// not a rank.
    fn discourse_ordinal(&self, i: usize) -> bool {
        let starts_upper = self.text[self.tokens[i].range()]
            .chars()
            .next()
            .is_some_and(char::is_uppercase);
        starts_upper && self.token(i + 1).is_some_and(|t| t.is_mark(','))
    }
}

/// The multipliers of a number in words (`one` in `one hundred`), which
/// a quote's number backs as bare figures too.
#[derive(Default)]
struct Parts {
    values: [u128; 6],
    len: usize,
}

impl Parts {
    fn push(&mut self, value: u128) {
        if let Some(slot) = self.values.get_mut(self.len) {
            *slot = value;
            self.len += 1;
        }
    }

    fn iter(&self) -> impl Iterator<Item = u128> + '_ {
        self.values[..self.len].iter().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::super::lexer::lex;
    use super::*;

    fn read(text: &str, side: Side) -> Vec<(String, String)> {
        let mut tokens = Vec::new();
        lex(text, &mut tokens);
        let mut out = Vec::new();
        scan(
            text,
            &tokens,
            side,
            |_| false,
            |span, number, _| {
                let value = match number {
                    Number::Value { value, form } => match form {
                        Form::Plain => value.to_string(),
                        Form::Percent => format!("{value}%"),
                        Form::Ordinal => format!("{value}th"),
                        Form::Decade => format!("{value}s"),
                    },
                    Number::Compound(c) => format!("[{c}]"),
                };
                out.push((text[span].to_owned(), value));
            },
        );
        out
    }

    fn values(text: &str) -> Vec<String> {
        read(text, Side::Claim)
            .into_iter()
            .map(|(_, v)| v)
            .collect()
    }

    proptest::proptest! {
        /// Digits read at once as a u64 give the value read digit by
        /// digit, whatever the mantissa already holds (up to the 38
        /// digits a u128 keeps, and past them).
        #[test]
        fn digits_read_at_once_are_read_digit_by_digit(
            before in "[0-9]{0,40}",
            digits in "[0-9]{1,25}",
            fraction: bool,
        ) {
            let mut at_once = Digits::default();
            at_once.push(&before, false);
            let mut by_digit = Digits { mantissa: at_once.mantissa, exp: at_once.exp };
            at_once.push(&digits, fraction);
            for b in digits.bytes() {
                by_digit.push_digit(u32::from(b - b'0'), fraction);
            }
            proptest::prop_assert_eq!(
                (at_once.mantissa, at_once.exp),
                (by_digit.mantissa, by_digit.exp)
            );
        }
    }

    /// An article or a number before a word of another class reads as
    /// without the quick refusals: `a` then a scale word is one, `a` then
    /// any other word no number, a number then a scale word scaled.
    #[test]
    fn articles_and_scales_next_to_other_words() {
        assert_eq!(values("a million people"), ["1000000"]);
        assert_eq!(values("A Million people"), ["1000000"]);
        assert_eq!(values("a Dozen eggs"), ["12"]);
        assert!(values("a major city").is_empty());
        assert!(values("an hour").is_empty(), "{:?}", values("an hour"));
        assert_eq!(values("an eleven-day siege"), ["11"]);
        assert_eq!(values("3 Million and 4 people"), ["3000000", "4"]);
        assert_eq!(values("3 millionaires"), ["3"]);
        assert_eq!(
            values("5 pct, 6 Percent, 7 per cent, 8 pears"),
            ["5%", "6%", "7%", "8"]
        );
    }

    #[test]
    fn digits_by_value() {
        assert_eq!(values("15,000 people"), ["15000"]);
        assert_eq!(values("15000."), ["15000"]);
        assert_eq!(values("In 1991, 88 percent"), ["1991", "88%"]);
        assert_eq!(values("3.50 and 007"), ["3.5", "7"]);
        assert_eq!(values("1,2345 and 1,234,567.0"), ["1", "2345", "1234567"]);
        assert_eq!(values("2019,000 and 0.05"), ["2019", "0", "0.05"]);
        assert_eq!(values("a sign is not read: -5"), ["5"]);
    }

    #[test]
    fn digits_of_other_scripts() {
        assert_eq!(values("٣٨ و ３８ and १५"), ["38", "38", "15"]);
        assert_eq!(values("١٥٬٠٠٠ and ٣٫٥"), ["15000", "3.5"]);
        assert_eq!(values("３８，０００人"), ["38000"]);
        assert_eq!(values("٨٨٪"), ["88%"]);
    }

    #[test]
    fn ranges_are_two_numbers() {
        assert_eq!(values("the 1979-1989 war"), ["1979", "1989"]);
        assert_eq!(values("the 1979–1989 war"), ["1979", "1989"]);
        assert_eq!(
            read("in 1979-89 and 1999-01", Side::Claim),
            [
                ("1979".into(), "1979".into()),
                ("89".into(), "1989".into()),
                ("1999".into(), "1999".into()),
                ("01".into(), "2001".into())
            ]
        );
        assert_eq!(values("pages 10-12"), ["10", "12"]);
    }

    #[test]
    fn scale_words_multiply() {
        assert_eq!(values("around 1 million Afghan civilians"), ["1000000"]);
        assert_eq!(values("4,500,000 = 4.5 million"), ["4500000", "4500000"]);
        assert_eq!(values("15 thousand soldiers"), ["15000"]);
        assert_eq!(values("1.2 billion and two dozen"), ["1200000000", "24"]);
        assert_eq!(
            values("a million, a dozen, a hundred"),
            ["1000000", "12", "100"]
        );
        // Vague amounts are not figures.
        assert_eq!(
            values("millions, thousands, dozens, hundreds of people"),
            Vec::<String>::new()
        );
        assert_eq!(values("a few hundred"), Vec::<String>::new());
    }

    #[test]
    fn number_words() {
        assert_eq!(values("eighty-eight percent"), ["88%"]);
        assert_eq!(values("eighty-eight per cent and 88%"), ["88%", "88%"]);
        assert_eq!(values("ten years, Thirty years"), ["10", "30"]);
        assert_eq!(values("one hundred and forty-nine people"), ["149"]);
        assert_eq!(values("four million five hundred thousand"), ["4500000"]);
        assert_eq!(values("twenty one"), ["21"]);
        // Two numbers, not one: `nineteen eighty-nine` is not read as a year.
        assert_eq!(values("nineteen eighty-nine"), ["19", "89"]);
        assert_eq!(values("Eighty\u{2011}eight"), ["88"]);
    }

    #[test]
    fn ordinals() {
        assert_eq!(values("the 25th anniversary"), ["25th"]);
        assert_eq!(values("the twenty-fifth anniversary"), ["25th"]);
        assert_eq!(
            values("the first country, the 21st century"),
            ["1th", "21th"]
        );
        assert_eq!(values("the one hundredth day"), ["100th"]);
        // A day of a month is the day, however written.
        assert_eq!(
            values("on July 3rd, on the 3rd of July, on 3 July"),
            ["3", "3", "3"]
        );
        // `First,` opening a sentence counts arguments.
        assert_eq!(values("First, Russia acted."), Vec::<String>::new());
        assert_eq!(values("Russia was first."), ["1th"]);
    }

    #[test]
    fn decades_and_compounds() {
        assert_eq!(
            values("the 2010s and 1980’s and F-16s"),
            ["2010s", "1980s", "16"]
        );
        assert_eq!(
            values("after 9/11, at 3:30, 24/7"),
            ["[9/11]", "[3:30]", "[24/7]"]
        );
    }

    #[test]
    fn one_as_a_pronoun_is_not_a_figure() {
        assert_eq!(
            values("one of few countries; no one; one another"),
            Vec::<String>::new()
        );
        assert_eq!(values("one Duma member; number one friends"), ["1", "1"]);
        // A quote states every figure it writes.
        assert_eq!(read("one of few", Side::Quote).len(), 1);
    }

    #[test]
    fn a_quote_backs_the_bare_figure_of_a_scaled_one() {
        assert_eq!(
            read("1 million and one hundred and forty-nine", Side::Quote)
                .into_iter()
                .map(|(_, v)| v)
                .collect::<Vec<_>>(),
            ["1000000", "1", "149", "1"]
        );
    }

    #[test]
    fn backing_by_form() {
        let value = |n: u128, form| Number::Value {
            value: Value::integer(n),
            form,
        };
        use Form::*;
        assert!(value(25, Plain).backed_by(&value(25, Ordinal)));
        assert!(!value(25, Ordinal).backed_by(&value(25, Plain)));
        assert!(value(88, Plain).backed_by(&value(88, Percent)));
        assert!(!value(88, Percent).backed_by(&value(88, Plain)));
        assert!(value(1980, Decade).backed_by(&value(1986, Plain)));
        assert!(value(1980, Decade).backed_by(&value(1980, Decade)));
        assert!(!value(1980, Decade).backed_by(&value(1990, Plain)));
        assert!(!value(1980, Plain).backed_by(&value(1980, Decade)));
        assert!(value(90, Decade).backed_by(&value(1990, Decade)));
    }

    #[test]
    fn huge_numbers_do_not_panic() {
        let long = "9".repeat(200);
        assert_eq!(values(&long).len(), 1);
        assert_eq!(values(&format!("{long} trillion trillion")).len(), 1);
        assert_eq!(values(&format!("0.{long}")).len(), 1);
    }
}
