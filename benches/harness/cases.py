"""Drifted quotes with ground truth.

`make_case` takes an article (a list of paragraphs), picks quotes from it,
then revises the article the way editors do and tracks, for every quote,
where its text ends up: its *true span* in the revised text.

How the tracking works: every character of the revised text carries the
span of original characters it came from.  An untouched character keeps its
own position `(i, i + 1)`; the letters of a substituted word or a changed
figure all carry the span of the word they replaced; an inserted word
carries an empty span `(p, p)` at the position it was inserted before.  A
quote that covered original characters `[s, e)` now covers every revised
character whose origin overlaps `[s, e)` (an inserted one: lies strictly
inside it).  Paragraph swaps move whole paragraphs and their origins with
them.

Revisions (all drawn from one seeded `random.Random`):
  * word substitutions (a synonym where we have one, else a word of about
    the same length),
  * inserted words ("also", "reportedly", ...) and deleted words,
  * changed figures (years shift by a year or two, counts by up to 40%),
  * straightened quotes (‘’“” -> '"), paragraph by paragraph,
  * swapped adjacent paragraphs (within one article of a multi-article text).

Every quote receives at least one word-level edit inside it, and every edit
is only made if, for each quote it touches, the characters changed so far
stay within a fifth of the quote's length (the budget).  At the end the
real Levenshtein distance between each quote and the revised text at its
true span is computed and checked against that fifth.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

# A fifth of a quote's characters may change (issue 4).
CHANGE_BUDGET = 0.2
CONTEXT = 32  # prefix/suffix length, as annotation clients record it

SYNONYMS = {
    "said": "stated", "says": "states", "told": "informed", "began": "started",
    "large": "big", "big": "large", "long": "lengthy", "first": "earliest",
    "government": "administration", "country": "nation", "war": "conflict",
    "recognized": "acknowledged", "officially": "formally", "announced": "declared",
    "would": "will", "brutal": "savage", "humiliating": "shameful",
    "important": "crucial", "major": "key", "new": "fresh", "also": "as well",
    "many": "numerous", "more": "further", "began": "started", "help": "aid",
    "about": "around", "after": "following", "before": "prior to",
    "however": "but", "because": "since", "people": "citizens", "city": "town",
    "show": "reveal", "shows": "reveals", "called": "named", "build": "construct",
    "start": "begin", "end": "finish", "ended": "finished", "quickly": "rapidly",
    "recent": "latest", "years": "decades", "often": "frequently",
}

INSERTED_WORDS = ["also", "reportedly", "now", "still", "later", "widely",
                  "officially", "new", "very", "already", "formally", "largely",
                  "once", "even", "only", "then"]

# Replacement words when no synonym is known, bucketed by length.
FILLER_WORDS = """act age aim air arm art bid cap cut day due end era eye fee few
    fix gap law lot low map mix net oil own pay peak plan poll port post rate
    rise role rule sale seat ship side sign site size step talk task term test
    tide tool town unit view vote wage ward wave week wing word work year zone
    about above added after again agent along among angle asked award based
    basic began below board brief broad built carry cause chain chief civil
    claim clear close count court cover crowd daily delay doubt draft early
    equal event exact extra faith field final first force forum front grant
    group guard guest heavy house issue judge labor large later layer legal
    level limit local major march minor model money month moral motor noted
    offer order other owner panel party peace phase plant point power press
    price prime print proof quick quiet quote radio range rapid ready refer
    reply right rival round route royal rural scale scene scope sense serve
    share shift short shown since skill small solid space speak staff stage
    stake stand start state steel stock store story study style sugar table
    taken terms theme third title total touch tough trade trial trust truth
    under union upper urban usual value video visit voice waste watch water
    while whole women world worth youth account against already another
    capital central century certain chamber command company concern conduct
    council country current defence economy edition element another evening
    example federal foreign general growing history holding however husband
    nothing opinion outside partner percent perhaps picture pointed popular
    present private problem process produce product program project promise
    protect provide purpose quarter quickly railway realise receive recover
    reflect regular related release removed replace request reserve resolve
    respect returns revenue running science section serious service several
    similar society someone speaker station student subject support surface
    teacher thought through tonight towards traffic trouble variety venture
    version village violent visitor weather welcome western whether without
    working written""".split()


def levenshtein(a: str, b: str) -> int:
    """Edit distance (insert, delete, substitute), Myers/Hyyrö bit-vector
    algorithm on Python integers: one pass of word operations per char of b."""
    if not a:
        return len(b)
    if not b:
        return len(a)
    m = len(a)
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    peq: dict[str, int] = {}
    for i, c in enumerate(a):
        peq[c] = peq.get(c, 0) | (1 << i)
    pv, mv, score = mask, 0, m
    for c in b:
        eq = peq.get(c, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        # The top row of a global alignment rises by one per text char.
        ph = ((ph << 1) | 1) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
    return score


@dataclass
class Quote:
    """One evidence quote, its hints from the original, and its truth."""
    text: str
    paragraph: int          # original paragraph index (0-based)
    start: int              # char offsets inside that paragraph
    end: int
    prefix: str
    suffix: str
    doc_start: int          # char offsets in the original document
    doc_end: int
    budget: int = 0
    cost: int = 0
    word_edits: int = 0
    true_start: int = -1    # char offsets in the revised document
    true_end: int = -1
    distance: int = -1      # Levenshtein(quote, revised text at true span)


@dataclass
class Para:
    chars: list[str]
    orig: list[tuple[int, int]]
    article: int
    quotes: list[int] = field(default_factory=list)

    def text(self) -> str:
        return "".join(self.chars)


@dataclass
class Case:
    name: str
    original: list[str]       # paragraphs of the original
    revised: list[str]        # paragraphs of the revision
    quotes: list[Quote]
    stats: dict

    @property
    def original_text(self) -> str:
        return "\n".join(self.original) + "\n"

    @property
    def revised_text(self) -> str:
        return "\n".join(self.revised) + "\n"

    def revised_paragraph_starts(self) -> list[int]:
        starts, at = [], 0
        for p in self.revised:
            starts.append(at)
            at += len(p) + 1
        return starts


WORD = re.compile(r"[A-Za-z]+")
FIGURE = re.compile(r"\d(?:[\d,]*\d)?")
CURLY = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}


def _word_starts(text: str) -> list[int]:
    return [m.start() for m in re.finditer(r"(?:(?<=\s)|^)\S", text)]


def pick_quotes(paragraphs: list[str], count: int, rng: random.Random,
                articles: list[int] | None = None) -> list[Quote]:
    """`count` distinct quotes of 40-200 chars, each starting and ending on
    a word boundary inside one paragraph and occurring once in the text.
    With `articles` (the article of each paragraph), quote k comes from
    article k, so quotes spread over the whole text."""
    doc = "\n".join(paragraphs) + "\n"
    starts, at = [], 0
    for p in paragraphs:
        starts.append(at)
        at += len(p) + 1
    quotes: list[Quote] = []
    seen: set[tuple[int, int]] = set()
    while len(quotes) < count:
        if articles is None:
            pool = [i for i, p in enumerate(paragraphs) if len(p) >= 60]
        else:
            pool = [i for i, p in enumerate(paragraphs)
                    if articles[i] == len(quotes) and len(p) >= 60]
        weights = [len(paragraphs[i]) for i in pool]
        pi = rng.choices(pool, weights)[0]
        para = paragraphs[pi]
        begin = rng.choice(_word_starts(para))
        want = rng.randint(40, 200)
        end = min(begin + want, len(para))
        # Extend to the end of the word we are in, then trim spaces.
        while end < len(para) and not para[end].isspace():
            end += 1
        text = para[begin:end].rstrip()
        end = begin + len(text)
        if not 40 <= len(text) <= 200 or (pi, begin) in seen:
            continue
        if doc.count(text) != 1:
            continue  # ambiguous in the original: no single ground truth
        seen.add((pi, begin))
        quotes.append(Quote(
            text=text, paragraph=pi, start=begin, end=end,
            prefix=para[max(0, begin - CONTEXT):begin],
            suffix=para[end:end + CONTEXT],
            doc_start=starts[pi] + begin, doc_end=starts[pi] + end,
            budget=int(len(text) * CHANGE_BUDGET),
        ))
    return quotes


class Reviser:
    """Applies revision edits to paragraphs, respecting every quote's budget."""

    def __init__(self, paragraphs: list[str], quotes: list[Quote],
                 articles: list[int], rng: random.Random):
        self.rng = rng
        self.quotes = quotes
        self.paras: list[Para] = []
        at = 0
        for i, p in enumerate(paragraphs):
            self.paras.append(Para(list(p), [(at + k, at + k + 1) for k in range(len(p))],
                                   articles[i]))
            at += len(p) + 1
        # Paragraphs by original index (`paras` is reordered by swaps).
        self.home = list(self.paras)
        for qi, q in enumerate(quotes):
            self.home[q.paragraph].quotes.append(qi)
        self.counts = {"substitute": 0, "insert": 0, "delete": 0, "figure": 0,
                       "straighten": 0, "swap": 0, "refused": 0}

    # -- bookkeeping -------------------------------------------------------

    def _touched(self, para: Para, a: int, b: int) -> list[Quote]:
        """Quotes of `para` whose original span meets origin span [a, b)."""
        out = []
        for qi in para.quotes:
            q = self.quotes[qi]
            hit = (q.doc_start < a < q.doc_end) if a == b else (a < q.doc_end and b > q.doc_start)
            if hit:
                out.append(q)
        return out

    def _apply(self, para: Para, i: int, j: int, new: str, origin: tuple[int, int] | None,
               cost: int, kind: str) -> bool:
        """Replaces chars [i, j) of `para` by `new` if every touched quote can
        afford `cost`; the new chars carry `origin` (None: the union of the
        replaced chars' origins)."""
        if origin is None:
            spans = para.orig[i:j]
            origin = (min(s for s, _ in spans), max(e for _, e in spans))
        touched = self._touched(para, *origin)
        if any(q.cost + cost > q.budget for q in touched):
            self.counts["refused"] += 1
            return False
        for q in touched:
            q.cost += cost
            if kind != "straighten":
                q.word_edits += 1
        para.chars[i:j] = list(new)
        para.orig[i:j] = [origin] * len(new)
        self.counts[kind] += 1
        return True

    def current_span(self, q: Quote) -> tuple[int, int]:
        """Where quote `q` is now inside its paragraph (chars)."""
        para = self.home[q.paragraph]
        idx = [k for k, (a, b) in enumerate(para.orig)
               if ((q.doc_start < a < q.doc_end) if a == b else (a < q.doc_end and b > q.doc_start))]
        return (idx[0], idx[-1] + 1) if idx else (0, 0)

    # -- edits -------------------------------------------------------------

    def substitute(self, para: Para, lo: int, hi: int) -> bool:
        text = para.text()
        words = [m for m in WORD.finditer(text, lo, hi) if len(m.group()) >= 3]
        if not words:
            return False
        m = self.rng.choice(words)
        old = m.group()
        new = SYNONYMS.get(old.lower())
        if new is None:
            # A word of about the same length (the longest we have for long words).
            gap = max(2, len(old) - max(map(len, FILLER_WORDS)))
            near = [w for w in FILLER_WORDS if abs(len(w) - len(old)) <= gap and w != old.lower()]
            new = self.rng.choice(near)
        if old[0].isupper():
            new = new[0].upper() + new[1:]
        return self._apply(para, m.start(), m.end(), new, None, levenshtein(old, new), "substitute")

    def insert(self, para: Para, lo: int, hi: int) -> bool:
        text = para.text()
        # Before a word that is not the first of the range (never at its edge).
        spots = [s for s in _word_starts(text) if lo < s < hi]
        if not spots:
            return False
        at = self.rng.choice(spots)
        word = self.rng.choice(INSERTED_WORDS) + " "
        point = para.orig[at][0]
        return self._apply(para, at, at, word, (point, point), len(word), "insert")

    def delete(self, para: Para, lo: int, hi: int) -> bool:
        text = para.text()
        words = [m for m in WORD.finditer(text, lo, hi)
                 if m.start() > 0 and text[m.start() - 1] == " "]
        if not words:
            return False
        m = self.rng.choice(words)
        # The word and the space before it.
        return self._apply(para, m.start() - 1, m.end(), "", None, m.end() - m.start() + 1, "delete")

    def figure(self, para: Para, lo: int, hi: int) -> bool:
        text = para.text()
        figures = list(FIGURE.finditer(text, lo, hi))
        if not figures:
            return False
        m = self.rng.choice(figures)
        old = m.group()
        value = int(old.replace(",", ""))
        if len(old) == 4 and 1900 <= value <= 2100:
            new_value = value + self.rng.choice([-2, -1, 1, 2])
        else:
            new_value = max(1, round(value * self.rng.uniform(0.6, 1.4)))
            if new_value == value:
                new_value += 1
        new = f"{new_value:,}" if "," in old else str(new_value)
        return self._apply(para, m.start(), m.end(), new, None, levenshtein(old, new), "figure")

    def word_edit(self, para: Para, lo: int, hi: int) -> bool:
        """One random word-level edit in chars [lo, hi) of `para`."""
        kinds = [self.substitute] * 4 + [self.insert] * 2 + [self.delete] * 2 + [self.figure] * 2
        self.rng.shuffle(kinds)
        return any(kind(para, lo, hi) for kind in kinds[:3])

    def straighten(self, para: Para) -> None:
        for k, c in enumerate(para.chars):
            if c in CURLY:
                self._apply(para, k, k + 1, CURLY[c], para.orig[k], 1, "straighten")

    def swap_adjacent(self, i: int) -> None:
        self.paras[i], self.paras[i + 1] = self.paras[i + 1], self.paras[i]
        self.counts["swap"] += 1


def make_case(name: str, paragraphs: list[str], seed: int, quote_count: int = 200,
              articles: list[int] | None = None) -> Case:
    """Picks quotes from `paragraphs`, revises them, and records the truth."""
    assert all(ord(c) < 0x10000 for p in paragraphs for c in p), \
        "BMP only, so that JavaScript string indices are char indices"
    rng = random.Random(f"{name}-{seed}")
    quotes = pick_quotes(paragraphs, quote_count, rng, articles)
    reviser = Reviser(paragraphs, quotes, articles or [0] * len(paragraphs), rng)

    # 1. Every quote gets one to three word-level edits inside it.
    order = list(range(len(quotes)))
    rng.shuffle(order)
    for qi in order:
        q = quotes[qi]
        wanted = rng.choice([1, 1, 2, 2, 3])
        for _ in range(wanted * 4):
            if q.word_edits >= wanted:
                break
            lo, hi = reviser.current_span(q)
            reviser.word_edit(reviser.home[q.paragraph], lo, hi)
    # 2. Background edits anywhere (they also shift the offsets of later quotes).
    for para in reviser.paras:
        for _ in range(rng.choice([0, 1, 1, 2, 3])):
            reviser.word_edit(para, 0, len(para.chars))
    # 3. Some paragraphs get straight quotes (a different editor's tool).
    for para in reviser.paras:
        if rng.random() < 0.3:
            reviser.straighten(para)
    # 4. Swapped paragraphs: a few in a single article, one per article in
    #    about a third of the articles of a multi-article text.
    if articles is None:
        for _ in range(3):
            reviser.swap_adjacent(rng.randrange(len(reviser.paras) - 1))
    else:
        for article in sorted(set(articles)):
            members = [i for i, p in enumerate(reviser.paras) if p.article == article]
            if len(members) > 1 and rng.random() < 0.33:
                reviser.swap_adjacent(rng.choice(members[:-1]))

    # Ground truth: each quote's span in the revised document.
    revised = [p.text() for p in reviser.paras]
    starts, at = [], 0
    for p in revised:
        starts.append(at)
        at += len(p) + 1
    where = {id(p): k for k, p in enumerate(reviser.paras)}
    for q in quotes:
        para = reviser.home[q.paragraph]
        lo, hi = reviser.current_span(q)
        base = starts[where[id(para)]]
        q.true_start, q.true_end = base + lo, base + hi
        q.distance = levenshtein(q.text, "".join(para.chars[lo:hi]))
        assert q.distance <= len(q.text) * CHANGE_BUDGET, (q.text, q.distance)

    stats = dict(reviser.counts)
    stats["chars"] = sum(len(p) + 1 for p in revised)
    stats["paragraphs"] = len(revised)
    stats["unchanged_quotes"] = sum(q.distance == 0 for q in quotes)
    stats["mean_change"] = sum(q.distance / len(q.text) for q in quotes) / len(quotes)
    stats["max_change"] = max(q.distance / len(q.text) for q in quotes)
    stats["mean_quote_len"] = sum(len(q.text) for q in quotes) / len(quotes)
    return Case(name, paragraphs, revised, quotes, stats)


def read_paragraphs(path: str) -> list[str]:
    """Paragraphs of a plain-text source as claimcheck reads it: every
    non-blank line, trailing whitespace trimmed (CONTRACT §1)."""
    with open(path, encoding="utf-8-sig") as f:
        lines = f.read().split("\n")
    return [line.rstrip() for line in lines if line.strip()]
