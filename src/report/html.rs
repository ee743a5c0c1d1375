//! The HTML report of `claimcheck report --html` (CONTRACT §5): one
//! self-contained page (inline CSS and JS, no network) showing each article
//! with every evidence span highlighted, and the claims beside it.
//!
//! Three parts, kept apart:
//! - a serializable view model ([`HtmlReport`]), plain values only;
//! - [`render`], a pure function of it. The article and the claims are
//!   rendered here, as HTML, rather than built by script from a JSON blob:
//!   the page prints and reads without JS, paints on first parse, and a
//!   2,000-claim report still opens in well under a second (see the
//!   browser test's timings). The script (`html/report.js`) only adds
//!   interaction: filters, jumps, pop-ups and the evidence item for a
//!   selection, which it reads from the DOM;
//! - the adapter from today's check results, [`HtmlReport::from_files`],
//!   the one place that knows the pipeline's types.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::{Pieces, Summary};
use crate::verdict::{ClaimStatus, EvidenceStatus};

const CSS: &str = include_str!("html/report.css");
const JS: &str = include_str!("html/report.js");

/// Bumped when the page's structure changes in a way scripts may notice.
pub const VERSION: u32 = 1;

/// Everything the page shows.
#[derive(Debug, Clone, Serialize)]
pub struct HtmlReport {
    pub version: u32,
    pub summary: Summary,
    /// One per source article, in the order the annotation files were found.
    pub articles: Vec<ArticleView>,
    /// Inputs that could not be read or parsed, or that do not fit their source.
    pub errors: Vec<InputError>,
    /// Where each source's article is in `articles`, while files are added.
    #[serde(skip)]
    article_of: HashMap<String, usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ArticleView {
    /// The source file, as shown to users.
    pub source: String,
    pub paragraphs: Vec<ParagraphView>,
    /// The claims of every annotation file that cites this article.
    pub claims: Vec<ClaimView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ParagraphView {
    /// `p1`, `p2`, …
    pub id: String,
    pub role: Role,
    /// The paragraph's original text: offsets count its chars. Shared with
    /// the article where the paragraph shares it, not copied.
    pub text: crate::source::ParagraphText,
}

/// What kind of block a paragraph is, for how it is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Role {
    Paragraph,
    /// `level` 1 to 6, as `h1`…`h6`.
    Heading {
        level: u8,
    },
    ListItem,
    Quote,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClaimView {
    pub id: String,
    /// The annotation file the claim is in, as shown to users.
    pub annotations: String,
    pub text: String,
    pub note: Option<String>,
    pub status: ClaimStatus,
    pub messages: Vec<String>,
    pub evidence: Vec<EvidenceView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvidenceView {
    pub status: EvidenceStatus,
    pub quote: String,
    /// Where the quote is (for `ambiguous`, its first occurrence; for
    /// `drifted`, the closest passage); `None` when `broken`.
    pub found: Option<Found>,
    /// For `drifted`: the quote → the closest passage, word by word.
    pub diff: Vec<DiffRun>,
}

/// A span of a paragraph, in chars of its original text, half-open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Found {
    /// `p1`, `p2`, …
    pub paragraph: String,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffRun {
    pub op: DiffOp,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DiffOp {
    Equal,
    /// In the quote, not in the article.
    Delete,
    /// In the article, not in the quote.
    Insert,
}

#[derive(Debug, Clone, Serialize)]
pub struct InputError {
    /// The file the problem is in (or about), when there is one.
    pub file: Option<String>,
    /// 1-based line and char column in `file`.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub code: String,
    pub message: String,
    pub help: Option<String>,
}

// ---------------------------------------------------------------------------
// Rendering

/// Claim statuses from worst to best: the order of the claims panel, and
/// which colour wins where spans of several claims overlap.
const WORST_FIRST: [ClaimStatus; 6] = [
    ClaimStatus::Broken,
    ClaimStatus::Drifted,
    ClaimStatus::Ambiguous,
    ClaimStatus::Unsupported,
    ClaimStatus::Moved,
    ClaimStatus::Verified,
];

fn rank(status: ClaimStatus) -> usize {
    WORST_FIRST.iter().position(|s| *s == status).unwrap_or(0)
}

/// The mark that tells a status apart without colour, on screen and in print.
fn claim_icon(status: ClaimStatus) -> &'static str {
    match status {
        ClaimStatus::Verified => "✓",
        ClaimStatus::Moved => "↷",
        ClaimStatus::Ambiguous => "?",
        ClaimStatus::Drifted => "≈",
        ClaimStatus::Broken => "✗",
        ClaimStatus::Unsupported => "!",
    }
}

fn evidence_icon(status: EvidenceStatus) -> &'static str {
    match status {
        EvidenceStatus::Exact => "✓",
        EvidenceStatus::Moved => "↷",
        EvidenceStatus::Ambiguous => "?",
        EvidenceStatus::Drifted => "≈",
        EvidenceStatus::Broken => "✗",
    }
}

/// `write!` into a `String`, which cannot fail.
macro_rules! w {
    ($out:expr, $($arg:tt)*) => {
        let _ = write!($out, $($arg)*);
    };
}

/// HTML-escapes `text` for element content and quoted attribute values.
/// Every char stays one char in the DOM, so offsets counted in the page are
/// offsets in the paragraph: a CR, which the HTML parser would turn into a
/// LF, goes as a reference; a NUL, which it would drop, as U+FFFD.
fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\r' => out.push_str("&#13;"),
            '\0' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// Bytes of a written page handed over at a time.
const PAGE_PIECE: usize = 1 << 20;

/// The whole page.
pub fn render(report: &HtmlReport) -> String {
    let mut page = Pieces::held(String::with_capacity(64 * 1024));
    write_page(report, &mut page);
    page.finish()
}

/// The whole page, handed to `to` a piece at a time.
pub fn render_to(report: &HtmlReport, to: &mut dyn FnMut(&str)) {
    render_in_pieces(report, to, PAGE_PIECE);
}

fn render_in_pieces(report: &HtmlReport, to: &mut dyn FnMut(&str), piece: usize) {
    let mut page = Pieces::streamed(to, piece);
    write_page(report, &mut page);
    page.finish();
}

fn write_page(report: &HtmlReport, out: &mut Pieces<String>) {
    let title = match report.articles.as_slice() {
        [one] => format!("claimcheck report: {}", one.source),
        _ => "claimcheck report".to_owned(),
    };
    w!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"claimcheck report v{}\">\n<title>{}</title>\n\
         <style>\n{CSS}</style>\n</head>\n<body>\n",
        report.version,
        escape(&title)
    );
    render_bar(out, report);
    out.push_str("<main>\n");
    render_errors(out, &report.errors);
    if report.articles.len() > 1 {
        render_contents(out, &report.articles);
    }
    for (index, article) in report.articles.iter().enumerate() {
        render_article(out, index, article);
    }
    if report.articles.is_empty() && report.errors.is_empty() {
        out.push_str("<p class=\"empty\">No annotation files were found.</p>\n");
    }
    out.push_str("</main>\n");
    out.push_str(concat!(
        "<div id=\"pop\" class=\"pop\" role=\"dialog\" aria-label=\"Claims citing this passage\" hidden></div>\n",
        "<section id=\"author\" class=\"author\" aria-labelledby=\"author-title\" hidden>\n",
        "<div class=\"author-head\"><h2 id=\"author-title\">Evidence item</h2> <span id=\"author-where\"></span>",
        " <button type=\"button\" id=\"author-copy\">Copy JSON</button>",
        " <button type=\"button\" id=\"author-close\" aria-label=\"Close\">Close</button></div>\n",
        "<p id=\"author-note\" class=\"author-note\"></p>\n",
        "<pre id=\"author-json\" tabindex=\"0\" aria-label=\"Evidence item as JSON\"></pre>\n",
        "</section>\n",
        "<div id=\"live\" class=\"sr-only\" aria-live=\"polite\"></div>\n",
        "<noscript><p class=\"noscript\">Filters, jumps and the evidence item for a selection need JavaScript.</p></noscript>\n",
    ));
    w!(out, "<script>\n{JS}</script>\n</body>\n</html>\n");
}

fn render_bar(out: &mut String, report: &HtmlReport) {
    let s = &report.summary;
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    w!(
        out,
        "<header class=\"bar\">\n<h1>claimcheck</h1>\n<p class=\"totals\">{} in {}",
        plural(s.claims, "claim"),
        plural(s.files, "file")
    );
    if s.input_errors > 0 {
        w!(
            out,
            ", <a href=\"#errors\" class=\"err-count\">{}</a>",
            plural(s.input_errors, "input error")
        );
    }
    out.push_str(
        "</p>\n<div class=\"filters\" role=\"group\" aria-label=\"Show claims by status\">\n",
    );
    for status in WORST_FIRST {
        let n = s.count(status);
        w!(
            out,
            "<button type=\"button\" class=\"filter s-{status}\" data-filter=\"{status}\" aria-pressed=\"true\"{}>\
             <span class=\"icon\" aria-hidden=\"true\">{}</span> <b>{n}</b> {status}</button>\n",
            if n == 0 { " disabled" } else { "" },
            claim_icon(status)
        );
    }
    out.push_str("</div>\n");
    if !report.articles.is_empty() {
        out.push_str("<a class=\"skip\" href=\"#claims-0\">Skip to the claims</a>\n");
    }
    out.push_str("</header>\n");
}

fn render_errors(out: &mut String, errors: &[InputError]) {
    if errors.is_empty() {
        return;
    }
    w!(
        out,
        "<section id=\"errors\" class=\"errors\" aria-labelledby=\"errors-title\">\n\
         <h2 id=\"errors-title\">Input errors ({})</h2>\n<ul>\n",
        errors.len()
    );
    for error in errors {
        out.push_str("<li>");
        if let Some(file) = &error.file {
            w!(out, "<code class=\"where\">{}", escape(file));
            if let (Some(line), Some(column)) = (error.line, error.column) {
                w!(out, ":{line}:{column}");
            }
            out.push_str("</code> ");
        }
        w!(
            out,
            "<code class=\"code\">{}</code> <span class=\"message\">{}</span>",
            escape(&error.code),
            escape(&error.message)
        );
        if let Some(help) = &error.help {
            w!(out, "<p class=\"help\">{}</p>", escape(help));
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n</section>\n");
}

fn render_contents(out: &mut String, articles: &[ArticleView]) {
    out.push_str("<nav class=\"contents\" aria-label=\"Articles\">\n<h2>Articles</h2>\n<ol>\n");
    for (index, article) in articles.iter().enumerate() {
        let mut worst: Vec<String> = Vec::new();
        for status in WORST_FIRST {
            let n = article.claims.iter().filter(|c| c.status == status).count();
            if n > 0 {
                worst.push(format!("{n} {status}"));
            }
        }
        w!(
            out,
            "<li><a href=\"#a{index}\">{}</a> <span class=\"counts\">{}</span></li>\n",
            escape(&article.source),
            worst.join(", ")
        );
    }
    out.push_str("</ol>\n</nav>\n");
}

/// One evidence span placed in its paragraph.
struct Span {
    claim: usize,
    evidence: usize,
    start: usize,
    end: usize,
    status: ClaimStatus,
}

fn render_article(out: &mut Pieces<String>, index: usize, article: &ArticleView) {
    let a = format!("a{index}");
    w!(
        out,
        "<section class=\"article\" id=\"{a}\" aria-labelledby=\"{a}-title\">\n\
         <h2 class=\"source\" id=\"{a}-title\"><span class=\"label\">Article</span> <code>{}</code></h2>\n\
         <div class=\"cols\">\n<div class=\"text\">\n",
        escape(&article.source)
    );
    let mut spans: Vec<Vec<Span>> = (0..article.paragraphs.len()).map(|_| Vec::new()).collect();
    let by_id: HashMap<&str, usize> = article
        .paragraphs
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    for (c, claim) in article.claims.iter().enumerate() {
        for (e, evidence) in claim.evidence.iter().enumerate() {
            let Some(found) = &evidence.found else {
                continue;
            };
            if let Some(&p) = by_id.get(found.paragraph.as_str()) {
                spans[p].push(Span {
                    claim: c,
                    evidence: e,
                    start: found.start,
                    end: found.end,
                    status: claim.status,
                });
            }
        }
    }
    for (paragraph, spans) in article.paragraphs.iter().zip(&mut spans) {
        render_paragraph(out, &a, paragraph, spans);
        out.boundary();
    }
    w!(
        out,
        "</div>\n<aside class=\"claims\" id=\"claims-{index}\" tabindex=\"-1\" aria-label=\"Claims on {}\">\n",
        escape(&article.source)
    );
    if article.claims.is_empty() {
        out.push_str("<p class=\"empty\">No claims.</p>\n");
    }
    for status in WORST_FIRST {
        let claims: Vec<(usize, &ClaimView)> = article
            .claims
            .iter()
            .enumerate()
            .filter(|(_, c)| c.status == status)
            .collect();
        if claims.is_empty() {
            continue;
        }
        w!(
            out,
            "<section class=\"group s-{status}\" data-status=\"{status}\">\n\
             <h3><span class=\"icon\" aria-hidden=\"true\">{}</span> {status} <span class=\"n\">{}</span></h3>\n",
            claim_icon(status),
            claims.len()
        );
        for (c, claim) in claims {
            render_claim(out, &a, c, claim);
            out.boundary();
        }
        out.push_str("</section>\n");
    }
    out.push_str("</aside>\n</div>\n</section>\n");
}

/// A paragraph with its spans. Spans of several claims may overlap, so the
/// text is cut at every span boundary and each piece is marked with every
/// claim that covers it, in the colour of the worst of them.
fn render_paragraph(out: &mut String, a: &str, paragraph: &ParagraphView, spans: &mut [Span]) {
    // The article's headings rank below the page's own (h1, and h2 for
    // each article); their class keeps the size of the article's level.
    let (tag, class) = match paragraph.role {
        Role::Paragraph => ("p".to_owned(), "para".to_owned()),
        Role::Heading { level } => {
            let level = level.clamp(1, 6);
            (
                format!("h{}", (level + 2).min(6)),
                format!("para heading h{level}"),
            )
        }
        Role::ListItem => ("p".to_owned(), "para li".to_owned()),
        Role::Quote => ("blockquote".to_owned(), "para quote".to_owned()),
    };
    // No whitespace inside: the element's text must be the paragraph's text.
    w!(
        out,
        "<{tag} class=\"{class}\" id=\"{a}-{id}\" data-p=\"{id}\">",
        id = escape(&paragraph.id)
    );
    let text = paragraph.text.as_str();
    // Byte offset of every char, and of the end.
    let bytes: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect();
    let len = bytes.len() - 1;
    for span in spans.iter_mut() {
        span.end = span.end.min(len);
        span.start = span.start.min(span.end);
    }
    let mut cuts: Vec<usize> = spans
        .iter()
        .filter(|s| s.start < s.end)
        .flat_map(|s| [s.start, s.end])
        .chain([0, len])
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    for piece in cuts.windows(2) {
        let (from, to) = (piece[0], piece[1]);
        let chunk = &text[bytes[from]..bytes[to]];
        let covering: Vec<&Span> = spans
            .iter()
            .filter(|s| s.start <= from && to <= s.end && s.start < s.end)
            .collect();
        let Some(worst) = covering.iter().map(|s| s.status).min_by_key(|s| rank(*s)) else {
            escape_into(out, chunk);
            continue;
        };
        let mut claims: Vec<usize> = covering.iter().map(|s| s.claim).collect();
        claims.dedup();
        let claim_keys: Vec<String> = claims.iter().map(|c| format!("{a}-c{c}")).collect();
        let evidence_keys: Vec<String> = covering
            .iter()
            .map(|s| format!("{a}-c{}-e{}", s.claim, s.evidence))
            .collect();
        let mut class = format!("span s-{worst}");
        if claims.len() > 1 {
            class.push_str(" multi");
        }
        // The status mark goes after the last piece of each span.
        if let Some(ending) = covering
            .iter()
            .filter(|s| s.end == to)
            .map(|s| s.status)
            .min_by_key(|s| rank(*s))
        {
            w!(class, " end e-{ending}");
        }
        w!(
            out,
            "<mark class=\"{class}\" tabindex=\"0\" data-c=\"{}\" data-e=\"{}\">",
            claim_keys.join(" "),
            evidence_keys.join(" ")
        );
        escape_into(out, chunk);
        out.push_str("</mark>");
    }
    w!(out, "</{tag}>\n");
}

fn render_claim(out: &mut String, a: &str, c: usize, claim: &ClaimView) {
    let key = format!("{a}-c{c}");
    let status = claim.status;
    w!(
        out,
        "<article class=\"claim s-{status}\" id=\"{key}\" data-status=\"{status}\">\n\
         <button type=\"button\" class=\"claim-head\" aria-describedby=\"{key}-text\">\
         <span class=\"badge s-{status}\"><span class=\"icon\" aria-hidden=\"true\">{}</span> {status}</span> \
         <code class=\"cid\">{}</code></button>\n\
         <p class=\"claim-text\" id=\"{key}-text\">{}</p>\n",
        claim_icon(status),
        escape(&claim.id),
        escape(&claim.text)
    );
    if let Some(note) = &claim.note {
        w!(out, "<p class=\"note\">{}</p>\n", escape(note));
    }
    if !claim.messages.is_empty() {
        out.push_str("<ul class=\"messages\">\n");
        for message in &claim.messages {
            w!(out, "<li>{}</li>\n", escape(message));
        }
        out.push_str("</ul>\n");
    }
    if !claim.evidence.is_empty() {
        out.push_str("<ol class=\"evidence\">\n");
        for (e, evidence) in claim.evidence.iter().enumerate() {
            render_evidence(out, &format!("{key}-e{e}"), evidence);
        }
        out.push_str("</ol>\n");
    }
    w!(
        out,
        "<p class=\"file\">in <code>{}</code></p>\n</article>\n",
        escape(&claim.annotations)
    );
}

fn render_evidence(out: &mut String, key: &str, evidence: &EvidenceView) {
    let status = evidence.status.as_str();
    w!(
        out,
        "<li class=\"ev x-{status}\"><span class=\"xbadge\"><span class=\"icon\" aria-hidden=\"true\">{}</span> {status}</span> ",
        evidence_icon(evidence.status)
    );
    match &evidence.found {
        Some(found) => {
            w!(
                out,
                "<button type=\"button\" class=\"loc\" data-e=\"{key}\" title=\"Show this passage\">{}:{}-{}</button>",
                escape(&found.paragraph),
                found.start,
                found.end
            );
        }
        None => out.push_str("<span class=\"loc none\">not in the article</span>"),
    }
    w!(out, "\n<q class=\"quote\">{}</q>", escape(&evidence.quote));
    if !evidence.diff.is_empty() {
        out.push_str("\n<p class=\"diff\"><span class=\"label\">The article reads:</span> ");
        for run in &evidence.diff {
            let text = escape(&run.text);
            match run.op {
                DiffOp::Equal => out.push_str(&text),
                DiffOp::Delete => {
                    w!(
                        out,
                        "<del title=\"in the quote, not in the article\">{text}</del>"
                    );
                }
                DiffOp::Insert => {
                    w!(
                        out,
                        "<ins title=\"in the article, not in the quote\">{text}</ins>"
                    );
                }
            }
        }
        out.push_str("</p>");
    }
    out.push_str("</li>\n");
}

// ---------------------------------------------------------------------------
// The adapter from check results. Everything above takes plain values; this
// is the only code that reads the pipeline's types.

use crate::address::ParagraphId;
use crate::diagnose::FileReport;
use crate::diagnostic::Diagnostic;
use crate::matching::Resolution;
use crate::source::Role as SourceRole;

impl HtmlReport {
    /// The report of a check run, one article per source, in the order
    /// the annotation files were found.
    pub fn from_files(files: &[FileReport]) -> HtmlReport {
        let mut report = HtmlReport::new();
        for file in files {
            report.add(file);
        }
        report
    }

    /// A report of no files yet.
    pub fn new() -> HtmlReport {
        HtmlReport::default()
    }

    /// Adds what the page shows of `file` (which can be dropped after: the
    /// page keeps what it shows, not the file's model and diagnostics).
    pub fn add(&mut self, file: &FileReport) {
        self.summary.add(file);
        let outcome = &file.outcome;
        let annotations = outcome.annotations.path().display().to_string();
        for problem in &outcome.problems {
            self.errors.push(input_error(problem, &annotations));
        }
        let Some(checked) = &outcome.checked else {
            return;
        };
        let source = &checked.source.source;
        let source_path = checked.source.file.path().display().to_string();
        let at = *self
            .article_of
            .entry(source_path.clone())
            .or_insert_with(|| {
                self.articles.push(ArticleView {
                    source: source_path,
                    paragraphs: source
                        .paragraphs
                        .iter()
                        .map(|p| ParagraphView {
                            id: ParagraphId(p.index).to_string(),
                            role: role(p.role),
                            text: p.text.clone(),
                        })
                        .collect(),
                    claims: Vec::new(),
                });
                self.articles.len() - 1
            });
        for (claim, verdict, claim_report) in file.claims() {
            let evidence = claim.evidence.iter().zip(&verdict.evidence).map(|(e, r)| {
                let found = r
                    .location()
                    .filter(|l| l.paragraph < source.paragraphs.len());
                let diff = match (r, found) {
                    (Resolution::Drifted { .. }, Some(l)) => word_diff(
                        &e.quote.value,
                        source.paragraphs[l.paragraph].slice_chars(l.chars()),
                    ),
                    _ => Vec::new(),
                };
                EvidenceView {
                    status: EvidenceStatus::of(r),
                    quote: e.quote.value.clone(),
                    found: found.map(|l| Found {
                        paragraph: ParagraphId(l.paragraph).to_string(),
                        start: l.start,
                        end: l.end,
                    }),
                    diff,
                }
            });
            self.articles[at].claims.push(ClaimView {
                id: claim.id.value.clone(),
                annotations: annotations.clone(),
                text: claim.text.value.clone(),
                note: claim.note.as_ref().map(|n| n.value.clone()),
                status: verdict.status,
                messages: claim_report
                    .diagnostics
                    .iter()
                    .map(|d| d.message.clone())
                    .collect(),
                evidence: evidence.collect(),
            });
        }
    }
}

impl Default for HtmlReport {
    fn default() -> HtmlReport {
        HtmlReport {
            version: VERSION,
            summary: Summary::default(),
            articles: Vec::new(),
            errors: Vec::new(),
            article_of: HashMap::new(),
        }
    }
}

/// How a paragraph of the source is drawn.
fn role(role: SourceRole) -> Role {
    match role {
        SourceRole::Heading { level } => Role::Heading { level },
        SourceRole::ListItem => Role::ListItem,
        SourceRole::BlockQuote => Role::Quote,
        _ => Role::Paragraph,
    }
}

fn input_error(problem: &Diagnostic, annotations: &str) -> InputError {
    let position = problem
        .primary
        .as_ref()
        .map(|label| label.file.line_column(label.span.start));
    InputError {
        file: Some(match &problem.primary {
            Some(label) => label.file.path().display().to_string(),
            None => annotations.to_owned(),
        }),
        line: position.map(|p| p.0),
        column: position.map(|p| p.1),
        code: problem.code.name().to_owned(),
        message: problem.message.clone(),
        help: problem.help.clone(),
    }
}

/// Runs of words, consecutive changes of one kind merged.
fn word_diff(old: &str, new: &str) -> Vec<DiffRun> {
    let mut runs: Vec<DiffRun> = Vec::new();
    for change in similar::TextDiff::from_words(old, new).iter_all_changes() {
        let op = match change.tag() {
            similar::ChangeTag::Equal => DiffOp::Equal,
            similar::ChangeTag::Delete => DiffOp::Delete,
            similar::ChangeTag::Insert => DiffOp::Insert,
        };
        match runs.last_mut() {
            Some(last) if last.op == op => last.text.push_str(change.value()),
            _ => runs.push(DiffRun {
                op,
                text: change.value().to_owned(),
            }),
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report_with(paragraph: &str, claims: Vec<ClaimView>) -> HtmlReport {
        HtmlReport {
            version: VERSION,
            summary: Summary::default(),
            articles: vec![ArticleView {
                source: "a.txt".into(),
                paragraphs: vec![ParagraphView {
                    id: "p1".into(),
                    role: Role::Paragraph,
                    text: paragraph.into(),
                }],
                claims,
            }],
            ..HtmlReport::default()
        }
    }

    fn claim(id: &str, status: ClaimStatus, start: usize, end: usize) -> ClaimView {
        ClaimView {
            id: id.into(),
            annotations: "a.json".into(),
            text: "t".into(),
            note: None,
            status,
            messages: Vec::new(),
            evidence: vec![EvidenceView {
                status: EvidenceStatus::Exact,
                quote: "q".into(),
                found: Some(Found {
                    paragraph: "p1".into(),
                    start,
                    end,
                }),
                diff: Vec::new(),
            }],
        }
    }

    /// The paragraph element's markup alone.
    fn paragraph_html(page: &str) -> &str {
        let start = page.find("<p class=\"para\"").unwrap_or(0);
        let end = page[start..]
            .find("</p>")
            .map_or(page.len(), |e| start + e + 4);
        &page[start..end]
    }

    #[test]
    fn a_page_written_in_pieces_is_the_page() {
        let report = report_with(
            "ab😀cdef",
            vec![
                claim("x", ClaimStatus::Verified, 1, 4),
                claim("y", ClaimStatus::Drifted, 3, 6),
            ],
        );
        let mut pieces = Vec::new();
        render_in_pieces(&report, &mut |piece| pieces.push(piece.to_owned()), 1);
        // One after the paragraph, one after each claim, the rest at the end.
        assert_eq!(pieces.len(), 4);
        assert_eq!(pieces.concat(), render(&report));
    }

    #[test]
    fn overlapping_spans_are_cut_at_every_boundary() {
        // "ab😀cdef": claim 0 covers chars 1..4, claim 1 covers 3..6.
        let page = render(&report_with(
            "ab😀cdef",
            vec![
                claim("x", ClaimStatus::Verified, 1, 4),
                claim("y", ClaimStatus::Drifted, 3, 6),
            ],
        ));
        assert_eq!(
            paragraph_html(&page),
            "<p class=\"para\" id=\"a0-p1\" data-p=\"p1\">a\
             <mark class=\"span s-verified\" tabindex=\"0\" data-c=\"a0-c0\" data-e=\"a0-c0-e0\">b😀</mark>\
             <mark class=\"span s-drifted multi end e-verified\" tabindex=\"0\" data-c=\"a0-c0 a0-c1\" data-e=\"a0-c0-e0 a0-c1-e0\">c</mark>\
             <mark class=\"span s-drifted end e-drifted\" tabindex=\"0\" data-c=\"a0-c1\" data-e=\"a0-c1-e0\">de</mark>\
             f</p>"
        );
    }

    #[test]
    fn headings_rank_below_the_page_headings() {
        let mut report = report_with("Fares", Vec::new());
        report.articles[0].paragraphs[0].role = Role::Heading { level: 1 };
        let page = render(&report);
        assert!(
            page.contains("<h3 class=\"para heading h1\" id=\"a0-p1\" data-p=\"p1\">Fares</h3>"),
            "{page}"
        );
    }

    #[test]
    fn spans_past_the_end_are_clipped() {
        let page = render(&report_with(
            "abc",
            vec![claim("x", ClaimStatus::Moved, 2, 99)],
        ));
        assert!(paragraph_html(&page).ends_with(">c</mark></p>"), "{page}");
    }

    #[test]
    fn text_keeps_one_char_per_char() {
        assert_eq!(
            escape("<a href='x'>&\"\r\0"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&#13;\u{FFFD}"
        );
    }

    #[test]
    fn word_diff_merges_runs() {
        let runs = word_diff("left 149 people dead", "left 145 people dead");
        let ops: Vec<(DiffOp, &str)> = runs.iter().map(|r| (r.op, r.text.as_str())).collect();
        assert_eq!(
            ops,
            [
                (DiffOp::Equal, "left "),
                (DiffOp::Delete, "149"),
                (DiffOp::Insert, "145"),
                (DiffOp::Equal, " people dead")
            ]
        );
    }
}
