"""A newsroom archive: N articles, each with an annotation file of 30 claims
pinned to it (paragraph and char offsets), all still verified.

    ROOT/sources/a00001.txt ...        one plain-text article each
    ROOT/annotations/a00001.json ...   its 30 claims, `source: ../sources/...`

Article k is `synth.Article(k, seed=ARCHIVE_SEED)`, so every archive size
is a prefix of the larger ones and every run writes the same bytes.  The
defaults give about 15 KB of files per article (30 MB for 2,000 articles).
"""

from __future__ import annotations

import json
import os
import random
import re

from synth import Article

ARCHIVE_SEED = 7
CLAIMS = 30
ARTICLE_CHARS = 5_000
QUOTE_MARKS = re.compile("[\u2018\u2019\u201c\u201d\"']")


def _word_starts(text: str) -> list[int]:
    return [m.start() for m in re.finditer(r"(?:(?<=\s)|^)\S", text)]


def article_files(k: int) -> tuple[str, dict]:
    """Article k's text and annotation document."""
    article = Article(k, seed=ARCHIVE_SEED)
    paragraphs = article.paragraphs(ARTICLE_CHARS, mean_paragraph=500)
    rng = random.Random(f"archive-{ARCHIVE_SEED}-{k}")
    name = f"a{k + 1:05d}"
    claims = []
    for n in range(CLAIMS):
        pi = rng.randrange(len(paragraphs))
        para = paragraphs[pi]
        begin = rng.choice(_word_starts(para))
        end = min(len(para), begin + rng.randint(40, 120))
        while end < len(para) and not para[end].isspace():
            end += 1
        quote = para[begin:end].rstrip()
        end = begin + len(quote)
        # The claim restates the start of the quote: its figures are all
        # quoted, and it has no quotation marks of its own, so every claim
        # is `verified`.
        claim = "Reported: " + " ".join(QUOTE_MARKS.sub("", quote).split()[:8])
        claims.append({
            "id": f"{name}-claim-{n + 1}",
            "claim": claim,
            "evidence": [{
                "quote": quote,
                "paragraph": f"p{pi + 1}",
                "start": begin,
                "end": end,
            }],
        })
    text = "\n".join(paragraphs) + "\n"
    return text, {"source": f"../sources/{name}.txt", "claims": claims}


def write_archive(root: str, articles: int) -> dict:
    """Writes `articles` articles under `root`; returns file counts and bytes."""
    os.makedirs(os.path.join(root, "sources"), exist_ok=True)
    os.makedirs(os.path.join(root, "annotations"), exist_ok=True)
    total = 0
    for k in range(articles):
        text, annotations = article_files(k)
        name = f"a{k + 1:05d}"
        source = text.encode("utf-8")
        doc = (json.dumps(annotations, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        with open(os.path.join(root, "sources", name + ".txt"), "wb") as f:
            f.write(source)
        with open(os.path.join(root, "annotations", name + ".json"), "wb") as f:
            f.write(doc)
        total += len(source) + len(doc)
    return {"articles": articles, "claims": articles * CLAIMS, "files": 2 * articles,
            "bytes": total}
