// Re-anchors quotes with the JavaScript libraries annotation tools use.
//
//   node anchor.mjs PEERS_DIR CASES.json [approx-string-match|diff-match-patch]...
//
// CASES.json: {"text": PATH, "quotes": [{"exact", "prefix"?, "suffix"?, "hint"?}]}
// (prefix, suffix and hint are present only in the "with hints" runs).
//
// Runs the peers named (default: both) and prints one JSON object on stdout:
//   {"approx-string-match": {"seconds": S, "found": [[start, end] | null, ...]},
//    "diff-match-patch":    {"seconds": S, "found": [...]}}
// Offsets are UTF-16 code units; the harness only generates BMP text, so they
// equal the char offsets the Python side uses. `seconds` covers the searches
// alone: Node start-up, reading the text and parsing the cases are excluded.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [peersDir, casesPath, ...wanted] = process.argv.slice(2);
const modules = join(peersDir, "node_modules");
const approxSearch = (
  await import(pathToFileURL(join(modules, "approx-string-match/build/src/index.js")).href)
).default;
const DiffMatchPatch = createRequire(import.meta.url)(join(modules, "diff-match-patch"));

const cases = JSON.parse(readFileSync(casesPath, "utf8"));
const text = readFileSync(cases.text, "utf8");

// ---------------------------------------------------------------------------
// approx-string-match, driven as the Hypothesis client's match-quote.ts does:
// exact matches first (indexOf), else an approximate search of the whole
// text; candidates ranked by 50 × quote similarity + 20 × prefix similarity
// + 20 × suffix similarity + 2 × closeness to the position hint. The one
// change, asked for by issue 4: maxErrors is a quarter of the quote's length
// (claimcheck's limit) instead of Hypothesis's half.
// ---------------------------------------------------------------------------

function search(text, str, maxErrors) {
  let matchPos = 0;
  const exact = [];
  while (matchPos !== -1) {
    matchPos = text.indexOf(str, matchPos);
    if (matchPos !== -1) {
      exact.push({ start: matchPos, end: matchPos + str.length, errors: 0 });
      matchPos += 1;
    }
  }
  return exact.length > 0 ? exact : approxSearch(text, str, maxErrors);
}

function textMatchScore(text, str) {
  if (str.length === 0 || text.length === 0) return 0.0;
  const matches = search(text, str, str.length);
  return 1 - matches[0].errors / str.length;
}

function matchQuote(text, quote, context) {
  if (quote.length === 0) return null;
  const maxErrors = Math.floor(quote.length / 4);
  const matches = search(text, quote, maxErrors);
  if (matches.length === 0) return null;
  const score = (m) => {
    const quoteScore = 1 - m.errors / quote.length;
    const prefixScore = context.prefix
      ? textMatchScore(text.slice(Math.max(0, m.start - context.prefix.length), m.start), context.prefix)
      : 1.0;
    const suffixScore = context.suffix
      ? textMatchScore(text.slice(m.end, m.end + context.suffix.length), context.suffix)
      : 1.0;
    let posScore = 1.0;
    if (typeof context.hint === "number") {
      posScore = 1.0 - Math.abs(m.start - context.hint) / text.length;
    }
    return (50 * quoteScore + 20 * prefixScore + 20 * suffixScore + 2 * posScore) / 92;
  };
  const scored = matches.map((m) => ({ start: m.start, end: m.end, score: score(m) }));
  scored.sort((a, b) => b.score - a.score);
  return scored[0];
}

// ---------------------------------------------------------------------------
// diff-match-patch's match_main, driven as dom-anchor-text-quote's
// toPositionAnchor does: bitap is limited to 32-char patterns, so the quote
// is cut into 32-char slices; the prefix (else the suffix) moves the search
// location, the first slice is searched with Match_Distance = 2 × text
// length around it, and each following slice is searched close behind the
// previous one (Match_Distance = 64); the span is the union of the slices.
// Without a hint the location is the middle of the text. A slice that is not
// found means no match (the library throws).
// ---------------------------------------------------------------------------

const SLICE_RE = /(.|[\r\n]){1,32}/g;

function dmpAnchor(text, quote) {
  const dmp = new DiffMatchPatch();
  dmp.Match_Distance = text.length * 2;
  const slices = quote.exact.match(SLICE_RE);
  let loc = quote.hint === undefined ? (text.length / 2) | 0 : quote.hint;
  let result = -1;
  let foundPrefix = false;
  if (quote.prefix !== undefined) {
    result = dmp.match_main(text, quote.prefix, loc);
    if (result > -1) {
      loc = result + quote.prefix.length;
      foundPrefix = true;
    }
  }
  if (quote.suffix !== undefined && !foundPrefix) {
    result = dmp.match_main(text, quote.suffix, loc + quote.exact.length);
    if (result > -1) loc = result - quote.exact.length;
  }
  const first = slices.shift();
  result = dmp.match_main(text, first, loc);
  if (result === -1) return null;
  const acc = { start: result, end: result + first.length, loc: result + first.length };
  dmp.Match_Distance = 64;
  for (const slice of slices) {
    const at = dmp.match_main(text, slice, acc.loc);
    if (at === -1) return null;
    acc.loc = at + slice.length;
    acc.start = Math.min(acc.start, at);
    acc.end = Math.max(acc.end, at + slice.length);
  }
  return { start: acc.start, end: acc.end };
}

// ---------------------------------------------------------------------------

function run(anchor) {
  const found = [];
  const t0 = process.hrtime.bigint();
  for (const q of cases.quotes) {
    const m = anchor(q);
    found.push(m ? [m.start, m.end] : null);
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { seconds, found };
}

const peers = {
  "approx-string-match": (q) => {
    const context = {};
    if (q.prefix !== undefined) context.prefix = q.prefix;
    if (q.suffix !== undefined) context.suffix = q.suffix;
    if (q.hint !== undefined) context.hint = q.hint;
    return matchQuote(text, q.exact, context);
  },
  "diff-match-patch": (q) => dmpAnchor(text, q),
};
const out = {};
for (const name of wanted.length ? wanted : Object.keys(peers)) {
  out[name] = run(peers[name]);
}
process.stdout.write(JSON.stringify(out) + "\n");
