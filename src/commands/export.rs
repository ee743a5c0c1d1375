//! `claimcheck export`: checks the annotation files, then writes them as
//! W3C Web Annotation or schema.org ClaimReview (see `crate::export`).
//!
//! Output: with `--format w3c`, one annotation file gives its
//! `AnnotationCollection`, several give a JSON array of them, one per file
//! in the order checked; with `--format claimreview`, a JSON array of every
//! claim's `ClaimReview`. On stdout, or written atomically to `-o FILE`.
//! Any input that cannot be read is reported and nothing is written (exit
//! 2); otherwise the exit code is 0, whatever the verdicts.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::Context;
use crate::annotation::iri;
use crate::cli::{ExportArgs, ExportFormat};
use crate::export::{self, Part, claimreview};
use crate::pipeline::{Checked, Run};

pub fn run(args: &ExportArgs, context: &Context) -> u8 {
    let paths = match context.annotation_paths(&args.paths) {
        Ok(paths) => paths,
        Err(code) => return code,
    };
    // The pipeline's verdicts, as `check` gives them; only checked files
    // are exported.
    let workspace = context.workspace(false);
    let options = context.check_options(None, None);
    let run = Run::new(&workspace, &options);
    let mut files: Vec<(PathBuf, Checked)> = Vec::new();
    let mut problems = Vec::new();
    for outcome in run.collect(&run.discover(&paths)) {
        problems.extend(
            outcome
                .problems
                .iter()
                .filter(|p| p.is_input_error())
                .cloned(),
        );
        if let Some(checked) = outcome.checked {
            files.push((outcome.annotations.path().to_path_buf(), checked));
        }
    }
    if !problems.is_empty() {
        context.report(&problems);
        context.say("nothing exported: fix the files above first\n");
        return 2;
    }
    let iris: Vec<String> = files
        .iter()
        .map(|(_, file)| source_iri(file.source.file.path()))
        .collect();
    // The parts of one annotation file (one per source) are consecutive.
    let mut groups: Vec<(String, Vec<Part>)> = Vec::new();
    for ((path, file), iri) in files.iter().zip(&iris) {
        let name = path.display().to_string();
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
                author: args.author.as_deref().or(context
                    .config
                    .export_author
                    .as_ref()
                    .map(|a| a.value.as_str())),
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
    match &args.output {
        Some(path) => match crate::atomic::write(path, text.as_bytes()) {
            Ok(()) => 0,
            Err(e) => {
                context.say(&format!(
                    "error[claimcheck::io]: cannot write `{}`: {e}\n",
                    path.display()
                ));
                2
            }
        },
        None => {
            let mut stdout = crate::report::Sink::stdout();
            stdout.write(text.as_bytes());
            super::finish(stdout, context)
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

/// Today's date (UTC), `YYYY-MM-DD`.
fn today() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    claimreview::date_of_day(i64::try_from(seconds / 86_400).unwrap_or(0))
}
