//! Lays out a [`Document`] into [`Page`]s of positioned glyph runs, rules and link areas:
//! paragraphs are shaped, hyphenated and broken into justified lines, then flowed onto pages
//! with headings kept with their text, no widows or orphans, and tables that repeat their
//! header row. Knows nothing about PDF.

mod flow;
pub mod fonts;
pub mod linebreak;
pub mod paragraph;
mod table;

use crate::document::Document;
use crate::settings::{Rgb, Settings};
pub use fonts::{FontBook, FontId};
use std::ops::Range;
use std::sync::Arc;

/// A laid-out page; coordinates in points from the top-left corner, y downwards.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub width: f32,
    pub height: f32,
    pub items: Vec<PageItem>,
    pub links: Vec<LinkArea>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PageItem {
    Text(TextRun),
    Rule(Rule),
    Fill(Fill),
}

/// Glyphs in one font, size and colour, starting at (`x`, `y` = baseline).
#[derive(Debug, Clone, PartialEq)]
pub struct TextRun {
    pub font: FontId,
    pub size: f32,
    pub colour: Rgb,
    pub x: f32,
    pub y: f32,
    pub glyphs: Vec<Glyph>,
    /// The text the glyphs show, for copy and paste and search.
    pub text: String,
}

/// A positioned glyph; advance and offsets in em.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    pub id: u16,
    pub advance: f32,
    pub x_offset: f32,
    pub y_offset: f32,
    /// The bytes of the run's text this glyph shows.
    pub range: Range<usize>,
}

/// A straight line.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    pub width: f32,
    pub colour: Rgb,
}

/// A filled rectangle.
#[derive(Debug, Clone, PartialEq)]
pub struct Fill {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
    pub colour: Rgb,
}

/// A clickable area and its target.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkArea {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    pub uri: Arc<str>,
}

/// An outline (bookmark) entry.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    pub title: String,
    /// 0-based page index.
    pub page: usize,
    pub y: f32,
}

/// Something the reader should know about the layout; the PDF is still made.
#[derive(Debug, Clone, PartialEq)]
pub enum LayoutWarning {
    /// A case study ran over `pages` pages instead of one.
    Overflow {
        section: usize,
        title: String,
        pages: usize,
    },
    /// Characters no bundled font can draw.
    MissingGlyphs { section: usize, chars: String },
}

/// The laid-out report.
pub struct Layout {
    pub pages: Vec<Page>,
    pub outline: Vec<OutlineEntry>,
    pub warnings: Vec<LayoutWarning>,
}

/// Lays out `doc` with the look in `settings`, using `fonts`.
pub fn layout_document(doc: &Document, settings: &Settings, fonts: &FontBook) -> Layout {
    flow::run(doc, settings, fonts)
}

/// A plain-text dump of laid-out pages: one line per text run with its rounded position.
/// Used by tests as a readable snapshot of the layout.
pub fn dump(pages: &[Page]) -> String {
    let mut out = String::new();
    for (i, page) in pages.iter().enumerate() {
        out.push_str(&format!("--- page {}\n", i + 1));
        for item in &page.items {
            if let PageItem::Text(t) = item {
                out.push_str(&format!(
                    "{:>4.0} {:>4.0} {:>4.1} {}\n",
                    t.x, t.y, t.size, t.text
                ));
            }
        }
    }
    out
}
