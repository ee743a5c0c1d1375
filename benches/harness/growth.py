"""Inputs for the growth section (issue 14): one scenario per command or
format whose cost grows with one quantity n (paragraphs, quotes, pins,
findings, annotations), each written at several sizes from fixed seeds.

Every text is made of `synth.Article`s of ~15 k chars laid end to end, so
quotes do not repeat across the text (a few short ones still occur twice
in 50 MB: the checks allow 1% ambiguous); a smaller size of a scenario
uses a prefix of the same paragraphs (`Corpus`), so the sizes differ only
in n.

A scenario's `build(folder, n)` writes its files into `folder` and returns
a `Run`: the claimcheck arguments (run in `folder`, so every source is
inside the project root), the files it reads (for the memory target), the
files to restore before every run (`fix` and `pin` rewrite their input),
the exit codes that mean "ran as intended", and a check of the result
(verdicts, pins written) made once, on the smallest size, so that a slip
in a generator cannot pass unnoticed as a fast run of the wrong case.
"""

from __future__ import annotations

import json
import os
import random
import re
from dataclasses import dataclass, field
from typing import Callable

from synth import Article

GROWTH_SEED = 14
ARTICLE_CHARS = 15_000     # one synthetic article; the texts are many of them
CONTEXT = 32               # prefix/suffix length, as `pin` writes it
QUOTE_MARKS = re.compile("[\u2018\u2019\u201c\u201d\"']")
WORD = re.compile(r"[A-Za-z]{4,}")
# Replacement words for edits (none occurs in the templates' vocabulary
# with the same neighbours, so an edited quote no longer occurs exactly).
EDIT_WORDS = ["quarrel", "lantern", "meadow", "harvest", "pebble", "saddle",
              "thimble", "walnut", "copper", "velvet", "ginger", "marble"]


class Corpus:
    """Paragraphs of synthetic articles, generated once up to the largest
    size any scenario asks for, and shared as prefixes."""

    def __init__(self, seed: int = GROWTH_SEED):
        self.seed = seed
        self.long: list[str] = []        # ~600-char news paragraphs
        self.long_chars = 0
        self.short: list[str] = []       # one sentence each (diff of short paragraphs)
        self._articles = 0

    def chars(self, total: int) -> list[str]:
        """The shortest prefix of the long paragraphs holding `total` chars."""
        while self.long_chars < total:
            self._more()
        out, size = [], 0
        for p in self.long:
            if size >= total:
                break
            out.append(p)
            size += len(p) + 1
        return out

    def paragraphs(self, count: int) -> list[str]:
        while len(self.long) < count:
            self._more()
        return self.long[:count]

    def short_paragraphs(self, count: int) -> list[str]:
        if len(self.short) < count:
            article = Article(10_000_000 + len(self.short), seed=self.seed)
            while len(self.short) < count:
                # A new cast every 200 paragraphs, as in a run of short items.
                if len(self.short) % 200 == 0:
                    article = Article(10_000_000 + len(self.short), seed=self.seed)
                self.short.append(article.sentence())
        return self.short[:count]

    def _more(self) -> None:
        for _ in range(50):
            ps = Article(self._articles, seed=self.seed).paragraphs(ARTICLE_CHARS)
            self._articles += 1
            self.long += ps
            self.long_chars += sum(len(p) + 1 for p in ps)


# ---------------------------------------------------------------------------
# Building blocks
# ---------------------------------------------------------------------------

def write_text(path: str, paragraphs: list[str]) -> None:
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(paragraphs))
        f.write("\n")


_big_texts: dict[int, str] = {}


def link_big_text(folder: str, paragraphs: list[str], key: int) -> None:
    """folder/article.txt: the big article, written once per run and hard-
    linked into every case folder (a symlink would lead out of the project
    root, which is the case folder)."""
    if key not in _big_texts:
        shared = os.path.join(os.path.dirname(folder), f"big-article-{key}.txt")
        write_text(shared, paragraphs)
        _big_texts[key] = shared
    os.link(_big_texts[key], os.path.join(folder, "article.txt"))


def write_json(path: str, doc, minified: bool = False) -> None:
    with open(path, "w", encoding="utf-8") as f:
        if minified:
            json.dump(doc, f, ensure_ascii=False, separators=(",", ":"))
        else:
            json.dump(doc, f, ensure_ascii=False, indent=2)
            f.write("\n")


def pick_span(para: str, rng: random.Random, lo: int = 50, hi: int = 160) -> tuple[int, int]:
    """A quote of lo..hi chars starting and ending on word edges."""
    starts = [0] + [m.end() for m in re.finditer(r"\s+", para)]
    starts = [s for s in starts if s < len(para) - lo] or [0]
    begin = rng.choice(starts)
    end = min(len(para), begin + rng.randint(lo, hi))
    while end < len(para) and not para[end].isspace():
        end += 1
    quote = para[begin:end].rstrip()
    return begin, begin + len(quote)


def pinned(para: str, index: int, begin: int, end: int) -> dict:
    """Evidence with every hint, as `pin` writes it."""
    return {"quote": para[begin:end], "paragraph": f"p{index + 1}", "start": begin, "end": end,
            "prefix": para[max(0, begin - CONTEXT):begin], "suffix": para[end:end + CONTEXT]}


def claim_text(quote: str) -> str:
    """Restates the quote's first words: every fact it states is quoted.
    Words with quotation marks or apostrophes are left out (stripping the
    marks off `Kys’s` would name `Kyss`, whom the article never mentions)."""
    words = [w for w in quote.split() if not QUOTE_MARKS.search(w)]
    return "Reported: " + " ".join(words[:8])


def claim(k: int, evidence: dict, text: str | None = None) -> dict:
    return {"id": f"c{k + 1}", "claim": text or claim_text(evidence["quote"]),
            "evidence": [evidence]}


def edit_word(text: str, rng: random.Random) -> str:
    """One word of 4+ letters replaced by another: a light copy edit (or a
    drifted quote, well inside the quarter-of-the-quote budget)."""
    words = list(WORD.finditer(text))
    if not words:
        return text + " " + rng.choice(EDIT_WORDS)
    m = rng.choice(words)
    new = rng.choice([w for w in EDIT_WORDS if w != m.group()])
    return text[:m.start()] + new + text[m.end():]


def spread(count: int, total: int) -> list[int]:
    """`count` indexes spread evenly over range(total)."""
    return [i * total // count for i in range(count)]


# A check of a run's result: (case folder, its stdout file, a function
# running claimcheck with other arguments there and returning its stdout)
# -> what is wrong, or None.
Validator = Callable[[str, str, Callable[[list[str]], bytes]], "str | None"]


def statuses(report: bytes) -> dict[str, int]:
    counts: dict[str, int] = {}
    for f in json.loads(report)["files"]:
        for c in f["claims"]:
            for e in c["evidence"]:
                counts[e["status"]] = counts.get(e["status"], 0) + 1
    return counts


def expect_statuses(want: dict[str, int], tolerance: float = 0.0,
                    args: list[str] | None = None) -> Validator:
    """The evidence statuses of the run's JSON report (or of a `check
    --format json` with `args`), each within `tolerance` × n of `want`."""
    def validate(folder: str, stdout: str, claimcheck) -> str | None:
        report = claimcheck(args) if args else open(stdout, "rb").read()
        got = statuses(report)
        slack = tolerance * sum(want.values())
        if any(abs(got.get(k, 0) - want.get(k, 0)) > slack for k in set(got) | set(want)):
            return f"evidence statuses {got}, expected {want}"
        return None
    return validate


@dataclass
class Run:
    args: list[str]                       # claimcheck's arguments, run in the case folder
    inputs: list[str]                     # files it reads (their size: the memory target)
    restore: list[tuple[str, str]] = field(default_factory=list)  # (pristine, path) before each run
    expect: tuple[int, ...] = (0, 1)      # exit codes of a run that did its job
    validate: Validator | None = None     # checked once, on the smallest size


@dataclass
class Scenario:
    name: str
    what: str                 # one line: what grows and what stays
    unit: str                 # what n counts
    full: list[int]
    quick: list[int]
    build: Callable[[str, int, Corpus], Run]
    budget_n: int             # the budget: budget_s seconds at budget_n ...
    budget_s: float
    budget_from: str          # ... stated by the issue, or chosen here (and why)


FLAGS = ["--no-config", "--color", "never"]
BIG_ARTICLE_CHARS = {"full": 50_000_000, "quick": 2_000_000}
DRIFTED_ARTICLE_CHARS = {"full": 3_000_000, "quick": 1_000_000}


# ---------------------------------------------------------------------------
# Scenarios
# ---------------------------------------------------------------------------

def check_pinned(folder: str, n: int, corpus: Corpus) -> Run:
    """n paragraphs, one claim pinned in each: the archive case, in one file."""
    ps = corpus.paragraphs(n)
    rng = random.Random(f"pinned-{n}")
    write_text(os.path.join(folder, "article.txt"), ps)
    claims = [claim(i, pinned(p, i, *pick_span(p, rng))) for i, p in enumerate(ps)]
    write_json(os.path.join(folder, "claims.json"), {"source": "article.txt", "claims": claims})
    return Run(["check", "claims.json", "--format", "json", *FLAGS],
               ["article.txt", "claims.json"], expect=(0,), validate=expect_statuses({"exact": n}))


def bare_quotes(corpus: Corpus, n: int, big: int, rng: random.Random) -> tuple[list[str], list[dict]]:
    """n exact quotes without hints, each from a paragraph of the big
    article drawn at random (so the quotes spread over all of it)."""
    ps = corpus.chars(big)
    evidence = []
    for i in range(n):
        pi = rng.randrange(len(ps))
        b, e = pick_span(ps[pi], rng)
        evidence.append({"quote": ps[pi][b:e]})
    return ps, evidence


def make_check_bare(big: int):
    def build(folder: str, n: int, corpus: Corpus) -> Run:
        ps, evidence = bare_quotes(corpus, n, big, random.Random(f"bare-{n}"))
        link_big_text(folder, ps, big)
        write_json(os.path.join(folder, "claims.json"),
                   {"source": "article.txt", "claims": [claim(k, e) for k, e in enumerate(evidence)]})
        # A short quote may occur twice in 50 MB: ambiguous, also a lookup.
        return Run(["check", "claims.json", "--format", "json", *FLAGS],
                   ["article.txt", "claims.json"], validate=expect_statuses({"exact": n}, 0.01))
    return build


def make_check_drifted(article_chars: int):
    def build(folder: str, n: int, corpus: Corpus) -> Run:
        ps = corpus.chars(article_chars)
        rng = random.Random(f"drifted-{n}")
        claims = []
        for k, pi in enumerate(spread(n, len(ps)) if n <= len(ps) else
                               [rng.randrange(len(ps)) for _ in range(n)]):
            b, e = pick_span(ps[pi], rng)
            quote = ps[pi][b:e]
            claims.append(claim(k, {"quote": edit_word(quote, rng)}, claim_text(quote)))
        write_text(os.path.join(folder, "article.txt"), ps)
        write_json(os.path.join(folder, "claims.json"), {"source": "article.txt", "claims": claims})
        return Run(["check", "claims.json", "--format", "json", *FLAGS],
                   ["article.txt", "claims.json"], expect=(1,), validate=expect_statuses({"drifted": n}))
    return build


def copy_edited(folder: str, n: int, corpus: Corpus) -> tuple[list[str], list[str]]:
    """old.txt and new.txt: every paragraph of new has one word changed."""
    old = corpus.paragraphs(n)
    rng = random.Random(f"copy-edit-{n}")
    new = [edit_word(p, rng) for p in old]
    write_text(os.path.join(folder, "old.txt"), old)
    write_text(os.path.join(folder, "new.txt"), new)
    return old, new


def check_source_copy_edited(folder: str, n: int, corpus: Corpus) -> Run:
    old, _ = copy_edited(folder, n, corpus)
    rng = random.Random(f"copy-edit-claims-{n}")
    claims = [claim(i, pinned(p, i, *pick_span(p, rng))) for i, p in enumerate(old)]
    write_json(os.path.join(folder, "claims.json"), {"source": "old.txt", "claims": claims})
    # Verdicts vary (an edit inside the quote drifts it, one before it
    # moves it): only the exit code is checked.
    return Run(["check", "claims.json", "--source", "new.txt", "--format", "json", *FLAGS],
               ["old.txt", "new.txt", "claims.json"], expect=(1,))


PINNED_CLAIMS_INSERTION = 1_000


def check_source_insertion(folder: str, n: int, corpus: Corpus) -> Run:
    """n paragraphs, 1,000 claims pinned evenly; the revision inserts one
    paragraph in the middle (claims after it move by one paragraph)."""
    old = corpus.paragraphs(n)
    rng = random.Random(f"insertion-{n}")
    inserted = Article(99_999_999, seed=GROWTH_SEED).paragraph(600)
    new = old[:n // 2] + [inserted] + old[n // 2:]
    write_text(os.path.join(folder, "old.txt"), old)
    write_text(os.path.join(folder, "new.txt"), new)
    count = min(PINNED_CLAIMS_INSERTION, n)
    claims = [claim(k, pinned(old[i], i, *pick_span(old[i], rng)))
              for k, i in enumerate(spread(count, n))]
    write_json(os.path.join(folder, "claims.json"), {"source": "old.txt", "claims": claims})
    moved = sum(1 for i in spread(count, n) if i >= n // 2)
    return Run(["check", "claims.json", "--source", "new.txt", "--format", "json", *FLAGS],
               ["old.txt", "new.txt", "claims.json"],
               validate=expect_statuses({"exact": count - moved, "moved": moved}))


def diff_copy_edited(folder: str, n: int, corpus: Corpus) -> Run:
    copy_edited(folder, n, corpus)
    return Run(["diff", "old.txt", "new.txt", *FLAGS], ["old.txt", "new.txt"], expect=(0,))


def diff_short(folder: str, n: int, corpus: Corpus) -> Run:
    old = corpus.short_paragraphs(n)
    rng = random.Random(f"diff-short-{n}")
    write_text(os.path.join(folder, "old.txt"), old)
    write_text(os.path.join(folder, "new.txt"), [edit_word(p, rng) for p in old])
    return Run(["diff", "old.txt", "new.txt", *FLAGS], ["old.txt", "new.txt"], expect=(0,))


def pins_of(doc: dict) -> list[tuple]:
    return [tuple(c["evidence"][0].get(k) for k in ("paragraph", "start", "end"))
            for c in doc["claims"]]


def make_fix(big: int):
    def build(folder: str, n: int, corpus: Corpus) -> Run:
        """n pins off by one on the big article: even claims' offsets one
        char late, odd claims' paragraph one too far; all `moved`, all fixed."""
        ps = corpus.chars(big)
        rng = random.Random(f"fix-{n}")
        claims, truth = [], []
        for k in range(n):
            pi = rng.randrange(len(ps) - 1)
            b, e = pick_span(ps[pi], rng)
            ev = pinned(ps[pi], pi, b, e)
            truth.append((ev["paragraph"], b, e))
            if k % 2 == 0:
                ev["start"], ev["end"] = b + 1, e + 1
            else:
                ev["paragraph"] = f"p{pi + 2}"
            claims.append(claim(k, ev))
        link_big_text(folder, ps, big)
        write_json(os.path.join(folder, "claims.pristine.json"),
                   {"source": "article.txt", "claims": claims})

        def validate(folder: str, stdout: str, claimcheck) -> str | None:
            with open(os.path.join(folder, "claims.json"), encoding="utf-8") as f:
                fixed = pins_of(json.load(f))
            wrong = sum(1 for got, want in zip(fixed, truth) if got != want)
            # A quote that occurs twice in the article may be left to a person.
            return f"{wrong} of {n} pins not fixed" if wrong > n // 100 else None

        return Run(["fix", "claims.json", *FLAGS], ["article.txt", "claims.json"],
                   restore=[("claims.pristine.json", "claims.json")], validate=validate)
    return build


def make_pin(big: int):
    def build(folder: str, n: int, corpus: Corpus) -> Run:
        ps, evidence = bare_quotes(corpus, n, big, random.Random(f"pin-{n}"))
        link_big_text(folder, ps, big)
        write_json(os.path.join(folder, "claims.pristine.json"),
                   {"source": "article.txt", "claims": [claim(k, e) for k, e in enumerate(evidence)]})

        def validate(folder: str, stdout: str, claimcheck) -> str | None:
            with open(os.path.join(folder, "claims.json"), encoding="utf-8") as f:
                unpinned = sum(1 for p in pins_of(json.load(f)) if p[0] is None)
            # A quote that occurs twice in the article stays unpinned.
            return f"{unpinned} of {n} quotes not pinned" if unpinned > n // 100 else None

        return Run(["pin", "claims.json", *FLAGS], ["article.txt", "claims.json"],
                   restore=[("claims.pristine.json", "claims.json")], validate=validate)
    return build


def findings_file(folder: str, n: int, corpus: Corpus, minified: bool) -> None:
    """n paragraphs, one pinned claim each, every one a finding: even ones
    moved (offsets one char late), odd ones drifted (a word changed)."""
    ps = corpus.paragraphs(n)
    rng = random.Random(f"findings-{n}")
    claims = []
    for i, p in enumerate(ps):
        b, e = pick_span(p, rng)
        ev = pinned(p, i, b, e)
        if i % 2 == 0:
            ev["start"], ev["end"] = b + 1, e + 1
        else:
            ev["quote"] = edit_word(ev["quote"], rng)
        claims.append(claim(i, ev, claim_text(p[b:e])))
    write_text(os.path.join(folder, "article.txt"), ps)
    write_json(os.path.join(folder, "claims.json"), {"source": "article.txt", "claims": claims},
               minified=minified)


def make_format(fmt: str, minified: bool):
    def build(folder: str, n: int, corpus: Corpus) -> Run:
        findings_file(folder, n, corpus, minified)
        if fmt == "html":
            args = ["report", "claims.json", "--html", "report.html", *FLAGS]
        else:
            args = ["check", "claims.json", "--format", fmt, *FLAGS]
        return Run(args, ["article.txt", "claims.json"],
                   expect=(0, 1) if fmt == "html" else (1,),
                   validate=expect_statuses({"moved": (n + 1) // 2, "drifted": n // 2},
                                            args=["check", "claims.json", "--format", "json", *FLAGS]))
    return build


def w3c(folder: str, n: int, corpus: Corpus) -> Run:
    """n paragraphs, one W3C annotation each: TextQuoteSelector (exact,
    prefix, suffix) and a TextPositionSelector in code points of the file."""
    ps = corpus.paragraphs(n)
    rng = random.Random(f"w3c-{n}")
    items, at = [], 0
    for i, p in enumerate(ps):
        b, e = pick_span(p, rng)
        items.append({
            "@context": "http://www.w3.org/ns/anno.jsonld",
            "id": f"urn:growth:{i + 1}",
            "type": "Annotation",
            "body": {"type": "TextualBody", "value": claim_text(p[b:e])},
            "target": {"source": "article.txt", "selector": [
                {"type": "TextQuoteSelector", "exact": p[b:e],
                 "prefix": p[max(0, b - CONTEXT):b], "suffix": p[e:e + CONTEXT]},
                {"type": "TextPositionSelector", "start": at + b, "end": at + e},
            ]},
        })
        at += len(p) + 1
    write_text(os.path.join(folder, "article.txt"), ps)
    write_json(os.path.join(folder, "annotations.json"), items)
    return Run(["check", "annotations.json", "--format", "json", *FLAGS],
               ["article.txt", "annotations.json"], expect=(0,), validate=expect_statuses({"exact": n}))


def scenarios(quick: bool) -> list[Scenario]:
    big = BIG_ARTICLE_CHARS["quick" if quick else "full"]
    big_mb = f"{big // 1_000_000} MB"
    drifted_chars = DRIFTED_ARTICLE_CHARS["quick" if quick else "full"]
    out = [
        Scenario("check pinned", "one claim pinned in each paragraph; article grows",
                 "paragraphs", [5_000, 12_500, 31_250, 80_000], [500, 1_250, 3_125, 8_000],
                 check_pinned, 80_000, 2.0, "chosen: 40× the archive's 60,000 claims in 49 ms"),
        Scenario("check bare quotes", f"exact quotes without hints; article fixed ({big_mb})",
                 "quotes", [6_250, 15_625, 39_063, 100_000], [250, 625, 1_563, 4_000],
                 make_check_bare(big), 100_000, 10.0, "issue 14"),
        Scenario("check drifted quotes", f"drifted quotes without hints; article fixed ({drifted_chars // 1_000_000} MB)",
                 "quotes", [250, 625, 1_563, 4_000], [25, 63, 156, 400],
                 make_check_drifted(drifted_chars), 4_000, 10.0,
                 "chosen: 2.5 ms a quote (the 200-quote re-anchoring case: 0.6 ms)"),
        Scenario("check --source, copy-edited", "every paragraph edited, one pinned claim in each",
                 "paragraphs", [1_000, 2_500, 6_250, 16_000], [50, 125, 313, 800],
                 check_source_copy_edited, 16_000, 8.0, "chosen: as `diff` (0.5 s per 1,000 paragraphs)"),
        Scenario("check --source, one insertion", "one paragraph inserted; 1,000 pinned claims",
                 "paragraphs", [5_000, 12_500, 31_250, 80_000], [500, 1_250, 3_125, 8_000],
                 check_source_insertion, 80_000, 4.0, "chosen: 0.5 s per 10,000 paragraphs"),
        Scenario("diff, copy-edited", "every paragraph edited (~600 chars)",
                 "paragraphs", [1_000, 2_500, 6_250, 16_000], [50, 125, 313, 800],
                 diff_copy_edited, 1_000, 0.5, "issue 14"),
        Scenario("diff, short paragraphs", "every paragraph (one sentence) edited",
                 "paragraphs", [2_000, 5_000, 12_500, 32_000], [100, 250, 625, 1_600],
                 diff_short, 32_000, 8.0, "chosen: half of `diff`'s 0.5 s per 1,000 paragraphs (these are a sixth as long)"),
        Scenario("fix off-by-one pins", f"offsets or paragraph off by one; article fixed ({big_mb})",
                 "pins", [6_250, 15_625, 39_063, 100_000], [250, 625, 1_563, 4_000],
                 make_fix(big), 100_000, 10.0, "chosen: as bare quotes (issue 14)"),
        Scenario("pin bare quotes", f"exact quotes without hints; article fixed ({big_mb})",
                 "quotes", [6_250, 15_625, 39_063, 100_000], [250, 625, 1_563, 4_000],
                 make_pin(big), 100_000, 10.0, "chosen: as bare quotes (issue 14)"),
    ]
    for fmt in ("human", "json", "sarif", "github", "html"):
        for minified in (False, True):
            label = "report --html" if fmt == "html" else f"--format {fmt}"
            out.append(Scenario(
                f"{label}{', one-line file' if minified else ''}",
                "moved and drifted claims, one per paragraph" + (", annotation file on one line" if minified else ""),
                "findings", [1_000, 2_500, 6_250, 16_000], [100, 250, 625, 1_600],
                make_format(fmt, minified), 10_000, 1.0,
                "issue 14" if fmt == "human" else "chosen: as human output (issue 14)"))
    out.append(Scenario("W3C, TextPositionSelector", "one annotation per paragraph; article grows",
                        "annotations", [1_000, 2_500, 6_250, 16_000], [100, 250, 625, 1_600],
                        w3c, 16_000, 1.6, "chosen: as findings (1 s per 10,000)"))
    return out
