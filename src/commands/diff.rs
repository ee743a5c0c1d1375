//! `claimcheck diff OLD NEW`: what a revision did to each paragraph and,
//! with `--annotations`, to each claim (CONTRACT §7).

use std::collections::HashSet;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use serde::Serialize;

use crate::annotation::AnnotationFile;
use crate::check::{self, Problem, SourceCache};
use crate::cli::{DiffArgs, ListFormat};
use crate::matching::{self, Hints, Location};
use crate::report::human;
use crate::report::wdiff::{word_diff, word_diff_excerpt};
use crate::revision::{Alignment, ParagraphChange, ParagraphPair, SpanChange, map_span};
use crate::source::Source;

/// Words of unchanged text kept around each change in paragraph diffs.
const CONTEXT_WORDS: usize = 8;

pub fn run(args: &DiffArgs) -> u8 {
    let style = human::Style::detect();
    let sources = SourceCache::default();
    let (old, new) = match (sources.load(&args.old), sources.load(&args.new)) {
        (Ok(old), Ok(new)) => (old, new),
        (old, new) => {
            let problems: Vec<Problem> = [old.err(), new.err()].into_iter().flatten().collect();
            eprint!("{}", human::render_problems(&problems, style));
            return 2;
        }
    };
    let alignment = Alignment::new(&old.source, &new.source);
    let mut problems = Vec::new();
    let mut claim_files = Vec::new();
    for found in check::discover(&args.annotations) {
        let read = found
            .map_err(|(_, problem)| vec![problem])
            .and_then(|path| {
                check::read_annotations(&path).map(|(file, model)| (path, file, model))
            });
        match read {
            Ok((path, _, model)) => {
                let claims = claim_changes(&model, &alignment, &old.source, &new.source);
                claim_files.push((path, claims));
            }
            Err(mut errors) => problems.append(&mut errors),
        }
    }
    let out = match args.format {
        ListFormat::Json => json(&alignment, &claim_files),
        ListFormat::Human => {
            let color = style.color && std::io::stdout().is_terminal();
            let view = HumanDiff {
                old: &old.source,
                new: &new.source,
                color,
            };
            let header = format!("--- {}\n+++ {}\n", args.old.display(), args.new.display());
            header + &view.paragraphs(&alignment) + &view.claims(&claim_files)
        }
    };
    let _ = std::io::stdout().write_all(out.as_bytes());
    if problems.is_empty() {
        0
    } else {
        eprint!("{}", human::render_problems(&problems, style));
        2
    }
}

/// What the revision did to one claim: the worst over its evidence.
struct ClaimChange {
    id: String,
    evidence: Vec<EvidenceChange>,
}

struct EvidenceChange {
    /// Where the quote is in OLD (None: not there to begin with).
    old: Option<Location>,
    change: SpanChange,
    /// The quote's words before and after, when it was edited.
    diff: Option<String>,
}

impl ClaimChange {
    fn worst(&self) -> &'static str {
        self.evidence
            .iter()
            .max_by_key(|e| e.change.rank())
            .map_or("same", |e| e.change.as_str())
    }
}

fn claim_changes(
    model: &AnnotationFile,
    alignment: &Alignment,
    old: &Source,
    new: &Source,
) -> Vec<ClaimChange> {
    model
        .claims
        .iter()
        .map(|claim| ClaimChange {
            id: claim.id.value.clone(),
            evidence: claim
                .evidence
                .iter()
                .map(|evidence| {
                    let located =
                        matching::resolve(old, &evidence.quote.value, &Hints::of(evidence))
                            .location();
                    let Some(at) = located else {
                        return EvidenceChange {
                            old: None,
                            change: SpanChange::Removed,
                            diff: None,
                        };
                    };
                    let change = map_span(alignment, old, new, at);
                    let diff = match &change {
                        SpanChange::Edited(now) => Some(word_diff(
                            old.paragraphs[at.paragraph].slice_chars(at.chars()),
                            new.paragraphs[now.paragraph].slice_chars(now.chars()),
                        )),
                        _ => None,
                    };
                    EvidenceChange {
                        old: Some(at),
                        change,
                        diff,
                    }
                })
                .collect(),
        })
        .collect()
}

fn address(index: Option<usize>) -> Option<String> {
    index.map(|i| format!("p{}", i + 1))
}

fn span_address(location: &Location) -> String {
    format!(
        "p{}:{}-{}",
        location.paragraph + 1,
        location.start,
        location.end
    )
}

// ---- JSON ----

#[derive(Serialize)]
struct JsonDiff {
    paragraphs: Vec<JsonParagraph>,
    claims: Vec<JsonClaim>,
}

#[derive(Serialize)]
struct JsonParagraph {
    old: Option<String>,
    new: Option<String>,
    change: ParagraphChange,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'static str>,
}

#[derive(Serialize)]
struct JsonClaim {
    id: String,
    change: &'static str,
    annotations: String,
    evidence: Vec<JsonEvidence>,
}

#[derive(Serialize)]
struct JsonEvidence {
    change: &'static str,
    old: Option<JsonSpan>,
    new: Option<JsonSpan>,
    #[serde(skip_serializing_if = "Option::is_none")]
    diff: Option<String>,
}

#[derive(Serialize)]
struct JsonSpan {
    paragraph: String,
    start: usize,
    end: usize,
}

impl From<Location> for JsonSpan {
    fn from(l: Location) -> JsonSpan {
        JsonSpan {
            paragraph: format!("p{}", l.paragraph + 1),
            start: l.start,
            end: l.end,
        }
    }
}

fn json(alignment: &Alignment, claim_files: &[(PathBuf, Vec<ClaimChange>)]) -> String {
    let report = JsonDiff {
        paragraphs: alignment
            .pairs
            .iter()
            .map(|p| JsonParagraph {
                old: address(p.old),
                new: address(p.new),
                change: p.change,
                note: p.note,
            })
            .collect(),
        claims: claim_files
            .iter()
            .flat_map(|(path, claims)| {
                claims.iter().map(move |c| JsonClaim {
                    id: c.id.clone(),
                    change: c.worst(),
                    annotations: path.display().to_string(),
                    evidence: c
                        .evidence
                        .iter()
                        .map(|e| JsonEvidence {
                            change: e.change.as_str(),
                            old: e.old.map(JsonSpan::from),
                            new: e.change.location().map(JsonSpan::from),
                            diff: e.diff.clone(),
                        })
                        .collect(),
                })
            })
            .collect(),
    };
    let mut out = serde_json::to_string_pretty(&report).unwrap_or_default();
    out.push('\n');
    out
}

// ---- Human ----

struct HumanDiff<'a> {
    old: &'a Source,
    new: &'a Source,
    color: bool,
}

impl HumanDiff<'_> {
    /// Each changed paragraph with its word diff; runs of paragraphs that
    /// only moved are folded into one line.
    fn paragraphs(&self, alignment: &Alignment) -> String {
        let mut out = String::new();
        let mut moved_run: Vec<&ParagraphPair> = Vec::new();
        let mut shown_splits = HashSet::new();
        let mut shown_merges = HashSet::new();
        let flush = |run: &mut Vec<&ParagraphPair>, out: &mut String| {
            if let (Some(first), Some(last)) = (run.first(), run.last()) {
                let range = |a: Option<usize>, b: Option<usize>| match (a, b) {
                    (Some(a), Some(b)) if a == b => format!("p{}", a + 1),
                    (Some(a), Some(b)) => format!("p{}–p{}", a + 1, b + 1),
                    _ => String::new(),
                };
                out.push_str(&format!(
                    "\n{} → {}  moved (text unchanged)\n",
                    range(first.old, last.old),
                    range(first.new, last.new)
                ));
            }
            run.clear();
        };
        for pair in &alignment.pairs {
            if pair.change == ParagraphChange::Moved {
                let continues = moved_run.last().is_some_and(|last| {
                    last.old.map(|o| o + 1) == pair.old && last.new.map(|n| n + 1) == pair.new
                });
                if !continues {
                    flush(&mut moved_run, &mut out);
                }
                moved_run.push(pair);
                continue;
            }
            flush(&mut moved_run, &mut out);
            match pair.note {
                // A split or merge is shown once, as all of its parts.
                Some("split") if shown_splits.insert(pair.old) => {
                    let parts: Vec<usize> = alignment
                        .pairs
                        .iter()
                        .filter(|p| p.old == pair.old && p.note == pair.note)
                        .filter_map(|p| p.new)
                        .collect();
                    out.push_str(&self.joined(pair.old.into_iter().collect(), parts, "split"));
                }
                Some("merged") if shown_merges.insert(pair.new) => {
                    let parts: Vec<usize> = alignment
                        .pairs
                        .iter()
                        .filter(|p| p.new == pair.new && p.note == pair.note)
                        .filter_map(|p| p.old)
                        .collect();
                    out.push_str(&self.joined(parts, pair.new.into_iter().collect(), "merged"));
                }
                Some(_) => {}
                None => out.push_str(&self.paragraph(pair)),
            }
        }
        flush(&mut moved_run, &mut out);
        let count = |c: ParagraphChange| alignment.pairs.iter().filter(|p| p.change == c).count();
        let counts: Vec<String> = [
            ParagraphChange::Same,
            ParagraphChange::Moved,
            ParagraphChange::Edited,
            ParagraphChange::Added,
            ParagraphChange::Removed,
        ]
        .into_iter()
        .filter(|&c| count(c) > 0)
        .map(|c| format!("{} {}", count(c), c.as_str()))
        .collect();
        out.push_str(&format!("\nparagraphs: {}\n", counts.join(", ")));
        out
    }

    /// Old paragraphs `olds` became new paragraphs `news` (a split or a
    /// merge): one word diff, with ¶ where a paragraph break is.
    fn joined(&self, olds: Vec<usize>, news: Vec<usize>, note: &str) -> String {
        let join = |source: &Source, parts: &[usize]| -> (String, String) {
            let names: Vec<String> = parts.iter().map(|i| format!("p{}", i + 1)).collect();
            let texts: Vec<&str> = parts
                .iter()
                .map(|&i| source.paragraphs[i].text.as_str())
                .collect();
            (names.join(" + "), texts.join(" ¶ "))
        };
        let (old_names, old_text) = join(self.old, &olds);
        let (new_names, new_text) = join(self.new, &news);
        format!(
            "\n{old_names} → {new_names}  {note}\n    {}\n",
            word_diff_excerpt(&old_text, &new_text, CONTEXT_WORDS, self.color)
        )
    }

    fn paragraph(&self, pair: &ParagraphPair) -> String {
        let preview = |text: &str| -> String {
            let words: Vec<&str> = text.split_whitespace().collect();
            if words.len() > 2 * CONTEXT_WORDS {
                format!("{} …", words[..2 * CONTEXT_WORDS].join(" "))
            } else {
                words.join(" ")
            }
        };
        let note = pair.note.map(|n| format!(" ({n})")).unwrap_or_default();
        match (pair.old, pair.new) {
            (Some(i), Some(j)) if pair.change == ParagraphChange::Edited => {
                let old = &self.old.paragraphs[i].text;
                let new = &self.new.paragraphs[j].text;
                format!(
                    "\np{} → p{}  edited{note}\n    {}\n",
                    i + 1,
                    j + 1,
                    word_diff_excerpt(old, new, CONTEXT_WORDS, self.color)
                )
            }
            (None, Some(j)) => format!(
                "\np{}  added\n    + {}\n",
                j + 1,
                preview(&self.new.paragraphs[j].text)
            ),
            (Some(i), None) => format!(
                "\np{}  removed\n    - {}\n",
                i + 1,
                preview(&self.old.paragraphs[i].text)
            ),
            // Same paragraphs are not news.
            _ => String::new(),
        }
    }

    fn claims(&self, claim_files: &[(PathBuf, Vec<ClaimChange>)]) -> String {
        let mut out = String::new();
        for (path, claims) in claim_files {
            out.push_str(&format!("\nclaims in {}:\n", path.display()));
            let mut same = 0;
            for claim in claims {
                let worst = claim.worst();
                if worst == "same" {
                    same += 1;
                    continue;
                }
                out.push_str(&format!("  {worst:<8} {}\n", claim.id));
                for e in &claim.evidence {
                    let old = e.old.as_ref().map_or("not in OLD".into(), span_address);
                    let line = match (&e.change, &e.diff) {
                        (SpanChange::Same(_), _) => continue,
                        (SpanChange::Removed, _) => format!("{old} → removed"),
                        (change, Some(diff)) => format!(
                            "{old} → {}: {diff}",
                            change
                                .location()
                                .map_or(String::new(), |l| span_address(&l))
                        ),
                        (change, None) => format!(
                            "{old} → {}",
                            change
                                .location()
                                .map_or(String::new(), |l| span_address(&l))
                        ),
                    };
                    out.push_str(&format!("           {line}\n"));
                }
            }
            let count = |name: &str| claims.iter().filter(|c| c.worst() == name).count();
            out.push_str(&format!(
                "claims: {same} same, {} moved, {} edited, {} removed\n",
                count("moved"),
                count("edited"),
                count("removed")
            ));
        }
        out
    }
}
