//! Quoted phrases (CONTRACT §4 rule 5): every phrase a claim puts in
//! quotation marks must appear in an evidence quote, typography folded.
//!
//! Quotation marks are read as writers of most languages set them:
//! `"…"`, `“…”`, `„…“`, `«…»`, `»…«`, `「…」`, `『…』`. Single quotation
//! marks are not, since `’` is also the apostrophe (`soldiers’`). The
//! phrase is compared after the folds of CONTRACT §2, without editorial
//! brackets (`[t]he` is `the`), with its first letter in either case (a
//! quotation opening a claim's sentence is capitalized), and with an
//! ellipsis standing for words left out: each part must be in the quote.

use std::ops::Range;

use crate::normalize::normalize;

/// A quoted phrase of a claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Phrase {
    /// The phrase with its quotation marks.
    pub outer: Range<usize>,
    /// The phrase as written, trimmed of spaces.
    pub inner: Range<usize>,
}

/// The closing marks of an opening quotation mark.
fn closers(open: char) -> Option<&'static [char]> {
    const DOUBLE: &[char] = &['"', '“', '”', '‟', '＂'];
    Some(match open {
        '"' | '“' | '”' | '„' | '‟' | '＂' => DOUBLE,
        '«' => &['»'],
        '»' => &['«'],
        '「' => &['」'],
        '『' => &['』'],
        _ => return None,
    })
}

/// Whether `c` opens a quoted phrase: a mark of [`closers`].
pub(super) fn opens_phrase(c: char) -> bool {
    closers(c).is_some()
}

/// Whether `bytes` (UTF-8) may hold an opening quotation mark of
/// [`closers`]: a `"`, or the lead byte of one of the others followed by
/// the rest of its encoding (`“` is E2 80 9C; an em dash, E2 80 94, is not).
pub(super) fn may_quote(bytes: &[u8]) -> bool {
    memchr::memchr3_iter(b'"', 0xE2, 0xC2, bytes).any(|at| {
        let next = |n: usize| bytes.get(at + n).copied();
        match bytes[at] {
            b'"' => true,
            // `«`, `»`.
            0xC2 => matches!(next(1), Some(0xAB | 0xBB)),
            // `“`, `”`, `„`, `‟`.
            _ => next(1) == Some(0x80) && matches!(next(2), Some(0x9C..=0x9F)),
        }
    }) || memchr::memchr2_iter(0xE3, 0xEF, bytes).any(|at| {
        let next = |n: usize| bytes.get(at + n).copied();
        match bytes[at] {
            // `「`, `『` (their closing marks open nothing).
            0xE3 => next(1) == Some(0x80) && matches!(next(2), Some(0x8C | 0x8E)),
            // `＂`.
            _ => next(1) == Some(0xBC) && next(2) == Some(0x82),
        }
    })
}

/// The quoted phrases of `text`, in order. A mark that is never closed
/// quotes nothing.
pub(super) fn of_claim(text: &str) -> Vec<Phrase> {
    let mut phrases = Vec::new();
    // Most claims quote nothing: no quotation mark at all.
    if !may_quote(text.as_bytes()) {
        return phrases;
    }
    let mut from = 0;
    while let Some((at, open)) = text[from..]
        .char_indices()
        .find(|&(_, c)| closers(c).is_some())
    {
        let open_at = from + at;
        let body = open_at + open.len_utf8();
        from = body;
        let Some(close) = closers(open) else {
            continue;
        };
        let Some(close_at) = text[body..].find(close).map(|at| body + at) else {
            continue;
        };
        let close_len = text[close_at..].chars().next().map_or(1, char::len_utf8);
        // Trimmed of spaces; a phrase of spaces only is empty (at its end),
        // not a range that ends before it starts.
        let inner = &text[body..close_at];
        let start = body + (inner.len() - inner.trim_start().len());
        phrases.push(Phrase {
            outer: open_at..close_at + close_len,
            inner: start..start + inner.trim().len(),
        });
        from = close_at + close_len;
    }
    phrases
}

/// Text as phrases are compared: normalized (CONTRACT §2), without
/// editorial brackets.
pub(super) fn fold(text: &str) -> String {
    let mut folded = normalize(text);
    folded.retain(|c| c != '[' && c != ']');
    folded
}

/// The parts of a phrase that must be quoted: the phrase folded, split at
/// ellipses, trimmed of spaces and of the punctuation that may sit inside
/// closing quotation marks. Empty when nothing is left.
pub(super) fn parts(phrase: &str) -> Vec<Box<str>> {
    fold(phrase)
        .split("...")
        .map(|part| part.trim_matches(|c: char| c.is_whitespace() || ".,;:!?-\"'".contains(c)))
        .filter(|part| !part.is_empty())
        .map(Box::from)
        .collect()
}

/// Whether `folded` (a quote, [`fold`]ed) contains every part, each at
/// the edges of words.
pub(super) fn quoted_in(parts: &[Box<str>], folded: &str) -> bool {
    !parts.is_empty() && parts.iter().all(|part| contains(folded, part))
}

fn contains(haystack: &str, part: &str) -> bool {
    let mut chars = part.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let rest = chars.as_str();
    let last = part.chars().next_back().unwrap_or(first);
    let same_letter = |c: char| c == first || c.to_lowercase().eq(first.to_lowercase());
    // Every place `rest` follows the first letter in either case.
    haystack.match_indices(rest).any(|(at, _)| {
        let Some(before) = haystack[..at].chars().next_back() else {
            return false;
        };
        if !same_letter(before) {
            return false;
        }
        let start = at - before.len_utf8();
        let end = at + rest.len();
        let open_edge = !first.is_alphanumeric()
            || !haystack[..start]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
        let close_edge = !last.is_alphanumeric()
            || !haystack[end..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric);
        open_edge && close_edge
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        /// The byte look finds a quotation mark wherever the chars do.
        #[test]
        fn may_quote_misses_no_quotation_mark(text in "[a \"“”„‟＂«»「」『』—–’‘…é¢€ｂ、]{0,12}") {
            prop_assert_eq!(
                may_quote(text.as_bytes()),
                text.chars().any(|c| closers(c).is_some()),
                "{}", text
            );
        }
    }

    fn phrases(text: &str) -> Vec<&str> {
        of_claim(text).into_iter().map(|p| &text[p.inner]).collect()
    }

    fn quoted(phrase: &str, quote: &str) -> bool {
        quoted_in(&parts(phrase), &fold(quote))
    }

    #[test]
    fn quotation_marks_of_many_languages() {
        assert_eq!(
            phrases("called it the “Soviet Vietnam” and \"allies\""),
            ["Soviet Vietnam", "allies"]
        );
        assert_eq!(
            phrases("«Emirat islamique» et »Zitat« und „Zitat“"),
            ["Emirat islamique", "Zitat", "Zitat"]
        );
        assert_eq!(phrases("「大祖国戦争」と『本』"), ["大祖国戦争", "本"]);
        assert_eq!(phrases("“ spaced ”"), ["spaced"]);
        // Spaces only: an empty phrase, which quotes nothing.
        assert_eq!(phrases("said “ ” twice"), [""]);
        // Unclosed, and single quotation marks: no phrase.
        assert_eq!(
            phrases("the “Soviet Vietnam and ‘allies’"),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn phrases_compare_with_typography_folded() {
        assert!(quoted(
            "Soviet Vietnam",
            "often called the “Soviet Vietnam”—that"
        ));
        assert!(quoted("Russia's desire", "based on Russia’s desire"));
        assert!(quoted(
            "Russian Davos.",
            "sometimes called the “Russian Davos.”"
        ));
        assert!(quoted(
            "The Soviet soldier stood",
            "commented that “[t]he Soviet soldier stood"
        ));
        assert!(quoted(
            "not only fought in Afghanistan … but also built",
            "the USSR not only fought in Afghanistan, but also built."
        ));
        assert!(!quoted(
            "allies in the war on terror",
            "“allies in the fight against terrorism”"
        ));
        assert!(
            !quoted("allies", "rallies"),
            "a phrase is quoted at the edges of words"
        );
        assert!(
            !quoted("soviet vietnam", "the “Soviet Vietnam”"),
            "only the first letter may change case"
        );
        assert!(!quoted("...", "anything"));
    }
}
