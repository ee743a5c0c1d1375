//! The small conventions of a good command line that case files cannot
//! hold (their output is long and changes with every option): shell
//! completions for every shell, and the manual page.

mod common;

use common::{claimcheck, repo};

/// Every command a user runs.
const COMMANDS: [&str; 7] = [
    "check",
    "paragraphs",
    "diff",
    "fix",
    "pin",
    "report",
    "export",
];

#[test]
fn completions_for_every_shell_name_every_command() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = claimcheck(&repo(), &["completions", shell]);
        assert_eq!(out.code, Some(0), "{shell}: {}", out.stderr);
        assert_eq!(out.stderr, "", "{shell}");
        for command in COMMANDS {
            assert!(
                out.stdout.contains(command),
                "{shell} completes `{command}`"
            );
        }
        assert!(out.stdout.contains("deny-warnings"), "{shell}");
    }
    let out = claimcheck(&repo(), &["completions", "tcsh"]);
    assert_eq!(out.code, Some(2), "an unknown shell is a usage error");
}

#[test]
fn the_manual_page_is_roff_for_every_command() {
    let out = claimcheck(&repo(), &["man"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.stdout.contains(".TH claimcheck 1"),
        "{}",
        &out.stdout[..200]
    );
    for command in COMMANDS {
        assert!(
            out.stdout.contains(&format!("claimcheck\\-{command}")),
            "{command}"
        );
    }
}

#[test]
fn the_manual_has_a_page_per_command_in_a_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out_dir = dir.path().join("man1");
    let out = claimcheck(
        &repo(),
        &["man", "--dir", out_dir.to_str().expect("utf-8 path")],
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let mut names: Vec<String> = std::fs::read_dir(&out_dir)
        .expect("the folder is made")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "claimcheck-check.1",
            "claimcheck-completions.1",
            "claimcheck-diff.1",
            "claimcheck-export.1",
            "claimcheck-fix.1",
            "claimcheck-paragraphs.1",
            "claimcheck-pin.1",
            "claimcheck-report.1",
            "claimcheck.1",
        ]
    );
    let check = std::fs::read_to_string(out_dir.join("claimcheck-check.1")).expect("page");
    assert!(check.contains(".TH claimcheck-check 1"), "{check}");
    assert!(
        check.contains("\\-\\-baseline"),
        "the page lists check's options"
    );
    // A folder that cannot be made is an io error, exit 2.
    let blocked = dir.path().join("file");
    std::fs::write(&blocked, "").expect("write");
    let out = claimcheck(
        &repo(),
        &[
            "man",
            "--dir",
            blocked.join("man1").to_str().expect("utf-8"),
        ],
    );
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("claimcheck::io"), "{}", out.stderr);
}
