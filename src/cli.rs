//! The command line (CONTRACT §5): what each command takes. `commands`
//! does the work.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::commands;
use crate::report::human::ColorChoice;
use crate::workspace::Shard;

#[derive(Debug, Parser)]
#[command(
    name = "claimcheck",
    version,
    about = "Check the claims made about an article against the article itself",
    propagate_version = true
)]
pub struct Cli {
    #[command(flatten)]
    pub common: Common,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Clone, Args)]
pub struct Common {
    /// Read this configuration file instead of the nearest claimcheck.toml.
    #[arg(long, global = true, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore any claimcheck.toml.
    #[arg(long, global = true)]
    pub no_config: bool,
    /// When to use colour (NO_COLOR also turns it off).
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// Print errors and the summary only.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more: each file as it is checked.
    #[arg(long, short, global = true)]
    pub verbose: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Resolve every evidence span and give each claim a verdict.
    Check(CheckArgs),
    /// Show how a source splits into addressable paragraphs p1…pN.
    Paragraphs(ParagraphsArgs),
    /// Show what a revision did to each paragraph and, with --annotations,
    /// to each claim.
    Diff(DiffArgs),
    /// Re-anchor annotations: moved evidence gets its new paragraph and
    /// offsets (with --accept-drift, drifted evidence its new quote).
    Fix(FixArgs),
    /// Give evidence found exactly once the hints it lacks (paragraph,
    /// offsets, 32 chars of context), so later edits show up.
    Pin(PinArgs),
    /// Write an HTML page: the article with every evidence span
    /// highlighted, the claims beside it; select text to cite it.
    Report(ReportArgs),
    /// Write the checked annotations as W3C Web Annotations or as
    /// schema.org ClaimReview JSON-LD.
    Export(ExportArgs),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// Print the manual page (roff), or write one page per command.
    #[command(hide = true)]
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Annotation files or folders (searched recursively for *.json).
    /// Default: the configured paths, else annotations/.
    pub paths: Vec<PathBuf>,
    /// Check against this revision of the article instead of the one each
    /// annotation file names.
    #[arg(long, value_name = "FILE")]
    pub source: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Also write the report in --output-format to this file (e.g. SARIF
    /// for upload, beside human output on the terminal).
    #[arg(long, value_name = "FILE", requires = "output_format")]
    pub output_file: Option<PathBuf>,
    /// The format of --output-file.
    #[arg(long, value_enum, value_name = "FMT", requires = "output_file")]
    pub output_format: Option<Format>,
    /// Findings already in this earlier JSON report (same file, claim id and
    /// status) are reported as known and do not fail the run.
    #[arg(long, value_name = "REPORT.json")]
    pub baseline: Option<PathBuf>,
    /// Exit 1 on warnings (moved evidence) too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Check only part I of N of the files (e.g. 2/4), split by a hash of
    /// each file's path, to spread an archive over a CI matrix.
    #[arg(long, value_name = "I/N", value_parser = Shard::parse)]
    pub shard: Option<Shard>,
    /// Read sources outside the project root too (for local use; CI on
    /// untrusted pull requests should not).
    #[arg(long)]
    pub allow_source_outside: bool,
}

/// A report format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// miette diagnostics (on stderr)
    Human,
    /// the JSON report (on stdout)
    Json,
    /// SARIF 2.1.0 (on stdout), for code-scanning services
    Sarif,
    /// GitHub Actions workflow commands (on stdout): annotations on the PR
    Github,
}

#[derive(Debug, Args)]
pub struct ParagraphsArgs {
    /// The article file (.md/.markdown is Markdown, anything else plain text).
    pub source: PathBuf,
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier revision of the article.
    pub old: PathBuf,
    /// The later revision.
    pub new: PathBuf,
    /// Annotation files or folders whose claims (located in OLD) to follow.
    #[arg(long, value_name = "PATH", num_args = 1..)]
    pub annotations: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct FixArgs {
    /// Annotation files or folders. Default: the configured paths, else
    /// annotations/.
    pub paths: Vec<PathBuf>,
    /// Re-anchor against this revision of the article. Only files whose own
    /// source it is a revision of are touched (more than half of their
    /// source's paragraphs are found in it), and their `source` is pointed
    /// at it.
    #[arg(long, value_name = "FILE")]
    pub source: Option<PathBuf>,
    /// With --source: touch only files whose `source` is this article (or
    /// already the new one), instead of telling revisions apart by content.
    #[arg(long, value_name = "OLD", requires = "source")]
    pub old: Option<PathBuf>,
    /// Also take the source's new wording for drifted quotes.
    #[arg(long)]
    pub accept_drift: bool,
    /// Print the changes as a unified diff; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Read sources outside the project root too.
    #[arg(long)]
    pub allow_source_outside: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write `claimcheck.1` and a `claimcheck-COMMAND.1` for each command
    /// into this folder (created if missing) instead of printing the top
    /// page.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<std::path::PathBuf>,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Annotation files or folders. Default: the configured paths, else
    /// annotations/.
    pub paths: Vec<PathBuf>,
    /// Report against this revision of the article.
    #[arg(long, value_name = "FILE")]
    pub source: Option<PathBuf>,
    /// Where to write the page (created or replaced).
    #[arg(long, value_name = "OUT.html")]
    pub html: PathBuf,
    /// Read sources outside the project root too.
    #[arg(long)]
    pub allow_source_outside: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Annotation files or folders. Default: the configured paths, else
    /// annotations/.
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Write to FILE (atomically) instead of stdout.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// ClaimReview: the reviewing organization (`author`).
    #[arg(long, value_name = "NAME")]
    pub author: Option<String>,
    /// ClaimReview: the date of the reviews (`datePublished`). Default: today (UTC).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub date: Option<String>,
    /// ClaimReview: the page the reviews are published on (`url`).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// ClaimReview: the article's address (`appearance`). Default: the
    /// source's file: IRI.
    #[arg(long, value_name = "URL")]
    pub article_url: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// W3C Web Annotation: an AnnotationCollection per annotation file
    W3c,
    /// schema.org ClaimReview JSON-LD: one review per claim
    Claimreview,
}

fn parse_date(text: &str) -> Result<String, String> {
    if crate::export::claimreview::is_date(text) {
        Ok(text.to_owned())
    } else {
        Err(format!("expected a date like 2025-07-03, found `{text}`"))
    }
}

#[derive(Debug, Args)]
pub struct PinArgs {
    /// Annotation files or folders. Default: the configured paths, else
    /// annotations/.
    pub paths: Vec<PathBuf>,
    /// Print the changes as a unified diff; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Read sources outside the project root too.
    #[arg(long)]
    pub allow_source_outside: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Human,
    Json,
}

/// Runs a parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> u8 {
    let context = match commands::Context::new(&cli.common) {
        Ok(context) => context,
        Err(code) => return code,
    };
    match cli.command {
        Command::Check(args) => commands::check::run(&args, &context),
        Command::Paragraphs(args) => commands::paragraphs::run(&args, &context),
        Command::Diff(args) => commands::diff::run(&args, &context),
        Command::Fix(args) => commands::fix::run(&args, &context),
        Command::Completions(args) => commands::completions(args.shell),
        Command::Man(args) => commands::man(args.dir.as_deref()),
        Command::Report(args) => commands::report::run(&args, &context),
        Command::Export(args) => commands::export::run(&args, &context),
        Command::Pin(args) => commands::pin::run(&args, &context),
    }
}
