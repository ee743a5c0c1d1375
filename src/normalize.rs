//! Typography-insensitive text, with a map back to the original characters.
//!
//! Quotes are compared on normalized text (CONTRACT §2) so that curly quotes,
//! dashes, non-breaking spaces, a soft hyphen or a decomposed accent never
//! break a citation. Offsets reported to users always refer to the original
//! text, so the normalized text carries, for each of its bytes, the range of
//! original chars it came from. An ignored char (a soft hyphen, a zero-width
//! space or joiner) leaves no byte: it is the one kind of original char no
//! byte maps to, so a match next to it maps to the chars beside it.

use std::ops::Range;
use std::sync::Arc;

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

mod origin_map;
use origin_map::OriginMap;

/// Normalized text plus, for every byte of it, the original chars it came from.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    /// The text as built; empty once it is `shared`.
    text: String,
    /// The same text in a larger one (an article's paragraph, in the
    /// article's joined text): held there once, not twice.
    shared: Option<(Arc<String>, Range<usize>)>,
    /// For each byte `b`, the original char range that produced the
    /// normalized char containing it.
    origin: OriginMap,
    original_chars: usize,
    /// The ignored chars and their original char offsets, in order (none in
    /// most texts): where a match edge meets one, whether it splits a
    /// grapheme cluster depends on it (a zero-width joiner inside an emoji
    /// sequence).
    dropped: Vec<(u32, char)>,
}

/// Normalized text as a slice of chars, with the byte offset of each.
#[derive(Debug, Clone, Default)]
pub struct CharIndex {
    pub chars: Vec<char>,
    /// For each char of more than one byte, in order: the index of the
    /// char after it and that char's byte offset. Between two of them a
    /// char is a byte, so English text needs none: a byte offset per char
    /// cost 4 bytes a char.
    wide: Vec<(u32, u32)>,
    /// The text's length in bytes.
    len: u32,
}

impl CharIndex {
    fn new(text: &str) -> CharIndex {
        let mut index = CharIndex::default();
        index.decode(text);
        index
    }

    /// Makes this the index of `text`, in the room it has (a near search
    /// decodes paragraph after paragraph into one).
    pub fn decode(&mut self, text: &str) {
        self.chars.clear();
        self.wide.clear();
        self.chars.reserve(text.len());
        self.len = text.len() as u32;
        // Most news text: a char a byte, widened in one vectorized pass.
        if text.is_ascii() {
            self.chars.extend(text.bytes().map(char::from));
            return;
        }
        for (i, c) in text.char_indices() {
            self.chars.push(c);
            if c.len_utf8() > 1 {
                self.wide
                    .push((self.chars.len() as u32, (i + c.len_utf8()) as u32));
            }
        }
    }

    /// Byte offset of char `i` (the text's length past the end).
    pub fn byte(&self, i: usize) -> usize {
        if i >= self.chars.len() {
            return self.len as usize;
        }
        // The last wide char before `i`, and the bytes it took.
        let k = self.wide.partition_point(|&(next, _)| next as usize <= i);
        match k.checked_sub(1).map(|k| self.wide[k]) {
            Some((next, at)) => at as usize + (i - next as usize),
            None => i,
        }
    }

    /// Index of the first char at or after byte `byte` (one past the
    /// text's end for a byte beyond it).
    pub fn char_at_byte(&self, byte: usize) -> usize {
        if byte > self.len as usize {
            return self.chars.len() + 1;
        }
        // The chars from the last wide char ending at or before `byte` on
        // are a byte each, up to the next wide char.
        let k = self.wide.partition_point(|&(_, at)| at as usize <= byte);
        let (from_char, from_byte) = k.checked_sub(1).map_or((0, 0), |k| {
            (self.wide[k].0 as usize, self.wide[k].1 as usize)
        });
        let i = from_char + (byte - from_byte);
        match self.wide.get(k) {
            // `byte` falls inside the next wide char: the char after it.
            Some(&(next, _)) if i >= next as usize => next as usize,
            _ => i,
        }
    }
}

impl Normalized {
    pub fn new(original: &str) -> Normalized {
        Normalized::build(original, true)
    }

    /// `track`: whether to record where each normalized byte came from.
    fn build(original: &str, track: bool) -> Normalized {
        let mut out = Normalized {
            text: String::with_capacity(original.len()),
            shared: None,
            origin: OriginMap::default(),
            original_chars: 0,
            dropped: Vec::new(),
        };
        let mut folder = Folder {
            track,
            ..Folder::default()
        };
        let mut rest = original;
        while !rest.is_empty() {
            // Plain ASCII maps to itself byte for byte: the common case,
            // copied in one go.
            let mut plain = plain_prefix(rest, folder.open_space);
            // Unless a combining mark follows, which composes with the last
            // ASCII letter.
            if plain < rest.len() && plain > 0 {
                let next = rest[plain..].chars().next();
                if next.is_some_and(|c| !is_chunk_start(c)) {
                    plain -= 1;
                }
            }
            if plain > 0 {
                folder.push_plain(&mut out, &rest[..plain]);
                rest = &rest[plain..];
                continue;
            }
            let (chunk, chars) = first_chunk(rest);
            folder.push_chunk(&mut out, chunk, chars);
            rest = &rest[chunk.len()..];
        }
        out.original_chars = folder.char_pos;
        out
    }

    /// The normalized text.
    pub fn as_str(&self) -> &str {
        match &self.shared {
            Some((whole, range)) => &whole[range.clone()],
            None => &self.text,
        }
    }

    /// Whether the text is held in a larger one.
    #[cfg(test)]
    pub fn is_shared(&self) -> bool {
        self.shared.is_some()
    }

    /// Holds the text as `whole[range]` from now on, if that is the text
    /// (else keeps its own).
    pub fn share(&mut self, whole: &Arc<String>, range: Range<usize>) {
        if self.shared.is_none() && whole.get(range.clone()) == Some(self.text.as_str()) {
            self.shared = Some((Arc::clone(whole), range));
            self.text = String::new();
        }
    }

    /// The normalized text as chars, decoded anew: a near search keeps
    /// them only while it scans this text (kept for every paragraph ever
    /// searched, they were 4 bytes a char of the article for the run).
    pub fn char_index(&self) -> CharIndex {
        CharIndex::new(self.as_str())
    }

    /// Number of chars of the original text.
    pub fn original_len(&self) -> usize {
        self.original_chars
    }

    /// The original char range covered by the normalized bytes `bytes`
    /// (which must lie on char boundaries of the normalized text).
    pub fn original_range(&self, bytes: Range<usize>) -> Range<usize> {
        if bytes.start >= self.origin.len() {
            return self.original_chars..self.original_chars;
        }
        let start = self.origin.get(bytes.start).0 as usize;
        let end = if bytes.end > bytes.start {
            self.origin.get(bytes.end.min(self.origin.len()) - 1).1 as usize
        } else {
            start
        };
        start..end
    }

    /// The first normalized byte whose origin starts at or after original
    /// char `char_pos`: where an original offset lands in normalized text.
    pub fn normalized_offset(&self, char_pos: usize) -> usize {
        self.origin.first_byte_from(char_pos)
    }

    /// The ignored chars among the original chars `chars`, in order.
    pub fn dropped_in(&self, chars: Range<usize>) -> impl Iterator<Item = char> + '_ {
        let from = self
            .dropped
            .partition_point(|&(at, _)| (at as usize) < chars.start);
        self.dropped[from..]
            .iter()
            .take_while(move |&&(at, _)| (at as usize) < chars.end)
            .map(|&(_, c)| c)
    }
}

/// Whether `c` is ignored in comparison (CONTRACT §2): the soft hyphen, the
/// zero-width space, non-joiner and joiner, the word joiner, and a zero-width
/// no-break space (U+FEFF) inside the text. All are invisible, so a reader
/// copying a quote cannot tell whether they were there.
pub fn is_ignored(c: char) -> bool {
    matches!(
        c,
        '\u{AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// The length of the run at the start of `text` that normalizes to itself
/// byte for byte: ASCII without whitespace, and single spaces between such
/// chars (a lone space stays one space). A space that extends an open
/// whitespace run (`space_open`), or starts a run of several, is folded
/// char by char instead.
fn plain_prefix(text: &str, space_open: bool) -> usize {
    let bytes = text.as_bytes();
    let is_plain = |b: u8| b.is_ascii() && !is_ascii_whitespace(b);
    let mut i = 0;
    while i < bytes.len() {
        // Eight bytes at a time while they are plainly plain; the byte
        // rules below decide everything else.
        if i > 0
            && let Some(word) = bytes.get(i..i + 8)
            && plain_word(u64::from_le_bytes(word.try_into().unwrap_or_default()))
        {
            i += 8;
            continue;
        }
        let b = bytes[i];
        if b == b' ' {
            let lone = !(i == 0 && space_open) && bytes.get(i + 1).is_some_and(|&n| is_plain(n));
            if !lone {
                break;
            }
            // The space and the plain char after it.
            i += 2;
        } else if is_plain(b) {
            i += 1;
        } else {
            break;
        }
    }
    i
}

/// Whitespace as `char::is_whitespace` has it, for an ASCII byte: unlike
/// `u8::is_ascii_whitespace`, the vertical tab too.
fn is_ascii_whitespace(b: u8) -> bool {
    b.is_ascii_whitespace() || b == 0x0B
}

/// Whether eight bytes, following a plain byte that is not a space, are
/// all plain by the rules of [`plain_prefix`]: printable ASCII, and spaces
/// that are each followed by printable ASCII (so none last). A word that
/// is not (a tab, a control byte, non-ASCII, two spaces) goes byte by byte.
fn plain_word(word: u64) -> bool {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    if word & HIGH != 0 {
        return false;
    }
    // For ASCII bytes these set a lane's high bit exactly, with no carry
    // into the next lane: a byte of 0x21 or more; a byte that is not 0x20.
    let printable = word.wrapping_add(0x5F * LOW) & HIGH;
    let not_space = {
        let x = word ^ (0x20 * LOW);
        ((x & !HIGH).wrapping_add(!HIGH & (0x7F * LOW)) | x) & HIGH
    };
    let space = !not_space & HIGH;
    (printable | space) == HIGH
        // No space followed by a space, and none in the last byte.
        && space & (space >> 8) == 0
        && space & (0x80 << 56) == 0
}

/// Normalize `text` without keeping the offset map (for quotes and claims).
pub fn normalize(text: &str) -> String {
    Normalized::build(text, false).text
}

/// The first chunk of `text` that NFC can normalize on its own, with its
/// length in chars: a char and the chars after it that may compose with it.
fn first_chunk(text: &str) -> (&str, usize) {
    let mut count = 1;
    let mut end = text.len();
    for (i, c) in text.char_indices().skip(1) {
        if is_chunk_start(c) {
            end = i;
            break;
        }
        count += 1;
    }
    (&text[..end], count)
}

/// Whether `c` never composes with the char before it under NFC.
pub fn is_chunk_start(c: char) -> bool {
    // Latin-1, Latin Extended and General Punctuation (curly quotes,
    // dashes) hold no char that composes with a predecessor: no table
    // look-up needed for the usual text of an article.
    c.is_ascii()
        || ('\u{a0}'..='\u{2ff}').contains(&c)
        || ('\u{2000}'..='\u{206f}').contains(&c)
        || (canonical_combining_class(c) == 0
            && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes)
}

/// The ASCII that a curly quote, a dash or an ellipsis folds to (CONTRACT
/// §2); `None` for a char that stays itself.
fn typographic_fold(c: char) -> Option<&'static str> {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' => Some("'"),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' => Some("\""),
        // The hyphens and dashes of General Punctuation (hyphen,
        // non-breaking hyphen, figure dash, en and em dash, horizontal bar)
        // and the minus sign.
        '\u{2010}'..='\u{2015}' | '\u{2212}' => Some("-"),
        '\u{2026}' => Some("..."),
        _ => None,
    }
}

/// Applies the typographic folds of CONTRACT §2 to NFC chars, collapsing
/// whitespace runs as it goes.
#[derive(Default)]
struct Folder {
    /// Record origins (false: only the text is wanted).
    track: bool,
    char_pos: usize,
    /// Whether the last byte is the space of a whitespace run that may
    /// still grow.
    open_space: bool,
}

impl Folder {
    /// A run of [`plain_prefix`]: copied as is, one origin char per byte.
    fn push_plain(&mut self, out: &mut Normalized, plain: &str) {
        self.open_space = false;
        out.text.push_str(plain);
        if self.track {
            out.origin
                .push_one_to_one(self.char_pos as u32, plain.len() as u32);
        }
        self.char_pos += plain.len();
    }

    fn push_chunk(&mut self, out: &mut Normalized, chunk: &str, chars: usize) {
        let origin = (self.char_pos as u32, (self.char_pos + chars) as u32);
        self.char_pos += chars;
        if chars == 1 {
            if let Some(c) = chunk.chars().next() {
                self.push_char(out, c, origin);
            }
            return;
        }
        for c in chunk.nfc() {
            self.push_char(out, c, origin);
        }
    }

    fn push_char(&mut self, out: &mut Normalized, c: char, origin: (u32, u32)) {
        if is_ignored(c) {
            // No byte, and a whitespace run goes on across it. An ignored
            // char always starts its own chunk, so `origin` starts at it.
            if self.track {
                out.dropped.push((origin.0, c));
            }
            return;
        }
        if c.is_whitespace() {
            if !self.open_space {
                self.open_space = true;
                out.text.push(' ');
                if self.track {
                    out.origin.push(origin, 1);
                }
            } else if self.track {
                // Extend the run: the single space (the last byte) now
                // covers this char too.
                out.origin.extend_last(origin.1);
            }
            return;
        }
        self.open_space = false;
        let Some(folded) = typographic_fold(c) else {
            let start = out.text.len();
            out.text.push(c);
            if self.track {
                out.origin.push(origin, (out.text.len() - start) as u32);
            }
            return;
        };
        out.text.push_str(folded);
        if self.track {
            out.origin.push(origin, folded.len() as u32);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_typography() {
        let n = Normalized::new("“Soviet\u{a0}\u{a0}Vietnam”—it’s… done");
        assert_eq!(n.as_str(), "\"Soviet Vietnam\"-it's... done");
    }

    #[test]
    fn maps_back_to_original_chars() {
        let original = "a\u{a0} \tb—c…d";
        let n = Normalized::new(original);
        assert_eq!(n.as_str(), "a b-c...d");
        // The single space covers the whole whitespace run.
        assert_eq!(n.original_range(1..2), 1..4);
        // "b-c" covers b, the em dash and c.
        assert_eq!(n.original_range(2..5), 4..7);
        // Two of the three dots still map to the one ellipsis char.
        assert_eq!(n.original_range(5..7), 7..8);
        assert_eq!(n.original_range(8..9), 8..9);
        assert_eq!(n.normalized_offset(4), 2);
    }

    #[test]
    fn composes_to_nfc_with_offsets() {
        // "e" + combining acute composes to one char covering two originals.
        let n = Normalized::new("cafe\u{301} noir");
        assert_eq!(n.as_str(), "caf\u{e9} noir");
        assert_eq!(n.original_range(3..5), 3..5);
        assert_eq!(n.original_range(6..10), 6..10);
        assert_eq!(n.original_len(), 10);
    }

    #[test]
    fn folds_every_hyphen_and_dash() {
        // Hyphen, non-breaking hyphen, figure dash, en and em dash,
        // horizontal bar, minus sign.
        let n = Normalized::new("a\u{2010}b\u{2011}c\u{2012}d\u{2013}e\u{2014}f\u{2015}g\u{2212}h");
        assert_eq!(n.as_str(), "a-b-c-d-e-f-g-h");
        assert_eq!(n.original_range(3..4), 3..4);
    }

    #[test]
    fn ignored_chars_leave_no_byte_and_keep_offsets_exact() {
        let n = Normalized::new("co\u{AD}op\u{200B}er\u{200C}a\u{200D}t\u{2060}e\u{FEFF}d");
        assert_eq!(n.as_str(), "cooperated");
        assert_eq!(n.original_len(), 16);
        // "co" ends before the soft hyphen, "op" starts after it.
        assert_eq!(n.original_range(0..2), 0..2);
        assert_eq!(n.original_range(2..4), 3..5);
        // A span across ignored chars covers them; one ending on the last
        // char does not take the ignored char after it.
        assert_eq!(n.original_range(0..10), 0..16);
        assert_eq!(n.original_range(2..9), 3..14);
        // An offset on an ignored char lands on the char after it.
        assert_eq!(n.normalized_offset(2), 2);
        assert_eq!(n.normalized_offset(3), 2);
        assert_eq!(n.normalized_offset(16), 10);
        assert_eq!(n.dropped_in(0..6).collect::<String>(), "\u{AD}\u{200B}");
        assert_eq!(n.dropped_in(6..16).count(), 4);
        assert_eq!(normalize("co\u{AD}operate"), "cooperate");
    }

    #[test]
    fn an_ignored_char_neither_breaks_nor_ends_a_whitespace_run() {
        let n = Normalized::new("a \u{200B} b\u{AD} c");
        assert_eq!(n.as_str(), "a b c");
        // The first space covers the run and the zero-width space in it.
        assert_eq!(n.original_range(1..2), 1..4);
        assert_eq!(n.original_range(3..4), 6..7);
        // Nothing but ignored chars: no text at all.
        let n = Normalized::new("\u{AD}\u{200B}");
        assert_eq!((n.as_str(), n.original_len()), ("", 2));
    }

    /// Char by char, as `Normalized::build` folds anything that is not plain.
    fn folded_char_by_char(original: &str) -> Normalized {
        let mut out = Normalized::default();
        let mut folder = Folder {
            track: true,
            ..Folder::default()
        };
        let mut rest = original;
        while !rest.is_empty() {
            let (chunk, chars) = first_chunk(rest);
            folder.push_chunk(&mut out, chunk, chars);
            rest = &rest[chunk.len()..];
        }
        out.original_chars = folder.char_pos;
        out
    }

    #[test]
    fn plain_runs_with_lone_spaces_fold_as_char_by_char() {
        for text in [
            "a b c",
            " a b ",
            "a  b",
            "a \u{a0}b",
            "a\u{a0} b",
            "a\n b c",
            "a \tb",
            "ab c\u{301}d e",
            "a b\u{301}",
            " \u{301}a",
            "\u{2014} a b \u{2026} c",
        ] {
            let fast = Normalized::new(text);
            let slow = folded_char_by_char(text);
            assert_eq!(fast.as_str(), slow.as_str(), "{text:?}");
            assert_eq!(fast.origin.per_byte(), slow.origin.per_byte(), "{text:?}");
            assert_eq!(fast.original_chars, slow.original_chars, "{text:?}");
        }
    }

    /// [`plain_prefix`] one byte at a time.
    fn plain_prefix_bytewise(text: &str, space_open: bool) -> usize {
        let bytes = text.as_bytes();
        let is_plain = |b: u8| b.is_ascii() && !is_ascii_whitespace(b);
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b' ' {
                if (i == 0 && space_open) || !bytes.get(i + 1).is_some_and(|&n| is_plain(n)) {
                    break;
                }
                i += 2;
            } else if is_plain(bytes[i]) {
                i += 1;
            } else {
                break;
            }
        }
        i
    }

    proptest::proptest! {
        #[test]
        fn plain_prefix_eight_at_a_time_agrees(
            text in "[a-c .,!~\u{1}\u{b}\u{1f}\u{7f}\t\n\u{e9}]{0,64}",
            space_open: bool,
        ) {
            proptest::prop_assert_eq!(
                plain_prefix(&text, space_open),
                plain_prefix_bytewise(&text, space_open)
            );
        }

        #[test]
        fn plain_prefix_agrees_on_mostly_plain_text(
            words in proptest::collection::vec("[a-z]{1,7}|[.,\u{1f}\t]|  |\u{2014}", 0..24),
            space_open: bool,
        ) {
            let text = words.join(" ");
            proptest::prop_assert_eq!(
                plain_prefix(&text, space_open),
                plain_prefix_bytewise(&text, space_open)
            );
        }

        #[test]
        fn plain_runs_agree_with_char_by_char(text in "[ a-c1.\u{a0}\u{ad}\u{301}\u{200b}\u{2011}\u{2014}\u{2019}\u{2026}\t\n\u{b}]{0,24}") {
            let fast = Normalized::new(&text);
            let slow = folded_char_by_char(&text);
            proptest::prop_assert_eq!(fast.as_str(), slow.as_str());
            proptest::prop_assert_eq!(fast.origin.per_byte(), slow.origin.per_byte());
        }
    }

    /// The offset map as it was first written: a pair per byte, built one
    /// chunk at a time with no runs and no fast path (the oracle of the
    /// map's runs).
    fn per_byte_reference(original: &str) -> (String, Vec<(u32, u32)>) {
        let (mut text, mut origin) = (String::new(), Vec::<(u32, u32)>::new());
        let (mut pos, mut space_open) = (0u32, false);
        let mut rest = original;
        while !rest.is_empty() {
            let (chunk, chars) = first_chunk(rest);
            let from = (pos, pos + chars as u32);
            pos += chars as u32;
            let folded: Vec<char> = if chars == 1 {
                chunk.chars().collect()
            } else {
                chunk.nfc().collect()
            };
            for c in folded {
                if is_ignored(c) {
                    continue;
                }
                if c.is_whitespace() {
                    match (space_open, origin.last_mut()) {
                        (true, Some(last)) => last.1 = from.1,
                        _ => {
                            text.push(' ');
                            origin.push(from);
                        }
                    }
                    space_open = true;
                    continue;
                }
                space_open = false;
                // The fold table is not what this tests: it is shared.
                let as_text = typographic_fold(c).map_or_else(|| c.to_string(), str::to_owned);
                text.push_str(&as_text);
                origin.extend(std::iter::repeat_n(from, as_text.len()));
            }
            rest = &rest[chunk.len()..];
        }
        (text, origin)
    }

    proptest::proptest! {
        #[test]
        fn the_offset_map_agrees_with_a_pair_per_byte(
            text in "[ a-c1.\"\u{a0}\u{ad}\u{301}\u{200b}\u{2011}\u{2014}\u{2019}\u{201c}\u{2026}\u{e9}\u{212b}\t\n]{0,40}",
        ) {
            let n = Normalized::new(&text);
            let (reference_text, origin) = per_byte_reference(&text);
            proptest::prop_assert_eq!(n.as_str(), reference_text.as_str());
            proptest::prop_assert_eq!(n.origin.per_byte(), origin.clone());
            let boundaries: Vec<usize> = (0..=n.as_str().len())
                .filter(|&b| n.as_str().is_char_boundary(b))
                .collect();
            for &from in &boundaries {
                for &to in boundaries.iter().filter(|&&to| to >= from) {
                    let expected = if from >= origin.len() {
                        n.original_len()..n.original_len()
                    } else if to > from {
                        origin[from].0 as usize..origin[to - 1].1 as usize
                    } else {
                        origin[from].0 as usize..origin[from].0 as usize
                    };
                    proptest::prop_assert_eq!(n.original_range(from..to), expected);
                }
            }
            for c in 0..=n.original_len() + 1 {
                proptest::prop_assert_eq!(
                    n.normalized_offset(c),
                    origin.partition_point(|&(start, _)| (start as usize) < c)
                );
            }
        }
    }

    #[test]
    fn an_article_paragraph_takes_a_few_runs_not_a_pair_per_byte() {
        let paragraph = "“We’re not going to leave,” he said — and the 40th Army \
                         stayed until February 1989, nine years\u{a0}later.";
        let n = Normalized::new(paragraph);
        // The curly quotes, the dash and the no-break space fold to one
        // byte each, in line with their chars: one run for it all.
        assert_eq!(n.origin.runs(), 1);
        // An accent (two bytes from one char), a collapsed run of spaces and
        // an ellipsis (three bytes from one char) each break it.
        let n = Normalized::new("café  au lait… done");
        assert_eq!(n.origin.runs(), 6);
        assert_eq!(n.origin.len(), n.as_str().len());
    }

    proptest::proptest! {
        #[test]
        fn char_offsets_agree_with_a_byte_offset_per_char(
            text in "[a-c \u{e9}\u{2014}\u{1f600}]{0,24}",
            before in "[a-c \u{e9}\u{2014}\u{1f600}]{0,24}",
            reused in proptest::bool::ANY,
        ) {
            // Fresh, or decoded into the room of another text's index.
            let index = if reused {
                let mut index = CharIndex::new(&before);
                index.decode(&text);
                index
            } else {
                CharIndex::new(&text)
            };
            proptest::prop_assert_eq!(index.chars.iter().collect::<String>(), text.clone());
            // The map as it was: the byte offset of every char, then the
            // text's length.
            let mut bytes: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            bytes.push(text.len());
            for i in 0..bytes.len() + 3 {
                let expected = bytes.get(i).or(bytes.last()).copied().unwrap_or(0);
                proptest::prop_assert_eq!(index.byte(i), expected, "char {}", i);
            }
            for b in 0..text.len() + 3 {
                proptest::prop_assert_eq!(
                    index.char_at_byte(b),
                    bytes.partition_point(|&at| at < b),
                    "byte {}", b
                );
            }
        }
    }

    #[test]
    fn empty_and_whitespace_only() {
        assert_eq!(normalize(""), "");
        assert_eq!(normalize(" \u{a0}\n"), " ");
        assert_eq!(Normalized::new("").original_range(0..0), 0..0);
    }
}
