//! The matcher, on arbitrary text, quote and hints.
//!
//! Input layout (so that seeds can be written by hand): a 12-byte header,
//! then UTF-8 (lossy) split on NUL into text, quote, prefix and suffix.
//!
//! | byte  | meaning                                                        |
//! |-------|----------------------------------------------------------------|
//! | 0     | flags: 1 Markdown, 2 paragraph hint, 4 offsets, 8 position,    |
//! |       | 16 prefix, 32 suffix, 64 small alphabet for `myers`, 128 huge  |
//! | 1     | paragraph hint (0-based)                                       |
//! | 2..4  | offsets start (u16 LE)                                         |
//! | 4..6  | offsets length (u16 LE)                                        |
//! | 6..8  | position start (u16 LE)                                        |
//! | 8..10 | position length (u16 LE)                                       |
//! | 10    | `max_errors` for the direct `myers::find` check                |
//! | 11    | small alphabet: size `2 + b % 4`, non-ASCII if `b & 4`;        |
//! |       | `b & 8`: the quote is the text pinned by the paragraph and     |
//! |       | offsets hints (offsets wrapped into the paragraph)             |
//!
//! Checks: `matching::resolve` never panics; a location it returns names a
//! paragraph that exists and lies within its char length; an exact location
//! holds the quote, and `Exact` is an occurrence the full search would find
//! there (the normalized paragraph holds the quote at bytes that map back to
//! exactly that location), however it was found; a near match has at most
//! `max_errors` errors; no location, exact or near, begins or ends inside a
//! grapheme cluster of the original text or between two letters or digits
//! of one word (UAX #29, on the normalized text), and `exact_occurrences`
//! lists only such occurrences, each of which holds the quote; every passage
//! of a paragraph within the quote's edit budget lies inside one of the
//! places the q-gram filter names, which counts enough runs for it. And, on
//! the
//! text and quote as char slices: every `myers::find` match satisfies
//! `distance(pattern, text[start..end]) == errors <= max`, matches come sorted,
//! `best_errors` agrees with them, and (on small inputs) every match is the
//! one a plain dynamic-programming table predicts; `myers::distance` agrees
//! with plain Levenshtein.
#![no_main]

use claimcheck::annotation::Offsets;
use claimcheck::matching::{self, Hints, Location, Resolution};
use claimcheck::myers;
use claimcheck::normalize::normalize;
use claimcheck::source::{Paragraph, Source, SourceKind, gram_index};
use libfuzzer_sys::fuzz_target;
use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};

const HEADER: usize = 12;

fn u16_at(data: &[u8], i: usize) -> usize {
    u16::from_le_bytes([data[i], data[i + 1]]) as usize
}

fuzz_target!(|data: &[u8]| {
    if data.len() < HEADER {
        return;
    }
    let (header, body) = data.split_at(HEADER);
    let flags = header[0];
    let body = String::from_utf8_lossy(body);
    let mut parts = body.splitn(4, '\0');
    let text = parts.next().unwrap_or("");
    let quote = parts.next().unwrap_or("");
    let prefix = parts.next();
    let suffix = parts.next();

    let huge = |x: usize| if flags & 128 != 0 { usize::MAX - x } else { x };
    let offsets_start = huge(u16_at(header, 2));
    let position_start = huge(u16_at(header, 6));
    let hints = Hints {
        paragraph: (flags & 2 != 0).then_some(header[1] as usize),
        offsets: (flags & 4 != 0).then(|| Offsets {
            start: offsets_start,
            end: offsets_start.saturating_add(u16_at(header, 4)),
        }),
        prefix: prefix.filter(|_| flags & 16 != 0),
        suffix: suffix.filter(|_| flags & 32 != 0),
        position: (flags & 8 != 0).then(|| Offsets {
            start: position_start,
            end: position_start.saturating_add(u16_at(header, 8)),
        }),
    };
    let kind = if flags & 1 != 0 {
        SourceKind::Markdown
    } else {
        SourceKind::PlainText
    };

    check_resolve(text, quote, &hints, kind, header[11] & 8 != 0);

    let (text_chars, pattern) = if flags & 64 != 0 {
        let size = 2 + (header[11] % 4) as u32;
        let base = if header[11] & 4 != 0 { 'α' } else { 'a' } as u32;
        let fold = |c: char| char::from_u32(base + c as u32 % size).unwrap_or('a');
        (
            text.chars().map(fold).collect::<Vec<_>>(),
            quote.chars().map(fold).collect::<Vec<_>>(),
        )
    } else {
        (text.chars().collect(), quote.chars().collect())
    };
    check_myers(&text_chars, &pattern, header[10] as usize);
});

fn check_resolve(text: &str, quote: &str, hints: &Hints, kind: SourceKind, pinned: bool) {
    let source = Source::parse(text.to_owned(), kind);
    let mut hints = hints.clone();
    let mut quote = quote;
    if pinned
        && let (Some(p), Some(o)) = (hints.paragraph, hints.offsets)
        && let Some(paragraph) = source.paragraphs.get(p)
    {
        let len = paragraph.char_len();
        let start = o.start % (len + 1);
        let end = start + (o.end - o.start) % (len - start + 1);
        hints.offsets = Some(Offsets { start, end });
        quote = paragraph.slice_chars(start..end);
    }
    let hints = &hints;
    let needle = normalize(quote);
    check_places(&source, &needle);
    let check = |location: &Location, what: &str| {
        let paragraph = source
            .paragraphs
            .get(location.paragraph)
            .unwrap_or_else(|| {
                panic!(
                    "{what}: paragraph {} of {}",
                    location.paragraph,
                    source.paragraphs.len()
                )
            });
        assert!(
            location.start <= location.end && location.end <= paragraph.char_len(),
            "{what}: {location:?} outside p{} ({} chars)",
            location.paragraph + 1,
            paragraph.char_len()
        );
        check_edges(paragraph, location, what);
        paragraph
    };
    let exact = |location: &Location, what: &str| {
        let paragraph = check(location, what);
        let found = normalize(paragraph.slice_chars(location.chars()));
        assert!(
            found.contains(&needle),
            "{what}: {location:?} holds {found:?}, not the quote {needle:?}"
        );
    };
    for occurrence in matching::exact_occurrences(&source, &needle) {
        exact(&occurrence, "exact_occurrences");
    }
    match matching::resolve(&source, quote, hints) {
        Resolution::Exact(l) => {
            exact(&l, "exact");
            let paragraph = &source.paragraphs[l.paragraph];
            assert!(
                is_occurrence(paragraph, &needle, &l),
                "exact: {l:?} ({:?}) is not where the normalized paragraph {:?} holds {needle:?}",
                paragraph.slice_chars(l.chars()),
                paragraph.normalized().as_str()
            );
        }
        Resolution::Moved(l) => exact(&l, "moved"),
        Resolution::Ambiguous { first, count } => {
            exact(&first, "ambiguous");
            assert!(count >= 2, "ambiguous with {count} occurrence(s)");
        }
        Resolution::Drifted { location, errors } => {
            check(&location, "drifted");
            let limit = matching::max_errors(needle.chars().count());
            assert!(
                errors <= limit,
                "drifted with {errors} errors, limit {limit}"
            );
        }
        Resolution::Broken => {}
    }
}

/// `location` splits no grapheme cluster of the paragraph's original text,
/// and, where the normalized chars on both sides of an edge are letters or
/// digits, that edge is a word boundary of the normalized text.
fn check_edges(paragraph: &Paragraph, location: &Location, what: &str) {
    let text = paragraph.text.as_str();
    for chars in [location.start, location.end] {
        let byte = paragraph.char_to_text_byte(chars);
        let mut cursor = GraphemeCursor::new(byte, text.len(), true);
        assert!(
            cursor.is_boundary(text, 0).unwrap_or(true),
            "{what}: {location:?} splits a grapheme cluster at char {chars} of {text:?}"
        );
    }
    let normalized = paragraph.normalized();
    let norm = normalized.as_str();
    let bounds: Vec<usize> = norm
        .split_word_bound_indices()
        .map(|(i, _)| i)
        .chain([norm.len()])
        .collect();
    for chars in [location.start, location.end] {
        let at = normalized.normalized_offset(chars);
        let before = norm[..at].chars().next_back();
        let after = norm[at..].chars().next();
        if before.is_some_and(char::is_alphanumeric) && after.is_some_and(char::is_alphanumeric) {
            assert!(
                bounds.binary_search(&at).is_ok(),
                "{what}: {location:?} splits a word at byte {at} of {norm:?}"
            );
        }
    }
}

/// The q-gram filter loses no passage within the edit budget.
fn check_places(source: &Source, needle: &str) {
    let pattern: Vec<char> = needle.chars().collect();
    let bound = matching::max_errors(pattern.len());
    let Some(places) = source.index().grams().places(&pattern, bound) else {
        return;
    };
    let places: Vec<_> = places.collect();
    let needed = gram_index::threshold(pattern.len(), bound).unwrap_or(0);
    for paragraph in &source.paragraphs {
        let text = &paragraph.normalized().char_index().chars;
        for m in myers::find(text, &pattern, bound) {
            assert!(
                places.iter().any(|place| place.paragraph == paragraph.index
                    && place.chars.start <= m.start
                    && m.end <= place.chars.end
                    && place.hits >= needed),
                "{m:?} in p{} is in no place: {places:?}",
                paragraph.index + 1
            );
        }
    }
}

/// Whether the normalized `paragraph` holds `needle` at bytes whose original
/// chars are exactly `location` (how the full search finds occurrences).
fn is_occurrence(paragraph: &Paragraph, needle: &str, location: &Location) -> bool {
    let normalized = paragraph.normalized();
    let text = normalized.as_str();
    text.char_indices().any(|(at, _)| {
        text[at..].starts_with(needle)
            && normalized.original_range(at..at + needle.len()) == location.chars()
    })
}

fn check_myers(text: &[char], pattern: &[char], max: usize) {
    let matches = myers::find(text, pattern, max);
    for m in &matches {
        assert!(
            m.start <= m.end && m.end <= text.len(),
            "match {m:?} outside the text ({} chars)",
            text.len()
        );
        assert!(m.errors <= max, "match {m:?} has more than {max} errors");
        let d = myers::distance(pattern, &text[m.start..m.end]);
        assert_eq!(d, m.errors, "match {m:?}: distance of its span is {d}");
    }
    assert!(
        matches
            .windows(2)
            .all(|w| (w[0].start, w[0].end) <= (w[1].start, w[1].end)),
        "matches not sorted"
    );
    let least = matches.iter().map(|m| m.errors).min();
    assert_eq!(
        myers::best_errors(text, pattern, max),
        least,
        "best_errors disagrees with find"
    );

    if pattern.len() * text.len() <= 1 << 16 {
        let d = myers::distance(pattern, text);
        assert_eq!(d, levenshtein(pattern, text), "distance(pattern, text)");
        assert_eq!(
            myers::distance(text, pattern),
            d,
            "distance is not symmetric"
        );
    }
    if pattern.len() <= 40 && text.len() <= 400 {
        assert_eq!(matches, expected_matches(text, pattern, max), "find vs DP");
    }
}

/// Plain Levenshtein distance, one row at a time.
fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitute = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

/// What `myers::find` documents, computed the slow way: the semi-global table
/// gives each end's error count; each cluster of ends within `max` yields its
/// best end, and the smallest start whose span costs that much.
fn expected_matches(text: &[char], pattern: &[char], max: usize) -> Vec<myers::Match> {
    if pattern.is_empty() {
        return Vec::new();
    }
    let max = max.min(pattern.len());
    let m = pattern.len();
    // column[i] = errors of pattern[..i] ending at the current text position.
    let mut column: Vec<usize> = (0..=m).collect();
    let mut errors_at = Vec::with_capacity(text.len());
    for &c in text {
        let mut diagonal = column[0];
        column[0] = 0;
        for i in 1..=m {
            let substitute = diagonal + usize::from(pattern[i - 1] != c);
            diagonal = column[i];
            column[i] = substitute.min(column[i - 1] + 1).min(diagonal + 1);
        }
        errors_at.push(column[m]);
    }
    let mut found = Vec::new();
    let mut e = 0;
    while e < text.len() {
        if errors_at[e] > max {
            e += 1;
            continue;
        }
        let mut best = e;
        while e < text.len() && errors_at[e] <= max {
            if errors_at[e] < errors_at[best] {
                best = e;
            }
            e += 1;
        }
        let end = best + 1;
        let errors = errors_at[best];
        let start = (end.saturating_sub(m + max)..=end)
            .find(|&s| levenshtein(pattern, &text[s..end]) == errors)
            .expect("some start realises the end's error count");
        found.push(myers::Match { start, end, errors });
    }
    found.sort_by_key(|m| (m.start, m.end));
    found
}
