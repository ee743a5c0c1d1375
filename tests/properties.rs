//! Property tests over the matcher and the source model.

use claimcheck::annotation::Offsets;
use claimcheck::matching::{Hints, Location, Resolution, resolve};
use claimcheck::normalize::Normalized;
use claimcheck::source::{Source, SourceKind};
use proptest::prelude::*;

const ARTICLE: &str = include_str!("../sources/russia-recognizes-taliban.txt");

fn article() -> Source {
    Source::parse(ARTICLE.to_owned(), SourceKind::PlainText)
}

/// A paragraph index and a char range inside it, at least `min` chars long.
fn span_in_article(min: usize) -> impl Strategy<Value = (usize, usize, usize)> {
    let lengths: Vec<usize> = article().paragraphs.iter().map(|p| p.char_len()).collect();
    (0..lengths.len())
        .prop_flat_map(move |p| {
            let len = lengths[p];
            (Just(p), 0..len.saturating_sub(min).max(1))
        })
        .prop_flat_map(move |(p, start)| {
            let len = article().paragraphs[p].char_len();
            (
                Just(p),
                Just(start),
                (start + min).min(len)..=len.min(start + 300),
            )
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any substring of any paragraph, quoted and pinned by paragraph and
    /// offsets, is `exact` there.
    #[test]
    fn pinned_substrings_are_exact((p, start, end) in span_in_article(1)) {
        let source = article();
        let quote = source.paragraphs[p].slice_chars(start..end).to_owned();
        prop_assume!(!quote.trim().is_empty());
        let hints = Hints {
            paragraph: Some(p),
            offsets: Some(Offsets { start, end }),
            ..Hints::default()
        };
        prop_assert_eq!(
            resolve(&source, &quote, &hints),
            Resolution::Exact(Location { paragraph: p, start, end })
        );
    }

    /// Random edits elsewhere in the article never panic and never turn an
    /// untouched quote into anything but `exact` or `moved`.
    #[test]
    fn edits_elsewhere_keep_quotes_found(
        (p, start, end) in span_in_article(16),
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0usize..3, "[a-z \n]{0,12}"), 1..8),
    ) {
        let source = article();
        let paragraph = &source.paragraphs[p];
        let quote = paragraph.slice_chars(start..end).to_owned();
        prop_assume!(quote.chars().filter(|c| c.is_alphanumeric()).count() >= 12);
        // A quote that occurs several times needs context to stay decided;
        // this property is about quotes that are unique to begin with.
        prop_assume!(matches!(resolve(&source, &quote, &Hints::default()), Resolution::Exact(_)));
        let protected = paragraph.file_bytes(start..end);
        let mut text = ARTICLE.to_owned();
        let mut protected = protected;
        for (at, kind, insert) in edits {
            let boundaries: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i) && (i <= protected.start || i >= protected.end))
                .collect();
            let at = boundaries[at.index(boundaries.len())];
            // Delete up to the next boundary that stays clear of the quote.
            let delete_to = match kind {
                0 => at,
                _ => boundaries.iter().copied().find(|&b| b > at && (at >= protected.end || b <= protected.start)).unwrap_or(at),
            };
            let delete_to = delete_to.min(at + 8).max(at);
            let delete_to = (at..=delete_to).rev().find(|&b| text.is_char_boundary(b)).unwrap_or(at);
            text.replace_range(at..delete_to, &insert);
            let shift = insert.len() as isize - (delete_to - at) as isize;
            if at <= protected.start {
                protected = (protected.start as isize + shift) as usize..(protected.end as isize + shift) as usize;
            }
        }
        prop_assume!(&text[protected.clone()] == ARTICLE.get(paragraph.file_bytes(start..end)).unwrap_or_default());
        let edited = Source::parse(text, SourceKind::PlainText);
        let hints = Hints {
            paragraph: Some(p),
            offsets: Some(Offsets { start, end }),
            ..Hints::default()
        };
        let resolution = resolve(&edited, &quote, &hints);
        prop_assert!(
            matches!(resolution, Resolution::Exact(_) | Resolution::Moved(_)),
            "{quote:?} became {resolution:?}"
        );
    }

    /// Every normalized span maps back into the original text on char
    /// boundaries, in order.
    #[test]
    fn normalization_maps_offsets_back(text in "[a-z \u{a0}\u{2014}\u{2026}\u{201c}\u{201d}e\u{301}\t]{0,40}") {
        let normalized = Normalized::new(&text);
        let chars = text.chars().count();
        let norm = normalized.as_str();
        let mut last_start = 0;
        for (i, c) in norm.char_indices() {
            let range = normalized.original_range(i..i + c.len_utf8());
            prop_assert!(range.start < range.end && range.end <= chars);
            prop_assert!(range.start >= last_start);
            last_start = range.start;
        }
        // The normalized text as a whole covers the original to its end.
        let whole = normalized.original_range(0..norm.len());
        prop_assert_eq!(whole.end, if norm.is_empty() { 0 } else { chars });
    }
}

/// Annotations of the bundled article, re-anchored against a randomly
/// edited copy, need nothing more on a second `fix`: re-anchoring is
/// idempotent.
mod fix_is_idempotent {
    use claimcheck::fix;
    use claimcheck::pipeline::Checked;
    use claimcheck::text::TextFile;
    use proptest::prelude::*;
    use std::path::Path;

    const ANNOTATIONS: &str = include_str!("../annotations/russia-recognizes-taliban.json");

    /// The edits `fix --accept-drift` plans for `annotations` over
    /// `article`, and the annotations with them applied.
    fn plan_edits(annotations: &str, article: &str) -> (usize, String) {
        let source = TextFile::new(Path::new("article.txt"), article.to_owned());
        let checked = Checked::from_texts(annotations, source).expect("the annotations are read");
        let file = TextFile::new(Path::new("a.json"), annotations.to_owned());
        let plan = fix::plan(&file, &checked, true).expect("a claimcheck file");
        (plan.edits.len(), fix::apply(annotations, &plan.edits))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        #[test]
        fn second_fix_changes_nothing(
            edits in prop::collection::vec((any::<prop::sample::Index>(), "[A-Za-z ,.\n]{0,20}", 0usize..30), 1..12),
        ) {
            let mut article = super::ARTICLE.to_owned();
            for (at, insert, delete) in edits {
                let boundaries: Vec<usize> =
                    (0..=article.len()).filter(|&i| article.is_char_boundary(i)).collect();
                let start = boundaries[at.index(boundaries.len())];
                let end = boundaries.iter().copied().filter(|&b| b >= start).nth(delete).unwrap_or(start);
                article.replace_range(start..end, &insert);
            }
            let (_, fixed) = plan_edits(ANNOTATIONS, &article);
            let (edits, again) = plan_edits(&fixed, &article);
            prop_assert_eq!(edits, 0);
            prop_assert_eq!(again, fixed);
        }
    }
}
