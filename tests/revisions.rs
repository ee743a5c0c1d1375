//! `diff` and `fix` over the bundled revision of the article
//! (`sources/russia-recognizes-taliban.rev2.txt`, edits listed in
//! `tests/fixtures/rev2-edits.md`).

mod common;

use std::fs;
use std::path::Path;

use common::{claimcheck, repo};
use serde_json::{Value, json};

const OLD: &str = "sources/russia-recognizes-taliban.txt";
const NEW: &str = "sources/russia-recognizes-taliban.rev2.txt";
const ANNOTATIONS: &str = "annotations/russia-recognizes-taliban.json";

fn diff_json() -> Value {
    let out = claimcheck(
        &repo(),
        &[
            "diff",
            OLD,
            NEW,
            "--annotations",
            "annotations",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    out.json()
}

fn paragraph_entry(report: &Value, old: Option<&str>, new: Option<&str>) -> Value {
    report["paragraphs"]
        .as_array()
        .and_then(|all| {
            all.iter()
                .find(|p| p["old"].as_str() == old && p["new"].as_str() == new)
        })
        .cloned()
        .unwrap_or_else(|| panic!("no paragraph entry {old:?} → {new:?}"))
}

fn claim_change(report: &Value, id: &str) -> String {
    report["claims"]
        .as_array()
        .and_then(|all| all.iter().find(|c| c["id"] == id))
        .and_then(|c| c["change"].as_str())
        .unwrap_or_else(|| panic!("no claim {id}"))
        .to_owned()
}

#[test]
fn diff_reads_each_edit_as_what_it_is() {
    let report = diff_json();
    // A corrected figure and a reworded sentence: edited in place.
    assert_eq!(
        paragraph_entry(&report, Some("p5"), Some("p5"))["change"],
        "edited"
    );
    assert_eq!(
        paragraph_entry(&report, Some("p4"), Some("p4"))["change"],
        "edited"
    );
    // Typography alone is not an edit.
    assert_eq!(
        paragraph_entry(&report, Some("p3"), Some("p3"))["change"],
        "same"
    );
    // An inserted paragraph and the correction note.
    assert_eq!(
        paragraph_entry(&report, None, Some("p7"))["change"],
        "added"
    );
    assert_eq!(
        paragraph_entry(&report, None, Some("p26"))["change"],
        "added"
    );
    // Everything after the insertion moved down by one.
    assert_eq!(
        paragraph_entry(&report, Some("p8"), Some("p9"))["change"],
        "moved"
    );
    // A paragraph split in two: both halves pair with the old paragraph.
    assert_eq!(
        paragraph_entry(&report, Some("p15"), Some("p16")),
        json!({"old": "p15", "new": "p16", "change": "edited", "note": "split"})
    );
    assert_eq!(
        paragraph_entry(&report, Some("p15"), Some("p17")),
        json!({"old": "p15", "new": "p17", "change": "edited", "note": "split"})
    );
    // A cut paragraph.
    assert_eq!(
        paragraph_entry(&report, Some("p23"), None)["change"],
        "removed"
    );
    let count = |change: &str| {
        report["paragraphs"].as_array().map_or(0, |all| {
            all.iter().filter(|p| p["change"] == change).count()
        })
    };
    assert_eq!(
        [
            count("same"),
            count("moved"),
            count("edited"),
            count("added"),
            count("removed")
        ],
        [4, 17, 4, 2, 1]
    );
}

#[test]
fn diff_follows_each_claim() {
    let report = diff_json();
    assert_eq!(
        claim_change(&report, "moscow-concert-hall-attack-deaths"),
        "edited"
    );
    assert_eq!(
        claim_change(&report, "ties-before-2021-withdrawal"),
        "edited"
    );
    assert_eq!(claim_change(&report, "orphanage-indoctrination"), "removed");
    assert_eq!(claim_change(&report, "soviet-vietnam"), "same");
    assert_eq!(claim_change(&report, "poll-unnecessary-war"), "moved");
    let deaths = report["claims"]
        .as_array()
        .and_then(|all| {
            all.iter()
                .find(|c| c["id"] == "moscow-concert-hall-attack-deaths")
        })
        .cloned()
        .unwrap_or_default();
    assert!(
        deaths["evidence"][0]["diff"]
            .as_str()
            .is_some_and(|d| d.contains("left [-149-]{+145+} people dead")),
        "{deaths}"
    );
    // The split moved this quote to the second half, at new offsets.
    let poll = report["claims"]
        .as_array()
        .and_then(|all| all.iter().find(|c| c["id"] == "poll-unnecessary-war"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        poll["evidence"][0]["new"],
        json!({"paragraph": "p17", "start": 55, "end": 175})
    );
    let count = |change: &str| {
        report["claims"].as_array().map_or(0, |all| {
            all.iter().filter(|c| c["change"] == change).count()
        })
    };
    assert_eq!(
        [
            count("same"),
            count("moved"),
            count("edited"),
            count("removed")
        ],
        [12, 37, 2, 1]
    );
}

#[test]
fn diff_human_snapshot() {
    let out = claimcheck(&repo(), &["diff", OLD, NEW]);
    assert_eq!(out.code, Some(0));
    insta::assert_snapshot!("rev2_diff_human", out.stdout);
}

/// A scratch copy of the bundled article, its revision and annotations.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for sub in ["sources", "annotations"] {
        fs::create_dir(dir.path().join(sub)).expect("mkdir");
    }
    for file in [OLD, NEW, ANNOTATIONS] {
        fs::copy(repo().join(file), dir.path().join(file)).expect("copy");
    }
    dir
}

fn read(dir: &Path, file: &str) -> String {
    fs::read_to_string(dir.join(file)).expect("read")
}

#[test]
fn dry_run_prints_the_diff_and_writes_nothing() {
    let dir = scratch();
    let before = read(dir.path(), ANNOTATIONS);
    let out = claimcheck(dir.path(), &["fix", "--source", NEW, "--dry-run"]);
    assert_eq!(read(dir.path(), ANNOTATIONS), before);
    assert!(
        out.stdout
            .starts_with(&format!("--- {ANNOTATIONS}\n+++ {ANNOTATIONS}\n"))
    );
    assert!(
        out.stdout
            .contains("-          \"paragraph\": \"p22\",\n+          \"paragraph\": \"p24\",\n")
    );
    assert!(
        out.stderr
            .contains("would re-anchor 46 moved evidence items (dry run: nothing written)"),
        "{}",
        out.stderr
    );
    // Broken and drifted claims remain: exit 1.
    assert_eq!(out.code, Some(1));
}

#[test]
fn fix_rewrites_only_anchors_and_check_is_clean_of_moved() {
    let dir = scratch();
    let before = read(dir.path(), ANNOTATIONS);
    let out = claimcheck(dir.path(), &["fix", "--source", NEW]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    let after = read(dir.path(), ANNOTATIONS);
    // Line for line, only `paragraph`, `start` and `end` values changed.
    let (old_lines, new_lines): (Vec<_>, Vec<_>) =
        (before.lines().collect(), after.lines().collect());
    assert_eq!(old_lines.len(), new_lines.len());
    let mut changed = 0;
    for (old, new) in old_lines.iter().zip(&new_lines) {
        if old != new {
            changed += 1;
            let key = |l: &str| {
                l.trim_start()
                    .split(':')
                    .next()
                    .unwrap_or_default()
                    .to_owned()
            };
            assert_eq!(key(old), key(new));
            assert!(
                ["\"paragraph\"", "\"start\"", "\"end\""].contains(&key(old).as_str()),
                "{old} → {new}"
            );
        }
    }
    assert!(changed > 44, "{changed} lines changed");
    let check = claimcheck(dir.path(), &["check", "--source", NEW, "--format", "json"]);
    let summary = &check.json()["summary"];
    assert_eq!(summary["moved"], 0);
    assert_eq!(
        (
            summary["verified"].clone(),
            summary["drifted"].clone(),
            summary["broken"].clone()
        ),
        (json!(49), json!(2), json!(1))
    );
    // Idempotent: a second fix has nothing left to re-anchor.
    let again = claimcheck(dir.path(), &["fix", "--source", NEW]);
    assert!(again.stderr.contains("nothing to fix"), "{}", again.stderr);
    assert_eq!(read(dir.path(), ANNOTATIONS), after);
}

#[test]
fn accepting_drift_exposes_the_corrected_figure() {
    let dir = scratch();
    let out = claimcheck(dir.path(), &["fix", "--source", NEW, "--accept-drift"]);
    assert!(
        out.stderr.contains(
            "claim `moscow-concert-hall-attack-deaths` is now unsupported: it states the number 149"
        ),
        "{}",
        out.stderr
    );
    let after = read(dir.path(), ANNOTATIONS);
    assert!(after.contains("left 145 people dead"));
    let check = claimcheck(dir.path(), &["check", "--source", NEW, "--format", "json"]);
    let report = check.json();
    let summary = &report["summary"];
    assert_eq!(
        (
            summary["verified"].clone(),
            summary["unsupported"].clone(),
            summary["broken"].clone()
        ),
        (json!(50), json!(1), json!(1))
    );
}

#[cfg(unix)]
#[test]
fn fix_replaces_the_file_and_keeps_its_permissions() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = scratch();
    let path = dir.path().join(ANNOTATIONS);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).expect("chmod");
    let inode = fs::metadata(&path).expect("stat").ino();
    claimcheck(dir.path(), &["fix", "--source", NEW]);
    let meta = fs::metadata(&path).expect("stat");
    // A new file was renamed into place; the old one was never truncated.
    assert_ne!(meta.ino(), inode);
    assert_eq!(meta.permissions().mode() & 0o777, 0o640);
    let names: Vec<_> = fs::read_dir(dir.path().join("annotations"))
        .expect("ls")
        .filter_map(|e| e.ok().map(|e| e.file_name()))
        .collect();
    assert_eq!(names.len(), 1, "no temporary file left: {names:?}");
}

#[cfg(unix)]
#[test]
fn unwritable_folder_is_an_error_and_the_file_is_intact() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch();
    let folder = dir.path().join("annotations");
    let before = read(dir.path(), ANNOTATIONS);
    fs::set_permissions(&folder, fs::Permissions::from_mode(0o555)).expect("chmod");
    // root ignores folder permissions: then there is nothing to test.
    if fs::write(folder.join("probe"), "").is_ok() {
        eprintln!("skipped: running as a user that can write to read-only folders");
        return;
    }
    let out = claimcheck(dir.path(), &["fix", "--source", NEW]);
    fs::set_permissions(&folder, fs::Permissions::from_mode(0o755)).expect("chmod");
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(out.stderr.contains("cannot write"), "{}", out.stderr);
    assert_eq!(read(dir.path(), ANNOTATIONS), before);
}

#[test]
fn web_annotation_files_are_refused_by_fix() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(
        dir.path().join("a.txt"),
        "Alpha beta gamma.\nDelta epsilon.\n",
    )
    .expect("write");
    let w3c = json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "Annotation",
        "id": "x",
        "body": {"type": "TextualBody", "value": "Delta is there."},
        "target": {"source": "a.txt", "selector": {"type": "TextQuoteSelector", "exact": "Delta epsilon"}}
    });
    fs::write(dir.path().join("w3c.json"), w3c.to_string()).expect("write");
    let before = read(dir.path(), "w3c.json");
    let out = claimcheck(dir.path(), &["fix", "w3c.json"]);
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr.contains("is a W3C Web Annotation file"),
        "{}",
        out.stderr
    );
    assert_eq!(read(dir.path(), "w3c.json"), before);
}
