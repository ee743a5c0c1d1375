//! Word diffs, in the `[-removed-]{+added+}` notation of
//! `git diff --word-diff`, or in colour on a terminal.

use owo_colors::OwoColorize;
use similar::{ChangeTag, TextDiff};

/// The whole of `old` → `new` as a word diff with plain markers.
pub fn word_diff(old: &str, new: &str) -> String {
    render(&runs(old, new), None, false)
}

/// Like [`word_diff`], but long unchanged stretches are cut down to
/// `context` words on each side of a change, and colour replaces the
/// markers when `color` is set.
pub fn word_diff_excerpt(old: &str, new: &str, context: usize, color: bool) -> String {
    render(&runs(old, new), Some(context), color)
}

/// Consecutive changes of one kind, merged: `[-a b-]` rather than
/// `[-a-] [-b-]`.
fn runs(old: &str, new: &str) -> Vec<(ChangeTag, String)> {
    let diff = TextDiff::from_words(old, new);
    let mut runs: Vec<(ChangeTag, String)> = Vec::new();
    for change in diff.iter_all_changes() {
        match runs.last_mut() {
            Some((tag, text)) if *tag == change.tag() => text.push_str(change.value()),
            _ => runs.push((change.tag(), change.value().to_owned())),
        }
    }
    runs
}

fn render(runs: &[(ChangeTag, String)], context: Option<usize>, color: bool) -> String {
    let last = runs.len().saturating_sub(1);
    let mut out = String::new();
    for (i, (tag, text)) in runs.iter().enumerate() {
        match tag {
            ChangeTag::Equal => match context {
                Some(words) => out.push_str(&elide(text, words, i > 0, i < last)),
                None => out.push_str(text),
            },
            ChangeTag::Delete if color => out.push_str(&text.red().strikethrough().to_string()),
            ChangeTag::Insert if color => out.push_str(&text.green().underline().to_string()),
            ChangeTag::Delete => out.push_str(&format!("[-{text}-]")),
            ChangeTag::Insert => out.push_str(&format!("{{+{text}+}}")),
        }
    }
    out
}

/// Keeps `words` words of `text` next to each neighbouring change.
fn elide(text: &str, words: usize, change_before: bool, change_after: bool) -> String {
    // Words with their trailing space; leading space sticks to the first.
    let mut tokens: Vec<&str> = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices(' ') {
        if !text[start..i].trim().is_empty() {
            tokens.push(&text[start..=i]);
            start = i + 1;
        }
    }
    if start < text.len() {
        tokens.push(&text[start..]);
    }
    let keep_head = if change_before { words } else { 0 };
    let keep_tail = if change_after { words } else { 0 };
    if tokens.len() <= keep_head + keep_tail + 1 {
        return text.to_owned();
    }
    let head: String = tokens[..keep_head].concat();
    let tail: String = tokens[tokens.len() - keep_tail..].concat();
    if tail.is_empty() {
        format!("{head}…")
    } else {
        format!("{head}… {tail}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_changed_words() {
        assert_eq!(
            word_diff("left 149 people dead", "left 150 people dead"),
            "left [-149-]{+150+} people dead"
        );
        assert_eq!(word_diff("a b c", "a c"), "a [-b -]c");
    }

    #[test]
    fn excerpt_keeps_context_around_changes() {
        let old = "one two three four five six seven eight nine ten";
        let new = "one two three four FIVE six seven eight nine ten";
        assert_eq!(
            word_diff_excerpt(old, new, 2, false),
            "… three four [-five-]{+FIVE+} six seven …"
        );
    }
}
