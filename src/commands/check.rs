//! `claimcheck check`.

use std::io::Write;

use crate::check::{self, CheckOptions};
use crate::cli::{CheckArgs, CheckFormat};
use crate::report::{Summary, github, human, json, sarif};

pub fn run(args: &CheckArgs) -> u8 {
    let style = human::Style::detect();
    let Some(paths) = super::annotation_paths(&args.paths, style) else {
        return 2;
    };
    let options = CheckOptions {
        source_override: args.source.clone(),
        shard: args.shard,
    };
    // Each file's report is written as soon as it is ready, so memory
    // stays flat over a whole archive. A closed pipe (`| head`) is not an
    // error worth reporting.
    let mut summary = Summary::default();
    match args.format {
        CheckFormat::Human => {
            let mut stderr = std::io::stderr().lock();
            check::run_streaming_with(
                &paths,
                &options,
                |outcome| {
                    (
                        Summary::of(&outcome),
                        human::render_outcome(&outcome, style),
                    )
                },
                |(counts, rendered)| {
                    summary.merge(&counts);
                    let _ = stderr.write_all(rendered.as_bytes());
                },
            );
            if summary.files == 0 {
                let _ = writeln!(
                    stderr,
                    "warning: no annotation files (*.json) found in {}",
                    paths
                        .iter()
                        .map(|p| format!("`{}`", p.display()))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
            let _ = stderr.write_all(human::summary_line(&summary).as_bytes());
        }
        CheckFormat::Json => {
            let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
            let mut writer = json::ReportWriter::start(&mut stdout);
            check::run_streaming(&paths, &options, |outcome| {
                summary.add(&outcome);
                writer.file(&outcome);
            });
            writer.finish(&summary);
        }
        CheckFormat::Sarif => {
            let mut log = sarif::SarifLog::default();
            check::run_streaming(&paths, &options, |outcome| {
                summary.add(&outcome);
                log.add(&outcome);
            });
            let _ = std::io::stdout().write_all(log.finish().as_bytes());
        }
        CheckFormat::Github => {
            let mut stdout = std::io::stdout().lock();
            check::run_streaming_with(
                &paths,
                &options,
                |outcome| (Summary::of(&outcome), github::render_outcome(&outcome)),
                |(counts, rendered)| {
                    summary.merge(&counts);
                    let _ = stdout.write_all(rendered.as_bytes());
                },
            );
            // The summary line goes to stderr, where it shows in the log.
            eprint!("{}", human::summary_line(&summary));
        }
    }
    summary.exit_code(args.deny_warnings)
}
