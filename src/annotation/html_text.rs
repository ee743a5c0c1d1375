//! The text of an HTML fragment, as a W3C `TextualBody` with `format:
//! text/html` carries the claim: tags removed (attribute values with them,
//! so `href="…2019…"` is not read as a fact), `script`/`style` content
//! dropped, entities decoded, whitespace runs read as one space. A claim is
//! a sentence or two, so this small reader is enough; sources are parsed
//! with a real HTML parser elsewhere.

/// The visible text of `html`.
pub(super) fn text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(['<', '&']) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if rest.starts_with('&') {
            let (decoded, used) = entity(rest);
            out.push_str(&decoded);
            rest = &rest[used..];
            continue;
        }
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
            continue;
        }
        let end = tag_end(rest);
        let tag = &rest[1..end.saturating_sub(1).max(1)];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        rest = &rest[end..];
        // Block-level tags and <br> separate words; inline ones do not.
        if is_block(&name) {
            out.push(' ');
        }
        if !tag.starts_with('/') && (name == "script" || name == "style") {
            let close = format!("</{name}");
            let lower = rest.to_ascii_lowercase();
            rest = match lower.find(&close) {
                Some(at) => &rest[at..],
                None => "",
            };
        }
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "br"
            | "hr"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "blockquote"
            | "pre"
            | "table"
            | "tr"
            | "td"
            | "th"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "figure"
            | "figcaption"
            | "script"
            | "style"
    )
}

/// The byte just after the tag that opens `text` (at its `<`): its `>`
/// outside quoted attribute values, or the end of the text.
fn tag_end(text: &str) -> usize {
    let mut quote = None;
    for (at, c) in text.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '>') => return at + 1,
            _ => {}
        }
    }
    text.len()
}

/// The entity that opens `text` (at its `&`), decoded, and its length; a
/// lone `&` is itself.
fn entity(text: &str) -> (String, usize) {
    let Some(end) = text[1..].find(';').map(|i| i + 1).filter(|&end| end <= 32) else {
        return ("&".into(), 1);
    };
    let name = &text[1..end];
    let decoded = if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => number.parse::<u32>().ok(),
        };
        code.and_then(char::from_u32).map(String::from)
    } else {
        named(name).map(String::from)
    };
    match decoded {
        Some(decoded) => (decoded, end + 1),
        None => ("&".into(), 1),
    }
}

/// The named entities a claim plausibly holds.
fn named(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" => "\u{a0}",
        "ndash" => "–",
        "mdash" => "—",
        "minus" => "−",
        "hellip" => "…",
        "lsquo" => "‘",
        "rsquo" => "’",
        "ldquo" => "“",
        "rdquo" => "”",
        "laquo" => "«",
        "raquo" => "»",
        "shy" => "\u{ad}",
        "percnt" => "%",
        "euro" => "€",
        "pound" => "£",
        "deg" => "°",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn strips_tags_and_attributes_and_decodes_entities() {
        let cases = [
            (
                r#"<p>The city <b>installed</b> 1,200 <a href="https://x.org/2019?a>b">panels</a>.</p>"#,
                "The city installed 1,200 panels.",
            ),
            (
                "Fish &amp; chips&nbsp;&#8212;&#x2014; &bogus; & more",
                "Fish & chips —— &bogus; & more",
            ),
            ("a<br/>b<script>var x = '<p>1999</p>';</script>c", "a b c"),
            ("<STYLE>p { x: 1 }</STYLE>Text<!-- 2024 -->.", "Text."),
            ("<b>in</b>stalled", "installed"),
            ("unclosed <b", "unclosed"),
            ("", ""),
        ];
        for (html, expected) in cases {
            assert_eq!(text(html), expected, "{html}");
        }
    }
}
