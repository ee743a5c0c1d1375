//! `fix` over the bundled revision of the article
//! (`sources/russia-recognizes-taliban.rev2.txt`, edits listed in
//! `tests/fixtures/rev2-edits.md`), where the written file matters and a
//! case file cannot hold it (`diff` and `fix --dry-run` on it are in
//! `tests/cmd/diff/` and `tests/cmd/fix/`).

mod common;

use std::fs;
use std::path::Path;

use common::{claimcheck, repo};
use serde_json::json;

const OLD: &str = "sources/russia-recognizes-taliban.txt";
const NEW: &str = "sources/russia-recognizes-taliban.rev2.txt";
const ANNOTATIONS: &str = "annotations/russia-recognizes-taliban.json";

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

/// Not a case file: the bundled annotation file holds `\"` escapes, and
/// trycmd compares written files (`NAME.out/`) with every `\` of the
/// actual file read as `/`, so no expected file could match it; and it
/// runs `fix`, `check` and `fix` again in one folder.
#[test]
fn fix_rewrites_only_anchors_and_check_is_clean_of_moved() {
    let dir = scratch();
    let before = read(dir.path(), ANNOTATIONS);
    let out = claimcheck(dir.path(), &["fix", "--source", NEW]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    let after = read(dir.path(), ANNOTATIONS);
    // Line for line, only `paragraph`, `start` and `end` values changed,
    // and `source`, which now names the revision the anchors refer to.
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
                ["\"paragraph\"", "\"start\"", "\"end\"", "\"source\""]
                    .contains(&key(old).as_str()),
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

/// Not a case file: the bundled annotation file holds `\"` escapes, and
/// trycmd compares written files (`NAME.out/`) with every `\` of the
/// actual file read as `/`, so no expected file could match it; and it
/// runs `fix --accept-drift`, then `check`, in one folder.
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

/// Not a case file: it sets file permissions and compares inodes.
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

/// Not a case file: it needs a read-only folder.
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
