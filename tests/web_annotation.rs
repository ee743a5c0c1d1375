//! W3C Web Annotation files in place of claimcheck's own format (CONTRACT §3,
//! last bullet): one `Annotation`, an array, or an `AnnotationCollection`;
//! `TextQuoteSelector`s are the evidence, a `TextPositionSelector` a
//! document-level hint; `target.source` is resolved relative to the file
//! unless `--source` is given.

mod common;
#[path = "schemas/w3c_musts.rs"]
mod w3c_musts;

use std::path::{Path, PathBuf};

use common::{Output, claimcheck, fixtures, repo, statuses};
use serde_json::{Value, json};

fn w3c() -> PathBuf {
    fixtures().join("w3c")
}

/// `check ARGS --format json` from `dir`: exits `code`, valid JSON on stdout.
fn report(dir: &Path, args: &[&str], code: i32) -> Value {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let out = claimcheck(dir, &all);
    assert_eq!(out.code, Some(code), "`{}`:\n{}", all.join(" "), out.stderr);
    assert_eq!(out.stderr, "");
    out.json()
}

/// `check ARGS` from `dir`, human output: exits `code`, nothing on stdout.
fn human(dir: &Path, args: &[&str], code: i32) -> Output {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    let out = claimcheck(dir, &all);
    assert_eq!(out.code, Some(code), "`{}`:\n{}", all.join(" "), out.stderr);
    assert_eq!(out.stdout, "");
    out
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

/// `(paragraph, start, end)` of evidence `e` of claim `c` of the first file.
fn found(report: &Value, c: usize, e: usize) -> (String, u64, u64) {
    let found = &report["files"][0]["claims"][c]["evidence"][e]["found"];
    (
        found["paragraph"].as_str().unwrap_or_default().to_owned(),
        found["start"].as_u64().unwrap_or(u64::MAX),
        found["end"].as_u64().unwrap_or(u64::MAX),
    )
}

fn at(paragraph: &str, start: u64, end: u64) -> (String, u64, u64) {
    (paragraph.to_owned(), start, end)
}

/// 1-based line and char column of the only occurrence of `needle`.
fn position(text: &str, needle: &str) -> (usize, usize) {
    let hits: Vec<usize> = text.match_indices(needle).map(|(i, _)| i).collect();
    assert_eq!(hits.len(), 1, "{needle:?} must occur once");
    let before = &text[..hits[0]];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

#[test]
fn a_single_annotation_with_quote_and_position_verifies() {
    let report = report(&w3c(), &["single.json"], 0);
    let file = &report["files"][0];
    assert_eq!(file["annotations"], "single.json");
    assert_eq!(file["source"], "article.txt");
    assert_eq!(file["errors"], json!([]));
    assert_eq!(
        file["claims"],
        json!([{
            "id": "http://example.org/anno/panels",
            "status": "verified",
            "evidence": [{
                "status": "exact",
                "found": {"paragraph": "p2", "start": 9, "end": 35, "line": 2, "column": 10},
            }],
            "messages": [],
            "facts_missing": [],
        }])
    );
    let out = human(&w3c(), &["single.json"], 0);
    assert_eq!(out.stderr, "✓ 1 claim in 1 file: 1 verified\n");
}

#[test]
fn an_array_of_annotations_gets_every_verdict() {
    let report = report(&w3c(), &["array.json"], 1);
    assert_eq!(report["files"][0]["source"], "article.txt");
    assert_eq!(
        statuses(&report),
        pairs(&[
            ("growth", "verified"),
            ("savings", "moved"),
            ("expectation", "drifted"),
            ("which-city", "ambiguous"),
        ])
    );
    let claims = &report["files"][0]["claims"];
    assert_eq!(found(&report, 0, 0), at("p1", 0, 21));
    // The position (document chars 0-22) is stale: the quote is in p3 now.
    assert_eq!(claims[1]["evidence"][0]["status"], "moved");
    assert_eq!(found(&report, 1, 0), at("p3", 32, 54));
    assert_eq!(
        claims[1]["messages"],
        json!(["claim `savings`: the quote moved from document offsets 0-22 to p3:32-54"])
    );
    // Drifted: the closest passage and what it says now.
    assert_eq!(
        claims[2]["evidence"][0],
        json!({
            "status": "drifted",
            "found": {"paragraph": "p3", "start": 0, "end": 54, "line": 3, "column": 1},
            "edits": 8,
            "text": "Officials expect the program to save 3 million dollars",
        })
    );
    // "city" is in p1 and p2, and nothing says which.
    assert_eq!(claims[3]["evidence"][0]["occurrences"], 2);
    assert_eq!(found(&report, 3, 0), at("p1", 29, 33));
    assert_eq!(report["summary"]["warnings"], 1);
    assert_eq!(report["summary"]["errors"], 2);

    // People see the same, with labels on the quotes in the annotation file.
    let text = std::fs::read_to_string(w3c().join("array.json")).expect("fixture");
    let out = human(&w3c(), &["array.json"], 1);
    let (line, column) = position(&text, "\"Officials hope the program will");
    for expected in [
        "⚠ claim `savings`: the quote moved from document offsets 0-22 to p3:32-54".to_owned(),
        "× claim `expectation`: the quote is no longer in the source; the closest passage, in p3:0-54,".to_owned(),
        format!("╭─[array.json:{line}:{column}]"),
        "help: the source now reads: Officials [-hope-]{+expect+} the program [-will-]{+to+} save 3".to_owned(),
        "× claim `which-city`: the quote occurs 2 times and no hint decides which".to_owned(),
        "╭─[article.txt:3:1]".to_owned(),
    ] {
        assert!(out.stderr.contains(&expected), "{expected}\n{}", out.stderr);
    }
    assert!(
        out.stderr
            .ends_with("✗ 4 claims in 1 file: 1 verified, 1 moved, 1 ambiguous, 1 drifted\n"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_collection_in_a_subfolder_resolves_its_source_relative_to_itself() {
    let expected = pairs(&[
        ("panels", "verified"),
        ("deadline", "verified"),
        ("which-city", "verified"),
    ]);
    // Wherever it is run from, `../article.txt` is next to the file's folder.
    for (dir, path, source) in [
        (w3c(), "nested/collection.json", "article.txt"),
        (w3c().join("nested"), "collection.json", "../article.txt"),
        (
            repo(),
            "tests/fixtures/w3c/nested/collection.json",
            "tests/fixtures/w3c/article.txt",
        ),
    ] {
        let report = report(&dir, &[path], 0);
        assert_eq!(report["files"][0]["annotations"], path);
        assert_eq!(report["files"][0]["source"], source);
        assert_eq!(statuses(&report), expected);
        assert_eq!(found(&report, 0, 0), at("p2", 9, 35));
        assert_eq!(found(&report, 1, 0), at("p3", 37, 62));
        // "city" is in p1 and p2: the TextPositionSelector (document chars
        // 49-53) picks the one in p2.
        assert_eq!(found(&report, 2, 0), at("p2", 4, 8));
        assert_eq!(
            report["files"][0]["claims"][2]["evidence"][0]["status"],
            "exact"
        );
    }
}

#[test]
fn source_option_overrides_target_source() {
    let report1 = report(&w3c(), &["single.json", "--source", "revised.txt"], 1);
    assert_eq!(report1["files"][0]["source"], "revised.txt");
    assert_eq!(
        report1["files"][0]["claims"][0]["evidence"][0],
        json!({
            "status": "drifted",
            "found": {"paragraph": "p3", "start": 9, "end": 35, "line": 3, "column": 10},
            "edits": 1,
            "text": "installed 1,300 new panels",
        })
    );

    let report2 = report(
        &w3c(),
        &["nested/collection.json", "--source", "revised.txt"],
        1,
    );
    assert_eq!(report2["files"][0]["source"], "revised.txt");
    assert_eq!(
        statuses(&report2),
        pairs(&[
            ("panels", "drifted"),
            ("deadline", "moved"),
            // "city" is in the revision twice, and the position hint points
            // at neither; but the file's own revision is readable, and the
            // diff between the two says which occurrence is this one.
            ("which-city", "moved"),
        ])
    );
    // The sentence moved to the top: the recorded position is stale.
    assert_eq!(found(&report2, 1, 0), at("p1", 37, 62));
    // The summary counts every file checked against the override.
    let both = report(
        &w3c(),
        &["single.json", "array.json", "--source", "revised.txt"],
        1,
    );
    let sources: Vec<&Value> = both["files"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| &f["source"])
        .collect();
    assert_eq!(sources, [&json!("revised.txt"), &json!("revised.txt")]);
    assert_eq!(both["summary"]["claims"], 5);
}

#[test]
fn source_option_needs_no_target_source_at_all() {
    let report = report(&w3c(), &["nosource.json", "--source", "article.txt"], 0);
    assert_eq!(report["files"][0]["source"], "article.txt");
    assert_eq!(statuses(&report), pairs(&[("panels", "verified")]));
    assert_eq!(found(&report, 0, 0), at("p2", 9, 35));
}

#[test]
fn no_source_and_no_source_option_is_an_input_error() {
    let report = report(&w3c(), &["nosource.json"], 2);
    assert_eq!(
        report["files"],
        json!([{
            "annotations": "nosource.json",
            "source": null,
            "claims": [],
            "errors": [{
                "code": "claimcheck::source",
                "severity": "error",
                "message": "the annotation file names no source",
                "line": 1,
                "column": 1,
                "help": "add a `source` (W3C: `target.source`) or pass `--source FILE`",
            }],
        }])
    );
    let out = human(&w3c(), &["nosource.json"], 2);
    insta::assert_snapshot!("no_source_human", out.stderr);
}

#[test]
fn missing_target_source_points_at_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = r#"{
  "@context": "http://www.w3.org/ns/anno.jsonld",
  "id": "panels",
  "type": "Annotation",
  "bodyValue": "The city installed 1,200 new panels.",
  "target": {
    "source": "gone.txt",
    "selector": {"type": "TextQuoteSelector", "exact": "installed 1,200 new panels"}
  }
}
"#;
    std::fs::write(dir.path().join("a.json"), text).expect("write");
    let (line, column) = position(text, "\"gone.txt\"");
    let report = report(dir.path(), &["a.json"], 2);
    let error = &report["files"][0]["errors"][0];
    assert_eq!(
        error["message"],
        "cannot read source `gone.txt`: no such file or folder"
    );
    assert_eq!(
        (error["line"].clone(), error["column"].clone()),
        (json!(line), json!(column))
    );
    let out = human(dir.path(), &["a.json"], 2);
    assert!(
        out.stderr.contains(&format!("╭─[a.json:{line}:{column}]")),
        "{}",
        out.stderr
    );
}

#[test]
fn schema_errors_in_w3c_files_are_located() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(w3c().join("article.txt"), dir.path().join("article.txt")).expect("copy");
    let cases = [
        (
            r#"[
  {"type": "Annotation", "id": "a", "bodyValue": "A.",
   "target": ["article.txt", {"source": "other.txt"}]}
]"#,
            "\"other.txt\"",
            "the targets of annotation `a` name two different sources",
            Some(
                "the first is \"article.txt\", on line 3; an annotation is checked against one article: make one annotation per source",
            ),
        ),
        (
            r#"{"type": "Annotation", "id": "a", "bodyValue": "A.",
 "target": {"source": "article.txt", "selector": {"type": "TextQuoteSelector", "exact": ""}}}"#,
            "\"\"",
            "`exact` must not be empty",
            None,
        ),
        (
            r#"{"type": "Annotation", "id": "a", "bodyValue": "A.",
 "target": {"source": "article.txt", "selector": [
   {"type": "TextQuoteSelector", "exact": "city"},
   {"type": "TextPositionSelector", "start": 53, "end": 49}]}}"#,
            "53, \"end\": 49",
            "`start` (53) is after `end` (49)",
            Some("the offsets are reversed; swap them"),
        ),
        (
            r#"[
  {"type": "Annotation", "id": "a", "bodyValue": "A.", "target": "article.txt"},
  {"type": "Annotation", "id": "a", "bodyValue": "B.", "target": "article.txt"}
]"#,
            "\"a\", \"bodyValue\": \"B.\"",
            "duplicate claim id `a`",
            Some("the first claim with this id is on line 2"),
        ),
    ];
    for (text, needle, message, help) in cases {
        std::fs::write(dir.path().join("a.json"), text).expect("write");
        let (line, column) = position(text, needle);
        let report = report(dir.path(), &["a.json"], 2);
        let mut expected = json!({
            "code": "claimcheck::schema",
            "severity": "error",
            "message": message,
            "line": line,
            "column": column,
        });
        if let Some(help) = help {
            expected["help"] = json!(help);
        }
        assert_eq!(report["files"][0]["errors"], json!([expected]), "{text}");
        let out = human(dir.path(), &["a.json"], 2);
        assert!(
            out.stderr.contains(&format!("╭─[a.json:{line}:{column}]")),
            "{}",
            out.stderr
        );
    }
}

#[test]

fn moved_w3c_evidence_points_at_the_stale_position() {
    let text = std::fs::read_to_string(w3c().join("array.json")).expect("fixture");
    let (line, _) = position(&text, "\"start\": 0, \"end\": 22");
    let out = human(&w3c(), &["array.json"], 1);
    let moved = out
        .stderr
        .split("claimcheck::")
        .find(|d| d.contains("the quote moved from document offsets 0-22"))
        .unwrap_or_default();
    assert!(
        moved.contains("recorded here as document offsets 0-22"),
        "{moved}"
    );
    assert!(moved.contains(&format!("╭─[array.json:{line}:")), "{moved}");
}

#[test]

fn an_iri_source_is_shown_as_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = r#"{"type": "Annotation", "id": "a", "bodyValue": "A.",
 "target": {"source": "https://example.org/article.txt", "selector": {"type": "TextQuoteSelector", "exact": "city"}}}"#;
    std::fs::write(dir.path().join("a.json"), text).expect("write");
    let report = report(dir.path(), &["a.json"], 2);
    let message = report["files"][0]["errors"][0]["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        message.contains("`https://example.org/article.txt`"),
        "{message}"
    );
}

/// `(claim id, status, found address)` of every claim's first evidence in
/// file `f` of a report.
fn verdicts(report: &Value, f: usize) -> Vec<(String, String, String)> {
    report["files"][f]["claims"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|claim| {
            let evidence = &claim["evidence"][0];
            let found = &evidence["found"];
            let address = if found.is_null() {
                format!("{}, not found", evidence["status"].as_str().unwrap_or(""))
            } else {
                format!(
                    "{} at {}:{}-{}",
                    evidence["status"].as_str().unwrap_or(""),
                    found["paragraph"].as_str().unwrap_or(""),
                    found["start"],
                    found["end"]
                )
            };
            (
                claim["id"].as_str().unwrap_or("").to_owned(),
                claim["status"].as_str().unwrap_or("").to_owned(),
                address,
            )
        })
        .collect()
}

fn triples(expected: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    expected
        .iter()
        .map(|(a, b, c)| ((*a).to_owned(), (*b).to_owned(), (*c).to_owned()))
        .collect()
}

fn read_fixture(name: &str) -> String {
    std::fs::read_to_string(w3c().join(name)).expect("fixture")
}

/// The notes claimcheck's reader makes of a W3C file: (text under the
/// span, message).
fn notes(text: &str) -> Vec<(String, String)> {
    let file = claimcheck::annotation::parse(text).expect("valid");
    file.notes
        .iter()
        .map(|note| (text[note.span.clone()].to_owned(), note.message.clone()))
        .collect()
}

#[test]
fn the_w3c_fixtures_are_valid_per_the_w3c_test_schemas() {
    // (The older fixtures use relative ids and sources, which claimcheck
    // accepts but the model's MUSTs do not.)
    for name in [
        "refined.json",
        "position.json",
        "alternatives.json",
        "bodies.json",
        "markdown.json",
    ] {
        let value: Value = serde_json::from_str(&read_fixture(name)).expect("JSON");
        assert_eq!(
            w3c_musts::w3c_failures(&value),
            Vec::<String>::new(),
            "{name}"
        );
    }
}

#[test]
fn refined_by_is_applied_to_the_result_of_its_parent() {
    let report = report(&w3c(), &["refined.json", "--source", "article.txt"], 0);
    assert_eq!(
        verdicts(&report, 0),
        triples(&[
            // "city" alone is in p1 and p2: inside its parent quote, p2.
            (
                "http://example.org/anno/refined-quote",
                "verified",
                "exact at p2:4-8"
            ),
            // Inside its parent position (document chars 0-44): p1.
            (
                "http://example.org/anno/refined-position",
                "verified",
                "exact at p1:29-33"
            ),
            // A FragmentSelector cannot apply to a text file: the whole of it is searched.
            (
                "http://example.org/anno/refined-fragment",
                "verified",
                "exact at p2:57-71"
            ),
        ])
    );
    let text = read_fixture("refined.json");
    let notes = notes(&text);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0]
            .0
            .starts_with("{\n        \"type\": \"FragmentSelector\"")
    );
    assert_eq!(
        notes[0].1,
        "a FragmentSelector cannot be applied to a text file: what refines it is searched for in the whole file"
    );
    // Without its parent, the quote is ambiguous: the refinement decides.
    let unrefined = text.replacen(
        r#""exact": "The city installed 1,200 new panels",
        "refinedBy": {"type": "TextQuoteSelector", "exact": "city"}"#,
        r#""exact": "city""#,
        1,
    );
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(w3c().join("article.txt"), dir.path().join("article.txt")).expect("copy");
    std::fs::write(dir.path().join("a.json"), unrefined).expect("write");
    let report = self::report(dir.path(), &["a.json", "--source", "article.txt"], 1);
    assert_eq!(report["files"][0]["claims"][0]["status"], "ambiguous");
}

#[test]
fn a_position_alone_quotes_what_the_file_holds_there() {
    let report = report(&w3c(), &["position.json", "--source", "article.txt"], 1);
    assert_eq!(
        verdicts(&report, 0),
        triples(&[
            // Document chars 54-80: "installed 1,200 new panels", which the claim states.
            (
                "http://example.org/anno/position-only",
                "verified",
                "exact at p2:9-35"
            ),
            // Nothing is there: nothing is quoted.
            (
                "http://example.org/anno/position-past-the-end",
                "broken",
                "broken, not found"
            ),
            // A position past the end of the file is stale: the quote moved.
            (
                "http://example.org/anno/quote-with-a-stale-position",
                "moved",
                "moved at p1:0-21"
            ),
        ])
    );
    assert_eq!(
        report["files"][0]["claims"][2]["messages"],
        json!([
            "claim `http://example.org/anno/quote-with-a-stale-position`: the quote moved from document offsets 500-521 to p1:0-21"
        ])
    );
}

#[test]
fn one_of_several_alternative_selectors_is_checked() {
    let report = report(&w3c(), &["alternatives.json", "--source", "article.txt"], 0);
    assert_eq!(
        verdicts(&report, 0),
        triples(&[
            // The first alternative is stale; the second is found exactly,
            // where the position alternative says: one item, verified.
            (
                "http://example.org/anno/alternatives",
                "verified",
                "exact at p1:0-21"
            ),
            (
                "http://example.org/anno/alternatives-that-tie",
                "verified",
                "exact at p2:57-71"
            ),
        ])
    );
    assert_eq!(
        report["files"][0]["claims"][0]["evidence"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    // The reader says there are alternatives; preparing against the source
    // says which one is checked, and why.
    let text = read_fixture("alternatives.json");
    let mut file = claimcheck::annotation::parse(&text).expect("valid");
    let messages: Vec<&str> = file.notes.iter().map(|n| n.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "annotation `http://example.org/anno/alternatives` gives 2 alternative TextQuoteSelectors for one target",
            "annotation `http://example.org/anno/alternatives-that-tie` gives 2 alternative TextQuoteSelectors for one target",
        ]
    );
    let article = std::fs::read_to_string(w3c().join("article.txt")).expect("article");
    let source =
        claimcheck::source::Source::parse(article, claimcheck::source::SourceKind::PlainText);
    claimcheck::position::prepare(&mut file, &source);
    let chosen = &file.notes[2];
    assert_eq!(
        chosen.message,
        "this alternative TextQuoteSelector is checked: it is found better in the source than the first"
    );
    assert_eq!(
        &text[chosen.span.clone()],
        r#"{"type": "TextQuoteSelector", "exact": "Solar power grew fast", "suffix": " in the city"}"#
    );
    assert_eq!(
        chosen.help.as_deref(),
        Some("the first alternative, \"Solar power grew quickly\", is not found")
    );
    assert_eq!(file.notes.len(), 3, "a tie keeps the first, without a note");
}

#[test]
fn tags_markup_and_choices_stay_out_of_the_claim_text() {
    let report = report(&w3c(), &["bodies.json", "--source", "article.txt"], 0);
    assert_eq!(
        statuses(&report),
        pairs(&[
            ("http://example.org/anno/tagged", "verified"),
            ("http://example.org/anno/html", "verified"),
            ("http://example.org/anno/choice", "verified"),
        ])
    );
    // Read as plain claims, the tag, the link and the other language are
    // facts no quote backs.
    let text = read_fixture("bodies.json")
        .replace(r#""purpose": "tagging""#, r#""purpose": "describing""#)
        .replace(r#""format": "text/html","#, "")
        .replace(
            r#""language": "en"},"#,
            r#""language": "en", "purpose": "tagging"},"#,
        );
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(w3c().join("article.txt"), dir.path().join("article.txt")).expect("copy");
    std::fs::write(dir.path().join("a.json"), text).expect("write");
    let report = self::report(dir.path(), &["a.json", "--source", "article.txt"], 1);
    assert_eq!(
        statuses(&report),
        pairs(&[
            ("http://example.org/anno/tagged", "unsupported"),
            ("http://example.org/anno/html", "unsupported"),
            ("http://example.org/anno/choice", "unsupported"),
        ])
    );
}

#[test]
fn markdown_positions_count_the_raw_file() {
    let report = report(
        &w3c(),
        &["markdown.json", "--source", "../markdown/article.md"],
        0,
    );
    assert_eq!(
        verdicts(&report, 0),
        triples(&[
            // `The *Harbor* Bridge…`: document chars 2-36 count the `*`s.
            (
                "http://example.org/anno/heading",
                "verified",
                "exact at p1:0-32"
            ),
            // Inside `**…**`, the `**` before it counted.
            (
                "http://example.org/anno/bold-quote",
                "verified",
                "exact at p2:12-33"
            ),
            // After a soft line break: "cost\n4.2 million dollars".
            (
                "http://example.org/anno/cost",
                "verified",
                "exact at p2:40-59"
            ),
            // `Fish &amp; chips`: 26 chars in the file, 22 on the page.
            (
                "http://example.org/anno/entity",
                "verified",
                "exact at p9:0-22"
            ),
        ])
    );
}

/// A folder with `My Article.txt` (the fixture article) and `revised.txt`,
/// and an annotation file there whose sources are `file:` IRIs of them.
fn iri_project() -> (tempfile::TempDir, Value) {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = std::fs::canonicalize(dir.path()).expect("canonical");
    std::fs::copy(w3c().join("article.txt"), root.join("My Article.txt")).expect("copy");
    std::fs::copy(w3c().join("revised.txt"), root.join("revised.txt")).expect("copy");
    let iri = |name: &str| claimcheck::annotation::iri::file_iri(&root.join(name));
    let article = iri("My Article.txt");
    assert!(article.ends_with("/My%20Article.txt"), "{article}");
    let annotation = |id: &str, claim: &str, source: String, selector: Value| {
        json!({
            "@context": "http://www.w3.org/ns/anno.jsonld",
            "id": format!("http://example.org/anno/{id}"),
            "type": "Annotation",
            "body": {"type": "TextualBody", "value": claim},
            "target": {"type": "SpecificResource", "source": source, "selector": selector}
        })
    };
    let quote = |exact: &str| json!({"type": "TextQuoteSelector", "exact": exact});
    let file = json!([
        annotation(
            "panels",
            "The city installed 1,200 new panels.",
            article.clone(),
            quote("installed 1,200 new panels")
        ),
        // Chars 45-117 are p2: of the two "city", the second.
        annotation(
            "which-city",
            "The city did it.",
            format!("{article}#char=45,117"),
            quote("city")
        ),
        annotation(
            "mayor",
            "The mayor said so.",
            format!("{article}#intro"),
            quote("the mayor said")
        ),
        annotation(
            "by-position",
            "The city installed 1,200 new panels.",
            article.clone(),
            json!({"type": "TextPositionSelector", "start": 54, "end": 80})
        ),
        annotation(
            "revised",
            "The city installed 1,300 new panels.",
            iri("revised.txt"),
            quote("installed 1,300 new panels")
        ),
    ]);
    std::fs::write(
        root.join("a.json"),
        serde_json::to_string_pretty(&file).expect("JSON"),
    )
    .expect("write");
    (dir, file)
}

#[test]
fn file_iris_fragments_and_two_sources_in_one_file() {
    let (dir, file) = iri_project();
    assert_eq!(w3c_musts::w3c_failures(&file), Vec::<String>::new());
    let report = report(dir.path(), &["a.json"], 0);
    // One entry per source, each checked against its own.
    let sources: Vec<&str> = report["files"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| f["source"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(sources.len(), 2);
    assert!(sources[0].ends_with("/My Article.txt"), "{sources:?}");
    assert!(sources[1].ends_with("/revised.txt"), "{sources:?}");
    assert_eq!(
        verdicts(&report, 0),
        triples(&[
            (
                "http://example.org/anno/panels",
                "verified",
                "exact at p2:9-35"
            ),
            (
                "http://example.org/anno/which-city",
                "verified",
                "exact at p2:4-8"
            ),
            (
                "http://example.org/anno/mayor",
                "verified",
                "exact at p2:57-71"
            ),
            (
                "http://example.org/anno/by-position",
                "verified",
                "exact at p2:9-35"
            ),
        ])
    );
    assert_eq!(
        verdicts(&report, 1),
        triples(&[(
            "http://example.org/anno/revised",
            "verified",
            "exact at p3:9-35"
        )])
    );
    assert_eq!(report["summary"]["claims"], 5);
    let text = std::fs::read_to_string(dir.path().join("a.json")).expect("read");
    let notes = notes(&text);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].0.ends_with("/My%20Article.txt#intro\""),
        "{notes:?}"
    );
    assert_eq!(
        notes[0].1,
        "the fragment `#intro` of this source is ignored"
    );

    // `--source` takes the place of every source; spans, and the text a
    // position selected, are carried over from each annotation's own.
    let report = self::report(dir.path(), &["a.json", "--source", "revised.txt"], 1);
    let sources: Vec<&Value> = report["files"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| &f["source"])
        .collect();
    assert_eq!(sources, [&json!("revised.txt"), &json!("revised.txt")]);
    assert_eq!(
        statuses(&report),
        pairs(&[
            ("http://example.org/anno/panels", "drifted"),
            ("http://example.org/anno/which-city", "moved"),
            // No hint but the ignored fragment: found anywhere is where it is.
            ("http://example.org/anno/mayor", "verified"),
            ("http://example.org/anno/by-position", "drifted"),
        ])
    );
    assert_eq!(
        report["files"][0]["claims"][3]["evidence"][0]["text"],
        "installed 1,300 new panels"
    );
    assert_eq!(report["files"][1]["claims"][0]["status"], "verified");
}
