//! The fixed English words the fact kinds look for, and a word's class
//! among them: looked up once per word as it is lexed, in a hash table
//! built at compile time over the words packed into integers.

/// What a word is among the fixed words: a set of flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Class(u8);

impl Class {
    pub const NONE: Class = Class(0);
    /// A number word: `ten`, `twenty`, `first`, `million`, `dozen`.
    pub const NUMBER: Class = Class(1);
    /// `a`, `an`: may open a number (`a million`).
    pub const ARTICLE: Class = Class(2);
    /// A negation word: `not`, `never`, `isn’t`, `cannot` …
    pub const NEGATION: Class = Class(4);
    /// A function word, no name when it opens a sentence capitalized.
    pub const FUNCTION: Class = Class(8);
    /// Never a name: negations, number words, `I`, honorifics.
    pub const NEVER_A_NAME: Class = Class(16);

    pub fn has(self, flag: Class) -> bool {
        self.0 & flag.0 != 0
    }

    pub fn union(self, other: Class) -> Class {
        Class(self.0 | other.0)
    }

    pub fn intersection(self, other: Class) -> Class {
        Class(self.0 & other.0)
    }
}

/// Number words: units, tens, ordinals, scales (see `numbers`).
const NUMBER_WORDS: &[&str] = &[
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
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
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
    "twentieth",
    "thirtieth",
    "fortieth",
    "fiftieth",
    "sixtieth",
    "seventieth",
    "eightieth",
    "ninetieth",
    "hundredth",
    "thousandth",
    "millionth",
    "billionth",
    "hundred",
    "thousand",
    "million",
    "billion",
    "trillion",
    "dozen",
];

/// The negation words of CONTRACT §4 rule 5, besides those ending in `n’t`.
const NEGATIONS: &[&str] = &[
    "not", "no", "never", "nor", "neither", "none", "nothing", "nobody", "cannot",
];

/// Never names besides negations and number words: the pronoun `I`, honorifics.
const NEVER_NAMES: &[&str] = &[
    "i", "i'm", "i've", "i'd", "i'll", "mr", "mrs", "ms", "mx", "messrs",
];

/// Function words that open a sentence capitalized without naming anything.
const FUNCTION_WORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "this",
    "that",
    "these",
    "those",
    "it",
    "its",
    "it's",
    "he",
    "she",
    "they",
    "we",
    "you",
    "his",
    "her",
    "their",
    "our",
    "your",
    "my",
    "him",
    "them",
    "us",
    "me",
    "one's",
    "there",
    "here",
    "and",
    "but",
    "or",
    "so",
    "yet",
    "for",
    "as",
    "if",
    "because",
    "although",
    "though",
    "while",
    "whereas",
    "when",
    "where",
    "whether",
    "unless",
    "until",
    "since",
    "once",
    "after",
    "before",
    "during",
    "in",
    "on",
    "at",
    "of",
    "to",
    "from",
    "by",
    "with",
    "without",
    "within",
    "into",
    "onto",
    "over",
    "under",
    "about",
    "above",
    "below",
    "across",
    "against",
    "along",
    "amid",
    "among",
    "around",
    "between",
    "beyond",
    "despite",
    "following",
    "like",
    "unlike",
    "per",
    "via",
    "through",
    "throughout",
    "toward",
    "towards",
    "upon",
    "according",
    "what",
    "which",
    "who",
    "whom",
    "whose",
    "why",
    "how",
    "whatever",
    "is",
    "was",
    "were",
    "are",
    "am",
    "be",
    "been",
    "being",
    "has",
    "have",
    "had",
    "having",
    "do",
    "does",
    "did",
    "will",
    "would",
    "can",
    "could",
    "should",
    "shall",
    "might",
    "must",
    "given",
    "some",
    "many",
    "most",
    "much",
    "several",
    "few",
    "more",
    "less",
    "fewer",
    "other",
    "others",
    "another",
    "such",
    "each",
    "every",
    "all",
    "both",
    "either",
    "any",
    "someone",
    "somebody",
    "everyone",
    "everybody",
    "anyone",
    "anybody",
    "everything",
    "something",
    "however",
    "also",
    "still",
    "then",
    "now",
    "thus",
    "meanwhile",
    "instead",
    "later",
    "earlier",
    "eventually",
    "finally",
    "initially",
    "today",
    "yesterday",
    "tomorrow",
    "recently",
    "currently",
    "previously",
    "subsequently",
    "moreover",
    "furthermore",
    "nevertheless",
    "nonetheless",
    "indeed",
    "rather",
    "perhaps",
    "only",
    "even",
    "just",
    "already",
    "soon",
    "often",
    "sometimes",
    "again",
    "almost",
    "nearly",
    "roughly",
    "last",
    "next",
    "overall",
    "together",
    "ultimately",
    "apparently",
    "reportedly",
    "allegedly",
    "notably",
    "famously",
    "similarly",
    "likewise",
    "additionally",
    "accordingly",
    "consequently",
    "therefore",
    "hence",
    "otherwise",
    "besides",
    "especially",
    "mostly",
    "largely",
    "partly",
    "mainly",
    "officially",
    "publicly",
    "quietly",
    "quickly",
    "slowly",
    "suddenly",
    "gradually",
    "increasingly",
    "yes",
    "let",
    "let's",
    "far",
    "long",
    "well",
];

/// How many fixed words the lists hold.
const WORDS: usize = words();

/// Slots of the open-addressing table: a power of two, under a third full.
const SLOTS: usize = 1024;

/// The fixed words packed into keys (lower case, up to 16 bytes) with
/// their merged flags, by hash, built at compile time; key 0 is an empty slot.
static TABLE: [(u128, u8); SLOTS] = table();

/// A lower-case word of up to 16 ASCII bytes as one integer.
const fn pack(word: &[u8]) -> u128 {
    let mut key = 0u128;
    let mut i = 0;
    while i < word.len() && i < 16 {
        key |= (word[i] as u128) << (8 * i);
        i += 1;
    }
    key
}

/// The first slot to probe for `key`.
const fn slot(key: u128) -> usize {
    let folded = (key as u64) ^ ((key >> 64) as u64).rotate_left(29);
    (folded.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 54) as usize
}

const LISTS: [(&[&str], u8); 5] = [
    (NUMBER_WORDS, Class::NUMBER.0 | Class::NEVER_A_NAME.0),
    (&["a", "an"], Class::ARTICLE.0),
    (NEGATIONS, Class::NEGATION.0 | Class::NEVER_A_NAME.0),
    (NEVER_NAMES, Class::NEVER_A_NAME.0),
    (FUNCTION_WORDS, Class::FUNCTION.0),
];

const fn words() -> usize {
    let mut n = 0;
    let mut l = 0;
    while l < LISTS.len() {
        n += LISTS[l].0.len();
        l += 1;
    }
    n
}

/// Every word of every list in its slot (linear probing); a word in two
/// lists (`a`, an article and a function word) has both flags.
const fn table() -> [(u128, u8); SLOTS] {
    const { assert!(WORDS * 3 < SLOTS) };
    let mut table = [(0u128, 0u8); SLOTS];
    let mut l = 0;
    while l < LISTS.len() {
        let mut w = 0;
        while w < LISTS[l].0.len() {
            let key = pack(LISTS[l].0[w].as_bytes());
            let mut at = slot(key);
            while table[at].0 != 0 && table[at].0 != key {
                at = (at + 1) % SLOTS;
            }
            table[at] = (key, table[at].1 | LISTS[l].1);
            w += 1;
        }
        l += 1;
    }
    table
}

/// The flags of a packed key.
fn lookup(key: u128) -> Class {
    let mut at = slot(key);
    loop {
        match TABLE[at] {
            (0, _) => return Class::NONE,
            (k, flags) if k == key => return Class(flags),
            _ => at = (at + 1) % SLOTS,
        }
    }
}

/// The class of a word as written (any case, `’` or `'`).
pub(super) fn classify(word: &str) -> Class {
    classify_at(word.as_bytes(), 0, word.len())
}

/// The class of the word at `start..end` of `text`.
pub(super) fn classify_at(text: &[u8], start: usize, end: usize) -> Class {
    match key_at(text, start, end) {
        Some((key, len)) => class_of_key(key, len, &ANY_WORD),
        None => Class::NONE,
    }
}

/// The flags that matter in a word that does not open with a capital:
/// numbers and negations read them; `FUNCTION` and `NEVER_A_NAME` only
/// matter to names, which are capitalized.
pub(super) const LOWER_FLAGS: Class = Class(Class::NUMBER.0 | Class::ARTICLE.0 | Class::NEGATION.0);

/// [`classify_at`] of a word that does not open with a capital, among
/// [`LOWER_FLAGS`] only: the few words that have them rule out most words
/// (`the`, `had`) before the table is looked at.
pub(super) fn classify_lower_at(text: &[u8], start: usize, end: usize) -> Class {
    match key_at(text, start, end) {
        Some((key, len)) => class_of_key(key, len, &LOWER_WORD).intersection(LOWER_FLAGS),
        None => Class::NONE,
    }
}

/// [`classify_at`] of a word of ASCII letters and digits only (no
/// apostrophe, so no `n't`), from its bytes; for a word that does not open
/// with a capital, among [`LOWER_FLAGS`] only ([`classify_lower_at`]).
/// Most words are none of the fixed words, and the filter tells so without
/// packing them.
#[inline]
pub(super) fn classify_plain(word: &[u8], capital: bool) -> Class {
    let len = word.len();
    let (Some(&first), Some(&last)) = (word.first(), word.last()) else {
        return Class::NONE;
    };
    // The prefix table first: it rules out most lower-case words in one
    // load, before the filter's hash is worked out.
    if len > 16 || !(capital || LOWER_PREFIXES.may_hold(first, word.get(1).copied(), len)) {
        return Class::NONE;
    }
    // The bytes of the key: bit 5 lowers a capital, as in `key_at`.
    let second = word.get(1).map_or(0, |&b| u32::from(b | 0x20));
    let first_two = u32::from(first | 0x20) | (second << 8);
    let at = sketch_of(first_two, u32::from(last | 0x20), len);
    let filter = if capital { &ANY_WORD } else { &LOWER_WORD };
    if !filter.has(at) {
        return Class::NONE;
    }
    let mut key = 0u128;
    for (i, &b) in word.iter().enumerate() {
        key |= u128::from(b | 0x20) << (8 * i);
    }
    let class = lookup(key);
    if capital {
        class
    } else {
        class.intersection(LOWER_FLAGS)
    }
}

/// The word at `start..end` of `text` packed as a key (lower case, `’`
/// as `'`), with its length in bytes of the key; None for a word that can
/// be none of the fixed words. Read in one load of sixteen bytes where
/// the text has them.
#[inline]
fn key_at(text: &[u8], start: usize, end: usize) -> Option<(u128, usize)> {
    let len = end.checked_sub(start)?;
    let word = text.get(start..end)?;
    if len == 0 {
        return None;
    }
    if len <= 16 && word.is_ascii() {
        let raw = match text.get(start..start + 16) {
            Some(sixteen) => u128::from_le_bytes(sixteen.try_into().unwrap_or([0; 16])),
            None => pack(word),
        };
        // A word token is letters, digits and apostrophes: setting bit 5
        // of each byte lowers a capital and leaves the others as they are.
        let mask = u128::MAX.checked_shr(8 * (16 - len as u32)).unwrap_or(0);
        Some((
            (raw & mask) | (mask & 0x2020_2020_2020_2020_2020_2020_2020_2020),
            len,
        ))
    } else {
        pack_folded(word).filter(|&(_, len)| len > 0)
    }
}

/// The flags of a packed key of `len` (at least 1) bytes: the table's,
/// looked up only when `filter` lets the key through, and `NEGATION` for
/// a word ending in `n't` (`isn’t`, `didn't`).
fn class_of_key(key: u128, len: usize, filter: &Filter) -> Class {
    let mut class = if filter.may_hold(key, len) {
        lookup(key)
    } else {
        Class::NONE
    };
    if len >= 3 && (key >> (8 * (len - 3))) & 0xFF_FFFF == u128::from_le_bytes(pad(*b"n't")) {
        class = class.union(Class::NEGATION).union(Class::NEVER_A_NAME);
    }
    class
}

/// A set of keys that may be in the table, by their length, first two
/// bytes and last byte, hashed into 4,096 bits (512 bytes, at home in the
/// cache next to the lexer): a key not in it is none of the fixed words
/// the filter was built over, with no table probe.
struct Filter([u64; 64]);

/// Where a key of `len` (at least 1) bytes falls in a [`Filter`].
const fn sketch(key: u128, len: usize) -> usize {
    sketch_of(
        (key & 0xFFFF) as u32,
        ((key >> (8 * (len - 1))) & 0xFF) as u32,
        len,
    )
}

/// The same from the key's first two bytes (the second 0 for a key of
/// one), its last byte and its length.
const fn sketch_of(first_two: u32, last: u32, len: usize) -> usize {
    let h = first_two | (last << 16) | ((len as u32) << 24);
    (h.wrapping_mul(0x9E37_79B1) >> 20) as usize
}

impl Filter {
    /// Over every word of the lists whose flags meet `flags`.
    const fn of(flags: u8) -> Filter {
        let mut bits = [0u64; 64];
        let mut l = 0;
        while l < LISTS.len() {
            if LISTS[l].1 & flags != 0 {
                let mut w = 0;
                while w < LISTS[l].0.len() {
                    let word = LISTS[l].0[w].as_bytes();
                    let at = sketch(pack(word), word.len());
                    bits[at / 64] |= 1 << (at % 64);
                    w += 1;
                }
            }
            l += 1;
        }
        Filter(bits)
    }

    fn may_hold(&self, key: u128, len: usize) -> bool {
        self.has(sketch(key, len))
    }

    fn has(&self, at: usize) -> bool {
        self.0[at / 64 % 64] & (1 << (at % 64)) != 0
    }
}

/// The lengths of the fixed words with a flag of [`LOWER_FLAGS`], by
/// their first two letters (the second `{` for a word of one): most
/// lower-case words (`the`, `had`) are told none of them by one load,
/// before the [`Filter`]'s hash.
struct Prefixes([u32; 26 * 27]);

impl Prefixes {
    const fn of(flags: u8) -> Prefixes {
        let mut lengths = [0u32; 26 * 27];
        let mut l = 0;
        while l < LISTS.len() {
            if LISTS[l].1 & flags != 0 {
                let mut w = 0;
                while w < LISTS[l].0.len() {
                    let word = LISTS[l].0[w].as_bytes();
                    let second = if word.len() > 1 { word[1] } else { b'{' };
                    if word[0].is_ascii_lowercase()
                        && (second.is_ascii_lowercase() || second == b'{')
                    {
                        let at = (word[0] - b'a') as usize * 27 + (second - b'a') as usize;
                        lengths[at] |= 1 << word.len();
                    }
                    w += 1;
                }
            }
            l += 1;
        }
        Prefixes(lengths)
    }

    /// Whether a plain word (ASCII letters and digits) of `len` bytes
    /// opening with `first` and `second` (any case) may be one of the
    /// words. A fixed word of the flags has no digit (asserted below), so
    /// a first or second byte that is not a letter rules it out.
    fn may_hold(&self, first: u8, second: Option<u8>, len: usize) -> bool {
        let second = second.map_or(b'{', |b| b | 0x20);
        let first = first | 0x20;
        if !first.is_ascii_lowercase() || !(second.is_ascii_lowercase() || second == b'{') {
            return false;
        }
        let at = usize::from(first - b'a') * 27 + usize::from(second - b'a');
        len < 32
            && self
                .0
                .get(at)
                .is_some_and(|lengths| lengths & (1 << len) != 0)
    }
}

/// The fixed words a lower-case word may be, by prefix.
static LOWER_PREFIXES: Prefixes = Prefixes::of(LOWER_FLAGS.0);

/// Every fixed word.
static ANY_WORD: Filter = Filter::of(u8::MAX);
/// The fixed words with a flag of [`LOWER_FLAGS`].
static LOWER_WORD: Filter = Filter::of(LOWER_FLAGS.0);

/// A word with `’` or `ʼ` in it, folded to `'` and packed; None for any
/// other non-ASCII word, or one past 16 bytes.
fn pack_folded(bytes: &[u8]) -> Option<(u128, usize)> {
    let mut key = 0u128;
    let mut len = 0;
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        let (lower, width) = match b {
            b if b.is_ascii() => (b.to_ascii_lowercase(), 1),
            0xE2 if bytes.get(at + 1..at + 3) == Some(&[0x80, 0x99]) => (b'\'', 3),
            0xCA if bytes.get(at + 1) == Some(&0xBC) => (b'\'', 2),
            _ => return None,
        };
        if len == 16 {
            return None;
        }
        key |= u128::from(lower) << (8 * len);
        len += 1;
        at += width;
    }
    Some((key, len))
}

const fn pad(bytes: [u8; 3]) -> [u8; 16] {
    let mut out = [0; 16];
    out[0] = bytes[0];
    out[1] = bytes[1];
    out[2] = bytes[2];
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The class as the table alone gives it, without the filters: the
    /// oracle of the quick paths.
    fn unfiltered(word: &str) -> Class {
        match pack_folded(word.as_bytes()) {
            Some((key, len)) if len > 0 => class_of_key(key, len, &Filter([u64::MAX; 64])),
            _ => Class::NONE,
        }
    }

    /// Words as the lexer reads them: letters (some capital, some not
    /// ASCII), digits and apostrophes; and every fixed word, in any case.
    fn word() -> impl Strategy<Value = String> {
        let fixed: Vec<&str> = LISTS
            .iter()
            .flat_map(|(list, _)| list.iter().copied())
            .collect();
        prop_oneof![
            "[a-zA-Z0-9'’éÉ]{1,18}",
            (proptest::sample::select(fixed), any::<u8>()).prop_map(|(w, case)| match case % 4 {
                0 => w.to_owned(),
                1 => w.to_uppercase(),
                2 => w.replace('\'', "’"),
                _ => {
                    let mut chars = w.chars();
                    chars
                        .next()
                        .map(|c| c.to_uppercase().chain(chars).collect())
                        .unwrap_or_default()
                }
            }),
            "[a-z]{1,6}n['’]t",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        /// The filters only ever spare a probe that would find nothing.
        #[test]
        fn the_filters_give_the_table_s_classes(word in word()) {
            let class = unfiltered(&word);
            let bytes = word.as_bytes();
            prop_assert_eq!(classify(&word), class, "{}", word);
            prop_assert_eq!(
                classify_lower_at(bytes, 0, bytes.len()),
                class.intersection(LOWER_FLAGS),
                "{}", word
            );
            if bytes.iter().all(u8::is_ascii_alphanumeric) {
                prop_assert_eq!(classify_plain(bytes, true), class, "{}", word);
                prop_assert_eq!(
                    classify_plain(bytes, false),
                    class.intersection(LOWER_FLAGS),
                    "{}", word
                );
            }
        }
    }

    #[test]
    fn classes() {
        assert!(classify("Ten").has(Class::NUMBER));
        assert!(classify("twenty").has(Class::NEVER_A_NAME));
        assert!(classify("The").has(Class::FUNCTION));
        assert!(!classify("Theo").has(Class::FUNCTION));
        assert!(classify("a").has(Class::ARTICLE) && classify("A").has(Class::FUNCTION));
        assert!(classify("isn’t").has(Class::NEGATION));
        assert!(classify("It’s").has(Class::FUNCTION));
        assert!(classify("didn't").has(Class::NEGATION));
        assert!(classify("NEVER").has(Class::NEGATION));
        assert!(classify("I’m").has(Class::NEVER_A_NAME));
        assert_eq!(classify("Russia"), Class::NONE);
        assert_eq!(classify("n"), Class::NONE);
        assert_eq!(classify("Zithmourport"), Class::NONE);
        assert_eq!(classify("internationalization"), Class::NONE);
        assert_eq!(classify("Ángel"), Class::NONE);
    }

    /// The number words here are the ones `numbers` reads, no more, no fewer.
    #[test]
    fn number_words_agree_with_the_number_reader() {
        for word in NUMBER_WORDS {
            assert!(super::super::numbers::is_number_word(word), "{word}");
        }
        for word in ["a", "and", "hundreds", "percent", "one's", "firstly"] {
            assert!(!super::super::numbers::is_number_word(word), "{word}");
        }
    }

    /// What [`Prefixes`] relies on: the words with a flag of
    /// [`LOWER_FLAGS`] are lower-case ASCII letters (and apostrophes, which
    /// a plain word has none of).
    #[test]
    fn lower_flag_words_are_letters() {
        for (list, flags) in LISTS {
            if flags & LOWER_FLAGS.0 == 0 {
                continue;
            }
            for word in list {
                assert!(
                    word.bytes().all(|b| b.is_ascii_lowercase() || b == b'\''),
                    "{word}"
                );
            }
        }
    }

    #[test]
    fn every_listed_word_is_found() {
        for (list, flags) in LISTS {
            for word in list {
                assert!(word.len() <= 16, "{word}");
                assert_eq!(classify(word).0 & flags, flags, "{word}");
            }
        }
    }
}
