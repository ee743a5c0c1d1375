//! Pinning: giving evidence found exactly once the hints that make a later
//! edit show (CONTRACT §5, `claimcheck pin`).
//!
//! An item is pinned when its quote resolves to one place: it occurs once
//! in the source, or its own hints pick one of several occurrences and the
//! quote is exactly there (status `exact`). Each hint it lacks is then
//! added, and none it has is touched:
//!
//! - `paragraph`, and `start`+`end` (a pair), are added when missing;
//! - `prefix` and `suffix` each, when missing: up to [`Options::context`]
//!   chars (32, as annotation tools store) of the paragraph's original text
//!   before and after the quote, clipped at the paragraph's edges (so at
//!   the start of a paragraph the prefix is `""`);
//! - an item with every hint is left alone.
//!
//! An item found exactly once but elsewhere than its partial hints say
//! (status `moved`) is left alone: its hints are stale, which is `fix`'s
//! to mend, and pin never writes a hint that contradicts one the user
//! wrote. Ambiguous items are left alone and reported with every place the
//! quote occurs; drifted and broken ones are left alone and reported.
//!
//! Pure: text, model, source and verdicts in; edits and a report out.

use std::ops::Range;

use crate::annotation::{AnnotationFile, Evidence, Format};
use crate::fix::{Edit, Refusal, insert_members, json_string};
use crate::matching::{self, Location, Resolution};
use crate::normalize::normalize;
use crate::pipeline::Checked;
use crate::source::Source;
use crate::text::TextFile;
use crate::verdict::ClaimVerdict;

/// The context length annotation tools store (Hypothesis: 32).
pub const DEFAULT_CONTEXT: usize = 32;

/// Chars of context a snippet of a candidate place shows on each side.
const SNIPPET_CONTEXT: usize = 24;

/// How to pin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Chars of `prefix` and `suffix` to store (config key `pin.context`).
    pub context: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            context: DEFAULT_CONTEXT,
        }
    }
}

/// Which evidence item of which claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub claim: String,
    /// 0-based position in the claim's `evidence`.
    pub evidence: usize,
    pub quote: String,
    /// The `quote` value's bytes in the annotation file.
    pub quote_span: Range<usize>,
}

/// One place an ambiguous quote occurs, for the user to choose from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub location: Location,
    /// Up to `SNIPPET_CONTEXT` chars before the quote in its paragraph.
    pub before: String,
    /// The quote as the paragraph writes it.
    pub text: String,
    pub after: String,
    /// Whether the paragraph goes on beyond `before` / `after`.
    pub more_before: bool,
    pub more_after: bool,
}

/// An item pin left alone, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unpinned {
    /// Found exactly more than once, and no hint decides.
    Ambiguous {
        item: Item,
        candidates: Vec<Candidate>,
    },
    /// Found exactly once, but not where its hints say: `fix` re-anchors it.
    Contradicted { item: Item, found: Location },
    /// Not found exactly: the nearest close match, if any.
    NotFound {
        item: Item,
        nearest: Option<Location>,
    },
}

impl Unpinned {
    pub fn item(&self) -> &Item {
        match self {
            Unpinned::Ambiguous { item, .. }
            | Unpinned::Contradicted { item, .. }
            | Unpinned::NotFound { item, .. } => item,
        }
    }
}

/// What `pin` will do to one annotation file.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub edits: Vec<Edit>,
    /// Items that get hints (counted: the edits say what they get).
    pub pinned: usize,
    /// Items that already had every hint, exactly where they say.
    pub already_pinned: usize,
    /// Items left alone, in file order.
    pub unpinned: Vec<Unpinned>,
}

/// [`plan`] for a checked file.
pub fn plan_file(
    annotations: &TextFile,
    file: &Checked,
    options: Options,
) -> Result<Plan, Refusal> {
    plan(
        annotations.text(),
        &file.model,
        &file.source.source,
        &file.verdicts,
        options,
    )
}

/// The edits that pin every evidence item of `model` (read from `text`)
/// that is found exactly once in `source`; `verdicts` are the model's
/// claims judged against `source`, in order.
pub fn plan(
    text: &str,
    model: &AnnotationFile,
    source: &Source,
    verdicts: &[ClaimVerdict],
    options: Options,
) -> Result<Plan, Refusal> {
    if model.format == Format::WebAnnotation {
        return Err(Refusal::WebAnnotation);
    }
    // The places of ambiguous quotes first, while the article's search
    // indexes are kept; they go before the edits are made, which at
    // 100,000 pins hold tens of megabytes of their own.
    let mut candidates_of_ambiguous = {
        let _searching = source.searching();
        let ambiguous = model
            .claims
            .iter()
            .zip(verdicts)
            .flat_map(|(claim, verdict)| {
                claim
                    .evidence
                    .iter()
                    .zip(&verdict.evidence)
                    .filter(|(_, resolution)| matches!(resolution, Resolution::Ambiguous { .. }))
                    .map(|(evidence, _)| candidates(source, &evidence.quote.value))
            });
        ambiguous.collect::<Vec<_>>().into_iter()
    };
    let mut plan = Plan::default();
    for (claim, verdict) in model.claims.iter().zip(verdicts) {
        for (n, (evidence, resolution)) in claim.evidence.iter().zip(&verdict.evidence).enumerate()
        {
            let item = || Item {
                claim: claim.id.value.clone(),
                evidence: n,
                quote: evidence.quote.value.clone(),
                quote_span: evidence.quote.span.clone(),
            };
            match resolution {
                Resolution::Exact(location) => {
                    let members = missing_hints(source, evidence, location, options);
                    if members.is_empty() {
                        plan.already_pinned += 1;
                    } else {
                        plan.edits.push(insert_members(text, evidence, &members));
                        plan.pinned += 1;
                    }
                }
                Resolution::Moved(found) => plan.unpinned.push(Unpinned::Contradicted {
                    item: item(),
                    found: *found,
                }),
                Resolution::Ambiguous { .. } => plan.unpinned.push(Unpinned::Ambiguous {
                    item: item(),
                    candidates: candidates_of_ambiguous.next().unwrap_or_default(),
                }),
                Resolution::Drifted { location, .. } => plan.unpinned.push(Unpinned::NotFound {
                    item: item(),
                    nearest: Some(*location),
                }),
                Resolution::Broken => plan.unpinned.push(Unpinned::NotFound {
                    item: item(),
                    nearest: None,
                }),
            }
        }
    }
    plan.edits.sort_by_key(|e| (e.span.start, e.span.end));
    Ok(plan)
}

/// The hints `evidence` lacks, as (`key`, JSON value), in the contract's
/// order: `paragraph`, `start`, `end`, `prefix`, `suffix`.
fn missing_hints(
    source: &Source,
    evidence: &Evidence,
    location: &Location,
    options: Options,
) -> Vec<(&'static str, String)> {
    let mut members = Vec::new();
    if evidence.paragraph.is_none() {
        members.push((
            "paragraph",
            format!("\"{}\"", crate::address::ParagraphId(location.paragraph)),
        ));
    }
    if evidence.offsets.is_none() {
        members.push(("start", location.start.to_string()));
        members.push(("end", location.end.to_string()));
    }
    let (prefix, suffix) = context(source, location, options.context);
    if evidence.prefix.is_none() {
        members.push(("prefix", json_string(&prefix)));
    }
    if evidence.suffix.is_none() {
        members.push(("suffix", json_string(&suffix)));
    }
    members
}

/// Up to `chars` chars of the paragraph's original text before and after
/// `location`, clipped at the paragraph's edges.
pub fn context(source: &Source, location: &Location, chars: usize) -> (String, String) {
    let Some(paragraph) = source.paragraphs.get(location.paragraph) else {
        return (String::new(), String::new());
    };
    let before = paragraph.slice_chars(location.start.saturating_sub(chars)..location.start);
    let after = paragraph.slice_chars(location.end..location.end.saturating_add(chars));
    (before.to_owned(), after.to_owned())
}

/// Every place `quote` occurs exactly, with a snippet of each.
pub fn candidates(source: &Source, quote: &str) -> Vec<Candidate> {
    let needle = normalize(quote);
    if needle.is_empty() {
        return Vec::new();
    }
    matching::exact_occurrences(source, &needle)
        .into_iter()
        .map(|location| {
            let (before, after) = context(source, &location, SNIPPET_CONTEXT);
            let paragraph = source.paragraphs.get(location.paragraph);
            let text = paragraph
                .map(|p| p.slice_chars(location.chars()).to_owned())
                .unwrap_or_default();
            let len = paragraph.map_or(0, |p| p.char_len());
            Candidate {
                more_before: location.start > SNIPPET_CONTEXT,
                more_after: location.end.saturating_add(SNIPPET_CONTEXT) < len,
                location,
                before,
                text,
                after,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation;
    use crate::fix::apply;
    use crate::source::SourceKind;
    use crate::verdict;

    const ARTICLE: &str = "Alpha beta gamma delta epsilon zeta eta theta iota kappa.\nShort one.\nRussia said yes. Later Russia said no.\n";

    fn pinned(annotations: &str, context: usize) -> (String, Plan) {
        let source = Source::parse(ARTICLE.to_owned(), SourceKind::PlainText);
        let model = annotation::parse(annotations).expect("valid annotations");
        let verdicts: Vec<ClaimVerdict> = model
            .claims
            .iter()
            .map(|c| verdict::judge(&source, c))
            .collect();
        let plan = plan(annotations, &model, &source, &verdicts, Options { context })
            .expect("a claimcheck file");
        (apply(annotations, &plan.edits), plan)
    }

    fn file(evidence: &str) -> String {
        format!(
            "{{\n  \"source\": \"a.txt\",\n  \"claims\": [\n    {{\n      \"id\": \"c\",\n      \"claim\": \"It says so.\",\n      \"evidence\": [\n{evidence}\n      ]\n    }}\n  ]\n}}\n"
        )
    }

    #[test]
    fn a_bare_quote_gets_every_hint_on_its_own_lines() {
        let text = file("        {\n          \"quote\": \"epsilon zeta\"\n        }");
        let (after, plan) = pinned(&text, 10);
        assert_eq!(
            after,
            file(concat!(
                "        {\n",
                "          \"quote\": \"epsilon zeta\",\n",
                "          \"paragraph\": \"p1\",\n",
                "          \"start\": 23,\n",
                "          \"end\": 35,\n",
                "          \"prefix\": \"mma delta \",\n",
                "          \"suffix\": \" eta theta\"\n",
                "        }"
            ))
        );
        assert_eq!(plan.pinned, 1);
        assert!(plan.unpinned.is_empty());
    }

    #[test]
    fn context_is_clipped_at_the_paragraph_edges() {
        let text = file("        { \"quote\": \"Short one.\" }");
        let (after, _) = pinned(&text, 32);
        assert!(
            after.contains(
                r#"{ "quote": "Short one.", "paragraph": "p2", "start": 0, "end": 10, "prefix": "", "suffix": "" }"#
            ),
            "{after}"
        );
    }

    #[test]
    fn only_the_missing_hints_are_added_after_the_last_member() {
        let text = file("        {\"quote\":\"beta\",\"suffix\":\" gam\"}");
        let (after, _) = pinned(&text, 4);
        assert!(
            after.contains(
                r#"{"quote":"beta","suffix":" gam","paragraph":"p1","start":6,"end":10,"prefix":"pha "}"#
            ),
            "{after}"
        );
    }

    #[test]
    fn a_fully_pinned_item_is_left_alone() {
        let text = file(
            "        { \"quote\": \"beta\", \"paragraph\": \"p1\", \"start\": 6, \"end\": 10, \"prefix\": \"x\", \"suffix\": \"y\" }",
        );
        let (after, plan) = pinned(&text, 32);
        assert_eq!(after, text);
        assert_eq!((plan.already_pinned, plan.edits.len()), (1, 0));
    }

    #[test]
    fn contradicted_ambiguous_and_unfound_items_are_left_alone() {
        let text = file(concat!(
            "        { \"quote\": \"beta\", \"paragraph\": \"p2\" },\n",
            "        { \"quote\": \"Russia said\" },\n",
            "        { \"quote\": \"omega\" }"
        ));
        let (after, plan) = pinned(&text, 32);
        assert_eq!(after, text);
        let [
            Unpinned::Contradicted { found, .. },
            Unpinned::Ambiguous { candidates, .. },
            Unpinned::NotFound { nearest: None, .. },
        ] = plan.unpinned.as_slice()
        else {
            panic!("{:?}", plan.unpinned);
        };
        assert_eq!(
            *found,
            Location {
                paragraph: 0,
                start: 6,
                end: 10
            }
        );
        let places: Vec<(usize, usize, &str, &str)> = candidates
            .iter()
            .map(|c| {
                (
                    c.location.paragraph,
                    c.location.start,
                    c.before.as_str(),
                    c.after.as_str(),
                )
            })
            .collect();
        assert_eq!(
            places,
            [
                (2, 0, "", " yes. Later Russia said "),
                (2, 23, "Russia said yes. Later ", " no.")
            ]
        );
    }

    #[test]
    fn crlf_files_get_crlf_lines() {
        let text =
            file("        {\n          \"quote\": \"Short one.\"\n        }").replace('\n', "\r\n");
        let (after, _) = pinned(&text, 32);
        assert!(
            after.contains("\"quote\": \"Short one.\",\r\n          \"paragraph\": \"p2\",\r\n"),
            "{after:?}"
        );
        assert!(!after.replace("\r\n", "").contains('\n'), "{after:?}");
    }
}
