//! One module per subcommand: each turns its arguments into a run of the
//! pipeline and prints the result.

pub mod check;
pub mod diff;
pub mod fix;
pub mod paragraphs;
pub mod pin;

use std::path::PathBuf;

use crate::check::Problem;
use crate::report::human;

/// The annotation paths a command works on: those given, else
/// `annotations/` under the current folder. Without either, the usage
/// error is reported and there are none.
pub fn annotation_paths(given: &[PathBuf], style: human::Style) -> Option<Vec<PathBuf>> {
    if !given.is_empty() {
        return Some(given.to_vec());
    }
    let default = PathBuf::from("annotations");
    if default.is_dir() {
        return Some(vec![default]);
    }
    let problem = Problem {
        code: "claimcheck::usage",
        message: "no annotation files given, and there is no `annotations/` folder here".into(),
        file: None,
        span: None,
        help: Some("pass annotation files or folders: `claimcheck check FILE...`".into()),
    };
    eprint!("{}", human::render_problems(&[problem], style));
    None
}
