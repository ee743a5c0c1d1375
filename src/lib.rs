//! claimcheck: check the claims made about an article against the article.
//!
//! Data flows one way. [`workspace`] finds and reads the files; a
//! [`source::Source`] and an [`annotation::AnnotationFile`] are parsed from
//! text; [`matching`] resolves every evidence span and [`verdict`] judges
//! each claim ([`pipeline`] runs this over every file); [`diagnose`] turns
//! the verdicts into [`diagnostic::Diagnostic`]s, which every format in
//! [`report`] renders. [`commands`] wire this to the command line of
//! [`cli`]; [`fix`] and [`atomic`] turn verdicts back into edits of the
//! annotation files.
//!
//! Only `workspace` reads files and only `atomic` and `report::Sink` write
//! them; nothing prints but through a `Sink`.

#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod address;
pub mod annotation;
pub mod atomic;
pub mod baseline;
pub mod cli;
pub mod commands;
pub mod config;
pub mod diagnose;
pub mod diagnostic;
pub mod diff;
pub mod export;
pub mod facts;
pub mod fix;
pub mod matching;
pub mod memory;
pub mod myers;
pub mod normalize;
pub mod pin;
pub mod pipeline;
pub mod position;
pub mod report;
pub mod revision;
pub mod source;
pub mod text;
pub mod verdict;
pub mod workspace;
