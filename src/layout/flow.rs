//! Flows a document's sections onto pages: sets each block into lines, then places them with
//! keep-with-next, widow and orphan rules, continuation pages, running heads and footers.

use super::fonts::{FontBook, Shaper, ShaperPool};
use super::paragraph::{set_paragraph, Align, Breaker, Line, ParaStyle};
use super::{
    LayoutWarning, LinkArea, OutlineEntry, Page, PageItem, PageSink, Role, Rule, Streamed,
    StructNode, TextRun, ARTIFACT,
};
use crate::document::Rgb;
use crate::document::{Block, Chart, Cover, Document, KeyFact, Section, SectionKind, Span, Table};
use crate::progress::Progress;
use crate::settings::{Family, Settings};
use rayon::prelude::*;
use std::sync::Arc;

const MM: f32 = 72.0 / 25.4;
/// Width of the contents' page-number column.
const NUMBER_COLUMN: f32 = 40.0;
/// Hairline rules: 0.4 pt at 40% grey.
pub(super) const HAIRLINE: (f32, Rgb) = (0.4, Rgb(0x99, 0x99, 0x99));

/// Page geometry and the report's styles, derived from the settings.
#[derive(Clone)]
pub(super) struct Look {
    pub width: f32,
    pub height: f32,
    pub left: f32,
    pub measure: f32,
    pub top: f32,
    pub bottom: f32,
    pub text: Rgb,
    pub accent: Rgb,
    pub grey: Rgb,
    pub body: ParaStyle,
    pub title: String,
    /// How far left-hand pages shift when margins mirror (duplex); 0 otherwise.
    pub mirror_dx: f32,
    pub duplex: bool,
    /// The smallest body size `--fit` may use, when fitting is on.
    pub fit_floor: Option<f32>,
    /// The cover logo's largest width.
    pub logo_width: f32,
}

impl Look {
    fn new(settings: &Settings) -> Look {
        let (width, height) = settings.page.size.points();
        let p = &settings.page;
        let left = p.margin_inner_mm * MM;
        let text = settings.text_colour();
        let accent = settings.accent_colour();
        Look {
            width,
            height,
            left,
            measure: width - left - p.margin_outer_mm * MM,
            top: p.margin_top_mm * MM,
            bottom: height - p.margin_bottom_mm * MM,
            text,
            accent,
            grey: Rgb(0x5A, 0x5A, 0x5A),
            body: ParaStyle {
                sans: settings.fonts.body == Family::Sans,
                bold_sans: settings.fonts.headings == Family::Sans,
                all_bold: false,
                size: settings.fonts.body_size,
                leading: settings.fonts.leading,
                colour: text,
                link_colour: accent,
                align: Align::Justify,
                hyphenate: true,
                tabular: false,
                tracking: 0.0,
            },
            title: settings.title.clone(),
            mirror_dx: if p.duplex {
                (p.margin_outer_mm - p.margin_inner_mm) * MM
            } else {
                0.0
            },
            duplex: p.duplex,
            fit_floor: settings.fit.then_some(settings.fonts.fit_floor),
            logo_width: settings.cover.logo_width_mm * MM,
        }
    }

    /// The same look with the body text at `size` (leading scaled to match).
    fn with_body_size(&self, size: f32) -> Look {
        let mut look = self.clone();
        look.body.leading = self.body.leading * size / self.body.size;
        look.body.size = size;
        look
    }

    /// A sans style for headings, labels, tables and running heads.
    pub fn sans(&self, size: f32, leading: f32, bold: bool, colour: Rgb) -> ParaStyle {
        ParaStyle {
            sans: true,
            bold_sans: true,
            all_bold: bold,
            size,
            leading,
            colour,
            link_colour: self.accent,
            align: Align::Left,
            hyphenate: false,
            tabular: false,
            tracking: 0.0,
        }
    }

    fn heading(&self, level: u8) -> (ParaStyle, f32, f32) {
        // (style, space before, space after)
        match level {
            1 => (self.sans(18.0, 22.0, true, self.accent), 0.0, 12.0),
            2 => (self.sans(12.5, 16.0, true, self.text), 10.0, 4.0),
            _ => (
                self.sans(self.body.size, self.body.leading, true, self.text),
                8.0,
                2.0,
            ),
        }
    }
}

/// A block set into lines, waiting to be placed.
enum Prepared {
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
        /// Set flush right on the first line (a contents entry's page number).
        trailer: Option<Line>,
    },
    Table(Table),
    Chart(Chart),
    KeyFacts(Vec<KeyFact>),
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
    links: Vec<(u32, Arc<str>, u32)>,
}

pub(super) struct PageState {
    pub page: Page,
    pub kind: SectionKind,
    pub running_head: String,
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
            blank: true,
        }
    }
}

/// Sections laid out at a time: enough to keep every core busy, few enough that a batch's
/// pages take little memory before they go to the sink.
const BATCH: usize = 64;

/// Lays out every section, a batch at a time (in parallel within a batch: each section starts
/// a new page, so they are independent), joins them, adds running heads, and hands the
/// finished pages to `sink` in order. The contents, whose page numbers need every section's
/// length, is reserved and given at the end; "Page X of Y" footers need the total, so they
/// are left to [`Streamed::footer`].
pub(super) fn run(
    mut doc: Document,
    settings: &Settings,
    fonts: &FontBook,
    progress: &dyn Progress,
    sink: &mut dyn PageSink,
) -> Streamed {
    let look = Look::new(settings);
    let shapers = ShaperPool::new(fonts);
    let mut join = Join {
        look: &look,
        shapers: &shapers,
        pages: 0,
        states: Vec::new(),
        outline: Vec::new(),
        warnings: Vec::new(),
        structure: Vec::new(),
        footed: Vec::new(),
        sizes: Vec::new(),
        contents: None,
    };
    let mut start = 0;
    while start < doc.sections.len() {
        let end = (start + BATCH).min(doc.sections.len());
        let parts: Vec<Part> = doc.sections[start..end]
            .par_iter()
            .enumerate()
            .map_init(
                || shapers.lease(),
                |shaper, (j, section)| {
                    let part = layout_fitted(&look, shaper, start + j, section);
                    progress.step();
                    part
                },
            )
            .collect();
        for (j, part) in parts.into_iter().enumerate() {
            join.add(start + j, part, sink);
        }
        join.flush(sink);
        // Laid out for good (only the contents is set again): free the blocks.
        for section in &mut doc.sections[start..end] {
            if section.kind != SectionKind::Contents {
                section.blocks = Vec::new();
            }
        }
        start = end;
    }
    // The contents again, with the real page numbers.
    if let Some((c, first, base, placeholder)) = join.contents.take() {
        let starts = section_starts(&look, &join.sizes);
        let mut shaper = shapers.lease();
        let again = layout_part(&look, &mut shaper, c, &doc.sections[c], &starts);
        // Real numbers are no wider than the placeholders, so the length stays the same.
        let part = if again.pages.len() == placeholder.pages.len()
            && again.nodes.len() == placeholder.nodes.len()
        {
            again
        } else {
            placeholder
        };
        for (k, node) in part.nodes.into_iter().enumerate() {
            join.structure[base as usize + k] = shift_node(node, base);
        }
        let pages: Vec<Page> = part
            .pages
            .into_iter()
            .enumerate()
            .map(|(k, mut state)| {
                shift_state(&mut state, base);
                decorate(&look, &mut shaper, state, first + k + 1)
            })
            .collect();
        sink.fill(first, pages);
    }
    let footers = footers(&look, &shapers, &join.footed);
    Streamed {
        total: join.pages,
        outline: join.outline,
        warnings: join.warnings,
        structure: join.structure,
        footers,
    }
}

/// Each page's "Page X of Y" footer (artifacts), set in parallel once the page count is
/// known; empty for pages without one (covers, duplex blanks).
fn footers(look: &Look, shapers: &ShaperPool, footed: &[bool]) -> Vec<Vec<PageItem>> {
    use rayon::prelude::*;
    let total = footed.len();
    footed
        .par_iter()
        .enumerate()
        .map_init(
            || shapers.lease(),
            |shaper, (i, &on)| {
                if on {
                    footer(look, shaper, i + 1, total)
                } else {
                    Vec::new()
                }
            },
        )
        .collect()
}

/// Lays out a section; with `--fit`, shrinks a case study's body text in steps until it fits
/// one page.
fn layout_fitted(look: &Look, shaper: &mut Shaper, i: usize, section: &Section) -> Part {
    let mut part = layout_part(look, shaper, i, section, &[]);
    if let (Some(floor), SectionKind::CaseStudy) = (look.fit_floor, section.kind) {
        let mut size = look.body.size;
        while part.pages.len() > 1 && size - 0.25 >= floor - 1e-3 {
            size -= 0.25;
            part = layout_part(&look.with_body_size(size), shaper, i, section, &[]);
        }
        for w in &mut part.warnings {
            if let LayoutWarning::Overflow { at_size, .. } = w {
                *at_size = Some(size);
            }
        }
    }
    part
}

/// Joins parts into one run of pages as they come.
struct Join<'l, 'f> {
    look: &'l Look,
    shapers: &'l ShaperPool<'f>,
    /// Pages so far, including reserved ones.
    pages: usize,
    /// Pages joined but not yet decorated and handed on, with their page numbers.
    states: Vec<(PageState, usize)>,
    outline: Vec<OutlineEntry>,
    warnings: Vec<LayoutWarning>,
    structure: Vec<StructNode>,
    footed: Vec<bool>,
    /// Each part's kind and length, for the contents' page numbers.
    sizes: Vec<(SectionKind, usize)>,
    /// The contents: its section, first page, first structure element, placeholder layout.
    contents: Option<(usize, usize, u32, Part)>,
}

impl Join<'_, '_> {
    fn add(&mut self, section: usize, mut part: Part, sink: &mut dyn PageSink) {
        // Duplex: a case study starts on a right-hand (odd-numbered) page.
        if self.look.duplex && part.kind == SectionKind::CaseStudy && self.pages % 2 == 1 {
            self.push(PageState::blank(self.look));
        }
        self.sizes.push((part.kind, part.pages.len()));
        let offset = self.pages;
        self.outline.extend(
            std::mem::take(&mut part.outline)
                .into_iter()
                .map(|e| OutlineEntry {
                    page: e.page + offset,
                    ..e
                }),
        );
        // Renumber the part's structure elements after those of the parts before it.
        let base = self.structure.len() as u32;
        self.structure
            .extend(part.nodes.iter().cloned().map(|n| shift_node(n, base)));
        self.warnings.append(&mut part.warnings);
        if part.kind == SectionKind::Contents && self.contents.is_none() {
            // Kept back until every section's first page is known.
            self.flush(sink);
            for state in &part.pages {
                self.footed
                    .push(!(state.kind == SectionKind::Cover || state.blank));
            }
            self.pages += part.pages.len();
            sink.reserve(part.pages.len());
            self.contents = Some((section, offset, base, part));
            return;
        }
        for mut state in std::mem::take(&mut part.pages) {
            shift_state(&mut state, base);
            self.push(state);
        }
    }

    fn push(&mut self, state: PageState) {
        self.footed
            .push(!(state.kind == SectionKind::Cover || state.blank));
        self.pages += 1;
        self.states.push((state, self.pages));
    }

    /// Adds running heads to the joined pages (in parallel) and hands them on.
    fn flush(&mut self, sink: &mut dyn PageSink) {
        if self.states.is_empty() {
            return;
        }
        let (look, shapers) = (self.look, self.shapers);
        let pages: Vec<Page> = std::mem::take(&mut self.states)
            .into_par_iter()
            .map_init(
                || shapers.lease(),
                |shaper, (state, number)| decorate(look, shaper, state, number),
            )
            .collect();
        sink.pages(pages);
    }
}

fn shift_node(n: StructNode, base: u32) -> StructNode {
    StructNode {
        parent: n.parent.map(|p| p + base),
        ..n
    }
}

/// Renumbers the structure elements a page's content names by `base`.
fn shift_state(state: &mut PageState, base: u32) {
    let shift = |n: u32| if n == ARTIFACT { n } else { n + base };
    for item in &mut state.page.items {
        match item {
            PageItem::Text(run) => run.node = shift(run.node),
            PageItem::Image(image) => image.node = shift(image.node),
            _ => {}
        }
    }
    for link in &mut state.page.links {
        link.node = shift(link.node);
    }
}

/// The page index each part will start on once joined (with duplex blanks).
fn section_starts(look: &Look, parts: &[(SectionKind, usize)]) -> Vec<usize> {
    let mut at = 0;
    parts
        .iter()
        .map(|&(kind, len)| {
            if look.duplex && kind == SectionKind::CaseStudy && at % 2 == 1 {
                at += 1;
            }
            let start = at;
            at += len;
            start
        })
        .collect()
}

/// Lays out one section on its own pages.
fn layout_part(
    look: &Look,
    shaper: &mut Shaper,
    i: usize,
    section: &Section,
    starts: &[usize],
) -> Part {
    let mut flow = Flow {
        look,
        starts,
        shaper,
        pages: Vec::new(),
        y: 0.0,
        warnings: Vec::new(),
        outline: Vec::new(),
        section: i,
        missing: Vec::new(),
        nodes: Vec::new(),
        links: Vec::new(),
    };
    flow.layout_section(section);
    if !flow.missing.is_empty() {
        let chars: String = std::mem::take(&mut flow.missing).into_iter().collect();
        flow.warnings
            .push(LayoutWarning::MissingGlyphs { section: i, chars });
    }
    Part {
        pages: flow.pages,
        outline: flow.outline,
        warnings: flow.warnings,
        nodes: flow.nodes,
        kind: section.kind,
    }
}

/// One section's pages, outline entries (page indices from the section's first page) and
/// warnings.
struct Part {
    pages: Vec<PageState>,
    outline: Vec<OutlineEntry>,
    warnings: Vec<LayoutWarning>,
    nodes: Vec<StructNode>,
    kind: SectionKind,
}

impl Flow<'_, '_, '_> {
    fn layout_section(&mut self, section: &Section) {
        let first_page = self.pages.len();
        self.new_page(section.kind, &section.running_head);
        if let Some(title) = &section.outline {
            self.outline.push(OutlineEntry {
                title: title.clone(),
                page: first_page,
                y: 0.0,
            });
        }
        let continued = section
            .continued
            .clone()
            .unwrap_or_else(|| section.running_head.clone());
        let sect = self.node(Role::Section, None);
        let prepared = self.prepare(section, sect);
        for (i, block) in prepared.iter().enumerate() {
            match block {
                Prepared::Table(table) => self.place_table(table, section.kind, &continued, sect),
                Prepared::Chart(chart) => self.place_chart(chart, section.kind, &continued, sect),
                Prepared::KeyFacts(facts) => {
                    self.place_key_facts(facts, section.kind, &continued, sect)
                }
                Prepared::Lines { .. } => {
                    let need_next = prepared.get(i + 1).map_or(0.0, |b| self.min_height(b));
                    self.place_lines(block, need_next, section.kind, &continued);
                }
            }
        }
        let used = self.pages.len() - first_page;
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
    fn prepare(&mut self, section: &Section, sect: u32) -> Vec<Prepared> {
        let mut out = Vec::new();
        let mut after_h1 = false;
        for block in &section.blocks {
            match block {
                Block::Cover(cover) => self.layout_cover(cover, sect),
                Block::Contents(entries) => {
                    for entry in entries {
                        let style = ParaStyle {
                            leading: self.look.body.leading + 4.0,
                            ..self.look.sans(
                                self.look.body.size,
                                self.look.body.leading + 4.0,
                                false,
                                self.look.text,
                            )
                        };
                        let number_width = NUMBER_COLUMN;
                        let lines = self.set(
                            &[Span::plain(entry.title.clone())],
                            &style,
                            self.look.measure - number_width,
                        );
                        // Until the other sections are laid out, a placeholder as wide as a
                        // three-digit page number holds the place.
                        let number = self
                            .starts
                            .get(entry.section)
                            .map_or("000".to_string(), |p| (p + 1).to_string());
                        let right = ParaStyle {
                            align: Align::Right,
                            tabular: true,
                            ..style
                        };
                        let trailer = self
                            .set(&[Span::plain(number)], &right, number_width)
                            .into_iter()
                            .next();
                        let node = self.node(Role::Paragraph, Some(sect));
                        let mut p = self.paragraph(lines, style, 0.0, None, (node, ARTIFACT));
                        if let Prepared::Lines {
                            trailer: t,
                            space_after,
                            ..
                        } = &mut p
                        {
                            *t = trailer;
                            *space_after = 0.0;
                        }
                        out.push(p);
                    }
                }
                Block::Table(t) => out.push(Prepared::Table(t.clone())),
                Block::Chart(c) => out.push(Prepared::Chart(c.clone())),
                Block::KeyFacts(facts) => out.push(Prepared::KeyFacts(facts.clone())),
                Block::Heading { level, spans } => {
                    let (style, before, after) = self.look.heading(*level);
                    let lines = self.set(spans, &style, self.look.measure);
                    let node = self.node(Role::Heading(*level), Some(sect));
                    self.nodes[node as usize].title =
                        Some(spans.iter().map(|s| s.text.as_str()).collect());
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
                    });
                    after_h1 = *level == 1;
                }
                Block::Paragraph(spans) => {
                    let mut style = self.look.body;
                    if after_h1 && section.kind == SectionKind::CaseStudy {
                        // The opening sentence is a lead paragraph.
                        style.size = (style.size + 1.0).max(style.size * 1.1);
                        style.leading = style.leading * style.size / self.look.body.size;
                    }
                    after_h1 = false;
                    let lines = self.set(spans, &style, self.look.measure);
                    let node = self.node(Role::Paragraph, Some(sect));
                    out.push(self.paragraph(lines, style, 0.0, None, (node, ARTIFACT)));
                }
                Block::List { start, items } => {
                    after_h1 = false;
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
    ) -> Prepared {
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
        }
    }

    /// Adds a structure element.
    pub(super) fn node(&mut self, role: Role, parent: Option<u32>) -> u32 {
        self.nodes.push(StructNode {
            role,
            parent,
            title: None,
        });
        (self.nodes.len() - 1) as u32
    }

    fn prepare_list(
        &mut self,
        start: Option<u64>,
        items: &[Vec<Block>],
        indent: f32,
        parent: u32,
        out: &mut Vec<Prepared>,
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
                    _ => {}
                }
            }
        }
        if let Some(Prepared::Lines { space_after, .. }) = out.last_mut() {
            *space_after = 6.0;
        }
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

    /// The least height a block needs on a page (for keep-with-next).
    fn min_height(&self, block: &Prepared) -> f32 {
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
        }
    }

    pub(super) fn at_top(&self) -> bool {
        self.y <= self.look.top + 0.01
    }

    pub(super) fn new_page(&mut self, kind: SectionKind, running_head: &str) {
        self.pages.push(PageState {
            page: Page {
                width: self.look.width,
                height: self.look.height,
                items: Vec::new(),
                links: Vec::new(),
            },
            kind,
            running_head: running_head.to_string(),
            blank: false,
        });
        self.y = self.look.top;
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
    fn link_node(&mut self, parent: u32, uri: &Arc<str>) -> u32 {
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
        block: &Prepared,
        need_next: f32,
        kind: SectionKind,
        continued: &str,
    ) {
        let Prepared::Lines {
            lines,
            style,
            indent,
            marker,
            space_before,
            space_after,
            keep_with_next,
            rule_after,
            node,
            marker_node,
            trailer,
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
            if take == 0 {
                if self.at_top() {
                    // Nothing fits even on an empty page: place what we can, never loop.
                    take = avail.clamp(1, remaining);
                } else {
                    self.new_page(kind, continued);
                    continue;
                }
            }
            let x = self.look.left + indent;
            for (k, line) in lines[i..i + take].iter().enumerate() {
                let baseline = Self::baseline(self.y, style);
                if i + k == 0 {
                    if let Some(t) = trailer {
                        // The trailer is already set flush right in its own column.
                        let x = self.look.left + self.look.measure - NUMBER_COLUMN;
                        self.draw_line(t, x, baseline, *node);
                    }
                    if let Some(m) = marker {
                        self.draw_line(m, self.look.left + indent - 14.0, baseline, *marker_node);
                    }
                }
                self.draw_line(line, x, baseline, *node);
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

    fn layout_cover(&mut self, cover: &Cover, sect: u32) {
        let look_left = self.look.left;
        let measure = self.look.measure;
        let accent = self.look.accent;
        let text = self.look.text;
        let grey = self.look.grey;
        // The logo, top left, at most `logo_width_mm` wide and 25 mm high.
        let mut top = self.look.top;
        if let Some(logo) = &cover.logo {
            let scale = (self.look.logo_width / logo.width).min(25.0 * MM / logo.height);
            let (width, height) = (logo.width * scale, logo.height * scale);
            let node = self.node(Role::Figure, Some(sect));
            let alt = if cover.organisation.is_empty() {
                "Logo".to_string()
            } else {
                format!("{} logo", cover.organisation)
            };
            self.nodes[node as usize].title = Some(alt);
            self.page().items.push(PageItem::Image(super::Picture {
                x: look_left,
                y: top,
                width,
                height,
                logo: logo.clone(),
                node,
            }));
            top += height + 12.0;
        }
        // A band of accent colour marks the top of the cover.
        self.page().items.push(PageItem::Fill(super::Fill {
            x: look_left,
            y: top,
            width: 48.0,
            height: 4.0,
            colour: accent,
        }));
        self.y = self.look.top + self.look.height * 0.16;
        let title_style = self.look.sans(28.0, 34.0, true, text);
        let lines = self.set(
            &[Span::bold(cover.title.clone())],
            &title_style,
            measure * 0.85,
        );
        let title = self.node(Role::Heading(1), Some(sect));
        self.nodes[title as usize].title = Some(cover.title.clone());
        for line in &lines {
            let b = Self::baseline(self.y, &title_style);
            self.draw_line(line, look_left, b, title);
            self.y += title_style.leading;
        }
        self.y += 14.0;
        for (textline, size, colour) in
            [(&cover.organisation, 13.0, text), (&cover.date, 11.0, grey)]
        {
            if textline.is_empty() {
                continue;
            }
            let style = self.look.sans(size, size * 1.4, false, colour);
            let lines = self.set(&[Span::plain(textline.clone())], &style, measure);
            let node = self.node(Role::Paragraph, Some(sect));
            for line in &lines {
                let b = Self::baseline(self.y, &style);
                self.draw_line(line, look_left, b, node);
                self.y += style.leading;
            }
        }
        // Headline figures, side by side, over a hairline.
        let y0 = self.look.top + self.look.height * 0.52;
        self.rule(look_left, y0, look_left + measure, y0, HAIRLINE);
        let col = measure / cover.figures.len().clamp(1, 3) as f32;
        for (i, (value, label)) in cover.figures.iter().enumerate() {
            let x = look_left + col * (i % 3) as f32;
            let y = y0 + 18.0 + (i / 3) as f32 * 70.0;
            let big = self.look.sans(30.0, 36.0, true, accent);
            let small = self.look.sans(9.0, 12.0, false, grey);
            let v = self.set(&[Span::bold(value.clone())], &big, col - 8.0);
            let l = self.set(&[Span::plain(label.to_uppercase())], &small, col - 8.0);
            // "3 grants" reads as one paragraph.
            let node = self.node(Role::Paragraph, Some(sect));
            if let Some(line) = v.first() {
                self.draw_line(line, x, Self::baseline(y, &big), node);
            }
            if let Some(line) = l.first() {
                self.draw_line(line, x, Self::baseline(y + 38.0, &small), node);
            }
        }
    }
}

/// Adds the running heads and "Page X of Y" to a page (not to the cover).
fn decorate(look: &Look, shaper: &mut Shaper, mut state: PageState, number: usize) -> Page {
    if state.kind == SectionKind::Cover || state.blank {
        return state.page;
    }
    let head = look.sans(8.0, 10.0, false, look.grey);
    let (left, measure, top) = (look.left, look.measure, look.top);
    let mut items = Vec::new();
    let head_base = top - 16.0;
    let t = set_line(shaper, &look.title, &head, measure * 0.6);
    items.extend(place(&t, left, head_base));
    if !state.running_head.is_empty() {
        let right = ParaStyle {
            align: Align::Right,
            ..head
        };
        let r = set_line(shaper, &state.running_head, &right, measure * 0.4);
        items.extend(place(&r, left + measure * 0.6, head_base));
    }
    items.push(PageItem::Rule(Rule {
        x0: left,
        y0: top - 10.0,
        x1: left + measure,
        y1: top - 10.0,
        width: HAIRLINE.0,
        colour: HAIRLINE.1,
    }));
    // Running heads are drawn first so the page's reading order starts with them.
    items.append(&mut state.page.items);
    state.page.items = items;
    // Duplex: left-hand (even) pages mirror the margins.
    if number % 2 == 0 && look.mirror_dx != 0.0 {
        shift(&mut state.page, look.mirror_dx);
    }
    state.page
}

/// The "Page X of Y" footer of page `number` (1-based) of `total`.
pub(super) fn footer(
    look: &Look,
    shaper: &mut Shaper,
    number: usize,
    total: usize,
) -> Vec<PageItem> {
    let centre = ParaStyle {
        align: Align::Centre,
        ..look.sans(8.0, 10.0, false, look.grey)
    };
    let f = set_line(
        shaper,
        &format!("Page {number} of {total}"),
        &centre,
        look.measure,
    );
    let mut page = Page {
        width: look.width,
        height: look.height,
        items: place(&f, look.left, look.bottom + 28.0),
        links: Vec::new(),
    };
    if number % 2 == 0 && look.mirror_dx != 0.0 {
        shift(&mut page, look.mirror_dx);
    }
    page.items
}

/// Moves everything on a page `dx` points to the right.
fn shift(page: &mut Page, dx: f32) {
    for item in &mut page.items {
        match item {
            PageItem::Text(t) => t.x += dx,
            PageItem::Rule(r) => {
                r.x0 += dx;
                r.x1 += dx;
            }
            PageItem::Fill(f) => f.x += dx,
            PageItem::Image(i) => i.x += dx,
        }
    }
    for link in &mut page.links {
        link.x0 += dx;
        link.x1 += dx;
    }
}

fn set_line(shaper: &mut Shaper, text: &str, style: &ParaStyle, width: f32) -> Vec<Line> {
    set_paragraph(
        shaper,
        &[Span::plain(text)],
        style,
        width,
        Breaker::FirstFit,
    )
    .0
}

fn place(lines: &[Line], x: f32, baseline: f32) -> Vec<PageItem> {
    lines
        .iter()
        .take(1)
        .flat_map(|l| l.runs.iter())
        .map(|r| {
            PageItem::Text(TextRun {
                x: r.x + x,
                y: baseline,
                ..r.clone()
            })
        })
        .collect()
}
