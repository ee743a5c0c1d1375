//! The CI files users copy (CONTRACT §5, issue 13 point 6): the pre-commit
//! hook definition and the GitHub Actions workflow the README shows. Each is
//! parsed as YAML, and the claimcheck commands it runs are run here, the way
//! pre-commit and the workflow run them.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{claimcheck, fixtures, repo};
use saphyr::{LoadableYamlNode, Scalar, Yaml};
use serde_json::Value;

/// A YAML document as JSON, to navigate and compare it simply.
fn to_json(yaml: &Yaml) -> Value {
    match yaml {
        Yaml::Value(Scalar::Null) => Value::Null,
        Yaml::Value(Scalar::Boolean(b)) => Value::Bool(*b),
        Yaml::Value(Scalar::Integer(i)) => Value::from(*i),
        Yaml::Value(Scalar::FloatingPoint(f)) => Value::from(f.into_inner()),
        Yaml::Value(Scalar::String(s)) => Value::from(s.as_ref()),
        Yaml::Sequence(items) => items.iter().map(to_json).collect(),
        Yaml::Mapping(map) => map
            .iter()
            .map(|(key, value)| {
                let key = match to_json(key) {
                    Value::String(key) => key,
                    other => other.to_string(),
                };
                (key, to_json(value))
            })
            .collect::<serde_json::Map<_, _>>()
            .into(),
        other => panic!("unexpected YAML node {other:?}"),
    }
}

fn load_yaml(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let docs = Yaml::load_from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(docs.len(), 1, "{}: one YAML document", path.display());
    to_json(&docs[0])
}

/// `claimcheck ARGS` as a hook or step writes it: split on whitespace, the
/// program name dropped.
fn args_of(command: &str) -> Vec<String> {
    let mut words = command.split_whitespace().map(str::to_owned);
    assert_eq!(words.next().as_deref(), Some("claimcheck"), "{command}");
    words.collect()
}

#[test]
fn the_pre_commit_hook_runs_check_on_the_staged_annotation_files() {
    let hooks = load_yaml(&repo().join(".pre-commit-hooks.yaml"));
    let hooks = hooks.as_array().expect("a list of hooks");
    assert_eq!(hooks.len(), 1);
    let hook = &hooks[0];
    assert_eq!(hook["id"], "claimcheck");
    assert_eq!(hook["entry"], "claimcheck check");
    // pre-commit builds it from this repository with cargo.
    assert_eq!(hook["language"], "rust");
    assert_eq!(hook["files"], r"\.json$");
    assert_eq!(hook["pass_filenames"], true);
    assert!(hook["name"].is_string() && hook["description"].is_string());

    // pre-commit runs the entry with the staged files' paths, relative to
    // the repository root, appended.
    let entry = args_of(hook["entry"].as_str().unwrap_or_default());
    let run = |files: &[&str]| {
        let mut args: Vec<&str> = entry.iter().map(String::as_str).collect();
        args.extend_from_slice(files);
        claimcheck(&repo(), &args)
    };
    let fine = [
        "annotations/russia-recognizes-taliban.json",
        "tests/fixtures/w3c/single.json",
    ];
    let out = run(&fine);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.stderr
            .ends_with("✓ 53 claims in 2 files: 53 verified\n"),
        "{}",
        out.stderr
    );
    // A staged file with a drifted quote fails the commit.
    let out = run(&[fine[0], "tests/fixtures/bad/multi/nested/c-drifted.json"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(out.stderr.contains("claimcheck::drifted"), "{}", out.stderr);
}

/// Every `claimcheck …` command line in the workflow's `run` steps.
fn claimcheck_runs(workflow: &Value) -> Vec<String> {
    workflow["jobs"]
        .as_object()
        .into_iter()
        .flat_map(|jobs| jobs.values())
        .flat_map(|job| job["steps"].as_array().cloned().unwrap_or_default())
        .filter_map(|step| step["run"].as_str().map(str::to_owned))
        .flat_map(|run| {
            run.lines()
                .map(str::trim)
                .filter(|line| line.starts_with("claimcheck "))
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn the_github_workflow_checks_each_shard_and_uploads_sarif() {
    let workflow = load_yaml(&repo().join("docs/github-workflow.yml"));
    // On every pull request (the key with no value) and push.
    assert!(
        workflow["on"].get("pull_request").is_some(),
        "{}",
        workflow["on"]
    );
    assert!(workflow["on"].get("push").is_some(), "{}", workflow["on"]);
    let job = &workflow["jobs"]["check"];
    assert_eq!(job["permissions"]["security-events"], "write");
    let shards: Vec<i64> = job["strategy"]["matrix"]["shard"]
        .as_array()
        .expect("a matrix over shards")
        .iter()
        .filter_map(Value::as_i64)
        .collect();
    assert_eq!(shards, [1, 2, 3, 4]);
    let steps = job["steps"].as_array().expect("steps");
    let upload = steps
        .iter()
        .find(|step| {
            step["uses"]
                .as_str()
                .is_some_and(|uses| uses.starts_with("github/codeql-action/upload-sarif@"))
        })
        .expect("a SARIF upload step");
    let sarif_file = upload["with"]["sarif_file"].as_str().expect("sarif_file");

    let runs = claimcheck_runs(&workflow);
    assert_eq!(runs.len(), 1, "{runs:?}");
    let (command, written) = runs[0]
        .split_once(" > ")
        .expect("the SARIF is saved to a file");
    assert_eq!(
        written.trim(),
        sarif_file,
        "the step uploads what the check wrote"
    );

    // An archive of annotation files under `annotations/`, where the
    // workflow runs: each shard checks some, together all, none twice.
    let dir = tempfile::tempdir().expect("temp dir");
    let archive = dir.path().join("annotations");
    std::fs::create_dir(&archive).expect("folder");
    let multi = fixtures().join("bad/multi");
    std::fs::copy(multi.join("article.txt"), archive.join("article.txt")).expect("copy");
    let claims = std::fs::read_to_string(multi.join("a-verified.json")).expect("fixture");
    for n in 0..12 {
        std::fs::write(archive.join(format!("story-{n:02}.json")), &claims).expect("write");
    }
    let mut seen = BTreeSet::new();
    for shard in &shards {
        let line = command.replace("${{ matrix.shard }}", &shard.to_string());
        let args = args_of(&line);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = claimcheck(dir.path(), &args);
        assert_eq!(out.code, Some(0), "`{line}`: {}", out.stderr);
        let sarif = out.json();
        assert_eq!(sarif["version"], "2.1.0", "`{line}`");

        // The same shard as a JSON report names the files it checked.
        let mut json_args: Vec<&str> = args
            .iter()
            .copied()
            .filter(|&a| a != "sarif" && a != "--format")
            .collect();
        json_args.extend(["--format", "json"]);
        let report = claimcheck(dir.path(), &json_args).json();
        for file in report["files"].as_array().into_iter().flatten() {
            let name = file["annotations"].as_str().unwrap_or_default().to_owned();
            assert!(seen.insert(name.clone()), "{name} is in two shards");
        }
    }
    assert_eq!(seen.len(), 12, "{seen:?}");
}
