//! HTML: the page read as a browser renders it. Every leaf text block (`p`,
//! `h1`–`h6`, `li`, `td`/`th`, `figcaption`, `dt`/`dd`, `pre`, and text
//! directly inside a `div` or `blockquote`) is one paragraph; page furniture
//! (`script`, `style`, `nav`, `header`, `footer`, `aside`, `form` …),
//! hidden elements and comments are not. Only the content of the page's
//! `<article>` elements counts if it has any, else of its `<main>`, else all
//! of it.
//!
//! The tokenizer is html5gum's (the WHATWG tokenizer, which passes the
//! html5lib tests): tags, attributes, comments, raw text and character
//! references exactly as a browser reads them. It reports where in the
//! input each piece of text came from, which no tree builder does, so the
//! block structure is built here with the parts of HTML5 tree construction
//! that decide where a paragraph ends: implied end tags (`<p>` closed by
//! the next block, `<li>` by the next `<li>`, a cell by the next cell …),
//! element scopes, void elements, and end tags that close what they
//! enclose. Inline misnesting (the adoption agency) is not rebuilt: it moves
//! inline elements, never text across a block boundary.
//!
//! A paragraph's text is its rendered text: tags removed, character
//! references decoded, every run of whitespace (and `<br>`) one space, no
//! whitespace at either end. Text the tokenizer copied from the file maps
//! back byte for byte; a character reference, a collapsed whitespace run
//! and a `<br>` map as a whole to their bytes. `byte_range` runs from the
//! first text byte to the last.

use std::collections::VecDeque;
use std::ops::Range;

use std::sync::Arc;

use html5gum::{Emitter, Error, State, Tokenizer, naive_next_state};

use super::{Paragraph, Piece, Role};

pub(super) fn paragraphs(file: &Arc<String>, body_start: usize) -> Vec<Paragraph> {
    let text = file.as_str();
    let body = text.get(body_start..).unwrap_or("");
    let mut tree = Tree::new(text);
    for token in Tokenizer::new_with_emitter(body, Recorder::new(body)) {
        let Ok(token) = token;
        match token {
            Token::Start(tag) => tree.start(tag, body_start),
            Token::End(name) => tree.end(&name),
            Token::Text { text, raw } => {
                tree.text(&text, raw.start + body_start..raw.end + body_start);
            }
        }
    }
    tree.finish(file)
}

// ---------------------------------------------------------------------------
// Tokens, with the input bytes each came from

/// What the tree is built from. Comments and doctypes are left out: they are
/// never text, and text around them is placed by its own bytes.
#[derive(Debug)]
enum Token {
    Start(StartTag),
    End(Vec<u8>),
    /// Text as the tokenizer decoded it, and the input bytes it was read
    /// from: one run of plain text, or one character reference.
    Text {
        text: String,
        raw: Range<usize>,
    },
}

#[derive(Debug)]
struct StartTag {
    /// Lowercase (the tokenizer folds ASCII case).
    name: Vec<u8>,
    self_closing: bool,
    attrs: Attrs,
    /// `<` to `>`, in input bytes.
    span: Range<usize>,
}

/// The attributes that decide how an element is read.
#[derive(Debug, Default)]
struct Attrs {
    /// `hidden` (but not `hidden="until-found"`, which find-in-page reveals),
    /// or an inline `display: none`.
    hidden: bool,
    /// `href="#…"`: a link within the page, as footnote markers are.
    in_page_link: bool,
    /// `role="doc-footnote"` or `role="doc-endnote"`.
    footnote: bool,
    /// `role="doc-noteref"`: a footnote marker.
    note_ref: bool,
    /// `open` (on `<dialog>`).
    open: bool,
}

impl Attrs {
    fn of(attributes: &[(Vec<u8>, Vec<u8>)]) -> Attrs {
        let mut attrs = Attrs::default();
        // The first of several same-named attributes counts, as in HTML.
        let mut seen: Vec<&[u8]> = Vec::new();
        for (name, value) in attributes {
            if seen.contains(&name.as_slice()) {
                continue;
            }
            seen.push(name);
            let roles = || {
                value
                    .split(u8::is_ascii_whitespace)
                    .filter(|role| !role.is_empty())
            };
            match name.as_slice() {
                b"hidden" => attrs.hidden |= !value.eq_ignore_ascii_case(b"until-found"),
                b"style" => {
                    let style: Vec<u8> = value
                        .iter()
                        .filter(|b| !b.is_ascii_whitespace())
                        .map(u8::to_ascii_lowercase)
                        .collect();
                    attrs.hidden |= style.windows(12).any(|w| w == b"display:none");
                }
                b"href" => attrs.in_page_link = value.starts_with(b"#"),
                b"role" => {
                    attrs.footnote = roles().any(|role| {
                        role.eq_ignore_ascii_case(b"doc-footnote")
                            || role.eq_ignore_ascii_case(b"doc-endnote")
                    });
                    attrs.note_ref = roles().any(|role| role.eq_ignore_ascii_case(b"doc-noteref"));
                }
                b"open" => attrs.open = true,
                _ => {}
            }
        }
        attrs
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TagKind {
    Start,
    End,
}

/// An html5gum emitter that keeps, for each piece of text, the input bytes
/// it came from. The tokenizer moves `position` over every byte it reads
/// (and back over a byte it reconsumes), so the bytes of a piece are those
/// read since the previous token or piece ended.
struct Recorder<'a> {
    input: &'a str,
    position: usize,
    /// Where the next piece of text starts: the end of the last token.
    mark: usize,
    tag_start: usize,
    kind: TagKind,
    name: Vec<u8>,
    self_closing: bool,
    attributes: Vec<(Vec<u8>, Vec<u8>)>,
    last_start_tag: Vec<u8>,
    /// Text not yet queued: the next piece may continue it.
    text: Option<(Vec<u8>, Range<usize>)>,
    tokens: VecDeque<Token>,
}

impl<'a> Recorder<'a> {
    fn new(input: &'a str) -> Self {
        Recorder {
            input,
            position: 0,
            mark: 0,
            tag_start: 0,
            kind: TagKind::Start,
            name: Vec::new(),
            self_closing: false,
            attributes: Vec::new(),
            last_start_tag: Vec::new(),
            text: None,
            tokens: VecDeque::new(),
        }
    }

    fn flush_text(&mut self) {
        if let Some((bytes, raw)) = self.text.take() {
            self.tokens.push_back(Token::Text {
                text: String::from_utf8_lossy(&bytes).into_owned(),
                raw,
            });
        }
    }

    fn here(&self) -> usize {
        self.position.min(self.input.len())
    }

    fn init_tag(&mut self, kind: TagKind) {
        self.kind = kind;
        self.name.clear();
        self.self_closing = false;
        self.attributes.clear();
    }
}

impl Emitter for Recorder<'_> {
    type Token = Token;

    fn move_position(&mut self, offset: isize) {
        self.position = self.position.saturating_add_signed(offset);
    }

    fn set_last_start_tag(&mut self, last_start_tag: Option<&[u8]>) {
        self.last_start_tag = last_start_tag.unwrap_or_default().to_vec();
    }

    fn emit_eof(&mut self) {
        self.flush_text();
    }

    fn emit_error(&mut self, _error: Error) {}

    fn should_emit_errors(&mut self) -> bool {
        false
    }

    fn pop_token(&mut self) -> Option<Token> {
        self.tokens.pop_front()
    }

    fn emit_string(&mut self, s: &[u8]) {
        let end = self.here();
        let start = self.mark.min(end);
        self.mark = end;
        let copied = |bytes: &[u8], raw: &Range<usize>| {
            self.input.as_bytes().get(raw.clone()) == Some(bytes)
        };
        // Text copied from the input continues the text before it: the
        // tokenizer may split a run (even inside a UTF-8 sequence, when it
        // reconsumes a byte).
        if let Some((bytes, raw)) = &mut self.text
            && raw.end == start
            && copied(bytes, raw)
            && copied(s, &(start..end))
        {
            bytes.extend_from_slice(s);
            raw.end = end;
            return;
        }
        self.flush_text();
        self.text = Some((s.to_vec(), start..end));
    }

    fn init_start_tag(&mut self) {
        self.init_tag(TagKind::Start);
    }

    fn init_end_tag(&mut self) {
        self.init_tag(TagKind::End);
    }

    fn init_comment(&mut self) {}

    fn emit_current_tag(&mut self) -> Option<State> {
        self.flush_text();
        let end = self.here();
        self.mark = end;
        let name = std::mem::take(&mut self.name);
        match self.kind {
            TagKind::Start => {
                self.last_start_tag.clone_from(&name);
                // Script, style, title … hold raw text up to their end tag.
                let next = naive_next_state(&name);
                self.tokens.push_back(Token::Start(StartTag {
                    attrs: Attrs::of(&self.attributes),
                    name,
                    self_closing: self.self_closing,
                    span: self.tag_start.min(end)..end,
                }));
                next
            }
            TagKind::End => {
                self.tokens.push_back(Token::End(name));
                None
            }
        }
    }

    fn emit_current_comment(&mut self) {
        self.flush_text();
        self.mark = self.here();
    }

    fn emit_current_doctype(&mut self) {
        self.flush_text();
        self.mark = self.here();
    }

    fn set_self_closing(&mut self) {
        if self.kind == TagKind::Start {
            self.self_closing = true;
        }
    }

    fn set_force_quirks(&mut self) {}

    fn push_tag_name(&mut self, s: &[u8]) {
        self.name.extend_from_slice(s);
    }

    fn push_comment(&mut self, _s: &[u8]) {}

    fn push_doctype_name(&mut self, _s: &[u8]) {}

    fn init_doctype(&mut self) {}

    fn init_attribute(&mut self) {
        self.attributes.push((Vec::new(), Vec::new()));
    }

    fn push_attribute_name(&mut self, s: &[u8]) {
        if let Some((name, _)) = self.attributes.last_mut() {
            name.extend_from_slice(s);
        }
    }

    fn push_attribute_value(&mut self, s: &[u8]) {
        if let Some((_, value)) = self.attributes.last_mut() {
            value.extend_from_slice(s);
        }
    }

    fn set_doctype_public_identifier(&mut self, _value: &[u8]) {}

    fn set_doctype_system_identifier(&mut self, _value: &[u8]) {}

    fn push_doctype_public_identifier(&mut self, _s: &[u8]) {}

    fn push_doctype_system_identifier(&mut self, _s: &[u8]) {}

    fn start_open_tag(&mut self) {
        // Called with `<` just read.
        self.tag_start = self.here().saturating_sub(1);
    }

    fn current_is_appropriate_end_tag_token(&mut self) -> bool {
        self.kind == TagKind::End
            && !self.last_start_tag.is_empty()
            && self.name == self.last_start_tag
    }
}

// ---------------------------------------------------------------------------
// Element classes (HTML5 §13.2.6 and the rendering section)

fn is_heading(name: &[u8]) -> bool {
    matches!(name, b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6")
}

/// Elements without content or end tag.
fn is_void(name: &[u8]) -> bool {
    matches!(
        name,
        b"area"
            | b"base"
            | b"basefont"
            | b"bgsound"
            | b"br"
            | b"col"
            | b"embed"
            | b"frame"
            | b"hr"
            | b"img"
            | b"input"
            | b"keygen"
            | b"link"
            | b"meta"
            | b"param"
            | b"source"
            | b"track"
            | b"wbr"
    )
}

/// Elements whose content is not article text: never rendered (scripts,
/// styles, the title, templates, fallback content of embedded media and
/// frames), page furniture, and form controls.
fn is_skipped(name: &[u8]) -> bool {
    matches!(
        name,
        b"script"
            | b"style"
            | b"noscript"
            | b"template"
            | b"title"
            | b"nav"
            | b"header"
            | b"footer"
            | b"aside"
            | b"form"
            | b"button"
            | b"select"
            | b"datalist"
            | b"textarea"
            | b"iframe"
            | b"object"
            | b"video"
            | b"audio"
            | b"canvas"
            | b"svg"
            | b"math"
            | b"noembed"
            | b"noframes"
            | b"frameset"
    )
}

/// Elements that start and end a block: text on either side of one is in
/// different paragraphs.
fn is_block(name: &[u8]) -> bool {
    is_heading(name)
        || matches!(
            name,
            b"address"
                | b"article"
                | b"aside"
                | b"blockquote"
                | b"caption"
                | b"center"
                | b"dd"
                | b"details"
                | b"dialog"
                | b"dir"
                | b"div"
                | b"dl"
                | b"dt"
                | b"fieldset"
                | b"figcaption"
                | b"figure"
                | b"footer"
                | b"form"
                | b"header"
                | b"hgroup"
                | b"hr"
                | b"legend"
                | b"li"
                | b"listing"
                | b"main"
                | b"menu"
                | b"nav"
                | b"ol"
                | b"p"
                | b"plaintext"
                | b"pre"
                | b"search"
                | b"section"
                | b"summary"
                | b"table"
                | b"tbody"
                | b"td"
                | b"tfoot"
                | b"th"
                | b"thead"
                | b"tr"
                | b"ul"
                | b"xmp"
        )
}

/// Start tags that close an open `<p>` ("in body" insertion mode).
fn closes_p(name: &[u8]) -> bool {
    is_heading(name)
        || matches!(
            name,
            b"address"
                | b"article"
                | b"aside"
                | b"blockquote"
                | b"center"
                | b"dd"
                | b"details"
                | b"dialog"
                | b"dir"
                | b"div"
                | b"dl"
                | b"dt"
                | b"fieldset"
                | b"figcaption"
                | b"figure"
                | b"footer"
                | b"form"
                | b"header"
                | b"hgroup"
                | b"hr"
                | b"li"
                | b"listing"
                | b"main"
                | b"menu"
                | b"nav"
                | b"ol"
                | b"p"
                | b"plaintext"
                | b"pre"
                | b"search"
                | b"section"
                | b"summary"
                | b"table"
                | b"ul"
                | b"xmp"
        )
}

/// The "special" category: an end tag of another name never closes one.
fn is_special(name: &[u8]) -> bool {
    is_block(name)
        || is_void(name)
        || matches!(
            name,
            b"applet"
                | b"body"
                | b"button"
                | b"colgroup"
                | b"head"
                | b"html"
                | b"iframe"
                | b"marquee"
                | b"noembed"
                | b"noframes"
                | b"noscript"
                | b"object"
                | b"script"
                | b"select"
                | b"style"
                | b"template"
                | b"textarea"
                | b"title"
                | b"frameset"
        )
}

/// Elements a scope check stops at ("has an element in scope").
fn is_scope_boundary(name: &[u8]) -> bool {
    matches!(
        name,
        b"applet"
            | b"caption"
            | b"html"
            | b"table"
            | b"td"
            | b"th"
            | b"marquee"
            | b"object"
            | b"template"
    )
}

#[derive(Debug, Clone, Copy)]
enum Scope {
    Default,
    Button,
    ListItem,
    Table,
}

impl Scope {
    fn stops_at(self, name: &[u8]) -> bool {
        match self {
            Scope::Default => is_scope_boundary(name),
            Scope::Button => is_scope_boundary(name) || name == b"button",
            Scope::ListItem => is_scope_boundary(name) || matches!(name, b"ol" | b"ul"),
            Scope::Table => matches!(name, b"html" | b"table" | b"template"),
        }
    }
}

/// The role an element gives the paragraphs inside it; `None` for a `<p>`,
/// a `<div>` and inline elements, which take their container's.
fn role_of(name: &[u8], attrs: &Attrs) -> Option<Role> {
    if attrs.footnote {
        return Some(Role::Footnote);
    }
    Some(match name {
        [b'h', level @ b'1'..=b'6'] => Role::Heading {
            level: level - b'0',
        },
        b"li" => Role::ListItem,
        b"blockquote" => Role::BlockQuote,
        b"td" => Role::TableCell { header: false },
        b"th" => Role::TableCell { header: true },
        b"figcaption" | b"caption" => Role::Caption,
        b"dt" => Role::Term,
        b"dd" => Role::Definition,
        b"pre" | b"listing" | b"xmp" | b"plaintext" => Role::Preformatted,
        _ => return None,
    })
}

// ---------------------------------------------------------------------------
// Blocks and paragraphs

/// An open element.
#[derive(Debug)]
struct Element {
    name: Vec<u8>,
    /// Its content is not text.
    skip: bool,
    role: Option<Role>,
    /// An `<article>` / `<main>` whose content counts.
    article: bool,
    main: bool,
    /// A `<sup>`: the paragraph as it stood when it opened, to take its
    /// content back out if it turns out to be a footnote marker.
    sup: Option<Checkpoint>,
    /// A `<sup>` holding an in-page link: a footnote marker.
    marker: bool,
}

#[derive(Debug, Clone)]
struct Checkpoint {
    /// `serial` of the open paragraph (or of the last one, if none is open).
    serial: u64,
    open: bool,
    text_len: usize,
    pieces_len: usize,
    space: Option<Range<usize>>,
}

/// A paragraph being collected.
#[derive(Debug)]
struct Open {
    serial: u64,
    text: String,
    pieces: Vec<Piece>,
    role: Role,
    article: bool,
    main: bool,
    /// Whitespace (or `<br>`) seen since the last text: one space, written
    /// only if more text follows. Its bytes run from the first whitespace
    /// byte to the last.
    space: Option<Range<usize>>,
}

struct Tree<'f> {
    file: &'f str,
    stack: Vec<Element>,
    /// How many open elements are skipped, count as article, as main.
    skipping: usize,
    articles: usize,
    mains: usize,
    saw_article: bool,
    saw_main: bool,
    open: Option<Open>,
    serial: u64,
    done: Vec<Open>,
}

impl<'f> Tree<'f> {
    fn new(file: &'f str) -> Self {
        Tree {
            file,
            stack: Vec::new(),
            skipping: 0,
            articles: 0,
            mains: 0,
            saw_article: false,
            saw_main: false,
            open: None,
            serial: 0,
            done: Vec::new(),
        }
    }

    fn start(&mut self, tag: StartTag, offset: usize) {
        let name = tag.name.as_slice();
        // Their content is the document's; attributes on them change nothing
        // here.
        if matches!(name, b"html" | b"head" | b"body") {
            return;
        }
        // Implied end tags.
        if closes_p(name) && self.in_scope(|n| n == b"p", Scope::Button) {
            self.pop_until(|n| n == b"p");
        }
        match name {
            b"li" => self.close_list_item(|n| n == b"li"),
            b"dd" | b"dt" => self.close_list_item(|n| matches!(n, b"dd" | b"dt")),
            _ if is_heading(name) && self.stack.last().is_some_and(|e| is_heading(&e.name)) => {
                self.pop();
            }
            b"td" | b"th" | b"tr" | b"tbody" | b"thead" | b"tfoot" => {
                let cell = |n: &[u8]| matches!(n, b"td" | b"th");
                let section = |n: &[u8]| matches!(n, b"tbody" | b"thead" | b"tfoot");
                if self.in_scope(cell, Scope::Table) {
                    self.pop_until(cell);
                }
                if !cell(name) && self.in_scope(|n| n == b"tr", Scope::Table) {
                    self.pop_until(|n| n == b"tr");
                }
                if section(name) && self.in_scope(section, Scope::Table) {
                    self.pop_until(section);
                }
            }
            // A link cannot hold another.
            b"a" if self.in_scope(|n| n == b"a", Scope::Default) => {
                self.pop_until(|n| n == b"a");
            }
            _ => {}
        }
        let span = tag.span.start + offset..tag.span.end + offset;
        // `<svg/>` and `<math/>` are closed by their `/>`; in HTML a `/>`
        // closes nothing.
        if is_void(name) || (tag.self_closing && matches!(name, b"svg" | b"math")) {
            if name == b"br" {
                self.space(span);
            } else if is_block(name) {
                self.flush();
            }
            return;
        }
        if is_block(name) {
            self.flush();
        }
        let skip = is_skipped(name)
            || tag.attrs.hidden
            || tag.attrs.note_ref
            || (name == b"dialog" && !tag.attrs.open);
        let counts = self.skipping == 0 && !skip;
        if tag.attrs.in_page_link
            && let Some(sup) = self.stack.iter_mut().rev().find(|e| e.sup.is_some())
        {
            sup.marker = true;
        }
        let sup = (name == b"sup" && counts).then(|| self.checkpoint());
        let element = Element {
            role: role_of(name, &tag.attrs),
            skip,
            article: counts && name == b"article",
            main: counts && name == b"main",
            sup,
            marker: false,
            name: tag.name,
        };
        self.skipping += usize::from(element.skip);
        self.articles += usize::from(element.article);
        self.mains += usize::from(element.main);
        self.saw_article |= element.article;
        self.saw_main |= element.main;
        self.stack.push(element);
    }

    fn end(&mut self, name: &[u8]) {
        match name {
            // Content after `</body>` is still body content.
            b"html" | b"head" | b"body" => {}
            // `</br>` is read as `<br>`; its bytes are not known here and it
            // is rare enough to read as nothing.
            b"br" => {}
            b"p" => {
                if self.in_scope(|n| n == b"p", Scope::Button) {
                    self.pop_until(|n| n == b"p");
                }
            }
            b"li" => {
                if self.in_scope(|n| n == b"li", Scope::ListItem) {
                    self.pop_until(|n| n == b"li");
                }
            }
            _ if is_heading(name) => {
                if self.in_scope(is_heading, Scope::Default) {
                    self.pop_until(is_heading);
                }
            }
            b"td" | b"th" | b"tr" | b"tbody" | b"thead" | b"tfoot" | b"table" => {
                if self.in_scope(|n| n == name, Scope::Table) {
                    self.pop_until(|n| n == name);
                }
            }
            // Foreign content closes up to its element.
            b"svg" | b"math" => {
                if self.stack.iter().any(|e| e.name == name) {
                    self.pop_until(|n| n == name);
                }
            }
            _ if is_special(name) => {
                if self.in_scope(|n| n == name, Scope::Default) {
                    self.pop_until(|n| n == name);
                }
            }
            // Any other end tag closes the innermost element of its name,
            // unless a special element is open inside it.
            _ => {
                for i in (0..self.stack.len()).rev() {
                    if self.stack[i].name == name {
                        self.pop_to(i);
                        return;
                    }
                    if is_special(&self.stack[i].name) {
                        return;
                    }
                }
            }
        }
    }

    fn in_scope(&self, target: impl Fn(&[u8]) -> bool, scope: Scope) -> bool {
        for element in self.stack.iter().rev() {
            if target(&element.name) {
                return true;
            }
            if scope.stops_at(&element.name) {
                return false;
            }
        }
        false
    }

    /// A new `<li>` (`<dd>`, `<dt>`) closes the open one, unless a block
    /// other than `<div>`, `<p>`, `<address>` is open inside it.
    fn close_list_item(&mut self, target: impl Fn(&[u8]) -> bool) {
        for i in (0..self.stack.len()).rev() {
            let name = self.stack[i].name.as_slice();
            if target(name) {
                self.pop_to(i);
                return;
            }
            if is_special(name) && !matches!(name, b"address" | b"div" | b"p") {
                return;
            }
        }
    }

    /// Pops elements up to and including the innermost one `target` names.
    fn pop_until(&mut self, target: impl Fn(&[u8]) -> bool) {
        if let Some(i) = self.stack.iter().rposition(|e| target(&e.name)) {
            self.pop_to(i);
        }
    }

    /// Pops elements until the stack holds `len`.
    fn pop_to(&mut self, len: usize) {
        while self.stack.len() > len {
            self.pop();
        }
    }

    fn pop(&mut self) {
        let Some(element) = self.stack.pop() else {
            return;
        };
        self.skipping -= usize::from(element.skip);
        self.articles -= usize::from(element.article);
        self.mains -= usize::from(element.main);
        if let Some(checkpoint) = element.sup.filter(|_| element.marker) {
            self.take_back(checkpoint);
        }
        if is_block(&element.name) {
            self.flush();
        }
    }

    fn checkpoint(&self) -> Checkpoint {
        match &self.open {
            Some(open) => Checkpoint {
                serial: open.serial,
                open: true,
                text_len: open.text.len(),
                pieces_len: open.pieces.len(),
                space: open.space.clone(),
            },
            None => Checkpoint {
                serial: self.serial,
                open: false,
                text_len: 0,
                pieces_len: 0,
                space: None,
            },
        }
    }

    /// Removes a footnote marker's text: the paragraph goes back to what it
    /// was when the marker's `<sup>` opened (if it is still that paragraph).
    fn take_back(&mut self, checkpoint: Checkpoint) {
        let Some(open) = &mut self.open else {
            return;
        };
        if checkpoint.open && open.serial == checkpoint.serial {
            open.text.truncate(checkpoint.text_len);
            open.pieces.truncate(checkpoint.pieces_len);
            open.space = checkpoint.space;
        } else if !checkpoint.open && open.serial == checkpoint.serial + 1 {
            self.open = None;
        }
    }

    /// The paragraph text is added to, opened if need be.
    fn paragraph(&mut self) -> &mut Open {
        let role = self
            .stack
            .iter()
            .rev()
            .find_map(|e| e.role)
            .unwrap_or(Role::Paragraph);
        let (article, main) = (self.articles > 0, self.mains > 0);
        let serial = &mut self.serial;
        self.open.get_or_insert_with(|| {
            *serial += 1;
            Open {
                serial: *serial,
                text: String::new(),
                pieces: Vec::new(),
                role,
                article,
                main,
                space: None,
            }
        })
    }

    /// Whitespace, or a `<br>`, at `bytes`.
    fn space(&mut self, bytes: Range<usize>) {
        if self.skipping > 0 {
            return;
        }
        // Whitespace before a paragraph's first text is not part of it.
        if let Some(open) = &mut self.open
            && !open.text.is_empty()
        {
            let start = open.space.as_ref().map_or(bytes.start, |s| s.start);
            open.space = Some(start..bytes.end);
        }
    }

    /// Text the tokenizer read from `raw`.
    fn text(&mut self, text: &str, raw: Range<usize>) {
        if self.skipping > 0 {
            return;
        }
        let file = self.file;
        let Some(bytes) = file.get(raw.clone()) else {
            return;
        };
        // Plain text is copied from the input; a character reference (or a
        // `\r` read as a newline) is not. Bytes before a plain run that
        // the tokenizer read without writing anything (the `\n` of a
        // `\r\n`, an ignored `</>`) belong to no text.
        let (verbatim, raw) = if bytes == text {
            (true, raw)
        } else if bytes.ends_with(text) && !bytes[..bytes.len() - text.len()].contains('&') {
            let unwritten = raw.start..raw.end - text.len();
            if bytes[..unwritten.len()]
                .bytes()
                .all(|b| b.is_ascii_whitespace())
            {
                self.space(unwritten);
            }
            (true, raw.end - text.len()..raw.end)
        } else {
            let reference = bytes.rfind('&').unwrap_or(0);
            (false, raw.start + reference..raw.end)
        };
        let mut run_start = 0;
        let mut chars = text.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            let boundary = match chars.peek() {
                Some(&(_, next)) => {
                    next.is_ascii_whitespace() != c.is_ascii_whitespace()
                        || next == '\0'
                        || c == '\0'
                }
                None => true,
            };
            if !boundary {
                continue;
            }
            let end = at + c.len_utf8();
            let run = &text[run_start..end];
            let bytes = if verbatim {
                raw.start + run_start..raw.start + end
            } else {
                raw.clone()
            };
            run_start = end;
            if c == '\0' {
                // The tree builder drops U+0000 in body text.
            } else if c.is_ascii_whitespace() {
                self.space(bytes);
            } else {
                self.push(run, bytes, verbatim);
            }
        }
    }

    fn push(&mut self, run: &str, bytes: Range<usize>, verbatim: bool) {
        let open = self.paragraph();
        if let Some(space) = open.space.take()
            && !open.text.is_empty()
        {
            open.pieces.push(Piece {
                text_start: open.text.len(),
                file: space,
                verbatim: false,
            });
            open.text.push(' ');
        }
        match open.pieces.last_mut() {
            // Text split only by the tokenizer (at `\0`, `<` that opened no
            // tag …) is one piece.
            Some(last) if verbatim && last.verbatim && last.file.end == bytes.start => {
                last.file.end = bytes.end;
            }
            _ => open.pieces.push(Piece {
                text_start: open.text.len(),
                file: bytes,
                verbatim,
            }),
        }
        open.text.push_str(run);
    }

    /// Ends the open paragraph, if any: a block starts or ends.
    fn flush(&mut self) {
        if let Some(open) = self.open.take()
            && !open.text.is_empty()
        {
            self.done.push(open);
        }
    }

    fn finish(mut self, file: &Arc<String>) -> Vec<Paragraph> {
        self.pop_to(0);
        self.flush();
        let (saw_article, saw_main) = (self.saw_article, self.saw_main);
        self.done
            .into_iter()
            .filter(|p| {
                if saw_article {
                    p.article
                } else if saw_main {
                    p.main
                } else {
                    true
                }
            })
            .enumerate()
            .map(|(index, p)| {
                let start = p.pieces.first().map_or(0, |piece| piece.file.start);
                let end = p.pieces.last().map_or(start, |piece| piece.file.end);
                Paragraph::new(file, index, p.text, start..end.max(start), p.role, p.pieces)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::source::{Role, Source, SourceKind};

    fn parse(html: &str) -> Source {
        Source::parse(html.to_owned(), SourceKind::Html)
    }

    fn texts(html: &str) -> Vec<String> {
        parse(html)
            .paragraphs
            .into_iter()
            .map(|p| p.text.to_string())
            .collect()
    }

    fn roles(html: &str) -> Vec<Role> {
        parse(html).paragraphs.iter().map(|p| p.role).collect()
    }

    /// The file bytes of each char of paragraph `p`.
    fn char_bytes(html: &str, p: usize) -> Vec<String> {
        let source = parse(html);
        let paragraph = &source.paragraphs[p];
        (0..paragraph.char_len())
            .map(|c| html[paragraph.file_bytes(c..c + 1)].to_owned())
            .collect()
    }

    #[test]
    fn leaf_blocks_are_paragraphs_with_their_roles() {
        let html = "<h1>Title</h1><h3>Sub</h3><p>Body</p><ul><li>one</li></ul>\
                    <blockquote>quote</blockquote><table><caption>Cap</caption>\
                    <tr><th>Head</th><td>Cell</td></tr></table>\
                    <figure><figcaption>Fig</figcaption></figure>\
                    <dl><dt>Term</dt><dd>Def</dd></dl><pre>code</pre>\
                    <div role=\"doc-footnote\">Note</div>";
        assert_eq!(
            texts(html),
            [
                "Title", "Sub", "Body", "one", "quote", "Cap", "Head", "Cell", "Fig", "Term",
                "Def", "code", "Note"
            ]
        );
        assert_eq!(
            roles(html),
            [
                Role::Heading { level: 1 },
                Role::Heading { level: 3 },
                Role::Paragraph,
                Role::ListItem,
                Role::BlockQuote,
                Role::Caption,
                Role::TableCell { header: true },
                Role::TableCell { header: false },
                Role::Caption,
                Role::Term,
                Role::Definition,
                Role::Preformatted,
                Role::Footnote,
            ]
        );
    }

    #[test]
    fn implied_end_tags_close_blocks_as_html5_does() {
        // `<p>` closed by the next block, `<li>` by the next `<li>`, cells
        // by the next cell or row, `<dt>`/`<dd>` by each other, a heading
        // by another.
        let html = "<p>one<p>two<div>three</div><ul><li>four<li>five</ul>\
                    <table><tr><td>six<td>seven<tr><td>eight</table>\
                    <dl><dt>nine<dd>ten<dt>eleven</dl><h2>twelve<h3>thirteen</h3>";
        assert_eq!(
            texts(html),
            [
                "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                "eleven", "twelve", "thirteen"
            ]
        );
        // An inline end tag never closes a block; `</p>` without `<p>`
        // closes nothing.
        assert_eq!(
            texts("<div><b>bold</div>after</b></p><p>next"),
            ["bold", "after", "next"]
        );
    }

    #[test]
    fn only_leaf_blocks_are_paragraphs() {
        // A list item holding paragraphs: each paragraph is one, with the
        // item's role; loose text of the item is one too.
        let html =
            "<ul><li><p>first</p><p>second</p></li><li>lead<ul><li>nested</li></ul>tail</li></ul>";
        assert_eq!(texts(html), ["first", "second", "lead", "nested", "tail"]);
        assert!(roles(html).iter().all(|r| *r == Role::ListItem));
        // Text directly inside a `<div>` or `<blockquote>` is a paragraph.
        let html = "<div>loose <em>div</em> text<p>para</p>more</div>\
                    <blockquote>quoted<p>quoted para</p></blockquote>";
        assert_eq!(
            texts(html),
            ["loose div text", "para", "more", "quoted", "quoted para"]
        );
        assert_eq!(
            roles(html),
            [
                Role::Paragraph,
                Role::Paragraph,
                Role::Paragraph,
                Role::BlockQuote,
                Role::BlockQuote
            ]
        );
    }

    #[test]
    fn article_then_main_then_body() {
        let page = "<p>page</p><main><p>main</p><article><p>one</p><article><p>comment</p>\
                    </article></article></main><article><p>two</p></article>\
                    <aside><article><p>teaser</p></article></aside>";
        // Every article outside page furniture, nested ones within theirs.
        assert_eq!(texts(page), ["one", "comment", "two"]);
        assert_eq!(
            texts("<p>page</p><main><p>main</p></main><p>after</p>"),
            ["main"]
        );
        assert_eq!(
            texts("<p>page</p><aside><article><p>teaser</p></article></aside>"),
            ["page"]
        );
        // An article with no text still decides: nothing else counts.
        assert!(texts("<p>page</p><article><img src=x></article>").is_empty());
    }

    #[test]
    fn furniture_hidden_elements_and_comments_are_not_text() {
        let html = "<head><title>Title</title><style>p{}</style><script>var p = '<p>x</p>'</script></head>\
                    <header><h1>Site</h1></header><nav><p>Menu</p></nav><aside>Related</aside>\
                    <form><p>Subscribe</p><button>Go</button></form><noscript><p>Enable JS</p></noscript>\
                    <template><p>tpl</p></template><footer>Footer</footer><!-- <p>comment</p> -->\
                    <p hidden>hidden</p><div style=\"color: red; DISPLAY : none\">none</div>\
                    <dialog><p>closed dialog</p></dialog><svg><text>drawn</text></svg>\
                    <p>kept <span hidden>hidden </span>words<script>x()</script> <select><option>a</select>here</p>\
                    <div hidden=until-found>found</div>";
        assert_eq!(texts(html), ["kept words here", "found"]);
    }

    #[test]
    fn rendered_text_collapses_whitespace_and_decodes_references() {
        let html = "<p>\n  Two\t\tspaces &amp; a&nbsp;tab,<br>a break,\r\n &#8220;curly&ldquo; \
                    &copy 2024, &notit; AT&T, &#x1F600;, <B>BOLD</B><!-- x --><i>ital</i>  </p>";
        let source = parse(html);
        let p = &source.paragraphs[0];
        assert_eq!(
            p.text,
            "Two spaces & a\u{a0}tab, a break, \u{201c}curly\u{201c} \u{a9} 2024, \u{ac}it; AT&T, \u{1f600}, BOLDital"
        );
        // The text runs from its first byte to its last.
        assert_eq!(
            &html[p.byte_range.clone()],
            "Two\t\tspaces &amp; a&nbsp;tab,<br>a break,\r\n &#8220;curly&ldquo; \
             &copy 2024, &notit; AT&T, &#x1F600;, <B>BOLD</B><!-- x --><i>ital"
        );
        // Each char's bytes: copied text byte for byte, a reference or a
        // whitespace run (with a `<br>`) as a whole.
        let bytes = char_bytes(html, 0);
        let char_at = |needle: &str| {
            let at = p.text.find(needle).unwrap_or(0);
            p.text[..at].chars().count()
        };
        for (needle, expected) in [
            ("T", "T"),
            (" spaces", "\t\t"),
            ("&", "&amp;"),
            ("\u{a0}", "&nbsp;"),
            (" a break", "<br>"),
            (" \u{201c}", "\r\n "),
            ("\u{201c}", "&#8220;"),
            ("\u{201c} \u{a9}", "&ldquo;"),
            ("\u{a9}", "&copy"),
            ("\u{ac}", "&not"),
            ("it;", "i"),
            ("; AT", ";"),
            ("&T", "&"),
            ("\u{1f600}", "&#x1F600;"),
        ] {
            assert_eq!(bytes[char_at(needle)], expected, "{needle:?}");
        }
    }

    #[test]
    fn choices_on_markup() {
        // `<img alt>` is not text (it shows only when the image does not);
        // `<q>` adds no quotation marks (CSS draws them); `<sup>` is text
        // unless it holds an in-page link (a footnote marker); `<pre>`
        // whitespace is read as everywhere else.
        let html = "<p>A<img src=x alt=\"photo\">B <q>quoted</q> 10<sup>6</sup> \
                    merit.<sup><a href=\"#fn1\">[1]</a></sup> Next<a href=\"#n2\" role=doc-noteref>2</a>.</p>\
                    <pre>\n  let x =\n      1;\n</pre>";
        assert_eq!(texts(html), ["AB quoted 106 merit. Next.", "let x = 1;"]);
        // Uppercase tags and attributes, `>` inside a quoted attribute.
        assert_eq!(
            texts("<P TITLE='a > b' HIDDEN>gone</P><P title=\"x>y\">kept</P>"),
            ["kept"]
        );
        // CDATA outside SVG and MathML is a comment, as in browsers.
        assert_eq!(texts("<p>a<![CDATA[ not text ]]>b</p>"), ["ab"]);
    }

    #[test]
    fn text_at_the_top_level_and_broken_markup() {
        assert_eq!(texts("just text"), ["just text"]);
        assert_eq!(texts("<p>a < b and c <3 </ p> d"), ["a < b and c <3 d"]);
        assert_eq!(texts("<p>unclosed <b>bold"), ["unclosed bold"]);
        assert_eq!(texts("<p>x</p  ><p>&lt;p&gt;</p>"), ["x", "<p>"]);
        assert!(texts("").is_empty());
        assert!(texts("<p> \n&#32; <br> </p><!-- only a comment -->").is_empty());
        // NUL is dropped, as the tree builder does.
        assert_eq!(texts("<p>a\0b</p>"), ["ab"]);
    }

    #[test]
    fn bom_and_multibyte_text() {
        let html = "\u{feff}<p>Caf\u{e9} &amp日本 <日 &日</p>";
        let source = parse(html);
        let p = &source.paragraphs[0];
        assert_eq!(p.text, "Caf\u{e9} &日本 <日 &日");
        assert_eq!(&html[p.byte_range.clone()], "Caf\u{e9} &amp日本 <日 &日");
        assert_eq!(&html[p.file_bytes(5..8)], "&amp日本");
        assert_eq!(&html[p.file_bytes(9..11)], "<日");
        // Each char's first file byte, on its own, is where its span starts.
        let chars = p.text.chars().count();
        for c in 0..=chars + 1 {
            for end in c..=chars + 1 {
                assert_eq!(p.file_byte(c), p.file_bytes(c..end).start, "{c}..{end}");
            }
        }
    }
}
