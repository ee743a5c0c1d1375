//! One module per subcommand: each wires its arguments to the workspace,
//! the pipeline and a renderer, and turns the result into an exit code.
//! Nothing here decides a verdict or a format.

pub mod check;
pub mod diff;
pub mod export;
pub mod fix;
pub mod paragraphs;
pub mod pin;
pub mod report;

use std::path::PathBuf;

use clap::CommandFactory;

use crate::cli::{Cli, Common};
use crate::config::Config;
use crate::diagnose::Policy;
use crate::diagnostic::{Code, Diagnostic, Label};
use crate::report::Sink;
use crate::report::human::{self, Style, Verbosity};
use crate::workspace::{DEFAULT_MAX_FILE_SIZE, Workspace, read_text};

/// Bytes of a streamed report handed to its sink at a time.
const STREAM_PIECE: usize = 1 << 20;

/// What every command starts from: the current folder, the common options
/// and what the configuration says.
pub struct Context {
    pub cwd: PathBuf,
    pub common: Common,
    /// The folder of the configuration file in use, if any: the project
    /// root.
    pub config_folder: Option<PathBuf>,
    /// The configuration in use (empty without a file).
    pub config: Config,
    pub policy: Policy,
    /// The annotation paths to use when none are given.
    pub default_paths: Vec<PathBuf>,
}

impl Context {
    /// Reads the configuration; on failure it has been reported and the
    /// exit code is returned.
    pub fn new(common: &Common) -> Result<Context, u8> {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        let file = if common.no_config {
            None
        } else {
            common
                .config
                .clone()
                .or_else(|| crate::config::discover(&cwd))
        };
        let mut context = Context {
            cwd,
            common: common.clone(),
            config_folder: None,
            config: Config::default(),
            policy: Policy::default(),
            default_paths: vec![PathBuf::from("annotations")],
        };
        let Some(file) = file.map(|f| crate::workspace::shown_from(&context.cwd, &f)) else {
            return Ok(context);
        };
        let text = match read_text(&file, "configuration", DEFAULT_MAX_FILE_SIZE) {
            Ok(text) => text,
            Err(problem) => {
                context.report(&[problem]);
                return Err(2);
            }
        };
        let config = match Config::parse(text.text()) {
            Ok(config) => config,
            Err(errors) => {
                let problems: Vec<Diagnostic> = errors
                    .into_iter()
                    .map(|e| {
                        let mut problem = Diagnostic::new(Code::Config, e.message)
                            .at(Label::new(&text, e.span, "here"));
                        problem.help = e.help;
                        problem
                    })
                    .collect();
                context.report(&problems);
                return Err(2);
            }
        };
        let folder = crate::workspace::folder_of(&file).to_path_buf();
        if let Some(paths) = config.resolve_paths(&folder) {
            context.default_paths = paths
                .iter()
                .map(|p| crate::workspace::shown_from(&context.cwd, p))
                .collect();
        }
        context.policy.severities = config.severity.resolve();
        context.config_folder = Some(folder);
        context.config = config;
        Ok(context)
    }

    pub fn verbosity(&self) -> Verbosity {
        if self.common.quiet {
            Verbosity::Quiet
        } else if self.common.verbose {
            Verbosity::Verbose
        } else {
            Verbosity::Normal
        }
    }

    /// How human output on stderr is drawn.
    pub fn stderr_style(&self) -> Style {
        Style::for_stderr(self.common.color, self.verbosity())
    }

    /// How human output on stdout is drawn.
    pub fn stdout_style(&self) -> Style {
        Style::for_stdout(self.common.color, self.verbosity())
    }

    /// The workspace of a run that reads sources named by annotation files:
    /// the command line's `--allow-source-outside` or the configuration's.
    pub fn workspace(&self, allow_outside: bool) -> Workspace {
        let mut workspace = Workspace::find(&self.cwd, self.config_folder.as_deref());
        workspace.allow_outside = allow_outside || self.config.allow_source_outside();
        workspace.max_file_size = self.config.max_file_size();
        workspace
    }

    /// The annotation paths a command works on: those given, else the
    /// configured ones that exist. Without any, the usage error is
    /// reported and `Err` holds the exit code.
    pub fn annotation_paths(&self, given: &[PathBuf]) -> Result<Vec<PathBuf>, u8> {
        if !given.is_empty() {
            return Ok(given.to_vec());
        }
        let defaults: Vec<PathBuf> = self
            .default_paths
            .iter()
            .filter(|p| p.exists())
            .cloned()
            .collect();
        if !defaults.is_empty() {
            return Ok(defaults);
        }
        let problem = Diagnostic::new(
            Code::Usage,
            "no annotation files given, and there is no `annotations/` folder here",
        )
        .help("pass annotation files or folders: `claimcheck check FILE...`");
        self.report(&[problem]);
        Err(2)
    }

    /// Options of a check run against `source`, with the configured claims
    /// to skip.
    pub fn check_options(
        &self,
        source: Option<PathBuf>,
        shard: Option<crate::workspace::Shard>,
    ) -> crate::pipeline::CheckOptions {
        crate::pipeline::CheckOptions {
            source_override: source,
            shard,
            ignore: self
                .config
                .ignore_claims
                .iter()
                .map(|p| p.value.clone())
                .collect(),
            searches_after: false,
        }
    }

    /// Draws diagnostics on stderr.
    pub fn report(&self, diagnostics: &[Diagnostic]) {
        if diagnostics.is_empty() {
            return;
        }
        let mut stderr = Sink::stderr();
        stderr.write(human::render_diagnostics(diagnostics, self.stderr_style()).as_bytes());
        // Nowhere left to say that stderr failed.
        let _ = stderr.finish();
    }

    /// A line on stderr.
    pub fn say(&self, line: &str) {
        let mut stderr = Sink::stderr();
        stderr.write(line.as_bytes());
        let _ = stderr.finish();
    }
}

/// Finishes `sink`: 0, or 2 with a one-line message when it could not be
/// written.
pub fn finish(sink: Sink, context: &Context) -> u8 {
    match sink.finish() {
        Ok(()) => 0,
        Err(message) => {
            context.say(&format!("{message}\n"));
            2
        }
    }
}

/// `claimcheck completions SHELL`.
pub fn completions(shell: clap_complete::Shell) -> u8 {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "claimcheck", &mut script);
    write_stdout(&script)
}

/// `claimcheck man [--dir DIR]`: the manual page in roff, or every page
/// (the top one and one per command, as `man claimcheck-check` finds it)
/// written into `dir`, each atomically.
pub fn man(dir: Option<&std::path::Path>) -> u8 {
    let pages = match manual_pages() {
        Ok(pages) => pages,
        Err(error) => {
            let mut stderr = Sink::stderr();
            stderr.write(format!("error: cannot render the manual: {error}\n").as_bytes());
            let _ = stderr.finish();
            return 2;
        }
    };
    let Some(dir) = dir else {
        return write_stdout(&pages[0].1);
    };
    let written = std::fs::create_dir_all(dir).and_then(|()| {
        pages
            .iter()
            .try_for_each(|(name, page)| crate::atomic::write(&dir.join(name), page))
    });
    match written {
        Ok(()) => 0,
        Err(error) => {
            let mut stderr = Sink::stderr();
            stderr.write(
                format!(
                    "claimcheck::io: cannot write the manual into {}: {error}\n",
                    dir.display()
                )
                .as_bytes(),
            );
            let _ = stderr.finish();
            2
        }
    }
}

/// (file name, roff) of the top page, then of each visible command's.
/// Building the command first names each subcommand as its page is
/// found (`claimcheck-check`) and as it is typed (`claimcheck check`).
fn manual_pages() -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let mut top = Cli::command().disable_help_subcommand(true);
    top.build();
    let commands = std::iter::once(&top).chain(top.get_subcommands().filter(|c| !c.is_hide_set()));
    commands
        .map(|command| {
            let mut page = Vec::new();
            clap_mangen::Man::new(command.clone()).render(&mut page)?;
            let name = command.get_display_name().unwrap_or(command.get_name());
            Ok((format!("{name}.1"), page))
        })
        .collect()
}

fn write_stdout(bytes: &[u8]) -> u8 {
    let mut stdout = Sink::stdout();
    stdout.write(bytes);
    match stdout.finish() {
        Ok(()) => 0,
        Err(message) => {
            let mut stderr = Sink::stderr();
            stderr.write(format!("{message}\n").as_bytes());
            let _ = stderr.finish();
            2
        }
    }
}
