//! `claimcheck pin`: add the hints that evidence found exactly once lacks,
//! atomically, as `fix` writes (CONTRACT §5). What is pinned and what is
//! left alone is decided in [`crate::pin`].

use super::Context;
use crate::cli::PinArgs;
use crate::diagnostic::Diagnostic;
use crate::fix;
use crate::pin::{self, Candidate, Options, Plan, Unpinned};
use crate::pipeline::Run;
use crate::report::Sink;
use crate::text::TextFile;

use super::fix::{remove_stale_temps, shown, web_annotation_refused, write};

/// Candidate places listed per ambiguous quote.
const CANDIDATES_SHOWN: usize = 20;

pub fn run(args: &PinArgs, context: &Context) -> u8 {
    let paths = match context.annotation_paths(&args.paths) {
        Ok(paths) => paths,
        Err(code) => return code,
    };
    let options = Options {
        context: context.config.pin_context(),
    };
    let workspace = context.workspace(args.allow_source_outside);
    let check = crate::pipeline::CheckOptions {
        // An ambiguous quote's places are listed after judging.
        searches_after: true,
        ..context.check_options(None, None)
    };
    let run = Run::new(&workspace, &check);
    let mut problems: Vec<Diagnostic> = Vec::new();
    let mut log = String::new();
    let mut unpinned = 0;
    let mut stdout = Sink::stdout();
    for outcome in run.collect(&run.discover(&paths)) {
        problems.extend(outcome.problems.iter().cloned());
        // Stale hints leave their items `moved`, which pin reports.
        let Some(file) = &outcome.checked else {
            continue;
        };
        let annotations = &outcome.annotations;
        let plan = match pin::plan_file(annotations, file, options) {
            Ok(plan) => plan,
            Err(fix::Refusal::WebAnnotation) => {
                problems.push(web_annotation_refused(annotations, "pin"));
                continue;
            }
        };
        let path = annotations.path();
        remove_stale_temps(path, args.dry_run, &mut log);
        if plan.edits.is_empty() {
            log.push_str(&format!("{}: nothing to pin\n", path.display()));
        } else {
            let old = annotations.text();
            let what = summary(&plan, args.dry_run);
            let written = write(
                path,
                old,
                &plan.edits,
                &what,
                args.dry_run,
                &mut stdout,
                &mut log,
            );
            if let Err(problem) = written {
                problems.push(*problem);
            }
        }
        for item in &plan.unpinned {
            log.push_str(&describe(annotations, item));
        }
        unpinned += plan.unpinned.len();
    }
    let written = super::finish(stdout, context);
    context.report(&problems);
    context.say(&log);
    if problems.iter().any(Diagnostic::is_input_error) || written != 0 {
        2
    } else if unpinned > 0 {
        context.say(&format!(
            "{unpinned} evidence item{} could not be pinned\n",
            if unpinned == 1 { "" } else { "s" }
        ));
        1
    } else {
        0
    }
}

fn summary(plan: &Plan, dry_run: bool) -> String {
    let n = plan.pinned;
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
        annotations.path().display(),
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
        "\"paragraph\": \"{}\", \"start\": {}, \"end\": {}",
        crate::address::ParagraphId(l.paragraph),
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
