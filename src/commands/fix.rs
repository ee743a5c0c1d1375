//! `claimcheck fix`: re-anchor annotations, atomically (CONTRACT §5).
//!
//! With `--source NEW`, only files whose own source NEW is a revision of
//! are touched: with `--old OLD`, the files whose `source` is OLD (or
//! already NEW); without it, the files whose source has more than half of
//! its paragraphs found in NEW ([`fix::Kinship`]). Every other file is left
//! byte for byte, and the run says so. A file re-anchored against NEW gets
//! its `source` pointed at NEW, relative to the file's real folder, so the
//! next plain `check` checks what was fixed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use similar::TextDiff;

use super::Context;
use crate::annotation::Format;
use crate::atomic;
use crate::cli::FixArgs;
use crate::diagnostic::{Code, Diagnostic, Edit, Severities, Severity};
use crate::fix::{self, FixOptions, Kinship, Plan, Refusal};
use crate::pipeline::{Checked, Run, read_annotations};
use crate::report::{Sink, plural};
use crate::source::Source;
use crate::text::{TextFile, escape_controls};
use crate::verdict::ClaimStatus;
use crate::workspace::{Found, Workspace, clean_path, folder_of, read_text};

pub fn run(args: &FixArgs, context: &Context) -> u8 {
    let paths = match context.annotation_paths(&args.paths) {
        Ok(paths) => paths,
        Err(code) => return code,
    };
    let workspace = context.workspace(args.allow_source_outside);
    let mut problems: Vec<Diagnostic> = Vec::new();
    let mut log = String::new();
    let options = context.check_options(args.source.clone(), None);
    let run = Run::new(&workspace, &options);
    let mut found = run.discover(&paths);
    if let Some(new) = &args.source {
        found = revisions_of(
            found,
            new,
            args.old.as_deref(),
            &workspace,
            &mut log,
            &mut problems,
        );
    }
    let mut stdout = Sink::stdout();
    let mut remaining_errors = 0;
    for outcome in run.collect(&found) {
        problems.extend(outcome.problems.iter().cloned());
        // Hints that contradict their source are exactly what fix mends.
        let Some(file) = &outcome.checked else {
            continue;
        };
        let annotations = &outcome.annotations;
        let options = FixOptions {
            accept_drift: args.accept_drift,
            retarget_source: args
                .source
                .as_deref()
                .and_then(|new| retarget(annotations, file, new)),
        };
        let plan = match fix::plan_with(annotations, file, &options) {
            Ok(plan) => plan,
            Err(Refusal::WebAnnotation) => {
                problems.push(web_annotation_refused(annotations, "fix"));
                continue;
            }
        };
        remaining_errors += remaining(file, &plan, args.accept_drift, &context.policy.severities);
        let path = annotations.path();
        let old = annotations.text();
        remove_stale_temps(path, args.dry_run, &mut log);
        if plan.edits.is_empty() {
            log.push_str(&format!("{}: nothing to fix\n", path.display()));
            continue;
        }
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
            continue;
        }
        if let (Some(new_source), Some(named)) = (&plan.retargeted, &file.model.source) {
            log.push_str(&format!(
                "  source: {} → {}\n",
                shown(&named.value),
                shown(new_source)
            ));
        }
        for accepted in &plan.accepted_quotes {
            log.push_str(&format!(
                "  claim `{}`, evidence {} (now p{} {}..{}): \"{}\" → \"{}\"\n",
                shown(&accepted.claim),
                accepted.evidence + 1,
                accepted.location.paragraph + 1,
                accepted.location.start,
                accepted.location.end,
                shown(&accepted.old),
                shown(&accepted.new)
            ));
        }
        for (id, facts) in &plan.now_unsupported {
            let facts: Vec<String> = facts.iter().map(ToString::to_string).collect();
            log.push_str(&format!(
                "  claim `{}` is now unsupported: it states {}, which its new evidence does not quote\n",
                shown(id),
                facts.join(" and ")
            ));
        }
    }
    let written = super::finish(stdout, context);
    context.report(&problems);
    context.say(&log);
    if problems.iter().any(Diagnostic::is_input_error) || written != 0 {
        2
    } else if remaining_errors > 0 {
        let need = if remaining_errors == 1 {
            "needs"
        } else {
            "need"
        };
        context.say(&format!(
            "{} still {need} a person: run `claimcheck check` to see them\n",
            plural(remaining_errors, "claim")
        ));
        1
    } else {
        0
    }
}

/// Removes the temporary files an interrupted run left beside `path`
/// (not in a dry run, which writes nothing), saying so.
pub(crate) fn remove_stale_temps(path: &Path, dry_run: bool, log: &mut String) {
    if dry_run {
        return;
    }
    for stale in atomic::remove_stale_temps(path).unwrap_or_default() {
        log.push_str(&format!(
            "{}: {}\n",
            path.display(),
            atomic::Note::StaleTempRemoved(stale)
        ));
    }
}

/// Shows one annotation file with `edits` applied (`--dry-run`: as a
/// unified diff on stdout) or writes it so atomically, and logs `what` was
/// done. A failed write is a problem, and the file is left as it was.
pub(crate) fn write(
    path: &Path,
    old: &str,
    edits: &[Edit],
    what: &str,
    dry_run: bool,
    stdout: &mut Sink,
    log: &mut String,
) -> Result<(), Box<Diagnostic>> {
    let name = path.display();
    if dry_run {
        let label = name.to_string();
        let new = fix::apply(old, edits);
        let diff = TextDiff::from_lines(old, &new)
            .unified_diff()
            .context_radius(2)
            .header(&label, &label)
            .to_string();
        stdout.write(diff.as_bytes());
        log.push_str(&format!("{name}: {what} (dry run: nothing written)\n"));
        return Ok(());
    }
    match atomic::replace(path, old, |file| fix::write_applied(old, edits, file)) {
        Ok(notes) => {
            log.push_str(&format!("{name}: {what}\n"));
            for note in notes {
                log.push_str(&format!("  note: {note}\n"));
            }
            Ok(())
        }
        Err(e) => Err(Box::new(
            Diagnostic::new(Code::Io, format!("cannot write `{name}`: {e}")).help(e.help()),
        )),
    }
}

pub(crate) fn web_annotation_refused(annotations: &TextFile, command: &str) -> Diagnostic {
    Diagnostic::new(
        Code::Fix,
        format!(
            "`{}` is a W3C Web Annotation file; {command} rewrites only claimcheck annotation files",
            annotations.path().display()
        ),
    )
    .help("re-anchor it in the tool that made it, or run `check` to see what moved")
}

/// Text from an input, with control chars (terminal escapes, NUL, bidi
/// overrides) shown escaped rather than sent to the terminal.
pub(crate) fn shown(text: &str) -> String {
    escape_controls(text).into_owned()
}

/// The files of `found` that `fix --source new` may touch; the others are
/// logged as left alone. Files that cannot be read or parsed are kept, so
/// that the check reports them.
fn revisions_of(
    found: Vec<Found>,
    new: &Path,
    old: Option<&Path>,
    workspace: &Workspace,
    log: &mut String,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Found> {
    let identity = |path: &Path| {
        std::fs::canonicalize(path)
            .unwrap_or_else(|_| crate::workspace::absolute(&workspace.cwd, path))
    };
    let new_id = identity(new);
    let old_id = old.map(identity);
    // Read once, and only when some file's source must be compared by content.
    let mut new_source: Option<Option<Source>> = None;
    let mut kinships: HashMap<PathBuf, Option<Kinship>> = HashMap::new();
    let mut kept = Vec::new();
    for entry in found {
        let Found::File(path) = &entry else {
            kept.push(entry);
            continue;
        };
        let Ok((_, model)) = read_annotations(path, workspace.max_file_size) else {
            kept.push(entry);
            continue;
        };
        let named = match &model.source {
            Some(named) if model.format == Format::Claimcheck => named.value.clone(),
            // W3C files are refused later; they name no revision to compare.
            _ => {
                kept.push(entry);
                continue;
            }
        };
        let own = clean_path(&folder_of(path).join(&named));
        let own_id = identity(&own);
        if own_id == new_id {
            kept.push(entry);
            continue;
        }
        let left = |why: String| format!("{}: left as it is: {why}\n", path.display());
        if let (Some(old), Some(old_id)) = (old, &old_id) {
            if own_id == *old_id {
                kept.push(entry);
            } else {
                log.push_str(&left(format!(
                    "its source `{}` is not {}",
                    shown(&named),
                    old.display()
                )));
            }
            continue;
        }
        let Some(new_source) = new_source.get_or_insert_with(|| load(new, workspace)) else {
            // NEW cannot be read: the check says so, for every file.
            kept.push(entry);
            continue;
        };
        // Whether a source is revised by NEW is worked out once per source,
        // not once per file written against it.
        let kinship = *kinships.entry(own_id).or_insert_with(|| {
            let readable = workspace.admit_source(&own).is_ok();
            let own_source = readable.then(|| load(&own, workspace)).flatten()?;
            Some(Kinship::of(&own_source, new_source))
        });
        let Some(kinship) = kinship else {
            problems.push(
                Diagnostic::new(
                    Code::Source,
                    format!(
                        "cannot tell whether {} is a revision of `{}`, the source of `{}`: it cannot be read; the file was left as it is",
                        new.display(),
                        own.display(),
                        path.display()
                    ),
                )
                .help(format!(
                    "pass `--old {}` to say that {} revises it",
                    own.display(),
                    new.display()
                )),
            );
            continue;
        };
        if kinship.is_revision() {
            kept.push(entry);
        } else {
            log.push_str(&left(format!(
                "{} is not a revision of its source `{}` ({} of its {} paragraphs found in it; pass `--old` to choose the files by source instead)",
                new.display(),
                shown(&named),
                kinship.found,
                kinship.of
            )));
        }
    }
    kept
}

fn load(path: &Path, workspace: &Workspace) -> Option<Source> {
    let file = read_text(path, "source", workspace.max_file_size).ok()?;
    Some(Source::of_file(&file))
}

/// The `source` value that points the file at `new`, relative to the
/// annotation file's real folder; `None` when it already names `new` or no
/// relative path leads there.
fn retarget(annotations: &TextFile, file: &Checked, new: &Path) -> Option<String> {
    let named = file.model.source.as_ref()?;
    let real = std::fs::canonicalize(annotations.path()).ok()?;
    let folder = real.parent()?;
    let new = std::fs::canonicalize(new).ok()?;
    let named_now = std::fs::canonicalize(folder_of(annotations.path()).join(&named.value)).ok();
    if named_now.as_deref() == Some(new.as_path()) {
        return None;
    }
    crate::workspace::relative_path(folder, &new)
}

/// What the plan does, e.g. "re-anchored 3 moved evidence items"; the
/// parts it does nothing for are left out.
fn summary(plan: &Plan, dry_run: bool) -> String {
    let (re_anchor, accept) = if dry_run {
        ("would re-anchor", "would accept")
    } else {
        ("re-anchored", "accepted")
    };
    let mut parts = Vec::new();
    if plan.moved > 0 || plan.accepted == 0 {
        parts.push(format!(
            "{re_anchor} {}",
            plural(plan.moved, "moved evidence item")
        ));
    }
    if plan.accepted > 0 {
        parts.push(format!(
            "{accept} {}",
            plural(plan.accepted, "drifted quote")
        ));
    }
    parts.join(", ")
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
