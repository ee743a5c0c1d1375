//! `claimcheck.toml` (CONTRACT §5): found in the current folder or the
//! nearest one above it; every key validated, every mistake reported with
//! its place in the file and a "did you mean" where one fits.

use std::path::{Path, PathBuf};

use claimcheck::config::{self, Config, ConfigError, Level};
use claimcheck::verdict::ClaimStatus;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixtures() -> PathBuf {
    repo().join("tests/fixtures/config")
}

fn parsed(text: &str) -> Config {
    Config::parse(text).unwrap_or_else(|errors| panic!("{text}\n{errors:#?}"))
}

/// Every error `text` gives, as (the text under its span, message, help).
fn errors(text: &str) -> Vec<(String, String, Option<String>)> {
    let errors = Config::parse(text).expect_err("the config should be rejected");
    errors
        .into_iter()
        .map(
            |ConfigError {
                 message,
                 span,
                 help,
             }| (text[span].to_owned(), message, help),
        )
        .collect()
}

fn only_error(text: &str) -> (String, String, Option<String>) {
    let mut all = errors(text);
    assert_eq!(all.len(), 1, "{all:#?}");
    all.remove(0)
}

#[test]
fn the_example_config_sets_every_key_and_parses() {
    let text = std::fs::read_to_string(repo().join("claimcheck.toml.example")).expect("example");
    let config = parsed(&text);
    let paths: Vec<&str> = config
        .paths
        .iter()
        .flatten()
        .map(|path| path.value.as_str())
        .collect();
    assert_eq!(paths, ["annotations"]);
    assert_eq!(config.severity.level(ClaimStatus::Moved), Level::Error);
    assert_eq!(
        config.severity.level(ClaimStatus::Unsupported),
        Level::Warning
    );
    for status in [
        ClaimStatus::Ambiguous,
        ClaimStatus::Drifted,
        ClaimStatus::Broken,
    ] {
        assert_eq!(config.severity.level(status), Level::Error);
    }
    let severity = config.severity;
    assert!(
        [
            severity.moved,
            severity.ambiguous,
            severity.drifted,
            severity.broken,
            severity.unsupported
        ]
        .iter()
        .all(Option::is_some),
        "the example sets every status"
    );
    assert!(config.ignores("draft-recognition"));
    assert!(config.ignores("wip-1"));
    assert!(!config.ignores("wip-12"));
    assert!(!config.ignores("recognition-date"));
    assert_eq!(config.pin_context(), 32);
    assert!(config.pin_context.is_some());
    assert_eq!(
        config.allow_source_outside.as_ref().map(|a| a.value),
        Some(false)
    );
    assert_eq!(config.max_file_size(), 256 * 1024 * 1024);
    assert!(config.max_file_size.is_some());
    assert_eq!(
        config.export_author.map(|a| a.value).as_deref(),
        Some("Example News fact-check desk")
    );
    // Each key and section has its comment on the line above.
    let lines: Vec<&str> = text.lines().collect();
    for key in [
        "paths =",
        "[severity]",
        "[ignore]",
        "[pin]",
        "[input]",
        "allow-source-outside =",
        "max-file-size =",
        "[export]",
        "author =",
    ] {
        let at = lines
            .iter()
            .position(|line| line.starts_with(key))
            .unwrap_or_else(|| panic!("{key} is in the example"));
        assert!(lines[at - 1].starts_with('#'), "{key} has no comment");
    }
}

#[test]
fn an_empty_file_leaves_every_default() {
    for text in ["", "\u{feff}", "# nothing here\n"] {
        let config = parsed(text);
        assert_eq!(config, Config::default());
        assert!(config.paths.is_none());
        assert_eq!(config.severity.level(ClaimStatus::Moved), Level::Warning);
        assert_eq!(config.severity.level(ClaimStatus::Broken), Level::Error);
        assert!(!config.ignores("anything"));
        assert_eq!(config.pin_context(), 32);
        assert!(!config.allow_source_outside());
        assert_eq!(config.max_file_size(), config::DEFAULT_MAX_FILE_SIZE);
    }
}

#[test]
fn values_keep_their_spans() {
    let text = "paths = [\"annotations\", \"more/claims.json\"]\n[pin]\ncontext = 0x10\n";
    let config = parsed(text);
    let paths = config.paths.as_ref().expect("paths");
    assert_eq!(&text[paths[1].span.clone()], "\"more/claims.json\"");
    let context = config.pin_context.as_ref().expect("context");
    assert_eq!((context.value, &text[context.span.clone()]), (16, "0x10"));
    assert_eq!(
        config.resolve_paths(Path::new("/news")),
        Some(vec![
            PathBuf::from("/news/annotations"),
            PathBuf::from("/news/more/claims.json")
        ])
    );
}

#[test]
fn dotted_keys_and_inline_tables_read_the_same() {
    let a = parsed("severity.moved = \"off\"\nignore = { claims = [\"x\"] }\n");
    let b = parsed("[severity]\nmoved = \"off\"\n[ignore]\nclaims = [\"x\"]\n");
    assert_eq!(a.severity, b.severity);
    assert_eq!(a.severity.level(ClaimStatus::Moved), Level::Off);
    assert!(a.ignores("x") && b.ignores("x"));
}

#[test]
fn sizes_are_bytes_or_a_number_with_a_unit() {
    for (value, bytes) in [
        ("1048576", 1_048_576),
        ("\"10 MB\"", 10_000_000),
        ("\"1GiB\"", 1 << 30),
    ] {
        let config = parsed(&format!("[input]\nmax-file-size = {value}\n"));
        assert_eq!(config.max_file_size(), bytes, "{value}");
    }
    let config = parsed("[input]\nallow-source-outside = true\n");
    assert!(config.allow_source_outside());
}

#[test]
fn unknown_keys_suggest_the_close_name() {
    let cases = [
        (
            "sevrity.moved = \"error\"\n",
            "sevrity",
            "unknown key `sevrity` at the top level",
            "did you mean `severity`?",
        ),
        (
            "path = [\"a\"]\n",
            "path",
            "unknown key `path` at the top level",
            "did you mean `paths`?",
        ),
        (
            "[pin]\ncontxt = 3\n",
            "contxt",
            "unknown key `contxt` in [pin]",
            "did you mean `context`?",
        ),
        (
            "[ignore]\nclaim = [\"a\"]\n",
            "claim",
            "unknown key `claim` in [ignore]",
            "did you mean `claims`?",
        ),
        (
            "[input]\nmax-size = 10\n",
            "max-size",
            "unknown key `max-size` in [input]",
            "the keys here are `allow-source-outside`, `max-file-size`",
        ),
        (
            "[input]\nallow-sources-outside = true\n",
            "allow-sources-outside",
            "unknown key `allow-sources-outside` in [input]",
            "did you mean `allow-source-outside`?",
        ),
        (
            "[severity]\nmovd = \"error\"\n",
            "movd",
            "unknown status `movd` in [severity]",
            "did you mean `moved`?",
        ),
        (
            "[severity]\nverified = \"error\"\n",
            "verified",
            "unknown status `verified` in [severity]",
            "`verified` is never reported; the statuses that are: `moved`, `ambiguous`, `drifted`, `broken`, `unsupported`",
        ),
        (
            "version = 2\n",
            "version",
            "unknown key `version` at the top level",
            "the keys here are `paths`, `severity`, `ignore`, `pin`, `input`, `export`",
        ),
    ];
    for (text, under, message, help) in cases {
        assert_eq!(
            only_error(text),
            (under.to_owned(), message.to_owned(), Some(help.to_owned())),
            "{text}"
        );
    }
}

#[test]
fn wrong_types_point_at_the_value() {
    let cases: [(&str, &str, &str, Option<&str>); 11] = [
        (
            "paths = \"annotations\"\n",
            "\"annotations\"",
            "`paths` must be an array of strings, found a string",
            Some("write a list: `[\"annotations\"]`"),
        ),
        (
            "paths = [\"a\", 3]\n",
            "3",
            "`paths` must hold strings, found an integer",
            None,
        ),
        (
            "paths = [\"\"]\n",
            "\"\"",
            "`paths` must not hold an empty string",
            None,
        ),
        (
            "severity = \"error\"\n",
            "\"error\"",
            "`severity` must be a table, found a string",
            Some("write it as a table: `[severity]` on a line of its own"),
        ),
        (
            "[severity]\nmoved = \"warn\"\n",
            "\"warn\"",
            "unknown severity \"warn\" for `moved`",
            Some("did you mean \"warning\"?"),
        ),
        (
            "[severity]\nmoved = \"fatal\"\n",
            "\"fatal\"",
            "unknown severity \"fatal\" for `moved`",
            Some("a severity is \"error\", \"warning\" or \"off\""),
        ),
        (
            "[severity]\nbroken = true\n",
            "true",
            "the severity of `broken` must be a string, found a boolean",
            Some("a severity is \"error\", \"warning\" or \"off\""),
        ),
        (
            "[pin]\ncontext = \"32\"\n",
            "\"32\"",
            "`pin.context` must be a whole number, found a string",
            None,
        ),
        (
            "[pin]\ncontext = -1\n",
            "-1",
            "`pin.context` must be from 0 to 1000 chars",
            Some("annotation tools store 32, the default"),
        ),
        (
            "[input]\nallow-source-outside = \"true\"\n",
            "\"true\"",
            "`input.allow-source-outside` must be `true` or `false`, found a string",
            Some("write it without quotes: `true`"),
        ),
        (
            "[input]\nmax-file-size = \"lots\"\n",
            "\"lots\"",
            "`input.max-file-size` is not a size claimcheck understands",
            Some(
                "a size is a number of bytes, or a string like \"256 MB\" or \"1 GiB\" (B, KB, MB, GB, KiB, MiB, GiB)",
            ),
        ),
    ];
    for (text, under, message, help) in cases {
        assert_eq!(
            only_error(text),
            (
                under.to_owned(),
                message.to_owned(),
                help.map(str::to_owned)
            ),
            "{text}"
        );
    }
    let (under, message, _) = only_error("[input]\nmax-file-size = 1.5\n");
    assert_eq!(
        (under.as_str(), message.as_str()),
        (
            "1.5",
            "`input.max-file-size` must be a size, found a decimal number"
        )
    );
    let (under, message, _) = only_error("[export]\nauthor = \"\"\n");
    assert_eq!(
        (under.as_str(), message.as_str()),
        ("\"\"", "`export.author` must not be empty")
    );
}

#[test]
fn bad_claim_patterns_are_refused() {
    let (under, message, help) = only_error("[ignore]\nclaims = [\"draft-*\", \"v[12]-*\"]\n");
    assert_eq!(under, "\"v[12]-*\"");
    assert_eq!(message, "`[` is not supported in claim patterns");
    assert_eq!(
        help.as_deref(),
        Some("claim patterns know only `*` (any run of chars) and `?` (one char)")
    );
}

#[test]
fn every_error_is_reported_in_file_order() {
    let text = "\u{feff}sevrity = 1\n[pin]\ncontext = \"x\"\n[severity]\nmoved = \"warn\"\ndrifted = \"eror\"\n";
    let found: Vec<String> = errors(text)
        .into_iter()
        .map(|(under, _, _)| under)
        .collect();
    assert_eq!(found, ["sevrity", "\"x\"", "\"warn\"", "\"eror\""]);
}

#[test]
fn syntax_errors_are_located() {
    for (text, at) in [
        ("paths = [\"a\"\n", "\n"),
        ("[pin]\ncontext = = 3\n", "= 3"),
        ("paths = [\"a\"]\npaths = [\"b\"]\n", "paths"),
    ] {
        let errors = Config::parse(text).expect_err("invalid TOML");
        let first = &errors[0];
        assert!(first.message.starts_with("invalid TOML: "), "{first:?}");
        assert!(first.span.end <= text.len(), "{first:?}");
        assert!(
            text[first.span.start..].starts_with(at) || text[..first.span.end].ends_with(at),
            "{text:?}: {first:?}"
        );
    }
}

#[test]
fn discovery_finds_the_nearest_config_above() {
    let project = fixtures().join("project");
    let found = |start: &Path| config::discover(start);
    assert_eq!(
        found(&project.join("annotations/deep/deeper")),
        Some(project.join("claimcheck.toml"))
    );
    assert_eq!(found(&project), Some(project.join("claimcheck.toml")));
    // A nearer one wins over the project's.
    assert_eq!(
        found(&project.join("sub")),
        Some(project.join("sub/claimcheck.toml"))
    );
    // A folder named claimcheck.toml is not a config file.
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("a/claimcheck.toml")).expect("folder");
    assert_eq!(found(&dir.path().join("a")), None);
    std::fs::write(dir.path().join("claimcheck.toml"), "").expect("file");
    assert_eq!(
        found(&dir.path().join("a")),
        Some(dir.path().join("claimcheck.toml"))
    );
    // The fixtures parse, and say what the test above relies on.
    for file in ["claimcheck.toml", "sub/claimcheck.toml"] {
        let text = std::fs::read_to_string(project.join(file)).expect("fixture");
        parsed(&text);
    }
}
