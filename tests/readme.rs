//! The README's command synopsis says what each command takes; `--help`
//! says what it really takes. This test holds them to each other (as
//! lychee's does), both ways, so the README cannot drift. The README's
//! `console` examples run as CLI cases (`tests/cli.rs`).

mod common;

use std::collections::BTreeSet;

use common::{claimcheck, repo};

/// Options every command takes, listed once under the synopsis.
const COMMON: [&str; 7] = [
    "--config",
    "--no-config",
    "--color",
    "--quiet",
    "--verbose",
    "--help",
    "--version",
];

/// `(command, its long options)` of each synopsis line.
fn synopsis() -> Vec<(String, BTreeSet<String>)> {
    let readme = std::fs::read_to_string(repo().join("README.md")).expect("README.md");
    let section = readme
        .split("## Commands\n")
        .nth(1)
        .and_then(|s| s.split("```text\n").nth(1))
        .and_then(|s| s.split("```").next())
        .expect("a ```text block under ## Commands");
    let mut commands: Vec<(String, BTreeSet<String>)> = Vec::new();
    for line in section.lines() {
        if let Some(rest) = line.strip_prefix("claimcheck ") {
            let name = rest
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_owned();
            commands.push((name, BTreeSet::new()));
        }
        if let Some((_, options)) = commands.last_mut() {
            options.extend(long_options(line));
        }
    }
    commands
}

fn long_options(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|word| word.starts_with("--") && word.len() > 2)
        .map(|word| word.trim_end_matches('-').to_owned())
        .filter(|word| !COMMON.contains(&word.as_str()))
        .collect()
}

#[test]
fn the_readme_synopsis_matches_every_commands_help() {
    let documented = synopsis();
    let names: BTreeSet<&str> = documented.iter().map(|(n, _)| n.as_str()).collect();
    // Every command `--help` lists is in the synopsis.
    let help = claimcheck(&repo(), &["--help"]);
    let listed: BTreeSet<String> = help
        .stdout
        .split("Commands:\n")
        .nth(1)
        .and_then(|s| s.split("\n\n").next())
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|&c| c != "help")
        .map(str::to_owned)
        .collect();
    for command in &listed {
        assert!(
            names.contains(command.as_str()),
            "`{command}` is missing from the README synopsis"
        );
    }
    for (command, options) in &documented {
        let out = claimcheck(&repo(), &[command, "--help"]);
        assert_eq!(
            out.code,
            Some(0),
            "`claimcheck {command} --help`: {}",
            out.stderr
        );
        let real = long_options(&out.stdout);
        assert_eq!(
            options, &real,
            "the README synopsis of `{command}` (left) and its --help (right) disagree"
        );
    }
}
