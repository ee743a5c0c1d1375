//! The command line (CONTRACT §5).

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::check::Shard;
use crate::commands;

#[derive(Debug, Parser)]
#[command(
    name = "claimcheck",
    version,
    about = "Check the claims made about an article against the article itself",
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
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
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Annotation files or folders (searched recursively for *.json).
    /// Default: annotations/ under the current folder.
    pub paths: Vec<PathBuf>,
    /// Check against this revision of the article instead of the one each
    /// annotation file names.
    #[arg(long, value_name = "FILE")]
    pub source: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    /// Exit 1 on warnings (moved evidence) too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Check only part I of N of the files (e.g. 2/4), split by a hash of
    /// each file's path, to spread an archive over a CI matrix.
    #[arg(long, value_name = "I/N", value_parser = Shard::parse)]
    pub shard: Option<Shard>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// miette diagnostics on stderr
    Human,
    /// the JSON report on stdout
    Json,
    /// SARIF 2.1.0 on stdout, for code-scanning services
    Sarif,
    /// GitHub Actions workflow commands on stdout (annotations on the PR)
    Github,
}

#[derive(Debug, clap::Args)]
pub struct ParagraphsArgs {
    /// The article file (.md/.markdown is Markdown, anything else plain text).
    pub source: PathBuf,
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
}

#[derive(Debug, clap::Args)]
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

#[derive(Debug, clap::Args)]
pub struct FixArgs {
    /// Annotation files or folders. Default: annotations/.
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
}

#[derive(Debug, clap::Args)]
pub struct PinArgs {
    /// Annotation files or folders. Default: annotations/.
    pub paths: Vec<PathBuf>,
    /// Print the changes as a unified diff; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Human,
    Json,
}

/// Runs a parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> u8 {
    match cli.command {
        Command::Check(args) => commands::check::run(&args),
        Command::Paragraphs(args) => commands::paragraphs::run(&args),
        Command::Diff(args) => commands::diff::run(&args),
        Command::Fix(args) => commands::fix::run(&args),
        Command::Pin(args) => commands::pin::run(&args),
    }
}
