//! Negation (CONTRACT §4 rule 5): a claim that says `not`, `n’t`, `never`,
//! `no`, `nor`, `neither`, `none`, `nothing`, `nobody` or `cannot` needs an
//! evidence quote that says one of them too.
//!
//! Two constructions use those words without negating: `not only` (`not
//! just`, `not merely`) … `but also` adds, and `No.` before a figure is
//! "number". Neither counts, in a claim or in a quote.

use super::lexer::{Class, Kind, Token, lower_ascii};

fn lower<'b>(text: &str, tokens: &[Token], i: usize, buf: &'b mut [u8; 24]) -> Option<&'b str> {
    let token = tokens.get(i).filter(|t| t.is_word())?;
    lower_ascii(&text[token.range()], buf)
}

/// Whether token `i` of `text` negates.
fn negates(text: &str, tokens: &[Token], i: usize) -> bool {
    if !tokens
        .get(i)
        .is_some_and(|t| t.class().has(Class::NEGATION))
    {
        return false;
    }
    let mut buf = [0; 24];
    let Some(word) = lower(text, tokens, i, &mut buf) else {
        return false;
    };
    match word {
        "not" => !matches!(
            lower(text, tokens, i + 1, &mut [0; 24]),
            Some("only" | "just" | "merely")
        ),
        // `No. 1`: the abbreviation of "number".
        "no" => {
            !(tokens.get(i + 1).is_some_and(|t| t.is_mark('.'))
                && tokens
                    .get(i + 2)
                    .is_some_and(|t| matches!(t.kind, Kind::Number { .. })))
        }
        "never" | "nor" | "neither" | "none" | "nothing" | "nobody" | "cannot" => true,
        word => word.ends_with("n't"),
    }
}

/// The index of the first token of `text` that negates, among those for
/// which `skip` does not hold.
pub(super) fn first(text: &str, tokens: &[Token], skip: impl Fn(&Token) -> bool) -> Option<usize> {
    (0..tokens.len()).find(|&i| !skip(&tokens[i]) && negates(text, tokens, i))
}

/// Whether `text` says a negation anywhere.
pub(super) fn any(text: &str, tokens: &[Token]) -> bool {
    first(text, tokens, |_| false).is_some()
}

#[cfg(test)]
mod tests {
    use super::super::lexer::lex;
    use super::*;

    fn negation(text: &str) -> Option<&str> {
        let mut tokens = Vec::new();
        lex(text, &mut tokens);
        first(text, &tokens, |_| false).map(|i| &text[tokens[i].range()])
    }

    #[test]
    fn every_negation_word() {
        for (text, word) in [
            ("The Kremlin has not moved closer", "not"),
            ("The recognition isn’t a sudden move", "isn’t"),
            ("It didn't lead to the collapse", "didn't"),
            ("The reputation never recovered", "never"),
            ("The USSR had no aggressive goals", "no"),
            ("No other government did", "No"),
            ("no one did", "no"),
            ("neither side", "neither"),
            ("nor the army", "nor"),
            ("none of them", "none"),
            ("nothing changed", "nothing"),
            ("nobody knew", "nobody"),
            ("Russia cannot say", "cannot"),
            ("I can’t say", "can’t"),
            ("it was no longer a loss", "no"),
        ] {
            assert_eq!(negation(text), Some(word), "{text}");
        }
    }

    #[test]
    fn additive_and_numbering_uses_do_not_negate() {
        assert_eq!(
            negation("the USSR not only fought in Afghanistan, but also built"),
            None
        );
        assert_eq!(negation("not just a war"), None);
        assert_eq!(negation("their No. 1 friends"), None);
        assert_eq!(
            negation("notable, knot, Nottingham, piano, nonetheless"),
            None
        );
        // Still a negation: `not only` does not excuse another one.
        assert_eq!(negation("not only that: it did not work"), Some("not"));
    }
}
