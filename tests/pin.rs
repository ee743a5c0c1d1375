//! `claimcheck pin` through the binary: the exact bytes it adds, how it
//! lays them out, what it leaves alone and says, and that a pinned claim
//! then notices a moved paragraph (CONTRACT §5).

mod common;

use std::fs;
use std::path::Path;

use common::{claimcheck, fixtures};

/// A scratch folder holding the pin fixtures' article and `bare.json`.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for file in ["article.txt", "bare.json"] {
        fs::copy(fixtures().join("pin").join(file), dir.path().join(file)).expect("copy");
    }
    dir
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).expect("read")
}

fn expected() -> String {
    read(&fixtures().join("pin/pinned.json"))
}

/// An annotation file over the fixture article with these evidence items.
fn with_evidence(dir: &Path, evidence: &str) -> String {
    let text = format!(
        "{{\n  \"source\": \"article.txt\",\n  \"claims\": [\n    {{\n      \"id\": \"c\",\n      \"claim\": \"Russia said so.\",\n      \"evidence\": [\n{evidence}\n      ]\n    }}\n  ]\n}}\n"
    );
    fs::write(dir.join("a.json"), &text).expect("write");
    text
}

#[test]
fn pin_adds_exactly_the_missing_hints_and_nothing_else() {
    let dir = scratch();
    let out = claimcheck(dir.path(), &["pin", "bare.json"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.stderr, "bare.json: pinned 4 evidence items\n");
    // Byte for byte: multi-line objects get one member per line at the
    // file's indentation, inline ones stay inline with their own spacing
    // (`, ` or `,`); an item with `paragraph` gets only the rest; offsets
    // count chars (the em dashes and curly quotes of p2), and the context
    // is 32 chars clipped at the paragraph's edges (`""` at p1's start,
    // `"."` at its end, both empty around p4's one word).
    assert_eq!(read(&dir.path().join("bare.json")), expected());
}

#[test]
fn a_second_pin_changes_nothing() {
    let dir = scratch();
    assert_eq!(claimcheck(dir.path(), &["pin", "bare.json"]).code, Some(0));
    let again = claimcheck(dir.path(), &["pin", "bare.json"]);
    assert_eq!(again.code, Some(0), "{}", again.stderr);
    assert_eq!(again.stderr, "bare.json: nothing to pin\n");
    assert_eq!(read(&dir.path().join("bare.json")), expected());
}

#[test]
fn crlf_and_a_missing_final_newline_are_kept() {
    let dir = scratch();
    let path = dir.path().join("bare.json");
    let crlf = |text: &str| text.trim_end_matches('\n').replace('\n', "\r\n");
    fs::write(&path, crlf(&read(&path))).expect("write");
    let out = claimcheck(dir.path(), &["pin", "bare.json"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(read(&path), crlf(&expected()));
}

#[test]
fn dry_run_prints_the_diff_and_writes_nothing() {
    let dir = scratch();
    let path = dir.path().join("bare.json");
    let before = read(&path);
    let out = claimcheck(dir.path(), &["pin", "--dry-run", "bare.json"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(read(&path), before);
    assert!(
        out.stdout
            .starts_with("--- bare.json\n+++ bare.json\n@@ -7,7 +7,12 @@\n"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains(concat!(
        "-          \"quote\": \"On July 3, Russia became the first country to officially recognize the Taliban\"\n",
        "+          \"quote\": \"On July 3, Russia became the first country to officially recognize the Taliban\",\n",
        "+          \"paragraph\": \"p1\",\n",
        "+          \"start\": 0,\n",
    )));
    assert_eq!(
        out.stderr,
        "bare.json: would pin 4 evidence items (dry run: nothing written)\n"
    );
}

#[test]
fn an_ambiguous_quote_is_left_alone_and_its_places_listed() {
    let dir = scratch();
    let text = with_evidence(
        dir.path(),
        "        {\n          \"quote\": \"Russia\"\n        }",
    );
    let out = claimcheck(dir.path(), &["pin", "a.json"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert_eq!(read(&dir.path().join("a.json")), text);
    assert_eq!(
        out.stderr,
        concat!(
            "a.json: nothing to pin\n",
            "a.json:9:20: evidence 1 of claim `c` is ambiguous: \"Russia\" occurs 3 times; add the `paragraph` (and `start`, `end`) of the one it means:\n",
            "    \"paragraph\": \"p1\", \"start\": 11, \"end\": 17     On July 3, [Russia] became the first countr…\n",
            "    \"paragraph\": \"p3\", \"start\": 14, \"end\": 20     Analysts said [Russia] was hedging its bets. R…\n",
            "    \"paragraph\": \"p3\", \"start\": 43, \"end\": 49     …a was hedging its bets. [Russia] has long courted the Ta…\n",
            "1 evidence item could not be pinned\n",
        )
    );
}

#[test]
fn a_hint_that_decides_lets_an_ambiguous_quote_be_pinned() {
    let dir = scratch();
    with_evidence(
        dir.path(),
        "        { \"quote\": \"Russia\", \"paragraph\": \"p1\" }",
    );
    let out = claimcheck(dir.path(), &["pin", "a.json"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(read(&dir.path().join("a.json")).contains(
        r#"{ "quote": "Russia", "paragraph": "p1", "start": 11, "end": 17, "prefix": "On July 3, ", "suffix": " became the first country to off" }"#
    ));
}

#[test]
fn hints_are_never_overwritten() {
    let dir = scratch();
    // Fully pinned (with a prefix the article no longer has): left alone.
    // Found once, but not in the paragraph it names: that is for `fix`.
    let text = with_evidence(
        dir.path(),
        concat!(
            "        { \"quote\": \"Short.\", \"paragraph\": \"p4\", \"start\": 0, \"end\": 6, \"prefix\": \"x\", \"suffix\": \"y\" },\n",
            "        { \"quote\": \"hedging its bets\", \"paragraph\": \"p2\" }"
        ),
    );
    let out = claimcheck(dir.path(), &["pin", "a.json"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert_eq!(read(&dir.path().join("a.json")), text);
    assert!(out.stderr.contains(
        "a.json:9:20: evidence 2 of claim `c`: \"hedging its bets\" is found once, at p3 25..41, but not where its hints say: run `claimcheck fix` to re-anchor it, then `pin`\n"
    ), "{}", out.stderr);
}

#[test]
fn a_quote_not_in_the_source_is_reported() {
    let dir = scratch();
    with_evidence(
        dir.path(),
        "        { \"quote\": \"Russia has long courted the Taleban\" },\n        { \"quote\": \"nothing like this at all\" }",
    );
    let out = claimcheck(dir.path(), &["pin", "a.json"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(out.stderr.contains(
        "evidence 1 of claim `c`: \"Russia has long courted the Taleban\" is not in the source exactly (a close match is at p3 43..78): correct the quote, then `pin`"
    ), "{}", out.stderr);
    assert!(out.stderr.contains(
        "evidence 2 of claim `c`: \"nothing like this at all\" is not in the source: correct the quote, then `pin`"
    ), "{}", out.stderr);
    assert!(
        out.stderr
            .ends_with("2 evidence items could not be pinned\n")
    );
}

#[test]
fn input_errors_exit_2_and_the_other_files_are_still_pinned() {
    let dir = scratch();
    let out = claimcheck(dir.path(), &["pin", "bare.json", "missing.json"]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("cannot read annotations `missing.json`")
    );
    assert_eq!(read(&dir.path().join("bare.json")), expected());
}

#[test]
fn web_annotation_files_are_refused() {
    let dir = scratch();
    let w3c = r#"{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation", "id": "x",
  "body": {"type": "TextualBody", "value": "Russia said so."},
  "target": {"source": "article.txt", "selector": {"type": "TextQuoteSelector", "exact": "Short."}}}"#;
    fs::write(dir.path().join("w3c.json"), w3c).expect("write");
    let out = claimcheck(dir.path(), &["pin", "w3c.json"]);
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr.contains(
            "`w3c.json` is a W3C Web Annotation file; pin rewrites only claimcheck annotation files"
        ),
        "{}",
        out.stderr
    );
    assert_eq!(read(&dir.path().join("w3c.json")), w3c);
}

#[test]
fn the_default_folder_is_annotations() {
    let dir = scratch();
    fs::create_dir(dir.path().join("annotations")).expect("mkdir");
    let bare = read(&dir.path().join("bare.json")).replace("article.txt", "../article.txt");
    fs::write(dir.path().join("annotations/a.json"), bare).expect("write");
    let out = claimcheck(dir.path(), &["pin"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.stderr, "annotations/a.json: pinned 4 evidence items\n");
}

#[cfg(unix)]
#[test]
fn pin_writes_atomically_as_fix_does() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = scratch();
    let path = dir.path().join("bare.json");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o604)).expect("chmod");
    let inode = fs::metadata(&path).expect("stat").ino();
    assert_eq!(claimcheck(dir.path(), &["pin", "bare.json"]).code, Some(0));
    let meta = fs::metadata(&path).expect("stat");
    // A new file renamed into place, with the old one's permissions.
    assert_ne!(meta.ino(), inode);
    assert_eq!(meta.permissions().mode() & 0o777, 0o604);
    let mut names: Vec<String> = fs::read_dir(dir.path())
        .expect("ls")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["article.txt", "bare.json"],
        "no temporary file left"
    );
}

#[cfg(unix)]
#[test]
fn pin_refuses_to_break_a_hard_link() {
    let dir = scratch();
    let path = dir.path().join("bare.json");
    fs::hard_link(&path, dir.path().join("other-name.txt")).expect("link");
    let before = read(&path);
    let out = claimcheck(dir.path(), &["pin", "bare.json"]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("cannot write `bare.json`: it has 2 names (hard links)"),
        "{}",
        out.stderr
    );
    assert_eq!(read(&path), before);
}

/// The point of pinning: a bare quote passes wherever its paragraph goes;
/// a pinned one reports that it moved.
#[test]
fn after_pin_a_moved_paragraph_shows_as_moved() {
    let dir = scratch();
    let status = |file: &str| {
        let out = claimcheck(dir.path(), &["check", file, "--format", "json"]);
        common::statuses(&out.json())
    };
    // Every quote bare: no hint at all.
    let bare =
        read(&dir.path().join("bare.json")).replace(",\n          \"paragraph\": \"p2\"", "");
    assert!(!bare.contains("paragraph"));
    fs::write(dir.path().join("bare.json"), &bare).expect("write");
    fs::write(dir.path().join("unpinned.json"), &bare).expect("write");
    assert_eq!(claimcheck(dir.path(), &["pin", "bare.json"]).code, Some(0));
    let verified = [
        ("recognition".to_owned(), "verified".to_owned()),
        ("cooperation".to_owned(), "verified".to_owned()),
    ];
    assert_eq!(status("bare.json"), verified);
    assert_eq!(status("unpinned.json"), verified);
    // An editor adds a paragraph at the top: every paragraph moves down.
    let article = dir.path().join("article.txt");
    fs::write(
        &article,
        format!("A new lead paragraph.\n{}", read(&article)),
    )
    .expect("write");
    assert_eq!(status("unpinned.json"), verified);
    assert_eq!(
        status("bare.json"),
        [
            ("recognition".to_owned(), "moved".to_owned()),
            ("cooperation".to_owned(), "moved".to_owned()),
        ]
    );
}
