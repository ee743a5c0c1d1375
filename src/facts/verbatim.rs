//! Quick looks for a fact written the same way in a quote or paragraph.
//!
//! Most facts of a claim are copied as written: `Putin`, `1989`, `not`.
//! Found as whole words (by a vectorized substring search), they are backed
//! without lexing the text; each look accepts only what the full reading of
//! the text would back, and anything else is left to that reading. The fact
//! check runs for every claim of an archive: this keeps it near the cost of
//! one substring search per fact.

use memchr::memchr_iter;

use super::lexer::{continues_word, digit_value, is_apostrophe};
use super::vocab::{Class, classify};

/// The two chars before byte `at` of `text`, nearest first.
fn before(text: &str, at: usize) -> (Option<char>, Option<char>) {
    let mut chars = text[..at].chars().rev();
    (chars.next(), chars.next())
}

/// The two chars from byte `at` of `text`.
fn after(text: &str, at: usize) -> (Option<char>, Option<char>) {
    let mut chars = text[at..].chars();
    (chars.next(), chars.next())
}

/// Every place `needle` occurs in `text`, as byte offsets of its start:
/// each place its first byte is, compared on (texts here are a quote or a
/// paragraph long, too short to pay for building a substring searcher).
fn occurrences<'t>(text: &'t str, needle: &'t str) -> impl Iterator<Item = usize> + 't {
    let bytes = text.as_bytes();
    let first = needle.as_bytes().first().copied();
    memchr_iter(first.unwrap_or(0), bytes)
        .filter(move |&at| first.is_some() && bytes[at..].starts_with(needle.as_bytes()))
        // A match starts and ends on char boundaries: `needle` is UTF-8.
        .filter(move |&at| text.is_char_boundary(at) && text.is_char_boundary(at + needle.len()))
}

/// Whether the occurrence of a word at `start..end` is a whole word as the
/// lexer reads it: not inside a longer word, a dotted acronym (`U.S.A`) or
/// an apostrophe word (`d’Estaing`). A possessive after it (`Russia’s`)
/// leaves the word as it is.
fn whole_word(text: &str, start: usize, end: usize) -> bool {
    let open = match before(text, start) {
        (Some(c), _) if continues_word(c) => false,
        (Some(c), Some(b)) if (is_apostrophe(c) || c == '.') && b.is_alphabetic() => false,
        _ => true,
    };
    let close = match after(text, end) {
        (Some(c), _) if continues_word(c) => false,
        (Some(c), Some(n)) if is_apostrophe(c) && n.is_alphabetic() => {
            // `’s` then the end of the word.
            matches!(n, 's' | 'S')
                && !text[end + c.len_utf8() + 1..]
                    .chars()
                    .next()
                    .is_some_and(continues_word)
        }
        (Some('.'), Some(n)) if n.is_uppercase() => false,
        _ => true,
    };
    open && close
}

/// A name or negation `needle` (a word as the claim writes it) is a whole
/// word of `text`.
pub(super) fn word_in(text: &str, needle: &str) -> bool {
    occurrences(text, needle).any(|at| whole_word(text, at, at + needle.len()))
}

fn is_separator(c: char) -> bool {
    matches!(
        c,
        ',' | '.'
            | '\u{66b}'
            | '\u{66c}'
            | '\u{ff0c}'
            | '\u{ff0e}'
            | '/'
            | ':'
            | '-'
            | '\''
            | '\u{2019}'
    )
}

fn is_digit(c: char) -> bool {
    digit_value(c).is_some()
}

/// A number written in digits (`15,000`, `25th`, `9/11`) stands alone in
/// `text`: no digit, letter or separator-and-digit on either side that
/// would make it part of another number (`115,000`, `15,000.5`, `1979-89`),
/// and no `’s` after it (`1980’s`, a decade).
pub(super) fn digits_in(text: &str, needle: &str) -> bool {
    occurrences(text, needle).any(|at| {
        let open = match before(text, at) {
            (Some(c), _) if continues_word(c) => false,
            (Some(c), Some(b)) if is_separator(c) && is_digit(b) => false,
            _ => true,
        };
        let close = match after(text, at + needle.len()) {
            (Some(c), _) if continues_word(c) => false,
            (Some(c), Some(n)) if is_separator(c) && c != '-' && is_digit(n) => false,
            (Some(c), Some('s' | 'S')) if is_apostrophe(c) => false,
            _ => true,
        };
        open && close
    })
}

/// A number with a scale or percent word (`185 million`, `81 percent`,
/// `88%`) stands alone in `text`: its digits begin no longer number, and
/// no further number word scales it again (`185 million billion`).
pub(super) fn scaled_in(text: &str, needle: &str) -> bool {
    occurrences(text, needle).any(|at| {
        let end = at + needle.len();
        let open = match before(text, at) {
            (Some(c), _) if continues_word(c) => false,
            (Some(c), Some(b)) if is_separator(c) && is_digit(b) => false,
            _ => true,
        };
        let close = !after(text, end).0.is_some_and(continues_word)
            && !classify(word_after(text, end)).has(Class::NUMBER);
        open && close
    })
}

/// The word before byte `at` (past spaces), and the word from byte `at`.
fn word_before(text: &str, at: usize) -> &str {
    let head = text[..at].trim_end();
    let start = head
        .char_indices()
        .rev()
        .find(|&(_, c)| !continues_word(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    &head[start..]
}

fn word_after(text: &str, at: usize) -> &str {
    let tail = text[at..].trim_start();
    let end = tail
        .char_indices()
        .find(|&(_, c)| !continues_word(c))
        .map_or(tail.len(), |(i, _)| i);
    &tail[..end]
}

/// One number word (`ten`, `first`) stands alone in `text`: a whole word,
/// not joined to another number word by a hyphen or a space (`twenty-first`,
/// `ten thousand`, `hundred and ten`).
pub(super) fn number_word_in(text: &str, needle: &str) -> bool {
    occurrences(text, needle).any(|at| {
        let end = at + needle.len();
        let joined = |word: &str| {
            let class = classify(word);
            class.has(Class::NUMBER)
                || class.has(Class::ARTICLE)
                || word.eq_ignore_ascii_case("and")
        };
        whole_word(text, at, end)
            && before(text, at).0 != Some('-')
            && after(text, end).0 != Some('-')
            && !joined(word_before(text, at))
            && !classify(word_after(text, end)).has(Class::NUMBER)
    })
}

/// A negation word of the claim (`not`, `isn’t`) negates in `text` too:
/// a whole word, and not `not only` or `No.` before a figure.
pub(super) fn negation_in(text: &str, needle: &str) -> bool {
    occurrences(text, needle).any(|at| {
        let end = at + needle.len();
        if !whole_word(text, at, end) {
            return false;
        }
        if needle.eq_ignore_ascii_case("not") {
            let next = word_after(text, end);
            return !["only", "just", "merely"]
                .iter()
                .any(|w| next.eq_ignore_ascii_case(w));
        }
        !(needle.eq_ignore_ascii_case("no") && text[end..].trim_start().starts_with('.'))
    })
}

/// A quoted phrase, as written, is in `text` at the edges of words.
pub(super) fn phrase_in(text: &str, phrase: &str) -> bool {
    let (Some(first), Some(last)) = (phrase.chars().next(), phrase.chars().next_back()) else {
        return false;
    };
    occurrences(text, phrase).any(|at| {
        let open = !continues_word(first) || !before(text, at).0.is_some_and(continues_word);
        let close =
            !continues_word(last) || !after(text, at + phrase.len()).0.is_some_and(continues_word);
        open && close
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_stand_alone() {
        assert!(word_in("Russia’s list", "Russia"));
        assert!(word_in("the Soviet-Afghan War", "Afghan"));
        assert!(word_in("the U.S. withdrawal", "U.S"));
        assert!(
            !word_in("the Russian list", "Russia"),
            "another form is for the full reading"
        );
        assert!(!word_in("the U.S.A", "U.S"));
        assert!(!word_in("U.K", "K"));
        assert!(!word_in("d’Estaing", "Estaing"));
        assert!(!word_in("Russia’sx", "Russia"));
    }

    #[test]
    fn digits_stand_alone() {
        assert!(digits_in("left 149 people", "149"));
        assert!(digits_in("in 1979-1989", "1979"));
        assert!(digits_in("15,000.", "15,000"));
        assert!(digits_in("after 9/11 and", "9/11"));
        assert!(!digits_in("1,149 people", "149"));
        assert!(!digits_in("15,000 people", "15"));
        assert!(!digits_in("15.5", "15"));
        assert!(!digits_in("1979-89", "89"));
        assert!(!digits_in("the 1980’s", "1980"));
        assert!(!digits_in("9/11/2001", "9/11"));
        assert!(!digits_in("the 25th", "25"));
    }

    #[test]
    fn scaled_numbers_stand_alone() {
        assert!(scaled_in("a rise of 81 percent.", "81 percent"));
        assert!(scaled_in("cost $185 million for", "185 million"));
        assert!(scaled_in("88% of them", "88%"));
        assert!(!scaled_in("1,185 million", "185 million"));
        assert!(!scaled_in("185 million billion", "185 million"));
        assert!(!scaled_in("81 percentage", "81 percent"));
    }

    #[test]
    fn number_words_stand_alone() {
        assert!(number_word_in("nearly ten years", "ten"));
        assert!(number_word_in("the first country", "first"));
        assert!(!number_word_in("the twenty-first century", "first"));
        assert!(!number_word_in("ten thousand", "ten"));
        assert!(!number_word_in("a hundred and ten", "ten"));
        assert!(!number_word_in("twenty one", "one"));
    }

    #[test]
    fn negations_negate() {
        assert!(negation_in("it is not the same", "not"));
        assert!(negation_in("it isn’t sudden", "isn’t"));
        assert!(!negation_in("not only fought", "not"));
        assert!(!negation_in("knot", "not"));
        assert!(!negation_in("No. 1", "No"));
    }

    #[test]
    fn phrases_at_word_edges() {
        assert!(phrase_in("called the “Soviet Vietnam”", "Soviet Vietnam"));
        assert!(!phrase_in("rallies", "allies"));
    }
}
