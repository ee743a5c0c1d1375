//! HTML articles generated from bytes, each with the paragraphs a reader
//! sees in it, and an oracle that renders a slice of HTML without the
//! parser: the byte-mapping property of HTML sources is checked against
//! them (the `html_source` fuzz target, `tests/html_source.rs`).
//!
//! The documents use a known subset of HTML (blocks with and without end
//! tags, inline markup, entities, comments, `<br>`, furniture, hidden
//! text, footnote markers), so that the oracle can be a few string rules:
//! strip comments and tags, drop the few constructs that are never text,
//! decode the entities used here, read every whitespace run and `<br>` as
//! one space.

#![allow(dead_code)]

use claimcheck::source::{Source, SourceKind};

/// A generated document and the paragraph texts a reader sees in it, in
/// order.
pub struct Doc {
    pub html: String,
    pub paragraphs: Vec<String>,
}

/// Reads choices from the bytes; zeros once they run out.
struct Choices<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Choices<'_> {
    fn next(&mut self) -> u8 {
        let byte = self.bytes.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        byte
    }

    fn pick<'s>(&mut self, items: &[&'s str]) -> &'s str {
        items[usize::from(self.next()) % items.len()]
    }

    fn left(&self) -> bool {
        self.at < self.bytes.len()
    }
}

const WORDS: &[&str] = &[
    "Kabul",
    "the",
    "ministry",
    "said",
    "1989",
    "15,000",
    "café",
    "naïve",
    "Zürich",
    "Ελλάδα",
    "日本",
    "🇦🇫",
    "e\u{301}",
    "don't",
    "a>b",
    "x;y",
];

/// Entities, as written and as read.
pub const ENTITIES: &[(&str, &str)] = &[
    ("&amp;", "&"),
    ("&lt;", "<"),
    ("&gt;", ">"),
    ("&quot;", "\""),
    ("&nbsp;", "\u{a0}"),
    ("&#8220;", "\u{201c}"),
    ("&#x2014;", "\u{2014}"),
    ("&ldquo;", "\u{201c}"),
    ("&rsquo;", "\u{2019}"),
    ("&eacute;", "\u{e9}"),
    ("&#233;", "\u{e9}"),
    ("&#32;", " "),
    // HTML5 reads these few without `;`.
    ("&copy", "\u{a9}"),
    ("&amp", "&"),
];

const SPACES: &[&str] = &[" ", "  ", "\n", "\n    ", "\t", "\r\n", " \u{c} "];

/// One block's inline content: the HTML and the text a reader sees (with
/// whitespace not yet collapsed).
fn inline(choices: &mut Choices, depth: usize, html: &mut String, seen: &mut String) {
    let items = 1 + usize::from(choices.next() % 6);
    for _ in 0..items {
        match choices.next() % 20 {
            0..=6 => {
                let word = choices.pick(WORDS);
                html.push_str(&word.replace('&', "&amp;").replace('<', "&lt;"));
                seen.push_str(word);
            }
            7 | 8 => {
                let space = choices.pick(SPACES);
                html.push_str(space);
                seen.push(' ');
            }
            9 => {
                let (written, read) = ENTITIES[usize::from(choices.next()) % ENTITIES.len()];
                html.push_str(written);
                seen.push_str(read);
                // A name read without `;` takes no letter after it.
                if !written.ends_with(';') {
                    html.push(' ');
                    seen.push(' ');
                }
            }
            10 => {
                html.push_str(choices.pick(&["<br>", "<BR>", "<br/>"]));
                seen.push(' ');
            }
            11 if depth < 3 => {
                let (open, close) = match choices.next() % 7 {
                    0 => ("<b>", "</b>"),
                    1 => ("<EM>", "</em>"),
                    2 => (r#"<a href="/x" title="a > b">"#, "</a>"),
                    3 => ("<span class='x'>", "</span>"),
                    4 => ("<q>", "</q>"),
                    5 => ("<strong>", "</strong>"),
                    _ => ("<i>", "</I>"),
                };
                html.push_str(open);
                inline(choices, depth + 1, html, seen);
                html.push_str(close);
            }
            12 => html.push_str("<!-- note -->"),
            13 => html.push_str(r#"<img src="x.jpg" alt="a photo">"#),
            14 => html.push_str("<wbr>"),
            // Never text. (A marker inside a link is not one: a link
            // cannot hold another, so the parser closes the first.)
            15 if depth == 0 => html.push_str(r##"<sup><a href="#fn1">1</a></sup>"##),
            16 => html.push_str("<span hidden>hidden words</span>"),
            17 => html.push_str("<script>var p = '<p>x</p>';</script>"),
            _ => {
                let word = choices.pick(WORDS);
                html.push_str(&word.replace('&', "&amp;").replace('<', "&lt;"));
                seen.push_str(word);
            }
        }
    }
}

/// Whitespace runs as one space, none at either end.
pub fn collapse(text: &str) -> String {
    text.split(|c: char| c.is_ascii_whitespace())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A document of up to 12 blocks chosen by `bytes`.
pub fn generate(bytes: &[u8]) -> Doc {
    let mut choices = Choices { bytes, at: 0 };
    let mut html = String::new();
    let mut paragraphs = Vec::new();
    if choices.next() % 2 == 0 {
        html.push_str(
            "<!DOCTYPE html>\n<html><head><meta charset=utf-8><title>Title &amp; more</title>\
             <style>p { color: red }</style><script>if (a < b) {}</script></head>\n<body>\n",
        );
    }
    let mut leaf = |choices: &mut Choices, html: &mut String, open: &str, close: &str| {
        let mut seen = String::new();
        html.push_str(open);
        inline(choices, 0, html, &mut seen);
        html.push_str(close);
        let text = collapse(&seen);
        if !text.is_empty() {
            paragraphs.push(text);
        }
    };
    let blocks = 1 + usize::from(choices.next() % 12);
    for _ in 0..blocks {
        if !choices.left() {
            break;
        }
        match choices.next() % 12 {
            0 => leaf(&mut choices, &mut html, "<p>", "</p>\n"),
            // Closed by the next block's start tag.
            1 => leaf(&mut choices, &mut html, "<P class=lead>", "\n"),
            2 => leaf(&mut choices, &mut html, "<h2>", "</h2>\n"),
            3 => {
                html.push_str("<ul>\n");
                leaf(&mut choices, &mut html, "  <li>", "\n");
                leaf(&mut choices, &mut html, "  <li>", "</li>\n");
                html.push_str("</ul>\n");
            }
            4 => leaf(
                &mut choices,
                &mut html,
                "<blockquote><p>",
                "</p></blockquote>\n",
            ),
            5 => leaf(&mut choices, &mut html, "<div>", "</div>\n"),
            6 => {
                html.push_str("<table>\n<tr>");
                leaf(&mut choices, &mut html, "<th>", "");
                leaf(&mut choices, &mut html, "<td>", "</td>");
                html.push_str("</tr>\n</table>\n");
            }
            7 => leaf(&mut choices, &mut html, "<pre>", "</pre>\n"),
            8 => {
                html.push_str(r#"<figure><img src="a.jpg" alt="alt text">"#);
                leaf(&mut choices, &mut html, "<figcaption>", "</figcaption>");
                html.push_str("</figure>\n");
            }
            // Furniture and comments: never paragraphs.
            9 => html.push_str("<nav><ul><li><a href=/>Home</a></ul></nav>\n"),
            10 => html.push_str("<aside><p>Related story</p></aside><!-- <p>old</p> -->\n"),
            _ => html.push_str("<footer><p>&copy; 2025</p></footer>\n"),
        }
    }
    Doc { html, paragraphs }
}

/// What a reader sees of `html`, a slice of a generated document, read
/// without the parser: comments and tags removed (a `<br>` read as a
/// space), footnote markers, hidden spans and scripts dropped, the
/// entities of `ENTITIES` and numeric references decoded, whitespace runs
/// read as one space (kept at the ends: a slice may start or end in one).
pub fn render(html: &str) -> String {
    let mut html = html.to_owned();
    for (open, close) in [
        ("<!--", "-->"),
        ("<sup><a href=\"#", "</a></sup>"),
        ("<span hidden>", "</span>"),
        ("<script>", "</script>"),
    ] {
        while let Some(start) = html.find(open) {
            let Some(len) = html[start..].find(close) else {
                break;
            };
            html.replace_range(start..start + len + close.len(), "");
        }
    }
    let mut out = String::new();
    let mut rest = html.as_str();
    while let Some(c) = rest.chars().next() {
        if c == '<' {
            // A tag: up to the `>` outside quotes.
            let mut quote = None;
            let mut end = rest.len();
            for (i, b) in rest.char_indices().skip(1) {
                match (quote, b) {
                    (None, '"' | '\'') => quote = Some(b),
                    (Some(q), _) if q == b => quote = None,
                    (None, '>') => {
                        end = i + 1;
                        break;
                    }
                    _ => {}
                }
            }
            let name: String = rest[1..end]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            if name.eq_ignore_ascii_case("br") {
                out.push(' ');
            }
            rest = &rest[end..];
        } else if c == '&' {
            let numeric = rest
                .strip_prefix("&#")
                .and_then(|r| r.split_once(';'))
                .and_then(|(digits, _)| match digits.strip_prefix('x') {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => digits.parse().ok(),
                })
                .and_then(char::from_u32);
            if let Some(decoded) = numeric {
                out.push(decoded);
                rest = &rest[rest.find(';').map_or(rest.len(), |i| i + 1)..];
            } else if let Some((written, read)) = ENTITIES
                .iter()
                .find(|(written, _)| rest.starts_with(written))
            {
                out.push_str(read);
                rest = &rest[written.len()..];
            } else {
                out.push('&');
                rest = &rest[1..];
            }
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    // Collapse whitespace runs, keeping one at either end.
    let mut collapsed = String::new();
    let mut in_space = false;
    for c in out.chars() {
        if c.is_ascii_whitespace() {
            if !in_space {
                collapsed.push(' ');
            }
            in_space = true;
        } else {
            collapsed.push(c);
            in_space = false;
        }
    }
    collapsed
}

/// Parses `doc` and checks, with `render` as the oracle, that it has the
/// paragraphs a reader sees; that each paragraph's text is what its
/// `byte_range` renders to; and that the `file_bytes` of single chars and
/// of char ranges lie inside it and render to exactly those chars. Panics
/// with the document and the broken property.
pub fn check(doc: &Doc) {
    let html = doc.html.as_str();
    let source = Source::parse(html.to_owned(), SourceKind::Html);
    let texts: Vec<&str> = source.paragraphs.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(texts, doc.paragraphs, "paragraphs of {html:?}");
    for paragraph in &source.paragraphs {
        let id = paragraph.id();
        let range = paragraph.byte_range.clone();
        let rendered = html.get(range.clone()).map(render);
        assert_eq!(
            rendered.as_deref(),
            Some(paragraph.text.as_str()),
            "{id}: byte_range {range:?} of {html:?}"
        );
        let n = paragraph.char_len();
        // Every char, and every pair of up to 24 positions spread over it.
        let mut positions: Vec<usize> = (0..24).map(|k| k * n / 24).chain([n]).collect();
        positions.dedup();
        let singles = (0..n).map(|a| (a, a + 1));
        let pairs = positions
            .iter()
            .enumerate()
            .flat_map(|(k, &a)| positions[k + 1..].iter().map(move |&b| (a, b)));
        for (a, b) in singles.chain(pairs) {
            let bytes = paragraph.file_bytes(a..b);
            assert!(
                range.start <= bytes.start && bytes.end <= range.end,
                "{id}: file_bytes({a}..{b}) = {bytes:?} outside byte_range {range:?} of {html:?}"
            );
            let rendered = html.get(bytes.clone()).map(render);
            assert_eq!(
                rendered.as_deref(),
                Some(paragraph.slice_chars(a..b)),
                "{id}: file_bytes({a}..{b}) = {bytes:?} of {html:?}"
            );
        }
    }
}
