//! GitHub Actions workflow commands (`::error file=…::message`), one per
//! finding, on stdout: GitHub shows each as an annotation on the line of
//! the annotation file it points at.

use super::findings;
use crate::check::{Outcome, Problem, TextFile};
use crate::verdict::Severity;

/// The workflow commands for one annotation file.
pub fn render_outcome(outcome: &Outcome) -> String {
    let mut out = String::new();
    for problem in outcome.problems() {
        out.push_str(&problem_command(problem, outcome));
    }
    if let Outcome::Checked { file, .. } = outcome {
        for index in 0..file.model.claims.len() {
            for finding in findings::of_claim(file, index) {
                let level = match finding.severity {
                    Severity::Warning => "warning",
                    _ => "error",
                };
                let message = match &finding.source_spans.first() {
                    Some((span, label)) => {
                        let (line, column) = file.source.file.line_column(span.start);
                        format!(
                            "{} ({label}: {}:{line}:{column})",
                            finding.message,
                            file.source.file.path.display()
                        )
                    }
                    None => finding.message.clone(),
                };
                out.push_str(&command(
                    level,
                    &file.annotations,
                    &finding.field,
                    finding.code,
                    &format!("{message}\n{}", finding.help),
                ));
            }
        }
    }
    out
}

fn problem_command(problem: &Problem, outcome: &Outcome) -> String {
    match (&problem.file, &problem.span) {
        (Some(file), Some(span)) => command("error", file, span, problem.code, &problem.message),
        _ => {
            let path = match outcome {
                Outcome::Failed { annotations, .. } => annotations.display().to_string(),
                Outcome::Checked { file, .. } => file.annotations.path.display().to_string(),
            };
            format!(
                "::error file={},title={}::{}\n",
                property(&path),
                property(problem.code),
                data(&problem.message)
            )
        }
    }
}

fn command(
    level: &str,
    file: &TextFile,
    span: &std::ops::Range<usize>,
    code: &str,
    message: &str,
) -> String {
    let (line, col) = file.line_column(span.start);
    let (end_line, end_col) = file.line_column(span.end);
    format!(
        "::{level} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}\n",
        property(&file.path.display().to_string()),
        property(code),
        data(message)
    )
}

/// Escaping of a command's message, as GitHub's toolkit does it.
fn data(text: &str) -> String {
    text.replace('%', "%25")
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
    }
}
