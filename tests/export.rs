//! `claimcheck export` (CONTRACT §5): W3C Web Annotation that reads back to
//! the same verdicts and passes the W3C test suite's MUSTs, and schema.org
//! ClaimReview rated by each claim's verdict.

mod common;
#[path = "schemas/w3c_musts.rs"]
mod w3c_musts;

use std::path::Path;

use common::{Output, claimcheck, fixtures, repo};
use serde_json::{Value, json};

/// `check PATH --format json` from `dir`: its exit code and claims, each
/// without its messages (which name a recorded place in the file's own
/// terms: `p2:0-78` or `document offsets 45-123`). An export names its
/// sources by absolute `file:` IRIs, which lie outside a scratch folder's
/// project root: reading them back is allowed on purpose.
fn verdicts(dir: &Path, path: &str) -> (Option<i32>, Vec<Value>) {
    let out = claimcheck(
        dir,
        &["check", path, "--format", "json", "--allow-source-outside"],
    );
    let report = out.json();
    let claims = report["files"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|file| file["claims"].as_array().cloned().unwrap_or_default())
        .map(|mut claim| {
            let messages = claim["messages"].as_array().map_or(0, Vec::len);
            claim["messages"] = json!(messages);
            claim
        })
        .collect();
    (out.code, claims)
}

fn export(dir: &Path, args: &[&str]) -> Output {
    let mut all = vec!["export"];
    all.extend_from_slice(args);
    claimcheck(dir, &all)
}

#[test]
fn a_w3c_export_checks_back_to_the_same_verdicts() {
    let cases = [
        // Every status: exact, moved, ambiguous, drifted, broken, no
        // evidence, unsupported facts.
        "tests/fixtures/verdicts/claims.json",
        // Markdown: positions count the raw file.
        "tests/fixtures/markdown/claims.json",
        "tests/fixtures/warnings/moved.json",
        // Hints past the end of the source.
        "tests/fixtures/bad/past-end.json",
        "annotations/russia-recognizes-taliban.json",
        // W3C in, W3C out.
        "tests/fixtures/w3c/nested/collection.json",
        "tests/fixtures/w3c/array.json",
    ];
    let dir = tempfile::tempdir().expect("temp dir");
    for (n, path) in cases.into_iter().enumerate() {
        let (code, native) = verdicts(&repo(), path);
        assert!(!native.is_empty(), "{path}");
        let output = dir.path().join(format!("export-{n}.json"));
        let out = export(
            &repo(),
            &[path, "--format", "w3c", "-o", &output.display().to_string()],
        );
        assert_eq!(out.code, Some(0), "{path}: {}", out.stderr);
        assert_eq!(
            (out.stdout.as_str(), out.stderr.as_str()),
            ("", ""),
            "{path}"
        );
        let written: Value =
            serde_json::from_str(&std::fs::read_to_string(&output).expect("the export is written"))
                .expect("the export is JSON");
        assert_eq!(
            w3c_musts::w3c_failures(&written),
            Vec::<String>::new(),
            "{path}"
        );
        assert_eq!(written["type"], "AnnotationCollection");
        assert_eq!(written["total"], native.len(), "{path}");
        let (back_code, back) = verdicts(dir.path(), &output.display().to_string());
        assert_eq!(back, native, "{path}");
        assert_eq!(back_code, code, "{path}");
    }
}

#[test]
fn each_evidence_item_is_a_quote_and_a_position_in_document_chars() {
    let out = export(
        &fixtures().join("markdown"),
        &["claims.json", "--format", "w3c"],
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let collection = out.json();
    let article = std::fs::canonicalize(fixtures().join("markdown/article.md")).expect("article");
    let raw = std::fs::read_to_string(&article).expect("article");
    let first = &collection["first"]["items"][1];
    assert_eq!(first["id"], "urn:claimcheck:claims.json#bold-quote");
    assert_eq!(
        first["body"],
        json!([{
            "type": "TextualBody",
            "value": "The bridge was called \"a marvel of its age\" and cost 4.2 million dollars.",
            "format": "text/plain",
            "purpose": "describing",
        }])
    );
    let target = &first["target"][0];
    assert_eq!(target["type"], "SpecificResource");
    assert_eq!(
        target["source"],
        claimcheck::annotation::iri::file_iri(&article)
    );
    let selectors = target["selector"].as_array().expect("selectors");
    assert_eq!(selectors[0]["type"], "TextQuoteSelector");
    assert_eq!(
        selectors[0]["exact"],
        "“a marvel of its age”, cost 4.2 million dollars"
    );
    assert_eq!(selectors[0]["prefix"], "The bridge, ");
    assert_eq!(selectors[0]["suffix"], ".");
    // In the file the quote spans `**`, a line break and all.
    assert_eq!(selectors[1]["type"], "TextPositionSelector");
    let (start, end) = (
        selectors[1]["start"].as_u64().unwrap_or(0) as usize,
        selectors[1]["end"].as_u64().unwrap_or(0) as usize,
    );
    let in_file: String = raw.chars().skip(start).take(end - start).collect();
    assert_eq!(
        in_file,
        "“a marvel of its age”**, cost\n4.2 million dollars"
    );
    // The keys read in the usual order.
    let text = out.stdout;
    let at = |key: &str| text.find(key).unwrap_or(usize::MAX);
    assert!(at("\"@context\"") < at("\"id\"") && at("\"id\"") < at("\"type\""));
}

#[test]
fn several_files_export_an_array_of_collections() {
    let out = export(
        &fixtures(),
        &[
            "verdicts/claims.json",
            "markdown/claims.json",
            "--format",
            "w3c",
        ],
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let all = out.json();
    let ids: Vec<&str> = all
        .as_array()
        .expect("an array of collections")
        .iter()
        .map(|collection| collection["id"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        ids,
        [
            "urn:claimcheck:verdicts/claims.json",
            "urn:claimcheck:markdown/claims.json"
        ]
    );
    for collection in all.as_array().into_iter().flatten() {
        assert_eq!(w3c_musts::w3c_failures(collection), Vec::<String>::new());
    }
}

#[test]
fn the_output_file_is_written_whole_or_not_at_all() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = dir.path().join("out.json");
    let path = output.display().to_string();
    let claims = fixtures()
        .join("verdicts/claims.json")
        .display()
        .to_string();
    let out = export(&repo(), &[&claims, "--format", "w3c", "-o", &path]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("folder")
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["out.json"], "no temporary file is left");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).map(|m| m.permissions().mode() & 0o777);
        assert_eq!(mode(&output).ok(), Some(0o644));
        // Replacing a file keeps its permissions.
        std::fs::set_permissions(&output, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        let out = export(&repo(), &[&claims, "--format", "claimreview", "-o", &path]);
        assert_eq!(out.code, Some(0), "{}", out.stderr);
        assert_eq!(mode(&output).ok(), Some(0o600));
        let reviews: Value =
            serde_json::from_str(&std::fs::read_to_string(&output).expect("read")).expect("JSON");
        assert!(reviews.is_array());
    }
    let missing = dir
        .path()
        .join("no/such/folder/out.json")
        .display()
        .to_string();
    let out = export(&repo(), &[&claims, "--format", "w3c", "-o", &missing]);
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr.starts_with(&format!(
            "error[claimcheck::io]: cannot write `{missing}`: "
        )),
        "{}",
        out.stderr
    );
}

#[test]
fn an_input_error_exports_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = dir.path().join("out.json").display().to_string();
    let out = export(
        &fixtures(),
        &[
            "verdicts/claims.json",
            "bad/typo.json",
            "--format",
            "w3c",
            "-o",
            &output,
        ],
    );
    assert_eq!(out.code, Some(2));
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr.contains("unknown field `qoute` in evidence"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .ends_with("nothing exported: fix the files above first\n"),
        "{}",
        out.stderr
    );
    assert!(!Path::new(&output).exists());
}

#[test]
fn claimreview_rates_each_claim_by_its_verdict() {
    let dir = fixtures().join("verdicts");
    let (_, native) = verdicts(&dir, "claims.json");
    let out = export(
        &dir,
        &[
            "claims.json",
            "--format",
            "claimreview",
            "--author",
            "Example News",
            "--date",
            "2025-07-03",
            "--url",
            "https://example.org/fact-checks/council",
            "--article-url",
            "https://example.org/news/council-budget",
        ],
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let reviews = out.json();
    let reviews = reviews.as_array().expect("an array of reviews");
    assert_eq!(reviews.len(), native.len());
    let expected_rating = |status: &str| match status {
        "verified" => (5, "Supported by the article"),
        "moved" => (4, "Supported by the article; the passage moved"),
        "ambiguous" => (3, "Unclear: the quote is in the article more than once"),
        "drifted" => (2, "The article's wording has changed"),
        "unsupported" => (1, "Not supported by the quoted passages"),
        "broken" => (1, "The quoted passage is no longer in the article"),
        other => panic!("unknown status {other}"),
    };
    let mut statuses = std::collections::BTreeSet::new();
    for (review, claim) in reviews.iter().zip(&native) {
        let status = claim["status"].as_str().unwrap_or("");
        statuses.insert(status.to_owned());
        let (value, name) = expected_rating(status);
        assert_eq!(review["@context"], "https://schema.org");
        assert_eq!(review["@type"], "ClaimReview");
        assert_eq!(review["identifier"], claim["id"]);
        assert_eq!(review["url"], "https://example.org/fact-checks/council");
        assert!(
            review["claimReviewed"]
                .as_str()
                .is_some_and(|c| !c.is_empty())
        );
        assert_eq!(
            review["itemReviewed"],
            json!({
                "@type": "Claim",
                "appearance": {"@type": "CreativeWork", "url": "https://example.org/news/council-budget"},
            })
        );
        assert_eq!(
            review["author"],
            json!({"@type": "Organization", "name": "Example News"})
        );
        assert_eq!(review["datePublished"], "2025-07-03");
        assert_eq!(
            review["reviewRating"],
            json!({
                "@type": "Rating",
                "ratingValue": value,
                "bestRating": 5,
                "worstRating": 1,
                "alternateName": name,
            }),
            "{}",
            claim["id"]
        );
    }
    assert_eq!(
        statuses.len(),
        6,
        "the fixture has every claim status: {statuses:?}"
    );
    assert_eq!(
        reviews[0]["claimReviewed"],
        "The council approved a budget of 15000 dollars."
    );
}

#[test]
fn claimreview_options_are_optional_but_checked() {
    let dir = fixtures().join("verdicts");
    let out = export(&dir, &["claims.json", "--format", "claimreview"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let reviews = out.json();
    let first = &reviews[0];
    assert!(first.get("author").is_none() && first.get("url").is_none());
    let date = first["datePublished"].as_str().unwrap_or("");
    assert!(
        claimcheck::export::claimreview::is_date(date),
        "today, as YYYY-MM-DD: {date}"
    );
    let article = std::fs::canonicalize(dir.join("article.txt")).expect("article");
    assert_eq!(
        first["itemReviewed"]["appearance"]["url"],
        claimcheck::annotation::iri::file_iri(&article)
    );
    for bad in ["2025-02-30", "03/07/2025", "yesterday"] {
        let out = export(
            &dir,
            &["claims.json", "--format", "claimreview", "--date", bad],
        );
        assert_eq!(out.code, Some(2), "{bad}");
        assert!(
            out.stderr
                .contains(&format!("expected a date like 2025-07-03, found `{bad}`")),
            "{}",
            out.stderr
        );
    }
    let out = export(&dir, &["claims.json"]);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("--format"), "{}", out.stderr);
}
