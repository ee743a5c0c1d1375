//! Re-anchoring: turning verdicts into edits of the annotation file's text.
//!
//! Only the bytes of the values that change are rewritten (a `paragraph`
//! string, a `start` or `end` number, with `--accept-drift` a `quote`, with
//! `--source` the file's `source`), so every other byte — key order,
//! indentation, line endings, comments in strings — stays as the user wrote
//! it. Members that are missing are added after the object's last member,
//! laid out like the members already there (see [`insert_members`]).
//!
//! Everything here is pure: text and verdicts in, a list of edits out.

use std::ops::Range;

use crate::annotation::{Claim, Evidence, Format, Spanned};
use crate::matching::{Location, Resolution};
use crate::pipeline::Checked;
use crate::revision::{Alignment, ParagraphChange};
use crate::source::Source;
use crate::text::TextFile;
use crate::verdict::{self, Fact};

pub use crate::diagnostic::Edit;

/// What `fix` will do to one annotation file.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub edits: Vec<Edit>,
    /// Evidence items re-anchored because they moved.
    pub moved: usize,
    /// Drifted quotes replaced by the source's new wording.
    pub accepted: usize,
    /// Each quote replaced, in file order.
    pub accepted_quotes: Vec<AcceptedQuote>,
    /// Claims whose facts the accepted wording no longer quotes.
    pub now_unsupported: Vec<(String, Vec<Fact>)>,
    /// The new value of `source`, when the plan points the file at another
    /// revision (as written: relative to the annotation file's folder).
    pub retargeted: Option<String>,
}

/// One drifted quote taken from the source's new wording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcceptedQuote {
    pub claim: String,
    /// 0-based position in the claim's `evidence`.
    pub evidence: usize,
    pub old: String,
    pub new: String,
    pub location: Location,
}

/// What to fix besides moved evidence.
#[derive(Debug, Clone, Default)]
pub struct FixOptions {
    /// Also take the source's new wording for drifted quotes.
    pub accept_drift: bool,
    /// Point `source` at this path (relative to the annotation file's
    /// folder), because the file was checked against that revision.
    pub retarget_source: Option<String>,
}

/// Why a file cannot be fixed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    WebAnnotation,
}

/// [`plan_with`] with only `accept_drift` set.
pub fn plan(annotations: &TextFile, file: &Checked, accept_drift: bool) -> Result<Plan, Refusal> {
    plan_with(
        annotations,
        file,
        &FixOptions {
            accept_drift,
            ..FixOptions::default()
        },
    )
}

/// The edits that make `file` say where its evidence is now.
pub fn plan_with(
    annotations: &TextFile,
    file: &Checked,
    options: &FixOptions,
) -> Result<Plan, Refusal> {
    if file.model.format == Format::WebAnnotation {
        return Err(Refusal::WebAnnotation);
    }
    let text = annotations.text();
    let source = &file.source.source;
    let mut plan = Plan::default();
    for (claim, verdict) in file.model.claims.iter().zip(&file.verdicts) {
        let mut accepted: Vec<(usize, String, Location)> = Vec::new();
        for (n, (evidence, resolution)) in claim.evidence.iter().zip(&verdict.evidence).enumerate()
        {
            match resolution {
                Resolution::Moved(now) => {
                    plan.edits.extend(re_anchor(text, evidence, now));
                    plan.moved += 1;
                }
                Resolution::Drifted { location, .. } if options.accept_drift => {
                    let Some(paragraph) = source.paragraphs.get(location.paragraph) else {
                        continue;
                    };
                    let quote = paragraph.slice_chars(location.chars()).to_owned();
                    plan.edits.push(Edit {
                        span: evidence.quote.span.clone(),
                        replacement: json_string(&quote),
                    });
                    plan.edits.extend(re_anchor(text, evidence, location));
                    plan.accepted += 1;
                    plan.accepted_quotes.push(AcceptedQuote {
                        claim: claim.id.value.clone(),
                        evidence: n,
                        old: evidence.quote.value.clone(),
                        new: quote.clone(),
                        location: *location,
                    });
                    accepted.push((n, quote, *location));
                }
                _ => {}
            }
        }
        if !accepted.is_empty() {
            let missing = facts_missing_after(source, claim, &accepted);
            if !missing.is_empty() {
                plan.now_unsupported.push((claim.id.value.clone(), missing));
            }
        }
    }
    if let (Some(new), Some(named)) = (&options.retarget_source, &file.model.source)
        && *new != named.value
    {
        plan.edits.push(Edit {
            span: named.span.clone(),
            replacement: json_string(new),
        });
        plan.retargeted = Some(new.clone());
    }
    plan.edits.sort_by_key(|e| (e.span.start, e.span.end));
    Ok(plan)
}

/// The facts of `claim` that its evidence no longer backs once the
/// `accepted` quotes replace the old ones: the whole fact check of
/// CONTRACT §4 rule 5, run by `verdict` on the claim as it will read.
fn facts_missing_after(
    source: &Source,
    claim: &Claim,
    accepted: &[(usize, String, Location)],
) -> Vec<Fact> {
    let mut claim = claim.clone();
    for (n, quote, location) in accepted {
        if let Some(evidence) = claim.evidence.get_mut(*n) {
            evidence.quote.value.clone_from(quote);
            // Pinned where the new wording is, so the check reads it there.
            let span = evidence.quote.span.clone();
            evidence.paragraph = Some(Spanned::new(location.paragraph, span.clone()));
            evidence.offsets = Some(Spanned::new(
                crate::annotation::Offsets {
                    start: location.start,
                    end: location.end,
                },
                span,
            ));
            evidence.prefix = None;
            evidence.suffix = None;
            evidence.position = None;
        }
    }
    verdict::judge(source, &claim).missing_facts
}

/// Edits that make an evidence item's `paragraph`, `start` and `end` say
/// `now`: existing values are rewritten in place; a pin that is missing is
/// added only when the item is pinned at all. (The edits `fix` makes for
/// moved evidence, and the ones a `moved` diagnostic carries.)
pub fn re_anchor(text: &str, evidence: &Evidence, now: &Location) -> Vec<Edit> {
    let mut edits = Vec::new();
    let paragraph = format!("\"{}\"", crate::address::ParagraphId(now.paragraph));
    let mut missing = Vec::new();
    match &evidence.paragraph {
        Some(p) if p.value != now.paragraph => edits.push(Edit {
            span: p.span.clone(),
            replacement: paragraph,
        }),
        Some(_) => {}
        None if evidence.offsets.is_some() => missing.push(("paragraph", paragraph)),
        None => {}
    }
    match (&evidence.offset_value_spans, &evidence.offsets) {
        (Some((start, end)), Some(recorded)) => {
            if recorded.value.start != now.start {
                edits.push(Edit {
                    span: start.clone(),
                    replacement: now.start.to_string(),
                });
            }
            if recorded.value.end != now.end {
                edits.push(Edit {
                    span: end.clone(),
                    replacement: now.end.to_string(),
                });
            }
        }
        _ if evidence.paragraph.is_some() => {
            missing.push(("start", now.start.to_string()));
            missing.push(("end", now.end.to_string()));
        }
        _ => {}
    }
    if !missing.is_empty() {
        edits.push(insert_members(text, evidence, &missing));
    }
    edits
}

/// An edit that adds `members` (`key`, JSON value) to the evidence object,
/// in the order given, right after its last member, laid out like the
/// members already there: in a multi-line object one per line, indented as
/// the last member is, with the object's own line ending (CRLF stays
/// CRLF); in an inline object on the same line, separated as its members
/// are (`, ` or `,`). The key/value separator is copied too (`: ` or `:`).
pub fn insert_members(text: &str, evidence: &Evidence, members: &[(&str, String)]) -> Edit {
    let values = member_values(evidence);
    let last = values
        .iter()
        .max_by_key(|v| v.end)
        .cloned()
        .unwrap_or_else(|| evidence.quote.span.clone());
    let at = last.end.min(text.len());
    let object = text.get(evidence.span.clone()).unwrap_or("");
    let last_key = key_of(text, last.start);
    let key_separator = last_key
        .as_ref()
        .and_then(|key| text.get(key.end..last.start))
        .unwrap_or(": ");
    let separator = if object.contains('\n') {
        let key_start = last_key.map_or(last.start, |k| k.start);
        let line_start = text[..key_start].rfind('\n').map_or(0, |i| i + 1);
        // The key's column, in the line's own tabs and spaces.
        let indent: String = text[line_start..key_start]
            .chars()
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        format!(",{}{indent}", line_ending_near(text, key_start))
    } else {
        inline_separator(text, &values)
            .or_else(|| {
                // One member: spaced as the brace is from the first key.
                let key = key_of(text, values.first()?.start)?;
                let gap = text.get(evidence.span.start + 1..key.start)?;
                Some(format!(",{gap}"))
            })
            .unwrap_or_else(|| ", ".to_owned())
    };
    // Exactly as long as it is: `pin` holds one per evidence item (grown
    // by doubling, 100,000 of them were 23 MB).
    let pieces = || {
        members.iter().flat_map(|(key, value)| {
            [
                separator.as_str(),
                "\"",
                key,
                "\"",
                key_separator,
                value.as_str(),
            ]
        })
    };
    let mut replacement = String::with_capacity(pieces().map(str::len).sum());
    pieces().for_each(|piece| replacement.push_str(piece));
    Edit {
        span: at..at,
        replacement,
    }
}

/// The spans of an evidence object's member values, in file order.
fn member_values(evidence: &Evidence) -> Vec<Range<usize>> {
    let mut values = vec![evidence.quote.span.clone()];
    values.extend(evidence.paragraph.as_ref().map(|p| p.span.clone()));
    if let Some((start, end)) = &evidence.offset_value_spans {
        values.push(start.clone());
        values.push(end.clone());
    }
    values.extend(evidence.prefix.as_ref().map(|p| p.span.clone()));
    values.extend(evidence.suffix.as_ref().map(|s| s.span.clone()));
    values.sort_by_key(|v| v.start);
    values
}

/// The span of the key (quotes included) of the member whose value starts
/// at `value_start`, read backwards over `"key" :`. Keys are known names,
/// so a key holds no `"` of its own, escaped or not.
fn key_of(text: &str, value_start: usize) -> Option<Range<usize>> {
    let before = text.get(..value_start)?;
    let colon = before.trim_end_matches(is_json_space);
    let colon = colon.strip_suffix(':')?;
    let key = colon.trim_end_matches(is_json_space);
    let end = key.len();
    let open = key.strip_suffix('"')?.rfind('"')?;
    Some(open..end)
}

fn is_json_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// What stands between two members of an inline object, comma included.
fn inline_separator(text: &str, values: &[Range<usize>]) -> Option<String> {
    let next = values.get(1)?;
    let key = key_of(text, next.start)?;
    text.get(values[0].end..key.start).map(str::to_owned)
}

/// The line ending in use at byte `at`: that of the line break before it,
/// else of the first one after it.
fn line_ending_near(text: &str, at: usize) -> &'static str {
    let at = at.min(text.len());
    let newline = text[..at]
        .rfind('\n')
        .or_else(|| text[at..].find('\n').map(|i| at + i));
    match newline {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// A JSON string literal holding `value` (control chars escaped).
pub fn json_string(value: &str) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| format!("{value:?}"))
}

/// How much of an annotation file's own source is still found in another
/// article: the test of "NEW is a revision of the file's source".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kinship {
    /// Paragraphs of the file's source that the revision alignment pairs
    /// with a paragraph of the other article (same, moved or edited).
    pub found: usize,
    /// Paragraphs of the file's source.
    pub of: usize,
}

impl Kinship {
    /// `new` is a revision of `own` when more than half of `own`'s
    /// paragraphs are found in it: unchanged (by fingerprint, in place or
    /// moved) or edited (paired by word similarity).
    pub fn of(own: &Source, new: &Source) -> Kinship {
        let alignment = Alignment::new(own, new);
        let mut found = vec![false; own.paragraphs.len()];
        for pair in &alignment.pairs {
            if let (Some(old), Some(_)) = (pair.old, pair.new)
                && matches!(
                    pair.change,
                    ParagraphChange::Same | ParagraphChange::Moved | ParagraphChange::Edited
                )
                && let Some(slot) = found.get_mut(old)
            {
                *slot = true;
            }
        }
        Kinship {
            found: found.iter().filter(|f| **f).count(),
            of: own.paragraphs.len(),
        }
    }

    pub fn is_revision(&self) -> bool {
        self.found * 2 > self.of
    }
}

/// Applies sorted, non-overlapping edits. An edit that overlaps the one
/// before it, or does not fall on char boundaries of `text`, is skipped.
pub fn apply(text: &str, edits: &[Edit]) -> String {
    // The output's length (at most: a skipped edit only makes it shorter),
    // so that it never grows by doubling, to twice a file that `pin`
    // lengthens.
    let added: usize = edits.iter().map(|e| e.replacement.len()).sum();
    let mut out = String::with_capacity(text.len() + added);
    let Ok(()) = applied_pieces(text, edits, |piece| {
        out.push_str(piece);
        Ok::<(), std::convert::Infallible>(())
    });
    out
}

/// [`apply`], written to `out` as it goes: the rewritten file is never
/// held whole (at 100,000 pins, 47 MB).
pub fn write_applied(
    text: &str,
    edits: &[Edit],
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    applied_pieces(text, edits, |piece| out.write_all(piece.as_bytes()))?;
    out.flush()
}

/// The pieces of `text` with `edits` applied, in order: kept text and
/// replacements (see [`apply`] for the edits skipped).
fn applied_pieces<E>(
    text: &str,
    edits: &[Edit],
    mut put: impl FnMut(&str) -> Result<(), E>,
) -> Result<(), E> {
    let mut at = 0;
    for edit in edits {
        let (Some(kept), Some(_)) = (text.get(at..edit.span.start), text.get(edit.span.clone()))
        else {
            continue;
        };
        put(kept)?;
        put(&edit.replacement)?;
        at = edit.span.end;
    }
    put(&text[at..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apply_keeps_every_other_byte() {
        let text = r#"{ "paragraph": "p3",  "start": 15 }"#;
        let edits = [
            Edit {
                span: 15..19,
                replacement: "\"p2\"".into(),
            },
            Edit {
                span: 31..33,
                replacement: "7".into(),
            },
        ];
        assert_eq!(apply(text, &edits), r#"{ "paragraph": "p2",  "start": 7 }"#);
    }

    #[test]
    fn apply_skips_edits_it_cannot_make() {
        let edit = |span: Range<usize>| Edit {
            span,
            replacement: "X".into(),
        };
        let text = "aé b";
        assert_eq!(apply(text, &[edit(0..1), edit(0..2), edit(2..3)]), "Xé b");
        assert_eq!(apply(text, &[edit(4..9)]), text);
    }

    #[test]
    fn the_file_written_is_the_text_applied() {
        let text = "{ \"start\": 15, \"end\": 20 } é";
        let edit = |span: Range<usize>, replacement: &str| Edit {
            span,
            replacement: replacement.into(),
        };
        // Kept, replaced, skipped (overlapping, then off a char boundary).
        let edits = [
            edit(11..13, "7"),
            edit(12..14, "X"),
            edit(22..24, "12"),
            edit(28..29, "Y"),
        ];
        let mut written = Vec::new();
        write_applied(text, &edits, &mut written).expect("written to memory");
        assert_eq!(
            String::from_utf8(written).as_deref(),
            Ok(apply(text, &edits).as_str())
        );
        assert_eq!(apply(text, &edits), "{ \"start\": 7, \"end\": 12 } é");
    }

    fn evidence_of(text: &str) -> Evidence {
        let model = crate::annotation::parse(text).expect("valid");
        model.claims[0].evidence[0].clone()
    }

    fn file(evidence: &str) -> String {
        format!(
            "{{\"source\": \"a.txt\", \"claims\": [{{\"id\": \"c\", \"claim\": \"x\", \"evidence\": [\n{evidence}\n]}}]}}"
        )
    }

    fn inserted(evidence: &str) -> String {
        let text = file(evidence);
        let edit = insert_members(
            &text,
            &evidence_of(&text),
            &[("start", "1".into()), ("end", "2".into())],
        );
        apply(&text, &[edit])
    }

    #[test]
    fn members_are_laid_out_like_their_neighbours() {
        // One per line, at the last member's column, with its line ending.
        assert_eq!(
            inserted("  {\r\n    \"quote\" :  \"q\",\r\n\t\"paragraph\" :  \"p1\"\r\n  }"),
            file(
                "  {\r\n    \"quote\" :  \"q\",\r\n\t\"paragraph\" :  \"p1\",\r\n\t\"start\" :  1,\r\n\t\"end\" :  2\r\n  }"
            )
        );
        // Inline: the object's own separators, compact or not.
        assert_eq!(
            inserted(r#"{"quote":"q","paragraph":"p1"}"#),
            file(r#"{"quote":"q","paragraph":"p1","start":1,"end":2}"#)
        );
        assert_eq!(
            inserted(r#"{ "quote": "q" }"#),
            file(r#"{ "quote": "q", "start": 1, "end": 2 }"#)
        );
        assert_eq!(
            inserted(r#"{"quote":"q"}"#),
            file(r#"{"quote":"q","start":1,"end":2}"#)
        );
        // A key on the brace's line: the new ones line up under it.
        assert_eq!(
            inserted("  { \"quote\": \"q\"\n  }"),
            file("  { \"quote\": \"q\",\n    \"start\": 1,\n    \"end\": 2\n  }")
        );
    }

    #[test]
    fn a_revision_keeps_most_paragraphs() {
        use crate::source::SourceKind;
        let parse = |t: &str| Source::parse(t.to_owned(), SourceKind::PlainText);
        let old = parse("One two three four.\nFive six seven.\nEight nine ten.\nEleven.\n");
        let edited =
            parse("New lead paragraph.\nOne two three four.\nFive six seven eight.\nEleven.\n");
        let other = parse("Something else.\nEleven.\nAnother thing.\n");
        assert_eq!(Kinship::of(&old, &edited), Kinship { found: 3, of: 4 });
        assert!(Kinship::of(&old, &edited).is_revision());
        assert_eq!(Kinship::of(&old, &other), Kinship { found: 1, of: 4 });
        assert!(!Kinship::of(&old, &other).is_revision());
        assert!(!Kinship::of(&parse(""), &old).is_revision());
    }
}
