//! `claimcheck fix`: re-anchor annotations, atomically (CONTRACT §5).

use similar::TextDiff;

use super::Context;
use crate::atomic;
use crate::cli::FixArgs;
use crate::diagnostic::{Code, Diagnostic, Severities, Severity};
use crate::fix::{self, Plan, Refusal};
use crate::pipeline::{Checked, Run};
use crate::report::Sink;
use crate::verdict::ClaimStatus;

pub fn run(args: &FixArgs, context: &Context) -> u8 {
    let paths = match context.annotation_paths(&args.paths) {
        Ok(paths) => paths,
        Err(code) => return code,
    };
    let workspace = context.workspace(args.allow_source_outside);
    let options = context.check_options(args.source.clone(), None);
    let run = Run::new(&workspace, &options);
    let found = run.discover(&paths);
    let mut problems: Vec<Diagnostic> = Vec::new();
    let mut remaining_errors = 0;
    let mut log = String::new();
    let mut stdout = Sink::stdout();
    for outcome in run.collect(&found) {
        problems.extend(outcome.problems.iter().cloned());
        let Some(file) = &outcome.checked else {
            continue;
        };
        let path = &outcome.annotations.path();
        let plan = match fix::plan(&outcome.annotations, file, args.accept_drift) {
            Ok(plan) => plan,
            Err(Refusal::WebAnnotation) => {
                problems.push(
                    Diagnostic::new(
                        Code::Fix,
                        format!(
                            "`{}` is a W3C Web Annotation file; fix rewrites only claimcheck annotation files",
                            path.display()
                        ),
                    )
                    .help("re-anchor it in the tool that made it, or run `check` to see what moved"),
                );
                continue;
            }
        };
        remaining_errors += remaining(file, &plan, args.accept_drift, &context.policy.severities);
        let old = outcome.annotations.text();
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
            stdout.write(diff.as_bytes());
            log.push_str(&format!(
                "{}: {what} (dry run: nothing written)\n",
                path.display()
            ));
        } else {
            match atomic::replace(path, old, &new) {
                Ok(()) => log.push_str(&format!("{}: {what}\n", path.display())),
                Err(e) => {
                    problems.push(
                        Diagnostic::new(
                            Code::Io,
                            format!("cannot write `{}`: {e}", path.display()),
                        )
                        .help("the file was left as it was"),
                    );
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
    let written = super::finish(stdout, context);
    context.report(&problems);
    context.say(&log);
    if problems.iter().any(Diagnostic::is_input_error) || written != 0 {
        2
    } else if remaining_errors > 0 {
        context.say(&format!(
            "{remaining_errors} claims still need a person: run `claimcheck check` to see them\n"
        ));
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
fn remaining(file: &Checked, plan: &Plan, accept_drift: bool, severities: &Severities) -> usize {
    file.model
        .claims
        .iter()
        .zip(&file.verdicts)
        .filter(|(claim, verdict)| {
            let fixed = match verdict.status {
                ClaimStatus::Drifted => accept_drift,
                ClaimStatus::Moved => true,
                status => severities.of_status(status) != Some(Severity::Error),
            };
            !fixed
                || plan
                    .now_unsupported
                    .iter()
                    .any(|(id, _)| *id == claim.id.value)
        })
        .count()
}
