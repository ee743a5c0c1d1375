//! `claimcheck check`.

use std::io::Write;
use std::path::PathBuf;

use crate::check::{self, CheckOptions, Problem};
use crate::cli::{CheckArgs, CheckFormat};
use crate::report::{self, Summary, human};

pub fn run(args: &CheckArgs) -> u8 {
    let style = human::Style::detect();
    let paths = if args.paths.is_empty() {
        let default = PathBuf::from("annotations");
        if !default.is_dir() {
            let problem = Problem {
                code: "claimcheck::usage",
                message: "no annotation files given, and there is no `annotations/` folder here"
                    .into(),
                file: None,
                span: None,
                help: Some("pass annotation files or folders: `claimcheck check FILE...`".into()),
            };
            eprint!("{}", human::render_problems(&[problem], style));
            return 2;
        }
        vec![default]
    } else {
        args.paths.clone()
    };
    if let Some(source) = &args.source
        && let Err(problem) = check::read_text(source, "source")
    {
        eprint!("{}", human::render_problems(&[problem], style));
        return 2;
    }
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
