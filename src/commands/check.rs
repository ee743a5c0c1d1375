//! `claimcheck check`: judge every claim and report, in one format on the
//! terminal and, with `--output-file`, a second one to a file.

use std::path::Path;

use super::Context;
use crate::baseline::Baseline;
use crate::cli::{CheckArgs, Format};
use crate::diagnose::FileReport;
use crate::diagnostic::{Code, Diagnostic};
use crate::pipeline::Run;
use crate::report::github::Github;
use crate::report::human::{self, Human};
use crate::report::json::Json;
use crate::report::sarif::Sarif;
use crate::report::{FileOut, Renderer, Sink, Summary};
use crate::workspace::{Found, Workspace};

/// Bytes reserved per finding for a file's rendered report: more than any
/// format takes for one (human ~1.6 KB, SARIF ~2.3 KB), so the report of a
/// file with thousands grows once, not by doubling into twice its size.
const ROOM_PER_FINDING: usize = 3072;

/// A file with this many claims and findings together is rendered on the
/// writing thread and written as it renders, a piece at a time, not held
/// whole: its report runs to megabytes (its JSON renders claims on every
/// core all the same). Every claim is in the JSON report, verified or not.
const STREAM_FROM: usize = 1024;

/// A checked file, ready for the writing thread.
enum Prepared {
    /// Rendered already, one report per format.
    Rendered(Vec<Vec<u8>>),
    /// To render as it is written.
    Streamed(Box<FileReport>),
}

pub fn run(args: &CheckArgs, context: &Context) -> u8 {
    let paths = match context.annotation_paths(&args.paths) {
        Ok(paths) => paths,
        Err(code) => return code,
    };
    let mut policy = context.policy.clone();
    if let Some(path) = &args.baseline {
        match read_baseline(path) {
            Ok(baseline) => policy.baseline = Some(baseline),
            Err(problem) => {
                context.report(&[problem]);
                return 2;
            }
        }
    }
    let workspace = context.workspace(args.allow_source_outside);
    let options = context.check_options(args.source.clone(), args.shard);
    let run = Run::new(&workspace, &options);
    let found = run.discover(&paths);
    // Each format renders on the worker threads; what it renders goes to
    // its own sink, in run order.
    let mut renderers = vec![renderer(
        args.format,
        context,
        &workspace,
        policy.baseline.is_some(),
    )];
    let mut outputs = vec![Output::new(if args.format == Format::Human {
        Sink::stderr()
    } else {
        Sink::stdout()
    })];
    if let (Some(path), Some(format)) = (&args.output_file, args.output_format) {
        renderers.push(match format {
            // A file is not a terminal.
            Format::Human => Box::new(Human {
                style: human::Style {
                    color: false,
                    ..context.stderr_style()
                },
            }),
            format => renderer(format, context, &workspace, policy.baseline.is_some()),
        });
        match Sink::file(path) {
            Ok(sink) => outputs.push(Output::new(sink)),
            Err(e) => {
                context.report(&[Diagnostic::new(
                    Code::Io,
                    format!("cannot write the report to `{}`: {e}", path.display()),
                )]);
                return 2;
            }
        }
    }
    for (renderer, output) in renderers.iter().zip(&mut outputs) {
        let mut begin = Vec::new();
        renderer.begin(&mut begin);
        output.sink.write(&begin);
    }
    let mut summary = Summary::default();
    let progress = Progress::new(found.len(), context);
    run.stream(
        &found,
        |outcome| {
            let report = FileReport::new(outcome, &policy);
            let counts = Summary::of(&report);
            let findings = report.diagnostics().count();
            if report.claims.len() + findings >= STREAM_FROM {
                return (counts, Prepared::Streamed(Box::new(report)));
            }
            // Room for a few KB a finding up front: a file with many
            // findings otherwise grows its chunk by doubling, copying
            // megabytes each time (room never written costs no memory).
            let chunks = renderers
                .iter()
                .map(|renderer| {
                    let mut chunk = FileOut::held(Vec::with_capacity(findings * ROOM_PER_FINDING));
                    renderer.file(&report, &mut chunk);
                    chunk.finish()
                })
                .collect();
            (counts, Prepared::Rendered(chunks))
        },
        |(counts, prepared)| {
            summary.merge(&counts);
            progress.suspend(|| {
                let outputs = renderers.iter().zip(&mut outputs);
                match prepared {
                    Prepared::Rendered(chunks) => {
                        for ((renderer, output), chunk) in outputs.zip(chunks) {
                            output.begin_file();
                            output.write(renderer.as_ref(), &chunk);
                        }
                    }
                    Prepared::Streamed(report) => {
                        for (renderer, output) in outputs {
                            output.begin_file();
                            let mut write = |piece: &[u8]| output.write(renderer.as_ref(), piece);
                            let mut out = FileOut::streamed(&mut write, super::STREAM_PIECE);
                            renderer.file(&report, &mut out);
                            out.finish();
                        }
                    }
                }
            });
            progress.advance();
        },
    );
    progress.finish();
    if (args.format == Format::Human || args.format == Format::Github)
        && let Some(warning) = nothing_found(&paths, &found, &run, &workspace)
    {
        context.say(&warning);
    }
    let mut code = summary.exit_code(args.deny_warnings);
    for (renderer, output) in renderers.iter().zip(outputs) {
        let mut end = Vec::new();
        renderer.end(&summary, &mut end);
        let mut sink = output.sink;
        sink.write(&end);
        code = code.max(super::finish(sink, context));
    }
    // The summary line goes to stderr beside GitHub's commands, where it
    // shows in the log.
    if args.format == Format::Github {
        context.say(&human::summary_line(&summary));
    }
    code
}

/// A sink, whether a file's output has been written to it yet (for the
/// separator between two), and whether the file being written has
/// written any yet (it may come in pieces).
struct Output {
    sink: Sink,
    wrote: bool,
    in_file: bool,
}

impl Output {
    fn new(sink: Sink) -> Output {
        Output {
            sink,
            wrote: false,
            in_file: false,
        }
    }

    /// The next bytes written are a new file's.
    fn begin_file(&mut self) {
        self.in_file = false;
    }

    /// Writes a piece of the current file's output.
    fn write(&mut self, renderer: &dyn Renderer, piece: &[u8]) {
        if piece.is_empty() {
            return;
        }
        if !self.in_file {
            if self.wrote {
                self.sink.write(renderer.separator());
            }
            self.in_file = true;
            self.wrote = true;
        }
        self.sink.write(piece);
    }
}

fn renderer(
    format: Format,
    context: &Context,
    workspace: &Workspace,
    baseline: bool,
) -> Box<dyn Renderer> {
    match format {
        Format::Human => Box::new(Human {
            style: context.stderr_style(),
        }),
        Format::Json => Box::new(Json),
        Format::Sarif => Box::new(Sarif {
            root: workspace.root.clone(),
            cwd: workspace.cwd.clone(),
            baseline,
        }),
        Format::Github => Box::new(Github::from_env(&workspace.cwd)),
    }
}

fn read_baseline(path: &Path) -> Result<Baseline, Diagnostic> {
    let file = crate::workspace::read_text(path, "baseline", u64::MAX)?;
    Baseline::parse(file.text()).map_err(|why| {
        Diagnostic::new(
            Code::Io,
            format!("cannot read the baseline `{}`: {why}", path.display()),
        )
        .help("a baseline is an earlier report of `claimcheck check --format json`")
    })
}

/// Why a run found nothing to check, when it did not.
fn nothing_found(
    paths: &[std::path::PathBuf],
    found: &[Found],
    run: &Run,
    workspace: &Workspace,
) -> Option<String> {
    if !found.is_empty() {
        return None;
    }
    let named = paths
        .iter()
        .map(|p| format!("`{}`", p.display()))
        .collect::<Vec<_>>()
        .join(", ");
    match run.options.shard {
        Some(shard) => {
            let all = crate::workspace::discover(paths, workspace).len();
            Some(format!(
                "warning: shard {shard} is empty: none of the {all} annotation files in {named} fall in it\n"
            ))
        }
        None => Some(format!(
            "warning: no annotation files (*.json) found in {named}\n"
        )),
    }
}

/// A progress bar on stderr for runs over many files, only where a person
/// watches: stderr is a terminal, not in CI, not with `--quiet`.
struct Progress(Option<indicatif::ProgressBar>);

/// Runs over fewer files are over before a bar would help.
const PROGRESS_FROM: usize = 200;

impl Progress {
    fn new(files: usize, context: &Context) -> Progress {
        use std::io::IsTerminal;
        let watched = std::io::stderr().is_terminal()
            && std::env::var_os("CI").is_none()
            && !context.common.quiet;
        if !watched || files < PROGRESS_FROM {
            return Progress(None);
        }
        let bar = indicatif::ProgressBar::new(files as u64);
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files, {eta} left")
        {
            bar.set_style(style);
        }
        Progress(Some(bar))
    }

    /// Runs `write` with the bar out of the way, so output never mixes
    /// with it.
    fn suspend(&self, write: impl FnOnce()) {
        match &self.0 {
            Some(bar) => bar.suspend(write),
            None => write(),
        }
    }

    fn advance(&self) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
