//! `claimcheck report --html OUT.html`: check, then write the page.

use super::Context;
use crate::cli::ReportArgs;
use crate::diagnose::FileReport;
use crate::diagnostic::{Code, Diagnostic};
use crate::pipeline::Run;
use crate::report::html::{self, HtmlReport};

pub fn run(args: &ReportArgs, context: &Context) -> u8 {
    let paths = match context.annotation_paths(&args.paths) {
        Ok(paths) => paths,
        Err(code) => return code,
    };
    let workspace = context.workspace(args.allow_source_outside);
    let options = context.check_options(args.source.clone(), None);
    let run = Run::new(&workspace, &options);
    let found = run.discover(&paths);
    // Each file's report goes onto the page as it comes, and is dropped:
    // the page holds what it shows, not every file's model.
    let mut report = HtmlReport::new();
    // Input errors are on the page, and on stderr for whoever ran it.
    let mut problems: Vec<Diagnostic> = Vec::new();
    run.stream(
        &found,
        |outcome| FileReport::messages_only(outcome, &context.policy),
        |file| {
            report.add(&file);
            problems.extend(file.outcome.problems.iter().cloned());
        },
    );
    if let Err(e) = write_page(&args.html, &report) {
        problems.push(Diagnostic::new(
            Code::Io,
            format!("cannot write the report `{}`: {e}", args.html.display()),
        ));
        context.report(&problems);
        return 2;
    }
    context.report(&problems);
    let summary = &report.summary;
    if summary.files == 0 {
        context.say("warning: no annotation files (*.json) found\n");
    }
    let mut stdout = crate::report::Sink::stdout();
    stdout.write(
        format!(
            "report written to {} ({})\n",
            args.html.display(),
            summary.line()
        )
        .as_bytes(),
    );
    summary.exit_code(false).max(super::finish(stdout, context))
}

/// Writes the page to `path` as it renders, atomically: a reader sees the
/// old page or the whole new one.
fn write_page(path: &std::path::Path, report: &HtmlReport) -> std::io::Result<()> {
    use std::io::Write;
    let mut beside = crate::atomic::Beside::new(path)?;
    let mut file = std::io::BufWriter::new(beside.file());
    let mut written = Ok(());
    html::render_to(report, &mut |piece: &str| {
        if written.is_ok() {
            written = file.write_all(piece.as_bytes());
        }
    });
    written?;
    file.flush()?;
    drop(file);
    beside.commit()
}
