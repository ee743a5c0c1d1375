//! `claimcheck check --shard`: a property over several runs, which case
//! files cannot state (the verdicts, formats and exit codes of `check` are
//! in `tests/cmd/check/` and `tests/cmd/formats/`).

mod common;

use common::{claimcheck, fixtures};

/// Not a case file: it says that the shards of one run partition its files
/// (each file in exactly one shard, none empty, the same split every time),
/// over 12 generated copies of one annotation file.
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
