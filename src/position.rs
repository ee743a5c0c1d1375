//! Document positions: the offsets of a W3C `TextPositionSelector` (and of
//! a `#char=` fragment), as claimcheck reads them and `export` writes them.
//!
//! A document position counts Unicode scalar values (code points) of the
//! source file as stored, from its first char after a BOM, for every kind of
//! source: a Markdown file's markup counts (`**`, `#`, link targets), as
//! does every line break. That is the count of a tool annotating the file
//! itself, the one both sides can compute without agreeing on a rendering;
//! `check` maps it to the paragraph chars it falls in through the source's
//! byte map, and `export` maps paragraph chars back the same way, so the two
//! always agree. (A paragraph address and offsets, in the claimcheck format,
//! count the paragraph's reader-visible text instead.)

use crate::annotation::{AnnotationFile, Evidence, Note, Offsets, Spanned};
use crate::matching::{self, Hints, Location};
use crate::normalize::normalize;
use crate::source::{Paragraph, Source};
use crate::verdict::EvidenceStatus;

/// Where the document chars `position` are: their paragraph and the chars
/// of its text they cover. `None` when they are not inside one paragraph:
/// past the end of the file, between paragraphs (in a blank line, a code
/// block), or across a paragraph break.
pub fn locate(source: &Source, position: Offsets) -> Option<Location> {
    if position.start >= position.end {
        return None;
    }
    let start = file_byte(source, position.start)?;
    let end = file_byte(source, position.end)?;
    let paragraph = source.paragraph_at_byte(start)?;
    if end > paragraph.byte_range.end {
        return None;
    }
    let chars = paragraph.char_len();
    // The first char that starts at or after `start`, and every char that
    // ends at or before `end`.
    let first = partition(chars, |c| char_bytes(paragraph, c).start < start);
    let last = partition(chars, |c| char_bytes(paragraph, c).end <= end);
    (first < last).then_some(Location {
        paragraph: paragraph.index,
        start: first,
        end: last,
    })
}

/// The document chars of `location` (the inverse of [`locate`]).
pub fn of_location(source: &Source, location: &Location) -> Offsets {
    let paragraph = &source.paragraphs[location.paragraph];
    let bytes = paragraph.file_bytes(location.chars());
    Offsets {
        start: document_chars_before(source, bytes.start),
        end: document_chars_before(source, bytes.end),
    }
}

/// The document chars of a whole paragraph.
pub fn of_paragraph(source: &Source, paragraph: &Paragraph) -> Offsets {
    Offsets {
        start: document_chars_before(source, paragraph.byte_range.start),
        end: document_chars_before(source, paragraph.byte_range.end),
    }
}

/// How many document chars the source has.
pub fn document_len(source: &Source) -> usize {
    document_chars_before(source, source.text.len())
}

/// Hints whose document position is read as the paragraph and offsets it
/// falls in, for the matcher; `None` when there is nothing to read (no
/// position, or a recorded paragraph, which wins). A position that is in no
/// paragraph (past the end of the file …) is stale, not absent: it becomes
/// a paragraph that does not exist, which agrees with no place, so a quote
/// found elsewhere is `moved`, never `exact`.
pub fn as_pins<'a>(source: &Source, hints: &Hints<'a>) -> Option<Hints<'a>> {
    if hints.paragraph.is_some() {
        return None;
    }
    let position = hints.position?;
    let mut pinned = hints.clone();
    match locate(source, position) {
        Some(location) => {
            pinned.paragraph = Some(location.paragraph);
            pinned.offsets = Some(Offsets {
                start: location.start,
                end: location.end,
            });
        }
        None => {
            pinned.paragraph = Some(source.paragraphs.len());
            pinned.offsets = None;
        }
    }
    Some(pinned)
}

/// Makes the W3C evidence that depends on the source checkable, before it
/// is judged against `source` (the revision the annotation file names):
/// - of alternative quotes for one target, the one found best takes the
///   item's place (exact, then moved, ambiguous, drifted, broken; the first
///   when they tie), as annotation clients fall back from one selector to
///   the next; a note says when it is not the first;
/// - a position alone becomes its quote: the text there now (it is found
///   there, so it is `exact` unless the position is stale; it cannot drift);
///   a stale position leaves the quote empty, which is `broken`;
/// - a quote bounded by a parent position (`refinedBy`, `#char=`) and with
///   no position of its own gets the position of its one exact occurrence
///   inside the bound, or the bound's start when it has none there (so a
///   quote found only outside it is `moved`).
pub fn prepare(model: &mut AnnotationFile, source: &Source) {
    let tails = std::cell::OnceCell::new();
    for claim in &mut model.claims {
        for evidence in &mut claim.evidence {
            if !evidence.alternatives.is_empty()
                && let Some(note) = choose_alternative(evidence, source)
            {
                model.notes.push(note);
            }
        }
        // A passage across a paragraph break is checked paragraph by
        // paragraph: each part is an evidence item of its own.
        // In place: most claims have none, and their evidence stays where
        // it was read rather than moving to a new vector each.
        let mut at = 0;
        while let Some(evidence) = claim.evidence.get(at) {
            match across_breaks(evidence, source, &tails) {
                Some(parts) => {
                    let count = parts.len();
                    model.notes.push(Note {
                        message: format!(
                            "this passage spans a paragraph break: it is checked as {count} parts, one per paragraph, each of which must be found"
                        ),
                        span: evidence.span.clone(),
                        help: None,
                    });
                    claim.evidence.splice(at..=at, parts);
                    at += count;
                }
                None => at += 1,
            }
        }
        for evidence in &mut claim.evidence {
            if evidence.quote_from_position
                && let Some(position) = &evidence.position
                && let Some(location) = locate(source, position.value)
            {
                evidence.quote.value = source.paragraphs[location.paragraph]
                    .slice_chars(location.chars())
                    .to_owned();
            }
            if evidence.position.is_none()
                && let Some(within) = &evidence.within
            {
                let position =
                    inside(source, &evidence.quote.value, within.value).unwrap_or(Offsets {
                        start: within.value.start,
                        end: within.value.start + evidence.quote.value.chars().count(),
                    });
                evidence.position = Some(Box::new(Spanned::new(position, within.span.clone())));
            }
        }
    }
}

/// Whether `c` breaks a line or a paragraph.
fn is_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

/// Whether `text` holds a char that [`is_break`]: found by the bytes that
/// can begin one (U+2028 and U+2029 begin with 0xE2), not char by char, as
/// every quote of every file is asked.
fn has_break(text: &str) -> bool {
    memchr::memchr3_iter(b'\n', b'\r', 0xE2, text.as_bytes())
        .any(|at| text[at..].chars().next().is_some_and(is_break))
}

/// The parts of a W3C passage that crosses paragraph breaks, one per
/// paragraph, or `None` when it lies in one:
/// - a quote whose `exact` holds a line break (as an annotation client
///   copies a selection across paragraphs) is cut at each run of
///   whitespace with a break in it; the first part keeps the `prefix`, the
///   last the `suffix`, and with a position each part gets its share of it
///   (the chars of the `exact` before and in it, which is how a position
///   counts a plain-text or Markdown file);
/// - a position alone that covers several paragraphs becomes one position
///   per paragraph, clipped to it.
fn across_breaks(
    evidence: &Evidence,
    source: &Source,
    tails: &std::cell::OnceCell<Tails>,
) -> Option<Vec<Evidence>> {
    if evidence.quote_from_position {
        let position = evidence.position.as_ref()?;
        let paragraphs = overlapping(source, position.value);
        if paragraphs.len() < 2 {
            return None;
        }
        let parts = paragraphs
            .into_iter()
            .map(|whole| {
                let mut part = evidence.clone();
                part.position = Some(Box::new(Spanned::new(
                    Offsets {
                        start: whole.start.max(position.value.start),
                        end: whole.end.min(position.value.end),
                    },
                    position.span.clone(),
                )));
                part
            })
            .collect();
        return Some(parts);
    }
    let quote = &evidence.quote.value;
    if !has_break(quote) {
        return None;
    }
    // A break inside one paragraph (a Markdown soft break) reads as a
    // space there: a quote found whole stays whole.
    let whole = matching::resolve(source, quote, &Hints::of(evidence));
    if !matches!(
        EvidenceStatus::of(&whole),
        EvidenceStatus::Drifted | EvidenceStatus::Broken
    ) {
        return None;
    }
    // (char offset in the quote, text) of each part.
    let mut parts: Vec<(usize, &str)> = Vec::new();
    let mut start: Option<(usize, usize)> = None; // (byte, char) of the part
    let mut gap_has_break = false;
    let mut last_text_end = 0;
    for (chars, (byte, c)) in quote.char_indices().enumerate() {
        if c.is_whitespace() {
            gap_has_break |= is_break(c);
            continue;
        }
        match start {
            Some((from, from_chars)) if gap_has_break => {
                parts.push((from_chars, &quote[from..last_text_end]));
                start = Some((byte, chars));
            }
            None => start = Some((byte, chars)),
            Some(_) => {}
        }
        gap_has_break = false;
        last_text_end = byte + c.len_utf8();
    }
    if let Some((from, from_chars)) = start {
        parts.push((from_chars, &quote[from..last_text_end]));
    }
    if parts.len() < 2 {
        return None;
    }
    let count = parts.len();
    // Without a recorded position, the run of paragraphs the parts fill
    // (the first ends one, the last starts one, any between is whole)
    // places them when there is exactly one such run.
    let run = match evidence.position {
        Some(_) => None,
        None => {
            let texts: Vec<&str> = parts.iter().map(|(_, text)| *text).collect();
            adjacent_run(source, tails.get_or_init(|| Tails::new(source)), &texts)
        }
    };
    Some(
        parts
            .into_iter()
            .enumerate()
            .map(|(i, (at, text))| {
                let mut part = evidence.clone();
                part.quote.value = text.to_owned();
                if i > 0 {
                    part.prefix = None;
                }
                if i + 1 < count {
                    part.suffix = None;
                }
                part.position = evidence.position.as_ref().map(|position| {
                    let start = position.value.start + at;
                    Box::new(Spanned::new(
                        Offsets {
                            start,
                            end: start + text.chars().count(),
                        },
                        position.span.clone(),
                    ))
                });
                if let Some(run) = &run {
                    part.position = Some(Box::new(Spanned::new(
                        of_location(source, &run[i]),
                        evidence.quote.span.clone(),
                    )));
                }
                part
            })
            .collect(),
    )
}

/// Paragraphs by the last chars of their normalized text, so the
/// paragraphs a passage's first part may end are found without a walk of
/// them all.
struct Tails(std::collections::HashMap<String, Vec<usize>>);

/// Chars of a paragraph's end that [`Tails`] keys it by.
const TAIL: usize = 8;

fn tail(text: &str) -> &str {
    let at = text
        .char_indices()
        .rev()
        .nth(TAIL - 1)
        .map_or(0, |(at, _)| at);
    &text[at..]
}

impl Tails {
    fn new(source: &Source) -> Tails {
        let mut map: std::collections::HashMap<String, Vec<usize>> =
            std::collections::HashMap::new();
        for paragraph in &source.paragraphs {
            map.entry(tail(paragraph.normalized().as_str()).to_owned())
                .or_default()
                .push(paragraph.index);
        }
        Tails(map)
    }
}

/// Where `parts` lie when they fill consecutive paragraphs: the first ends
/// paragraph k (starting at a word boundary), each middle part is all of
/// the next, the last starts the one after (ending at a word boundary).
/// `None` unless exactly one such run exists.
fn adjacent_run(source: &Source, tails: &Tails, parts: &[&str]) -> Option<Vec<Location>> {
    let parts: Vec<String> = parts.iter().map(|p| normalize(p)).collect();
    let (first, last) = (parts.first()?, parts.last()?);
    let starts: Vec<usize> = if first.chars().count() >= TAIL {
        tails.0.get(tail(first)).cloned().unwrap_or_default()
    } else {
        (0..source.paragraphs.len()).collect()
    };
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let mut found = None;
    for k in starts {
        let Some(run) = source.paragraphs.get(k..k + parts.len()) else {
            continue;
        };
        let texts: Vec<&str> = run.iter().map(|p| p.normalized().as_str()).collect();
        let head = texts[0];
        let tail_text = texts[parts.len() - 1];
        let fits = head.ends_with(first.as_str())
            && !(word(first.chars().next())
                && word(head[..head.len() - first.len()].chars().next_back()))
            && texts[1..parts.len() - 1]
                .iter()
                .zip(&parts[1..parts.len() - 1])
                .all(|(text, part)| text == part)
            && tail_text.starts_with(last.as_str())
            && !(word(last.chars().next_back()) && word(tail_text[last.len()..].chars().next()));
        if !fits {
            continue;
        }
        if found.is_some() {
            return None;
        }
        let locations = run
            .iter()
            .zip(&parts)
            .enumerate()
            .map(|(i, (paragraph, part))| {
                let normalized = paragraph.normalized();
                let len = normalized.as_str().len();
                let bytes = match i {
                    0 => len - part.len()..len,
                    i if i + 1 == parts.len() => 0..part.len(),
                    _ => 0..len,
                };
                let chars = normalized.original_range(bytes);
                Location {
                    paragraph: paragraph.index,
                    start: chars.start,
                    end: chars.end,
                }
            })
            .collect();
        found = Some(locations);
    }
    found
}

/// The document chars of each paragraph that `bound` overlaps, in order:
/// found by bisecting the paragraphs, not by walking them all.
fn overlapping(source: &Source, bound: Offsets) -> Vec<Offsets> {
    let Some(from) = file_byte(source, bound.start) else {
        return Vec::new();
    };
    let first = source
        .paragraphs
        .partition_point(|p| p.byte_range.end <= from);
    source.paragraphs[first..]
        .iter()
        .map(|paragraph| of_paragraph(source, paragraph))
        .take_while(|whole| whole.start < bound.end)
        .filter(|whole| whole.end > bound.start && whole.start < whole.end)
        .collect()
}

/// Puts the alternative found best in `evidence`'s place; a note when it
/// is not the first.
fn choose_alternative(evidence: &mut Evidence, source: &Source) -> Option<Note> {
    let alternatives = std::mem::take(&mut evidence.alternatives);
    let rank = |candidate: &Evidence| {
        let resolution = matching::resolve(source, &candidate.quote.value, &Hints::of(candidate));
        match EvidenceStatus::of(&resolution) {
            EvidenceStatus::Exact => 0,
            EvidenceStatus::Moved => 1,
            EvidenceStatus::Ambiguous => 2,
            EvidenceStatus::Drifted => 3,
            EvidenceStatus::Broken => 4,
        }
    };
    let first = rank(evidence);
    let best = alternatives
        .iter()
        .enumerate()
        .map(|(index, candidate)| (rank(candidate), index))
        .filter(|&(rank, _)| rank < first)
        .min()?;
    let chosen = alternatives.into_iter().nth(best.1)?;
    let note = Note {
        message: "this alternative TextQuoteSelector is checked: it is found better in the source than the first".into(),
        span: chosen.span.clone(),
        help: Some(format!(
            "the first alternative, {:?}, is {}",
            evidence.quote.value,
            ["found exactly", "moved", "ambiguous", "drifted", "not found"][first]
        )),
    };
    *evidence = chosen;
    Some(note)
}

/// The document chars of the one occurrence of `quote` (normalized) that
/// lies inside `bound`; `None` if there is none there, or several.
fn inside(source: &Source, quote: &str, bound: Offsets) -> Option<Offsets> {
    let needle = normalize(quote);
    if needle.is_empty() {
        return None;
    }
    let mut found = None;
    let from = file_byte(source, bound.start).unwrap_or(source.text.len());
    let first = source
        .paragraphs
        .partition_point(|p| p.byte_range.end <= from);
    for paragraph in &source.paragraphs[first..] {
        let whole = of_paragraph(source, paragraph);
        if whole.start >= bound.end {
            break;
        }
        let normalized = paragraph.normalized();
        for (at, _) in normalized.as_str().match_indices(needle.as_str()) {
            let chars = normalized.original_range(at..at + needle.len());
            let location = Location {
                paragraph: paragraph.index,
                start: chars.start,
                end: chars.end,
            };
            let offsets = of_location(source, &location);
            if offsets.start >= bound.start && offsets.end <= bound.end {
                if found.is_some() {
                    return None;
                }
                found = Some(offsets);
            }
        }
    }
    found
}

/// Where the document text starts: after a BOM.
fn body_start(source: &Source) -> usize {
    if source.text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    }
}

fn document_chars_before(source: &Source, byte: usize) -> usize {
    let start = body_start(source);
    let chars = source.char_index();
    chars
        .chars_before(&source.text, byte.max(start))
        .saturating_sub(chars.chars_before(&source.text, start))
}

/// The file byte at document char `chars`; the end of the file for the
/// char just past the last one, `None` beyond it.
fn file_byte(source: &Source, chars: usize) -> Option<usize> {
    let index = source.char_index();
    let before_body = index.chars_before(&source.text, body_start(source));
    index.byte_of_char(&source.text, chars.checked_add(before_body)?)
}

/// The file bytes of paragraph char `c`.
fn char_bytes(paragraph: &Paragraph, c: usize) -> std::ops::Range<usize> {
    paragraph.file_bytes(c..c + 1)
}

/// The first `i` in `0..len` for which `before(i)` is false (`before` is
/// true, then false, along `0..len`); `len` if it never is.
fn partition(len: usize, before: impl Fn(usize) -> bool) -> usize {
    let (mut low, mut high) = (0, len);
    while low < high {
        let mid = low + (high - low) / 2;
        if before(mid) {
            low = mid + 1;
        } else {
            high = mid;
        }
    }
    low
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceKind;

    #[test]
    fn a_break_is_found_by_its_bytes_as_by_its_chars() {
        let texts = [
            "",
            "plain",
            "a\nb",
            "a\rb",
            "a\u{2028}b",
            "\u{2029}",
            "em\u{2014}dash",
            "\u{2027}\u{202a}\u{e2}",
            "curly \u{201c}quotes\u{201d}",
            "\u{2029}end\u{2014}",
        ];
        for text in texts {
            assert_eq!(has_break(text), text.chars().any(is_break), "{text:?}");
        }
    }

    const MARKDOWN: &str = "# The *Harbor* Bridge\n\nIt cost **4.2 million** dollars &amp; more.\n";

    #[test]
    fn markdown_positions_count_the_raw_file_and_map_to_visible_text() {
        let source = Source::parse(MARKDOWN.into(), SourceKind::Markdown);
        // "4.2 million dollars" in the raw file: `**` and all.
        let raw = "4.2 million** dollars";
        let start = MARKDOWN.find(raw).unwrap_or_default();
        let position = Offsets {
            start,
            end: start + raw.len(),
        };
        let location = locate(&source, position).expect("inside p2");
        let paragraph = &source.paragraphs[location.paragraph];
        assert_eq!(paragraph.id(), "p2");
        assert_eq!(
            paragraph.slice_chars(location.chars()),
            "4.2 million dollars"
        );
        assert_eq!(of_location(&source, &location), position);

        // Every span of visible text maps out and back to itself.
        for paragraph in &source.paragraphs {
            for start in 0..paragraph.char_len() {
                for end in start + 1..=paragraph.char_len() {
                    let location = Location {
                        paragraph: paragraph.index,
                        start,
                        end,
                    };
                    let offsets = of_location(&source, &location);
                    assert_eq!(locate(&source, offsets), Some(location), "{offsets:?}");
                }
            }
        }
    }

    /// A W3C file with one quote selector per annotation.
    fn quotes(exacts: &[&str]) -> AnnotationFile {
        let items: Vec<String> = exacts
            .iter()
            .enumerate()
            .map(|(i, exact)| {
                format!(
                    r#"{{"id": "a{i}", "type": "Annotation", "body": {{"type": "TextualBody", "value": "x"}}, "target": {{"source": "a.txt", "selector": {{"type": "TextQuoteSelector", "exact": {}}}}}}}"#,
                    serde_json::to_string(exact).expect("json")
                )
            })
            .collect();
        crate::annotation::parse(&format!("[{}]", items.join(","))).expect("valid W3C")
    }

    #[test]
    fn a_quote_across_paragraph_breaks_is_placed_by_the_run_it_fills() {
        let source = Source::parse(
            "It was close.\n\nThen it rained.\n\nIt was close.\n\nThen it snowed.\n".into(),
            SourceKind::PlainText,
        );
        let mut model = quotes(&[
            // `It was close.` alone is in p1 and p3; only p3 is followed
            // by a paragraph that starts with the rest.
            "It was close.\n\nThen it snowed.",
            // Found whole nowhere, parts found apart: not adjacent.
            "Then it rained.\n\nThen it snowed.",
            // Not a run: the first part does not end its paragraph.
            "It was\nThen it",
        ]);
        prepare(&mut model, &source);
        let pins = |claim: usize| -> Vec<Option<(usize, usize, usize)>> {
            model.claims[claim]
                .evidence
                .iter()
                .map(|e| {
                    e.position
                        .as_ref()
                        .and_then(|p| locate(&source, p.value))
                        .map(|l| (l.paragraph, l.start, l.end))
                })
                .collect()
        };
        assert_eq!(pins(0), [Some((2, 0, 13)), Some((3, 0, 15))]);
        let parts: Vec<&str> = model.claims[1]
            .evidence
            .iter()
            .map(|e| e.quote.value.as_str())
            .collect();
        assert_eq!(parts, ["Then it rained.", "Then it snowed."]);
        assert_eq!(pins(1), [None, None], "no run: each part on its own");
        assert_eq!(model.claims[2].evidence.len(), 2);
        assert_eq!(model.notes.len(), 3, "one note per split passage");
        let verdict = crate::verdict::judge(&source, &model.claims[0]);
        assert_eq!(verdict.status, crate::verdict::ClaimStatus::Verified);
    }

    #[test]
    fn a_position_across_paragraphs_is_one_per_paragraph() {
        let text = "One two.\n\nThree four.\n";
        let source = Source::parse(text.into(), SourceKind::PlainText);
        let mut model = crate::annotation::parse(
            r#"{"id": "a", "type": "Annotation", "body": {"type": "TextualBody", "value": "x"}, "target": {"source": "a.txt", "selector": {"type": "TextPositionSelector", "start": 4, "end": 15}}}"#,
        )
        .expect("valid W3C");
        prepare(&mut model, &source);
        let quotes: Vec<&str> = model.claims[0]
            .evidence
            .iter()
            .map(|e| e.quote.value.as_str())
            .collect();
        assert_eq!(quotes, ["two.", "Three"]);
    }

    #[test]
    fn a_soft_break_inside_a_paragraph_stays_whole() {
        let source = Source::parse(
            "The council approved\nthe budget.\n".into(),
            SourceKind::Markdown,
        );
        let mut model = quotes(&["approved\nthe budget"]);
        prepare(&mut model, &source);
        assert_eq!(model.claims[0].evidence.len(), 1);
        assert!(model.notes.is_empty());
    }

    #[test]
    fn positions_outside_a_paragraph_are_stale() {
        let text = "\u{feff}One.\n\nTwo é.\n";
        let source = Source::parse(text.into(), SourceKind::PlainText);
        let at = |start, end| locate(&source, Offsets { start, end });
        assert_eq!(
            at(6, 11).map(|l| (l.paragraph, l.start, l.end)),
            Some((1, 0, 5))
        );
        assert_eq!(document_len(&source), 13);
        assert_eq!(at(4, 5), None, "a line break");
        assert_eq!(at(2, 8), None, "across a paragraph break");
        assert_eq!(at(12, 40), None, "past the end");
        assert_eq!(at(40, 50), None, "past the end");
    }

    #[test]
    fn stale_positions_pin_a_paragraph_that_does_not_exist() {
        let source = Source::parse("One.\nTwo.\n".into(), SourceKind::PlainText);
        let hints = Hints {
            position: Some(Offsets { start: 90, end: 94 }),
            ..Hints::default()
        };
        let pinned = as_pins(&source, &hints).expect("a position to read");
        assert_eq!(pinned.paragraph, Some(2));
        let hints = Hints {
            position: Some(Offsets { start: 5, end: 8 }),
            ..Hints::default()
        };
        let pinned = as_pins(&source, &hints).expect("a position to read");
        assert_eq!(
            (pinned.paragraph, pinned.offsets),
            (Some(1), Some(Offsets { start: 0, end: 3 }))
        );
        let recorded = Hints {
            paragraph: Some(0),
            ..hints
        };
        assert!(as_pins(&source, &recorded).is_none());
    }
}
