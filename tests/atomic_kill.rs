//! `fix` interrupted at random points (issue 15 point 6): SIGKILL in a
//! seeded loop, and the signals it catches. After every interruption the
//! annotation file is byte for byte the old one or the new one, and valid
//! JSON; a caught signal leaves no temporary file, and after SIGKILL the
//! next run leaves none.
//!
//! `CLAIMCHECK_KILL_SEED=N` replays another sequence of kill points.

#![cfg(unix)]

mod common;

use std::fs;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use rustix::process::{Pid, Signal, kill_process};

const ITERATIONS: usize = 50;

/// splitmix64: a seeded sequence of kill points, no dependency needed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }
}

fn seed() -> u64 {
    std::env::var("CLAIMCHECK_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_c1a1)
}

/// A folder with an article whose every paragraph moved down by one, and
/// a ~1 MB annotation file pinned to the old places: `fix` rewrites every
/// evidence item. Returns the folder, the old text and the fixed text.
struct Fixture {
    dir: tempfile::TempDir,
    old: String,
    new: String,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        let paragraphs: Vec<String> = (1..=40)
            .map(|i| {
                format!(
                    "Paragraph {i} says the figure was {} and the council agreed.",
                    i * 7
                )
            })
            .collect();
        fs::write(
            dir.path().join("article.txt"),
            format!("Editor's note: updated.\n{}\n", paragraphs.join("\n")),
        )
        .expect("write");
        let note = "A long note, to be kept byte for byte. ".repeat(650);
        let claims: Vec<String> = (1..=40)
            .map(|i| {
                let quote = format!("Paragraph {i} says the figure was {}", i * 7);
                format!(
                    "    {{\n      \"id\": \"c{i}\",\n      \"claim\": \"The figure was {}.\",\n      \"evidence\": [\n        {{\n          \"quote\": \"{quote}\",\n          \"paragraph\": \"p{i}\",\n          \"start\": 0,\n          \"end\": {}\n        }}\n      ],\n      \"note\": \"{note}\"\n    }}",
                    i * 7,
                    quote.chars().count()
                )
            })
            .collect();
        let old = format!(
            "{{\n  \"source\": \"article.txt\",\n  \"claims\": [\n{}\n  ]\n}}\n",
            claims.join(",\n")
        );
        assert!(old.len() > 1_000_000);
        let fixture = Fixture {
            dir,
            old: old.clone(),
            new: String::new(),
        };
        fixture.reset();
        let out = fixture.run_to_the_end();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let new = fs::read_to_string(fixture.path()).expect("read");
        assert_ne!(new, old);
        Fixture { new, ..fixture }
    }

    fn path(&self) -> PathBuf {
        self.dir.path().join("a.json")
    }

    fn reset(&self) {
        fs::write(self.path(), &self.old).expect("write");
    }

    fn command(&self) -> Command {
        let mut command = Command::new(assert_cmd::cargo::cargo_bin("claimcheck"));
        command
            .current_dir(self.dir.path())
            .env("NO_COLOR", "1")
            .args(["fix", "a.json"]);
        command
    }

    fn spawn(&self) -> Child {
        self.command()
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("claimcheck runs")
    }

    fn run_to_the_end(&self) -> std::process::Output {
        self.command().output().expect("claimcheck runs")
    }

    /// Temporary files beside the annotation file.
    fn temps(&self) -> Vec<String> {
        fs::read_dir(self.dir.path())
            .expect("ls")
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|name| name.ends_with(".tmp"))
            .collect()
    }

    /// Waits until the run has a temporary file (true), or has ended.
    fn wait_for_temp(&self, child: &mut Child) -> bool {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if !self.temps().is_empty() {
                return true;
            }
            if child.try_wait().ok().flatten().is_some() {
                return false;
            }
            std::hint::spin_loop();
        }
        false
    }

    /// The file is the old one or the new one, whole, and valid JSON.
    fn assert_whole(&self, context: &str) {
        let text = fs::read_to_string(self.path()).expect("read");
        assert!(
            text == self.old || text == self.new,
            "{context}: the file is neither the old nor the new one ({} bytes)",
            text.len()
        );
        serde_json::from_str::<serde_json::Value>(&text)
            .unwrap_or_else(|e| panic!("{context}: not valid JSON: {e}"));
    }
}

fn signal(child: &Child, signal: Signal) {
    let pid = Pid::from_child(child);
    // The child may have ended already: then there is nothing to signal.
    let _ = kill_process(pid, signal);
}

#[test]
fn a_killed_fix_leaves_the_old_file_or_the_new_one() {
    let fixture = Fixture::new();
    let started = Instant::now();
    let out = fixture.run_to_the_end();
    assert_eq!(out.status.code(), Some(0));
    let run_time = started.elapsed().as_micros() as u64;
    let mut rng = Rng(seed());
    let (mut left_temp, mut saw_old, mut saw_new) = (0, 0, 0);
    for i in 0..ITERATIONS {
        fixture.reset();
        let mut child = fixture.spawn();
        // Half the kills at any point of the run, half while it writes.
        if i % 2 == 0 {
            std::thread::sleep(Duration::from_micros(rng.below(run_time + run_time / 4)));
        } else if fixture.wait_for_temp(&mut child) {
            std::thread::sleep(Duration::from_micros(rng.below(500)));
        }
        signal(&child, Signal::KILL);
        let _ = child.wait();
        let context = format!("iteration {i} (seed {})", seed());
        fixture.assert_whole(&context);
        if fs::read_to_string(fixture.path()).expect("read") == fixture.old {
            saw_old += 1;
        } else {
            saw_new += 1;
        }
        if !fixture.temps().is_empty() {
            left_temp += 1;
        }
        // The next run finishes the job and leaves no temporary file.
        let out = fixture.run_to_the_end();
        assert_eq!(out.status.code(), Some(0), "{context}");
        assert_eq!(fixture.temps(), Vec::<String>::new(), "{context}");
        assert_eq!(
            fs::read_to_string(fixture.path()).expect("read"),
            fixture.new
        );
    }
    eprintln!(
        "{ITERATIONS} kills: {saw_old} left the old file, {saw_new} the new one, {left_temp} a temporary file"
    );
    // Kills taken while a temporary file existed exercised the cleanup.
    assert!(
        left_temp > 0,
        "no kill landed while fix was writing; the test proved nothing"
    );
}

#[test]
fn a_caught_signal_removes_the_temporary_file() {
    let fixture = Fixture::new();
    let mut interrupted = 0;
    for (i, sig) in [Signal::INT, Signal::TERM, Signal::HUP]
        .into_iter()
        .cycle()
        .take(12)
        .enumerate()
    {
        fixture.reset();
        let mut child = fixture.spawn();
        let writing = fixture.wait_for_temp(&mut child);
        signal(&child, sig);
        let status = child.wait().expect("wait");
        let context = format!("iteration {i}, signal {sig:?}");
        fixture.assert_whole(&context);
        assert_eq!(fixture.temps(), Vec::<String>::new(), "{context}");
        use std::os::unix::process::ExitStatusExt;
        if status.signal() == Some(sig.as_raw()) {
            interrupted += usize::from(writing);
        } else {
            // The run ended before the signal came.
            assert_eq!(status.code(), Some(0), "{context}: {status:?}");
        }
    }
    assert!(interrupted > 0, "no signal landed while fix was writing");
}
