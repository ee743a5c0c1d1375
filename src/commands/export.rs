//! `claimcheck export`: checks the annotation files, then writes them as
//! W3C Web Annotation or schema.org ClaimReview (see `crate::export`).
//!
//! Output: with `--format w3c`, one annotation file gives its
//! `AnnotationCollection`, several give a JSON array of them, one per file
//! in the order checked; with `--format claimreview`, a JSON array of every
//! claim's `ClaimReview`. On stdout, or written atomically to `-o FILE`.
//! Any input that cannot be read is reported and nothing is written (exit
//! 2); otherwise the exit code is 0, whatever the verdicts.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::annotation::iri;
use crate::check::{self, CheckOptions, CheckedFile, Outcome};
use crate::cli::{ExportArgs, ExportFormat};
use crate::export::{self, Part, claimreview};
use crate::report::human;

pub fn run(args: &ExportArgs) -> u8 {
    let style = human::Style::detect();
    let Some(paths) = super::annotation_paths(&args.paths, style) else {
        return 2;
    };
    // The pipeline's verdicts, as `check` gives them; only checked files
    // are exported.
    let mut files: Vec<Box<CheckedFile>> = Vec::new();
    let mut problems = Vec::new();
    for outcome in check::run(&paths, &CheckOptions::default()) {
        match outcome {
            Outcome::Checked { file, .. } => files.push(file),
            Outcome::Failed {
                problems: found, ..
            } => problems.extend(found),
        }
    }
    if !problems.is_empty() {
        eprint!("{}", human::render_problems(&problems, style));
        eprintln!("nothing exported: fix the files above first");
        return 2;
    }
    let iris: Vec<String> = files
        .iter()
        .map(|file| source_iri(&file.source.file.path))
        .collect();
    // The parts of one annotation file (one per source) are consecutive.
    let mut groups: Vec<(String, Vec<Part>)> = Vec::new();
    for (file, iri) in files.iter().zip(&iris) {
        let name = file.annotations.path.display().to_string();
        let part = Part {
            model: &file.model,
            verdicts: &file.verdicts,
            source: &file.source.source,
            source_iri: iri,
        };
        match groups.last_mut() {
            Some((last, parts)) if *last == name => parts.push(part),
            _ => groups.push((name, vec![part])),
        }
    }
    let value = match args.format {
        ExportFormat::W3c => {
            let mut collections: Vec<Value> = groups
                .iter()
                .map(|(name, parts)| export::w3c::collection(name, parts))
                .collect();
            if collections.len() == 1 {
                collections.remove(0)
            } else {
                Value::Array(collections)
            }
        }
        ExportFormat::Claimreview => {
            let date = args.date.clone().unwrap_or_else(today);
            let options = claimreview::Options {
                author: args.author.as_deref(),
                date: &date,
                url: args.url.as_deref(),
                article_url: args.article_url.as_deref(),
            };
            let parts: Vec<Part> = groups
                .iter()
                .flat_map(|(_, parts)| parts.iter().copied())
                .collect();
            Value::Array(claimreview::reviews(&parts, &options))
        }
    };
    let text = export::to_text(&value);
    let written = match &args.output {
        Some(path) => write_atomically(path, &text)
            .map_err(|e| format!("cannot write `{}`: {e}", path.display())),
        None => {
            let mut stdout = std::io::stdout().lock();
            match stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
            {
                // A closed pipe (`| head`) is not worth a word.
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    Err(format!("cannot write the export: {e}"))
                }
                _ => Ok(()),
            }
        }
    };
    match written {
        Ok(()) => 0,
        Err(message) => {
            eprintln!("error: {message}");
            2
        }
    }
}

/// The `file:` IRI of a source, from its real path.
fn source_iri(path: &Path) -> String {
    let absolute = std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| PathBuf::from(path));
    iri::file_iri(&absolute)
}

/// Writes `text` to `path` through a temporary file in the same folder,
/// renamed over it: a reader sees the old file or the whole new one.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let folder = match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    // Not `*.json`, so a leftover is never read as an annotation file.
    let mut temp = tempfile::Builder::new()
        .prefix(".claimcheck-export.")
        .suffix(".tmp")
        .tempfile_in(folder)?;
    temp.write_all(text.as_bytes())?;
    temp.as_file().sync_all()?;
    // A temporary file is private (0600); the export is not: keep the
    // permissions of the file it replaces, or give a new one the usual.
    match std::fs::metadata(path) {
        Ok(old) => std::fs::set_permissions(temp.path(), old.permissions())?,
        Err(_) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(temp.path(), std::fs::Permissions::from_mode(0o644))?;
            }
        }
    }
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Today's date (UTC), `YYYY-MM-DD`.
fn today() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    claimreview::date_of_day(i64::try_from(seconds / 86_400).unwrap_or(0))
}
