//! Writes laid-out [`Page`]s to PDF bytes with krilla: subset fonts with copy-and-paste text,
//! link annotations, the outline, metadata and fixed dates. The only module that knows PDF.

use crate::layout::{FontBook, Glyph as LaidGlyph, Layout, Page, PageItem};
use crate::settings::Rgb;
use krilla::action::{Action, LinkAction};
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::color::rgb;
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId};
use krilla::{Document, SerializeSettings};
use std::ops::Range;

/// What the PDF says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfInfo {
    pub title: String,
    pub author: String,
    pub language: String,
    /// Creation date (UTC): year, month, day, hour, minute, second. Fixed by the caller so
    /// the same input gives the same bytes.
    pub date: (u16, u8, u8, u8, u8, u8),
}

/// Why the PDF could not be written (a bug or a resource limit, never the user's data).
#[derive(Debug, thiserror::Error)]
#[error("could not write the PDF: {0}")]
pub struct WriteError(String);

/// Adapts a laid-out glyph to krilla's glyph trait without copying.
struct PdfGlyph<'a>(&'a LaidGlyph);

impl krilla::text::Glyph for PdfGlyph<'_> {
    fn glyph_id(&self) -> GlyphId {
        GlyphId::new(u32::from(self.0.id))
    }
    fn text_range(&self) -> Range<usize> {
        self.0.range.clone()
    }
    fn x_advance(&self, size: f32) -> f32 {
        self.0.advance * size
    }
    fn x_offset(&self, size: f32) -> f32 {
        self.0.x_offset * size
    }
    fn y_offset(&self, size: f32) -> f32 {
        self.0.y_offset * size
    }
    fn y_advance(&self, _size: f32) -> f32 {
        0.0
    }
    fn location(&self) -> Option<krilla::surface::Location> {
        None
    }
}

fn colour(c: Rgb) -> rgb::Color {
    rgb::Color::new(c.0, c.1, c.2)
}

/// Writes the layout as PDF bytes.
pub fn write_pdf(
    layout: &Layout,
    fonts: &FontBook,
    info: &PdfInfo,
    progress: &dyn crate::progress::Progress,
) -> Result<Vec<u8>, WriteError> {
    let settings = SerializeSettings {
        enable_tagging: false,
        ..SerializeSettings::default()
    };
    let mut doc = Document::new_with(settings);
    let pdf_fonts: Vec<Font> = (0..fonts.len())
        .map(|i| {
            let id = crate::layout::FontId(i as u8);
            Font::new(fonts.data(id).into(), 0)
                .ok_or_else(|| WriteError(format!("cannot load font {}", fonts.name(id))))
        })
        .collect::<Result<_, _>>()?;
    for page in &layout.pages {
        write_page(&mut doc, page, &pdf_fonts, fonts)?;
        progress.step();
    }
    let mut outline = Outline::new();
    for entry in &layout.outline {
        outline.push_child(OutlineNode::new(
            entry.title.clone(),
            XyzDestination::new(entry.page, Point::from_xy(0.0, entry.y)),
        ));
    }
    doc.set_outline(outline);
    let (y, mo, d, h, mi, s) = info.date;
    let date = DateTime::new(y)
        .month(mo)
        .day(d)
        .hour(h)
        .minute(mi)
        .second(s)
        .utc_offset_hour(0)
        .utc_offset_minute(0);
    let mut metadata = Metadata::new()
        .title(info.title.clone())
        .language(info.language.clone())
        .creator(format!("grant-report {}", env!("CARGO_PKG_VERSION")))
        .creation_date(date);
    if !info.author.is_empty() {
        metadata = metadata.authors(vec![info.author.clone()]);
    }
    doc.set_metadata(metadata);
    doc.finish().map_err(|e| WriteError(format!("{e:?}")))
}

fn write_page(
    doc: &mut Document,
    page: &Page,
    fonts: &[Font],
    book: &FontBook,
) -> Result<(), WriteError> {
    let settings = PageSettings::from_wh(page.width, page.height)
        .ok_or_else(|| WriteError(format!("bad page size {}×{}", page.width, page.height)))?;
    let mut pdf_page = doc.start_page_with(settings);
    for link in &page.links {
        let Some(rect) = Rect::from_ltrb(link.x0, link.y0, link.x1, link.y1) else {
            continue;
        };
        let target = Target::Action(Action::Link(LinkAction::new(link.uri.to_string())));
        pdf_page.add_annotation(Annotation::new_link(
            LinkAnnotation::new(rect, target),
            Some(link.uri.to_string()),
        ));
    }
    let mut surface = pdf_page.surface();
    let mut current_fill: Option<Rgb> = None;
    // Reused for every run: the glyphs and text a run expands to.
    let mut glyph_buf: Vec<LaidGlyph> = Vec::with_capacity(256);
    let mut text_buf = String::with_capacity(1024);
    for item in &page.items {
        match item {
            PageItem::Text(run) => {
                if current_fill != Some(run.colour) {
                    set_fill(&mut surface, run.colour);
                    current_fill = Some(run.colour);
                }
                let font = fonts
                    .get(usize::from(run.font.0))
                    .ok_or_else(|| WriteError(format!("unknown font {}", run.font.0)))?;
                glyph_buf.clear();
                text_buf.clear();
                run.expand(book, &mut glyph_buf, &mut text_buf);
                let glyphs: Vec<PdfGlyph> = glyph_buf.iter().map(PdfGlyph).collect();
                surface.draw_glyphs(
                    Point::from_xy(run.x, run.y),
                    &glyphs,
                    font.clone(),
                    &text_buf,
                    run.size,
                    false,
                );
            }
            PageItem::Rule(rule) => {
                let mut pb = PathBuilder::new();
                pb.move_to(rule.x0, rule.y0);
                pb.line_to(rule.x1, rule.y1);
                if let Some(path) = pb.finish() {
                    surface.set_fill(None);
                    surface.set_stroke(Some(Stroke {
                        paint: colour(rule.colour).into(),
                        width: rule.width,
                        ..Stroke::default()
                    }));
                    surface.draw_path(&path);
                    surface.set_stroke(None);
                    current_fill = None;
                }
            }
            PageItem::Fill(fill) => {
                let mut pb = PathBuilder::new();
                if let Some(rect) = Rect::from_xywh(fill.x, fill.y, fill.width, fill.height) {
                    pb.push_rect(rect);
                }
                if let Some(path) = pb.finish() {
                    set_fill(&mut surface, fill.colour);
                    current_fill = Some(fill.colour);
                    surface.draw_path(&path);
                }
            }
        }
    }
    surface.finish();
    pdf_page.finish();
    Ok(())
}

fn set_fill(surface: &mut Surface, c: Rgb) {
    surface.set_fill(Some(Fill {
        paint: colour(c).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }));
}
