//! Bad input to `claimcheck check` (CONTRACT §3, §5): every broken annotation
//! file, unreadable source or odd path gives a diagnostic that points at the
//! offending bytes and exits 2, never a panic (101); the other inputs of the
//! run are still checked and reported; `--format json` stays valid JSON on
//! stdout whatever happens.

mod common;

use std::path::{Path, PathBuf};

use common::{Output, claimcheck, fixtures, statuses};
use serde_json::{Value, json};

fn bad() -> PathBuf {
    fixtures().join("bad")
}

/// `check ARGS` run twice from `dir`, as people and as scripts see it. Both
/// runs must exit `code`; human output goes only to stderr, and the JSON
/// report is valid JSON on stdout with nothing on stderr.
fn check_both(dir: &Path, args: &[&str], code: i32) -> (Output, Value) {
    let mut human_args = vec!["check"];
    human_args.extend_from_slice(args);
    let human = claimcheck(dir, &human_args);
    assert_eq!(
        human.code,
        Some(code),
        "exit code of `claimcheck {}`; stderr:\n{}",
        human_args.join(" "),
        human.stderr
    );
    assert_eq!(human.stdout, "", "human output goes to stderr only");
    assert!(!human.stderr.contains("panicked"), "{}", human.stderr);

    let mut json_args = human_args.clone();
    json_args.extend_from_slice(&["--format", "json"]);
    let machine = claimcheck(dir, &json_args);
    assert_eq!(
        machine.code,
        Some(code),
        "exit code of `claimcheck {}`; stderr:\n{}",
        json_args.join(" "),
        machine.stderr
    );
    assert_eq!(
        machine.stderr, "",
        "--format json writes no human diagnostics"
    );
    (human, machine.json())
}

/// 1-based line and char column of byte `byte` of `text`, the way editors
/// (and claimcheck's reports) count them.
fn line_column(text: &str, byte: usize) -> (usize, usize) {
    let before = &text[..byte];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

/// Byte offset of the only occurrence of `needle` in `text`.
fn find(text: &str, needle: &str) -> usize {
    let hits: Vec<usize> = text.match_indices(needle).map(|(at, _)| at).collect();
    assert_eq!(
        hits.len(),
        1,
        "{needle:?} must occur exactly once in {text}"
    );
    hits[0]
}

/// A temp folder holding `article.txt` (two paragraphs) and `case.json`.
fn case(annotations: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(bad().join("article.txt"), dir.path().join("article.txt")).expect("copy");
    std::fs::write(dir.path().join("case.json"), annotations).expect("write");
    dir
}

/// A claimcheck file with one claim whose only evidence item is `evidence`.
fn with_evidence(evidence: &str) -> String {
    format!(
        r#"{{
  "source": "article.txt",
  "claims": [
    {{
      "id": "budget",
      "claim": "The council approved a budget.",
      "evidence": [
        {evidence}
      ]
    }}
  ]
}}
"#
    )
}

/// `case.json` holding `text` is rejected with exactly one schema error, at
/// byte `at`, with `message` and `help`; human and JSON output agree.
/// The first error of the first file: its message, and where it points
/// (file, 1-based line, char column) both in the JSON report and in the
/// miette header of the human output.
fn assert_first_error(
    human: &Output,
    report: &Value,
    message: &str,
    (file, line, column): (&str, u64, u64),
) {
    let error = &report["files"][0]["errors"][0];
    assert_eq!(error["message"], message);
    assert_eq!(
        (error["line"].clone(), error["column"].clone()),
        (json!(line), json!(column))
    );
    let header = format!("╭─[{file}:{line}:{column}]");
    assert!(human.stderr.contains(&header), "{header}\n{}", human.stderr);
}

fn expect_one_error(text: &str, at: usize, message: &str, help: Option<&str>) {
    let dir = case(text);
    let (human, report) = check_both(dir.path(), &["case.json"], 2);
    let (line, column) = line_column(text, at);
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
    let file = &report["files"][0];
    assert_eq!(file["errors"], json!([expected]), "in {text}");
    assert_eq!(
        file["claims"],
        json!([]),
        "a file that does not parse has no verdicts"
    );
    assert_eq!(file["source"], Value::Null);
    assert_eq!(report["summary"]["input_errors"], 1);

    assert!(
        human
            .stderr
            .starts_with("claimcheck::schema (docs/codes.md#schema)\n"),
        "{}",
        human.stderr
    );
    assert!(
        human.stderr.contains(&format!("× {message}")),
        "{}",
        human.stderr
    );
    assert!(
        human
            .stderr
            .contains(&format!("╭─[case.json:{line}:{column}]")),
        "the diagnostic points at {line}:{column}:\n{}",
        human.stderr
    );
    if let Some(help) = help {
        assert!(
            human.stderr.contains(&format!("help: {help}")),
            "{}",
            human.stderr
        );
    }
    assert!(
        human
            .stderr
            .ends_with("✗ 0 claims in 1 file; 1 input error\n"),
        "{}",
        human.stderr
    );
}

// ---------------------------------------------------------------------------
// Invalid JSON

#[test]
fn trailing_comma_points_at_the_comma() {
    let text = std::fs::read_to_string(bad().join("trailing-comma.json")).expect("fixture");
    let comma = find(&text, "},\n      ]") + 1;
    let (line, column) = line_column(&text, comma);
    assert_eq!((line, column), (8, 59));
    let (human, report) = check_both(&bad(), &["trailing-comma.json"], 2);
    assert_eq!(
        report["files"][0]["errors"],
        json!([{
            "code": "claimcheck::schema",
            "severity": "error",
            "message": "invalid JSON: trailing comma",
            "line": 8,
            "column": 59,
            "help": "remove the comma after the last item",
        }])
    );
    insta::assert_snapshot!("trailing_comma_human", human.stderr);
}

#[test]
fn truncated_file_points_at_the_unterminated_string() {
    let text = std::fs::read_to_string(bad().join("truncated.json")).expect("fixture");
    let (line, column) = line_column(&text, find(&text, "\"approved"));
    let (human, report) = check_both(&bad(), &["truncated.json"], 2);
    assert_eq!(
        report["files"][0]["errors"],
        json!([{
            "code": "claimcheck::schema",
            "severity": "error",
            "message": "invalid JSON: unterminated string literal",
            "line": line,
            "column": column,
        }])
    );
    assert!(
        human.stderr.contains("╭─[truncated.json:8:20]"),
        "{}",
        human.stderr
    );
    insta::assert_snapshot!("truncated_human", human.stderr);
}

#[test]
fn truncated_after_an_opening_bracket() {
    let text = r#"{"source": "article.txt", "claims": ["#;
    expect_one_error(
        text,
        find(text, "["),
        "invalid JSON: unterminated array",
        None,
    );
}

#[test]
fn top_level_must_be_an_object() {
    for (text, found) in [
        ("[\"article.txt\"]\n", "an array"),
        ("\"article.txt\"\n", "a string"),
        ("42\n", "a number"),
        ("null\n", "null"),
    ] {
        expect_one_error(
            text,
            0,
            &format!(
                "the annotation file must be a JSON object with `source` and `claims`, found {found}"
            ),
            None,
        );
    }
}

#[test]
fn deeply_nested_json_is_an_error_not_a_stack_overflow() {
    for (name, text) in [
        ("arrays.json", "[".repeat(100_000)),
        ("objects.json", "{\"a\":".repeat(100_000)),
    ] {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join(name), &text).expect("write");
        let (human, report) = check_both(dir.path(), &[name], 2);
        let errors = &report["files"][0]["errors"];
        assert_eq!(errors.as_array().map(Vec::len), Some(1), "{errors}");
        assert_eq!(errors[0]["message"], "invalid JSON: nested too deeply");
        assert_eq!(errors[0]["line"], 1);
        assert!(
            human.stderr.contains("× invalid JSON: nested too deeply"),
            "{}",
            human.stderr
        );
        // A 100 000-char line is shown as a window around the error.
        assert!(human.stderr.len() < 2_000, "{} bytes", human.stderr.len());
    }
}

#[test]
fn empty_annotation_file() {
    let (human, report) = check_both(&bad(), &["empty.json"], 2);
    assert_eq!(
        report["files"][0]["errors"],
        json!([{
            "code": "claimcheck::schema",
            "severity": "error",
            "message": "the annotation file is empty",
            "line": 1,
            "column": 1,
            "help": "an annotation file is a JSON object with `source` and `claims`",
        }])
    );
    assert!(
        human.stderr.contains("× the annotation file is empty"),
        "{}",
        human.stderr
    );
}

#[test]
fn annotation_file_of_only_a_bom() {
    let bytes = std::fs::read(bad().join("bom-only.json")).expect("fixture");
    assert_eq!(bytes, b"\xef\xbb\xbf");
    let (human, report) = check_both(&bad(), &["bom-only.json"], 2);
    let error = &report["files"][0]["errors"][0];
    assert_eq!(error["message"], "the annotation file is empty");
    assert_eq!(error["line"], 1);
    assert_eq!(
        report["files"][0]["errors"].as_array().map(Vec::len),
        Some(1)
    );
    assert!(
        human.stderr.contains("× the annotation file is empty"),
        "{}",
        human.stderr
    );
}

#[test]
fn annotation_file_that_is_not_utf8() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("latin1.json"),
        b"{\"source\": \"caf\xe9.txt\", \"claims\": []}",
    )
    .expect("write");
    let (human, report) = check_both(dir.path(), &["latin1.json"], 2);
    assert_eq!(
        report["files"][0]["errors"],
        json!([{
            "code": "claimcheck::io",
            "severity": "error",
            "message": "cannot read annotations `latin1.json`: it is not UTF-8 text (invalid byte at offset 15)",
            "help": "save the file as UTF-8",
        }])
    );
    assert!(
        human.stderr.contains("help: save the file as UTF-8"),
        "{}",
        human.stderr
    );
}

// ---------------------------------------------------------------------------
// Schema errors

#[test]
fn unknown_field_suggests_the_right_name() {
    let text = std::fs::read_to_string(bad().join("typo.json")).expect("fixture");
    let key = line_column(&text, find(&text, "\"qoute\""));
    assert_eq!(key, (9, 11));
    let (human, report) = check_both(&bad(), &["typo.json"], 2);
    // One error: the "did you mean" already says that `quote` is missing.
    assert_eq!(
        report["files"][0]["errors"],
        json!([
            {
                "code": "claimcheck::schema",
                "severity": "error",
                "message": "unknown field `qoute` in evidence",
                "line": 9,
                "column": 11,
                "help": "did you mean `quote`?",
            },
        ])
    );
    assert_eq!(report["summary"]["input_errors"], 1);
    insta::assert_snapshot!("unknown_field_human", human.stderr);
}

#[test]
fn unknown_fields_at_every_level() {
    let text = r#"{"sources": "article.txt", "source": "article.txt", "claims": []}"#;
    expect_one_error(
        text,
        find(text, "\"sources\""),
        "unknown field `sources` at the top level",
        Some("did you mean `source`?"),
    );
    let text = r#"{"source": "article.txt", "claims": [{"id": "a", "claim": "x", "evidence": [], "notes": ""}]}"#;
    expect_one_error(
        text,
        find(text, "\"notes\""),
        "unknown field `notes` in a claim",
        Some("did you mean `note`?"),
    );
    let text = with_evidence(r#"{"quote": "a budget", "offset": 3}"#);
    expect_one_error(
        &text,
        find(&text, "\"offset\""),
        "unknown field `offset` in evidence",
        Some("the allowed fields are `quote`, `paragraph`, `start`, `end`, `prefix`, `suffix`"),
    );
}

#[test]
fn wrong_type_points_at_the_value() {
    let text = with_evidence(r#"{"quote": "a budget", "start": "12", "end": 20}"#);
    expect_one_error(
        &text,
        find(&text, "\"12\""),
        "`start` must be a whole number, found a string",
        None,
    );
    let text = r#"{"source": ["article.txt"], "claims": []}"#;
    expect_one_error(
        text,
        find(text, "[\"article.txt\"]"),
        "`source` must be a string, found an array",
        None,
    );
    let text = with_evidence(r#"{"quote": "a budget", "paragraph": 1}"#);
    expect_one_error(
        &text,
        find(&text, "1}"),
        "`paragraph` must be a string, found a number",
        None,
    );
}

#[test]
fn duplicate_claim_ids_point_at_the_second() {
    let text = r#"{
  "source": "article.txt",
  "claims": [
    {"id": "budget", "claim": "One.", "evidence": []},
    {"id": "budget", "claim": "Two.", "evidence": []}
  ]
}
"#;
    let second = text.rfind("\"budget\"").expect("in the text");
    expect_one_error(
        text,
        second,
        "duplicate claim id `budget`",
        Some("the first claim with this id is on line 4"),
    );
}

#[test]
fn reversed_offsets_point_at_both_values() {
    let text = with_evidence(r#"{"quote": "a budget", "paragraph": "p1", "start": 20, "end": 4}"#);
    expect_one_error(
        &text,
        find(&text, "20, \"end\": 4"),
        "`start` (20) is after `end` (4)",
        Some("the offsets are reversed; swap them"),
    );
}

#[test]
fn start_without_end_and_end_without_start() {
    let text = with_evidence(r#"{"quote": "a budget", "start": 12}"#);
    expect_one_error(
        &text,
        find(&text, "\"start\": 12"),
        "`start` is given without `end`",
        Some("offsets come in pairs: give both `start` and `end`, or neither"),
    );
    let text = with_evidence(r#"{"quote": "a budget", "end": 20}"#);
    expect_one_error(
        &text,
        find(&text, "\"end\": 20"),
        "`end` is given without `start`",
        Some("offsets come in pairs: give both `start` and `end`, or neither"),
    );
}

#[test]
fn paragraph_addresses_are_p1_to_pn() {
    for (address, help) in [
        ("\"p0\"", "paragraphs are numbered from \"p1\""),
        ("\"3\"", "did you mean \"p3\"?"),
        ("\"P2\"", "did you mean \"p2\"?"),
        (
            "\"second\"",
            "paragraphs are addressed \"p1\", \"p2\", … in document order",
        ),
    ] {
        let text = with_evidence(&format!(
            r#"{{"quote": "a budget", "paragraph": {address}}}"#
        ));
        expect_one_error(
            &text,
            find(&text, address),
            &format!("`paragraph` must be a paragraph address like \"p2\", found {address}"),
            Some(help),
        );
    }
}

#[test]
fn empty_quote_and_empty_claim() {
    let text = with_evidence(r#"{"quote": ""}"#);
    expect_one_error(
        &text,
        find(&text, "\"\""),
        "`quote` must not be empty",
        None,
    );
    let text = with_evidence(r#"{"quote": " \t "}"#);
    expect_one_error(
        &text,
        find(&text, r#"" \t ""#),
        "`quote` must not be only whitespace",
        None,
    );
    let text = r#"{"source": "article.txt", "claims": [{"id": "a", "claim": "", "evidence": []}]}"#;
    expect_one_error(text, find(text, "\"\""), "`claim` must not be empty", None);
}

#[test]
fn absurd_numbers_are_schema_errors() {
    for absurd in ["1e400", "99999999999999999999", "-1", "4294967296", "2.5"] {
        let text = with_evidence(&format!(
            r#"{{"quote": "a budget", "paragraph": "p1", "start": 0, "end": {absurd}}}"#
        ));
        expect_one_error(
            &text,
            find(&text, absurd),
            "`end` must be a whole number from 0 to 4294967295",
            None,
        );
    }
}

// ---------------------------------------------------------------------------
// Sources that cannot be read

#[test]
fn missing_source_points_at_the_source_field() {
    let text = std::fs::read_to_string(bad().join("missing-source.json")).expect("fixture");
    let (line, column) = line_column(&text, find(&text, "\"../sources/gone.txt\""));
    assert_eq!((line, column), (2, 13));
    // Run from the fixtures folder, so the annotation file's folder has a name.
    let (human, report) = check_both(&fixtures(), &["bad/missing-source.json"], 2);
    assert_eq!(
        report["files"][0],
        json!({
            "annotations": "bad/missing-source.json",
            "source": "sources/gone.txt",
            "claims": [],
            "errors": [{
                "code": "claimcheck::io",
                "severity": "error",
                "message": "cannot read source `sources/gone.txt`: no such file or folder",
                "line": 2,
                "column": 13,
                "help": "`source` is resolved relative to the annotation file's folder, `bad`",
            }],
        })
    );
    insta::assert_snapshot!("missing_source_human", human.stderr);
}

#[test]

fn missing_source_help_names_the_current_folder() {
    let (human, report) = check_both(&bad(), &["missing-source.json"], 2);
    let help = report["files"][0]["errors"][0]["help"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        help.starts_with("`source` is resolved relative to"),
        "{help}"
    );
    assert!(!help.contains("``"), "an empty folder name: {help}");
    assert!(!human.stderr.contains("folder, ``"), "{}", human.stderr);
}

#[test]
fn source_that_is_not_utf8() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("latin1.txt"), b"caf\xe9 ok\n\xff\xfe bad\n").expect("write");
    let text = r#"{"source": "latin1.txt", "claims": []}"#;
    std::fs::write(dir.path().join("a.json"), text).expect("write");
    let (human, report) = check_both(dir.path(), &["a.json"], 2);
    assert_eq!(report["files"][0]["errors"][0]["code"], "claimcheck::io");
    // It points at the `source` field that names the file.
    assert_first_error(
        &human,
        &report,
        "cannot read source `latin1.txt`: it is not UTF-8 text (invalid byte at offset 3)",
        ("a.json", 1, 12),
    );

    // The same file given with `--source`.
    std::fs::write(dir.path().join("ok.txt"), "fine\n").expect("write");
    let out = claimcheck(dir.path(), &["check", "a.json", "--source", "latin1.txt"]);
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

fn source_that_is_not_utf8_keeps_its_help() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("latin1.txt"), b"caf\xe9\n").expect("write");
    std::fs::write(
        dir.path().join("a.json"),
        r#"{"source": "latin1.txt", "claims": []}"#,
    )
    .expect("write");
    let (human, report) = check_both(dir.path(), &["a.json"], 2);
    assert_eq!(
        report["files"][0]["errors"][0]["help"],
        "save the file as UTF-8"
    );
    assert!(
        human.stderr.contains("help: save the file as UTF-8"),
        "{}",
        human.stderr
    );
}

#[test]
fn folder_as_source_field() {
    let (human, report) = check_both(&bad(), &["folder-source.json"], 2);
    assert_first_error(
        &human,
        &report,
        "cannot read source `multi`: it is a folder, not a file",
        ("folder-source.json", 2, 13),
    );
}

#[test]
fn folder_as_source_option() {
    let out = claimcheck(
        &bad(),
        &["check", "multi/a-verified.json", "--source", "multi"],
    );
    assert_eq!(out.code, Some(2));
    assert_eq!(out.stdout, "");
    assert_eq!(
        out.stderr,
        "claimcheck::io (docs/codes.md#io)\n\n  × cannot read source `multi`: it is a folder, not a file\n\n\
         ✗ 0 claims in 1 file; 1 input error\n"
    );
}

#[test]
fn missing_source_option() {
    let out = claimcheck(
        &bad(),
        &["check", "multi/a-verified.json", "--source", "gone.txt"],
    );
    assert_eq!(out.code, Some(2));
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr
            .contains("× cannot read source `gone.txt`: no such file or folder"),
        "{}",
        out.stderr
    );
}

#[test]

fn unreadable_source_option_still_gives_a_json_report() {
    for source in ["multi", "gone.txt"] {
        let out = claimcheck(
            &bad(),
            &[
                "check",
                "multi/a-verified.json",
                "--source",
                source,
                "--format",
                "json",
            ],
        );
        assert_eq!(out.code, Some(2));
        let report = out.json();
        assert!(
            report
                .to_string()
                .contains(&format!("cannot read source `{source}`")),
            "{report}"
        );
    }
}

#[test]
fn annotation_path_that_does_not_exist() {
    let (human, report) = check_both(&bad(), &["does-not-exist.json"], 2);
    assert_eq!(
        report["files"],
        json!([{
            "annotations": "does-not-exist.json",
            "source": null,
            "claims": [],
            "errors": [{
                "code": "claimcheck::io",
                "severity": "error",
                "message": "cannot read annotations `does-not-exist.json`: no such file or folder",
            }],
        }])
    );
    assert_eq!(
        human.stderr,
        "claimcheck::io (docs/codes.md#io)\n\n  × cannot read annotations `does-not-exist.json`: no such file or folder\n\n\
         ✗ 0 claims in 1 file; 1 input error\n"
    );
}

// ---------------------------------------------------------------------------
// Hints that do not fit the source: stale, not wrong (CONTRACT §3)

#[test]
fn pinned_paragraph_and_offsets_past_the_end_are_stale_hints() {
    let (human, report) = check_both(&bad(), &["past-end.json"], 0);
    let file = &report["files"][0];
    assert_eq!(file["errors"], json!([]), "a stale pin is no input error");
    // Searched for as if the hint were not there: found where they are.
    assert_eq!(
        statuses(&report),
        [("budget", "moved"), ("mayor", "moved")].map(|(a, b)| (a.to_owned(), b.to_owned()))
    );
    assert_eq!(
        file["claims"][0]["evidence"][0]["found"],
        json!({"paragraph": "p1", "start": 12, "end": 47, "line": 1, "column": 13})
    );
    assert_eq!(
        file["claims"][1]["evidence"][0]["found"],
        json!({"paragraph": "p2", "start": 15, "end": 45, "line": 2, "column": 16})
    );
    assert_eq!(report["summary"]["moved"], 2);
    assert_eq!(report["summary"]["input_errors"], 0);
    for expected in [
        "⚠ claim `budget`: the quote moved from p9 to p1:12-47",
        "╭─[past-end.json:10:24]",
        "⚠ claim `mayor`: the quote moved from p2:15-500 to p2:15-45",
    ] {
        assert!(
            human.stderr.contains(expected),
            "{expected}\n{}",
            human.stderr
        );
    }
    assert!(
        human.stderr.ends_with("✗ 2 claims in 1 file: 2 moved\n"),
        "{}",
        human.stderr
    );
}

#[test]
fn pinned_past_a_one_paragraph_source_is_moved() {
    let dir = case(&with_evidence(
        r#"{"quote": "a budget", "paragraph": "p3"}"#,
    ));
    std::fs::write(
        dir.path().join("article.txt"),
        "The council approved a budget.\n",
    )
    .expect("write");
    let (_, report) = check_both(dir.path(), &["case.json"], 0);
    assert_eq!(report["files"][0]["errors"], json!([]));
    assert_eq!(
        report["files"][0]["claims"][0]["evidence"][0]["status"],
        "moved"
    );
}

// ---------------------------------------------------------------------------
// Sources with a BOM, CRLF line ends, or nothing at all

const BUDGET_AND_MAYOR: &str = r#"{
  "source": "article.txt",
  "claims": [
    {
      "id": "budget",
      "claim": "The council approved a budget of 15,000 dollars.",
      "evidence": [{"quote": "approved a budget of 15,000 dollars", "paragraph": "p1", "start": 12, "end": 47}]
    },
    {
      "id": "mayor",
      "claim": "The mayor called the plan “a new beginning”.",
      "evidence": [{"quote": "the plan was “a new beginning”.", "paragraph": "p2", "start": 15, "end": 46}]
    }
  ]
}
"#;

#[test]
fn crlf_and_bom_sources_verify_at_the_same_offsets() {
    let body = "The council approved a budget of 15,000 dollars on Monday.\n\nThe mayor said the plan was “a new beginning”.\n";
    for (what, source) in [
        ("LF", body.to_owned()),
        ("CRLF", body.replace('\n', "\r\n")),
        ("BOM", format!("\u{feff}{body}")),
        (
            "BOM and CRLF",
            format!("\u{feff}{}", body.replace('\n', "\r\n")),
        ),
        ("trailing blanks", body.replace('\n', " \t\r\n")),
    ] {
        let dir = case(BUDGET_AND_MAYOR);
        std::fs::write(dir.path().join("article.txt"), &source).expect("write");
        let (human, report) = check_both(dir.path(), &["case.json"], 0);
        assert_eq!(
            statuses(&report),
            [("budget", "verified"), ("mayor", "verified")]
                .map(|(a, b)| (a.to_owned(), b.to_owned())),
            "{what}"
        );
        let claims = &report["files"][0]["claims"];
        let found = |i: usize| claims[i]["evidence"][0]["found"].clone();
        assert_eq!(claims[0]["evidence"][0]["status"], "exact", "{what}");
        assert_eq!(
            (
                found(0)["paragraph"].clone(),
                found(0)["start"].clone(),
                found(0)["end"].clone(),
                found(0)["line"].clone()
            ),
            (json!("p1"), json!(12), json!(47), json!(1)),
            "{what}"
        );
        // The quote runs to the end of the line: the `\r` is not part of p2.
        assert_eq!(
            found(1),
            json!({"paragraph": "p2", "start": 15, "end": 46, "line": 3, "column": 16}),
            "{what}"
        );
        assert_eq!(human.stderr, "✓ 2 claims in 1 file: 2 verified\n", "{what}");
    }
}

#[test]

fn source_columns_do_not_count_the_bom() {
    let dir = case(BUDGET_AND_MAYOR);
    std::fs::write(
        dir.path().join("article.txt"),
        "\u{feff}The council approved a budget of 15,000 dollars on Monday.\n\nThe mayor said the plan was “a new beginning”.\n",
    )
    .expect("write");
    let (_, report) = check_both(dir.path(), &["case.json"], 0);
    // p1 starts the line, so char offset 12 is column 13.
    assert_eq!(
        report["files"][0]["claims"][0]["evidence"][0]["found"]["column"],
        13
    );
    // Same in the human output's location of a moved quote.
    let text = BUDGET_AND_MAYOR.replace("\"p1\", \"start\": 12", "\"p1\", \"start\": 13");
    let text = text.replace("\"end\": 47", "\"end\": 48");
    std::fs::write(dir.path().join("case.json"), text).expect("write");
    let out = claimcheck(dir.path(), &["check", "case.json"]);
    assert!(
        out.stderr.contains("╭─[article.txt:1:13]"),
        "{}",
        out.stderr
    );
}

#[test]

fn annotation_columns_do_not_count_the_bom() {
    let text = "\u{feff}{\"source\": 1, \"claims\": []}";
    let dir = case(text);
    let (human, report) = check_both(dir.path(), &["case.json"], 2);
    assert_first_error(
        &human,
        &report,
        "`source` must be a string, found a number",
        ("case.json", 1, 12),
    );
}

#[test]
fn annotation_file_with_a_bom_and_crlf_reads() {
    let text = format!("\u{feff}{}", BUDGET_AND_MAYOR.replace('\n', "\r\n"));
    let dir = case(&text);
    std::fs::write(
        dir.path().join("article.txt"),
        "The council approved a budget of 15,000 dollars on Monday.\nThe mayor said the plan was “a new beginning”.\n",
    )
    .expect("write");
    let (_, report) = check_both(dir.path(), &["case.json"], 0);
    assert_eq!(report["summary"]["verified"], 2);

    // An error on a later line of such a file is located exactly.
    let broken = text.replace("\"start\": 15, \"end\": 46", "\"start\": 46, \"end\": 15");
    let at = find(&broken, "46, \"end\": 15");
    let (line, column) = line_column(&broken, at);
    assert_eq!((line, column), (12, 93));
    std::fs::write(dir.path().join("case.json"), &broken).expect("write");
    let (human, report) = check_both(dir.path(), &["case.json"], 2);
    assert_first_error(
        &human,
        &report,
        "`start` (46) is after `end` (15)",
        ("case.json", 12, 93),
    );
}

#[test]
fn empty_source_breaks_claims_but_is_no_input_error() {
    let (human, report) = check_both(&bad(), &["empty-source.json"], 1);
    let file = &report["files"][0];
    assert_eq!(file["source"], "empty.txt");
    assert_eq!(file["errors"], json!([]));
    assert_eq!(
        file["claims"],
        json!([{
            "id": "budget",
            "status": "broken",
            "evidence": [{"status": "broken", "found": null}],
            "messages": ["claim `budget`: the quote is not in the source, nor anything close to it"],
        }])
    );
    assert_eq!(report["summary"]["input_errors"], 0);
    assert!(
        human
            .stderr
            .starts_with("claimcheck::broken (docs/codes.md#broken)\n"),
        "{}",
        human.stderr
    );
    assert!(
        human.stderr.contains("╭─[empty-source.json:7:31]"),
        "{}",
        human.stderr
    );
    assert!(
        human.stderr.ends_with("✗ 1 claim in 1 file: 1 broken\n"),
        "{}",
        human.stderr
    );
}

// ---------------------------------------------------------------------------
// Several files at once

#[test]
fn a_folder_is_searched_recursively_in_sorted_order() {
    let (human, report) = check_both(&bad(), &["multi"], 2);
    let files = report["files"].as_array().expect("files");
    let names: Vec<&str> = files
        .iter()
        .map(|f| f["annotations"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        names,
        [
            "multi/a-verified.json",
            "multi/b-invalid.json",
            "multi/nested/c-drifted.json",
            "multi/nested/deeper/d-verified.json",
        ],
        "*.json only (not notes.txt), depth first, sorted"
    );
    // The bad file is reported with its error ...
    assert_eq!(
        files[1],
        json!({
            "annotations": "multi/b-invalid.json",
            "source": null,
            "claims": [],
            "errors": [{
                "code": "claimcheck::schema",
                "severity": "error",
                "message": "invalid JSON: trailing comma",
                "line": 4,
                "column": 67,
                "help": "remove the comma after the last item",
            }],
        })
    );
    // ... and the good ones are still checked, each against its own source.
    let summary: Vec<(String, Value, Value)> = files
        .iter()
        .map(|f| {
            let ids: Vec<String> = f["claims"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|c| {
                    format!(
                        "{}={}",
                        c["id"].as_str().unwrap_or(""),
                        c["status"].as_str().unwrap_or("")
                    )
                })
                .collect();
            (
                ids.join(","),
                f["source"].clone(),
                json!(f["errors"].as_array().map(Vec::len)),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "budget=verified".to_owned(),
                json!("multi/article.txt"),
                json!(0)
            ),
            (String::new(), Value::Null, json!(1)),
            (
                "mayor=drifted".to_owned(),
                json!("multi/article.txt"),
                json!(0)
            ),
            (
                "clerk=verified".to_owned(),
                json!("multi/article.txt"),
                json!(0)
            ),
        ]
    );
    assert_eq!(
        report["summary"],
        json!({"files": 4, "claims": 3, "verified": 2, "moved": 0, "ambiguous": 0,
               "drifted": 1, "broken": 0, "unsupported": 0, "errors": 2, "warnings": 0,
               "input_errors": 1})
    );
    // Exit 2 wins over the drifted claim's 1.
    insta::assert_snapshot!("multi_file_human", human.stderr);
}

#[test]
fn files_given_explicitly_keep_their_order_and_a_bad_one_does_not_stop_the_rest() {
    let (human, report) = check_both(
        &bad(),
        &[
            "multi/nested",
            "does-not-exist.json",
            "multi/a-verified.json",
            "typo.json",
        ],
        2,
    );
    let names: Vec<&str> = report["files"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| f["annotations"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        names,
        [
            "multi/nested/c-drifted.json",
            "multi/nested/deeper/d-verified.json",
            "does-not-exist.json",
            "multi/a-verified.json",
            "typo.json",
        ]
    );
    assert_eq!(report["summary"]["claims"], 3);
    assert_eq!(report["summary"]["input_errors"], 2);
    for expected in [
        "× claim `mayor`: the quote is no longer in the source",
        "× cannot read annotations `does-not-exist.json`: no such file or folder",
        "× unknown field `qoute` in evidence",
    ] {
        assert!(
            human.stderr.contains(expected),
            "{expected}\n{}",
            human.stderr
        );
    }
    assert!(
        human
            .stderr
            .ends_with("✗ 3 claims in 5 files: 2 verified, 1 drifted; 2 input errors\n"),
        "{}",
        human.stderr
    );
}

#[cfg(unix)]
#[test]

fn a_symlink_loop_is_not_followed_forever() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("annotations");
    std::fs::create_dir_all(root.join("sub")).expect("mkdir");
    std::fs::copy(bad().join("article.txt"), dir.path().join("article.txt")).expect("copy");
    std::fs::write(
        root.join("sub/a.json"),
        r#"{"source": "../../article.txt", "claims": []}"#,
    )
    .expect("write");
    std::os::unix::fs::symlink("..", root.join("sub/loop")).expect("symlink");
    let (_, report) = check_both(dir.path(), &["annotations"], 0);
    assert_eq!(report["summary"]["files"], 1, "{report:#}");
}
