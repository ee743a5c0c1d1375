//! Bad input that case files cannot hold (the rest is in
//! `tests/cmd/bad-input/` and `tests/cmd/encoding/`): a diagnostic, exit 2
//! and never a panic; `--format json` stays valid JSON on stdout.

mod common;

use std::path::Path;

use common::{Output, claimcheck, fixtures};
use serde_json::Value;

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

/// Not a case file: the inputs are generated (100 000 brackets, 500 kB),
/// too big to commit for one error message.
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

/// Not a case file: it needs a symlink loop. Git checks symlinks out as
/// plain files on Windows, and a loop under `tests/cmd/` would trap every
/// tool that walks the tree.
#[cfg(unix)]
#[test]
fn a_symlink_loop_is_not_followed_forever() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("annotations");
    std::fs::create_dir_all(root.join("sub")).expect("mkdir");
    std::fs::copy(
        fixtures().join("bad/article.txt"),
        dir.path().join("article.txt"),
    )
    .expect("copy");
    std::fs::write(
        root.join("sub/a.json"),
        r#"{"source": "../../article.txt", "claims": []}"#,
    )
    .expect("write");
    std::os::unix::fs::symlink("..", root.join("sub/loop")).expect("symlink");
    let (_, report) = check_both(dir.path(), &["annotations"], 0);
    assert_eq!(report["summary"]["files"], 1, "{report:#}");
}
