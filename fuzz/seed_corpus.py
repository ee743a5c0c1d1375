#!/usr/bin/env python3
"""Fill fuzz/corpus/<target>/ with seeds taken from the repository's own
articles and annotation files (tests/fixtures, annotations/, sources/).

Run from anywhere: `python3 fuzz/seed_corpus.py`. Existing corpus files are
kept; seeds are named by content hash, so running it twice changes nothing.
"""
import hashlib
import json
import pathlib
import struct

FUZZ = pathlib.Path(__file__).resolve().parent
ROOT = FUZZ.parent
CORPUS = FUZZ / "corpus"
# libFuzzer is run with -max_len=4096; longer seeds are cut into pieces.
MAX_LEN = 4096


def files(*patterns):
    for folder in ("tests/fixtures", "annotations", "sources"):
        for pattern in patterns:
            yield from sorted((ROOT / folder).rglob(pattern))


def put(target, data):
    out = CORPUS / target
    out.mkdir(parents=True, exist_ok=True)
    (out / hashlib.sha1(data).hexdigest()).write_bytes(data)


def pieces(data):
    """The whole file if short, else paragraph-aligned chunks of MAX_LEN."""
    if len(data) <= MAX_LEN:
        yield data
        return
    text = data.decode("utf-8", "replace")
    chunk = ""
    for paragraph in text.split("\n\n"):
        if chunk and len((chunk + paragraph).encode()) > MAX_LEN:
            yield chunk.encode()[:MAX_LEN]
            chunk = ""
        chunk += paragraph + "\n\n"
    if chunk:
        yield chunk.encode()[:MAX_LEN]


def evidence_of(value):
    """Every dict with a quote (claimcheck) or exact (W3C) field."""
    if isinstance(value, dict):
        if isinstance(value.get("quote") or value.get("exact"), str):
            yield value
        for v in value.values():
            yield from evidence_of(v)
    elif isinstance(value, list):
        for v in value:
            yield from evidence_of(v)


def matcher_seed(text, quote, evidence, markdown, paragraph=None):
    flags = 1 if markdown else 0
    start = evidence.get("start")
    end = evidence.get("end")
    if paragraph is not None:
        flags |= 2
    if isinstance(start, int) and isinstance(end, int) and 0 <= start <= end < 65536:
        flags |= 4
    else:
        start = end = 0
    prefix = evidence.get("prefix") or ""
    suffix = evidence.get("suffix") or ""
    if prefix:
        flags |= 16
    if suffix:
        flags |= 32
    header = struct.pack(
        "<BBHHHHBB", flags, paragraph or 0, start, end - start, 0, 0,
        max(1, len(quote) // 4), 0,
    )
    body = "\0".join([text, quote, prefix, suffix]).encode()
    return header + body


def main():
    for path in files("*.json"):
        for piece in pieces(path.read_bytes()):
            put("annotation_reader", piece)
    for path in files("*.txt", "*.md"):
        for piece in pieces(path.read_bytes()):
            for target in ("plain_source", "markdown_source", "normalize_offsets"):
                put(target, piece)
    # HTML pages whole or cut into chunks (a chunk is still HTML: tags left
    # open or cut in half are what the parser must survive), and the plain
    # and Markdown articles too, read as HTML text.
    for path in files("*.html", "*.htm", "*.txt", "*.md"):
        for piece in pieces(path.read_bytes()):
            put("html_source", piece)

    # Matcher seeds: each recorded quote against its article. Short articles
    # go in whole with the paragraph hint; for long ones only the quoted
    # paragraph goes in (hint p1).
    for path in files("*.json"):
        try:
            doc = json.loads(path.read_text(encoding="utf-8-sig"))
        except (ValueError, UnicodeDecodeError):
            continue
        source = doc.get("source") if isinstance(doc, dict) else None
        if not isinstance(source, str):
            source = "article.txt"
        article = path.parent / source
        if not article.is_file():
            continue
        text = article.read_text(encoding="utf-8", errors="replace")
        markdown = article.suffix in (".md", ".markdown")
        paragraphs = [p for p in text.split("\n\n") if p.strip()]
        # Fact-check seeds: each claim with each of its quotes.
        for claim in doc.get("claims", []) if isinstance(doc, dict) else []:
            if not isinstance(claim, dict) or not isinstance(claim.get("claim"), str):
                continue
            for evidence in claim.get("evidence") or [{}]:
                quote = evidence.get("quote") if isinstance(evidence, dict) else None
                seed = claim["claim"] + "\0" + (quote if isinstance(quote, str) else "")
                put("facts", seed.encode("utf-8")[:MAX_LEN])
        for evidence in evidence_of(doc):
            quote = evidence.get("quote") or evidence.get("exact")
            hint = evidence.get("paragraph")
            index = int(hint[1:]) - 1 if isinstance(hint, str) and hint[1:].isdigit() else None
            if len(text.encode()) <= MAX_LEN - 400:
                put("matcher", matcher_seed(text, quote, evidence, markdown, index))
            elif index is not None and 0 <= index < len(paragraphs):
                put("matcher", matcher_seed(paragraphs[index], quote, evidence, markdown, 0))
            else:
                put("matcher", matcher_seed(quote, quote, {}, markdown))
    for target in sorted(p.name for p in CORPUS.iterdir()):
        print(f"{target}: {len(list((CORPUS / target).iterdir()))} seeds")


if __name__ == "__main__":
    main()
