//! Flows a section onto pages: sets each block into lines, then places them with
//! keep-with-next, widow and orphan rules and continuation pages. Distributing sections onto
//! the report's pages, the look, the cover and the running heads are in the files beside it.

mod contents;
mod cover;
mod distribute;
mod heads;
mod look;

pub(super) use distribute::run;
use look::Look;

use super::fonts::{FontBook, Shaper, ShaperPool};
use super::paragraph::{set_paragraph, Align, Breaker, Line, ParaStyle};
use super::{
    LayoutWarning, LinkArea, OutlineEntry, Page, PageItem, PageSink, Role, Rule, Streamed,
    StructNode, Style, TextRun, ARTIFACT,
};
use crate::document::{Block, Chart, Cover, Document, KeyFact, Section, SectionKind, Span, Table};
use crate::document::{Link, Rgb};
use crate::progress::Progress;
use rayon::prelude::*;
use std::sync::Arc;

const MM: f32 = 72.0 / 25.4;
/// Width of the contents' page-number column.
const NUMBER_COLUMN: f32 = 40.0;
/// Hairline rules: 0.4 pt at 40% grey.
pub(super) const HAIRLINE: (f32, Rgb) = (0.4, Rgb(0x99, 0x99, 0x99));

/// A block set into lines, waiting to be placed.
enum Prepared<'b> {
    Lines {
        lines: Vec<Line>,
        style: ParaStyle,
        indent: f32,
        marker: Option<Line>,
        space_before: f32,
        space_after: f32,
        keep_with_next: bool,
        /// Draw an accent rule under the block (the case-study title).
        rule_after: bool,
        /// Structure elements of the text and of the list marker.
        node: u32,
        marker_node: u32,
        /// Set flush right on the last line (a contents entry's page number).
        trailer: Option<Line>,
        /// Drawn beside the first line at their x, as artifacts (a contents entry's number).
        extras: Vec<(Line, f32)>,
        /// Drawn beside the last line at their x, as artifacts (a contents entry's leader
        /// dots).
        last_extras: Vec<(Line, f32)>,
    },
    /// A table, as the section holds it (a summary's can be as long as the report).
    Table(&'b Table),
    Chart(Chart),
    KeyFacts(Vec<KeyFact>),
    /// A picture and its alternative text.
    Picture(Arc<crate::document::Logo>, String),
}

/// The flow state of one section: its finished pages and the cursor on the current one.
pub(super) struct Flow<'l, 's, 'f> {
    pub look: &'l Look,
    pub shaper: &'s mut Shaper<'f>,
    pub pages: Vec<PageState>,
    pub y: f32,
    pub warnings: Vec<LayoutWarning>,
    outline: Vec<OutlineEntry>,
    section: usize,
    missing: Vec<char>,
    /// Where each section starts (0-based page index), once known: for the contents.
    starts: &'l [usize],
    /// Structure elements, numbered within the section until the parts are joined.
    pub nodes: Vec<StructNode>,
    /// Link elements made so far: (parent element, target, link element).
    links: Vec<(u32, Link, u32)>,
    /// The heading each later page of the section opens with, if any.
    pub continuation: Option<String>,
    /// The section's own title for its running heads (a bilingual report's second language).
    pub page_title: Option<String>,
    /// Where finished pages go as soon as the next one starts, for a section as long as the
    /// report (the summary's table); `None`: they stay in `pages`.
    pub spill: Option<&'s mut (dyn FnMut(PageState) + 's)>,
    /// How many pages went to `spill`.
    pub spilled: usize,
}

pub(super) struct PageState {
    pub page: Page,
    pub kind: SectionKind,
    pub running_head: String,
    /// The report's title in the running head when the page's language has its own.
    pub title: Option<String>,
    /// A page left empty on purpose (duplex), without running heads.
    pub blank: bool,
}

impl PageState {
    fn blank(look: &Look) -> PageState {
        PageState {
            page: Page {
                width: look.width,
                height: look.height,
                items: Vec::new(),
                links: Vec::new(),
            },
            kind: SectionKind::CaseStudy,
            running_head: String::new(),
            title: None,
            blank: true,
        }
    }
}

impl Flow<'_, '_, '_> {
    fn layout_section(&mut self, section: &Section) {
        let first_page = self.spilled + self.pages.len();
        self.page_title = section.words.as_ref().map(|w| w.title.clone());
        self.new_page(section.kind, &section.running_head);
        if let Some(title) = &section.outline {
            self.outline.push(OutlineEntry {
                title: title.clone(),
                page: first_page,
                y: 0.0,
            });
        }
        // A case study's later pages keep its running head and open with its heading,
        // "(continued)"; other sections' later pages say so in their running head.
        let continued = if section.kind == SectionKind::CaseStudy {
            let heading = section.blocks.iter().find_map(|b| match b {
                Block::Heading { spans, .. } => {
                    Some(spans.iter().map(|s| s.text.as_str()).collect::<String>())
                }
                _ => None,
            });
            self.continuation = heading
                .map(|h| {
                    let continued = section
                        .words
                        .as_ref()
                        .map_or(&self.look.continued, |w| &w.continued);
                    format!("{h} {continued}")
                })
                .or_else(|| section.continued.clone());
            section.running_head.clone()
        } else {
            self.continuation = None;
            section
                .continued
                .clone()
                .unwrap_or_else(|| section.running_head.clone())
        };
        let sect = self.node(Role::Section, None);
        self.nodes[sect as usize].lang = section.language.as_deref().map(Arc::from);
        if section.kind == SectionKind::Divider {
            // A divider's name sits a third of the way down its page.
            self.y = self.look.top + (self.look.bottom - self.look.top) * 0.3;
        }
        let prepared = self.prepare(section, sect);
        for (i, block) in prepared.iter().enumerate() {
            match block {
                Prepared::Table(table) => self.place_table(table, section.kind, &continued, sect),
                Prepared::Chart(chart) => self.place_chart(chart, section.kind, &continued, sect),
                Prepared::KeyFacts(facts) => {
                    self.place_key_facts(facts, section.kind, &continued, sect)
                }
                Prepared::Picture(picture, alt) => {
                    self.place_picture(picture, alt, section.kind, &continued, sect)
                }
                Prepared::Lines { .. } => {
                    let need_next = prepared.get(i + 1).map_or(0.0, |b| self.min_height(b));
                    self.place_lines(block, need_next, section.kind, &continued);
                }
            }
        }
        let used = self.spilled + self.pages.len() - first_page;
        if section.kind == SectionKind::CaseStudy && used > 1 {
            self.warnings.push(LayoutWarning::Overflow {
                at_size: None,
                section: self.section,
                title: section.outline.clone().unwrap_or_default(),
                pages: used,
            });
        }
    }

    /// Sets every block of a section into lines.
    fn prepare<'b>(&mut self, section: &'b Section, sect: u32) -> Vec<Prepared<'b>> {
        let mut out = Vec::new();
        let mut outline = Nesting::default();
        for block in &section.blocks {
            match block {
                Block::Cover(cover) => self.layout_cover(cover, sect),
                Block::Contents(entries) => {
                    let toc = self.node(Role::Toc, Some(sect));
                    let grouped = entries.iter().any(|e| e.nested);
                    for entry in entries {
                        out.push(self.contents_entry(entry, grouped, toc));
                    }
                }
                Block::Table(t) => out.push(Prepared::Table(t)),
                Block::Image { alt, picture, .. } => {
                    out.extend(picture.clone().map(|p| Prepared::Picture(p, alt.clone())))
                }
                Block::Chart(c) => out.push(Prepared::Chart(c.clone())),
                Block::KeyFacts(facts) => out.push(Prepared::KeyFacts(facts.clone())),
                Block::Heading { level, spans } => {
                    let (style, before, after) = self.look.heading(*level);
                    let lines = self.set(spans, &style, self.look.measure);
                    let level_in_tree = outline.level(*level, self.look.top_heading);
                    let node = self.node(Role::Heading(level_in_tree), Some(sect));
                    self.nodes[node as usize].title = Some(
                        spans
                            .iter()
                            .map(|s| s.text.as_str())
                            .collect::<String>()
                            .into(),
                    );
                    out.push(Prepared::Lines {
                        lines,
                        style,
                        indent: 0.0,
                        marker: None,
                        space_before: before,
                        space_after: after,
                        keep_with_next: true,
                        rule_after: *level == 1,
                        node,
                        marker_node: ARTIFACT,
                        trailer: None,
                        extras: Vec::new(),
                        last_extras: Vec::new(),
                    });
                }
                Block::Paragraph(spans) => {
                    // The opening paragraph is set as the body is: its bold run-in title marks
                    // it, and a lead a size up set loose lines in a measure this long.
                    let style = self.look.body;
                    let lines = self.set(spans, &style, self.look.measure);
                    let node = self.node(Role::Paragraph, Some(sect));
                    out.push(self.paragraph(lines, style, 0.0, None, (node, ARTIFACT)));
                }
                Block::List { start, items } => {
                    self.prepare_list(*start, items, 0.0, sect, &mut out);
                }
            }
        }
        out
    }

    fn paragraph(
        &self,
        lines: Vec<Line>,
        style: ParaStyle,
        indent: f32,
        marker: Option<Line>,
        (node, marker_node): (u32, u32),
    ) -> Prepared<'static> {
        Prepared::Lines {
            lines,
            style,
            indent,
            marker,
            space_before: 0.0,
            space_after: 6.0,
            keep_with_next: false,
            rule_after: false,
            node,
            marker_node,
            trailer: None,
            extras: Vec::new(),
            last_extras: Vec::new(),
        }
    }

    /// Adds a structure element.
    pub(super) fn node(&mut self, role: Role, parent: Option<u32>) -> u32 {
        self.nodes.push(StructNode {
            role,
            parent,
            title: None,
            lang: None,
        });
        (self.nodes.len() - 1) as u32
    }

    fn prepare_list<'b>(
        &mut self,
        start: Option<u64>,
        items: &'b [Vec<Block>],
        indent: f32,
        parent: u32,
        out: &mut Vec<Prepared<'b>>,
    ) {
        let hang = 14.0;
        let list = self.node(
            Role::List {
                ordered: start.is_some(),
            },
            Some(parent),
        );
        for (n, item) in items.iter().enumerate() {
            let li = self.node(Role::ListItem, Some(list));
            let label_node = self.node(Role::Label, Some(li));
            let body = self.node(Role::ListBody, Some(li));
            let label = match start {
                Some(s) => format!("{}.", s + n as u64),
                None => "•".to_string(),
            };
            let style = self.look.body;
            let width = self.look.measure - indent - hang;
            let mut first = true;
            for block in item {
                match block {
                    Block::Paragraph(spans) | Block::Heading { spans, .. } => {
                        let lines = self.set(spans, &style, width);
                        let marker = first.then(|| {
                            let mut s = style;
                            s.align = Align::Left;
                            self.set(&[Span::plain(label.clone())], &s, hang)
                                .into_iter()
                                .next()
                        });
                        let node = self.node(Role::Paragraph, Some(body));
                        let mut p = self.paragraph(
                            lines,
                            style,
                            indent + hang,
                            marker.flatten(),
                            (node, label_node),
                        );
                        if let Prepared::Lines { space_after, .. } = &mut p {
                            *space_after = 2.0;
                        }
                        out.push(p);
                        first = false;
                    }
                    Block::List { start, items } => {
                        self.prepare_list(*start, items, indent + hang, body, out)
                    }
                    // A table or picture in a list item is set at the full measure, after
                    // the item's text.
                    Block::Table(t) => out.push(Prepared::Table(t)),
                    Block::Image {
                        alt,
                        picture: Some(p),
                        ..
                    } => out.push(Prepared::Picture(p.clone(), alt.clone())),
                    // Markup makes no other blocks.
                    _ => {}
                }
            }
        }
        if let Some(Prepared::Lines { space_after, .. }) = out.last_mut() {
            *space_after = 6.0;
        }
    }

    /// Places a picture at its size ([`Look::picture_size`]), on one page: a new one when it
    /// does not fit what is left.
    fn place_picture(
        &mut self,
        picture: &Arc<crate::document::Logo>,
        alt: &str,
        kind: SectionKind,
        continued: &str,
        parent: u32,
    ) {
        let left = self.look.left;
        let (width, height) = self.look.picture_size(picture);
        self.y += 4.0;
        if self.y + height > self.look.bottom && !self.at_top() {
            self.new_page(kind, continued);
        }
        let node = self.node(Role::Figure, Some(parent));
        self.nodes[node as usize].title = Some(alt.into());
        let y = self.y;
        self.page()
            .items
            .push(PageItem::Image(crate::layout::Picture {
                x: left,
                y,
                width,
                height,
                logo: picture.clone(),
                node,
            }));
        self.y += height + 10.0;
    }

    /// Sets spans, noting characters the fonts lack.
    pub(super) fn set(&mut self, spans: &[Span], style: &ParaStyle, width: f32) -> Vec<Line> {
        let (lines, missing) = set_paragraph(self.shaper, spans, style, width, Breaker::OptimalFit);
        for c in missing {
            if !self.missing.contains(&c) {
                self.missing.push(c);
            }
        }
        lines
    }

    /// `text` set on one line of `width`: whole when it fits, else shortened at a word (or,
    /// for one long word, a character) with an ellipsis, never cut off unseen. `None` for
    /// empty text.
    pub(super) fn one_line(&mut self, text: &str, style: &ParaStyle, width: f32) -> Option<Line> {
        let fits = |flow: &mut Self, t: &str| {
            let lines = flow.set(&[Span::plain(t.to_string())], style, width);
            (lines.len() <= 1)
                .then(|| lines.into_iter().next())
                .flatten()
        };
        if let Some(line) = fits(self, text) {
            return Some(line);
        }
        // Drop words from the end, then characters, until the rest and "…" fit.
        let mut words: Vec<&str> = text.split_whitespace().collect();
        while words.len() > 1 {
            words.pop();
            let shorter = format!("{}…", words.join(" ").trim_end_matches([',', ';', ':']));
            if let Some(line) = fits(self, &shorter) {
                return Some(line);
            }
        }
        let chars: Vec<char> = words.first().copied().unwrap_or("").chars().collect();
        (1..chars.len())
            .rev()
            .find_map(|n| fits(self, &format!("{}…", chars[..n].iter().collect::<String>())))
            .or_else(|| fits(self, "…"))
    }

    /// The least height a block needs on a page (for keep-with-next).
    fn min_height(&self, block: &Prepared<'_>) -> f32 {
        match block {
            Prepared::Lines {
                lines,
                style,
                space_before,
                ..
            } => {
                // What place_lines will accept at a page foot: two lines, or all of a paragraph
                // of three or fewer (it would not split one as two and a widow).
                let n = lines.len();
                let need = if n <= 3 { n } else { 2 };
                space_before + style.leading * need as f32
            }
            Prepared::Table(_) | Prepared::Chart(_) | Prepared::KeyFacts(_) => 60.0,
            Prepared::Picture(p, _) => self.look.picture_size(p).1 + 14.0,
        }
    }

    pub(super) fn at_top(&self) -> bool {
        self.y <= self.look.top + 0.01
    }

    pub(super) fn new_page(&mut self, kind: SectionKind, running_head: &str) {
        if let Some(spill) = self.spill.as_mut() {
            self.spilled += self.pages.len();
            self.pages.drain(..).for_each(spill);
        }
        self.pages.push(PageState {
            page: Page {
                width: self.look.width,
                height: self.look.height,
                items: Vec::new(),
                links: Vec::new(),
            },
            kind,
            running_head: running_head.to_string(),
            title: self.page_title.clone(),
            blank: false,
        });
        self.y = self.look.top;
        if let Some(heading) = self.continuation.clone() {
            self.continuation_heading(&heading);
        }
    }

    /// A continuation page's heading ("Case study 7 (continued)"): a reader's aid repeated
    /// from the first page, so an artifact, not a heading of the document's outline.
    fn continuation_heading(&mut self, text: &str) {
        let style = self.look.sans(
            self.look.body.size + 2.0,
            self.look.body.leading + 4.0,
            true,
            self.look.accent,
        );
        let lines = self.set(&[Span::bold(text.to_string())], &style, self.look.measure);
        for line in &lines {
            let baseline = Flow::baseline(self.y, &style);
            self.draw_line(line, self.look.left, baseline, ARTIFACT);
            self.y += style.leading;
        }
        self.y += 6.0;
    }

    pub(super) fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.new_page(SectionKind::CaseStudy, "");
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last].page
    }

    /// Draws a set line with its baseline at `baseline` and left edge at `x`.
    /// Draws a set line with its baseline at `baseline` and left edge at `x`, as part of
    /// structure element `node` (links within it get elements of their own).
    pub(super) fn draw_line(&mut self, line: &Line, x: f32, baseline: f32, node: u32) {
        let size = line.runs.first().map_or(10.0, |r| r.size);
        for run in &line.runs {
            let node = match &run.link {
                Some(uri) if node != ARTIFACT => self.link_node(node, uri),
                _ => node,
            };
            self.page().items.push(PageItem::Text(TextRun {
                x: run.x + x,
                y: baseline,
                node,
                ..run.clone()
            }));
        }
        for (x0, x1, uri) in &line.links {
            let node = if node == ARTIFACT {
                ARTIFACT
            } else {
                self.link_node(node, uri)
            };
            self.page().links.push(LinkArea {
                x0: x + x0,
                y0: baseline - size * 0.9,
                x1: x + x1,
                y1: baseline + size * 0.25,
                uri: uri.clone(),
                node,
            });
        }
    }

    /// The Link element for `uri` inside `parent`, made on first use.
    fn link_node(&mut self, parent: u32, uri: &Link) -> u32 {
        if let Some((_, _, n)) = self.links.iter().find(|(p, u, _)| *p == parent && u == uri) {
            return *n;
        }
        let n = self.node(Role::Link, Some(parent));
        self.links.push((parent, uri.clone(), n));
        n
    }

    pub(super) fn rule(&mut self, x0: f32, y0: f32, x1: f32, y1: f32, (width, colour): (f32, Rgb)) {
        self.page().items.push(PageItem::Rule(Rule {
            x0,
            y0,
            x1,
            y1,
            width,
            colour,
        }));
    }

    /// The baseline of a line whose box starts at `top`.
    pub(super) fn baseline(top: f32, style: &ParaStyle) -> f32 {
        top + (style.leading - style.size) / 2.0 + style.size * 0.8
    }

    /// Places a block's lines, moving to a new page where needed: a paragraph never leaves a
    /// single line at the foot of a page (orphan) or carries one to the top of the next
    /// (widow); a heading moves on if the text after it would not start on the same page.
    fn place_lines(
        &mut self,
        block: &Prepared<'_>,
        need_next: f32,
        kind: SectionKind,
        continued: &str,
    ) {
        let Prepared::Lines {
            lines,
            style,
            indent,
            space_before,
            space_after,
            keep_with_next,
            rule_after,
            node,
            ..
        } = block
        else {
            return;
        };
        let leading = style.leading;
        let n = lines.len();
        if !self.at_top() {
            self.y += space_before;
        }
        let own = leading * n as f32 + if *rule_after { 8.0 } else { 0.0 };
        if *keep_with_next
            && !self.at_top()
            && self.y + own + space_after + need_next > self.look.bottom
        {
            self.new_page(kind, continued);
        }
        let mut i = 0;
        while i < n {
            let Some(take) = self.lines_here(i, n, leading) else {
                self.new_page(kind, continued);
                continue;
            };
            for (k, line) in lines[i..i + take].iter().enumerate() {
                let baseline = Self::baseline(self.y, style);
                if i + k == 0 {
                    self.draw_first_line_extras(block, baseline);
                }
                self.draw_line(line, self.look.left + indent, baseline, *node);
                if i + k + 1 == n {
                    self.draw_last_line_extras(block, baseline);
                }
                self.y += leading;
            }
            i += take;
            if i < n {
                self.new_page(kind, continued);
            }
        }
        if *rule_after {
            self.y += 4.0;
            let (l, w) = (self.look.left, self.look.measure);
            let accent = self.look.accent;
            self.rule(l, self.y, l + w, self.y, (0.75, accent));
            self.y += 4.0;
        }
        self.y += space_after;
    }

    /// How many of a block's lines from line `i` (of `n`) go on this page: never one alone
    /// at the foot (orphan) or carried to the next page (widow). `None`: none here, move on.
    fn lines_here(&self, i: usize, n: usize, leading: f32) -> Option<usize> {
        let avail = ((self.look.bottom - self.y) / leading + 1e-3)
            .floor()
            .max(0.0) as usize;
        let remaining = n - i;
        let mut take = avail.min(remaining);
        if take < remaining {
            if remaining - take < 2 {
                take = remaining.saturating_sub(2);
            }
            if i == 0 && take < 2 {
                take = 0;
            }
        }
        if take > 0 {
            Some(take)
        } else if self.at_top() {
            // Nothing fits even on an empty page: place what we can, never loop.
            Some(avail.clamp(1, remaining))
        } else {
            None
        }
    }

    /// What goes beside a block's first line: its extras and its list marker.
    fn draw_first_line_extras(&mut self, block: &Prepared<'_>, baseline: f32) {
        let Prepared::Lines {
            indent,
            marker,
            marker_node,
            extras,
            ..
        } = block
        else {
            return;
        };
        for (line, x) in extras {
            self.draw_line(line, *x, baseline, ARTIFACT);
        }
        if let Some(m) = marker {
            self.draw_line(m, self.look.left + indent - 14.0, baseline, *marker_node);
        }
    }

    /// What goes beside a block's last line, after its text: its last-line extras and its
    /// trailer (a contents entry's leaders and page number, already set flush right in its
    /// own column), so the number reads after the title.
    fn draw_last_line_extras(&mut self, block: &Prepared<'_>, baseline: f32) {
        let Prepared::Lines {
            node,
            trailer,
            last_extras,
            ..
        } = block
        else {
            return;
        };
        for (line, x) in last_extras {
            self.draw_line(line, *x, baseline, ARTIFACT);
        }
        if let Some(t) = trailer {
            let x = self.look.left + self.look.measure - NUMBER_COLUMN;
            self.draw_line(t, x, baseline, *node);
        }
    }
}

/// Maps the heading levels a section's author wrote to levels that nest in the structure
/// tree: the section's top headings at the document's top level, each deeper heading one
/// below the heading it sits under, whatever level it was written at (`#` then `###` is
/// H2 then H3 under the cover's H1). How a heading looks keeps its written level.
#[derive(Default)]
struct Nesting {
    /// The written levels of the headings the next one may sit under.
    open: Vec<u8>,
}

impl Nesting {
    fn level(&mut self, written: u8, top: u8) -> u8 {
        while self.open.last().is_some_and(|&l| l >= written) {
            self.open.pop();
        }
        self.open.push(written);
        (top as usize + self.open.len() - 1).min(6) as u8
    }
}

#[cfg(test)]
mod tests {
    use super::Nesting;

    #[test]
    fn issue_14_written_heading_levels_nest_whatever_they_skip() {
        let levels = |written: &[u8], top| {
            let mut n = Nesting::default();
            written.iter().map(|&w| n.level(w, top)).collect::<Vec<_>>()
        };
        assert_eq!(levels(&[1, 3, 3, 2, 4, 1], 2), [2, 3, 3, 3, 4, 2]);
        assert_eq!(levels(&[3, 1, 2], 2), [2, 2, 3]);
        assert_eq!(levels(&[1, 2, 3, 4, 5, 6], 2), [2, 3, 4, 5, 6, 6]);
        assert_eq!(levels(&[2, 6], 1), [1, 2]);
    }
}
