#!/usr/bin/env python3
"""What the fact check costs the archive run (issue 14, point 6).

Builds three claimcheck binaries from one commit (default HEAD) in a
scratch worktree and times them on the 2,000-article archive, interleaved,
as whole processes:

- `current`: the commit as it is;
- `before`: the fact check as it was before names, numbers in words and
  negation (the digits-and-quoted-phrases check of `src/verdict.rs` at
  88aedbe~1, the commit before `src/facts.rs`), in place of
  `facts::missing` and the evidence list built for it;
- `none`: `facts::missing` returning no facts at once.

"The new work" of point 6 is `current` against `before`; `none` shows what
the whole fact check costs. Every build must write the same report (the
archive's facts are all backed), which is checked first.

    python3 benches/fact_check_cost.py [--rounds 41] [--commit REV]

Needs only git, cargo and Python; takes about five minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(HERE, "harness"))

import archive  # noqa: E402

# The commit before the fact check of CONTRACT §4 rule 5 became a module;
# its `src/verdict.rs` holds the check it replaced.
BEFORE_FACTS = "88aedbe~1"

# `src/verdict.rs` as it builds the evidence list for `facts::missing` and
# calls it, verbatim: the text the `before` build replaces.
CALL = """    let texts: Vec<EvidenceText> = quotes
        .iter()
        .zip(&evidence)
        .map(|(quote, resolution)| EvidenceText {
            quote,
            paragraph: paragraph_of(source, resolution),
        })
        .collect();
    let missing_facts = facts::missing(&claim.text.value, &texts);"""

OLD_CALL = """    let _ = (source, paragraph_of as fn(_, _) -> _, facts::missing as fn(_, _) -> _);
    let _: Option<EvidenceText> = None;
    // Every fact of the archive is backed: the old check finds none missing.
    let missing_facts: Vec<Fact> = Vec::new();
    std::hint::black_box(old_check::missing_normalized(&claim.text.value, quotes));"""

NONE_ENTRY = "pub fn missing(claim: &str, evidence: &[EvidenceText]) -> Vec<Fact> {\n"


def old_check_module() -> str:
    """The old check's functions, from `missing_normalized` to `canonical`."""
    text = subprocess.run(["git", "show", f"{BEFORE_FACTS}:src/verdict.rs"], cwd=ROOT,
                          check=True, capture_output=True, text=True).stdout
    start = text.index("/// [`missing_facts`] with the quotes already normalized.")
    end = text.index("#[cfg(test)]")
    body = text[start:end].replace("fn missing_normalized(", "pub fn missing_normalized(")
    return ("\n/// The fact check before names, number words and negation (measurement only).\n"
            "pub mod old_check {\n    use std::borrow::Cow;\n    use crate::normalize::normalize;\n"
            "    #[derive(PartialEq)]\n"
            "    pub enum Fact { Number { written: String, value: String }, Phrase(String) }\n"
            + body + "}\n")


def patch(path: str, old: str, new: str, what: str) -> None:
    """Replaces `old` by `new` in the file at `path`, which must hold it."""
    text = open(path, encoding="utf-8").read()
    if old not in text:
        raise SystemExit(f"src/{os.path.basename(path)} no longer has {what} as this script expects")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace(old, new))


def build(worktree: str, target: str, variant: str, out: str) -> None:
    subprocess.run(["git", "checkout", "--quiet", "--", "src"], cwd=worktree, check=True)
    src = os.path.join(worktree, "src")
    if variant == "before":
        patch(os.path.join(src, "verdict.rs"), CALL, OLD_CALL, "the call of facts::missing")
        with open(os.path.join(src, "verdict.rs"), "a", encoding="utf-8") as f:
            f.write(old_check_module())
    elif variant == "none":
        patch(os.path.join(src, "facts.rs"), NONE_ENTRY,
              NONE_ENTRY + "    if std::hint::black_box(true) {\n        return Vec::new();\n    }\n",
              "facts::missing")
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "claimcheck"], cwd=worktree,
                   check=True, env={**os.environ, "CARGO_TARGET_DIR": target, "RUSTFLAGS": ""})
    shutil.copy(os.path.join(target, "release", "claimcheck"), out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=41)
    parser.add_argument("--commit", default="HEAD")
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args()

    scratch = tempfile.mkdtemp(prefix="claimcheck-facts-")
    worktree = os.path.join(scratch, "tree")
    try:
        subprocess.run(["git", "worktree", "add", "--detach", "--quiet", worktree, args.commit],
                       cwd=ROOT, check=True)
        bins = {}
        for variant in ("current", "before", "none"):
            print(f"building {variant} ...", file=sys.stderr)
            bins[variant] = os.path.join(scratch, f"claimcheck-{variant}")
            build(worktree, os.path.join(scratch, "target"), variant, bins[variant])
        folder = os.path.join(scratch, "archive")
        archive.write_archive(folder, args.articles)
        formats = {"json": ["--format", "json"], "human": []}
        for name, flags in formats.items():
            digests = set()
            for variant, exe in bins.items():
                out = subprocess.run([exe, "check", folder, *flags, "--allow-source-outside"],
                                     capture_output=True, check=True).stdout
                digests.add(hashlib.md5(out).hexdigest())
            if len(digests) != 1:
                raise SystemExit(f"the builds write different {name} reports")
        print(f"\n{args.articles:,} articles, {args.rounds} interleaved rounds, medians "
              f"(commit {args.commit}):\n")
        print("| format | current | before (old check) | none | current / before | current / none |")
        print("|---|---|---|---|---|---|")
        for name, flags in formats.items():
            times = {v: [] for v in bins}
            for r in range(args.rounds):
                order = list(bins) if r % 2 == 0 else list(bins)[::-1]
                for variant in order:
                    t0 = time.perf_counter()
                    subprocess.run([bins[variant], "check", folder, *flags, "--allow-source-outside"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                    times[variant].append(time.perf_counter() - t0)
            m = {v: statistics.median(t) * 1e3 for v, t in times.items()}
            print(f"| {name} | {m['current']:.1f} ms | {m['before']:.1f} ms | {m['none']:.1f} ms "
                  f"| {m['current'] / m['before'] - 1:+.1%} | {m['current'] / m['none'] - 1:+.1%} |")
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", worktree], cwd=ROOT,
                       capture_output=True)
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
