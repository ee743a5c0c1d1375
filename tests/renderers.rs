//! Every output format, rendered from one shared fixture that holds every
//! diagnostic code (as ruff snapshots its emitters): the claim findings of
//! `tests/fixtures/verdicts/`, a claim id full of terminal escapes, and one
//! problem of each input kind. Built in memory through the library, so a
//! snapshot changes only when a renderer does.

use std::path::{Path, PathBuf};

use claimcheck::diagnose::{FileReport, Policy};
use claimcheck::diagnostic::{Code, Diagnostic, Label, Severity};
use claimcheck::pipeline::{Checked, FileOutcome, schema_problems};
use claimcheck::report::github::Github;
use claimcheck::report::human::{Human, Style};
use claimcheck::report::json::Json;
use claimcheck::report::sarif::Sarif;
use claimcheck::report::{FileOut, Renderer, Summary};
use claimcheck::text::TextFile;

const ARTICLE: &str = include_str!("fixtures/verdicts/article.txt");
const CLAIMS: &str = include_str!("fixtures/verdicts/claims.json");

/// A claim whose id and quote carry terminal escapes and a bidi override.
const HOSTILE: &str = r#"{
  "source": "article.txt",
  "claims": [
    {
      "id": "evil\u001b]0;PWNED\u0007\u001b[2J",
      "claim": "Nothing \u202eto see.",
      "evidence": [{"quote": "no such \u001b[31mquote\u001b[0m anywhere in the article"}]
    }
  ]
}
"#;

fn file(path: &str, text: &str) -> TextFile {
    TextFile::new(Path::new(path), text.to_owned())
}

fn checked(path: &str, annotations: &str) -> FileReport {
    let source = file("article.txt", ARTICLE);
    let checked = Checked::from_texts(annotations, source).expect("valid annotations");
    let outcome = FileOutcome {
        annotations: file(path, annotations),
        source_path: Some(PathBuf::from("article.txt")),
        checked: Some(checked),
        problems: Vec::new(),
    };
    FileReport::new(outcome, &Policy::default())
}

fn failed(path: &str, text: Option<&str>, problems: Vec<Diagnostic>) -> FileReport {
    let annotations = match text {
        Some(text) => file(path, text),
        None => TextFile::unread(Path::new(path)),
    };
    let outcome = FileOutcome {
        annotations,
        source_path: None,
        checked: None,
        problems,
    };
    FileReport::new(outcome, &Policy::default())
}

/// The shared fixture: one report per annotation file, in run order.
fn fixture() -> Vec<FileReport> {
    let mut files = vec![
        checked("claims.json", CLAIMS),
        checked("hostile.json", HOSTILE),
    ];
    let typo = "{\"source\": \"article.txt\", \"claim\": []}\n";
    let errors = claimcheck::annotation::parse(typo).expect_err("a schema error");
    let schema = schema_problems(&file("typo.json", typo), errors);
    files.push(failed("typo.json", Some(typo), schema));
    let config = file("claimcheck.toml", "[severity]\nmovd = \"error\"\n");
    files.push(failed(
        "from-config.json",
        None,
        vec![
            Diagnostic::new(Code::Config, "unknown key `movd` in `[severity]`")
                .at(Label::new(&config, 11..15, "here"))
                .help("did you mean `moved`?"),
        ],
    ));
    let no_source = "{\"source\": \"../outside/article.txt\", \"claims\": []}\n";
    let annotations = file("outside.json", no_source);
    files.push(failed(
        "outside.json",
        Some(no_source),
        vec![
            Diagnostic::new(
                Code::Source,
                "refusing to read the source `../outside/article.txt`: it is outside the project root `/project`",
            )
            .at(Label::new(&annotations, 11..36, "named here"))
            .help("sources must be files inside the project root; pass `--allow-source-outside` to read it anyway"),
        ],
    ));
    files.push(failed(
        "gone.json",
        None,
        vec![Diagnostic::new(
            Code::Io,
            "cannot read annotations `gone.json`: no such file or folder",
        )],
    ));
    files.push(failed(
        "dangling.json",
        None,
        vec![
            Diagnostic::new(
                Code::Io,
                "skipping `dangling.json`: it is a symlink to nothing",
            )
            .severity(Severity::Warning)
            .help("remove the link, or point it at an annotation file"),
        ],
    ));
    let w3c = "{\"type\": \"Annotation\", \"target\": {\"selector\": [{}, {}]}}\n";
    let alternatives = file("alternatives.json", w3c);
    files.push(failed(
        "alternatives.json",
        Some(w3c),
        vec![
            Diagnostic::new(
                Code::Reading,
                "2 alternative selectors describe this passage; the first, found exactly, was checked",
            )
            .severity(Severity::Note)
            .at(Label::new(&alternatives, 46..54, "here")),
        ],
    ));
    files.push(failed(
        "w3c.json",
        None,
        vec![Diagnostic::new(
            Code::Fix,
            "`w3c.json` is a W3C Web Annotation file; fix rewrites only claimcheck annotation files",
        )],
    ));
    files
}

/// Everything `renderer` writes for the fixture, files joined as the
/// commands join them.
fn render(renderer: &dyn Renderer) -> String {
    let files = fixture();
    let mut summary = Summary::default();
    let mut out = Vec::new();
    renderer.begin(&mut out);
    let mut wrote = false;
    for file in &files {
        summary.add(file);
        let mut chunk = FileOut::held(Vec::new());
        renderer.file(file, &mut chunk);
        let chunk = chunk.finish();
        assert_eq!(
            String::from_utf8_lossy(&streamed(renderer, file)),
            String::from_utf8_lossy(&chunk),
            "a file's report written as it renders, a claim at a time, is the report held whole"
        );
        if !chunk.is_empty() {
            if wrote {
                out.extend_from_slice(renderer.separator());
            }
            out.extend_from_slice(&chunk);
            wrote = true;
        }
    }
    renderer.end(&summary, &mut out);
    String::from_utf8(out).expect("UTF-8 output")
}

/// `file`'s report as a big file's is written: handed over at every
/// claim's end (a piece of one byte), the pieces joined.
fn streamed(renderer: &dyn Renderer, file: &FileReport) -> Vec<u8> {
    let mut pieces = Vec::new();
    let mut take = |piece: &[u8]| pieces.push(piece.to_vec());
    let mut out = FileOut::streamed(&mut take, 1);
    renderer.file(file, &mut out);
    assert!(
        out.finish().is_empty(),
        "a streamed report holds nothing at its end"
    );
    let claims = file.claims.len();
    assert!(
        pieces.len() >= claims.min(1),
        "handed over {} pieces for {claims} claims",
        pieces.len()
    );
    pieces.concat()
}

fn sarif() -> Sarif {
    Sarif {
        root: PathBuf::from("/project"),
        cwd: PathBuf::from("/project"),
        baseline: false,
    }
}

#[test]
fn the_fixture_holds_every_code() {
    let codes: std::collections::BTreeSet<Code> = fixture()
        .iter()
        .flat_map(|f| f.diagnostics().map(|d| d.code).collect::<Vec<_>>())
        .collect();
    // Usage errors have no file to be in: they are drawn on their own.
    let expected: std::collections::BTreeSet<Code> = Code::ALL
        .into_iter()
        .filter(|&c| c != Code::Usage)
        .collect();
    assert_eq!(codes, expected);
}

#[test]
fn human() {
    let human = Human {
        style: Style::default(),
    };
    let out = render(&human);
    assert!(
        !out.contains('\u{1b}'),
        "no raw escape reaches the terminal"
    );
    assert!(
        !out.contains('\u{202e}'),
        "no bidi override reaches the terminal"
    );
    insta::assert_snapshot!(out);
    let usage = Diagnostic::new(Code::Usage, "no annotation files given")
        .help("pass annotation files or folders");
    insta::assert_snapshot!(
        "human_usage",
        claimcheck::report::human::render_diagnostics(&[usage], Style::default())
    );
}

#[test]
fn json() {
    let out = render(&Json);
    let report: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    // The dangling link and the note-only file are reported, not counted.
    assert_eq!(report["files"].as_array().map(Vec::len), Some(9));
    assert_eq!(report["summary"]["files"], 7);
    insta::assert_snapshot!(out);
}

#[test]
fn sarif_is_valid_and_stable() {
    let out = render(&sarif());
    let log: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("schemas/sarif/sarif-schema-2.1.0.json"))
            .expect("the schema");
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    insta::assert_snapshot!(out);
}

#[test]
fn sarif_rules_describe_every_code() {
    let out = render(&sarif());
    let log: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(rules.len(), Code::ALL.len());
    for (rule, code) in rules.iter().zip(Code::ALL) {
        assert_eq!(rule["id"], code.id());
        for field in ["shortDescription", "fullDescription"] {
            assert!(rule[field]["text"].as_str().is_some_and(|t| !t.is_empty()));
        }
        assert!(rule["help"]["text"].as_str().is_some_and(|t| !t.is_empty()));
        assert!(
            rule["help"]["markdown"]
                .as_str()
                .is_some_and(|t| !t.is_empty())
        );
        assert!(rule["defaultConfiguration"]["level"].is_string());
    }
    // Every result names its rule by index too, and has a region.
    for result in log["runs"][0]["results"].as_array().into_iter().flatten() {
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert!(
            result["locations"][0]["physicalLocation"]["region"]["startLine"].is_u64(),
            "{result}"
        );
        assert!(result["partialFingerprints"]["claimcheck/v1"].is_string());
    }
}

/// The edits a `moved` finding carries (SARIF's `fixes`) are exactly the
/// ones `claimcheck fix` writes: applying every finding's edits gives the
/// file `fix` would leave.
#[test]
fn finding_edits_are_what_fix_writes() {
    let report = checked("claims.json", CLAIMS);
    let mut edits: Vec<_> = report
        .diagnostics()
        .flat_map(|d| d.edits.iter().cloned())
        .collect();
    assert!(!edits.is_empty(), "the fixture has moved evidence");
    assert!(
        report
            .diagnostics()
            .all(|d| d.edits.is_empty() || d.code == Code::Moved),
        "only moved findings carry edits"
    );
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    let checked = report.outcome.checked.as_ref().expect("checked");
    let plan = claimcheck::fix::plan(&report.outcome.annotations, checked, false).expect("plan");
    assert_eq!(
        claimcheck::fix::apply(CLAIMS, &edits),
        claimcheck::fix::apply(CLAIMS, &plan.edits)
    );
    assert_ne!(claimcheck::fix::apply(CLAIMS, &edits), CLAIMS);
}

/// The SARIF results `sarif` writes for `claims`, each as its message's
/// first line and its fingerprint.
fn fingerprinted(sarif: &Sarif, claims: &str) -> Vec<(String, String)> {
    let mut out = FileOut::held(Vec::new());
    sarif.file(&checked("claims.json", claims), &mut out);
    let out = out.finish();
    let results: serde_json::Value =
        serde_json::from_str(&format!("[{}]", String::from_utf8_lossy(&out))).expect("JSON");
    let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_owned();
    results
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            let message = text(&r["message"]["text"]);
            let first_line = message.lines().next().unwrap_or_default().to_owned();
            (first_line, text(&r["partialFingerprints"]["claimcheck/v1"]))
        })
        .collect()
}

/// A fingerprint names what a result is about, not where: moving a claim
/// down its file (an unrelated edit above it) keeps it.
#[test]
fn fingerprints_survive_unrelated_edits() {
    let before = fingerprinted(&sarif(), CLAIMS);
    let edited = CLAIMS.replacen(
        "\"claims\": [",
        "\"claims\": [\n    {\"id\": \"new\", \"claim\": \"The clerk said so.\", \"evidence\": [{\"quote\": \"the clerk said\"}]},",
        1,
    );
    let after = fingerprinted(&sarif(), &edited);
    assert_eq!(before.len(), 9);
    assert_eq!(before, after);
    let unique: std::collections::HashSet<&String> = before.iter().map(|(_, f)| f).collect();
    assert_eq!(unique.len(), before.len(), "one fingerprint per result");
}

/// The same project checked out in two places (a developer's folder, a CI
/// runner's) gives the same fingerprints, so code scanning matches alerts
/// across runs instead of opening them anew.
#[test]
fn fingerprints_do_not_depend_on_where_the_project_is() {
    let checked_out_at = |root: &str| {
        let sarif = Sarif {
            root: PathBuf::from(root),
            cwd: PathBuf::from(root).join("annotations"),
            baseline: false,
        };
        fingerprinted(&sarif, CLAIMS)
    };
    let here = checked_out_at("/home/editor/newsroom");
    assert_eq!(here.len(), 9);
    assert!(here.iter().all(|(_, f)| f.len() == 16), "{here:?}");
    assert_eq!(here, checked_out_at("/runner/work/newsroom"));
}

#[test]
fn github() {
    let github = Github {
        cwd: PathBuf::from("/project"),
        workspace: None,
    };
    let out = render(&github);
    assert!(!out.contains('\u{1b}') && !out.contains('\u{202e}'));
    for line in out.lines() {
        assert!(line.starts_with("::"), "{line}");
    }
    insta::assert_snapshot!(out);
}

/// `docs/codes.md`, made from the codes themselves and one example of each
/// from the shared fixture, so that the page cannot drift from the program.
fn codes_doc() -> String {
    let files = fixture();
    let usage = Diagnostic::new(
        Code::Usage,
        "no annotation files given, and there is no `annotations/` folder here",
    )
    .help("pass annotation files or folders: `claimcheck check FILE...`");
    let mut out = String::from(
        "# Diagnostic codes\n\n\
         Every finding and every problem claimcheck reports has one of these codes: in the\n\
         header of each human diagnostic (with a link here), as the `ruleId` of SARIF results\n\
         (whose rule help is this text), in the `title` of GitHub annotations and in the `code`\n\
         of the JSON report's `errors`. This page is generated from the program and its test\n\
         fixture (`tests/renderers.rs`); to refresh it, run\n\
         `CLAIMCHECK_UPDATE_DOCS=1 cargo test --test renderers`.\n\n\
         | code | default severity | meaning |\n|---|---|---|\n",
    );
    let default = |code: Code| match claimcheck::diagnostic::Severities::default().of_code(code) {
        Some(severity) => severity.as_str(),
        None => "off",
    };
    for code in Code::ALL {
        out.push_str(&format!(
            "| [`{}`](#{}) | {} | {} |\n",
            code.name(),
            code.id(),
            default(code),
            code.summary()
        ));
    }
    for code in Code::ALL {
        let example = files
            .iter()
            .flat_map(|f| f.diagnostics().cloned().collect::<Vec<_>>())
            .chain(std::iter::once(usage.clone()))
            .find(|d| d.code == code)
            .expect("the fixture holds every code");
        let rendered = claimcheck::report::human::render_diagnostics(&[example], Style::default());
        out.push_str(&format!(
            "\n## {}\n\n`{}` · {} by default\n\n{}\n\n{}\n\n```text\n{}```\n\n**What to do.** {}\n",
            code.id(),
            code.name(),
            default(code),
            code.summary(),
            code.description(),
            rendered.trim_end_matches('\n').to_owned() + "\n",
            code.remedy()
        ));
    }
    out
}

#[test]
fn docs_codes_md_is_up_to_date() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/codes.md");
    let expected = codes_doc();
    if std::env::var_os("CLAIMCHECK_UPDATE_DOCS").is_some() {
        std::fs::write(path, &expected).expect("write docs/codes.md");
    }
    let actual = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/codes.md is out of date: run `CLAIMCHECK_UPDATE_DOCS=1 cargo test --test renderers`"
    );
}

/// The HTML page shows no more of a claim's diagnostics than their
/// messages, so the reports `report --html` makes, cut to them as they are
/// made, render the same page as the full ones.
#[test]
fn the_page_from_messages_only_is_the_full_reports_page() {
    use claimcheck::report::html::{HtmlReport, render};
    let full = fixture();
    let brief: Vec<FileReport> = full
        .iter()
        .map(|file| FileReport::messages_only(file.outcome.clone(), &Policy::default()))
        .collect();
    assert!(brief.iter().any(|file| file.diagnostics().next().is_some()));
    assert_eq!(
        render(&HtmlReport::from_files(&brief)),
        render(&HtmlReport::from_files(&full))
    );
}

/// `claimcheck diff` writes its report as it renders: handed over at every
/// paragraph's end (a piece of one byte), the pieces are the report held
/// whole, in both formats.
#[test]
fn a_diff_written_as_it_renders_is_the_diff_held_whole() {
    use claimcheck::diff::RevisionDiff;
    use claimcheck::revision::Alignment;
    use claimcheck::source::Source;
    use claimcheck::workspace::LoadedSource;
    let loaded = |path: &str, text: &str| {
        let file = file(path, text);
        LoadedSource {
            source: std::sync::Arc::new(Source::of_file(&file)),
            file,
        }
    };
    let old = loaded(
        "old.txt",
        "The council met on Monday.\nIt voted to fund the new bridge over the river.\nThe mayor left early.\n",
    );
    let new = loaded(
        "new.txt",
        "The council met on Monday.\nIt voted to fund the old bridge over the river.\nA protest followed.\n",
    );
    let diff = RevisionDiff {
        alignment: Alignment::new(&old.source, &new.source),
        old,
        new,
        claims: Vec::new(),
        with_claims: false,
    };
    let human = Human {
        style: Style::default(),
    };
    for renderer in [&human as &dyn Renderer, &Json] {
        let mut whole = FileOut::held(Vec::new());
        renderer.revision(&diff, &mut whole);
        let whole = whole.finish();
        let mut pieces = Vec::new();
        let mut take = |piece: &[u8]| pieces.push(piece.to_vec());
        let mut out = FileOut::streamed(&mut take, 1);
        renderer.revision(&diff, &mut out);
        assert!(out.finish().is_empty(), "nothing held at the end");
        assert!(pieces.len() > 3, "handed over {} pieces", pieces.len());
        assert_eq!(
            String::from_utf8_lossy(&pieces.concat()),
            String::from_utf8_lossy(&whole)
        );
        assert!(String::from_utf8_lossy(&whole).contains("p2"));
    }
}
