//! `claimcheck pin`: add the hints that evidence found exactly once lacks,
//! atomically, as `fix` writes (CONTRACT §5). What is pinned and what is
//! left alone is decided in [`crate::pin`].

use crate::check::{self, CheckOptions, Outcome, Problem, TextFile};
use crate::cli::PinArgs;
use crate::fix;
use crate::pin::{self, Candidate, Options, Plan, Unpinned};
use crate::report::human;

use super::fix::{remove_stale_temps, shown, web_annotation_refused, write};

/// Candidate places listed per ambiguous quote.
const CANDIDATES_SHOWN: usize = 20;

pub fn run(args: &PinArgs) -> u8 {
    run_with(args, Options::default())
}

/// [`run`] with the pin options (e.g. `pin.context` from the config file).
pub fn run_with(args: &PinArgs, options: Options) -> u8 {
    let style = human::Style::detect();
    let Some(paths) = super::annotation_paths(&args.paths, style) else {
        return 2;
    };
    let mut problems: Vec<Problem> = Vec::new();
    let mut log = String::new();
    let mut unpinned = 0;
    for outcome in check::run(&paths, &CheckOptions::default()) {
        let file = match outcome {
            Outcome::Failed {
                problems: mut p, ..
            } => {
                problems.append(&mut p);
                continue;
            }
            // Stale hints leave their items `moved`, which pin reports.
            Outcome::Checked { file, .. } => file,
        };
        let plan = match pin::plan_file(&file, options) {
            Ok(plan) => plan,
            Err(fix::Refusal::WebAnnotation) => {
                problems.push(web_annotation_refused(&file, "pin"));
                continue;
            }
        };
        let path = &file.annotations.path;
        remove_stale_temps(path, args.dry_run, &mut log);
        if plan.edits.is_empty() {
            log.push_str(&format!("{}: nothing to pin\n", path.display()));
        } else {
            let old = file.annotations.text.as_str();
            let new = fix::apply(old, &plan.edits);
            let what = summary(&plan, args.dry_run);
            if let Err(problem) = write(path, old, &new, &what, args.dry_run, &mut log) {
                problems.push(*problem);
            }
        }
        for item in &plan.unpinned {
            log.push_str(&describe(&file.annotations, item));
        }
        unpinned += plan.unpinned.len();
    }
    eprint!("{}", human::render_problems(&problems, style));
    eprint!("{log}");
    if !problems.is_empty() {
        2
    } else if unpinned > 0 {
        eprintln!(
            "{unpinned} evidence item{} could not be pinned",
            if unpinned == 1 { "" } else { "s" }
        );
        1
    } else {
        0
    }
}

fn summary(plan: &Plan, dry_run: bool) -> String {
    let n = plan.pinned.len();
    format!(
        "{} {n} evidence item{}",
        if dry_run { "would pin" } else { "pinned" },
        if n == 1 { "" } else { "s" }
    )
}

/// One item left alone, located at its `quote` in the annotation file, and
/// what the user can do.
fn describe(annotations: &TextFile, unpinned: &Unpinned) -> String {
    let item = unpinned.item();
    let (line, column) = annotations.line_column(item.quote_span.start);
    let at = format!(
        "{}:{line}:{column}: evidence {} of claim `{}`",
        annotations.path.display(),
        item.evidence + 1,
        shown(&item.claim)
    );
    let quote = shown(&item.quote);
    match unpinned {
        Unpinned::Ambiguous { candidates, .. } => {
            let mut out = format!(
                "{at} is ambiguous: \"{quote}\" occurs {} times; add the `paragraph` (and `start`, `end`) of the one it means:\n",
                candidates.len()
            );
            for candidate in candidates.iter().take(CANDIDATES_SHOWN) {
                out.push_str(&format!("    {}\n", place(candidate)));
            }
            if candidates.len() > CANDIDATES_SHOWN {
                out.push_str(&format!(
                    "    … and {} more\n",
                    candidates.len() - CANDIDATES_SHOWN
                ));
            }
            out
        }
        Unpinned::Contradicted { found, .. } => format!(
            "{at}: \"{quote}\" is found once, at p{} {}..{}, but not where its hints say: run `claimcheck fix` to re-anchor it, then `pin`\n",
            found.paragraph + 1,
            found.start,
            found.end
        ),
        Unpinned::NotFound {
            nearest: Some(near),
            ..
        } => format!(
            "{at}: \"{quote}\" is not in the source exactly (a close match is at p{} {}..{}): correct the quote, then `pin`\n",
            near.paragraph + 1,
            near.start,
            near.end
        ),
        Unpinned::NotFound { nearest: None, .. } => {
            format!("{at}: \"{quote}\" is not in the source: correct the quote, then `pin`\n")
        }
    }
}

/// `"paragraph": "p3", "start": 23, "end": 34   …text [quote] text…`
fn place(candidate: &Candidate) -> String {
    let l = &candidate.location;
    let hints = format!(
        "\"paragraph\": \"p{}\", \"start\": {}, \"end\": {}",
        l.paragraph + 1,
        l.start,
        l.end
    );
    let ellipsis = |clipped: bool| if clipped { "…" } else { "" };
    format!(
        "{hints:<44}  {}{}[{}]{}{}",
        ellipsis(candidate.more_before),
        shown(&candidate.before),
        shown(&candidate.text),
        shown(&candidate.after),
        ellipsis(candidate.more_after)
    )
}
