//! `claimcheck report --html`: the page's structure (snapshot), what it
//! must never contain, and the command's exit codes. What the page does in
//! a browser is tested in `tests/browser.rs`.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{claimcheck, fixtures, repo};

fn report_fixtures() -> PathBuf {
    fixtures().join("report")
}

/// Runs `claimcheck report ARGS --html OUT` in `dir`; returns the output
/// and the page (empty when none was written).
fn report(dir: &Path, args: &[&str]) -> (common::Output, String, tempfile::TempDir) {
    let out = tempfile::tempdir().expect("a temporary folder");
    let page = out.path().join("report.html");
    let page_arg = page.to_string_lossy().into_owned();
    let mut all: Vec<&str> = vec!["report"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--html", &page_arg]);
    let output = claimcheck(dir, &all);
    let html = fs::read_to_string(&page).unwrap_or_default();
    (output, html, out)
}

/// The page with the inline stylesheet and script cut out: the structure
/// alone, so that the snapshot changes only when the markup does.
fn structure(page: &str) -> String {
    let mut out = String::new();
    let mut rest = page;
    for (open, close) in [("<style>", "</style>"), ("<script>", "</script>")] {
        let (Some(start), Some(end)) = (rest.find(open), rest.find(close)) else {
            panic!("the page has no {open}…{close}");
        };
        out.push_str(&rest[..start + open.len()]);
        out.push('…');
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn every_status() -> (common::Output, String, tempfile::TempDir) {
    report(
        &report_fixtures(),
        &["claims.json", "second.json", "invalid.json"],
    )
}

#[test]
fn page_structure_for_every_status() {
    let (output, page, _dir) = every_status();
    assert_eq!(output.code, Some(2), "{}", output.stderr);
    insta::assert_snapshot!("every_status", structure(&page));
}

#[test]
fn the_page_needs_no_network_and_names_no_absolute_path() {
    let (_, page, dir) = every_status();
    assert!(!page.is_empty());
    for forbidden in [
        "http:", "https:", "<link", "<img", "<iframe", " src=", "url(", "@import",
    ] {
        assert!(!page.contains(forbidden), "the page contains `{forbidden}`");
    }
    let root = repo();
    for absolute in [root.to_string_lossy(), dir.path().to_string_lossy()] {
        assert!(
            !page.contains(absolute.as_ref()),
            "the page names `{absolute}`"
        );
    }
    // Stable: the same inputs give the same bytes.
    let (_, again, _) = every_status();
    assert_eq!(page, again);
}

#[test]
fn inputs_are_escaped() {
    let (_, page, _dir) = every_status();
    // The claim text holds `<script>alert()</script>`, the article `<fees> &`.
    assert_eq!(
        page.matches("<script").count(),
        1,
        "one script: the page's own"
    );
    assert!(page.contains("&lt;script&gt;alert()&lt;/script&gt;"));
    assert!(page.contains("said &lt;fees&gt; &amp; charges"));
    assert!(!page.contains("<fees>"));
}

/// A paragraph element's text: tags removed, the few entities the
/// renderer writes decoded.
fn element_text(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#13;", "\r")
        .replace("&amp;", "&")
}

#[test]
fn each_paragraph_holds_exactly_its_source_text() {
    let (_, page, _dir) = every_status();
    let source = fs::read_to_string(report_fixtures().join("article.txt")).expect("the fixture");
    for (i, line) in source.lines().enumerate() {
        let open = format!("id=\"a0-p{}\" data-p=\"p{}\">", i + 1, i + 1);
        let start = page.find(&open).map(|at| at + open.len());
        let start = start.unwrap_or_else(|| panic!("no element for p{}", i + 1));
        let end = start + page[start..].find("</p>").expect("the paragraph closes");
        assert_eq!(element_text(&page[start..end]), line, "p{}", i + 1);
    }
}

#[test]
fn exit_codes_follow_check() {
    let root = repo();
    // The bundled article, as annotated: every claim verified.
    let (clean, page, _d1) = report(&root, &[]);
    assert_eq!(clean.code, Some(0), "{}", clean.stderr);
    assert!(
        page.contains("<b>52</b> verified"),
        "the summary bar counts them"
    );
    assert!(
        clean.stdout.starts_with("report written to ") && clean.stdout.lines().count() == 1,
        "one line says where: {}",
        clean.stdout
    );
    // Against its revision: findings at error level.
    let (revised, page, _d2) = report(
        &root,
        &["--source", "sources/russia-recognizes-taliban.rev2.txt"],
    );
    assert_eq!(revised.code, Some(1), "{}", revised.stderr);
    assert!(page.contains("sources/russia-recognizes-taliban.rev2.txt"));
    // An input error is on stderr too.
    let (bad, _, _d3) = report(&report_fixtures(), &["invalid.json"]);
    assert_eq!(bad.code, Some(2));
    assert!(
        bad.stderr.contains("unknown field `quot`"),
        "{}",
        bad.stderr
    );
}

#[test]
fn replaces_an_existing_page_and_reports_a_write_failure() {
    let root = repo();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let page = dir.path().join("report.html");
    fs::write(&page, "old").expect("a file");
    let page_arg = page.to_string_lossy().into_owned();
    let output = claimcheck(&root, &["report", "--html", &page_arg]);
    assert_eq!(output.code, Some(0), "{}", output.stderr);
    assert!(fs::read_to_string(&page).is_ok_and(|p| p.starts_with("<!DOCTYPE html>")));
    assert_eq!(fs::read_dir(dir.path()).map(|d| d.count()).ok(), Some(1));

    let missing = dir.path().join("no/such/folder/report.html");
    let missing_arg = missing.to_string_lossy().into_owned();
    let output = claimcheck(&root, &["report", "--html", &missing_arg]);
    assert_eq!(output.code, Some(2));
    assert!(
        output.stderr.contains("cannot write the report"),
        "{}",
        output.stderr
    );
    assert!(output.stdout.is_empty());
}

#[test]
fn html_is_required() {
    let output = claimcheck(&repo(), &["report"]);
    assert_eq!(output.code, Some(2));
    assert!(output.stderr.contains("--html"), "{}", output.stderr);
}
