//! `claimcheck paragraphs`: how a source splits into p1…pN.

use super::Context;
use crate::cli::{ListFormat, ParagraphsArgs};
use crate::report::human::Human;
use crate::report::json::Json;
use crate::report::{Renderer, Sink};
use crate::source::Source;
use crate::workspace::{DEFAULT_MAX_FILE_SIZE, read_text};

pub fn run(args: &ParagraphsArgs, context: &Context) -> u8 {
    let file = match read_text(&args.source, "source", DEFAULT_MAX_FILE_SIZE) {
        Ok(file) => file,
        Err(problem) => {
            context.report(&[problem]);
            return 2;
        }
    };
    let source = Source::of_file(&file);
    let mut out = Vec::new();
    match args.format {
        ListFormat::Json => Json.paragraphs(&source, &mut out),
        ListFormat::Human => Human {
            style: context.stdout_style(),
        }
        .paragraphs(&source, &mut out),
    }
    let mut stdout = Sink::stdout();
    stdout.write(&out);
    super::finish(stdout, context)
}
