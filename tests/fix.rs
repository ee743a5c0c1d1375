//! What `fix` guarantees a user's files (CONTRACT §5, issue 15 point 4,
//! issue 10 point 8): it changes the values it re-anchors and nothing else
//! — line endings, final newline, permissions, owner, links — and with
//! `--source` only the files of the article that was revised.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{claimcheck, fixtures};

const REV: &str = "sources/article.rev.txt";
const COUNCIL: &str = "annotations/council.json";
const WEATHER: &str = "annotations/weather.json";

/// A scratch copy of `tests/fixtures/fix`: an article, its revision (a
/// paragraph added at the top, a figure corrected), an unrelated article,
/// and one annotation file for each article.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for sub in ["sources", "annotations"] {
        fs::create_dir(dir.path().join(sub)).expect("mkdir");
        for entry in fs::read_dir(fixtures().join("fix").join(sub)).expect("ls") {
            let entry = entry.expect("entry");
            fs::copy(entry.path(), dir.path().join(sub).join(entry.file_name())).expect("copy");
        }
    }
    dir
}

fn read(dir: &Path, file: &str) -> String {
    fs::read_to_string(dir.join(file)).expect("read")
}

/// `council.json` as `fix --source REV` leaves it: each changed value, and
/// the `start`/`end` the `vote` item lacked, added after its last member.
fn council_fixed(text: &str, newline: &str) -> String {
    let swap = |text: String, from: &str, to: &str| {
        let from = from.replace('\n', newline);
        assert!(text.contains(&from), "{from:?} not in {text:?}");
        text.replacen(&from, &to.replace('\n', newline), 1)
    };
    let text = swap(text.to_owned(), "article.txt", "article.rev.txt");
    let text = swap(text, "\"p1\"", "\"p2\"");
    // `attendance` drifted (149 became 145): a person's call, untouched.
    swap(
        text,
        "\"paragraph\": \"p3\"\n",
        "\"paragraph\": \"p4\",\n          \"start\": 20,\n          \"end\": 35\n",
    )
}

#[test]
fn fix_source_rewrites_the_anchors_and_points_source_at_the_revision() {
    let dir = scratch();
    let before = read(dir.path(), COUNCIL);
    let out = claimcheck(dir.path(), &["fix", "--source", REV]);
    // The corrected figure is drifted: a person must look (exit 1).
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert_eq!(read(dir.path(), COUNCIL), council_fixed(&before, "\n"));
    assert!(
        out.stderr.contains(concat!(
            "annotations/council.json: re-anchored 2 moved evidence items\n",
            "  source: ../sources/article.txt → ../sources/article.rev.txt\n"
        )),
        "{}",
        out.stderr
    );
    // The next plain check reads the revision: what is left is the figure.
    let check = claimcheck(dir.path(), &["check", COUNCIL, "--format", "json"]);
    assert_eq!(
        common::statuses(&check.json()),
        [
            ("monday".to_owned(), "verified".to_owned()),
            ("attendance".to_owned(), "drifted".to_owned()),
            ("vote".to_owned(), "verified".to_owned()),
        ]
    );
    // And a second fix has nothing left to do.
    let again = claimcheck(dir.path(), &["fix", "--source", REV, COUNCIL]);
    assert!(
        again
            .stderr
            .contains("annotations/council.json: nothing to fix"),
        "{}",
        again.stderr
    );
}

#[test]
fn fix_source_leaves_the_files_of_other_articles_byte_for_byte() {
    let dir = scratch();
    let weather = read(dir.path(), WEATHER);
    let out = claimcheck(dir.path(), &["fix", "--source", REV]);
    assert_eq!(read(dir.path(), WEATHER), weather);
    assert!(
        out.stderr.contains(
            "annotations/weather.json: left as it is: sources/article.rev.txt is not a revision of its source `../sources/other.txt` (0 of its 2 paragraphs found in it; pass `--old` to choose the files by source instead)\n"
        ),
        "{}",
        out.stderr
    );
    assert_ne!(
        read(dir.path(), COUNCIL),
        fs::read_to_string(fixtures().join("fix").join(COUNCIL)).expect("read")
    );
}

#[test]
fn fix_old_chooses_the_files_by_the_source_they_name() {
    let dir = scratch();
    let council = read(dir.path(), COUNCIL);
    let out = claimcheck(
        dir.path(),
        &["fix", "--source", REV, "--old", "sources/other.txt"],
    );
    assert_eq!(read(dir.path(), COUNCIL), council);
    assert!(
        out.stderr.contains(
            "annotations/council.json: left as it is: its source `../sources/article.txt` is not sources/other.txt\n"
        ),
        "{}",
        out.stderr
    );
    let out = claimcheck(
        dir.path(),
        &[
            "fix",
            "--source",
            REV,
            "--old",
            "sources/article.txt",
            COUNCIL,
        ],
    );
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert_eq!(read(dir.path(), COUNCIL), council_fixed(&council, "\n"));
    // --old means nothing without --source.
    let usage = claimcheck(dir.path(), &["fix", "--old", "sources/article.txt"]);
    assert_eq!(usage.code, Some(2));
}

#[test]
fn a_source_that_cannot_be_read_is_not_guessed_at() {
    let dir = scratch();
    fs::remove_file(dir.path().join("sources/other.txt")).expect("rm");
    let weather = read(dir.path(), WEATHER);
    let out = claimcheck(dir.path(), &["fix", "--source", REV]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "cannot tell whether sources/article.rev.txt is a revision of `sources/other.txt`"
        ),
        "{}",
        out.stderr
    );
    assert_eq!(read(dir.path(), WEATHER), weather);
}

#[test]
fn accept_drift_prints_each_quote_it_changes_and_checks_every_fact() {
    let dir = scratch();
    let out = claimcheck(dir.path(), &["fix", "--source", REV, "--accept-drift"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(
        out.stderr.contains(concat!(
            "annotations/council.json: re-anchored 2 moved evidence items, accepted 1 drifted quote\n",
            "  source: ../sources/article.txt → ../sources/article.rev.txt\n",
            "  claim `attendance`, evidence 1 (now p3 0..42): \"A total of 149 people attended the meeting\" → \"A total of 145 people attended the meeting\"\n",
            "  claim `attendance` is now unsupported: it states the number 149, which its new evidence does not quote\n",
        )),
        "{}",
        out.stderr
    );
    assert!(
        read(dir.path(), COUNCIL)
            .contains("\"quote\": \"A total of 145 people attended the meeting\"")
    );
}

#[test]
fn a_crlf_file_stays_crlf_and_a_missing_final_newline_stays_missing() {
    let dir = scratch();
    let path = dir.path().join(COUNCIL);
    let crlf = read(dir.path(), COUNCIL)
        .trim_end_matches('\n')
        .replace('\n', "\r\n");
    fs::write(&path, &crlf).expect("write");
    let out = claimcheck(dir.path(), &["fix", "--source", REV, COUNCIL]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    let after = read(dir.path(), COUNCIL);
    assert_eq!(after, council_fixed(&crlf, "\r\n"));
    assert!(
        !after.replace("\r\n", "").contains('\n'),
        "a bare LF: {after:?}"
    );
    assert!(after.ends_with('}'));
}

#[test]
fn a_file_with_no_final_newline_keeps_it_missing_with_lf_too() {
    let dir = scratch();
    let path = dir.path().join(COUNCIL);
    let text = read(dir.path(), COUNCIL).trim_end().to_owned();
    fs::write(&path, &text).expect("write");
    claimcheck(dir.path(), &["fix", "--source", REV, COUNCIL]);
    assert_eq!(read(dir.path(), COUNCIL), council_fixed(&text, "\n"));
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("ls")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    names.sort();
    names
}

#[cfg(unix)]
#[test]
fn permissions_are_kept() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch();
    let path = dir.path().join(COUNCIL);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).expect("chmod");
    claimcheck(dir.path(), &["fix", "--source", REV, COUNCIL]);
    let meta = fs::metadata(&path).expect("stat");
    assert_eq!(meta.permissions().mode() & 0o7777, 0o600);
    assert_eq!(
        names(&dir.path().join("annotations")),
        ["council.json", "weather.json"]
    );
}

/// Whether this process may give files away (root, in CI).
#[cfg(unix)]
fn is_root(dir: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let probe = dir.join("probe");
    fs::write(&probe, "").expect("write");
    let root = fs::metadata(&probe).expect("stat").uid() == 0;
    fs::remove_file(probe).expect("rm");
    root
}

#[cfg(unix)]
#[test]
fn the_owner_and_group_are_kept() {
    use std::os::unix::fs::{MetadataExt, chown};
    let dir = scratch();
    if !is_root(dir.path()) {
        eprintln!("skipped: only root can make a file another user's to test this");
        return;
    }
    let path = dir.path().join(COUNCIL);
    chown(&path, Some(1234), Some(5678)).expect("chown");
    let out = claimcheck(dir.path(), &["fix", "--source", REV, COUNCIL]);
    assert!(!out.stderr.contains("note:"), "{}", out.stderr);
    let meta = fs::metadata(&path).expect("stat");
    assert_eq!((meta.uid(), meta.gid()), (1234, 5678));
    assert!(read(dir.path(), COUNCIL).contains("article.rev.txt"));
}

/// Run as a user who may not give the file back to its owner, fix still
/// writes (the user may write the folder) and says whose the file is now.
#[cfg(unix)]
#[test]
fn an_owner_that_cannot_be_kept_is_reported() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    use std::os::unix::process::CommandExt;
    let dir = scratch();
    if !is_root(dir.path()) {
        eprintln!("skipped: needs root, to run fix as another user");
        return;
    }
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).expect("chmod");
    let folder = dir.path().join("annotations");
    fs::set_permissions(&folder, fs::Permissions::from_mode(0o777)).expect("chmod");
    let path = folder.join("council.json");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o666)).expect("chmod");
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("claimcheck"))
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .args(["fix", "--source", REV, COUNCIL])
        .uid(4321)
        .gid(4321)
        .output()
        .expect("claimcheck runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("  note: the file now belongs to you and your group, not to uid 0 and gid 0: only root can give a file to another user or a group you are not in\n"),
        "{stderr}"
    );
    let meta = fs::metadata(&path).expect("stat");
    assert_eq!((meta.uid(), meta.gid()), (4321, 4321));
    assert_eq!(meta.permissions().mode() & 0o777, 0o666);
}

#[cfg(unix)]
#[test]
fn a_hard_link_is_not_broken() {
    let dir = scratch();
    let other_name = dir.path().join("council-copy.json");
    fs::hard_link(dir.path().join(COUNCIL), &other_name).expect("link");
    let before = read(dir.path(), COUNCIL);
    let out = claimcheck(dir.path(), &["fix", "--source", REV, COUNCIL]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    // The diagnostic, unwrapped.
    let flat = out
        .stderr
        .replace('│', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        flat.contains(
            "× cannot write `annotations/council.json`: it has 2 names (hard links); replacing it would leave the other name with the old text help: the file was left as it was: edit it by hand, or break the link (`cp FILE FILE.new && mv FILE.new FILE`) and run the command again"
        ),
        "{}",
        out.stderr
    );
    assert_eq!(read(dir.path(), COUNCIL), before);
    assert_eq!(fs::read_to_string(other_name).expect("read"), before);
}

#[cfg(unix)]
#[test]
fn a_symlink_is_written_through() {
    let dir = scratch();
    fs::create_dir(dir.path().join("real")).expect("mkdir");
    fs::rename(
        dir.path().join(COUNCIL),
        dir.path().join("real/council.json"),
    )
    .expect("mv");
    std::os::unix::fs::symlink("../real/council.json", dir.path().join(COUNCIL)).expect("ln");
    let before = read(dir.path(), "real/council.json");
    let out = claimcheck(dir.path(), &["fix", "--source", REV, COUNCIL]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    let link = fs::symlink_metadata(dir.path().join(COUNCIL)).expect("lstat");
    assert!(link.file_type().is_symlink());
    assert_eq!(
        read(dir.path(), "real/council.json"),
        council_fixed(&before, "\n")
    );
    assert_eq!(names(&dir.path().join("real")), ["council.json"]);
}

#[test]
fn the_next_run_removes_stale_temporary_files_of_its_own_file_only() {
    let dir = scratch();
    let folder = dir.path().join("annotations");
    let stale = ".council.json.Xy12Ab.tmp";
    for name in [stale, ".weather.json.Xy12Ab.tmp", ".council.json.notes.tmp"] {
        fs::write(folder.join(name), "{\"half\": ").expect("write");
    }
    // Nothing to fix in it, and still the stale file goes.
    let out = claimcheck(dir.path(), &["fix", COUNCIL]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let real: PathBuf = fs::canonicalize(&folder).expect("canonical").join(stale);
    assert!(
        out.stderr.contains(&format!(
            "annotations/council.json: removed `{}`, a temporary file left by an interrupted run\n",
            real.display()
        )),
        "{}",
        out.stderr
    );
    assert_eq!(
        names(&folder),
        [
            ".council.json.notes.tmp",
            ".weather.json.Xy12Ab.tmp",
            "council.json",
            "weather.json"
        ]
    );
    // A dry run writes nothing, and removes nothing either.
    let dry = claimcheck(dir.path(), &["fix", "--dry-run", WEATHER]);
    assert_eq!(dry.code, Some(0), "{}", dry.stderr);
    assert!(folder.join(".weather.json.Xy12Ab.tmp").exists());
}
