//! An annotation file from an untrusted pull request cannot make claimcheck
//! read outside the project, flood a terminal or a CI log with escapes, or
//! lose a report silently (issue 15). These cases need the machine's own
//! special files (`/proc`, `/dev`), symlinks or closed streams, which case
//! files cannot hold.

mod common;

use std::path::Path;
use std::process::Stdio;

use common::{Output, claimcheck};

/// A project folder (its own git work tree) holding `article.txt`.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join(".git")).expect("a git folder");
    std::fs::write(
        dir.path().join("article.txt"),
        "The council approved a budget of 15,000 dollars on Monday.\n",
    )
    .expect("write");
    dir
}

fn annotations_naming(dir: &Path, source: &str) {
    let text = serde_json::json!({
        "source": source,
        "claims": [{
            "id": "secret",
            "claim": "The environment holds a token.",
            "evidence": [{"quote": "TOKEN=hunter2 in the environment"}]
        }]
    });
    std::fs::write(dir.join("claims.json"), text.to_string()).expect("write");
}

fn refused(out: &Output, path: &str) {
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr
            .contains(&format!("refusing to read the source `{path}`")),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("claimcheck::source"), "{}", out.stderr);
}

#[cfg(target_os = "linux")]
#[test]
fn sources_outside_the_project_are_refused_and_never_shown() {
    let dir = project();
    std::fs::create_dir(dir.path().join("inner")).expect("folder");
    for source in [
        "/proc/self/environ",
        "/etc/passwd",
        "../../../../../../etc/passwd",
    ] {
        annotations_naming(dir.path(), source);
        let out = claimcheck(dir.path(), &["check", "claims.json"]);
        refused(&out, source);
        assert!(!out.stderr.contains("root:"), "{}", out.stderr);
        assert!(!out.stderr.contains("PATH="), "{}", out.stderr);
        let json = claimcheck(dir.path(), &["check", "claims.json", "--format", "json"]);
        assert_eq!(json.code, Some(2));
        assert_eq!(
            json.json()["files"][0]["errors"][0]["code"],
            "claimcheck::source"
        );
    }
    // A symlink inside the project to a file outside it is outside too.
    std::os::unix::fs::symlink("/etc/passwd", dir.path().join("inner/article.txt")).expect("link");
    annotations_naming(dir.path(), "inner/article.txt");
    refused(
        &claimcheck(dir.path(), &["check", "claims.json"]),
        "inner/article.txt",
    );
    // On purpose, for local use.
    let out = claimcheck(
        dir.path(),
        &["check", "claims.json", "--allow-source-outside"],
    );
    assert_eq!(out.code, Some(1), "read, and the quote is not there");
}

#[cfg(target_os = "linux")]
#[test]
fn devices_are_refused_even_inside_the_project() {
    let dir = project();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.txt")).expect("link");
    annotations_naming(dir.path(), "zero.txt");
    // /dev is outside the project; and with --allow-source-outside the
    // size limit stops an endless file.
    refused(
        &claimcheck(dir.path(), &["check", "claims.json"]),
        "zero.txt",
    );
    let out = claimcheck(
        dir.path(),
        &["check", "claims.json", "--allow-source-outside"],
    );
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("cannot read source `zero.txt`: it is larger than the limit of 256 MB"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_project_root_is_found_above_the_current_folder() {
    let dir = project();
    std::fs::create_dir_all(dir.path().join("a/b")).expect("folders");
    annotations_naming(&dir.path().join("a/b"), "../../article.txt");
    let out = claimcheck(&dir.path().join("a/b"), &["check", "claims.json"]);
    assert_eq!(out.code, Some(1), "read: inside the root above");
}

/// `claimcheck ARGS` in `dir` with stdout sent to `stdout`.
fn with_stdout(dir: &Path, args: &[&str], stdout: Stdio) -> (Option<i32>, String) {
    let output = std::process::Command::new(assert_cmd::cargo::cargo_bin("claimcheck"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .stdout(stdout)
        .output()
        .expect("runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[cfg(target_os = "linux")]
#[test]
fn a_report_that_cannot_be_written_is_an_error() {
    let repo = common::repo();
    let rev2 = "sources/russia-recognizes-taliban.rev2.txt";
    let article = "sources/russia-recognizes-taliban.txt";
    for args in [
        &["check", "--format", "json"][..],
        &["check", "--format", "sarif"],
        &[
            "check",
            "tests/fixtures/verdicts/claims.json",
            "--format",
            "github",
        ],
        &["paragraphs", article],
        &["paragraphs", article, "--format", "json"],
        &["diff", article, rev2],
        &["fix", "--source", rev2, "--dry-run"],
    ] {
        let full = std::fs::File::create("/dev/full").expect("/dev/full");
        let (code, stderr) = with_stdout(&repo, args, Stdio::from(full));
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("error[claimcheck::io]: cannot write the report to standard output: No space left on device"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn a_reader_that_goes_away_is_not_an_error() {
    let repo = common::repo();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("claimcheck"))
        .current_dir(&repo)
        .args(["check", "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    // Closing the pipe at once, as `| head -0` does.
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("ends");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn a_second_report_goes_to_its_own_file_atomically() {
    let repo = common::repo();
    let dir = tempfile::tempdir().expect("temp dir");
    let sarif = dir.path().join("claims.sarif");
    let out = claimcheck(
        &repo,
        &[
            "check",
            "--output-file",
            sarif.to_str().expect("UTF-8 path"),
            "--output-format",
            "sarif",
        ],
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.stderr, "✓ 52 claims in 1 file: 52 verified\n");
    let log: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).expect("written")).expect("JSON");
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(
        std::fs::read_dir(dir.path()).expect("list").count(),
        1,
        "no temporary file is left"
    );
    // A folder that does not exist: nothing is written, and it says so.
    let out = claimcheck(
        &repo,
        &[
            "check",
            "--output-file",
            "/nonexistent/claims.sarif",
            "--output-format",
            "sarif",
        ],
    );
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr
            .contains("cannot write the report to `/nonexistent/claims.sarif`"),
        "{}",
        out.stderr
    );
}

/// A project with `annotations/claims.json` naming `../sources/article.txt`.
fn annotated_project() -> tempfile::TempDir {
    let dir = project();
    std::fs::create_dir_all(dir.path().join("annotations")).expect("folder");
    std::fs::create_dir_all(dir.path().join("sources")).expect("folder");
    std::fs::rename(
        dir.path().join("article.txt"),
        dir.path().join("sources/article.txt"),
    )
    .expect("move");
    let text = serde_json::json!({
        "source": "../sources/article.txt",
        "claims": [{
            "id": "budget",
            "claim": "The council approved a budget of 15,000 dollars.",
            "evidence": [{"quote": "approved a budget of 15,000 dollars"}]
        }]
    });
    std::fs::write(dir.path().join("annotations/claims.json"), text.to_string()).expect("write");
    dir
}

#[test]
fn the_same_file_named_several_ways_is_checked_once() {
    let dir = annotated_project();
    let out = claimcheck(
        dir.path(),
        &[
            "check",
            "annotations",
            "annotations/claims.json",
            "./annotations",
            "annotations/../annotations/claims.json",
        ],
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.stderr, "✓ 1 claim in 1 file: 1 verified\n");
}

#[cfg(unix)]
#[test]
fn a_dangling_or_looping_symlink_in_a_folder_is_reported() {
    let dir = annotated_project();
    let annotations = dir.path().join("annotations");
    std::os::unix::fs::symlink(
        annotations.join("gone.json"),
        annotations.join("dangling.json"),
    )
    .expect("link");
    std::os::unix::fs::symlink(annotations.join("loop.json"), annotations.join("loop.json"))
        .expect("link");
    let out = claimcheck(dir.path(), &["check"]);
    assert_eq!(out.code, Some(0), "warnings only: {}", out.stderr);
    for expected in [
        "⚠ skipping `annotations/dangling.json`: it is a symlink to nothing",
        "⚠ skipping `annotations/loop.json`: it is a symlink loop",
        "⚠ 1 claim in 1 file: 1 verified",
    ] {
        assert!(out.stderr.contains(expected), "{expected}\n{}", out.stderr);
    }
    let denied = claimcheck(dir.path(), &["check", "--deny-warnings"]);
    assert_eq!(denied.code, Some(1));
}

#[cfg(unix)]
#[test]
fn a_source_is_found_beside_the_annotation_files_real_folder() {
    let dir = annotated_project();
    // `elsewhere/claims` is a symlink to `annotations`: the file's source is
    // still `../sources/article.txt` from where the file really is.
    std::fs::create_dir(dir.path().join("elsewhere")).expect("folder");
    std::os::unix::fs::symlink(
        dir.path().join("annotations"),
        dir.path().join("elsewhere/claims"),
    )
    .expect("link");
    let out = claimcheck(
        dir.path(),
        &["check", "elsewhere/claims/claims.json", "--format", "json"],
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.json()["files"][0]["source"], "sources/article.txt");
}

#[test]
fn an_empty_shard_says_it_is_empty() {
    let dir = annotated_project();
    let owned: Vec<bool> = (1..=4)
        .map(|i| {
            let out = claimcheck(dir.path(), &["check", "--shard", &format!("{i}/4")]);
            !out.stderr.contains("is empty")
        })
        .collect();
    assert_eq!(
        owned.iter().filter(|&&o| o).count(),
        1,
        "one shard holds the file"
    );
    let empty = owned.iter().position(|&o| !o).expect("an empty shard") + 1;
    let out = claimcheck(dir.path(), &["check", "--shard", &format!("{empty}/4")]);
    assert_eq!(out.code, Some(0));
    assert_eq!(
        out.stderr,
        format!(
            "warning: shard {empty}/4 is empty: none of the 1 annotation files in `annotations` fall in it\n✓ 0 claims in 0 files\n"
        )
    );
}
