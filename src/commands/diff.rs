//! `claimcheck diff OLD NEW`: what a revision did to each paragraph and,
//! with `--annotations`, to each claim (CONTRACT §7).

use super::Context;
use crate::cli::{DiffArgs, ListFormat};
use crate::diff::{ClaimFile, RevisionDiff, claim_changes};
use crate::pipeline::read_annotations;
use crate::report::human::Human;
use crate::report::json::Json;
use crate::report::{FileOut, Renderer, Sink};
use crate::revision::Alignment;
use crate::workspace::{Found, SourceCache, Workspace, discover};

pub fn run(args: &DiffArgs, context: &Context) -> u8 {
    // Both revisions come from the command line: nothing to distrust.
    let workspace = Workspace::trusting(&context.cwd);
    let sources = SourceCache::default();
    let (old, new) = match (
        sources.load(&args.old, workspace.max_file_size),
        sources.load(&args.new, workspace.max_file_size),
    ) {
        (Ok(old), Ok(new)) => (old, new),
        (old, new) => {
            let problems: Vec<_> = [old.err(), new.err()].into_iter().flatten().collect();
            context.report(&problems);
            return 2;
        }
    };
    let alignment = Alignment::new(&old.source, &new.source);
    let mut problems = Vec::new();
    let mut claims = Vec::new();
    for found in discover(&args.annotations, &workspace) {
        let path = match found {
            Found::File(path) => path,
            Found::Problem(_, problem) => {
                problems.push(*problem);
                continue;
            }
        };
        match read_annotations(&path, workspace.max_file_size) {
            Ok((_, model)) => claims.push(ClaimFile {
                claims: claim_changes(&model, &alignment, &old.source, &new.source),
                annotations: path,
            }),
            Err((_, mut errors)) => problems.append(&mut errors),
        }
    }
    let diff = RevisionDiff {
        old,
        new,
        alignment,
        claims,
        with_claims: !args.annotations.is_empty(),
    };
    let renderer: Box<dyn Renderer> = match args.format {
        ListFormat::Json => Box::new(Json),
        ListFormat::Human => Box::new(Human {
            style: context.stdout_style(),
        }),
    };
    // Written as it renders: the diff of a long revision runs to megabytes.
    let mut stdout = Sink::stdout();
    let mut write = |piece: &[u8]| stdout.write(piece);
    let mut out = FileOut::streamed(&mut write, super::STREAM_PIECE);
    renderer.revision(&diff, &mut out);
    out.finish();
    let written = super::finish(stdout, context);
    context.report(&problems);
    if problems.iter().any(|p| p.is_input_error()) {
        2
    } else {
        written
    }
}
