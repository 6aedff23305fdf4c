//! Writes laid-out [`Page`]s to PDF bytes with krilla: subset fonts with copy-and-paste text,
//! link annotations, the outline, metadata and fixed dates. The only module that knows PDF.

use crate::layout::{
    FontBook, Glyph as LaidGlyph, Layout, Page, PageItem, Role, StructNode, ARTIFACT,
};
use crate::logo::LogoKind;
use crate::settings::Rgb;
use krilla::action::{Action, LinkAction};
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::color::rgb;
use krilla::configure::{Accessibility, Archival, ConfigurationBuilder};
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, ListNumbering, Node, SpanTag, TableHeaderScope,
    Tag, TagGroup, TagKind, TagTree,
};
use krilla::text::{Font, GlyphId};
use krilla::{Document, SerializeSettings};
use std::num::NonZeroU16;
use std::ops::Range;
use std::sync::Arc;

/// What the PDF says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfInfo {
    pub title: String,
    pub author: String,
    pub language: String,
    /// Creation date (UTC): year, month, day, hour, minute, second. Fixed by the caller so
    /// the same input gives the same bytes.
    pub date: (u16, u8, u8, u8, u8, u8),
    /// Write a tagged PDF (structure tree, artifacts) and validate it as PDF/UA-1 and
    /// PDF/A-2a.
    pub tagged: bool,
}

/// Builds the tag tree as content is written: an element joins its parent when its first
/// content (or first descendant's content) appears, so children come in reading order.
struct TreeBuilder<'a> {
    nodes: &'a [StructNode],
    children: Vec<Vec<Child>>,
    attached: Vec<bool>,
    roots: Vec<u32>,
}

enum Child {
    Element(u32),
    Content(Identifier),
}

impl<'a> TreeBuilder<'a> {
    fn new(nodes: &'a [StructNode]) -> Self {
        TreeBuilder {
            nodes,
            children: (0..nodes.len()).map(|_| Vec::new()).collect(),
            attached: vec![false; nodes.len()],
            roots: Vec::new(),
        }
    }

    fn attach(&mut self, node: u32) {
        let mut chain = Vec::new();
        let mut cur = Some(node);
        while let Some(n) = cur {
            if self.attached.get(n as usize).copied().unwrap_or(true) {
                break;
            }
            self.attached[n as usize] = true;
            chain.push(n);
            cur = self.nodes[n as usize].parent;
        }
        // Attach from the top down so parents list children in order of appearance.
        for &n in chain.iter().rev() {
            match self.nodes[n as usize].parent {
                Some(p) => self.children[p as usize].push(Child::Element(n)),
                None => self.roots.push(n),
            }
        }
    }

    fn content(&mut self, node: u32, id: Identifier) {
        if (node as usize) < self.nodes.len() {
            self.attach(node);
            self.children[node as usize].push(Child::Content(id));
        }
    }

    fn finish(mut self, language: &str) -> TagTree {
        let mut tree = TagTree::new().with_lang(Some(language.to_string()));
        for root in std::mem::take(&mut self.roots) {
            tree.push(self.group(root));
        }
        tree
    }

    fn group(&mut self, node: u32) -> TagGroup {
        let kind: TagKind = match self.nodes[node as usize].role {
            Role::Section => Tag::Section.into(),
            Role::Heading(level) => Tag::Hn(
                NonZeroU16::new(u16::from(level.max(1))).unwrap_or(NonZeroU16::MIN),
                self.nodes[node as usize].title.clone(),
            )
            .into(),
            Role::Paragraph => Tag::P.into(),
            Role::List { ordered } => Tag::L(if ordered {
                ListNumbering::Decimal
            } else {
                ListNumbering::Disc
            })
            .into(),
            Role::ListItem => Tag::LI.into(),
            Role::Label => Tag::Lbl.into(),
            Role::ListBody => Tag::LBody.into(),
            Role::Table => Tag::Table.into(),
            Role::TableRow => Tag::TR.into(),
            Role::HeaderCell => Tag::TH(TableHeaderScope::Column).into(),
            Role::Cell => Tag::TD.into(),
            Role::Link => Tag::Link.into(),
            Role::Figure => Tag::Figure(self.nodes[node as usize].title.clone()).into(),
        };
        let children = std::mem::take(&mut self.children[node as usize]);
        let nodes: Vec<Node> = children
            .into_iter()
            .map(|c| match c {
                Child::Element(n) => Node::Group(self.group(n)),
                Child::Content(id) => Node::Leaf(id),
            })
            .collect();
        TagGroup::with_children(kind, nodes)
    }
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
/// Takes the layout by value so that each page's memory is freed as soon as it is written.
pub fn write_pdf(
    mut layout: Layout,
    fonts: &FontBook,
    info: &PdfInfo,
    progress: &dyn crate::progress::Progress,
) -> Result<Vec<u8>, WriteError> {
    let mut settings = SerializeSettings {
        enable_tagging: info.tagged,
        ..SerializeSettings::default()
    };
    if info.tagged {
        settings.configuration = ConfigurationBuilder::new()
            .with_archival_validator(Archival::A2_A)
            .with_accessibility_validator(Accessibility::UA1)
            .finish()
            .map_err(|e| WriteError(format!("PDF/UA and PDF/A settings: {e:?}")))?;
    }
    let pages = std::mem::take(&mut layout.pages);
    let mut tree = TreeBuilder::new(&layout.structure);
    let mut doc = Document::new_with(settings);
    let pdf_fonts: Vec<Font> = (0..fonts.len())
        .map(|i| {
            let id = crate::layout::FontId(i as u8);
            Font::new(fonts.data(id).into(), 0)
                .ok_or_else(|| WriteError(format!("cannot load font {}", fonts.name(id))))
        })
        .collect::<Result<_, _>>()?;
    for page in pages {
        write_page(
            &mut doc,
            &page,
            &pdf_fonts,
            fonts,
            info.tagged.then_some(&mut tree),
        )?;
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
    if info.tagged {
        doc.set_tag_tree(tree.finish(&info.language));
    }
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
    doc.finish().map_err(|e| match e {
        krilla::error::KrillaError::Validation(errors) => WriteError(format!(
            "the PDF failed PDF/UA-1 or PDF/A-2a validation (a bug; --no-tags writes it untagged): {errors:?}"
        )),
        other => WriteError(format!("{other:?}")),
    })
}

fn write_page(
    doc: &mut Document,
    page: &Page,
    fonts: &[Font],
    book: &FontBook,
    mut tree: Option<&mut TreeBuilder>,
) -> Result<(), WriteError> {
    let settings = PageSettings::from_wh(page.width, page.height)
        .ok_or_else(|| WriteError(format!("bad page size {}×{}", page.width, page.height)))?;
    let mut pdf_page = doc.start_page_with(settings);
    for link in &page.links {
        let Some(rect) = Rect::from_ltrb(link.x0, link.y0, link.x1, link.y1) else {
            continue;
        };
        let target = Target::Action(Action::Link(LinkAction::new(link.uri.to_string())));
        let annotation = Annotation::new_link(
            LinkAnnotation::new(rect, target),
            Some(format!("Link to {}", link.uri)),
        );
        match tree.as_deref_mut() {
            Some(tree) if link.node != ARTIFACT => {
                let id = pdf_page.add_tagged_annotation(annotation);
                tree.content(link.node, id);
            }
            _ => pdf_page.add_annotation(annotation),
        }
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
                let tagged = tree.is_some();
                let id = if !tagged {
                    None
                } else if run.node == ARTIFACT {
                    surface.start_tagged(ContentTag::Artifact(Artifact::new(
                        ArtifactType::PaginationOther,
                        None,
                    )));
                    None
                } else {
                    Some(surface.start_tagged(ContentTag::Span(SpanTag::empty())))
                };
                surface.draw_glyphs(
                    Point::from_xy(run.x, run.y),
                    &glyphs,
                    font.clone(),
                    &text_buf,
                    run.size,
                    false,
                );
                if tagged {
                    surface.end_tagged();
                }
                if let (Some(id), Some(tree)) = (id, tree.as_deref_mut()) {
                    tree.content(run.node, id);
                }
            }
            PageItem::Rule(rule) => {
                let mut pb = PathBuilder::new();
                pb.move_to(rule.x0, rule.y0);
                pb.line_to(rule.x1, rule.y1);
                if let Some(path) = pb.finish() {
                    if tree.is_some() {
                        surface.start_tagged(ContentTag::Artifact(Artifact::new(
                            ArtifactType::Layout,
                            None,
                        )));
                    }
                    surface.set_fill(None);
                    surface.set_stroke(Some(Stroke {
                        paint: colour(rule.colour).into(),
                        width: rule.width,
                        ..Stroke::default()
                    }));
                    surface.draw_path(&path);
                    surface.set_stroke(None);
                    if tree.is_some() {
                        surface.end_tagged();
                    }
                    current_fill = None;
                }
            }
            PageItem::Image(image) => {
                let id = tree
                    .is_some()
                    .then(|| surface.start_tagged(ContentTag::Other));
                draw_image(&mut surface, image)?;
                if let (Some(id), Some(tree)) = (id, tree.as_deref_mut()) {
                    surface.end_tagged();
                    tree.content(image.node, id);
                }
                current_fill = None;
            }
            PageItem::Fill(fill) => {
                let mut pb = PathBuilder::new();
                if let Some(rect) = Rect::from_xywh(fill.x, fill.y, fill.width, fill.height) {
                    pb.push_rect(rect);
                }
                if let Some(path) = pb.finish() {
                    if tree.is_some() {
                        surface.start_tagged(ContentTag::Artifact(Artifact::new(
                            ArtifactType::Layout,
                            None,
                        )));
                    }
                    set_fill(&mut surface, fill.colour);
                    current_fill = Some(fill.colour);
                    surface.draw_path(&path);
                    if tree.is_some() {
                        surface.end_tagged();
                    }
                }
            }
        }
    }
    surface.finish();
    pdf_page.finish();
    Ok(())
}

/// Draws a PNG, JPEG or SVG logo scaled into its box.
fn draw_image(surface: &mut Surface, image: &crate::layout::Picture) -> Result<(), WriteError> {
    let size = krilla::geom::Size::from_wh(image.width, image.height)
        .ok_or_else(|| WriteError(format!("bad image size {}×{}", image.width, image.height)))?;
    surface.push_transform(&krilla::geom::Transform::from_translate(image.x, image.y));
    let data: Arc<Vec<u8>> = image.logo.data.clone();
    let drawn = match image.logo.kind {
        LogoKind::Png | LogoKind::Jpeg => {
            // No interpolation: PDF/A forbids it.
            let loaded = if image.logo.kind == LogoKind::Png {
                krilla::image::Image::from_png(data.into(), false)
            } else {
                krilla::image::Image::from_jpeg(data.into(), false)
            };
            loaded
                .map(|img| surface.draw_image(img, size))
                .map_err(|e| format!("the logo: {e}"))
        }
        LogoKind::Svg => usvg::Tree::from_data(&image.logo.data, &usvg::Options::default())
            .map_err(|e| format!("the logo: {e}"))
            .and_then(|tree| {
                use krilla_svg::SurfaceExt;
                surface
                    .draw_svg(&tree, size, krilla_svg::SvgSettings::default())
                    .ok_or_else(|| "the logo could not be drawn".to_string())
            }),
    };
    surface.pop();
    drawn.map_err(WriteError)
}

fn set_fill(surface: &mut Surface, c: Rgb) {
    surface.set_fill(Some(Fill {
        paint: colour(c).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }));
}
