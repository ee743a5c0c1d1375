//! GitHub Actions workflow commands (`::error file=…::message`), one per
//! diagnostic, on stdout: GitHub shows each as an annotation on the lines
//! of the annotation file it points at.

use std::path::{Path, PathBuf};

use super::wdiff::word_diff;
use super::{FileOut, Renderer, Summary};
use crate::diagnose::FileReport;
use crate::diagnostic::{Diagnostic, Severity};
use crate::text::{TextFile, escape_controls};
use crate::workspace::clean_path;

/// The GitHub format.
pub struct Github {
    /// The current folder.
    pub cwd: PathBuf,
    /// `GITHUB_WORKSPACE`, which the runner resolves `file=` against.
    pub workspace: Option<PathBuf>,
}

impl Github {
    /// With the workspace the Actions runner sets, if it does.
    pub fn from_env(cwd: &Path) -> Github {
        Github {
            cwd: cwd.to_path_buf(),
            workspace: std::env::var_os("GITHUB_WORKSPACE")
                .filter(|w| !w.is_empty())
                .map(PathBuf::from),
        }
    }
}

impl Renderer for Github {
    fn file(&self, file: &FileReport, out: &mut FileOut) {
        // Each command straight into the file's report (its room is
        // reserved), not into a second copy of it first.
        let annotations = &file.outcome.annotations;
        for problem in &file.outcome.problems {
            out.extend_from_slice(self.command(problem, annotations, false).as_bytes());
        }
        for claim in &file.claims {
            for diagnostic in &claim.diagnostics {
                out.extend_from_slice(
                    self.command(diagnostic, annotations, claim.known)
                        .as_bytes(),
                );
            }
            out.boundary();
        }
    }

    fn end(&self, _summary: &Summary, _out: &mut Vec<u8>) {}
}

impl Github {
    fn command(&self, diagnostic: &Diagnostic, annotations: &TextFile, known: bool) -> String {
        let level = match (known, diagnostic.severity) {
            (true, _) | (_, Severity::Note) => "notice",
            (_, Severity::Warning) => "warning",
            (_, Severity::Error) => "error",
        };
        let mut message = diagnostic.message.clone();
        if known {
            message.push_str(" (known from the baseline)");
        }
        if let Some(label) = diagnostic.secondary.first() {
            let (line, column) = label.file.line_column(label.span.start);
            message.push_str(&format!(
                " ({}: {}:{line}:{column})",
                label.message,
                label.file.path().display()
            ));
        }
        if let Some(rewording) = &diagnostic.rewording {
            message.push_str("\nthe source now reads: ");
            message.push_str(&word_diff(&rewording.quote, &rewording.now));
        }
        if let Some(help) = &diagnostic.help {
            message.push('\n');
            message.push_str(help);
        }
        let (file, span) = match &diagnostic.primary {
            Some(label) => (&label.file, Some(&label.span)),
            None => (annotations, None),
        };
        let mut properties = format!("file={}", property(&self.path(file.path())));
        if let Some(span) = span {
            let (line, column) = file.line_column(span.start);
            let (end_line, end_column) = file.line_column(span.end);
            // The runner drops columns on a span over several lines.
            if line == end_line {
                properties.push_str(&format!(
                    ",line={line},col={column},endLine={end_line},endColumn={end_column}"
                ));
            } else {
                properties.push_str(&format!(",line={line},endLine={end_line}"));
            }
        }
        format!(
            "::{level} {properties},title={}::{}\n",
            property(diagnostic.code.name()),
            data(&message)
        )
    }

    /// The path as the runner resolves `file=`: relative to the workspace
    /// when it is set and holds the file.
    fn path(&self, path: &Path) -> String {
        if let Some(workspace) = &self.workspace {
            let absolute = clean_path(&self.cwd.join(path));
            if let Ok(relative) = absolute.strip_prefix(clean_path(workspace)) {
                return relative.to_string_lossy().replace('\\', "/");
            }
        }
        path.to_string_lossy().replace('\\', "/")
    }
}

/// Escaping of a command's message, as GitHub's toolkit does it; control
/// chars from the inputs are shown as escapes first.
fn data(text: &str) -> String {
    escape_controls(text)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping of a command's properties.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_the_actions_toolkit() {
        assert_eq!(data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(
            property("claimcheck::moved, x"),
            "claimcheck%3A%3Amoved%2C x"
        );
        assert_eq!(data("\u{1b}]0;PWNED\u{7}"), "\\u{1b}]0;PWNED\\u{7}");
    }

    #[test]
    fn paths_are_relative_to_the_workspace() {
        let github = Github {
            cwd: PathBuf::from("/ws/sub"),
            workspace: Some(PathBuf::from("/ws")),
        };
        assert_eq!(github.path(Path::new("./a/x.json")), "sub/a/x.json");
        assert_eq!(
            github.path(Path::new("../../other/x.json")),
            "../../other/x.json"
        );
        let local = Github {
            cwd: PathBuf::from("/ws"),
            workspace: None,
        };
        assert_eq!(local.path(Path::new("a/x.json")), "a/x.json");
    }
}
