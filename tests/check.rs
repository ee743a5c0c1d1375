//! `claimcheck check`: verdicts, locations, exit codes and the JSON report,
//! asserted the way a user or CI sees them.

mod common;

use common::{claimcheck, fixtures, repo, statuses};
use serde_json::json;

#[test]
fn bundled_article_verifies_and_exits_zero() {
    let out = claimcheck(&repo(), &["check"]);
    assert_eq!(out.code, Some(0), "stderr:\n{}", out.stderr);
    assert!(
        out.stderr.starts_with("✓ 52 claims in 1 file: 52 verified"),
        "{}",
        out.stderr
    );
}

#[test]
fn bundled_article_json_report() {
    let out = claimcheck(&repo(), &["check", "--format", "json"]);
    assert_eq!(out.code, Some(0));
    let report = out.json();
    assert_eq!(report["version"], 1);
    let file = &report["files"][0];
    assert_eq!(
        file["annotations"],
        "annotations/russia-recognizes-taliban.json"
    );
    assert_eq!(file["source"], "sources/russia-recognizes-taliban.txt");
    let date = &file["claims"][1];
    assert_eq!(date["id"], "recognition-date");
    assert_eq!(date["status"], "verified");
    assert_eq!(date["evidence"][0]["status"], "exact");
    assert_eq!(
        date["evidence"][0]["found"],
        json!({"paragraph": "p2", "start": 0, "end": 78, "line": 3, "column": 1})
    );
    assert_eq!(date["messages"], json!([]));
    let summary = &report["summary"];
    assert_eq!(summary["claims"], 52);
    assert_eq!(summary["verified"], 52);
    assert_eq!(summary["errors"], 0);
}

#[test]
fn every_verdict_with_its_location() {
    let dir = fixtures().join("verdicts");
    let out = claimcheck(&dir, &["check", "claims.json", "--format", "json"]);
    assert_eq!(out.code, Some(1), "errors exit 1");
    let report = out.json();
    assert_eq!(
        statuses(&report),
        [
            ("budget", "verified"),
            ("mayor-moved", "moved"),
            ("critics", "ambiguous"),
            ("vote-year", "drifted"),
            ("governor", "broken"),
            ("no-evidence", "unsupported"),
            ("budget-figure", "unsupported"),
            ("mayor-phrase", "unsupported"),
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
    );
    let claims = &report["files"][0]["claims"];
    let found = |i: usize| claims[i]["evidence"][0]["found"].clone();
    assert_eq!(found(0)["paragraph"], "p1");
    assert_eq!(
        (found(0)["start"].clone(), found(0)["end"].clone()),
        (json!(12), json!(47))
    );
    // Moved: recorded in p3, found in p2 at the same offsets.
    assert_eq!(claims[1]["evidence"][0]["status"], "moved");
    assert_eq!(found(1)["paragraph"], "p2");
    assert_eq!(
        (found(1)["start"].clone(), found(1)["end"].clone()),
        (json!(15), json!(45))
    );
    // Ambiguous: the first of two occurrences.
    assert_eq!(claims[2]["evidence"][0]["occurrences"], 2);
    assert_eq!(
        found(2),
        json!({"paragraph": "p3", "start": 0, "end": 26, "line": 3, "column": 1})
    );
    // Drifted: the closest passage and what it says now.
    assert_eq!(claims[3]["evidence"][0]["status"], "drifted");
    assert_eq!(found(3)["paragraph"], "p4");
    assert_eq!(found(3)["start"], 0);
    assert_eq!(
        claims[3]["evidence"][0]["text"],
        "Residents will vote on the measure in 2027"
    );
    // Broken: nothing found.
    assert_eq!(
        claims[4]["evidence"][0],
        json!({"status": "broken", "found": null})
    );
    assert_eq!(claims[5]["evidence"], json!([]));
    assert_eq!(
        claims[6]["messages"],
        json!([
            "claim `budget-figure` states the number 20,000, which none of its evidence quotes contains"
        ])
    );
    assert_eq!(
        claims[7]["messages"],
        json!([
            "claim `mayor-phrase` states the quoted phrase \"a fresh start\", which none of its evidence quotes contains"
        ])
    );
    let summary = &report["summary"];
    assert_eq!(
        summary,
        &json!({"files": 1, "claims": 8, "verified": 1, "moved": 1, "ambiguous": 1,
                "drifted": 1, "broken": 1, "unsupported": 3, "errors": 6, "warnings": 1,
                "input_errors": 0})
    );
}

#[test]
fn warnings_pass_unless_denied() {
    let dir = fixtures().join("warnings");
    let out = claimcheck(&dir, &["check", "moved.json"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stderr.contains("claimcheck::moved"), "{}", out.stderr);
    let out = claimcheck(&dir, &["check", "moved.json", "--deny-warnings"]);
    assert_eq!(out.code, Some(1));
}

#[test]
fn check_against_another_revision() {
    let dir = fixtures().join("warnings");
    let out = claimcheck(
        &dir,
        &[
            "check",
            "moved.json",
            "--source",
            "revised.txt",
            "--format",
            "json",
        ],
    );
    let report = out.json();
    assert_eq!(report["files"][0]["source"], "revised.txt");
    assert_eq!(
        statuses(&report),
        [("quote".to_owned(), "drifted".to_owned())]
    );
    assert_eq!(out.code, Some(1));
}

#[test]
fn human_output_snapshot() {
    let dir = fixtures().join("verdicts");
    let out = claimcheck(&dir, &["check", "claims.json"]);
    assert_eq!(out.code, Some(1));
    assert_eq!(out.stdout, "", "human output goes to stderr");
    insta::assert_snapshot!("verdicts_human", out.stderr);
}

#[test]
fn markdown_source_points_at_exact_bytes() {
    let dir = fixtures().join("markdown");
    let out = claimcheck(&dir, &["check", "claims.json", "--format", "json"]);
    let report = out.json();
    assert_eq!(
        statuses(&report),
        [
            ("heading", "verified"),
            ("bold-quote", "verified"),
            ("list-item", "verified"),
            ("cell", "verified"),
            ("entity", "drifted"),
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
    );
    let out = claimcheck(&dir, &["check", "claims.json"]);
    insta::assert_snapshot!("markdown_human", out.stderr);
}

#[test]
fn no_annotations_folder_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = claimcheck(dir.path(), &["check"]);
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr
            .contains("there is no `annotations/` folder here"),
        "{}",
        out.stderr
    );
}

#[test]
fn shards_split_the_files_deterministically() {
    let dir = tempfile::tempdir().expect("temp dir");
    let warnings = fixtures().join("warnings");
    std::fs::copy(warnings.join("article.txt"), dir.path().join("article.txt")).expect("copy");
    for i in 0..12 {
        std::fs::copy(
            warnings.join("moved.json"),
            dir.path().join(format!("a{i:02}.json")),
        )
        .expect("copy");
    }
    let files_of = |shard: &str| -> Vec<String> {
        let out = claimcheck(
            dir.path(),
            &["check", ".", "--shard", shard, "--format", "json"],
        );
        out.json()["files"]
            .as_array()
            .map(|files| {
                files
                    .iter()
                    .map(|f| f["annotations"].as_str().unwrap_or_default().to_owned())
                    .collect()
            })
            .unwrap_or_default()
    };
    let shards: Vec<Vec<String>> = ["1/3", "2/3", "3/3"].iter().map(|s| files_of(s)).collect();
    let mut all: Vec<String> = shards.concat();
    all.sort();
    let expected: Vec<String> = (0..12).map(|i| format!("./a{i:02}.json")).collect();
    assert_eq!(all, expected, "every file in exactly one shard");
    assert!(shards.iter().all(|s| !s.is_empty()), "{shards:?}");
    assert_eq!(files_of("2/3"), shards[1], "the same split every time");
}

#[test]
fn a_bad_shard_is_a_usage_error() {
    for shard in ["0/3", "4/3", "x/3", "3"] {
        let out = claimcheck(&repo(), &["check", "--shard", shard]);
        assert_eq!(out.code, Some(2), "{shard}: {}", out.stderr);
        assert!(out.stderr.contains("--shard"), "{}", out.stderr);
    }
}

#[test]
fn github_annotations_point_at_the_annotation_file() {
    let dir = fixtures().join("verdicts");
    let out = claimcheck(&dir, &["check", "claims.json", "--format", "github"]);
    assert_eq!(out.code, Some(1));
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 7, "{}", out.stdout);
    assert_eq!(
        lines[0],
        "::warning file=claims.json,line=24,col=24,endLine=24,endColumn=28,\
         title=claimcheck%3A%3Amoved::claim `mayor-moved`: the quote moved from p3:15-45 to \
         p2:15-45 (now at p2:15-45: article.txt:2:16)%0Arun `claimcheck fix` to re-anchor it"
    );
    assert!(
        lines[1..]
            .iter()
            .all(|l| l.starts_with("::error file=claims.json,line="))
    );
    assert!(out.stderr.contains("8 claims in 1 file"), "{}", out.stderr);
}

#[test]
fn sarif_log_has_one_result_per_finding() {
    let dir = fixtures().join("verdicts");
    let out = claimcheck(&dir, &["check", "claims.json", "--format", "sarif"]);
    assert_eq!(out.code, Some(1));
    let log = out.json();
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "claimcheck");
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let results = run["results"].as_array().cloned().unwrap_or_default();
    let rules: Vec<&str> = results
        .iter()
        .filter_map(|r| r["ruleId"].as_str())
        .collect();
    assert_eq!(
        rules,
        [
            "moved",
            "ambiguous",
            "drifted",
            "broken",
            "unsupported",
            "unsupported",
            "unsupported"
        ]
    );
    let drifted = &results[2];
    assert_eq!(drifted["level"], "error");
    assert_eq!(
        drifted["locations"][0]["physicalLocation"]["region"],
        json!({"startLine": 46, "startColumn": 20, "endLine": 46, "endColumn": 65})
    );
    // Relative to the project root (here the repository), whatever the
    // current folder.
    assert_eq!(
        drifted["relatedLocations"][0]["physicalLocation"]["artifactLocation"],
        json!({"uri": "tests/fixtures/verdicts/article.txt", "uriBaseId": "%SRCROOT%"})
    );
}

#[test]
fn a_folder_without_annotations_warns() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("notes.txt"), "not an annotation file").expect("write");
    let out = claimcheck(dir.path(), &["check", "."]);
    assert_eq!(out.code, Some(0));
    assert_eq!(
        out.stderr,
        "warning: no annotation files (*.json) found in `.`\n✓ 0 claims in 0 files\n"
    );
}
