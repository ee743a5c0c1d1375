//! One module per subcommand: each turns its arguments into a run of the
//! pipeline and prints the result.

pub mod check;
pub mod diff;
pub mod paragraphs;
