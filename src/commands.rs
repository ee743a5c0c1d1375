//! One module per subcommand: each turns its arguments into a run of the
//! pipeline and prints the result.

pub mod check;
pub mod diff;
pub mod fix;
pub mod paragraphs;

use std::path::PathBuf;

use crate::check::Problem;

/// The annotation paths a command works on: those given, else
/// `annotations/` under the current folder.
pub fn annotation_paths(given: &[PathBuf]) -> Result<Vec<PathBuf>, Problem> {
    if !given.is_empty() {
        return Ok(given.to_vec());
    }
    let default = PathBuf::from("annotations");
    if default.is_dir() {
        Ok(vec![default])
    } else {
        Err(Problem {
            code: "claimcheck::usage",
            message: "no annotation files given, and there is no `annotations/` folder here".into(),
            file: None,
            span: None,
            help: Some("pass annotation files or folders: `claimcheck check FILE...`".into()),
        })
    }
}
