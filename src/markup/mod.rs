//! Parses the Markdown a template renders into document [`Block`]s: headings, paragraphs,
//! bold, italic, links, lists, hard breaks, tables and pictures.

use crate::document::Link;
use crate::document::{Align, Block, Column, RowKind, Span, Table, TableRow};
use pulldown_cmark::{Alignment, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Parses Markdown into blocks. Never fails: anything else (code, HTML) is kept as plain text
/// so no words are lost.
pub fn parse_markup(markdown: &str) -> Vec<Block> {
    let mut b = Builder::default();
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        b.event(event);
    }
    b.flush_paragraph();
    b.close_all();
    b.stack.pop().map(|f| f.blocks).unwrap_or_default()
}

/// The pictures Markdown shows: each `![alt](src)`'s source and alternative text, in order.
pub fn pictures(markdown: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut open = false;
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                out.push((dest_url.to_string(), String::new()));
                open = true;
            }
            Event::End(TagEnd::Image) => open = false,
            Event::Text(t) | Event::Code(t) if open => {
                if let Some((_, alt)) = out.last_mut() {
                    alt.push_str(&t);
                }
            }
            _ => {}
        }
    }
    out
}

/// Whether `markdown` nests lists deeper than [`MAX_LIST_DEPTH`] (whose deeper items
/// [`parse_markup`] sets as paragraphs). Cheap for ordinary text: it parses only when enough
/// lines are indented list items to reach that depth.
pub fn lists_too_deep(markdown: &str) -> bool {
    let indented_items = markdown
        .lines()
        .filter(|l| {
            let t = l.trim_start();
            l.len() > t.len()
                && (t.starts_with(['-', '*', '+'])
                    || t.split_once(['.', ')']).is_some_and(|(n, _)| {
                        !n.is_empty() && n.len() < 10 && n.bytes().all(|b| b.is_ascii_digit())
                    }))
        })
        .count();
    if indented_items < MAX_LIST_DEPTH {
        return false;
    }
    let mut depth = 0usize;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::List(_)) => {
                depth += 1;
                if depth > MAX_LIST_DEPTH {
                    return true;
                }
            }
            Event::End(TagEnd::List(_)) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

#[derive(Default)]
struct Frame {
    blocks: Vec<Block>,
    /// For a list frame: its start number and finished items.
    list: Option<(Option<u64>, Vec<Vec<Block>>)>,
}

/// How deep lists nest before deeper ones are set as paragraphs of the deepest item (deep
/// nesting would recurse through layout and overflow the stack; no words are lost).
pub const MAX_LIST_DEPTH: usize = 8;

/// The most characters one paragraph may hold (about 30 pages of unbroken text): setting a
/// paragraph takes a few hundred bytes per character at once, so this bounds layout's memory
/// whatever a template or cell makes (a 2 MB paragraph took 1.3 GB).
pub const MAX_PARAGRAPH_CHARS: usize = 100_000;

/// The most columns a table may have: more cannot be read in a page's width.
pub const MAX_TABLE_COLUMNS: usize = 16;

/// What of `markdown` is too large to set, in words (a paragraph past
/// [`MAX_PARAGRAPH_CHARS`], a table past [`MAX_TABLE_COLUMNS`]), if anything. Cheap for
/// ordinary text: it parses only text long enough, or with enough `|`s on one line.
pub fn too_large(markdown: &str) -> Option<String> {
    let wide_line = || {
        markdown
            .lines()
            .any(|l| l.bytes().filter(|&b| b == b'|').count() > MAX_TABLE_COLUMNS)
    };
    if markdown.len() <= MAX_PARAGRAPH_CHARS && !wide_line() {
        return None;
    }
    fn walk(blocks: &[Block]) -> Option<String> {
        blocks.iter().find_map(|b| match b {
            Block::Paragraph(spans) | Block::Heading { spans, .. } => {
                let n: usize = spans.iter().map(|s| s.text.chars().count()).sum();
                (n > MAX_PARAGRAPH_CHARS).then(|| {
                    format!(
                        "a paragraph of {} characters, more than the {} one paragraph may hold",
                        grouped(n),
                        grouped(MAX_PARAGRAPH_CHARS)
                    )
                })
            }
            Block::Table(t) if t.columns.len() > MAX_TABLE_COLUMNS => Some(format!(
                "a table of {} columns, more than the {MAX_TABLE_COLUMNS} a page has room for",
                grouped(t.columns.len())
            )),
            Block::List { items, .. } => items.iter().find_map(|i| walk(i)),
            _ => None,
        })
    }
    walk(&parse_markup(markdown))
}

/// `n` with its thousands marked, as a message writes it ("2,019,999").
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

struct Builder {
    /// Block containers: the document, then list items and lists as they nest.
    stack: Vec<Frame>,
    /// Lists (and their items) opened beyond [`MAX_LIST_DEPTH`], set flat.
    flattened: u32,
    spans: Vec<Span>,
    bold: u32,
    italic: u32,
    link: Vec<Option<Link>>,
    heading: Option<u8>,
    /// The table being read, if any.
    table: Option<TableBuild>,
    /// The image being read: its source and alternative text so far.
    image: Option<(String, String)>,
}

/// A Markdown table as it is read: its columns' alignments, header cells, rows and the cell
/// being read.
#[derive(Default)]
struct TableBuild {
    aligns: Vec<Alignment>,
    head: Vec<String>,
    rows: Vec<Vec<String>>,
    cell: String,
    in_head: bool,
}

impl TableBuild {
    /// The finished table: header titles, alignment from the Markdown (right-aligned columns
    /// of figures set as figures), every row as wide as the header.
    fn finish(self) -> Table {
        let width = self.head.len();
        let rows: Vec<TableRow> = self
            .rows
            .into_iter()
            .map(|mut cells| {
                cells.resize(width, String::new());
                TableRow {
                    kind: RowKind::Body,
                    cells,
                }
            })
            .collect();
        let columns = self
            .head
            .into_iter()
            .enumerate()
            .map(|(i, title)| {
                let right = self.aligns.get(i) == Some(&Alignment::Right);
                let figures = rows.iter().all(|r| {
                    r.cells[i]
                        .chars()
                        .all(|c| c.is_ascii_digit() || ",.£$€%- ".contains(c))
                });
                Column {
                    title,
                    align: if right { Align::Right } else { Align::Left },
                    weight: if right && figures { 0.0 } else { 1.0 },
                    numeric: right && figures,
                }
            })
            .collect();
        Table {
            columns,
            rows,
            footer: 0,
        }
    }
}

impl Default for Builder {
    fn default() -> Self {
        Builder {
            stack: vec![Frame::default()],
            flattened: 0,
            spans: Vec::new(),
            bold: 0,
            italic: 0,
            link: Vec::new(),
            heading: None,
            table: None,
            image: None,
        }
    }
}

impl Builder {
    fn event(&mut self, event: Event) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) | Event::Html(t) => {
                self.text(&t)
            }
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => self.text("\n"),
            Event::Rule | Event::TaskListMarker(_) | Event::FootnoteReference(_) => {}
            Event::InlineMath(t) | Event::DisplayMath(t) => self.text(&t),
        }
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            // A picture stands on its own, between the text before and after it.
            Tag::Image { dest_url, .. } if self.table.is_none() => {
                self.flush_paragraph();
                self.image = Some((dest_url.to_string(), String::new()));
            }
            Tag::Table(aligns) => {
                self.flush_paragraph();
                self.table = Some(TableBuild {
                    aligns,
                    ..TableBuild::default()
                });
            }
            Tag::TableHead => {
                if let Some(t) = &mut self.table {
                    t.in_head = true;
                }
            }
            Tag::TableRow => {
                if let Some(t) = &mut self.table {
                    t.rows.push(Vec::new());
                }
            }
            Tag::Heading { level, .. } => {
                self.flush_paragraph();
                self.heading = Some(match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    _ => 3,
                });
            }
            Tag::Paragraph => self.flush_paragraph(),
            Tag::Strong => self.bold += 1,
            Tag::Emphasis => self.italic += 1,
            Tag::Link { dest_url, .. } => {
                self.link.push(Link::url(&dest_url));
            }
            Tag::List(_) if self.flattened > 0 || self.list_depth() >= MAX_LIST_DEPTH => {
                self.flush_paragraph();
                self.flattened += 1;
            }
            Tag::Item if self.flattened > 0 => self.flush_paragraph(),
            Tag::List(start) => {
                self.flush_paragraph();
                self.stack.push(Frame {
                    blocks: Vec::new(),
                    list: Some((start, Vec::new())),
                });
            }
            Tag::Item => {
                self.flush_paragraph();
                self.stack.push(Frame::default());
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Image => {
                if let Some((src, alt)) = self.image.take() {
                    self.push_block(Block::Image {
                        src,
                        alt: alt.trim().to_string(),
                        picture: None,
                    });
                }
            }
            TagEnd::TableCell => {
                if let Some(t) = &mut self.table {
                    let cell = std::mem::take(&mut t.cell).trim().to_string();
                    match (t.in_head, t.rows.last_mut()) {
                        (true, _) | (false, None) => t.head.push(cell),
                        (false, Some(row)) => row.push(cell),
                    }
                }
            }
            TagEnd::TableHead => {
                if let Some(t) = &mut self.table {
                    t.in_head = false;
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    self.push_block(Block::Table(t.finish()));
                }
            }
            TagEnd::Heading(_) => {
                let spans = std::mem::take(&mut self.spans);
                let level = self.heading.take().unwrap_or(1);
                if !spans.is_empty() {
                    self.push_block(Block::Heading { level, spans });
                }
            }
            TagEnd::Paragraph => self.flush_paragraph(),
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::Emphasis => self.italic = self.italic.saturating_sub(1),
            TagEnd::Link => {
                self.link.pop();
            }
            TagEnd::Item | TagEnd::List(_) if self.flattened > 0 => {
                self.flush_paragraph();
                if matches!(tag, TagEnd::List(_)) {
                    self.flattened -= 1;
                }
            }
            TagEnd::Item => {
                self.flush_paragraph();
                if self.stack.len() > 1 {
                    let item = self.stack.pop().map(|f| f.blocks).unwrap_or_default();
                    if let Some((_, items)) = self.stack.last_mut().and_then(|f| f.list.as_mut()) {
                        items.push(item);
                    }
                }
            }
            TagEnd::List(_) => {
                self.flush_paragraph();
                self.close_list();
            }
            _ => {}
        }
    }

    /// How many lists are open.
    fn list_depth(&self) -> usize {
        self.stack.iter().filter(|f| f.list.is_some()).count()
    }

    fn close_list(&mut self) {
        if self.stack.len() > 1 && self.stack.last().is_some_and(|f| f.list.is_some()) {
            if let Some(Frame {
                list: Some((start, items)),
                ..
            }) = self.stack.pop()
            {
                self.push_block(Block::List { start, items });
            }
        }
    }

    fn close_all(&mut self) {
        while self.stack.len() > 1 {
            if self.stack.last().is_some_and(|f| f.list.is_some()) {
                self.close_list();
            } else if let Some(item) = self.stack.pop() {
                if let Some((_, items)) = self.stack.last_mut().and_then(|f| f.list.as_mut()) {
                    items.push(item.blocks);
                }
            }
        }
    }

    fn text(&mut self, text: &str) {
        if let Some((_, alt)) = &mut self.image {
            alt.push_str(text);
            return;
        }
        // A table cell's text is plain: the table sets it in its own style.
        if let Some(t) = &mut self.table {
            t.cell.push_str(text);
            return;
        }
        let bold = self.bold > 0 || self.heading.is_some();
        let italic = self.italic > 0;
        let link = self.link.last().cloned().flatten();
        if let Some(last) = self.spans.last_mut() {
            if last.bold == bold && last.italic == italic && last.link == link {
                last.text.push_str(text);
                return;
            }
        }
        self.spans.push(Span {
            text: text.to_string(),
            bold,
            italic,
            link,
        });
    }

    fn flush_paragraph(&mut self) {
        if self.heading.is_some() {
            return;
        }
        let mut spans = std::mem::take(&mut self.spans);
        // Trim the paragraph's outer whitespace (templates leave spaces around optional parts).
        if let Some(first) = spans.first_mut() {
            first.text = first.text.trim_start().to_string();
        }
        if let Some(last) = spans.last_mut() {
            last.text = last.text.trim_end().to_string();
        }
        spans.retain(|s| !s.text.is_empty());
        if !spans.is_empty() {
            self.push_block(Block::Paragraph(spans));
        }
    }

    fn push_block(&mut self, block: Block) {
        if let Some(frame) = self.stack.last_mut() {
            frame.blocks.push(block);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_paragraphs_and_styles() {
        let blocks =
            parse_markup("# Case study 1\n\n**Why?** Because *we* can.\nNext line  \nbroken.");
        assert_eq!(
            blocks[0],
            Block::Heading {
                level: 1,
                spans: vec![Span::bold("Case study 1")]
            }
        );
        let Block::Paragraph(spans) = &blocks[1] else {
            panic!("{blocks:?}")
        };
        let texts: Vec<(&str, bool, bool)> = spans
            .iter()
            .map(|s| (s.text.as_str(), s.bold, s.italic))
            .collect();
        assert_eq!(
            texts,
            [
                ("Why?", true, false),
                (" Because ", false, false),
                ("we", false, true),
                (" can. Next line\nbroken.", false, false)
            ]
        );
    }

    #[test]
    fn only_web_and_mail_links_are_links() {
        let blocks = parse_markup("[CLES](https://cles.org.uk) and [placeholder](#)");
        let Block::Paragraph(spans) = &blocks[0] else {
            panic!()
        };
        assert_eq!(spans[0].link, Link::url("https://cles.org.uk"));
        assert_eq!(spans[1].text, " and placeholder");
        assert_eq!(spans[1].link, None);
    }

    #[test]
    fn lists_nest_items() {
        let blocks = parse_markup("Intro\n\n1. one\n2. two **b**\n\n- x\n  - y\n");
        assert!(matches!(&blocks[1], Block::List { start: Some(1), items } if items.len() == 2));
        let Block::List { start: None, items } = &blocks[2] else {
            panic!("{blocks:?}")
        };
        assert!(matches!(&items[0][1], Block::List { items, .. } if items.len() == 1));
    }

    #[test]
    fn escaped_markdown_stays_literal() {
        let blocks = parse_markup(&crate::template::escape_markdown(
            "1. *Not* a list [x](y) # h",
        ));
        assert_eq!(
            blocks,
            vec![Block::Paragraph(vec![Span::plain(
                "1. *Not* a list [x](y) # h"
            )])]
        );
    }

    #[test]
    fn issue_13_lists_nested_thousands_deep_are_set_flat_below_the_limit() {
        let mut md = String::new();
        for depth in 0..4000 {
            md.push_str(&"  ".repeat(depth));
            md.push_str(&format!("- level {depth}\n"));
        }
        let blocks = parse_markup(&md);
        fn depth(blocks: &[Block]) -> usize {
            blocks
                .iter()
                .map(|b| match b {
                    Block::List { items, .. } => {
                        1 + items.iter().map(|i| depth(i)).max().unwrap_or(0)
                    }
                    _ => 0,
                })
                .max()
                .unwrap_or(0)
        }
        assert!(depth(&blocks) <= MAX_LIST_DEPTH, "{}", depth(&blocks));
        assert!(lists_too_deep(&md));
        assert!(!lists_too_deep("- a\n  - b\n    - c\n"));
        // No words lost.
        let text = format!("{blocks:?}");
        assert!(text.contains("level 0") && text.contains("level 3999"));
        // Quotes nested as deep are read as text.
        let quotes = format!("{} deep\n", ">".repeat(4000));
        assert!(format!("{:?}", parse_markup(&quotes)).contains("deep"));
    }
}
