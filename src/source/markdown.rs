//! Markdown: every leaf text block (paragraph, heading, table cell, the text
//! of a tight list item, a footnote definition's paragraphs) is one paragraph
//! of reader-visible text. Code blocks, HTML blocks and front matter (YAML
//! `---`, TOML `+++`) are not paragraphs; footnote references (`[^1]`) and
//! task-list markers (`[x]`) are not text.

use std::ops::Range;
use std::sync::Arc;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::{Paragraph, Piece, Role};

pub(super) fn paragraphs(file: &Arc<String>, body_start: usize) -> Vec<Paragraph> {
    let text = file.as_str();
    // Front matter, footnotes and task lists as writers use them (GitHub,
    // static site generators): without these options `---` front matter is
    // a paragraph that shifts every address, and `[^1]` / `[x]` are text.
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS;
    let mut builder = Builder {
        file: Arc::clone(file),
        ..Builder::default()
    };
    for (event, range) in Parser::new_ext(&text[body_start..], options).into_offset_iter() {
        let range = range.start + body_start..range.end + body_start;
        builder.event(event, range, text);
    }
    builder.finish(text);
    builder.paragraphs
}

/// A paragraph being collected.
struct Open {
    text: String,
    pieces: Vec<Piece>,
    range: Range<usize>,
    role: Role,
}

#[derive(Default)]
struct Builder {
    /// The file being read: a paragraph that is one verbatim run of it
    /// shares its text.
    file: Arc<String>,
    paragraphs: Vec<Paragraph>,
    open: Option<Open>,
    /// Inside a code block, an HTML block or front matter: nothing is
    /// collected.
    skipping: usize,
    /// Depth of open list items: their loose text is a paragraph of its own.
    items: usize,
    /// Open block quotes, list items and footnote definitions, innermost
    /// last: a paragraph inside takes the innermost one's role.
    containers: Vec<Role>,
    /// Inside a table's head row: its cells are header cells.
    table_head: bool,
}

impl Builder {
    fn event(&mut self, event: Event<'_>, range: Range<usize>, file: &str) {
        // Inline markup closing after the last text (`*item*`) is still
        // part of the paragraph's bytes.
        let inline = matches!(
            event,
            Event::Text(_)
                | Event::Code(_)
                | Event::InlineMath(_)
                | Event::InlineHtml(_)
                | Event::SoftBreak
                | Event::HardBreak
                | Event::FootnoteReference(_)
                | Event::Start(
                    Tag::Emphasis
                        | Tag::Strong
                        | Tag::Strikethrough
                        | Tag::Link { .. }
                        | Tag::Image { .. }
                )
                | Event::End(
                    TagEnd::Emphasis
                        | TagEnd::Strong
                        | TagEnd::Strikethrough
                        | TagEnd::Link
                        | TagEnd::Image
                )
        );
        if inline && let Some(open) = &mut self.open {
            open.range.end = open.range.end.max(range.end);
        }
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_)) => {
                self.close(file);
                self.skipping += 1;
            }
            Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_)) => {
                self.skipping = self.skipping.saturating_sub(1);
            }
            _ if self.skipping > 0 => {}
            Event::Start(tag @ (Tag::Paragraph | Tag::Heading { .. } | Tag::TableCell)) => {
                self.close(file);
                let role = match tag {
                    Tag::Heading { level, .. } => Role::Heading { level: level as u8 },
                    Tag::TableCell => Role::TableCell {
                        header: self.table_head,
                    },
                    _ => self.container_role(),
                };
                self.open = Some(Open {
                    text: String::new(),
                    pieces: Vec::new(),
                    range,
                    role,
                });
            }
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableCell) => {
                self.close(file);
            }
            Event::Start(Tag::Item) => {
                self.close(file);
                self.items += 1;
                self.containers.push(Role::ListItem);
            }
            Event::End(TagEnd::Item) => {
                self.close(file);
                self.items = self.items.saturating_sub(1);
                self.containers.pop();
            }
            Event::Start(Tag::BlockQuote(_) | Tag::FootnoteDefinition(_)) => {
                self.close(file);
                let role = match event {
                    Event::Start(Tag::BlockQuote(_)) => Role::BlockQuote,
                    _ => Role::Footnote,
                };
                self.containers.push(role);
            }
            Event::End(TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition) => {
                self.close(file);
                self.containers.pop();
            }
            Event::Start(Tag::TableHead) => {
                self.close(file);
                self.table_head = true;
            }
            Event::End(TagEnd::TableHead) => {
                self.close(file);
                self.table_head = false;
            }
            // Any other block start ends the loose text of a tight list item.
            Event::Start(
                Tag::List(_)
                | Tag::Table(_)
                | Tag::TableRow
                | Tag::DefinitionList
                | Tag::DefinitionListTitle
                | Tag::DefinitionListDefinition,
            )
            | Event::Rule => self.close(file),
            Event::Text(t) => self.push(&t, range, file, false),
            Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.push(&t, range, file, true);
            }
            Event::SoftBreak | Event::HardBreak => self.push_opaque(" ", range),
            // Inline HTML, footnote references, task markers: not reader text.
            _ => {}
        }
    }

    /// The role of a paragraph opened now: the innermost container's.
    fn container_role(&self) -> Role {
        self.containers.last().copied().unwrap_or(Role::Paragraph)
    }

    fn open_for_text(&mut self, range: &Range<usize>) -> Option<&mut Open> {
        if self.open.is_none() && self.items > 0 {
            // Tight list items carry their text without a Paragraph tag.
            self.open = Some(Open {
                text: String::new(),
                pieces: Vec::new(),
                range: range.clone(),
                role: self.container_role(),
            });
        }
        self.open.as_mut()
    }

    /// `delimited`: the text sits somewhere inside its range (inline code
    /// within its backticks), rather than being all of it.
    fn push(&mut self, text: &str, range: Range<usize>, file: &str, delimited: bool) {
        let Some(open) = self.open_for_text(&range) else {
            return;
        };
        let slice = file.get(range.clone()).unwrap_or("");
        // Plain text maps byte for byte; anything else (entities, escapes)
        // maps as a whole.
        let at = if slice == text {
            Some(0)
        } else if delimited && !text.is_empty() {
            slice.find(text)
        } else {
            None
        };
        let (file_range, verbatim) = match at {
            Some(at) => (range.start + at..range.start + at + text.len(), true),
            None => (range.clone(), false),
        };
        open.pieces.push(Piece {
            text_start: open.text.len(),
            file: file_range,
            verbatim,
        });
        open.text.push_str(text);
        open.range.end = open.range.end.max(range.end);
    }

    fn push_opaque(&mut self, text: &str, range: Range<usize>) {
        let Some(open) = self.open_for_text(&range) else {
            return;
        };
        open.pieces.push(Piece {
            text_start: open.text.len(),
            file: range,
            verbatim: false,
        });
        open.text.push_str(text);
    }

    fn close(&mut self, file: &str) {
        let Some(mut open) = self.open.take() else {
            return;
        };
        // A block's range takes in its line break and a cell its padding;
        // the paragraph's bytes are what lies between. Only Markdown's own
        // blanks are trimmed: a no-break space may be part of the text, and
        // the range always covers every byte the text was read from.
        if let Some(bytes) = file.get(open.range.clone()) {
            let blank = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r');
            let leading = bytes.len() - bytes.trim_start_matches(blank).len();
            let trailing = bytes.len() - bytes.trim_end_matches(blank).len();
            let mut range = open.range.start + leading..open.range.end - trailing;
            for piece in &open.pieces {
                range.start = range.start.min(piece.file.start);
                range.end = range.end.max(piece.file.end);
            }
            open.range = range;
        }
        // Loose whitespace (e.g. a trailing soft break) is not a paragraph.
        if open.text.trim().is_empty() {
            return;
        }
        let index = self.paragraphs.len();
        self.paragraphs.push(Paragraph::new(
            &self.file,
            index,
            open.text,
            open.range,
            open.role,
            open.pieces,
        ));
    }

    fn finish(&mut self, file: &str) {
        self.close(file);
    }
}

#[cfg(test)]
mod tests {
    use crate::source::{Role, Source, SourceKind};

    fn parse(text: &str) -> Source {
        Source::parse(text.to_owned(), SourceKind::Markdown)
    }

    fn texts(source: &Source) -> Vec<&str> {
        source.paragraphs.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn leaf_blocks_are_paragraphs() {
        let md = "# Title *here*\n\nSome **bold** and `code`\nnext line &amp; more.\n\n\
                  > quoted text\n\n- tight item\n- second\n\n```\nnot a paragraph\n```\n\n\
                  <div>\nhtml block\n</div>\n\n| a | b |\n|---|---|\n| c | d |\n";
        let source = parse(md);
        assert_eq!(
            texts(&source),
            [
                "Title here",
                "Some bold and code next line & more.",
                "quoted text",
                "tight item",
                "second",
                "a",
                "b",
                "c",
                "d"
            ]
        );
    }

    #[test]
    fn char_offsets_map_through_markup() {
        let md = "Some **bold** and `code`\nnext &amp; more.\n";
        let source = parse(md);
        let p = &source.paragraphs[0];
        // "bold" is chars 5..9 of the visible text.
        assert_eq!(p.slice_chars(5..9), "bold");
        assert_eq!(&md[p.file_bytes(5..9)], "bold");
        assert_eq!(&md[p.file_bytes(14..18)], "code");
        // The entity maps to all of its bytes.
        assert_eq!(&md[p.file_bytes(24..25)], "&amp;");
        assert_eq!(&md[p.file_bytes(0..36)], md.trim_end());
        for c in 0..=37 {
            for end in c..=37 {
                assert_eq!(p.file_byte(c), p.file_bytes(c..end).start, "{c}..{end}");
            }
        }
    }

    #[test]
    fn bom_and_crlf() {
        let md = "\u{feff}One\r\ntwo\r\n\r\nThree\r\n";
        let source = parse(md);
        assert_eq!(texts(&source), ["One two", "Three"]);
        assert_eq!(&md[source.paragraphs[1].file_bytes(0..5)], "Three");
    }

    fn roles(source: &Source) -> Vec<Role> {
        source.paragraphs.iter().map(|p| p.role).collect()
    }

    #[test]
    fn roles_of_leaf_blocks() {
        let md = "## Title\n\nBody.\n\n> quoted\n>\n> - listed in a quote\n\n\
                  1. loose item\n\n   second paragraph of the item\n\n\
                  | h |\n|---|\n| c |\n";
        let source = parse(md);
        assert_eq!(
            texts(&source),
            [
                "Title",
                "Body.",
                "quoted",
                "listed in a quote",
                "loose item",
                "second paragraph of the item",
                "h",
                "c"
            ]
        );
        assert_eq!(
            roles(&source),
            [
                Role::Heading { level: 2 },
                Role::Paragraph,
                Role::BlockQuote,
                Role::ListItem,
                Role::ListItem,
                Role::ListItem,
                Role::TableCell { header: true },
                Role::TableCell { header: false },
            ]
        );
    }

    #[test]
    fn yaml_and_toml_front_matter_are_not_paragraphs() {
        let yaml =
            "---\ntitle: Budget vote\ndate: 2024-05-01\n---\n\n# Budget\n\nThe council voted.\n";
        let source = parse(yaml);
        assert_eq!(texts(&source), ["Budget", "The council voted."]);
        assert_eq!(source.paragraphs[0].id(), "p1");
        assert_eq!(
            &yaml[source.paragraphs[1].byte_range.clone()],
            "The council voted."
        );
        let toml = "\u{feff}+++\ntitle = \"Budget vote\"\n+++\n\nThe council voted.\n";
        assert_eq!(texts(&parse(toml)), ["The council voted."]);
        // A rule later in the file is still a rule, not front matter.
        let rule = "Intro.\n\n---\n\nOutro.\n";
        assert_eq!(texts(&parse(rule)), ["Intro.", "Outro."]);
    }

    #[test]
    fn footnotes_definitions_are_paragraphs_and_references_are_not_text() {
        let md = "The mayor spoke[^1] on Monday.[^note]\n\n\
                  [^1]: City hall transcript, page 4.\n\
                  [^note]: Updated on Tuesday.\n";
        let source = parse(md);
        assert_eq!(
            texts(&source),
            [
                "The mayor spoke on Monday.",
                "City hall transcript, page 4.",
                "Updated on Tuesday."
            ]
        );
        assert_eq!(
            roles(&source),
            [Role::Paragraph, Role::Footnote, Role::Footnote]
        );
        // "on Monday." (chars 15..25) maps to its own bytes, past the marker.
        let p = &source.paragraphs[0];
        assert_eq!(p.slice_chars(15..26), " on Monday.");
        assert_eq!(&md[p.file_bytes(16..26)], "on Monday.");
        assert_eq!(
            &md[source.paragraphs[1].byte_range.clone()],
            "City hall transcript, page 4."
        );
    }

    #[test]
    fn task_list_markers_are_not_text() {
        let md = "- [ ] call the mayor\n- [x] read the budget\n";
        let source = parse(md);
        assert_eq!(texts(&source), ["call the mayor", "read the budget"]);
        assert_eq!(roles(&source), [Role::ListItem, Role::ListItem]);
        assert_eq!(&md[source.paragraphs[1].file_bytes(0..4)], "read");
    }
}
