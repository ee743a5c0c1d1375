//! Human output: one miette diagnostic per finding, on stderr, then a
//! one-line summary.

use std::fmt;
use std::io::IsTerminal;
use std::ops::Range;
use std::sync::Arc;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use super::Summary;
use super::findings::{self, Finding};
use crate::check::{Outcome, Problem, TextFile};
use crate::verdict::Severity;

/// How diagnostics are drawn.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}

impl Style {
    /// Colour only on a terminal and without `NO_COLOR`; the width from
    /// `COLUMNS`, else 100 columns.
    pub fn detect() -> Style {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let width = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse().ok())
            .filter(|&w: &usize| w >= 40)
            .unwrap_or(100);
        Style {
            color: !no_color && std::io::stderr().is_terminal(),
            width,
        }
    }

    fn handler(&self) -> GraphicalReportHandler {
        let theme = if self.color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        GraphicalReportHandler::new_themed(theme)
            .with_width(self.width)
            .with_links(false)
    }
}

/// Renders the problems and findings of one annotation file.
pub fn render_outcome(outcome: &Outcome, style: Style) -> String {
    let handler = style.handler();
    let mut out = String::new();
    for problem in outcome.problems() {
        draw(&handler, &from_problem(problem), &mut out);
    }
    if let Outcome::Checked { file, .. } = outcome {
        for index in 0..file.model.claims.len() {
            for finding in findings::of_claim(file, index) {
                let diagnostic = from_finding(&finding, &file.annotations, &file.source.file);
                draw(&handler, &diagnostic, &mut out);
            }
        }
    }
    out
}

/// Renders standalone problems (usage and input errors) the same way.
pub fn render_problems(problems: &[Problem], style: Style) -> String {
    let handler = style.handler();
    let mut out = String::new();
    for problem in problems {
        draw(&handler, &from_problem(problem), &mut out);
    }
    out
}

fn draw(handler: &GraphicalReportHandler, diagnostic: &Report, out: &mut String) {
    let mut rendered = String::new();
    if handler.render_report(&mut rendered, diagnostic).is_err() {
        // A span miette cannot draw must not hide the finding itself.
        rendered = format!("{}: {}\n", diagnostic.code, diagnostic.message);
    }
    out.push_str(&rendered);
    out.push('\n');
}

/// The closing line, e.g. `✓ 52 claims in 1 file: 52 verified`.
pub fn summary_line(summary: &Summary) -> String {
    let mark = if summary.exit_code(false) == 0 && summary.warnings == 0 {
        "✓"
    } else {
        "✗"
    };
    format!("{mark} {}\n", summary.line())
}

fn from_problem(problem: &Problem) -> Report {
    let source = problem.file.as_ref().map(Excerpt::of);
    let labels = match (&problem.span, &source) {
        (Some(span), Some(_)) => vec![LabeledSpan::new_primary_with_span(
            Some("here".into()),
            to_source_span(span),
        )],
        _ => Vec::new(),
    };
    Report {
        code: problem.code,
        severity: miette::Severity::Error,
        message: problem.message.clone(),
        help: problem.help.clone(),
        source,
        labels,
        related: Vec::new(),
    }
}

fn from_finding(finding: &Finding, annotations: &TextFile, source: &TextFile) -> Report {
    let severity = match finding.severity {
        Severity::Warning => miette::Severity::Warning,
        _ => miette::Severity::Error,
    };
    let related = if finding.source_spans.is_empty() {
        Vec::new()
    } else {
        vec![Report {
            code: "claimcheck::source",
            severity: miette::Severity::Advice,
            message: format!("in the source, {}", source.path.display()),
            help: None,
            source: Some(Excerpt::of(source)),
            labels: finding
                .source_spans
                .iter()
                .map(|(span, label)| {
                    LabeledSpan::new_with_span(Some(label.clone()), to_source_span(span))
                })
                .collect(),
            related: Vec::new(),
        }]
    };
    Report {
        code: finding.code,
        severity,
        message: finding.message.clone(),
        help: Some(finding.help.clone()),
        source: Some(Excerpt::of(annotations)),
        labels: vec![LabeledSpan::new_primary_with_span(
            Some(finding.field_label.clone()),
            to_source_span(&finding.field),
        )],
        related,
    }
}

fn to_source_span(range: &Range<usize>) -> SourceSpan {
    (range.start, range.end.saturating_sub(range.start)).into()
}

/// A diagnostic as miette draws it.
#[derive(Debug)]
struct Report {
    code: &'static str,
    severity: miette::Severity,
    message: String,
    help: Option<String>,
    source: Option<Excerpt>,
    labels: Vec<LabeledSpan>,
    related: Vec<Report>,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report {}

impl Diagnostic for Report {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(self.related.iter().map(|r| r as &dyn Diagnostic)))
        }
    }
}

/// A file as miette reads it, with two fixes: columns are counted in chars
/// (miette counts bytes), and a long line (a whole paragraph of the article)
/// is shown as a window around the span rather than in full.
#[derive(Debug, Clone)]
struct Excerpt {
    name: String,
    text: Arc<String>,
}

/// Lines longer than this many bytes are windowed.
const LONG_LINE: usize = 160;
/// Chars of context kept on each side of a span in a windowed line.
const WINDOW_MARGIN: usize = 40;

impl Excerpt {
    fn of(file: &TextFile) -> Excerpt {
        Excerpt {
            name: file.path.display().to_string(),
            text: Arc::clone(&file.text),
        }
    }

    fn line_bounds(&self, offset: usize) -> Range<usize> {
        let text = self.text.as_str();
        let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let end = if text[..end].ends_with('\r') {
            end - 1
        } else {
            end
        };
        start..end.max(start)
    }
}

/// Chars from `line_start` to `at`, not counting a BOM at the start of the
/// file: editors do not show it.
fn columns(text: &str, line_start: usize, at: usize) -> usize {
    let line = &text[line_start..at];
    let line = if line_start == 0 {
        line.strip_prefix('\u{feff}').unwrap_or(line)
    } else {
        line
    };
    line.chars().count()
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let text = self.text.as_str();
        let start = span.offset().min(text.len());
        let end = (start + span.len()).min(text.len());
        if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return Err(MietteError::OutOfBounds);
        }
        let line = self.line_bounds(start);
        let line_number = text[..start].matches('\n').count();
        let column = columns(text, line.start, start);
        if line.len() > LONG_LINE && end <= line.end {
            let window_start = text[line.start..start]
                .char_indices()
                .rev()
                .nth(WINDOW_MARGIN - 1)
                .map_or(line.start, |(i, _)| line.start + i);
            let window_end = text[end..line.end]
                .char_indices()
                .nth(WINDOW_MARGIN)
                .map_or(line.end, |(i, _)| end + i);
            return Ok(Box::new(MietteSpanContents::new_named(
                self.name.clone(),
                &text.as_bytes()[window_start..window_end],
                (window_start, window_end - window_start).into(),
                line_number,
                column,
                1,
            )));
        }
        let contents = text.read_span(span, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            contents.data(),
            *contents.span(),
            contents.line(),
            if context_lines_before == 0 {
                column
            } else {
                contents.column()
            },
            contents.line_count(),
        )))
    }
}
