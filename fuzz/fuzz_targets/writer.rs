//! The writer's plans: `fix` (with and without `--accept-drift`, with a new
//! `source`) and `pin` over random annotation files.
//!
//! Input: the first byte picks the mode. Even: the rest drives a generator
//! (`arbitrary::Unstructured`) that writes an article, a revision of it and
//! an annotation file over the old one in a random layout (CRLF or LF, any
//! indentation, inline or multi-line objects, compact or spaced separators,
//! shuffled keys, a BOM, no final newline, stale and partial hints). Odd:
//! the rest is the annotation file itself, checked against a fixed article.
//!
//! Checks, for every plan: its edits are sorted, disjoint, on char
//! boundaries; applying them keeps every other byte (the result is the
//! untouched text between the edits, in order); the result parses as an
//! annotation file with the same claims and evidence in the same order,
//! every value the plan did not set unchanged, and every value it set
//! holding what it planned; a CRLF file gains no bare LF. After `pin`,
//! each pinned item has every hint and resolves `exact` where it was found,
//! and a second pin plans nothing. After `fix`, each moved item resolves
//! `exact` where it moved to.
#![no_main]

use std::sync::Arc;

use claimcheck::annotation::{self, AnnotationFile, Evidence};
use claimcheck::pipeline::Checked;
use claimcheck::text::TextFile;
use claimcheck::workspace::LoadedSource;
use claimcheck::fix::{self, Edit, FixOptions};
use claimcheck::matching::{Location, Resolution};
use claimcheck::pin::{self, Options};
use claimcheck::source::{Source, SourceKind};
use claimcheck::verdict::{self, ClaimVerdict};
use libfuzzer_sys::arbitrary::{Result as ArbResult, Unstructured};
use libfuzzer_sys::fuzz_target;

const WORDS: &[&str] = &[
    "Russia",
    "the",
    "Taliban",
    "on",
    "July",
    "3,",
    "149",
    "people",
    "café",
    "—",
    "“quoted”",
    "said",
    "it",
    "was",
    "a",
    "war",
    "😀",
    "naïve",
    "Kabul’s",
    "and",
    "\"x\"",
    "back\\slash",
];

const FIXED_ARTICLE: &str = "Russia recognized the Taliban on July 3.\nThe Kremlin said Russia would act. Russia did.\nA café — “quoted” — 😀 here.\n";

fn words(u: &mut Unstructured, min: usize, max: usize) -> ArbResult<String> {
    let n = u.int_in_range(min..=max)?;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        out.push(*u.choose(WORDS)?);
    }
    Ok(out.join(" "))
}

fn json(value: &str) -> String {
    fix::json_string(value)
}

/// How the generated file is laid out.
struct Layout {
    newline: &'static str,
    indent: &'static str,
    colon: &'static str,
    comma: &'static str,
}

/// An article, its revision, and an annotation file over the article.
fn generate(u: &mut Unstructured) -> ArbResult<(String, String)> {
    let count = u.int_in_range(1..=5)?;
    let mut paragraphs: Vec<String> = Vec::new();
    for _ in 0..count {
        if !paragraphs.is_empty() && u.ratio(1, 5)? {
            // A repeated paragraph: ambiguous quotes.
            let again = u.choose(&paragraphs)?.clone();
            paragraphs.push(again);
        } else {
            paragraphs.push(words(u, 1, 12)?);
        }
    }
    let layout = Layout {
        newline: if u.arbitrary()? { "\r\n" } else { "\n" },
        indent: *u.choose(&["  ", "    ", "\t", ""])?,
        colon: *u.choose(&[": ", ":", " : "])?,
        comma: *u.choose(&[", ", ","])?,
    };
    let nl = layout.newline;
    let ind = |depth: usize| layout.indent.repeat(depth);
    let claims_count = u.int_in_range(0..=4)?;
    let mut claims = Vec::new();
    for c in 0..claims_count {
        let mut items = Vec::new();
        for _ in 0..u.int_in_range(0..=3)? {
            items.push(evidence(u, &paragraphs, &layout)?);
        }
        let inline_array = u.arbitrary::<bool>()?;
        let evidence = if items.is_empty() {
            "[]".to_owned()
        } else if inline_array {
            format!("[{}]", items.join(layout.comma))
        } else {
            let sep = format!(",{nl}{}", ind(4));
            format!("[{nl}{}{}{nl}{}]", ind(4), items.join(&sep), ind(3))
        };
        let mut members = vec![
            format!("\"id\"{}{}", layout.colon, json(&format!("c{c}"))),
            format!("\"claim\"{}{}", layout.colon, json(&words(u, 1, 8)?)),
            format!("\"evidence\"{}{evidence}", layout.colon),
        ];
        if u.ratio(1, 3)? {
            members.push(format!(
                "\"note\"{}{}",
                layout.colon,
                json(&words(u, 0, 5)?)
            ));
        }
        shuffle(u, &mut members)?;
        let sep = format!(",{nl}{}", ind(3));
        claims.push(format!(
            "{}{{{nl}{}{}{nl}{}}}",
            ind(2),
            ind(3),
            members.join(&sep),
            ind(2)
        ));
    }
    let claims = if claims.is_empty() {
        "[]".to_owned()
    } else {
        format!("[{nl}{}{nl}{}]", claims.join(&format!(",{nl}")), ind(1))
    };
    let mut text = format!(
        "{}{{{nl}{}\"source\"{}\"a.txt\",{nl}{}\"claims\"{}{claims}{nl}}}",
        if u.ratio(1, 8)? { "\u{feff}" } else { "" },
        ind(1),
        layout.colon,
        ind(1),
        layout.colon,
    );
    if u.arbitrary()? {
        text.push_str(nl);
    }
    // The revision: paragraphs added, dropped, swapped or reworded.
    let mut revised = paragraphs.clone();
    for _ in 0..u.int_in_range(0..=3)? {
        match u.int_in_range(0..=3)? {
            0 => {
                let at = u.int_in_range(0..=revised.len())?;
                revised.insert(at, words(u, 1, 6)?);
            }
            1 if revised.len() > 1 => {
                let at = u.int_in_range(0..=revised.len() - 1)?;
                revised.remove(at);
            }
            2 if revised.len() > 1 => {
                let a = u.int_in_range(0..=revised.len() - 1)?;
                let b = u.int_in_range(0..=revised.len() - 1)?;
                revised.swap(a, b);
            }
            _ => {
                if let Some(last) = revised.last_mut() {
                    last.push_str(" and more");
                }
            }
        }
    }
    let mut article = revised.join("\n");
    article.push('\n');
    Ok((text, article))
}

/// One evidence object: a quote cut from a paragraph (or made up), with
/// each hint present or not, right or stale.
fn evidence(u: &mut Unstructured, paragraphs: &[String], layout: &Layout) -> ArbResult<String> {
    let p = u.int_in_range(0..=paragraphs.len() - 1)?;
    let chars: Vec<char> = paragraphs[p].chars().collect();
    let (start, end, quote) = if u.ratio(1, 6)? || chars.is_empty() {
        let quote = words(u, 1, 3)?;
        (0, quote.chars().count(), quote)
    } else {
        let start = u.int_in_range(0..=chars.len() - 1)?;
        let end = u.int_in_range(start + 1..=chars.len())?;
        (start, end, chars[start..end].iter().collect())
    };
    let colon = layout.colon;
    let mut members = vec![format!("\"quote\"{colon}{}", json(&quote))];
    if u.arbitrary()? {
        let shown = if u.ratio(1, 5)? {
            u.int_in_range(0..=8)?
        } else {
            p
        };
        members.push(format!("\"paragraph\"{colon}\"p{}\"", shown + 1));
    }
    if u.arbitrary()? {
        let shift = if u.ratio(1, 4)? {
            u.int_in_range(0..=5)?
        } else {
            0
        };
        members.push(format!("\"start\"{colon}{}", start + shift));
        members.push(format!("\"end\"{colon}{}", end + shift));
    }
    if u.arbitrary()? {
        let from = start.saturating_sub(u.int_in_range(0..=32)?);
        let prefix: String = chars.get(from..start).unwrap_or(&[]).iter().collect();
        members.push(format!("\"prefix\"{colon}{}", json(&prefix)));
    }
    if u.arbitrary()? {
        let to = (end + u.int_in_range(0..=32)?).min(chars.len());
        let suffix: String = chars.get(end..to).unwrap_or(&[]).iter().collect();
        members.push(format!("\"suffix\"{colon}{}", json(&suffix)));
    }
    shuffle(u, &mut members)?;
    let nl = layout.newline;
    Ok(if u.arbitrary()? {
        format!("{{ {} }}", members.join(layout.comma))
    } else {
        let ind = layout.indent.repeat(5);
        let sep = format!(",{nl}{ind}");
        format!(
            "{{{nl}{ind}{}{nl}{}}}",
            members.join(&sep),
            layout.indent.repeat(4)
        )
    })
}

fn shuffle<T>(u: &mut Unstructured, items: &mut [T]) -> ArbResult<()> {
    for i in (1..items.len()).rev() {
        let j = u.int_in_range(0..=i)?;
        items.swap(i, j);
    }
    Ok(())
}

fn judge(model: &AnnotationFile, source: &Source) -> Vec<ClaimVerdict> {
    model
        .claims
        .iter()
        .map(|c| verdict::judge(source, c))
        .collect()
}

/// The values of an evidence item, as the model reads them.
type Values = (
    String,
    Option<usize>,
    Option<(usize, usize)>,
    Option<String>,
    Option<String>,
);

fn values(e: &Evidence) -> Values {
    (
        e.quote.value.clone(),
        e.paragraph.as_ref().map(|p| p.value),
        e.offsets.as_ref().map(|o| (o.value.start, o.value.end)),
        e.prefix.as_ref().map(|p| p.value.clone()),
        e.suffix.as_ref().map(|s| s.value.clone()),
    )
}

/// Edits well formed, and applying them keeps every other byte.
fn apply_checked(text: &str, edits: &[Edit]) -> String {
    let mut expected = String::new();
    let mut at = 0;
    for edit in edits {
        assert!(
            edit.span.start >= at && edit.span.start <= edit.span.end,
            "edits overlap or are out of order: {edits:?}"
        );
        assert!(
            text.get(edit.span.clone()).is_some(),
            "edit {:?} not on char boundaries of the file",
            edit.span
        );
        expected.push_str(&text[at..edit.span.start]);
        expected.push_str(&edit.replacement);
        at = edit.span.end;
    }
    expected.push_str(&text[at..]);
    let applied = fix::apply(text, edits);
    assert_eq!(applied, expected, "apply changed bytes no edit names");
    if text.contains("\r\n") && !text.replace("\r\n", "").contains('\n') {
        assert!(
            !applied.replace("\r\n", "").contains('\n'),
            "a CRLF file got a bare LF: {applied:?}"
        );
    }
    applied
}

fn reparse(after: &str, before: &AnnotationFile) -> AnnotationFile {
    let model = annotation::parse(after)
        .unwrap_or_else(|e| panic!("the planned file does not parse: {e:?}\n{after}"));
    assert_eq!(model.claims.len(), before.claims.len());
    for (a, b) in model.claims.iter().zip(&before.claims) {
        assert_eq!(a.id.value, b.id.value);
        assert_eq!(a.text.value, b.text.value);
        assert_eq!(
            a.note.as_ref().map(|n| &n.value),
            b.note.as_ref().map(|n| &n.value)
        );
        assert_eq!(a.evidence.len(), b.evidence.len());
    }
    model
}

fn located(evidence: &Evidence, at: &Location) -> bool {
    evidence.paragraph.as_ref().map(|p| p.value) == Some(at.paragraph)
        && evidence
            .offsets
            .as_ref()
            .map(|o| (o.value.start, o.value.end))
            == Some((at.start, at.end))
}

fn check_pin(text: &str, model: &AnnotationFile, source: &Source, context: usize) {
    let verdicts = judge(model, source);
    let options = Options { context };
    let Ok(plan) = pin::plan(text, model, source, &verdicts, options) else {
        return;
    };
    let after = apply_checked(text, &plan.edits);
    let pinned = reparse(&after, model);
    for (c, (claim, claim_after)) in model.claims.iter().zip(&pinned.claims).enumerate() {
        for (n, (e, e_after)) in claim.evidence.iter().zip(&claim_after.evidence).enumerate() {
            let was = values(e);
            let now = values(e_after);
            // A hint the user wrote is never changed.
            assert_eq!(was.0, now.0, "pin changed a quote");
            assert!(was.1.is_none() || was.1 == now.1, "pin changed `paragraph`");
            assert!(
                was.2.is_none() || was.2 == now.2,
                "pin changed `start`/`end`"
            );
            assert!(was.3.is_none() || was.3 == now.3, "pin changed `prefix`");
            assert!(was.4.is_none() || was.4 == now.4, "pin changed `suffix`");
            let entry = plan
                .pinned
                .iter()
                .find(|(item, _)| item.claim == claim.id.value && item.evidence == n);
            match entry {
                Some((_, at)) => {
                    assert!(located(e_after, at), "pinned where it was not found");
                    assert!(e_after.prefix.is_some() && e_after.suffix.is_some());
                    let (prefix, suffix) = pin::context(source, at, context);
                    assert!(was.3.is_some() || now.3.as_deref() == Some(prefix.as_str()));
                    assert!(was.4.is_some() || now.4.as_deref() == Some(suffix.as_str()));
                    let again = verdict::judge(source, claim_after);
                    assert_eq!(
                        again.evidence[n],
                        Resolution::Exact(*at),
                        "claim {c} evidence {n}: pinned, but not exact where pinned"
                    );
                }
                None => assert_eq!(was, now, "pin changed an item it did not pin"),
            }
        }
    }
    let verdicts = judge(&pinned, source);
    let again = pin::plan(&after, &pinned, source, &verdicts, options).expect("claimcheck file");
    assert!(
        again.edits.is_empty(),
        "a second pin plans {:?}",
        again.edits
    );
}

fn check_fix(
    text: &str,
    model: &AnnotationFile,
    source: Source,
    accept_drift: bool,
    retarget: bool,
) {
    let source = Arc::new(source);
    let verdicts = judge(model, &source);
    let annotations = TextFile::new(std::path::Path::new("a.json"), text.to_owned());
    let file = Checked {
        model: model.clone(),
        source: LoadedSource {
            file: TextFile::new(std::path::Path::new("b.txt"), source.text.to_string()),
            source: Arc::clone(&source),
        },
        verdicts: verdicts.clone(),
        placements: None,
    };
    let options = FixOptions {
        accept_drift,
        retarget_source: retarget.then(|| "../sources/b.txt".to_owned()),
    };
    let Ok(plan) = fix::plan_with(&annotations, &file, &options) else {
        return;
    };
    let after = apply_checked(text, &plan.edits);
    let fixed = reparse(&after, model);
    if let Some(new) = &plan.retargeted {
        assert_eq!(
            fixed.source.as_ref().map(|s| s.value.as_str()),
            Some(new.as_str())
        );
    } else {
        assert_eq!(
            fixed.source.as_ref().map(|s| &s.value),
            model.source.as_ref().map(|s| &s.value)
        );
    }
    for (c, claim) in model.claims.iter().enumerate() {
        let claim_after = &fixed.claims[c];
        let again = verdict::judge(&source, claim_after);
        for (n, e) in claim.evidence.iter().enumerate() {
            let (was, now) = (values(e), values(&claim_after.evidence[n]));
            let accepted = plan
                .accepted_quotes
                .iter()
                .find(|q| q.claim == claim.id.value && q.evidence == n);
            match (&verdicts[c].evidence[n], accepted) {
                (Resolution::Moved(at), _) => {
                    assert_eq!(was.0, now.0, "fix changed a moved quote");
                    assert_eq!((was.3, was.4), (now.3, now.4), "fix changed context");
                    assert_eq!(
                        again.evidence[n],
                        Resolution::Exact(*at),
                        "re-anchored, not exact"
                    );
                }
                (Resolution::Drifted { location, .. }, Some(q)) => {
                    assert_eq!(now.0, q.new, "the quote is not the planned one");
                    assert_eq!(q.location, *location);
                    let unpinned = e.paragraph.is_none() && e.offsets.is_none();
                    assert!(
                        unpinned || located(&claim_after.evidence[n], location),
                        "an accepted quote is not pinned where it now is"
                    );
                }
                _ => assert_eq!(was, now, "fix changed an item it did not fix"),
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let (text, article, context, accept, retarget) = if mode % 2 == 0 {
        let mut u = Unstructured::new(rest);
        let Ok((text, article)) = generate(&mut u) else {
            return;
        };
        let context = u.int_in_range(0..=40usize).unwrap_or(32);
        (text, article, context, mode & 2 != 0, mode & 4 != 0)
    } else {
        let Ok(text) = std::str::from_utf8(rest) else {
            return;
        };
        (
            text.to_owned(),
            FIXED_ARTICLE.to_owned(),
            32,
            mode & 2 != 0,
            mode & 4 != 0,
        )
    };
    let Ok(model) = annotation::parse(&text) else {
        return;
    };
    let source = Source::parse(article, SourceKind::PlainText);
    check_pin(&text, &model, &source, context);
    check_fix(&text, &model, source, accept, retarget);
});
