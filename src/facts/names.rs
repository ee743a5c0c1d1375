//! Names (CONTRACT §4 rule 5): the capitalized words of a claim, and the
//! words of a quote or paragraph that back them.
//!
//! A name is a capitalized word that is not a capitalized function word
//! opening a sentence (`The`, `In`, `However`), a number word (`Thirty`),
//! a negation (`No`), the pronoun `I`, an honorific (`Mr`) or a label
//! opening the claim (`Reported:`). It is backed
//! by another form of itself in any case: possessive (`Russia’s`), plural
//! (`Soviets`), a shared stem (`Russia`/`Russian`, `Afghan`/`Afghanistan`).
//! Months and weekdays are backed only by themselves, capitalized, so that
//! `may` (the verb) never backs `May`; acronyms only by a capitalized word
//! of the same letters (`U.S.`, `US`, `Nato`) or by the initials of a run
//! of capitalized words (`United States`).

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;

use super::lexer::{Class, Kind, Token, is_invisible, lower_ascii};

/// What a name is, for matching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Name {
    /// 1 (January) to 12.
    Month(u8),
    /// 1 (Monday) to 7.
    Weekday(u8),
    /// Two or more capital letters (`ISIS`, `U.S.`): the key in lower case,
    /// without dots.
    Acronym(Box<str>),
    /// Any other name: lower case, without a possessive.
    Word(Box<str>),
}

/// A name of a claim.
#[derive(Debug, Clone)]
pub(super) struct ClaimName {
    /// The word as written, without its possessive (`Russia` of `Russia’s`).
    pub span: Range<usize>,
    /// Single letters joined by dots (`U.S`).
    pub dotted: bool,
    /// The name right before it is part of the same run (`Sergei Lavrov`,
    /// `Soviet-Afghan`): separated by one space or a hyphen only.
    pub follows: bool,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

fn capitalized(word: &str) -> bool {
    match word.as_bytes().first() {
        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
        _ => word.chars().next().is_some_and(char::is_uppercase),
    }
}

/// Whether a capitalized word may be a month ([`month`]): every month and
/// its abbreviations open with one of these capitals.
fn may_be_month(word: &str) -> bool {
    matches!(
        word.as_bytes().first(),
        Some(b'J' | b'F' | b'M' | b'A' | b'S' | b'O' | b'N' | b'D')
    )
}

/// The month a capitalized word names (`March`, `Sept`), 1 to 12.
pub(super) fn month(word: &str) -> Option<u8> {
    if !capitalized(word) {
        return None;
    }
    let mut buf = [0; 24];
    let word = lower_ascii(strip_possessive(word), &mut buf)?;
    let word = word.strip_suffix('.').unwrap_or(word);
    let full = MONTHS.iter().position(|&m| m == word);
    let short = || match word {
        "jan" => Some(0),
        "feb" => Some(1),
        "mar" => Some(2),
        "apr" => Some(3),
        "jun" => Some(5),
        "jul" => Some(6),
        "aug" => Some(7),
        "sep" | "sept" => Some(8),
        "oct" => Some(9),
        "nov" => Some(10),
        "dec" => Some(11),
        _ => None,
    };
    full.or_else(short).map(|m| m as u8 + 1)
}

/// The weekday a capitalized word names (`Monday`, `Mondays`), 1 to 7.
pub(super) fn weekday(word: &str) -> Option<u8> {
    if !capitalized(word) {
        return None;
    }
    let mut buf = [0; 24];
    let word = lower_ascii(strip_possessive(word), &mut buf)?;
    let word = word.strip_suffix('s').unwrap_or(word);
    WEEKDAYS
        .iter()
        .position(|&d| d == word)
        .map(|d| d as u8 + 1)
}

/// `Russia’s` → `Russia`.
fn strip_possessive(word: &str) -> &str {
    // Bytes, not chars: a possessive ends in `s` after an apostrophe's
    // last byte (`'`, `’` = E2 80 99, `ʼ` = CA BC); most words do not.
    let bytes = word.as_bytes();
    if !matches!(bytes.last(), Some(b's' | b'S'))
        || !matches!(
            bytes.len().checked_sub(2).map(|i| bytes[i]),
            Some(b'\'' | 0x99 | 0xBC)
        )
    {
        return word;
    }
    for possessive in ["'s", "’s", "ʼs", "'S", "’S"] {
        if let Some(stem) = word.strip_suffix(possessive)
            && !stem.is_empty()
        {
            return stem;
        }
    }
    word
}

/// The matching key of a word into `out`: lower case, NFC, apostrophes as
/// `'`, without its possessive, dots or invisible chars.
fn key_into(word: &str, out: &mut String) {
    out.clear();
    let word = strip_possessive(word);
    if word.is_ascii() {
        out.extend(
            word.bytes()
                .filter(|&b| b != b'.')
                .map(|b| char::from(b.to_ascii_lowercase())),
        );
        return;
    }
    for c in word.nfc() {
        match c {
            '.' => {}
            '\u{2019}' | '\u{2bc}' => out.push('\''),
            c if is_invisible(c) => {}
            c => out.extend(c.to_lowercase()),
        }
    }
}

/// Two or more letters, all capitals (`ISIS`, `USSR`, `MH17`), or dotted.
fn is_acronym(word: &str, dotted: bool) -> bool {
    let mut letters = word.chars().filter(|c| c.is_alphabetic());
    dotted || (letters.clone().count() >= 2 && letters.all(char::is_uppercase))
}

/// What a name of `claim` stands for, for matching (built only for names
/// that no text holds as written).
pub(super) fn name_of(claim: &str, name: &ClaimName) -> Name {
    classify(&claim[name.span.clone()], name.dotted)
}

/// The name a capitalized word of a claim stands for.
fn classify(word: &str, dotted: bool) -> Name {
    if let Some(m) = month(word) {
        return Name::Month(m);
    }
    if let Some(d) = weekday(word) {
        return Name::Weekday(d);
    }
    let mut key = String::with_capacity(word.len());
    key_into(word, &mut key);
    if is_acronym(strip_possessive(word), dotted) {
        Name::Acronym(key.into_boxed_str())
    } else {
        Name::Word(key.into_boxed_str())
    }
}

/// Acronyms that name what a word names (`USSR` and `Soviet`).
fn alias(acronym: &str) -> Option<&'static str> {
    match acronym {
        "ussr" => Some("soviet"),
        "us" | "usa" => Some("america"),
        "uk" => Some("britain"),
        _ => None,
    }
}

/// Endings by which one form of a name extends another: `Russia`+`n`,
/// `Afghan`+`istan`, `Ukrain`+`ian`, `Chin`+`ese`, `Israel`+`i`,
/// `Islam`+`ist`, `West`+`ern`. Anything else (`Roman`/`Romania`,
/// `George`/`Georgia`, `Stalin`/`Stalingrad`) is another name.
const STEM_ENDINGS: [&str; 13] = [
    "n", "an", "ian", "ean", "ese", "i", "ic", "ist", "ism", "ite", "ish", "ern", "istan",
];

/// Whether two keys are forms of one name.
fn same_stem(a: &str, b: &str) -> bool {
    let forms = |k| [Some(k), plural(k)];
    forms(a)
        .into_iter()
        .flatten()
        .any(|a| forms(b).into_iter().flatten().any(|b| extends(a, b)))
}

/// `soviets` → `soviet`.
fn plural(key: &str) -> Option<&str> {
    key.strip_suffix('s').filter(|s| s.chars().count() >= 3)
}

/// `russia` → `russi`: a key without its final vowel.
fn without_vowel(key: &str) -> Option<&str> {
    key.char_indices()
        .next_back()
        .filter(|&(_, c)| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y'))
        .map(|(at, _)| &key[..at])
}

fn extends(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let stems = [Some(short), without_vowel(short)];
    if stems.into_iter().flatten().any(|stem| {
        stem.chars().count() >= 4
            && long
                .strip_prefix(stem)
                .is_some_and(|ending| STEM_ENDINGS.contains(&ending))
    }) {
        return true;
    }
    // Transliterations that differ in a final vowel: `Dmitry`/`Dmitri`,
    // `Sergei`/`Sergey`.
    match (without_vowel(a), without_vowel(b)) {
        (Some(a), Some(b)) => a == b && a.chars().count() >= 5,
        _ => false,
    }
}

/// Marks that end a sentence, after which a capitalized function word is
/// not a name.
fn ends_sentence(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | ':' | '…' | '。' | '？' | '！' | '؟')
}

/// Marks a sentence may open with (`“The …`, `(In …`) without losing its start.
fn opens_or_closes(c: char) -> bool {
    matches!(
        c,
        '"' | '“'
            | '”'
            | '„'
            | '‟'
            | '«'
            | '»'
            | '「'
            | '」'
            | '『'
            | '』'
            | '\''
            | '('
            | ')'
            | '['
            | ']'
    )
}

/// The names of a claim, in order, into `names`; tokens for which `skip`
/// holds (inside quoted phrases) are not read. Every token is looked at:
/// the reading [`of_claim_at`] must agree with.
pub(super) fn of_claim(
    text: &str,
    tokens: &[Token],
    skip: impl Fn(&Token) -> bool,
    names: &mut Vec<ClaimName>,
) {
    let mut sentence_start = true;
    // Token index of the last name, to tell a run (`Sergei Lavrov`).
    let mut last_name: Option<usize> = None;
    for (i, token) in tokens.iter().enumerate() {
        let opens = sentence_start;
        match token.kind {
            Kind::Mark(c) if ends_sentence(c) => sentence_start = true,
            Kind::Mark(c) if opens_or_closes(c) => {}
            _ => sentence_start = false,
        }
        let Kind::Word { .. } = token.kind else {
            continue;
        };
        // Most words are not capitalized: told by their first byte.
        let capital = match text.as_bytes().get(token.start) {
            Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
            _ => capitalized(&text[token.range()]),
        };
        if capital {
            take(text, tokens, i, opens, &skip, &mut last_name, names);
        }
    }
}

/// [`of_claim`] over the capitalized words only (`capitals`, their token
/// indices in order, as `lexer::lex_into` notes them): whether a word
/// opens a sentence is read back from it, past the marks a sentence may
/// open with.
pub(super) fn of_claim_at(
    text: &str,
    tokens: &[Token],
    capitals: &[usize],
    skip: impl Fn(&Token) -> bool,
    names: &mut Vec<ClaimName>,
) {
    let mut last_name: Option<usize> = None;
    for &i in capitals {
        let opens = tokens[..i]
            .iter()
            .rev()
            .find(|t| !matches!(t.kind, Kind::Mark(c) if !ends_sentence(c) && opens_or_closes(c)))
            .is_none_or(|t| matches!(t.kind, Kind::Mark(c) if ends_sentence(c)));
        take(text, tokens, i, opens, &skip, &mut last_name, names);
    }
}

/// Reads capitalized word `i` (which opens a sentence if `opens`) as a
/// name, unless it is none; `last_name` is the token index of the last name.
fn take(
    text: &str,
    tokens: &[Token],
    i: usize,
    opens: bool,
    skip: impl Fn(&Token) -> bool,
    last_name: &mut Option<usize>,
    names: &mut Vec<ClaimName>,
) {
    let token = &tokens[i];
    let Kind::Word { dotted, class } = token.kind else {
        return;
    };
    if class.has(Class::NEVER_A_NAME) || skip(token) {
        return;
    }
    let word = strip_possessive(&text[token.range()]);
    // `May` and `March` opening a sentence are the months: a claim
    // rarely opens with the verb.
    if opens && class.has(Class::FUNCTION) && !(may_be_month(word) && month(word).is_some()) {
        return;
    }
    // `Reported:`, `Update:` opening the claim label it; they name nothing.
    if i == 0
        && tokens
            .get(1)
            .is_some_and(|t| t.is_mark(':') && t.start == token.end)
    {
        return;
    }
    let follows = last_name.is_some_and(|last| {
        last + 1 == i
            || (last + 2 == i
                && tokens[last + 1].is_mark('-')
                && tokens[last].end == tokens[last + 1].start
                && tokens[last + 1].end == token.start)
    });
    names.push(ClaimName {
        span: token.start..token.start + word.len(),
        dotted,
        follows,
    });
    *last_name = Some(i);
}

/// Where each acronym of the claim is in a run of capitalized words whose
/// initials spell it (`United States` for `US`).
struct Initials {
    progress: Vec<usize>,
}

/// Marks in `backed` every name of `names` that a word of `text` backs.
/// `key` is a scratch buffer.
pub(super) fn back(
    names: &[Name],
    backed: &mut [bool],
    text: &str,
    tokens: &[Token],
    key: &mut String,
) {
    let mut initials = Initials {
        progress: vec![0; names.len()],
    };
    let acronyms = names
        .iter()
        .zip(backed.iter())
        .any(|(n, b)| !b && matches!(n, Name::Acronym(_)));
    for token in tokens {
        if backed.iter().all(|&b| b) {
            return;
        }
        let Kind::Word { dotted, .. } = token.kind else {
            if acronyms && !token.is_mark('-') {
                initials.progress.iter_mut().for_each(|p| *p = 0);
            }
            continue;
        };
        let word = &text[token.range()];
        key_into(word, key);
        let word_capitalized = capitalized(word);
        // `USSR` in the text backs `Soviet` in the claim.
        let acronym_alias = || {
            alias(key).filter(|_| word_capitalized && is_acronym(strip_possessive(word), dotted))
        };
        for (n, (name, backed)) in names.iter().zip(backed.iter_mut()).enumerate() {
            if *backed {
                continue;
            }
            *backed = match name {
                Name::Month(m) => month(word) == Some(*m),
                Name::Weekday(d) => weekday(word) == Some(*d),
                Name::Acronym(letters) => {
                    (word_capitalized && **letters == **key)
                        || alias(letters).is_some_and(|a| same_stem(a, key))
                        || initials.spell(n, letters, word, key)
                }
                Name::Word(name) => {
                    same_stem(name, key) || acronym_alias().is_some_and(|a| same_stem(name, a))
                }
            };
        }
    }
}

impl Initials {
    /// Reads one word of the text for acronym `n`: a capitalized word
    /// whose initial is the next letter advances it, `of`/`and`/`the`
    /// inside the run are passed over, anything else starts it again.
    /// Whether the acronym is now spelled out.
    fn spell(&mut self, n: usize, letters: &str, word: &str, key: &str) -> bool {
        let Some(progress) = self.progress.get_mut(n) else {
            return false;
        };
        let wanted = |at: usize| letters.chars().nth(at);
        let initial = key.chars().next();
        if capitalized(word) && !is_acronym(word, false) {
            if initial.is_some() && initial == wanted(*progress) {
                *progress += 1;
            } else {
                *progress = usize::from(initial.is_some() && initial == wanted(0));
            }
        } else if !(*progress > 0 && matches!(key, "of" | "and" | "the" | "for" | "de")) {
            *progress = 0;
        }
        *progress >= 2 && *progress == letters.chars().count()
    }
}

#[cfg(test)]
mod tests {
    use super::super::lexer::lex;
    use super::*;

    fn claim_names(text: &str, tokens: &[Token]) -> Vec<ClaimName> {
        let mut names = Vec::new();
        of_claim(text, tokens, |_| false, &mut names);
        names
    }

    fn names(text: &str) -> Vec<&str> {
        let mut tokens = Vec::new();
        lex(text, &mut tokens);
        claim_names(text, &tokens)
            .into_iter()
            .map(|n| &text[n.span])
            .collect()
    }

    /// Whether `text` backs the single name of `claim`.
    fn backs(claim: &str, text: &str) -> bool {
        let mut tokens = Vec::new();
        lex(claim, &mut tokens);
        let names: Vec<Name> = claim_names(claim, &tokens)
            .iter()
            .map(|n| name_of(claim, n))
            .collect();
        assert_eq!(names.len(), 1, "{claim}: {names:?}");
        let mut backed = [false];
        lex(text, &mut tokens);
        back(&names, &mut backed, text, &tokens, &mut String::new());
        backed[0]
    }

    #[test]
    fn capitalized_words_are_names_except_function_words_opening_a_sentence() {
        assert_eq!(
            names("The Kremlin said. In May, Russia’s envoy met Boris Gromov."),
            ["Kremlin", "May", "Russia", "Boris", "Gromov"]
        );
        // A content word opening a sentence is a name: it must be backed.
        assert_eq!(names("Critics called it a waste."), ["Critics"]);
        // Mid-sentence, a capitalized function word is part of a name.
        assert_eq!(names("a court in The Hague"), ["The", "Hague"]);
        assert_eq!(names("“The war,” he said. (The end.)"), Vec::<&str>::new());
        // A word and a colon opening the claim are its label.
        assert_eq!(
            names("Reported: Putin said. Update: no."),
            ["Putin", "Update"]
        );
    }

    #[test]
    fn numbers_negations_pronoun_and_honorifics_are_not_names() {
        assert_eq!(
            names("Thirty years on, No one and I met Mr. Putin; First, Twenty-Fifth."),
            ["Putin"]
        );
    }

    #[test]
    fn every_month_opens_with_a_month_capital() {
        for month_name in MONTHS {
            for cut in 3..=month_name.len() {
                let mut word: String = month_name[..cut].to_owned();
                word[..1].make_ascii_uppercase();
                for word in [word.clone(), format!("{word}."), format!("{word}’s")] {
                    assert!(month(&word).is_none() || may_be_month(&word), "{word}");
                }
            }
        }
    }

    #[test]
    fn months_and_acronyms() {
        assert_eq!(names("May 2024 and March"), ["May", "March"]);
        assert_eq!(names("the U.S. and ISIS-K"), ["U.S", "ISIS", "K"]);
    }

    #[test]
    fn runs_of_names() {
        let mut tokens = Vec::new();
        let text = "Foreign Minister Sergei Lavrov and the Soviet-Afghan war";
        lex(text, &mut tokens);
        let follows: Vec<bool> = claim_names(text, &tokens)
            .iter()
            .map(|n| n.follows)
            .collect();
        assert_eq!(follows, [false, true, true, true, false, true]);
    }

    #[test]
    fn other_forms_of_a_name() {
        assert!(backs("Russia", "the Russian Federation"));
        assert!(backs("Russians", "Russia’s list"));
        assert!(backs("Afghanistan", "an Afghan envoy"));
        assert!(backs("Afghan", "in Afghanistan"));
        assert!(backs("Ukrainian", "Ukraine"));
        assert!(backs("Chinese", "China"));
        assert!(backs("Soviets", "the Soviet army"));
        assert!(backs("Kremlin’s", "the kremlin"));
        assert!(backs("War", "the Afghan war"));
        assert!(backs("Western", "the West"));
        assert!(backs("Dmitri", "Dmitry Zhirnov"));
        assert!(!backs("Georgia", "George W. Bush"));
        assert!(!backs("Romania", "a Roman road"));
        assert!(!backs("Stalingrad", "Stalin"));
        assert!(!backs("Islamic", "Islamist rebels"));
        assert!(!backs("Lavrov", "Putin described"));
        assert!(!backs("Rus", "Russia"));
    }

    #[test]
    fn months_are_only_themselves() {
        assert!(backs("in March", "on 3 March"));
        assert!(backs("in Feb. 1989", "in February 1989"));
        assert!(!backs("in March", "that may have hastened, a march"));
        assert!(!backs("in May", "the mayor, the Mayan ruins"));
        assert!(!backs("in July", "the Julian calendar"));
        assert!(backs("on Monday", "on Mondays"));
    }

    #[test]
    fn acronyms_by_letters_or_initials() {
        assert!(backs("the US", "the U.S. withdrawal"));
        assert!(backs("the U.S.", "the US withdrawal"));
        assert!(backs("the US", "covertly armed by the United States"));
        assert!(backs("the UN", "the United Nations"));
        assert!(backs("the USSR", "the Soviet Union"));
        assert!(backs("NATO", "Nato"));
        assert!(backs("the Soviet army", "the USSR"));
        assert!(!backs("the US", "told us"));
        assert!(!backs("the US", "United Russia and States"));
        // Any capitalized word of the same letters backs an acronym.
        assert!(backs("ISIS", "the Isis group"));
    }
}
