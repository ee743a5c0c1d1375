//! `claimcheck fix`: re-anchor annotations, atomically (CONTRACT §5).

use std::io::Write;

use similar::TextDiff;

use crate::atomic;
use crate::check::{self, CheckOptions, CheckedFile, Outcome, Problem};
use crate::cli::FixArgs;
use crate::fix::{self, Plan, Refusal};
use crate::report::human;
use crate::verdict::{ClaimStatus, Severity};

pub fn run(args: &FixArgs) -> u8 {
    let style = human::Style::detect();
    let Some(paths) = super::annotation_paths(&args.paths, style) else {
        return 2;
    };
    let options = CheckOptions {
        source_override: args.source.clone(),
        shard: None,
    };
    let mut problems: Vec<Problem> = Vec::new();
    let mut remaining_errors = 0;
    let mut log = String::new();
    for outcome in check::run(&paths, &options) {
        let file = match outcome {
            Outcome::Failed {
                problems: mut p, ..
            } => {
                problems.append(&mut p);
                continue;
            }
            // Hints that contradict their source are exactly what fix mends.
            Outcome::Checked { file, .. } => file,
        };
        let plan = match fix::plan(&file, args.accept_drift) {
            Ok(plan) => plan,
            Err(Refusal::WebAnnotation) => {
                problems.push(Problem {
                    code: "claimcheck::fix",
                    message: format!(
                        "`{}` is a W3C Web Annotation file; fix rewrites only claimcheck annotation files",
                        file.annotations.path.display()
                    ),
                    file: None,
                    span: None,
                    help: Some("re-anchor it in the tool that made it, or run `check` to see what moved".into()),
                });
                continue;
            }
        };
        remaining_errors += remaining(&file, &plan, args.accept_drift);
        let path = &file.annotations.path;
        let old = file.annotations.text.as_str();
        if plan.edits.is_empty() {
            log.push_str(&format!("{}: nothing to fix\n", path.display()));
            continue;
        }
        let new = fix::apply(old, &plan.edits);
        let what = summary(&plan, args.dry_run);
        if args.dry_run {
            let name = path.display().to_string();
            let diff = TextDiff::from_lines(old, &new)
                .unified_diff()
                .context_radius(2)
                .header(&name, &name)
                .to_string();
            let _ = std::io::stdout().write_all(diff.as_bytes());
            log.push_str(&format!(
                "{}: {what} (dry run: nothing written)\n",
                path.display()
            ));
        } else {
            match atomic::replace(path, old, &new) {
                Ok(()) => log.push_str(&format!("{}: {what}\n", path.display())),
                Err(e) => {
                    problems.push(Problem {
                        code: "claimcheck::io",
                        message: format!("cannot write `{}`: {e}", path.display()),
                        file: None,
                        span: None,
                        help: Some("the file was left as it was".into()),
                    });
                    continue;
                }
            }
        }
        for (id, facts) in &plan.now_unsupported {
            let facts: Vec<String> = facts.iter().map(ToString::to_string).collect();
            log.push_str(&format!(
                "  claim `{id}` is now unsupported: it states {}, which its new evidence does not quote\n",
                facts.join(" and ")
            ));
        }
        if let (Some(new_source), Some(named)) = (&args.source, &file.model.source) {
            log.push_str(&format!(
                "  note: `source` still names {}; the new anchors refer to {}\n",
                named.value,
                new_source.display()
            ));
        }
    }
    eprint!("{}", human::render_problems(&problems, style));
    eprint!("{log}");
    if !problems.is_empty() {
        2
    } else if remaining_errors > 0 {
        eprintln!(
            "{remaining_errors} claims still need a person: run `claimcheck check` to see them"
        );
        1
    } else {
        0
    }
}

/// What the plan does, e.g. "re-anchored 3 moved evidence items".
fn summary(plan: &Plan, dry_run: bool) -> String {
    let (re_anchor, accept) = if dry_run {
        ("would re-anchor", "accept")
    } else {
        ("re-anchored", "accepted")
    };
    let items = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    let mut line = format!("{re_anchor} {}", items(plan.moved, "moved evidence item"));
    if plan.accepted > 0 {
        line.push_str(&format!(
            ", {accept} {}",
            items(plan.accepted, "drifted quote")
        ));
    }
    line
}

/// Claims still at error level once the plan is applied.
fn remaining(file: &CheckedFile, plan: &Plan, accept_drift: bool) -> usize {
    file.model
        .claims
        .iter()
        .zip(&file.verdicts)
        .filter(|(claim, verdict)| {
            let fixed = match verdict.status {
                ClaimStatus::Drifted => accept_drift,
                status => status.severity() != Severity::Error,
            };
            !fixed
                || plan
                    .now_unsupported
                    .iter()
                    .any(|(id, _)| *id == claim.id.value)
        })
        .count()
}
