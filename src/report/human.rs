//! Human output: one miette diagnostic per finding (on stderr, for
//! `check`), then a one-line summary; and the listings of `paragraphs` and
//! `diff` (on stdout).

use std::collections::HashMap;
use std::fmt;
use std::fmt::Write as _;
use std::io::IsTerminal;
use std::ops::Range;
use std::sync::Arc;

use miette::{
    Diagnostic as MietteDiagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan,
    MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use super::wdiff::{word_diff, word_diff_excerpt};
use super::{FileOut, Renderer, Summary};
use crate::address::{ParagraphId, SpanAddress};
use crate::diagnose::FileReport;
use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::diff::{ClaimChange, RevisionDiff};
use crate::revision::{ParagraphChange, ParagraphPair, SpanChange};
use crate::source::Source;
use crate::text::{TextFile, escape_controls, is_unsafe_control};

/// When to use colour (`--color`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set.
    #[default]
    Auto,
    Always,
    Never,
}

/// How much to say (`--quiet`, `--verbose`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Verbosity {
    /// Errors and the summary only.
    Quiet,
    #[default]
    Normal,
    /// Also a line per file checked.
    Verbose,
}

/// How diagnostics are drawn.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub width: usize,
    pub verbosity: Verbosity,
}

impl Default for Style {
    fn default() -> Style {
        Style {
            color: false,
            width: 100,
            verbosity: Verbosity::Normal,
        }
    }
}

impl Style {
    /// Colour as `choice` says for a stream that `is_terminal` or not; the
    /// width from `COLUMNS`, else 100 columns.
    pub fn detect(choice: ColorChoice, is_terminal: bool, verbosity: Verbosity) -> Style {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let width = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse().ok())
            .filter(|&w: &usize| w >= 40)
            .unwrap_or(100);
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => !no_color && is_terminal,
        };
        Style {
            color,
            width,
            verbosity,
        }
    }

    /// For output on stderr.
    pub fn for_stderr(choice: ColorChoice, verbosity: Verbosity) -> Style {
        Style::detect(choice, std::io::stderr().is_terminal(), verbosity)
    }

    /// For output on stdout.
    pub fn for_stdout(choice: ColorChoice, verbosity: Verbosity) -> Style {
        Style::detect(choice, std::io::stdout().is_terminal(), verbosity)
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

/// The human format.
pub struct Human {
    pub style: Style,
}

impl Renderer for Human {
    fn file(&self, file: &FileReport, out: &mut FileOut) {
        let handler = self.style.handler();
        let mut excerpts = Excerpts::default();
        let mut text = String::new();
        let quiet = self.style.verbosity == Verbosity::Quiet;
        if self.style.verbosity == Verbosity::Verbose {
            text.push_str(&verbose_line(file));
        }
        for problem in &file.outcome.problems {
            if !quiet || problem.severity == Severity::Error {
                draw(&handler, problem, false, &mut excerpts, &mut text);
            }
        }
        for claim in &file.claims {
            if quiet && (claim.known || claim.severity != Some(Severity::Error)) {
                continue;
            }
            for diagnostic in &claim.diagnostics {
                if quiet && diagnostic.severity != Severity::Error {
                    continue;
                }
                draw(&handler, diagnostic, claim.known, &mut excerpts, &mut text);
            }
            // Into the file's report a claim at a time: the report has its
            // room reserved, and the whole text held beside it was a second
            // copy (25 MB for 16,000 findings) grown by doubling.
            out.extend_from_slice(text.as_bytes());
            text.clear();
            out.boundary();
        }
        out.extend_from_slice(text.as_bytes());
    }

    fn end(&self, summary: &Summary, out: &mut Vec<u8>) {
        out.extend_from_slice(summary_line(summary).as_bytes());
    }

    fn paragraphs(&self, source: &Source, out: &mut Vec<u8>) {
        out.extend_from_slice(paragraph_list(source).as_bytes());
    }

    fn revision(&self, diff: &RevisionDiff, out: &mut FileOut) {
        let view = DiffView {
            diff,
            color: self.style.color,
        };
        let head = format!(
            "--- {}\n+++ {}\n",
            escape_controls(&diff.old.file.path().display().to_string()),
            escape_controls(&diff.new.file.path().display().to_string())
        );
        out.extend_from_slice(head.as_bytes());
        view.paragraphs(out);
        view.claims(out);
    }
}

/// One entry of a diff (a paragraph's, a claim's), handed over whole when
/// the report is written as it renders.
fn entry(out: &mut FileOut, text: &str) {
    out.extend_from_slice(text.as_bytes());
    out.boundary();
}

/// The closing line, e.g. `✓ 52 claims in 1 file: 52 verified`.
pub fn summary_line(summary: &Summary) -> String {
    let mark = match (summary.exit_code(false), summary.warnings) {
        (0, 0) => "✓",
        // Passing, with something to look at.
        (0, _) => "⚠",
        _ => "✗",
    };
    format!("{mark} {}\n", summary.line())
}

/// Draws standalone diagnostics (usage and input errors) the same way.
pub fn render_diagnostics(diagnostics: &[Diagnostic], style: Style) -> String {
    let handler = style.handler();
    let mut excerpts = Excerpts::default();
    let mut out = String::new();
    for diagnostic in diagnostics {
        draw(&handler, diagnostic, false, &mut excerpts, &mut out);
    }
    out
}

fn verbose_line(file: &FileReport) -> String {
    let annotations =
        escape_controls(&file.outcome.annotations.path().display().to_string()).into_owned();
    match &file.outcome.checked {
        Some(checked) => format!(
            "checked {annotations} against {}: {}\n",
            escape_controls(&checked.source.file.path().display().to_string()),
            super::plural(checked.model.claims.len(), "claim")
        ),
        None => format!("could not check {annotations}\n"),
    }
}

fn draw(
    handler: &GraphicalReportHandler,
    diagnostic: &Diagnostic,
    known: bool,
    excerpts: &mut Excerpts,
    out: &mut String,
) {
    let report = Report::of(diagnostic, known, excerpts);
    let mut rendered = String::new();
    if handler.render_report(&mut rendered, &report).is_err() {
        // A span miette cannot draw must not hide the diagnostic itself.
        rendered = format!(
            "{}: {}\n",
            report.code.unwrap_or("claimcheck"),
            report.message
        );
    }
    // miette heads every related diagnostic with its severity and code;
    // the source excerpt has no code of its own, and its `☞` says enough.
    let rendered = rendered.replace("Advice: \n", "");
    out.push_str(&rendered);
    out.push('\n');
}

/// A diagnostic as miette draws it.
#[derive(Debug)]
struct Report {
    code: Option<&'static str>,
    /// Where the code is documented, shown beside it.
    url: Option<String>,
    severity: miette::Severity,
    message: String,
    help: Option<String>,
    source: Option<Excerpt>,
    labels: Vec<LabeledSpan>,
    related: Vec<Report>,
}

impl Report {
    fn of(diagnostic: &Diagnostic, known: bool, excerpts: &mut Excerpts) -> Report {
        let severity = match (known, diagnostic.severity) {
            (true, _) | (_, Severity::Note) => miette::Severity::Advice,
            (_, Severity::Warning) => miette::Severity::Warning,
            (_, Severity::Error) => miette::Severity::Error,
        };
        let mut message = escape_controls(&diagnostic.message).into_owned();
        if known {
            message.push_str(" (known from the baseline)");
        }
        let mut help = String::new();
        if let Some(rewording) = &diagnostic.rewording {
            help = format!(
                "the source now reads: {}",
                word_diff(&rewording.quote, &rewording.now)
            );
        }
        if let Some(text) = &diagnostic.help {
            if !help.is_empty() {
                help.push('\n');
            }
            help.push_str(text);
        }
        // Secondary labels in the primary label's file are drawn with it;
        // those in other files (the source) as a note of their own each.
        let same_file = |label: &Label| {
            diagnostic
                .primary
                .as_ref()
                .is_some_and(|primary| primary.file.same(&label.file))
        };
        let source = diagnostic.primary.as_ref().map(|l| excerpts.of(&l.file));
        let mut labels = Vec::new();
        if let (Some(label), Some(excerpt)) = (&diagnostic.primary, &source) {
            labels.push(LabeledSpan::new_primary_with_span(
                Some(escape_controls(&label.message).into_owned()),
                excerpt.span(&label.span),
            ));
        }
        let mut related: Vec<Report> = Vec::new();
        for label in &diagnostic.secondary {
            if let (true, Some(excerpt)) = (same_file(label), &source) {
                labels.push(LabeledSpan::new_with_span(
                    Some(escape_controls(&label.message).into_owned()),
                    excerpt.span(&label.span),
                ));
                continue;
            }
            let excerpt = excerpts.of(&label.file);
            let span = LabeledSpan::new_with_span(
                Some(escape_controls(&label.message).into_owned()),
                excerpt.span(&label.span),
            );
            match related.iter_mut().find(|r| {
                r.source
                    .as_ref()
                    .is_some_and(|s| s.file.same(&excerpt.file))
            }) {
                Some(note) => note.labels.push(span),
                None => related.push(Report {
                    code: None,
                    url: None,
                    severity: miette::Severity::Advice,
                    message: format!("in the source, {}", excerpt.name),
                    help: None,
                    source: Some(excerpt),
                    labels: vec![span],
                    related: Vec::new(),
                }),
            }
        }
        Report {
            code: Some(diagnostic.code.name()),
            url: Some(diagnostic.code.docs()),
            severity,
            message,
            help: (!help.is_empty()).then(|| escape_controls(&help).into_owned()),
            source,
            labels,
            related,
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report {}

impl MietteDiagnostic for Report {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.code.map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn url<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.url
            .as_ref()
            .map(|u| Box::new(u) as Box<dyn fmt::Display>)
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

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn MietteDiagnostic> + 'a>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(
                self.related.iter().map(|r| r as &dyn MietteDiagnostic),
            ))
        }
    }
}

/// A file as miette reads it, with three changes: lines are found through
/// the file's line index (miette scans from the start of the file for
/// every span, which is quadratic over thousands of findings in one file);
/// columns are counted in chars (miette counts bytes); and a long line (a
/// whole paragraph of the article) is shown as a window around the span.
/// Unsafe control chars in the file are shown escaped, never sent to the
/// terminal.
#[derive(Debug, Clone)]
struct Excerpt {
    name: String,
    /// The file: line numbers and columns are counted in its own text.
    file: TextFile,
    /// What is shown: `text`, or a copy with control chars escaped (and a
    /// BOM opening the file left out).
    shown: Arc<String>,
    /// Each char shown otherwise than it is, in order.
    shifts: Arc<Vec<Shift>>,
}

/// One char of the file shown as something else (its escape, or nothing).
#[derive(Debug, Clone, Copy)]
struct Shift {
    /// Where it is in the file's text, and how many bytes it takes there.
    at: usize,
    len: usize,
    /// Where it is in what is shown, and how many bytes it takes there.
    shown_at: usize,
    shown_len: usize,
}

/// Lines longer than this many bytes are windowed.
const LONG_LINE: usize = 160;
/// Chars of context kept on each side of a span in a windowed line.
const WINDOW_MARGIN: usize = 40;

/// The excerpt of each file drawn so far. Making one copies the file (its
/// shown text), so each file gets one per report, not one per diagnostic:
/// thousands of findings in one file stay linear.
#[derive(Debug, Default)]
struct Excerpts(HashMap<*const String, Excerpt>);

impl Excerpts {
    fn of(&mut self, file: &TextFile) -> Excerpt {
        self.0
            .entry(Arc::as_ptr(file.shared_text()))
            .or_insert_with(|| Excerpt::of(file))
            .clone()
    }
}

impl Excerpt {
    fn of(file: &TextFile) -> Excerpt {
        let (shown, shifts) = shown_copy(file.text());
        Excerpt {
            name: escape_controls(&file.path().display().to_string()).into_owned(),
            shown: shown.map_or_else(|| Arc::clone(file.shared_text()), Arc::new),
            shifts: Arc::new(shifts),
            file: file.clone(),
        }
    }

    /// `range` of the file's text as a span of what is shown.
    fn span(&self, range: &Range<usize>) -> SourceSpan {
        let start = self.shown_offset(range.start);
        let end = self.shown_offset(range.end.max(range.start));
        (start, end - start).into()
    }

    fn shown_offset(&self, offset: usize) -> usize {
        let i = self.shifts.partition_point(|shift| shift.at < offset);
        match i.checked_sub(1).map(|i| self.shifts[i]) {
            // Past a char shown otherwise: shifted as it was, plus the bytes
            // of the text between.
            Some(shift) => {
                shift.shown_at + shift.shown_len + offset.saturating_sub(shift.at + shift.len)
            }
            None => offset,
        }
    }

    /// The offset in the file's text of `shown` offset `offset`.
    fn text_offset(&self, offset: usize) -> usize {
        let i = self
            .shifts
            .partition_point(|shift| shift.shown_at <= offset);
        match i.checked_sub(1).map(|i| self.shifts[i]) {
            Some(shift) if offset < shift.shown_at + shift.shown_len => shift.at,
            Some(shift) => shift.at + shift.len + (offset - shift.shown_at - shift.shown_len),
            None => offset,
        }
    }
}

/// A copy of `text` as it is shown (or `None` when it is shown as it is):
/// unsafe control chars escaped, a BOM opening the file left out (editors
/// do not show it); and where each such char was. A `\r` that ends a line
/// is kept.
fn shown_copy(text: &str) -> (Option<String>, Vec<Shift>) {
    let changed = |(i, c): &(usize, char)| {
        (*i == 0 && *c == crate::text::BOM)
            || (is_unsafe_control(*c) && !(*c == '\r' && text[i + 1..].starts_with('\n')))
    };
    if !text.char_indices().any(|ic| changed(&ic)) {
        return (None, Vec::new());
    }
    let mut shown = String::with_capacity(text.len() + 16);
    let mut shifts = Vec::new();
    for (i, c) in text.char_indices() {
        if !changed(&(i, c)) {
            shown.push(c);
            continue;
        }
        let shown_at = shown.len();
        if is_unsafe_control(c) {
            let _ = write!(shown, "\\u{{{:x}}}", c as u32);
        }
        shifts.push(Shift {
            at: i,
            len: c.len_utf8(),
            shown_at,
            shown_len: shown.len() - shown_at,
        });
    }
    (Some(shown), shifts)
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let shown = self.shown.as_str();
        let start = span.offset().min(shown.len());
        let end = (start + span.len()).min(shown.len());
        if !shown.is_char_boundary(start) || !shown.is_char_boundary(end) {
            return Err(MietteError::OutOfBounds);
        }
        // Lines and columns as the file's own text has them.
        let text = self.file.text();
        let lines = self.file.lines();
        let text_start = self.text_offset(start);
        let line = lines.line_of(text_start);
        let line_bytes = lines.line_bytes(text, line);
        // 0-based, and counted from checkpoints, not from the line's start:
        // a one-line file can hold thousands of findings.
        let column = lines.line_column(text, text_start).1 - 1;
        let shown_line = self.shown_offset(line_bytes.start)..self.shown_offset(line_bytes.end);
        if shown_line.len() > LONG_LINE && end <= shown_line.end {
            let window_start = shown[shown_line.start..start]
                .char_indices()
                .rev()
                .nth(WINDOW_MARGIN - 1)
                .map_or(shown_line.start, |(i, _)| shown_line.start + i);
            let window_end = shown[end..shown_line.end]
                .char_indices()
                .nth(WINDOW_MARGIN)
                .map_or(shown_line.end, |(i, _)| end + i);
            return Ok(Box::new(MietteSpanContents::new_named(
                self.name.clone(),
                &shown.as_bytes()[window_start..window_end],
                (window_start, window_end - window_start).into(),
                line,
                column,
                1,
            )));
        }
        // miette's own reading, over just the lines it will show: the
        // span's, and the context lines around them.
        let first = line.saturating_sub(context_lines_before);
        let end_line = lines.line_of(self.text_offset(end.saturating_sub(1).max(start)));
        let last = (end_line + context_lines_after + 1).min(lines.line_count() - 1);
        let from = self.shown_offset(lines.line_bytes(text, first).start);
        let to = if last + 1 < lines.line_count() {
            self.shown_offset(lines.line_bytes(text, last + 1).start)
        } else {
            shown.len()
        };
        let window = &shown[from..to];
        let relative: SourceSpan = (start - from, end - start).into();
        let contents = window.read_span(&relative, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            contents.data(),
            (contents.span().offset() + from, contents.span().len()).into(),
            contents.line() + first,
            if context_lines_before == 0 {
                column
            } else {
                contents.column()
            },
            contents.line_count() + first,
        )))
    }
}

// ---- paragraphs ----

/// One line per paragraph: address, bytes, chars, fingerprint, and the
/// start of its text.
fn paragraph_list(source: &Source) -> String {
    const PREVIEW: usize = 60;
    let mut out = String::new();
    for p in &source.paragraphs {
        let preview: String = p.text.chars().take(PREVIEW).collect();
        let ellipsis = if p.char_len() > PREVIEW { "…" } else { "" };
        let _ = writeln!(
            out,
            "{:<5} bytes {:>6}..{:<6} {:>5} chars  {}  {}{ellipsis}",
            ParagraphId(p.index).to_string(),
            p.byte_range.start,
            p.byte_range.end,
            p.char_len(),
            p.fingerprint(),
            escape_controls(&preview),
        );
    }
    let _ = writeln!(
        out,
        "{}",
        super::plural(source.paragraphs.len(), "paragraph")
    );
    out
}

// ---- diff ----

/// Words of unchanged text kept around each change in paragraph diffs.
const CONTEXT_WORDS: usize = 8;

struct DiffView<'a> {
    diff: &'a RevisionDiff,
    color: bool,
}

impl DiffView<'_> {
    fn old_source(&self) -> &Source {
        &self.diff.old.source
    }

    fn new_source(&self) -> &Source {
        &self.diff.new.source
    }

    fn excerpt(&self, old: &str, new: &str) -> String {
        // Escaped before the diff is coloured: its own escapes are colour.
        word_diff_excerpt(
            &escape_controls(old),
            &escape_controls(new),
            CONTEXT_WORDS,
            self.color,
        )
    }

    /// Each changed paragraph with its word diff; runs of paragraphs that
    /// only moved are folded into one line.
    fn paragraphs(&self, out: &mut FileOut) {
        let pairs = &self.diff.alignment.pairs;
        let mut moved_run: Vec<&ParagraphPair> = Vec::new();
        let flush = |run: &mut Vec<&ParagraphPair>, out: &mut FileOut| {
            if let (Some(first), Some(last)) = (run.first(), run.last()) {
                let line = format!(
                    "\n{} → {}  moved (text unchanged)\n",
                    range(first.old, last.old),
                    range(first.new, last.new)
                );
                entry(out, &line);
            }
            run.clear();
        };
        // The parts of each split and merge, gathered once: each is shown
        // once, as all of its parts, where its first pair stands.
        let mut splits: HashMap<usize, Vec<usize>> = HashMap::new();
        let mut merges: HashMap<usize, Vec<usize>> = HashMap::new();
        for pair in pairs {
            match (pair.note, pair.old, pair.new) {
                (Some("split"), Some(old), Some(new)) => splits.entry(old).or_default().push(new),
                (Some("merged"), Some(old), Some(new)) => merges.entry(new).or_default().push(old),
                _ => {}
            }
        }
        for pair in pairs {
            if pair.change == ParagraphChange::Moved {
                let continues = moved_run.last().is_some_and(|last| {
                    last.old.map(|o| o + 1) == pair.old && last.new.map(|n| n + 1) == pair.new
                });
                if !continues {
                    flush(&mut moved_run, out);
                }
                moved_run.push(pair);
                continue;
            }
            flush(&mut moved_run, out);
            match (pair.note, pair.old, pair.new) {
                (Some("split"), Some(old), _) => {
                    if let Some(parts) = splits.remove(&old) {
                        entry(out, &self.joined(vec![old], parts, "split"));
                    }
                }
                (Some("merged"), _, Some(new)) => {
                    if let Some(parts) = merges.remove(&new) {
                        entry(out, &self.joined(parts, vec![new], "merged"));
                    }
                }
                (Some(_), _, _) => {}
                (None, _, _) => entry(out, &self.paragraph(pair)),
            }
        }
        flush(&mut moved_run, out);
        let count = |c: ParagraphChange| pairs.iter().filter(|p| p.change == c).count();
        let counts: Vec<String> = [
            ParagraphChange::Same,
            ParagraphChange::Moved,
            ParagraphChange::Edited,
            ParagraphChange::Added,
            ParagraphChange::Removed,
        ]
        .into_iter()
        .filter(|&c| count(c) > 0)
        .map(|c| format!("{} {}", count(c), c.as_str()))
        .collect();
        entry(out, &format!("\nparagraphs: {}\n", counts.join(", ")));
    }

    /// Old paragraphs `olds` became new paragraphs `news` (a split or a
    /// merge): one word diff, with ¶ where a paragraph break is.
    fn joined(&self, olds: Vec<usize>, news: Vec<usize>, note: &str) -> String {
        let join = |source: &Source, parts: &[usize]| -> (String, String) {
            let names: Vec<String> = parts.iter().map(|&i| ParagraphId(i).to_string()).collect();
            let texts: Vec<&str> = parts
                .iter()
                .map(|&i| source.paragraphs[i].text.as_str())
                .collect();
            (names.join(" + "), texts.join(" ¶ "))
        };
        let (old_names, old_text) = join(self.old_source(), &olds);
        let (new_names, new_text) = join(self.new_source(), &news);
        format!(
            "\n{old_names} → {new_names}  {note}\n    {}\n",
            self.excerpt(&old_text, &new_text)
        )
    }

    fn paragraph(&self, pair: &ParagraphPair) -> String {
        let preview = |text: &str| -> String {
            let words: Vec<&str> = text.split_whitespace().collect();
            let shown = if words.len() > 2 * CONTEXT_WORDS {
                format!("{} …", words[..2 * CONTEXT_WORDS].join(" "))
            } else {
                words.join(" ")
            };
            escape_controls(&shown).into_owned()
        };
        let note = pair.note.map(|n| format!(" ({n})")).unwrap_or_default();
        match (pair.old, pair.new) {
            (Some(i), Some(j)) if pair.change == ParagraphChange::Edited => {
                let old = &self.old_source().paragraphs[i].text;
                let new = &self.new_source().paragraphs[j].text;
                format!(
                    "\n{} → {}  edited{note}\n    {}\n",
                    ParagraphId(i),
                    ParagraphId(j),
                    self.excerpt(old, new)
                )
            }
            (None, Some(j)) => format!(
                "\n{}  added\n    + {}\n",
                ParagraphId(j),
                preview(&self.new_source().paragraphs[j].text)
            ),
            (Some(i), None) => format!(
                "\n{}  removed\n    - {}\n",
                ParagraphId(i),
                preview(&self.old_source().paragraphs[i].text)
            ),
            // Same paragraphs are not news.
            _ => String::new(),
        }
    }

    /// What the revision did to each claim of each file, a claim at a time.
    fn claims(&self, out: &mut FileOut) {
        for file in &self.diff.claims {
            let head = format!(
                "\nclaims in {}:\n",
                escape_controls(&file.annotations.display().to_string())
            );
            entry(out, &head);
            let mut same = 0;
            for claim in &file.claims {
                let worst = claim.worst();
                if worst == "same" {
                    same += 1;
                    continue;
                }
                let mut text = format!("  {worst:<8} {}\n", escape_controls(&claim.id));
                text.push_str(&self.evidence_lines(claim));
                entry(out, &text);
            }
            let count = |name: &str| file.claims.iter().filter(|c| c.worst() == name).count();
            let counts = format!(
                "claims: {same} same, {} moved, {} edited, {} removed\n",
                count("moved"),
                count("edited"),
                count("removed")
            );
            entry(out, &counts);
        }
    }

    fn evidence_lines(&self, claim: &ClaimChange) -> String {
        let mut out = String::new();
        for e in &claim.evidence {
            let old = e
                .old
                .as_ref()
                .map_or("not in OLD".into(), |l| SpanAddress::from(l).to_string());
            let new = e
                .change
                .location()
                .map_or(String::new(), |l| SpanAddress::from(&l).to_string());
            let line = match (&e.change, &e.diff) {
                (SpanChange::Same(_), _) => continue,
                (SpanChange::Removed, _) => format!("{old} → removed"),
                (_, Some((before, after))) => format!(
                    "{old} → {new}: {}",
                    escape_controls(&word_diff(before, after))
                ),
                (_, None) => format!("{old} → {new}"),
            };
            let _ = writeln!(out, "           {line}");
        }
        out
    }
}

/// `p3` or `p3–p7`.
fn range(a: Option<usize>, b: Option<usize>) -> String {
    match (a, b) {
        (Some(a), Some(b)) if a == b => ParagraphId(a).to_string(),
        (Some(a), Some(b)) => format!("{}–{}", ParagraphId(a), ParagraphId(b)),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_offsets_map_both_ways() {
        let file = TextFile::new(std::path::Path::new("a.txt"), "a\u{1b}b\r\nc\u{85}d".into());
        let excerpt = Excerpt::of(&file);
        assert_eq!(excerpt.shown.as_str(), "a\\u{1b}b\r\nc\\u{85}d");
        for (text, shown) in [(0, 0), (1, 1), (2, 7), (3, 8), (5, 10), (6, 11), (8, 17)] {
            assert_eq!(excerpt.shown_offset(text), shown, "text {text}");
            assert_eq!(excerpt.text_offset(shown), text, "shown {shown}");
        }
    }
}
