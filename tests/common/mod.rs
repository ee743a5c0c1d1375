//! Helpers shared by the integration tests: run the real binary the way a
//! user would, with colour off and a fixed width so output is stable.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `claimcheck ARGS` run in `dir`.
pub fn claimcheck(dir: &Path, args: &[&str]) -> Output {
    let output = Command::cargo_bin("claimcheck")
        .expect("the claimcheck binary is built")
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .args(args)
        .output()
        .expect("claimcheck runs");
    Output {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

pub struct Output {
    /// None when killed by a signal (a panic aborts with 101, not None).
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

/// `(claim id, status)` pairs of the first file of a JSON report.
pub fn statuses(report: &serde_json::Value) -> Vec<(String, String)> {
    report["files"][0]["claims"]
        .as_array()
        .map(|claims| {
            claims
                .iter()
                .map(|c| {
                    (
                        c["id"].as_str().unwrap_or_default().to_owned(),
                        c["status"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}
