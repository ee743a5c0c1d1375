"""Re-anchors quotes with rapidfuzz, as a newsroom script would.

    python3 rapidfuzz_anchor.py PEERS_PY_DIR CASES.json

CASES.json: {"text": PATH, "quotes": [{"exact", "prefix"?, "suffix"?, "hint"?}]}.
Prints {"rapidfuzz": {"seconds": S, "found": [[start, end] | null, ...]}}.

The approach: `fuzz.partial_ratio_alignment(quote, window)` on a window of
WINDOW characters either side of the position hint; if nothing there scores
at least CUTOFF, the same call on the whole text.  Without a hint, the whole
text straight away.  CUTOFF = 75 is the partial-ratio equivalent of
claimcheck's limit of a quarter of the quote's length in edits: k edits cost
at most 2k Indel operations, and 100 * (1 - 2k / 2m) = 75 for k = m / 4.
`seconds` covers the searches alone (not Python start-up, import, reading).
"""

import json
import sys
import time

sys.path.insert(0, sys.argv[1])
from rapidfuzz import fuzz  # noqa: E402  (installed into the harness's own folder)

WINDOW = 1000
CUTOFF = 75.0


def anchor(text: str, quote: dict):
    exact = quote["exact"]
    hint = quote.get("hint")
    if hint is not None:
        lo = max(0, hint - WINDOW)
        window = text[lo:hint + len(exact) + WINDOW]
        m = fuzz.partial_ratio_alignment(exact, window, score_cutoff=CUTOFF)
        if m is not None and m.score >= CUTOFF:
            return [lo + m.dest_start, lo + m.dest_end]
    m = fuzz.partial_ratio_alignment(exact, text, score_cutoff=CUTOFF)
    if m is not None and m.score >= CUTOFF:
        return [m.dest_start, m.dest_end]
    return None


def main() -> None:
    with open(sys.argv[2], encoding="utf-8") as f:
        cases = json.load(f)
    with open(cases["text"], encoding="utf-8") as f:
        text = f.read()
    found = []
    t0 = time.perf_counter()
    for quote in cases["quotes"]:
        found.append(anchor(text, quote))
    seconds = time.perf_counter() - t0
    print(json.dumps({"rapidfuzz": {"seconds": seconds, "found": found}}))


if __name__ == "__main__":
    main()
