//! claimcheck: check the claims made about an article against the article.
//!
//! Data flows one way: a [`source::Source`] and an
//! [`annotation::AnnotationFile`] are read, every evidence span is resolved
//! by [`matching`], [`verdict`] judges each claim (its [`facts`] too), and [`report`] renders the
//! result. [`commands`] wire that pipeline to the command line of [`cli`].

pub mod annotation;
pub mod atomic;
pub mod check;
pub mod cli;
pub mod commands;
pub mod facts;
pub mod fix;
pub mod matching;
pub mod myers;
pub mod normalize;
pub mod report;
pub mod revision;
pub mod source;
pub mod verdict;
