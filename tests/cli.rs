//! The command line, case by case: every `tests/cmd/**/*.toml` (and every
//! `console` example of the README) runs the
//! real binary with its `args` and compares the exit code, stdout and
//! stderr exactly (see `tests/cmd/README.md`). The environment is fixed so
//! that a terminal or a CI runner cannot change the output: no colour, 100
//! columns, and no GitHub workspace to make `--format github` paths
//! relative to.

#[test]
fn cli() {
    trycmd::TestCases::new()
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .env("GITHUB_WORKSPACE", "")
        .case("tests/cmd/**/*.toml")
        // A case's own inputs may hold a `claimcheck.toml`: not a case.
        .skip("tests/cmd/**/*.in/**/*.toml")
        // The README's examples run too, so it cannot drift from the program.
        .case("README.md");
}
