//! Unit tests of the fact check through [`missing`], kind by kind, with
//! the boundaries each rule decides.

use super::*;

/// `(kind, text)` of every fact of `claim` that `quote` (found in
/// `paragraph`) does not back.
fn unbacked(claim: &str, quote: &str, paragraph: Option<&str>) -> Vec<(FactKind, String)> {
    missing(claim, &[EvidenceText { quote, paragraph }])
        .into_iter()
        .map(|f| (f.kind, f.text))
        .collect()
}

fn none() -> Vec<(FactKind, String)> {
    Vec::new()
}

fn one(kind: FactKind, text: &str) -> Vec<(FactKind, String)> {
    vec![(kind, text.to_owned())]
}

use FactKind::{Name, Negation, Number, Phrase};

const GROMOV: &str = "In 2009, Boris Gromov, the final Soviet soldier to leave Afghanistan, commented that “[t]he Soviet soldier stood in the land of mountains and desert to fight against the forces of international terrorism and drug trafficking, and that is his great merit.”";

/// The rows of the table in issue 10.
#[test]
fn the_issue_table() {
    assert_eq!(
        unbacked(
            "Putin said the Soviet soldier’s “great merit” was to fight terrorism.",
            GROMOV,
            None
        ),
        one(Name, "Putin")
    );
    assert_eq!(
        unbacked(
            "The last Soviet soldier left the country in March 1989.",
            "A few months after the last Soviet soldier left the country in February 1989",
            None
        ),
        one(Name, "March")
    );
    assert_eq!(
        unbacked(
            "The Kremlin has not moved closer to the Taliban.",
            "at the same time as the Kremlin has moved closer to the Taliban",
            None
        ),
        one(Negation, "not")
    );
    assert_eq!(
        unbacked(
            "Around 15 thousand Soviet soldiers died.",
            "as well as 15,000 Soviet soldiers, were dead",
            None
        ),
        none()
    );
    let poll =
        "In 1991, 88 percent of Russians said they felt that the Afghan war had been unnecessary";
    assert_eq!(
        unbacked(
            "In 1991, eighty-eight percent of Russians called the war unnecessary.",
            poll,
            None
        ),
        none()
    );
    assert_eq!(
        unbacked(
            "In 1991, eighty-five percent of Russians called the war unnecessary.",
            poll,
            None
        ),
        one(Number, "eighty-five percent")
    );
}

#[test]
fn messages_name_the_fact_and_its_kind() {
    let facts = missing(
        "Lavrov said in March that 150 were \"allies\" but not friends.",
        &[EvidenceText {
            quote: "Putin said in April that 149 were partners",
            paragraph: None,
        }],
    );
    let messages: Vec<String> = facts.iter().map(Fact::message).collect();
    assert_eq!(
        messages,
        [
            "names Lavrov, which neither its evidence nor the paragraph it is quoted from mentions",
            "names the month March, which neither its evidence nor the paragraph it is quoted from mentions",
            "states the number 150, which none of its evidence quotes contains",
            "states the quoted phrase \"allies\", which none of its evidence quotes contains",
            "says \"not\", but none of its evidence quotes is negated",
        ]
    );
    let helps: Vec<String> = facts.iter().map(Fact::help).collect();
    assert_eq!(
        helps,
        [
            "quote the passage that names Lavrov, or correct the claim",
            "quote the passage that names March, or correct the claim",
            "quote the passage that states 150, or correct the number in the claim",
            "quote the passage with these exact words, or correct the quotation in the claim",
            "quote the passage that says so in the negative, or correct the claim",
        ]
    );
    let shown: Vec<String> = facts.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "the name Lavrov",
            "the month March",
            "the number 150",
            "the quoted phrase \"allies\"",
            "the negation \"not\""
        ]
    );
}

#[test]
fn facts_serialize_with_char_offsets() {
    // `’` is three bytes and one char: offsets are in chars.
    let facts = missing("Russia’s envoy Lavrov said “allies”.", &[]);
    let json = serde_json::to_value(&facts).expect("serializes");
    assert_eq!(
        json,
        serde_json::json!([
            {"kind": "name", "text": "Russia", "start": 0, "end": 6},
            {"kind": "name", "text": "Lavrov", "start": 15, "end": 21},
            {"kind": "phrase", "text": "allies", "start": 28, "end": 34},
        ])
    );
    assert_eq!(facts[1].span, 17..23);
}

#[test]
fn with_no_evidence_every_fact_is_missing_once_in_claim_order() {
    let facts: Vec<(FactKind, String)> = missing(
        "Putin met Putin in 2004; 2004 was not the “25th anniversary” or the 25th.",
        &[],
    )
    .into_iter()
    .map(|f| (f.kind, f.text))
    .collect();
    assert_eq!(
        facts,
        [
            (Name, "Putin".to_owned()),
            (Number, "2004".to_owned()),
            (Negation, "not".to_owned()),
            (Phrase, "25th anniversary".to_owned()),
            (Number, "25th".to_owned()),
        ]
    );
}

mod numbers {
    use super::*;

    #[test]
    fn by_value_in_any_writing() {
        for (claim, quote) in [
            ("15,000 soldiers", "15000 soldiers"),
            ("4.5 million people", "4,500,000 people"),
            (
                "4,500,000 people",
                "four million five hundred thousand people",
            ),
            ("a million civilians", "around 1 million Afghan civilians"),
            ("ten years", "nearly 10 years later"),
            ("the twenty-fifth anniversary", "the 25th anniversary"),
            ("88%", "eighty-eight per cent"),
            ("٣٨ people", "38 people"),
            ("３８ people", "thirty-eight people"),
            ("from 1979 to 1989", "in 1979-1989"),
            ("in 1979–89", "from 1979 to 1989"),
            ("on July 3", "on 3 July"),
            ("on July 3rd", "On July 3, Russia"),
            ("in the 1980s", "In 1986, Mikhail Gorbachev"),
            ("the 2010s", "the late 2010s"),
        ] {
            assert_eq!(unbacked(claim, quote, None), none(), "{claim} / {quote}");
        }
    }

    #[test]
    fn a_different_value_or_form_is_missing() {
        for (claim, quote, fact) in [
            ("150 people", "149 people", "150"),
            ("15 million soldiers", "15,000 soldiers", "15 million"),
            ("1 billion civilians", "1 million civilians", "1 billion"),
            ("the 20th anniversary", "the 25th anniversary", "20th"),
            ("the second country", "the first country", "second"),
            ("88 percent", "88 soldiers", "88 percent"),
            ("the 25th anniversary", "25 years", "25th"),
            ("eleven people", "11,000 people", "eleven"),
            ("in the 1990s", "in 1989", "1990s"),
        ] {
            assert_eq!(unbacked(claim, quote, None), one(Number, fact), "{claim}");
        }
    }

    #[test]
    fn numbers_must_be_in_a_quote_not_its_paragraph() {
        assert_eq!(
            unbacked("149 people died", "people died", Some("149 people died")),
            one(Number, "149")
        );
    }

    /// Years and counts are one kind of number: `1989` the year and `1,989`
    /// the count have one value, so each backs the other. Errs towards
    /// verified; a changed year or count is still caught.
    #[test]
    fn years_and_counts_compare_by_value() {
        assert_eq!(unbacked("in 1989", "1,989 soldiers", None), none());
        assert_eq!(unbacked("in 1989", "in 1988", None), one(Number, "1989"));
    }

    /// `9/11`, `24/7`, `3:30`: one compound, not two figures.
    #[test]
    fn numbers_joined_by_a_slash_are_one_compound() {
        assert_eq!(unbacked("after 9/11", "following 9/11 and", None), none());
        assert_eq!(
            unbacked("after 9/11", "9 soldiers and 11 more", None),
            one(Number, "9/11")
        );
        assert_eq!(
            unbacked("after 9/12", "following 9/11", None),
            one(Number, "9/12")
        );
    }

    /// `a dozen` is 12; `dozens` (like `hundreds`, `millions`) is no figure.
    #[test]
    fn a_dozen() {
        assert_eq!(unbacked("a dozen countries", "12 countries", None), none());
        assert_eq!(
            unbacked("a dozen countries", "11 countries", None),
            one(Number, "a dozen")
        );
        assert_eq!(
            unbacked("dozens of countries", "many countries", None),
            none()
        );
    }

    /// `one` as a pronoun (`one of`, `no one`) states no figure; `one
    /// orphanage` does.
    #[test]
    fn one_as_a_pronoun() {
        assert_eq!(
            unbacked(
                "Russia was one of the first",
                "Russia was among the first",
                None
            ),
            none()
        );
        assert_eq!(
            unbacked("at one orphanage", "at an orphanage", None),
            one(Number, "one")
        );
    }

    #[test]
    fn numbers_inside_quoted_phrases_are_the_phrase() {
        assert_eq!(
            unbacked("he called it “number one”", "our number two", None),
            one(Phrase, "number one")
        );
    }
}

mod phrases {
    use super::*;

    #[test]
    fn in_every_kind_of_quotation_mark() {
        let quote = "often called the “Soviet Vietnam”—that may have";
        for claim in [
            "It was called the \"Soviet Vietnam\".",
            "It was called the “Soviet Vietnam”.",
            "It was called „Soviet Vietnam“.",
            "It was called « Soviet Vietnam ».",
            "It was called »Soviet Vietnam«.",
            "It was called 「Soviet Vietnam」.",
        ] {
            assert_eq!(unbacked(claim, quote, None), none(), "{claim}");
            let wrong = claim.replace("Vietnam", "Afghanistan");
            assert_eq!(
                unbacked(&wrong, quote, None),
                one(Phrase, "Soviet Afghanistan"),
                "{wrong}"
            );
        }
    }

    #[test]
    fn typography_brackets_and_ellipses() {
        assert_eq!(
            unbacked(
                "Gromov said “the Soviet soldier stood … to fight against the forces of international terrorism”.",
                GROMOV,
                None
            ),
            none()
        );
        assert_eq!(
            unbacked("It was a \"bleeding wound\".", "a “bleeding wound,”", None),
            none()
        );
        assert_eq!(
            unbacked("It was a \"bleeding sore\".", "a “bleeding wound,”", None),
            one(Phrase, "bleeding sore")
        );
    }

    #[test]
    fn a_phrase_must_be_in_one_quote_not_a_paragraph() {
        let facts = missing(
            "It was a “bleeding wound”.",
            &[
                EvidenceText {
                    quote: "a bleeding",
                    paragraph: Some("a “bleeding wound,”"),
                },
                EvidenceText {
                    quote: "wound",
                    paragraph: None,
                },
            ],
        );
        assert_eq!(facts.len(), 1);
        assert_eq!(facts[0].kind, Phrase);
    }
}

mod names {
    use super::*;

    #[test]
    fn names_may_be_in_the_paragraph_of_a_quote() {
        let paragraph =
            "Famously, Putin was the first foreign leader to call George W. Bush following 9/11";
        assert_eq!(
            unbacked(
                "Putin called Bush after 9/11.",
                "the first foreign leader to call George W. Bush following 9/11",
                Some(paragraph)
            ),
            none()
        );
        assert_eq!(
            unbacked(
                "Lavrov called Bush after 9/11.",
                "the first foreign leader to call George W. Bush following 9/11",
                Some(paragraph)
            ),
            one(Name, "Lavrov")
        );
    }

    /// A capitalized function word opening a sentence is no name; any
    /// other capitalized word is, wherever it stands, and is backed by the
    /// word in any case. Errs towards unsupported for a claim that opens
    /// with a content word its evidence does not use.
    #[test]
    fn names_at_sentence_starts() {
        let quote = "critics called it a waste";
        assert_eq!(
            unbacked("The critics called it a waste.", quote, None),
            none()
        );
        assert_eq!(
            unbacked("However, critics called it a waste.", quote, None),
            none()
        );
        assert_eq!(unbacked("Critics called it a waste.", quote, None), none());
        assert_eq!(
            unbacked("Observers called it a waste.", quote, None),
            one(Name, "Observers")
        );
        assert_eq!(
            unbacked("“The critics called it a waste.”", quote, None),
            one(Phrase, "The critics called it a waste.")
        );
    }

    #[test]
    fn possessives_plurals_and_stems() {
        let quote = "Russia’s Supreme Court removed the Taliban from the list of the Afghan envoys";
        assert_eq!(
            unbacked(
                "The Russian court removed the Taliban’s name; Afghanistan’s envoys",
                quote,
                None
            ),
            none()
        );
        assert_eq!(unbacked("Russians cheered", quote, None), none());
        assert_eq!(
            unbacked("Ukraine cheered", quote, None),
            one(Name, "Ukraine")
        );
    }

    /// A hyphenated compound is its parts: each is a name of its own.
    #[test]
    fn hyphenated_compounds() {
        let quote = "the Soviet army and the Afghan rebels";
        assert_eq!(
            unbacked("the Soviet-Afghan War", quote, Some("the war")),
            none()
        );
        assert_eq!(
            unbacked("the Soviet-Chechen War", quote, Some("the war")),
            one(Name, "Chechen")
        );
        assert_eq!(
            unbacked("the Sino-Soviet split", quote, None),
            one(Name, "Sino")
        );
    }

    /// `May`, `March`, `August` are months when capitalized, even opening
    /// a sentence, and only a capitalized month backs them: the verb `may`
    /// and the noun `march` do not.
    #[test]
    fn months_against_verbs() {
        let quote = "a defeat that may have hastened the collapse, a march on Moscow in February";
        assert_eq!(
            unbacked("The defeat may have hastened the collapse.", quote, None),
            none()
        );
        assert_eq!(
            unbacked("The collapse came in May.", quote, None),
            one(Name, "May")
        );
        assert_eq!(
            unbacked("March saw the collapse.", quote, None),
            one(Name, "March")
        );
        assert_eq!(unbacked("In Feb. there was a march.", quote, None), none());
    }

    /// Acronyms: the same letters (dots or none, any capitalization) or the
    /// initials of capitalized words; `ISIS-K` is `ISIS` and `K`.
    #[test]
    fn acronyms() {
        let quote = "an Islamic State-Khorasan Province (ISIS-K) attack and the U.S. withdrawal";
        assert_eq!(
            unbacked("The ISIS-K attack preceded the US exit.", quote, None),
            none()
        );
        assert_eq!(
            unbacked("The ISIS attack preceded the UK exit.", quote, None),
            one(Name, "UK")
        );
        assert_eq!(
            unbacked(
                "The Taliban fought the USSR.",
                "the Taliban fought the Soviet Union",
                None
            ),
            none()
        );
        assert_eq!(
            unbacked("The Taliban fought the US.", "the Taliban told us", None),
            one(Name, "US")
        );
    }

    /// The pronoun `I` names nobody.
    #[test]
    fn the_pronoun_i() {
        assert_eq!(
            unbacked(
                "The official said: I can’t say they are friends.",
                "“I can’t say that the Taliban has become our number one friends”",
                None
            ),
            none()
        );
    }

    /// Each word of a multi-word name is checked: `Gromov` is backed by
    /// `Boris Gromov`, but `Boris Gromov` needs `Boris` too. Missing words
    /// next to each other are reported as one name.
    #[test]
    fn multi_word_names() {
        assert_eq!(unbacked("Gromov commented in 2009.", GROMOV, None), none());
        assert_eq!(
            unbacked("Boris Yeltsin commented in 2009.", GROMOV, None),
            one(Name, "Yeltsin")
        );
        assert_eq!(
            unbacked(
                "Foreign Minister Sergei Lavrov commented in 2009.",
                GROMOV,
                None
            ),
            one(Name, "Foreign Minister Sergei Lavrov")
        );
        assert_eq!(
            unbacked(
                "Dmitry Peskov quashed it.",
                "quietly quashed—reportedly by Foreign Minister Sergei Lavrov",
                Some("The Russian ambassador to Afghanistan, Dmitry Zhirnov, said")
            ),
            one(Name, "Peskov")
        );
    }

    /// A title is a name like any other: `President Putin` needs
    /// `President` (or `president`) in the evidence or its paragraph.
    #[test]
    fn titles() {
        let paragraph = "President Vladimir Putin announced via the state newswire TASS";
        assert_eq!(
            unbacked(
                "President Putin made the announcement.",
                "Putin announced",
                Some(paragraph)
            ),
            none()
        );
        assert_eq!(
            unbacked(
                "Prime Minister Putin made the announcement.",
                "Putin announced",
                Some(paragraph)
            ),
            one(Name, "Prime Minister")
        );
    }

    #[test]
    fn honorifics_are_not_names() {
        assert_eq!(
            unbacked("Mr. Putin announced it.", "Putin announced", None),
            none()
        );
    }
}

mod negation {
    use super::*;

    #[test]
    fn a_negated_claim_needs_a_negated_quote() {
        let quote = "The Soviet army’s reputation never recovered.";
        assert_eq!(
            unbacked("The army’s reputation did not recover.", quote, None),
            none()
        );
        assert_eq!(
            unbacked(
                "The army’s reputation did not recover.",
                "The Soviet army’s reputation recovered.",
                None
            ),
            one(Negation, "not")
        );
        // The negation must be in a quote, not only its paragraph.
        assert_eq!(
            unbacked(
                "The army’s reputation never recovered.",
                "The Soviet army’s reputation",
                Some(quote)
            ),
            one(Negation, "never")
        );
    }

    #[test]
    fn no_one_negates() {
        assert_eq!(
            unbacked(
                "No one kept an embassy open.",
                "Russia was one of few countries to keep its embassy open",
                None
            ),
            one(Negation, "No")
        );
    }

    /// `not only … but also` adds; it neither needs nor gives a negation.
    #[test]
    fn not_only_does_not_negate() {
        let quote = "the USSR not only fought in Afghanistan, but also built";
        assert_eq!(
            unbacked(
                "The USSR not only fought in Afghanistan but also built.",
                quote,
                None
            ),
            none()
        );
        assert_eq!(
            unbacked("The USSR did not fight in Afghanistan.", quote, None),
            one(Negation, "not")
        );
    }

    #[test]
    fn one_message_for_a_claim_however_often_it_negates() {
        assert_eq!(
            unbacked(
                "It was not a loss and never a draw.",
                "it was a victory",
                None
            ),
            one(Negation, "not")
        );
    }

    #[test]
    fn a_negation_inside_a_quoted_phrase_is_the_phrase() {
        assert_eq!(
            unbacked(
                "They were “definitely not enemies”.",
                "they are definitely not enemies[,]",
                None
            ),
            none()
        );
    }
}

/// Nothing a claim or a quote holds panics the check.
#[test]
fn odd_input_never_panics() {
    for text in [
        "",
        "\"",
        "“unclosed",
        "«",
        "1,",
        "1.",
        "9/",
        "-1979-",
        "a",
        "A.B.",
        "’s",
        "'s'",
        "No.",
        "one",
        "First,",
        "twenty-",
        "and and",
        "\u{301}\u{ad}",
        "99999999999999999999999999999999999999999999 trillion trillion",
        "0.000000000000000000000000000000000000000000001",
        "Ǆemal",
        "\" \"",
        "wound,” “A”",
        "“  ”",
    ] {
        let _ = missing(
            text,
            &[EvidenceText {
                quote: text,
                paragraph: Some(text),
            }],
        );
        let _ = missing(text, &[]);
    }
}

mod quick_reading {
    use super::*;
    use proptest::prelude::*;

    const ARTICLE: &str = include_str!("../../sources/russia-recognizes-taliban.txt");

    fn full(claim: &str, evidence: &[EvidenceText]) -> Vec<Fact> {
        missing_with(claim, evidence, &mut Scratch::new(), Reading::Full)
    }

    /// A line of the article and two char ranges of it.
    fn two_spans() -> impl Strategy<Value = (usize, usize, usize, usize, usize)> {
        let lines: Vec<usize> = ARTICLE.lines().map(|l| l.chars().count()).collect();
        (0..lines.len()).prop_flat_map(move |l| {
            let len = lines[l].max(1);
            (Just(l), 0..len, 0..len, 0..len, 0..len)
        })
    }

    fn slice(line: &str, a: usize, b: usize) -> String {
        let (a, b) = (a.min(b), a.max(b));
        line.chars().skip(a).take(b - a).collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Searching for facts as written first gives exactly the facts
        /// that reading every text in full gives, for claims cut from the
        /// article (words of the quote and words beside it, recased or
        /// not) over quotes cut from the same paragraph.
        #[test]
        fn the_quick_reading_gives_the_full_facts(
            (l, a, b, c, d) in two_spans(),
            upper in any::<bool>(),
        ) {
            let line = ARTICLE.lines().nth(l).unwrap_or_default();
            let mut claim = slice(line, a, b);
            if upper {
                claim = claim.to_uppercase();
            }
            let quote = slice(line, c, d);
            let evidence = [EvidenceText { quote: &quote, paragraph: Some(line) }];
            prop_assert_eq!(missing(&claim, &evidence), full(&claim, &evidence), "{} / {}", claim, quote);
            let bare = [EvidenceText { quote: &quote, paragraph: None }];
            prop_assert_eq!(missing(&claim, &bare), full(&claim, &bare), "{} / {}", claim, quote);
        }

        /// The claim read from its candidates gives the facts of reading
        /// every token, for arbitrary claims: capitals, digits, number
        /// words, negations, quotation marks and the marks around them.
        #[test]
        fn the_candidates_give_every_fact_of_arbitrary_claims(
            claim in "([a-zA-Z0-9'’.,:;!?()é \"“”«»—–-]|ten|Ten|first|a|an|An|hundred|million|percent|not|No|isn’t|never|only|The|May|March|Mr|I|U\\.S\\.|٣|Ǆemal|Reported:)*",
            quote in "([a-zA-Z0-9'’., \"“”-]|ten|not|The|May|U\\.S\\.)*",
        ) {
            for evidence in [
                &[][..],
                &[EvidenceText { quote: &quote, paragraph: None }][..],
                &[EvidenceText { quote: &claim, paragraph: Some(&quote) }][..],
            ] {
                prop_assert_eq!(missing(&claim, evidence), full(&claim, evidence), "{} / {}", claim, quote);
            }
        }

        /// The same for claims written as news is: words of the article
        /// in any order, behind a label or not, some in quotation marks.
        #[test]
        fn the_candidates_give_every_fact_of_news_like_claims(
            picks in proptest::collection::vec((any::<proptest::sample::Index>(), 0..8u8), 1..14),
            label in any::<bool>(),
        ) {
            // Words with their own quotation marks too: `wound,” “A”` quotes
            // a phrase of one space.
            let words: Vec<&str> = ARTICLE.split_whitespace().collect();
            let mut claim = String::from(if label { "Reported: " } else { "" });
            for (pick, how) in &picks {
                let word = pick.get(&words);
                match how {
                    0 => claim.push_str(&format!("“{word}” ")),
                    1 => claim.push_str(&format!("{word}. ")),
                    2 => claim.push_str(&format!("{}, ", word.to_uppercase())),
                    _ => claim.push_str(&format!("{word} ")),
                }
            }
            let claim = claim.trim_end();
            let evidence = [EvidenceText { quote: ARTICLE.lines().next().unwrap_or_default(), paragraph: None }];
            prop_assert_eq!(missing(claim, &[]), full(claim, &[]), "{}", claim);
            prop_assert_eq!(missing(claim, &evidence), full(claim, &evidence), "{}", claim);
        }
    }
}
