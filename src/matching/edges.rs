//! Where a match may begin and end (CONTRACT §2): never inside a word, a
//! number or a grapheme cluster.
//!
//! Both rules are decided on normalized text, where the ignored chars are
//! gone (a soft hyphen inside a word does not split it), and each costs O(1)
//! per edge: plain neighbours (ASCII, Latin, common punctuation) are decided
//! from the two chars beside the edge; only a char that can join a cluster
//! or a word across scripts is handed to `unicode-segmentation`.

use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};

use crate::normalize::Normalized;

/// Which end of a match an edge is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Start,
    End,
}

/// Whether a match may have its `side` edge at byte `at` of the normalized
/// text `text`: not inside a word, a number or a grapheme cluster. (A word
/// is only split between two letters or digits, so this is the contract's
/// rule for a quote whose edge is one, and holds for any other quote too:
/// an edge next to punctuation is split only inside a number, `1,|000`.)
pub fn is_match_edge(text: &Normalized, at: usize, side: Side) -> bool {
    !splits_word(text.as_str(), at) && !splits_cluster(text, at, side)
}

/// Whether byte `at` of the normalized text `text` lies inside a word or a
/// number: between two letters or digits that belong to one word (UAX #29:
/// `ab`, `a1`, `11`, but not two Han or Thai chars, each a word of its own),
/// or inside a number's `,` or `.` (`1,000`, `3.5`). An apostrophe or a
/// hyphen ends a word: `Russia` matches in `Russia's`, `Soviet` in
/// `Soviet-Afghan`.
pub fn splits_word(text: &str, at: usize) -> bool {
    let (Some(head), Some(tail)) = (text.get(..at), text.get(at..)) else {
        return true;
    };
    let (Some(before), Some(after)) = (head.chars().next_back(), tail.chars().next()) else {
        return false;
    };
    if joins(base_before(text, at, before), after) {
        return true;
    }
    // A separator between digits: the edge is on one side of it, and the
    // digit on its far side is part of the same number.
    let digit_beyond = |c: Option<char>| c.is_some_and(|c| c.is_numeric());
    (matches!(before, ',' | '.')
        && after.is_numeric()
        && digit_beyond(text[..at - 1].chars().next_back()))
        || (matches!(after, ',' | '.')
            && before.is_numeric()
            && digit_beyond(text[at + 1..].chars().next()))
}

/// The char that decides whether the text before byte `at` ends a word:
/// `before` itself, or, for a combining mark (some of which are letters to
/// `char::is_alphabetic`), the base char of its cluster (in `x\u{301}y`,
/// `y` follows the letter `x`).
fn base_before(text: &str, at: usize, before: char) -> char {
    if !can_join(before) {
        return before;
    }
    let mut cursor = GraphemeCursor::new(at, text.len(), true);
    match cursor.prev_boundary(text, 0) {
        Ok(Some(start)) => text[start..].chars().next().unwrap_or(before),
        _ => before,
    }
}

/// Whether two adjacent chars belong to one word: both letters or digits
/// that UAX #29 does not separate.
pub fn joins(before: char, after: char) -> bool {
    if before.is_ascii() && after.is_ascii() {
        return before.is_ascii_alphanumeric() && after.is_ascii_alphanumeric();
    }
    if !before.is_alphanumeric() || !after.is_alphanumeric() {
        return false;
    }
    let mut buffer = [0u8; 8];
    let first = before.encode_utf8(&mut buffer).len();
    let last = first + after.encode_utf8(&mut buffer[first..]).len();
    std::str::from_utf8(&buffer[..last]).is_ok_and(|pair| pair.split_word_bounds().nth(1).is_none())
}

/// Whether byte `at` of the normalized text lies inside a grapheme cluster
/// of the original text: between a base char and its combining marks, inside
/// an emoji sequence (joined by a zero-width joiner that normalization
/// dropped, or by a modifier) or a flag, or inside what one original char
/// folded to (the dots of `…`).
pub fn splits_cluster(text: &Normalized, at: usize, side: Side) -> bool {
    let norm = text.as_str();
    let (Some(head), Some(tail)) = (norm.get(..at), norm.get(at..)) else {
        return true;
    };
    let (Some(before), Some(after)) = (head.chars().next_back(), tail.chars().next()) else {
        return false;
    };
    let from = text.original_range(at - before.len_utf8()..at);
    let to = text.original_range(at..at + after.len_utf8());
    if from == to {
        return true;
    }
    if from.end >= to.start {
        if !can_join(before) && !can_join(after) {
            return false;
        }
        let mut cursor = GraphemeCursor::new(at, norm.len(), true);
        return !cursor.is_boundary(norm, 0).unwrap_or(true);
    }
    // Ignored chars lie between: the edge is in the original text on their
    // near side (before them for an end, after them for a start). Ask about
    // a short stretch of the text with them put back.
    const CONTEXT: usize = 16;
    let head = norm[..at]
        .char_indices()
        .rev()
        .nth(CONTEXT - 1)
        .map_or(0, |(i, _)| i);
    let tail = norm[at..]
        .char_indices()
        .nth(CONTEXT)
        .map_or(norm.len(), |(i, _)| at + i);
    let dropped: String = text.dropped_in(from.end..to.start).collect();
    let local = format!("{}{dropped}{}", &norm[head..at], &norm[at..tail]);
    let edge = match side {
        Side::End => at - head,
        Side::Start => at - head + dropped.len(),
    };
    let mut cursor = GraphemeCursor::new(edge, local.len(), true);
    !cursor.is_boundary(&local, 0).unwrap_or(true)
}

/// Whether `c` may be part of a grapheme cluster of more than one char.
/// False for what never is, so that most edges need no look-up: Latin up to
/// the combining diacritics, and General Punctuation's dashes, quotes and
/// marks (folded text is mostly these).
pub fn can_join(c: char) -> bool {
    !((c < '\u{300}' && c != '\r')
        || ('\u{2010}'..='\u{2027}').contains(&c)
        || ('\u{2030}'..='\u{205E}').contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word_edges(text: &str) -> Vec<usize> {
        (0..=text.len())
            .filter(|&at| text.is_char_boundary(at) && !splits_word(text, at))
            .collect()
    }

    #[test]
    fn words_and_numbers_are_not_split() {
        assert_eq!(word_edges("211 people"), [0, 3, 4, 10]);
        assert_eq!(word_edges("bypassed"), [0, 8]);
        // An apostrophe, a hyphen or a space ends a word.
        assert_eq!(word_edges("it's a-b"), [0, 2, 3, 4, 5, 6, 7, 8]);
        // Separators inside numbers do not; a sentence's full stop does.
        assert_eq!(word_edges("1,000 3.5 4."), [0, 5, 6, 9, 10, 11, 12]);
        // Each Han or Thai char is a word of its own; Katakana runs are one.
        assert_eq!(word_edges("俄罗"), [0, 3, 6]);
        assert_eq!(word_edges("กข"), [0, 3, 6]);
        assert_eq!(word_edges("カタ"), [0, 6]);
        // A combining mark belongs to the letter before it (and the edge
        // before the mark is the cluster rule's to refuse), even one that
        // is alphabetic itself (Syriac rukkakha).
        assert_eq!(word_edges("x\u{301}y"), [0, 1, 4]);
        assert_eq!(word_edges("D\u{73F}i"), [0, 4]);
    }

    fn cluster_edges(text: &str, side: Side) -> Vec<usize> {
        let normalized = Normalized::new(text);
        let norm = normalized.as_str();
        (0..=norm.len())
            .filter(|&at| norm.is_char_boundary(at) && !splits_cluster(&normalized, at, side))
            .collect()
    }

    #[test]
    fn clusters_are_not_split() {
        // A mark that does not compose stays after its base.
        assert_eq!(cluster_edges("aq\u{301}b", Side::Start), [0, 1, 4, 5]);
        // The family emoji: its joiners are dropped, its clusters kept.
        let family = "👨\u{200D}👩\u{200D}👧";
        assert_eq!(cluster_edges(family, Side::Start), [0, 12]);
        assert_eq!(cluster_edges(family, Side::End), [0, 12]);
        // A skin tone modifier, and two flags.
        assert_eq!(cluster_edges("👍\u{1F3FD}", Side::Start), [0, 8]);
        assert_eq!(
            cluster_edges("\u{1F1FA}\u{1F1F8}\u{1F1EB}\u{1F1F7}", Side::Start),
            [0, 8, 16]
        );
        // The dots an ellipsis folded to.
        assert_eq!(cluster_edges("a…", Side::End), [0, 1, 4]);
        // A soft hyphen is no cluster: both sides of it are edges.
        assert_eq!(cluster_edges("ab\u{AD}c", Side::Start), [0, 1, 2, 3]);
        assert_eq!(cluster_edges("ab\u{AD}c", Side::End), [0, 1, 2, 3]);
    }
}
