//! `claimcheck check`.

use std::io::Write;

use crate::check::{self, CheckOptions};
use crate::cli::{CheckArgs, CheckFormat};
use crate::report::{self, Summary, human};

pub fn run(args: &CheckArgs) -> u8 {
    let style = human::Style::detect();
    let paths = match super::annotation_paths(&args.paths) {
        Ok(paths) => paths,
        Err(problem) => {
            eprint!("{}", human::render_problems(&[problem], style));
            return 2;
        }
    };
    let options = CheckOptions {
        source_override: args.source.clone(),
    };
    let outcomes = check::run(&paths, &options);
    let summary = Summary::of(&outcomes);
    match args.format {
        CheckFormat::Human => eprint!("{}", human::render(&outcomes, &summary, style)),
        CheckFormat::Json => {
            // A closed pipe (`| head`) is not an error worth a panic.
            let _ =
                std::io::stdout().write_all(report::json::render(&outcomes, &summary).as_bytes());
        }
    }
    summary.exit_code(args.deny_warnings)
}
