//! The facts of a claim and whether its evidence backs them (CONTRACT §4
//! rule 5): numbers, quoted phrases, names and negation.
//!
//! Pure: text in, values out. A claim is read once. Each evidence quote is
//! first searched for the claim's facts as written (`verbatim`), and read
//! in full only for the facts still lacking; the paragraph a quote was
//! found in is looked at only for names no quote backs.
//!
//! Where a rule cannot tell, it errs as documented on each kind's module:
//! `numbers`, `phrases`, `names`, `negation`.

mod lexer;
mod names;
mod negation;
mod numbers;
mod phrases;
mod verbatim;
mod vocab;

use std::cell::RefCell;
use std::fmt;
use std::ops::Range;

use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};

use lexer::{Candidates, Token};
use names::{ClaimName, Name};
use numbers::{Number, Side, Written};
use vocab::Class;

/// What kind of fact a claim states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FactKind {
    Number,
    Phrase,
    Name,
    Negation,
}

impl FactKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FactKind::Number => "number",
            FactKind::Phrase => "phrase",
            FactKind::Name => "name",
            FactKind::Negation => "negation",
        }
    }
}

/// One fact of a claim, as written.
///
/// Serializes as the JSON report lists it: `{"kind", "text", "start",
/// "end"}`, with `start`/`end` in chars of the claim text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    pub kind: FactKind,
    /// As written in the claim: `eighty-eight percent`, `Sergei Lavrov`,
    /// `n’t`'s word `isn’t`, a phrase without its quotation marks.
    pub text: String,
    /// Byte range of `text` in the claim's raw text.
    pub span: Range<usize>,
    /// The same in chars.
    pub chars: Range<usize>,
    /// For a name: what it names, for the message.
    what: Named,
}

/// What a name fact names, as its message says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Named {
    Other,
    Month,
    Weekday,
}

impl Serialize for Fact {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut fact = serializer.serialize_struct("Fact", 4)?;
        fact.serialize_field("kind", &self.kind)?;
        fact.serialize_field("text", &self.text)?;
        fact.serialize_field("start", &self.chars.start)?;
        fact.serialize_field("end", &self.chars.end)?;
        fact.end()
    }
}

impl Fact {
    /// What is wrong, after "claim `ID` ": it names the fact and its kind.
    pub fn message(&self) -> String {
        match self.kind {
            FactKind::Number => format!(
                "states the number {}, which none of its evidence quotes contains",
                self.text
            ),
            FactKind::Phrase => format!(
                "states the quoted phrase \"{}\", which none of its evidence quotes contains",
                self.text
            ),
            FactKind::Name => format!(
                "names {}, which neither its evidence nor the paragraph it is quoted from mentions",
                self.named()
            ),
            FactKind::Negation => format!(
                "says \"{}\", but none of its evidence quotes is negated",
                self.text
            ),
        }
    }

    /// What to do about it.
    pub fn help(&self) -> String {
        match self.kind {
            FactKind::Number => format!(
                "quote the passage that states {}, or correct the number in the claim",
                self.text
            ),
            FactKind::Phrase => {
                "quote the passage with these exact words, or correct the quotation in the claim"
                    .into()
            }
            FactKind::Name => format!(
                "quote the passage that names {}, or correct the claim",
                self.text
            ),
            FactKind::Negation => {
                "quote the passage that says so in the negative, or correct the claim".into()
            }
        }
    }

    /// What to say on the label under the fact's bytes in the claim.
    pub fn label(&self) -> &'static str {
        match self.kind {
            FactKind::Name => "not in the evidence or its paragraph",
            FactKind::Negation => "no evidence quote is negated",
            FactKind::Number | FactKind::Phrase => "not in the evidence",
        }
    }

    /// `Lavrov`, `the month March`.
    fn named(&self) -> String {
        match self.what {
            Named::Other => self.text.clone(),
            Named::Month => format!("the month {}", self.text),
            Named::Weekday => format!("the weekday {}", self.text),
        }
    }
}

impl fmt::Display for Fact {
    /// `the number 149`, `the quoted phrase "allies"`, `the name Lavrov`,
    /// `the negation "not"`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.kind, self.what) {
            (FactKind::Number, _) => write!(f, "the number {}", self.text),
            (FactKind::Phrase, _) => write!(f, "the quoted phrase \"{}\"", self.text),
            (FactKind::Name, Named::Other) => write!(f, "the name {}", self.text),
            (FactKind::Name, _) => f.write_str(&self.named()),
            (FactKind::Negation, _) => write!(f, "the negation \"{}\"", self.text),
        }
    }
}

/// One evidence item as the fact check reads it.
#[derive(Debug, Clone, Copy)]
pub struct EvidenceText<'a> {
    /// The quote (as written or normalized: both read the same).
    pub quote: &'a str,
    /// The text of the paragraph the quote was found in, if it was found.
    pub paragraph: Option<&'a str>,
}

/// Buffers reused claim after claim (an archive run checks tens of
/// thousands of claims per thread): tokens of the claim, where its facts
/// may begin, tokens of the text being read, and the claim's numbers and
/// names with whether each is backed yet.
struct Scratch {
    tokens: Vec<Token>,
    candidates: Candidates,
    text_tokens: Vec<Token>,
    numbers: Vec<(Range<usize>, Number, Written, bool)>,
    names: Vec<ClaimName>,
    names_backed: Vec<bool>,
}

impl Scratch {
    const fn new() -> Scratch {
        Scratch {
            tokens: Vec::new(),
            candidates: Candidates::new(),
            text_tokens: Vec::new(),
            numbers: Vec::new(),
            names: Vec::new(),
            names_backed: Vec::new(),
        }
    }
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = const { RefCell::new(Scratch::new()) };
}

/// The facts of `claim` that its evidence does not back, in claim order,
/// each once. With no evidence, every fact of the claim.
pub fn missing(claim: &str, evidence: &[EvidenceText]) -> Vec<Fact> {
    SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
        Ok(mut scratch) => missing_with(claim, evidence, &mut scratch, Reading::Quick),
        Err(_) => missing_with(claim, evidence, &mut Scratch::new(), Reading::Quick),
    })
}

/// Whether texts are first searched for facts as written ([`verbatim`]),
/// and the claim read from the candidates its lexing notes
/// ([`lexer::Candidates`]); `Full` reads every text in full and every
/// token of the claim, which must give the same facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    Quick,
    #[cfg_attr(not(test), allow(dead_code))]
    Full,
}

fn missing_with(
    claim: &str,
    evidence: &[EvidenceText],
    scratch: &mut Scratch,
    reading: Reading,
) -> Vec<Fact> {
    let Scratch {
        tokens,
        candidates,
        text_tokens,
        numbers,
        names,
        names_backed,
    } = scratch;
    let quick = reading == Reading::Quick;
    let holds = lexer::lex_into(claim, tokens, candidates);
    // The lexer tells a claim with no quotation mark (most claims).
    let phrases = if quick && !holds.quotes {
        Vec::new()
    } else {
        phrases::of_claim(claim)
    };
    let in_phrase = |t: &Token| phrases.iter().any(|p| p.outer.contains(&t.start));

    // Each fact with whether the evidence backs it yet.
    numbers.clear();
    if holds.digits || holds.classes.has(Class::NUMBER) || holds.classes.has(Class::ARTICLE) {
        let mut found = |span, number: Number, written| {
            if !numbers.iter().any(|(_, n, _, _)| *n == number) {
                numbers.push((span, number, written, false));
            }
        };
        if quick {
            let starts = candidates.numeric.iter().copied();
            numbers::scan_from(claim, tokens, starts, Side::Claim, in_phrase, &mut found);
        } else {
            numbers::scan(claim, tokens, Side::Claim, in_phrase, &mut found);
        }
    }
    names.clear();
    if holds.capitals && quick {
        names::of_claim_at(claim, tokens, &candidates.capitals, in_phrase, names);
    } else if holds.capitals {
        names::of_claim(claim, tokens, in_phrase, names);
    }
    names_backed.clear();
    names_backed.resize(names.len(), false);
    let negation = if holds.classes.has(Class::NEGATION) {
        negation::first(claim, tokens, in_phrase).map(|i| tokens[i].range())
    } else {
        None
    };
    let mut negation_backed = negation.is_none();
    let mut quoted: Vec<(Range<usize>, Vec<Box<str>>, bool)> = Vec::new();
    for phrase in &phrases {
        let parts = phrases::parts(&claim[phrase.inner.clone()]);
        if !parts.is_empty() && !quoted.iter().any(|(_, p, _)| *p == parts) {
            quoted.push((phrase.inner.clone(), parts, false));
        }
    }

    let numbers_pending = |numbers: &[(Range<usize>, Number, Written, bool)]| {
        numbers.iter().any(|(_, _, _, backed)| !backed)
    };
    let pending = |backed: &[bool]| backed.iter().any(|b| !b);
    // What names stand for, worked out only if a text must be read for them.
    let mut name_keys: Option<Vec<Name>> = None;
    let mut key = String::new();
    for item in evidence {
        let quote = item.quote;
        // First the facts the quote holds as the claim writes them.
        for (span, _, written, backed) in numbers.iter_mut().filter(|_| quick) {
            *backed = *backed
                || match written {
                    Written::Digits => verbatim::digits_in(quote, &claim[span.clone()]),
                    Written::Word => verbatim::number_word_in(quote, &claim[span.clone()]),
                    Written::Scaled => verbatim::scaled_in(quote, &claim[span.clone()]),
                    Written::Other => false,
                };
        }
        for (name, backed) in names.iter().zip(names_backed.iter_mut()).filter(|_| quick) {
            *backed = *backed || verbatim::word_in(quote, &claim[name.span.clone()]);
        }
        if let Some(span) = negation.as_ref().filter(|_| quick && !negation_backed) {
            negation_backed = verbatim::negation_in(quote, &claim[span.clone()]);
        }
        for (span, _, backed) in quoted.iter_mut().filter(|_| quick) {
            *backed = *backed || verbatim::phrase_in(quote, &claim[span.clone()]);
        }
        // Then whatever is left, read in full.
        let mut lexed = false;
        let mut lex = |tokens: &mut Vec<Token>| {
            if !lexed {
                lexer::lex(quote, tokens);
                lexed = true;
            }
        };
        if numbers_pending(numbers) {
            lex(text_tokens);
            numbers::scan(
                quote,
                text_tokens,
                Side::Quote,
                |_| false,
                |_, stated, _| {
                    for (_, number, _, backed) in numbers.iter_mut() {
                        *backed |= number.backed_by(&stated);
                    }
                },
            );
        }
        if pending(names_backed) {
            lex(text_tokens);
            let keys = name_keys
                .get_or_insert_with(|| names.iter().map(|n| names::name_of(claim, n)).collect());
            names::back(keys, names_backed, quote, text_tokens, &mut key);
        }
        if !negation_backed {
            lex(text_tokens);
            negation_backed = negation::any(quote, text_tokens);
        }
        if quoted.iter().any(|(_, _, backed)| !backed) {
            let folded = phrases::fold(quote);
            for (_, parts, backed) in quoted.iter_mut() {
                *backed |= phrases::quoted_in(parts, &folded);
            }
        }
    }
    // Names no quote backs may be in the paragraphs the quotes are from
    // (each read once).
    for (n, paragraph) in evidence.iter().enumerate() {
        let Some(paragraph) = paragraph.paragraph else {
            continue;
        };
        if !pending(names_backed) {
            break;
        }
        let again = evidence[..n]
            .iter()
            .any(|e| e.paragraph.is_some_and(|p| std::ptr::eq(p, paragraph)));
        if again {
            continue;
        }
        for (name, backed) in names.iter().zip(names_backed.iter_mut()).filter(|_| quick) {
            *backed = *backed || verbatim::word_in(paragraph, &claim[name.span.clone()]);
        }
        if pending(names_backed) {
            lexer::lex(paragraph, text_tokens);
            let keys = name_keys
                .get_or_insert_with(|| names.iter().map(|n| names::name_of(claim, n)).collect());
            names::back(keys, names_backed, paragraph, text_tokens, &mut key);
        }
    }

    let mut facts: Vec<Fact> = Vec::new();
    let fact = |kind, span: Range<usize>, what| Fact {
        kind,
        text: claim[span.clone()].to_owned(),
        chars: char_range(claim, &span),
        span,
        what,
    };
    for (span, _, _, backed) in numbers.iter() {
        if !backed {
            facts.push(fact(FactKind::Number, span.clone(), Named::Other));
        }
    }
    for (span, _, backed) in &quoted {
        if !backed {
            facts.push(fact(FactKind::Phrase, span.clone(), Named::Other));
        }
    }
    for (span, what) in missing_names(claim, names, names_backed) {
        let text = &claim[span.clone()];
        let again = facts
            .iter()
            .any(|f| f.kind == FactKind::Name && f.text == text);
        if !again {
            facts.push(fact(FactKind::Name, span, what));
        }
    }
    if let Some(span) = negation.filter(|_| !negation_backed) {
        facts.push(fact(FactKind::Negation, span, Named::Other));
    }
    facts.sort_by_key(|f| f.span.start);
    facts
}

/// The names not backed, a run of them (`Sergei Lavrov`) as one.
fn missing_names(claim: &str, names: &[ClaimName], backed: &[bool]) -> Vec<(Range<usize>, Named)> {
    let mut runs: Vec<(Range<usize>, Named)> = Vec::new();
    let mut previous_missing = false;
    for (name, &backed) in names.iter().zip(backed) {
        if backed {
            previous_missing = false;
            continue;
        }
        match runs.last_mut() {
            Some((span, what)) if previous_missing && name.follows => {
                span.end = name.span.end;
                *what = Named::Other;
            }
            _ => {
                let word = &claim[name.span.clone()];
                let what = if names::month(word).is_some() {
                    Named::Month
                } else if names::weekday(word).is_some() {
                    Named::Weekday
                } else {
                    Named::Other
                };
                runs.push((name.span.clone(), what));
            }
        }
        previous_missing = true;
    }
    runs
}

fn char_range(text: &str, bytes: &Range<usize>) -> Range<usize> {
    let start = text[..bytes.start].chars().count();
    start..start + text[bytes.clone()].chars().count()
}

#[cfg(test)]
mod tests;
