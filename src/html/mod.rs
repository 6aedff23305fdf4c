//! Turns a [`Document`] into the HTML edition: one self-contained, accessible web page (style
//! inline, pictures as `data:` addresses, no script, nothing fetched), with the cover as the
//! page's header, the contents as its navigation and every section in `main`.
//!
//! Everything from the data or a template is escaped ([`escape`]); only web and mail
//! addresses become links, so a cell can never add markup, script, styles or links.

mod chart;
pub mod escape;
mod style;

pub use style::{contrast_on_white, readable_on_white, Look};

use crate::document::{
    is_linkable, Block, ContentsEntry, Cover, Document, KeyFact, Link, Logo, LogoKind, Section,
    SectionKind, Span, Table,
};
use escape::{escaped, push};
use std::fmt::Write;

/// The whole page.
pub fn write_html(doc: &Document, look: &Look) -> String {
    let mut page = Page {
        out: String::with_capacity(4096 + doc.sections.len() * 3000),
        look,
        charts: 0,
    };
    page.head(doc);
    page.out
        .push_str("<body>\n<a class=\"skip\" href=\"#main\">");
    push(&mut page.out, &look.skip);
    page.out.push_str("</a>\n");
    page.header(doc);
    page.nav(doc);
    page.out.push_str("<main id=\"main\">\n");
    let mut in_group = false;
    for (i, section) in doc.sections.iter().enumerate() {
        in_group |= section.kind == SectionKind::Divider;
        if matches!(section.kind, SectionKind::Cover | SectionKind::Contents) {
            continue;
        }
        let base = if in_group && section.kind == SectionKind::CaseStudy {
            3
        } else {
            2
        };
        page.section(i, section, base);
    }
    page.out.push_str("</main>\n</body>\n</html>\n");
    page.out
}

struct Page<'a> {
    out: String,
    look: &'a Look,
    /// Charts written so far (for their ids).
    charts: usize,
}

impl Page<'_> {
    fn head(&mut self, doc: &Document) {
        let _ = write!(
            self.out,
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{}</title>\n",
            escaped(&doc.language),
            escaped(&doc.title)
        );
        if !doc.author.trim().is_empty() {
            let _ = writeln!(
                self.out,
                "<meta name=\"author\" content=\"{}\">",
                escaped(&doc.author)
            );
        }
        let _ = write!(
            self.out,
            "<meta name=\"generator\" content=\"grant-report\">\n<style>{}</style>\n</head>\n",
            style::css(self.look)
        );
    }

    /// The cover as the page's header, holding its one `h1`; the title alone without one.
    fn header(&mut self, doc: &Document) {
        let cover = doc
            .sections
            .iter()
            .filter(|s| s.kind == SectionKind::Cover)
            .flat_map(|s| &s.blocks)
            .find_map(|b| match b {
                Block::Cover(c) => Some(c),
                _ => None,
            });
        self.out.push_str("<header class=\"cover\">\n");
        match cover {
            Some(cover) => self.cover(cover),
            None => {
                self.out.push_str("<h1>");
                push(&mut self.out, &doc.title);
                self.out.push_str("</h1>\n");
            }
        }
        self.out.push_str("</header>\n");
    }

    fn cover(&mut self, cover: &Cover) {
        if let Some(logo) = &cover.logo {
            // The organisation's name follows in words; without it the logo stands for it.
            let alt = if cover.organisation.trim().is_empty() {
                "Logo"
            } else {
                ""
            };
            self.image(logo, alt);
        }
        if !cover.organisation.trim().is_empty() {
            self.out.push_str("<p class=\"organisation\">");
            push(&mut self.out, &cover.organisation);
            self.out.push_str("</p>\n");
        }
        self.out.push_str("<h1>");
        push(&mut self.out, &cover.title);
        self.out.push_str("</h1>\n<p class=\"date\">");
        push(&mut self.out, &cover.date);
        self.out.push_str("</p>\n<ul class=\"figures\">");
        for (value, label) in &cover.figures {
            self.out.push_str("<li><strong>");
            push(&mut self.out, value);
            self.out.push_str("</strong> ");
            push(&mut self.out, label);
            self.out.push_str("</li>");
        }
        self.out.push_str("</ul>\n");
    }

    /// The contents: the document's own when it has a contents page, else an entry for each
    /// titled section; each a link to its section.
    fn nav(&mut self, doc: &Document) {
        let entries = nav_entries(doc);
        if entries.is_empty() {
            return;
        }
        self.out
            .push_str("<nav aria-labelledby=\"contents\">\n<h2 id=\"contents\">");
        push(&mut self.out, &self.look.contents);
        self.out.push_str("</h2>\n<ul>\n");
        // A programme's case studies are a list inside its entry; every entry stays open
        // until the next starts, so a group's list can go in it.
        let mut in_group = false;
        for (i, e) in entries.iter().enumerate() {
            match (i > 0, in_group, e.nested) {
                (false, ..) => {}
                (true, false, true) => {
                    self.out.push_str("\n<ul>\n");
                    in_group = true;
                }
                (true, true, false) => {
                    self.out.push_str("</li>\n</ul></li>\n");
                    in_group = false;
                }
                (true, ..) => self.out.push_str("</li>\n"),
            }
            let class = match (e.apart, e.strong) {
                (true, true) => " class=\"apart strong\"",
                (true, false) => " class=\"apart\"",
                (false, true) => " class=\"strong\"",
                (false, false) => "",
            };
            let _ = write!(self.out, "<li{class}>");
            if let Some(n) = &e.number {
                self.out.push_str("<span class=\"n\">");
                push(&mut self.out, n);
                self.out.push_str("</span> ");
            }
            let _ = write!(self.out, "<a href=\"#s{}\">", e.section);
            push(&mut self.out, &e.title);
            self.out.push_str("</a>");
        }
        self.out.push_str(if in_group {
            "</li>\n</ul></li>\n"
        } else {
            "</li>\n"
        });
        self.out.push_str("</ul>\n</nav>\n");
    }

    /// A section, its headings numbered from `base` (`h2`, or `h3` for a case study under a
    /// programme's divider) without skipping a level.
    fn section(&mut self, index: usize, section: &Section, base: u8) {
        let class = match section.kind {
            SectionKind::CaseStudy => "case-study",
            SectionKind::Divider => "programme",
            SectionKind::Summary => "summary",
            SectionKind::Introduction => "introduction",
            SectionKind::Cover | SectionKind::Contents => "other",
        };
        let _ = write!(self.out, "<section id=\"s{index}\" class=\"{class}\"");
        if let Some(lang) = &section.language {
            let _ = write!(self.out, " lang=\"{}\"", escaped(lang));
        }
        self.out.push_str(">\n");
        let mut levels = Levels {
            base,
            last: base - 1,
        };
        let caption = (section.kind == SectionKind::Summary)
            .then_some(section.outline.as_deref())
            .flatten();
        for block in &section.blocks {
            self.block(block, &mut levels, caption);
        }
        self.out.push_str("</section>\n");
    }

    fn block(&mut self, block: &Block, levels: &mut Levels, caption: Option<&str>) {
        match block {
            Block::Heading { level, spans } => {
                let h = levels.next(*level);
                let _ = write!(self.out, "<h{h}>");
                self.spans(spans);
                let _ = writeln!(self.out, "</h{h}>");
            }
            Block::Paragraph(spans) => {
                self.out.push_str("<p>");
                self.spans(spans);
                self.out.push_str("</p>\n");
            }
            Block::List { start, items } => self.list(*start, items, levels),
            Block::Table(table) => self.table(table, caption),
            Block::KeyFacts(facts) => self.facts(facts),
            Block::Chart(c) => {
                self.charts += 1;
                let id = format!("chart{}", self.charts);
                chart::push_chart(&mut self.out, c, &id, &self.look.figures);
            }
            Block::Image { alt, picture, .. } => {
                if let Some(picture) = picture {
                    self.out.push_str("<figure>");
                    self.image(picture, alt);
                    self.out.push_str("</figure>\n");
                }
            }
            // The cover is the header and the contents the navigation.
            Block::Cover(_) | Block::Contents(_) => {}
        }
    }

    fn list(&mut self, start: Option<u64>, items: &[Vec<Block>], levels: &mut Levels) {
        let tag = match start {
            Some(1) => {
                self.out.push_str("<ol>\n");
                "ol"
            }
            Some(n) => {
                let _ = writeln!(self.out, "<ol start=\"{n}\">");
                "ol"
            }
            None => {
                self.out.push_str("<ul>\n");
                "ul"
            }
        };
        for item in items {
            self.out.push_str("<li>");
            match item.as_slice() {
                [Block::Paragraph(spans)] => self.spans(spans),
                blocks => {
                    for b in blocks {
                        self.block(b, levels, None);
                    }
                }
            }
            self.out.push_str("</li>\n");
        }
        let _ = writeln!(self.out, "</{tag}>");
    }

    /// Runs of text: bold, italic, line breaks and links (only web and mail addresses, and
    /// the report's own sections).
    fn spans(&mut self, spans: &[Span]) {
        for span in spans {
            let href = match &span.link {
                Some(Link::Url(url)) if is_linkable(url) => Some(escaped(url.trim())),
                Some(Link::Page(section)) => Some(format!("#s{section}")),
                _ => None,
            };
            if let Some(href) = &href {
                let _ = write!(self.out, "<a href=\"{href}\">");
            }
            if span.bold {
                self.out.push_str("<strong>");
            }
            if span.italic {
                self.out.push_str("<em>");
            }
            // A link always has words: its address when the text gives none.
            let text = match (&span.link, span.text.trim().is_empty()) {
                (Some(Link::Url(url)), true) if href.is_some() => url.as_ref(),
                _ => span.text.as_str(),
            };
            for (i, line) in text.split('\n').enumerate() {
                if i > 0 {
                    self.out.push_str("<br>");
                }
                push(&mut self.out, line);
            }
            if span.italic {
                self.out.push_str("</em>");
            }
            if span.bold {
                self.out.push_str("</strong>");
            }
            if href.is_some() {
                self.out.push_str("</a>");
            }
        }
    }

    fn facts(&mut self, facts: &[KeyFact]) {
        self.out.push_str("<dl class=\"facts\">");
        for fact in facts {
            self.out.push_str("<div><dt>");
            push(&mut self.out, &fact.label);
            self.out.push_str("</dt><dd>");
            self.spans(&[Span {
                link: fact.link.clone(),
                ..Span::plain(fact.value.clone())
            }]);
            self.out.push_str("</dd></div>");
        }
        self.out.push_str("</dl>\n");
    }

    /// A picture as a `data:` address (`LogoKind::Rgb` pixels encoded as PNG first).
    fn image(&mut self, picture: &Logo, alt: &str) {
        let (mime, bytes) = match picture.kind {
            LogoKind::Png => ("image/png", std::borrow::Cow::Borrowed(&picture.data[..])),
            LogoKind::Jpeg { .. } => ("image/jpeg", std::borrow::Cow::Borrowed(&picture.data[..])),
            LogoKind::Svg => (
                "image/svg+xml",
                std::borrow::Cow::Borrowed(&picture.data[..]),
            ),
            LogoKind::Rgb => match rgb_png(picture) {
                Some(png) => ("image/png", std::borrow::Cow::Owned(png)),
                None => return,
            },
        };
        let _ = write!(
            self.out,
            "<img src=\"{}\" alt=\"{}\" width=\"{}\" height=\"{}\">",
            escape::data_uri(mime, &bytes),
            escaped(alt),
            picture.width.round().max(1.0) as u32,
            picture.height.round().max(1.0) as u32
        );
    }

    /// A table, scrolling sideways on its own when it is wider than the screen. A summary's
    /// table has `caption`, its rows' first cells are their headers, each programme is a
    /// row group and its last rows (the totals) are its footer.
    fn table(&mut self, table: &Table, caption: Option<&str>) {
        let n = table.columns.len().max(1);
        self.out
            .push_str("<div class=\"table\" role=\"region\" tabindex=\"0\" aria-label=\"");
        let label = caption.map_or_else(
            || {
                let titles: Vec<&str> = table.columns.iter().map(|c| c.title.as_str()).collect();
                titles.join(", ")
            },
            str::to_string,
        );
        push(&mut self.out, &label);
        self.out.push_str("\"><table>");
        if let Some(caption) = caption {
            self.out.push_str("<caption>");
            push(&mut self.out, caption);
            self.out.push_str("</caption>");
        }
        self.out.push_str("<thead><tr>");
        for c in &table.columns {
            let class = if c.numeric || c.align == crate::document::Align::Right {
                " class=\"num\""
            } else {
                ""
            };
            let _ = write!(self.out, "<th scope=\"col\"{class}>");
            push(&mut self.out, &c.title);
            self.out.push_str("</th>");
        }
        self.out.push_str("</tr></thead>\n<tbody>\n");
        let foot = table.rows.len() - table.footer.min(table.rows.len());
        let mut body_open = true;
        for (i, row) in table.rows.iter().enumerate() {
            if i == foot {
                self.out.push_str("</tbody>\n<tfoot>\n");
                body_open = false;
            }
            self.row(table, row, n, caption.is_some(), i > 0);
        }
        self.out
            .push_str(if body_open { "</tbody>" } else { "</tfoot>" });
        self.out.push_str("</table></div>\n");
    }

    /// One row: a group row starts a new row group (`not_first`: after other rows).
    fn row(
        &mut self,
        table: &Table,
        row: &crate::document::TableRow,
        n: usize,
        headed: bool,
        not_first: bool,
    ) {
        use crate::document::RowKind;
        if row.kind == RowKind::Group {
            if not_first {
                self.out.push_str("</tbody>\n<tbody>\n");
            }
            let _ = write!(self.out, "<tr><th scope=\"rowgroup\" colspan=\"{n}\">");
            push(&mut self.out, row.cells.first().map_or("", String::as_str));
            self.out.push_str("</th></tr>\n");
            return;
        }
        self.out.push_str(if row.kind == RowKind::Total {
            "<tr class=\"total\">"
        } else {
            "<tr>"
        });
        for (j, cell) in row.cells.iter().enumerate().take(n) {
            let numeric = table
                .columns
                .get(j)
                .is_some_and(|c| c.numeric || c.align == crate::document::Align::Right);
            let tag = if j == 0 && (headed || row.kind == RowKind::Total) {
                "th scope=\"row\""
            } else {
                "td"
            };
            let class = if numeric { " class=\"num\"" } else { "" };
            let _ = write!(self.out, "<{tag}{class}>");
            push(&mut self.out, cell);
            let close = if tag == "td" { "td" } else { "th" };
            let _ = write!(self.out, "</{close}>");
        }
        for _ in row.cells.len()..n {
            self.out.push_str("<td></td>");
        }
        self.out.push_str("</tr>\n");
    }
}

/// Heading levels within a section: the document's levels from `base`, never skipping one.
struct Levels {
    base: u8,
    last: u8,
}

impl Levels {
    fn next(&mut self, level: u8) -> u8 {
        let wanted = self.base + level.max(1) - 1;
        let h = wanted.min(self.last + 1).clamp(self.base, 6);
        self.last = h;
        h
    }
}

/// The contents' entries: the document's contents page's, else every titled section's.
fn nav_entries(doc: &Document) -> Vec<ContentsEntry> {
    let own = doc
        .sections
        .iter()
        .flat_map(|s| &s.blocks)
        .find_map(|b| match b {
            Block::Contents(entries) => Some(entries.clone()),
            _ => None,
        });
    own.unwrap_or_else(|| {
        doc.sections
            .iter()
            .enumerate()
            .filter(|(_, s)| s.language.is_none())
            .filter(|(_, s)| {
                matches!(
                    s.kind,
                    SectionKind::Introduction
                        | SectionKind::CaseStudy
                        | SectionKind::Divider
                        | SectionKind::Summary
                )
            })
            .filter_map(|(i, s)| {
                s.outline.clone().map(|title| ContentsEntry {
                    title,
                    section: i,
                    number: None,
                    apart: matches!(s.kind, SectionKind::Summary | SectionKind::Divider),
                    strong: s.kind == SectionKind::Divider,
                    nested: false,
                })
            })
            .collect()
    })
}

/// 8-bit RGB pixels (a converted CMYK JPEG) as a PNG file.
fn rgb_png(picture: &Logo) -> Option<Vec<u8>> {
    let (w, h) = (picture.width as u32, picture.height as u32);
    if u64::from(w) * u64::from(h) * 3 != picture.data.len() as u64 {
        return None;
    }
    let mut png = Vec::new();
    let mut encoder = png::Encoder::new(&mut png, w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().ok()?;
    writer.write_image_data(&picture.data).ok()?;
    writer.finish().ok()?;
    Some(png)
}
