//! The small conventions of a good command line that case files cannot
//! hold (their output is long and changes with every option): shell
//! completions for every shell, and the manual page.

mod common;

use common::{claimcheck, repo};

#[test]
fn completions_for_every_shell_name_every_command() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = claimcheck(&repo(), &["completions", shell]);
        assert_eq!(out.code, Some(0), "{shell}: {}", out.stderr);
        assert_eq!(out.stderr, "", "{shell}");
        for command in [
            "check",
            "paragraphs",
            "diff",
            "fix",
            "pin",
            "report",
            "export",
        ] {
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
    for command in [
        "check",
        "paragraphs",
        "diff",
        "fix",
        "pin",
        "report",
        "export",
    ] {
        assert!(
            out.stdout.contains(&format!("claimcheck\\-{command}")),
            "{command}"
        );
    }
}
