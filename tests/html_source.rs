//! HTML sources (CONTRACT §1): a saved news page read as a reader sees it,
//! paragraph by paragraph, every char mapped back to the bytes of the file;
//! and the byte-mapping property on generated pages.

mod common;
#[path = "../fuzz/fuzz_targets/common/mod.rs"]
mod fuzz_common;

use claimcheck::source::{Role, Source, SourceKind};
use common::{claimcheck, fixtures, statuses};
use fuzz_common::html_doc;
use proptest::prelude::*;
use serde_json::Value;

const ARTICLE: &str = include_str!("fixtures/html/article.html");

fn article() -> Source {
    Source::parse(ARTICLE.to_owned(), SourceKind::Html)
}

/// Each paragraph of the bundled page: its role, its text, and the bytes of
/// the file from its first text byte to its last.
const EXPECTED: &[(Role, &str, &str)] = &[
    (Role::Paragraph, "World › Asia", "World &#8250; Asia"),
    (
        Role::Heading { level: 1 },
        "Russia becomes first country to recognize Taliban government",
        "Russia becomes first country to recognize <em>Taliban</em> government",
    ),
    (
        Role::Paragraph,
        "By Jane Doe · July\u{a0}4, 2025",
        "By <a href=\"/staff/jane-doe\" title=\"Articles by Jane > all\">Jane Doe</a> &middot; \
         <time datetime=\"2025-07-04\">July&nbsp;4, 2025",
    ),
    (
        Role::Caption,
        "The Taliban flag flies over Kabul. Photo: A.\u{a0}Photographer",
        "The Taliban flag flies over Kabul.\n        <span class=\"credit\">Photo: A.&nbsp;Photographer",
    ),
    (
        Role::Paragraph,
        "On July 3, Russia became the first country to officially recognize the Taliban as the \
         government of Afghanistan.",
        "On July 3, Russia became the <em>first</em> country to officially recognize the Taliban \
         as the government of Afghanistan.",
    ),
    (
        Role::Paragraph,
        "The decision, announced by Russia’s Foreign Ministry, follows years of contacts—talks in \
         Moscow, visits to Kabul & trade deals.",
        "The decision, announced by Russia&rsquo;s Foreign Ministry, follows years of \
         contacts&#8212;talks in Moscow,<br>\n      visits to Kabul &amp; trade deals.",
    ),
    (
        Role::BlockQuote,
        "“We believe that the act of official recognition will give impetus to productive \
         bilateral cooperation,” the ministry said.",
        "&ldquo;We believe that the act of official recognition will give impetus to productive \
         bilateral cooperation,&rdquo; the ministry said.",
    ),
    (
        Role::Heading { level: 2 },
        "A long history",
        "A long history",
    ),
    (
        Role::Paragraph,
        "The Soviet Union invaded Afghanistan in 1979; its last soldier left in February\u{a0}1989.",
        "The Soviet Union invaded Afghanistan in 1979; its last soldier left in February&nbsp;1989.",
    ),
    (Role::ListItem, "1979: the invasion", "1979: the invasion"),
    (
        Role::ListItem,
        "1989: the withdrawal",
        "1989: the <strong>withdrawal",
    ),
    (Role::Caption, "Soviet losses", "Soviet losses"),
    (Role::TableCell { header: true }, "Years", "Years"),
    (
        Role::TableCell { header: true },
        "Soldiers killed",
        "Soldiers killed",
    ),
    (
        Role::TableCell { header: false },
        "1979–1989",
        "1979&ndash;1989",
    ),
    (
        Role::TableCell { header: false },
        "about 15,000",
        "about 15,000",
    ),
    (
        Role::Paragraph,
        "Read more in our archive.",
        "Read more in <a href=\"/archive\">our archive</a>.",
    ),
    (
        Role::Footnote,
        "Statement of the Russian Foreign Ministry, July\u{a0}3, 2025.",
        "Statement of the Russian Foreign Ministry, July&nbsp;3, 2025.",
    ),
];

#[test]
fn a_saved_news_page_reads_as_its_article() {
    let source = article();
    let got: Vec<(Role, &str, &str)> = source
        .paragraphs
        .iter()
        .map(|p| (p.role, p.text.as_str(), &ARTICLE[p.byte_range.clone()]))
        .collect();
    assert_eq!(got, EXPECTED);
    // Each byte range is where that source text is in the file (each is
    // there once).
    for (p, (_, _, bytes)) in source.paragraphs.iter().zip(EXPECTED) {
        assert_eq!(ARTICLE.matches(bytes).count(), 1, "{bytes:?}");
        assert_eq!(ARTICLE.find(bytes), Some(p.byte_range.start), "{}", p.id());
    }
    // Nothing of the head, the navigation, the site header and footer, the
    // forms, the hidden banner, the aside, the story footer or the footnote
    // marker.
    let all: String = source.paragraphs.iter().map(|p| p.text.as_str()).collect();
    for furniture in [
        "Daily Record",
        "Not a paragraph",
        "not text",
        "Skip to content",
        "World</a>",
        "Politics",
        "Search",
        "Go",
        "cookies",
        "Related",
        "three years",
        "Share",
        "Trending",
        "rights reserved",
        "Privacy",
        "Afghanistan.1",
        "flag over Kabul",
    ] {
        assert!(!all.contains(furniture), "{furniture:?} is in the text");
    }
}

#[test]
fn quotes_map_to_the_exact_bytes_of_the_page() {
    let source = article();
    let bytes_of = |p: usize, quote: &str| {
        let paragraph = &source.paragraphs[p];
        let at = paragraph.text.find(quote).expect("the quote is there");
        let start = paragraph.text[..at].chars().count();
        let end = start + quote.chars().count();
        &ARTICLE[paragraph.file_bytes(start..end)]
    };
    // Through an entity, an inline tag, a `<br>` with the whitespace
    // around it, and an entity at either end.
    assert_eq!(
        bytes_of(5, "Russia’s Foreign Ministry"),
        "Russia&rsquo;s Foreign Ministry"
    );
    assert_eq!(bytes_of(5, "contacts—talks"), "contacts&#8212;talks");
    assert_eq!(bytes_of(5, "Moscow, visits"), "Moscow,<br>\n      visits");
    assert_eq!(
        bytes_of(4, "the first country"),
        "the <em>first</em> country"
    );
    assert_eq!(bytes_of(6, "“We believe"), "&ldquo;We believe");
    assert_eq!(bytes_of(6, "cooperation,”"), "cooperation,&rdquo;");
    assert_eq!(bytes_of(8, "February\u{a0}1989"), "February&nbsp;1989");
    // A char of a multi-byte entity never maps to part of it.
    assert_eq!(bytes_of(0, "›"), "&#8250;");
}

/// `paragraphs --format json` lists the page's paragraphs with byte ranges
/// that hold exactly their text.
#[test]
fn paragraphs_command_on_an_html_page() {
    let dir = fixtures().join("html");
    let out = claimcheck(&dir, &["paragraphs", "article.html", "--format", "json"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let Value::Array(entries) = out.json() else {
        panic!("not an array: {}", out.stdout);
    };
    assert_eq!(entries.len(), EXPECTED.len());
    for (i, (entry, (_, text, bytes))) in entries.iter().zip(EXPECTED).enumerate() {
        let start = ARTICLE.find(bytes).expect("in the file");
        assert_eq!(entry["id"], format!("p{}", i + 1));
        assert_eq!(entry["text"], *text);
        assert_eq!(entry["start_byte"], start);
        assert_eq!(entry["end_byte"], start + bytes.len());
    }
}

/// Annotations on an HTML page check like any other source: a quote copied
/// from the rendered page is found where it is.
#[test]
fn check_an_annotation_of_an_html_page() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("article.html"), ARTICLE).expect("write");
    let annotations = r#"{
  "source": "article.html",
  "claims": [
    {
      "id": "first",
      "claim": "On July 3, Russia became the first country to recognize the Taliban government.",
      "evidence": [{ "quote": "On July 3, Russia became the first country to officially recognize the Taliban", "paragraph": "p5", "start": 0, "end": 78 }]
    },
    {
      "id": "ministry",
      "claim": "Russia's Foreign Ministry announced the decision.",
      "evidence": [{ "quote": "announced by Russia's Foreign Ministry" }]
    },
    {
      "id": "losses",
      "claim": "About 15,000 Soviet soldiers were killed in 1979-1989.",
      "evidence": [{ "quote": "Soviet losses" }, { "quote": "1979–1989" }, { "quote": "about 15,000" }, { "quote": "Soldiers killed" }]
    }
  ]
}"#;
    std::fs::write(dir.path().join("claims.json"), annotations).expect("write");
    let out = claimcheck(dir.path(), &["check", "claims.json", "--format", "json"]);
    let report = out.json();
    assert_eq!(
        statuses(&report),
        [
            ("first".to_owned(), "verified".to_owned()),
            ("ministry".to_owned(), "verified".to_owned()),
            ("losses".to_owned(), "verified".to_owned()),
        ],
        "{}",
        out.stdout
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let found = &report["files"][0]["claims"][1]["evidence"][0]["found"];
    assert_eq!(found["paragraph"], "p6");
    assert_eq!(found["start"], 14);
    assert_eq!(found["end"], 52);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Generated pages (blocks with and without end tags, inline markup,
    /// entities, comments, `<br>`, furniture, hidden text, footnote
    /// markers): the paragraphs a reader sees, each paragraph's text is its
    /// byte range rendered by an oracle that does not use the parser, and
    /// the bytes of every char and char range render to exactly those chars.
    #[test]
    fn generated_pages_map_every_char_to_its_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..160)) {
        html_doc::check(&html_doc::generate(&bytes));
    }

    /// Anything at all: no panic, and the invariants every source keeps
    /// (byte ranges in order on char boundaries, char ranges mapping inside
    /// them, monotone).
    #[test]
    fn arbitrary_text_parses_without_panic(text in r#"(<[/!]?[a-zA-Z0-9 ="'#&;-]{0,12}>?|&[#a-zA-Z0-9]{0,8};?|[ \t\r\n]|[a-z<>&]|[éü日🇦\u{0}\u{a0}\u{feff}])*"#) {
        fuzz_common::check_source(&text, SourceKind::Html);
    }
}
