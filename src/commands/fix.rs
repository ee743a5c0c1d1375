//! `claimcheck fix`: re-anchor annotations, atomically (CONTRACT §5).
//!
//! With `--source NEW`, only files whose own source NEW is a revision of
//! are touched: with `--old OLD`, the files whose `source` is OLD (or
//! already NEW); without it, the files whose source has more than half of
//! its paragraphs found in NEW ([`fix::Kinship`]). Every other file is left
//! byte for byte, and the run says so. A file re-anchored against NEW gets
//! its `source` pointed at NEW, relative to the file's real folder, so the
//! next plain `check` checks what was fixed.

use std::io::Write;
use std::path::{Path, PathBuf};

use similar::TextDiff;

use crate::annotation::Format;
use crate::atomic;
use crate::check::{self, CheckOptions, CheckedFile, Outcome, Problem};
use crate::cli::FixArgs;
use crate::fix::{self, FixOptions, Kinship, Plan, Refusal};
use crate::report::human;
use crate::source::{Source, SourceKind};
use crate::verdict::{ClaimStatus, Severity};

pub fn run(args: &FixArgs) -> u8 {
    let style = human::Style::detect();
    let Some(paths) = super::annotation_paths(&args.paths, style) else {
        return 2;
    };
    let mut problems: Vec<Problem> = Vec::new();
    let mut log = String::new();
    let paths = match &args.source {
        Some(new) => revisions_of(&paths, new, args.old.as_deref(), &mut log, &mut problems),
        None => paths,
    };
    let options = CheckOptions {
        source_override: args.source.clone(),
        shard: None,
    };
    let mut remaining_errors = 0;
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
        let options = FixOptions {
            accept_drift: args.accept_drift,
            retarget_source: args.source.as_deref().and_then(|new| retarget(&file, new)),
        };
        let plan = match fix::plan_with(&file, &options) {
            Ok(plan) => plan,
            Err(Refusal::WebAnnotation) => {
                problems.push(web_annotation_refused(&file, "fix"));
                continue;
            }
        };
        remaining_errors += remaining(&file, &plan, args.accept_drift);
        let path = &file.annotations.path;
        let old = file.annotations.text.as_str();
        remove_stale_temps(path, args.dry_run, &mut log);
        if plan.edits.is_empty() {
            log.push_str(&format!("{}: nothing to fix\n", path.display()));
            continue;
        }
        let new = fix::apply(old, &plan.edits);
        let what = summary(&plan, args.dry_run);
        if let Err(problem) = write(path, old, &new, &what, args.dry_run, &mut log) {
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

/// Shows the new text of one annotation file (`--dry-run`: as a unified
/// diff on stdout) or writes it atomically, and logs `what` was done. A
/// failed write is a problem, and the file is left as it was.
pub(crate) fn write(
    path: &Path,
    old: &str,
    new: &str,
    what: &str,
    dry_run: bool,
    log: &mut String,
) -> Result<(), Box<Problem>> {
    let name = path.display();
    if dry_run {
        let label = name.to_string();
        let diff = TextDiff::from_lines(old, new)
            .unified_diff()
            .context_radius(2)
            .header(&label, &label)
            .to_string();
        let _ = std::io::stdout().write_all(diff.as_bytes());
        log.push_str(&format!("{name}: {what} (dry run: nothing written)\n"));
        return Ok(());
    }
    match atomic::replace(path, old, new) {
        Ok(notes) => {
            log.push_str(&format!("{name}: {what}\n"));
            for note in notes {
                log.push_str(&format!("  note: {note}\n"));
            }
            Ok(())
        }
        Err(e) => Err(Box::new(Problem {
            code: "claimcheck::io",
            message: format!("cannot write `{name}`: {e}"),
            file: None,
            span: None,
            help: Some(e.help().into()),
        })),
    }
}

pub(crate) fn web_annotation_refused(file: &CheckedFile, command: &str) -> Problem {
    Problem {
        code: "claimcheck::fix",
        message: format!(
            "`{}` is a W3C Web Annotation file; {command} rewrites only claimcheck annotation files",
            file.annotations.path.display()
        ),
        file: None,
        span: None,
        help: Some(
            "re-anchor it in the tool that made it, or run `check` to see what moved".into(),
        ),
    }
}

/// Text from an input, with control chars (terminal escapes, NUL, bidi
/// overrides) shown escaped rather than sent to the terminal.
pub(crate) fn shown(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The annotation files under `paths` that `fix --source new` may touch;
/// the others are logged as left alone. Files that cannot be read or
/// parsed are kept, so that the check reports them.
fn revisions_of(
    paths: &[PathBuf],
    new: &Path,
    old: Option<&Path>,
    log: &mut String,
    problems: &mut Vec<Problem>,
) -> Vec<PathBuf> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let identity =
        |path: &Path| std::fs::canonicalize(path).unwrap_or_else(|_| fix::absolute(&cwd, path));
    let new_id = identity(new);
    let old_id = old.map(identity);
    // Read once, and only when some file's source must be compared by content.
    let mut new_source: Option<Option<Source>> = None;
    let mut kept = Vec::new();
    for found in check::discover(paths) {
        let path = match found {
            Ok(path) => path,
            Err((path, _)) => {
                kept.push(path);
                continue;
            }
        };
        let Ok((_, model)) = check::read_annotations(&path) else {
            kept.push(path);
            continue;
        };
        let named = match &model.source {
            Some(named) if model.format == Format::Claimcheck => named.value.clone(),
            // W3C files are refused later; they name no revision to compare.
            _ => {
                kept.push(path);
                continue;
            }
        };
        let folder = match path.parent() {
            Some(folder) if !folder.as_os_str().is_empty() => folder,
            _ => Path::new("."),
        };
        let own = check::clean_path(&folder.join(&named));
        let own_id = identity(&own);
        if own_id == new_id {
            kept.push(path);
            continue;
        }
        let left = |why: String| format!("{}: left as it is: {why}\n", path.display());
        if let (Some(old), Some(old_id)) = (old, &old_id) {
            if own_id == *old_id {
                kept.push(path);
            } else {
                log.push_str(&left(format!(
                    "its source `{}` is not {}",
                    shown(&named),
                    old.display()
                )));
            }
            continue;
        }
        let Some(new_source) = new_source.get_or_insert_with(|| load(new)) else {
            // NEW cannot be read: the check says so, for every file.
            kept.push(path);
            continue;
        };
        let Some(own_source) = load(&own) else {
            problems.push(Problem {
                code: "claimcheck::source",
                message: format!(
                    "cannot tell whether {} is a revision of `{}`, the source of `{}`: it cannot be read; the file was left as it is",
                    new.display(),
                    own.display(),
                    path.display()
                ),
                file: None,
                span: None,
                help: Some(format!(
                    "pass `--old {}` to say that {} revises it",
                    own.display(),
                    new.display()
                )),
            });
            continue;
        };
        let kinship = Kinship::of(&own_source, new_source);
        if kinship.is_revision() {
            kept.push(path);
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

fn load(path: &Path) -> Option<Source> {
    let file = check::read_text(path, "source").ok()?;
    Some(Source::parse(
        file.text.as_ref().clone(),
        SourceKind::from_path(path),
    ))
}

/// The `source` value that points `file` at `new`, relative to the
/// annotation file's real folder; `None` when it already names `new` or no
/// relative path leads there.
fn retarget(file: &CheckedFile, new: &Path) -> Option<String> {
    let named = file.model.source.as_ref()?;
    let annotations = std::fs::canonicalize(&file.annotations.path).ok()?;
    let folder = annotations.parent()?;
    let new = std::fs::canonicalize(new).ok()?;
    let lexical_folder = match file.annotations.path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    let named_now = std::fs::canonicalize(lexical_folder.join(&named.value)).ok();
    if named_now.as_deref() == Some(new.as_path()) {
        return None;
    }
    fix::relative_path(folder, &new)
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
