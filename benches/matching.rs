//! Micro-benchmarks of the matching core (issue 4): normalization, exact
//! search and approximate search, on the seed article and on a large
//! synthetic text.
//!
//!     cargo bench --bench matching            # full criterion run
//!     cargo bench --bench matching -- --quick # a rough, fast pass
//!
//! `python3 benches/run.py` runs this too and prints the figures.
//!
//! The large text (about 3 million chars, one paragraph per line) is built
//! here from a fixed seed with a small xorshift generator, invented names and
//! figures, so it needs no file and is the same on every machine.

use std::hint::black_box;

use claimcheck::annotation::Offsets;
use claimcheck::matching::{self, Hints};
use claimcheck::myers;
use claimcheck::normalize::Normalized;
use claimcheck::source::{Source, SourceKind};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

const SEED_ARTICLE: &str = include_str!("../sources/russia-recognizes-taliban.txt");
const LARGE_CHARS: usize = 3_000_000;

/// xorshift64*: tiny, deterministic, good enough to pick words.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words[self.below(words.len())]
    }
}

/// About `chars` chars of news-like prose, paragraphs of 300-900 chars.
fn synthetic_text(chars: usize) -> String {
    const WORDS: &[&str] = &[
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "said",
        "that",
        "for",
        "on",
        "was",
        "with",
        "its",
        "council",
        "ministry",
        "budget",
        "report",
        "plan",
        "agreement",
        "railway",
        "harbour",
        "tribunal",
        "museum",
        "vaccine",
        "drought",
        "coalition",
        "officials",
        "residents",
        "announced",
        "rejected",
        "approved",
        "delayed",
        "expanded",
        "questioned",
        "funded",
        "regional",
        "national",
        "temporary",
        "controversial",
        "costly",
        "sweeping",
        "rural",
        "after",
        "before",
        "during",
        "while",
        "although",
        "because",
        "despite",
        "since",
        "percent",
        "million",
        "workers",
        "families",
        "companies",
        "reforms",
        "debate",
        "crisis",
    ];
    const SYLLABLES: &[&str] = &[
        "bra", "kel", "mor", "vin", "tas", "lud", "ori", "zen", "pha", "gro", "sel", "dun",
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut text = String::with_capacity(chars + 1000);
    let mut paragraph_end = 0;
    while text.len() < chars {
        if text.len() >= paragraph_end {
            if !text.is_empty() {
                text.pop(); // the space before the line break
                text.push('\n');
            }
            paragraph_end = text.len() + 300 + rng.below(600);
        }
        match rng.below(12) {
            // An invented proper noun.
            0 => {
                let n = 2 + rng.below(2);
                let mut name = String::new();
                for _ in 0..n {
                    name.push_str(rng.pick(SYLLABLES));
                }
                let mut chars = name.chars();
                if let Some(first) = chars.next() {
                    text.extend(first.to_uppercase());
                    text.push_str(chars.as_str());
                }
            }
            // A figure.
            1 => text.push_str(&(rng.below(99_000) + 2).to_string()),
            // Typography: a quoted word, an em dash.
            2 => {
                text.push('“');
                text.push_str(rng.pick(WORDS));
                text.push('”');
            }
            3 => text.push('—'),
            _ => text.push_str(rng.pick(WORDS)),
        }
        text.push(if rng.below(10) == 0 { '.' } else { ' ' });
        if text.ends_with('.') {
            text.push(' ');
        }
    }
    text.push('\n');
    text
}

/// A quote of `len` chars from the middle of `paragraph`, and the same quote
/// with every 15th char replaced (drifted, well within a quarter in edits).
fn quotes(paragraph: &str, len: usize) -> (String, String, Offsets) {
    let chars: Vec<char> = paragraph.chars().collect();
    let start = (chars.len() - len) / 2;
    let exact: String = chars[start..start + len].iter().collect();
    let drifted: String = chars[start..start + len]
        .iter()
        .enumerate()
        .map(|(i, &c)| if i % 15 == 7 { 'x' } else { c })
        .collect();
    let offsets = Offsets {
        start,
        end: start + len,
    };
    (exact, drifted, offsets)
}

struct Corpus {
    name: &'static str,
    text: String,
    source: Source,
    /// Index of the paragraph the quotes come from.
    paragraph: usize,
}

fn corpora() -> Vec<Corpus> {
    let seed = Source::parse(SEED_ARTICLE.to_owned(), SourceKind::PlainText);
    let large_text = synthetic_text(LARGE_CHARS);
    let large = Source::parse(large_text.clone(), SourceKind::PlainText);
    let seed_paragraph = seed
        .paragraphs
        .iter()
        .position(|p| p.char_len() > 400)
        .expect("a long paragraph");
    let large_paragraph = (large.paragraphs.len() / 2..large.paragraphs.len())
        .find(|&i| large.paragraphs[i].char_len() > 400)
        .expect("a long paragraph");
    vec![
        Corpus {
            name: "seed-article",
            text: SEED_ARTICLE.to_owned(),
            source: seed,
            paragraph: seed_paragraph,
        },
        Corpus {
            name: "synthetic-3M",
            text: large_text,
            source: large,
            paragraph: large_paragraph,
        },
    ]
}

fn benches(c: &mut Criterion) {
    let corpora = corpora();

    let mut group = c.benchmark_group("normalize");
    for corpus in &corpora {
        group.throughput(Throughput::Bytes(corpus.text.len() as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(corpus.name),
            &corpus.text,
            |b, t| b.iter(|| Normalized::new(black_box(t))),
        );
    }
    group.finish();

    // One quote of 120 chars per corpus, exact and drifted, resolved with
    // and without hints (paragraph, offsets, 32-char prefix/suffix).
    for (group_name, drifted) in [("resolve-exact", false), ("resolve-drifted", true)] {
        let mut group = c.benchmark_group(group_name);
        group.sample_size(10);
        for corpus in &corpora {
            let paragraph = &corpus.source.paragraphs[corpus.paragraph];
            let (exact, changed, offsets) = quotes(&paragraph.text, 120);
            let quote = if drifted { changed } else { exact };
            let chars: Vec<char> = paragraph.text.chars().collect();
            let prefix: String = chars[offsets.start.saturating_sub(32)..offsets.start]
                .iter()
                .collect();
            let suffix: String = chars[offsets.end..(offsets.end + 32).min(chars.len())]
                .iter()
                .collect();
            let hinted = Hints {
                paragraph: Some(corpus.paragraph),
                offsets: Some(offsets),
                prefix: Some(&prefix),
                suffix: Some(&suffix),
                ..Hints::default()
            };
            for (mode, hints) in [("hints", hinted), ("no-hints", Hints::default())] {
                let id = BenchmarkId::new(corpus.name, mode);
                group.bench_with_input(id, &quote, |b, q| {
                    b.iter(|| matching::resolve(black_box(&corpus.source), black_box(q), &hints))
                });
            }
        }
        group.finish();
    }

    // The bit-parallel matcher alone over the whole text, k = len / 4.
    let mut group = c.benchmark_group("myers-find");
    group.sample_size(10);
    for corpus in &corpora {
        let paragraph = &corpus.source.paragraphs[corpus.paragraph];
        let (_, drifted, _) = quotes(&paragraph.text, 120);
        let pattern: Vec<char> = drifted.chars().collect();
        let text: Vec<char> = corpus.text.chars().collect();
        group.throughput(Throughput::Elements(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(corpus.name), &text, |b, t| {
            b.iter(|| myers::find(black_box(t), black_box(&pattern), pattern.len() / 4))
        });
    }
    group.finish();
}

criterion_group!(matching_benches, benches);
criterion_main!(matching_benches);
