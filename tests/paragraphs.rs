//! `claimcheck paragraphs SOURCE` (CONTRACT §1, §6): how a source splits into
//! addressable paragraphs p1…pN, their text, bytes and fingerprints.

mod common;

use std::path::Path;

use common::{claimcheck, fixtures, repo};
use serde_json::{Value, json};

/// `paragraphs PATH --format json` from `dir`: exits 0 with a JSON array.
fn list(dir: &Path, path: &str) -> Vec<Value> {
    let out = claimcheck(dir, &["paragraphs", path, "--format", "json"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.stderr, "");
    match out.json() {
        Value::Array(entries) => entries,
        other => panic!("not an array: {other}"),
    }
}

fn texts(entries: &[Value]) -> Vec<&str> {
    entries
        .iter()
        .map(|e| e["text"].as_str().unwrap_or_default())
        .collect()
}

fn fingerprints(entries: &[Value]) -> Vec<&str> {
    entries
        .iter()
        .map(|e| e["fingerprint"].as_str().unwrap_or_default())
        .collect()
}

/// The file bytes an entry claims to come from.
fn slice<'f>(file: &'f [u8], entry: &Value) -> &'f str {
    let start = entry["start_byte"].as_u64().expect("start_byte") as usize;
    let end = entry["end_byte"].as_u64().expect("end_byte") as usize;
    assert!(start <= end && end <= file.len(), "{entry}");
    std::str::from_utf8(&file[start..end]).expect("whole chars")
}

/// Every entry has exactly the contract's fields, ids p1…pN in order,
/// byte ranges in order without overlap, and a 16-hex-digit fingerprint.
fn assert_well_formed(entries: &[Value], file: &[u8]) {
    let mut previous_end = 0;
    for (i, entry) in entries.iter().enumerate() {
        let keys: Vec<&str> = entry
            .as_object()
            .expect("an object")
            .keys()
            .map(String::as_str)
            .collect();
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        assert_eq!(
            sorted,
            ["end_byte", "fingerprint", "id", "start_byte", "text"],
            "{entry}"
        );
        assert_eq!(entry["id"], format!("p{}", i + 1));
        let start = entry["start_byte"].as_u64().expect("start") as usize;
        let end = entry["end_byte"].as_u64().expect("end") as usize;
        assert!(
            previous_end <= start && start < end && end <= file.len(),
            "{entry}"
        );
        previous_end = end;
        let fingerprint = entry["fingerprint"].as_str().expect("fingerprint");
        assert!(
            fingerprint.len() == 16 && fingerprint.bytes().all(|b| b.is_ascii_hexdigit()),
            "{fingerprint}"
        );
    }
}

fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) {
    std::fs::write(dir.join(name), contents).expect("write");
}

// ---------------------------------------------------------------------------
// Plain text

#[test]
fn plain_text_lines_with_bom_crlf_blanks_and_trailing_whitespace() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file =
        "\u{feff}The council met.  \r\n\r\n \t \r\n  Indented — kept.\t\r\nNo newline at the end";
    write(dir.path(), "plain.txt", file);
    let entries = list(dir.path(), "plain.txt");
    assert_eq!(
        entries,
        [
            json!({"id": "p1", "text": "The council met.", "start_byte": 3, "end_byte": 19,
                   "fingerprint": "59dbd725cdf85dc9"}),
            json!({"id": "p2", "text": "  Indented — kept.", "start_byte": 30, "end_byte": 50,
                   "fingerprint": "e8c2eff513b146ca"}),
            json!({"id": "p3", "text": "No newline at the end", "start_byte": 53, "end_byte": 74,
                   "fingerprint": "f1a0222d98a6d2a1"}),
        ]
    );
    assert_well_formed(&entries, file.as_bytes());
    // Each paragraph is exactly its bytes in the file: no BOM, no `\r`, no
    // trailing blanks; leading blanks are kept.
    for entry in &entries {
        assert_eq!(slice(file.as_bytes(), entry), entry["text"], "{entry}");
    }

    let out = claimcheck(dir.path(), &["paragraphs", "plain.txt"]);
    assert_eq!(out.code, Some(0));
    assert_eq!(out.stderr, "");
    assert_eq!(
        out.stdout,
        "p1    bytes      3..19        16 chars  59dbd725cdf85dc9  The council met.\n\
         p2    bytes     30..50        18 chars  e8c2eff513b146ca    Indented — kept.\n\
         p3    bytes     53..74        21 chars  f1a0222d98a6d2a1  No newline at the end\n\
         3 paragraphs\n"
    );
}

#[test]
fn the_same_lines_give_the_same_paragraphs_whatever_the_line_ends() {
    let dir = tempfile::tempdir().expect("temp dir");
    let lf = "One.\n\nTwo — “three”.\n";
    write(dir.path(), "lf.txt", lf);
    write(dir.path(), "crlf.txt", lf.replace('\n', "\r\n"));
    write(dir.path(), "bom.txt", format!("\u{feff}{lf}"));
    let expected = list(dir.path(), "lf.txt");
    for name in ["crlf.txt", "bom.txt"] {
        let entries = list(dir.path(), name);
        assert_eq!(texts(&entries), texts(&expected), "{name}");
        assert_eq!(fingerprints(&entries), fingerprints(&expected), "{name}");
    }
}

#[test]
fn an_empty_source_has_no_paragraphs() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "empty.txt", "");
    write(dir.path(), "blank.txt", "\u{feff}\r\n  \n\t\n");
    for name in ["empty.txt", "blank.txt", "empty.md"] {
        if name == "empty.md" {
            write(dir.path(), name, "```\ncode only\n```\n");
        }
        assert_eq!(list(dir.path(), name), Vec::<Value>::new(), "{name}");
        let out = claimcheck(dir.path(), &["paragraphs", name]);
        assert_eq!(out.code, Some(0));
        assert_eq!(out.stdout, "0 paragraphs\n");
    }
}

// ---------------------------------------------------------------------------
// Markdown

#[test]
fn markdown_leaf_blocks_are_paragraphs_of_reader_visible_text() {
    let dir = fixtures().join("paragraphs");
    let file = std::fs::read(dir.join("article.md")).expect("fixture");
    let entries = list(&dir, "article.md");
    assert_eq!(
        texts(&entries),
        [
            // A heading, emphasis removed.
            "Solar power report",
            // Strong emphasis removed, the soft break read as a space, `&amp;` decoded.
            "The city installed 1,200 new panels on public buildings & schools, the mayor said.",
            // A block quote's paragraph, without the `>`; `&mdash;` decoded.
            "Officials expect the program to save money — soon.",
            // Tight list items, inline code kept as its text.
            "a tight item",
            "another item",
            // Loose list items.
            "A loose item.",
            "Another loose item.",
            // Table cells (fenced code, indented code and the HTML block are skipped).
            "Year",
            "Panels",
            "2024",
            "1,200",
            // A link's text; the hard break read as a space.
            "Read the report for details. A hard break reads as a space.",
            // A setext heading.
            "Closing remark",
        ]
    );
    assert_well_formed(&entries, &file);
    // Every paragraph's bytes hold its source form (markup and all).
    let sources = [
        "# Solar *power* report",
        "The city installed **1,200** new panels\non public buildings &amp; schools, the mayor said.",
        "Officials expect the program\n> to save money &mdash; soon.",
        "a tight *item",
        "another `item`",
        "A loose item.",
        "Another loose item.",
        "Year",
        "Panels",
        "2024",
        "1,200",
        "Read [the report](https://example.org/report) for details.  \nA hard break reads as a space.",
        "Closing remark\n==============",
    ];
    for (entry, source) in entries.iter().zip(sources) {
        assert!(
            slice(&file, entry).contains(source),
            "{} is {:?}, not around {source:?}",
            entry["id"],
            slice(&file, entry)
        );
    }
    // Nothing from the code and HTML blocks leaks in.
    for entry in &entries {
        let text = entry["text"].as_str().unwrap_or_default();
        assert!(!text.contains("not a paragraph"), "{text}");
    }
}

#[test]

fn markdown_byte_ranges_cover_exactly_the_paragraph() {
    let dir = fixtures().join("paragraphs");
    let file = std::fs::read(dir.join("article.md")).expect("fixture");
    let entries = list(&dir, "article.md");
    for entry in &entries {
        let bytes = slice(&file, entry);
        assert_eq!(
            bytes,
            bytes.trim(),
            "{} has blanks at its edges",
            entry["id"]
        );
    }
    assert_eq!(slice(&file, &entries[3]), "a tight *item*");
    assert_eq!(slice(&file, &entries[10]), "1,200");
    assert!(slice(&file, &entries[0]).ends_with("# Solar *power* report"));
}

#[test]
fn markdown_with_bom_and_crlf() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = "\u{feff}# Title\r\n\r\nOne\r\ntwo &amp; *three*\r\n\r\n- item\r\n";
    write(dir.path(), "doc.md", file);
    let entries = list(dir.path(), "doc.md");
    assert_eq!(texts(&entries), ["Title", "One two & three", "item"]);
    assert_well_formed(&entries, file.as_bytes());
    // The first paragraph starts after the BOM.
    assert!(entries[0]["start_byte"].as_u64() >= Some(3));
    assert!(slice(file.as_bytes(), &entries[1]).starts_with("One\r\ntwo &amp; *three"));
    assert_eq!(slice(file.as_bytes(), &entries[2]), "item");
}

#[test]
fn the_extension_decides_markdown_or_plain_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = "# Title *here*\n\nSome **bold**\ntext.\n";
    for name in ["a.md", "a.markdown", "a.MD", "a.txt", "a"] {
        write(dir.path(), name, text);
    }
    for name in ["a.md", "a.markdown", "a.MD"] {
        assert_eq!(
            texts(&list(dir.path(), name)),
            ["Title here", "Some bold text."],
            "{name}"
        );
    }
    for name in ["a.txt", "a"] {
        assert_eq!(
            texts(&list(dir.path(), name)),
            ["# Title *here*", "Some **bold**", "text."],
            "{name}"
        );
    }
}

// ---------------------------------------------------------------------------
// Fingerprints

#[test]
fn fingerprints_ignore_typography_and_catch_real_edits() {
    let dir = tempfile::tempdir().expect("temp dir");
    let curly = [
        "It’s “done” — now…",
        "Caf\u{e9} au lait",
        "Two\u{a0}spaces  and\ta tab",
        "A minus − sign and an en – dash",
    ];
    let plain = [
        "It's \"done\" - now...",
        "Cafe\u{301} au lait",
        "Two spaces and a tab",
        "A minus - sign and an en - dash",
    ];
    let edited = [
        "It's \"done\" - now!",
        "Cafe au lait",
        "Two spaces and one tab",
        "A minus - sign and an em - dash",
    ];
    write(dir.path(), "curly.txt", curly.join("\n"));
    write(dir.path(), "plain.txt", plain.join("\n"));
    write(dir.path(), "edited.txt", edited.join("\n"));
    let curly = list(dir.path(), "curly.txt");
    let plain = list(dir.path(), "plain.txt");
    let edited = list(dir.path(), "edited.txt");
    assert_eq!(curly.len(), 4);
    assert_eq!(
        fingerprints(&curly),
        fingerprints(&plain),
        "typography only"
    );
    for (a, b) in curly.iter().zip(&edited) {
        assert_ne!(
            a["fingerprint"], b["fingerprint"],
            "{} vs {}",
            a["text"], b["text"]
        );
    }
    // The original text is listed, not the normalized one.
    assert_eq!(curly[0]["text"], "It’s “done” — now…");
}

#[test]
fn fingerprints_keep_case_and_ignore_where_the_paragraph_is() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "a.txt", "First.\nThe Mayor spoke.\n");
    write(
        dir.path(),
        "b.txt",
        "The mayor spoke.\n\n\nInserted.\nFirst.\n",
    );
    let a = list(dir.path(), "a.txt");
    let b = list(dir.path(), "b.txt");
    // Same text, other address: same fingerprint.
    assert_eq!(a[0]["fingerprint"], b[2]["fingerprint"]);
    // Case is kept.
    assert_ne!(a[1]["fingerprint"], b[0]["fingerprint"]);
}

#[test]
fn markdown_and_plain_text_with_the_same_visible_text_share_fingerprints() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "a.md",
        "## Budget *news*\n\nThe council approved **15,000**\ndollars &amp; more.\n",
    );
    write(
        dir.path(),
        "a.txt",
        "Budget news\nThe council approved 15,000 dollars & more.\n",
    );
    let md = list(dir.path(), "a.md");
    let txt = list(dir.path(), "a.txt");
    assert_eq!(texts(&md), texts(&txt));
    assert_eq!(fingerprints(&md), fingerprints(&txt));
}

// ---------------------------------------------------------------------------
// The bundled article, and files that cannot be read

#[test]
fn bundled_article() {
    let path = "sources/russia-recognizes-taliban.txt";
    let file = std::fs::read(repo().join(path)).expect("the bundled article");
    let entries = list(&repo(), path);
    assert_eq!(entries.len(), 25);
    assert_well_formed(&entries, &file);
    for entry in &entries {
        assert_eq!(slice(&file, entry), entry["text"], "{}", entry["id"]);
    }
    assert_eq!(
        entries[1]["text"]
            .as_str()
            .map(|t| t.starts_with("On July 3, Russia became the first country")),
        Some(true)
    );

    let out = claimcheck(&repo(), &["paragraphs", path]);
    assert_eq!(out.code, Some(0));
    assert_eq!(out.stderr, "");
    insta::assert_snapshot!("bundled_article_human", out.stdout);
}

#[test]
fn a_missing_file_exits_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    for format in ["human", "json"] {
        let out = claimcheck(dir.path(), &["paragraphs", "nope.txt", "--format", format]);
        assert_eq!(out.code, Some(2), "{format}");
        assert!(!out.stdout.contains("nope.txt"), "no diagnostics on stdout");
        assert_eq!(
            out.stderr,
            "claimcheck::io (docs/codes.md#io)\n\n  × cannot read source `nope.txt`: no such file or folder\n\n",
            "{format}"
        );
    }
}

#[test]
fn a_folder_or_a_file_that_is_not_utf8_exits_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("folder.md")).expect("mkdir");
    write(dir.path(), "latin1.txt", b"caf\xe9\n");
    let out = claimcheck(dir.path(), &["paragraphs", "folder.md"]);
    assert_eq!(out.code, Some(2));
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr
            .contains("× cannot read source `folder.md`: it is a folder, not a file"),
        "{}",
        out.stderr
    );
    let out = claimcheck(dir.path(), &["paragraphs", "latin1.txt"]);
    assert_eq!(out.code, Some(2));
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr.contains(
            "× cannot read source `latin1.txt`: it is not UTF-8 text (invalid byte at offset 3)"
        ),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("help: save the file as UTF-8"),
        "{}",
        out.stderr
    );
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = claimcheck(dir.path(), &["paragraphs"]);
    assert_eq!(out.code, Some(2), "a missing SOURCE is a usage error");
    write(dir.path(), "a.txt", "x\n");
    let out = claimcheck(dir.path(), &["paragraphs", "a.txt", "--format", "xml"]);
    assert_eq!(out.code, Some(2), "an unknown format is a usage error");
}
