//! Lays out a [`Document`] into [`Page`]s of positioned glyph runs, rules and link areas:
//! paragraphs are shaped, hyphenated and broken into justified lines, then flowed onto pages
//! with headings kept with their text, no widows or orphans, and tables that repeat their
//! header row. Knows nothing about PDF.

mod chart;
mod flow;
pub mod fonts;
pub mod paragraph;
mod style;
pub mod svg;
mod table;

use crate::document::Rgb;
use crate::document::{Document, Link};
use crate::progress::Progress;
pub use fonts::{FontBook, FontId};
use std::ops::Range;
use std::sync::Arc;
pub use style::{Margins, Style};

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
    Image(Picture),
}

/// An image placed at (`x`, `y` = top) with the given size, part of structure element `node`.
#[derive(Debug, Clone, PartialEq)]
pub struct Picture {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
    pub logo: Arc<crate::document::Logo>,
    pub node: u32,
}

/// Words in one font, size and colour, starting at (`x`, `y` = baseline).
///
/// Runs hold shared references to shaped words rather than glyphs of their own: a laid-out
/// report keeps every page in memory until the PDF is written, and a glyph list per run cost
/// about 100 KB a page. [`TextRun::expand`] gives the glyphs and text when they are needed.
#[derive(Debug, Clone, PartialEq)]
pub struct TextRun {
    pub font: FontId,
    pub size: f32,
    pub colour: Rgb,
    pub x: f32,
    pub y: f32,
    /// Extra advance after each glyph, in em (letter-spacing).
    pub tracking: f32,
    pub pieces: Vec<RunPiece>,
    /// The link the run's text belongs to, if any.
    pub link: Option<Link>,
    /// The structure element ([`Layout::structure`]) the run belongs to, or [`ARTIFACT`].
    pub node: u32,
}

/// Marks content that is not part of the document's logical structure (running heads,
/// footers, repeated table headers, rules).
pub const ARTIFACT: u32 = u32::MAX;

/// What a structure element is, for tagged (accessible) PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Section,
    Heading(u8),
    Paragraph,
    List {
        ordered: bool,
    },
    ListItem,
    Label,
    ListBody,
    Table,
    TableRow,
    /// A header cell: of its column (`row` false) or of its row, across `span` columns.
    HeaderCell {
        row: bool,
        span: u16,
    },
    /// A data cell across `span` columns.
    Cell {
        span: u16,
    },
    Link,
    /// An image; its description is the element's `title`.
    Figure,
    /// The contents page's list of entries, and one entry.
    Toc,
    TocItem,
}

/// A structure element: its role, its parent (`None` at the top) and, for headings, the
/// heading's text (screen readers list headings by it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StructNode {
    pub role: Role,
    pub parent: Option<u32>,
    pub title: Option<Box<str>>,
    /// Its language when it differs from the document's (a bilingual report's passages).
    pub lang: Option<Arc<str>>,
}

/// A word, or the part of one before or after a hyphenation point, with what follows it.
#[derive(Debug, Clone, PartialEq)]
pub struct RunPiece {
    pub word: Arc<fonts::Shaped>,
    /// The glyphs of `word` this piece shows.
    pub glyphs: Range<u32>,
    /// Width of the (justified) space after it in points; 0 when none.
    pub space_after: f32,
    /// A hyphen ends the piece (a line broken inside a word).
    pub hyphen: bool,
}

impl TextRun {
    /// Hands `sink` each glyph the run draws, in order: the words' glyphs, a hyphen where a
    /// line breaks inside a word, a space glyph for each space. A whole word in a run without
    /// letter-spacing is offered whole first ([`GlyphSink::word`]); its glyphs come one by
    /// one only if the sink declines it. A hyphen added at a line break stands for a soft
    /// hyphen (U+00AD), and a cluster of several glyphs is given its text whole
    /// ([`GlyphSink::actual_text`]), so extracted text is the text that was set.
    pub fn glyphs<'r>(&'r self, fonts: &FontBook, sink: &mut impl GlyphSink<'r>) {
        // Where each glyph's text starts in the run's text, to tell a cluster's later glyphs.
        let mut at = 0;
        let mut previous = usize::MAX;
        let starts = |previous: &mut usize, start: usize| {
            let new = start != *previous;
            *previous = start;
            new
        };
        for piece in &self.pieces {
            let shown = &piece.word.glyphs[piece.glyphs.start as usize..piece.glyphs.end as usize];
            if let (Some(first), Some(last)) = (shown.first(), shown.last()) {
                let (from, to) = (first.range.start, last.range.end.max(first.range.start));
                let whole = shown.len() == piece.word.glyphs.len();
                if whole && self.tracking == 0.0 && sink.word(&piece.word, at != previous) {
                    previous = at + last.range.start.max(from) - from;
                } else {
                    for cluster in shown.chunk_by(|a, b| a.range.start == b.range.start) {
                        let start = cluster[0].range.start.max(from);
                        let first = starts(&mut previous, at + start - from);
                        self.cluster(fonts, &piece.word.text, cluster, (from, first), sink);
                    }
                }
                at += piece.word.text.get(from..to).map_or(0, str::len);
            }
            if piece.hyphen {
                let (id, advance) = fonts.hyphen_glyph(self.font);
                sink.actual_text(Some("\u{AD}"));
                sink.glyph(RunGlyph {
                    id,
                    advance,
                    x_offset: 0.0,
                    y_offset: 0.0,
                    source: if starts(&mut previous, at) { "-" } else { "" },
                    range: 0..1,
                });
                sink.actual_text(None);
                at += 1;
            }
            if piece.space_after > 0.0 {
                sink.glyph(RunGlyph {
                    id: fonts.space_glyph(self.font),
                    advance: piece.space_after / self.size,
                    x_offset: 0.0,
                    y_offset: 0.0,
                    source: if starts(&mut previous, at) { " " } else { "" },
                    range: 0..1,
                });
                at += 1;
            }
        }
    }

    /// Hands `sink` the glyphs of one cluster of `text` (`first`: it starts a cluster in the
    /// run, rather than going on with one from before; glyph ranges start no earlier than
    /// `from`). One glyph stands for the cluster's text; several each stand for the
    /// character of the cluster the font maps to them (or the whole cluster's, when the font
    /// maps none of them to it), and the cluster gets its text as actual text.
    fn cluster<'r>(
        &'r self,
        fonts: &FontBook,
        text: &'r str,
        cluster: &'r [fonts::ShapedGlyph],
        (from, first): (usize, bool),
        sink: &mut impl GlyphSink<'r>,
    ) {
        let glyph = |g: &fonts::ShapedGlyph, source: &'r str, range: Range<usize>| RunGlyph {
            id: g.id,
            advance: g.advance + self.tracking,
            x_offset: g.x_offset,
            y_offset: g.y_offset,
            source,
            range,
        };
        let (start, end) = (
            cluster[0].range.start.max(from),
            cluster[0].range.end.max(from),
        );
        if cluster.len() == 1 || !first {
            for g in cluster {
                sink.glyph(glyph(g, if first { text } else { "" }, start..end));
            }
            return;
        }
        let spelled = text.get(start..end).unwrap_or("");
        let face = fonts.face(self.font);
        let own: Vec<Option<Range<usize>>> = cluster
            .iter()
            .map(|g| {
                spelled
                    .char_indices()
                    .find(|&(_, c)| face.glyph_index(c).is_some_and(|i| i.0 == g.id))
                    .map(|(i, c)| start + i..start + i + c.len_utf8())
            })
            .collect();
        // Extractors that place text by position split a cluster whose marks are offset
        // ("Z ̅"): its actual text keeps it whole.
        sink.actual_text(Some(spelled));
        for (g, own) in cluster.iter().zip(own) {
            sink.glyph(glyph(g, text, own.unwrap_or(start..end)));
        }
        sink.actual_text(None);
    }

    /// The text the run shows.
    pub fn text(&self) -> String {
        let mut text = String::new();
        for piece in &self.pieces {
            let shown = &piece.word.glyphs[piece.glyphs.start as usize..piece.glyphs.end as usize];
            if let (Some(first), Some(last)) = (shown.first(), shown.last()) {
                text.push_str(
                    piece
                        .word
                        .text
                        .get(first.range.start..last.range.end)
                        .unwrap_or(""),
                );
            }
            if piece.hyphen {
                text.push('-');
            }
            if piece.space_after > 0.0 {
                text.push(' ');
            }
        }
        text
    }
}

/// A glyph as the PDF writer draws it ([`TextRun::glyphs`]); advance and offsets in em.
#[derive(Debug, Clone, PartialEq)]
pub struct RunGlyph<'r> {
    pub id: u16,
    /// The advance, letter-spacing included.
    pub advance: f32,
    pub x_offset: f32,
    pub y_offset: f32,
    /// The glyph's text is `source[range]`; the source is empty for the second and later
    /// glyphs of a cluster. Sliced only when asked for ([`RunGlyph::text`]).
    source: &'r str,
    range: Range<usize>,
}

/// What takes a run's glyphs ([`TextRun::glyphs`]).
pub trait GlyphSink<'r> {
    /// A whole word, offered before its glyphs: true if the sink has drawn it (its glyphs
    /// then do not come one by one). `new` says whether its first glyph starts a cluster.
    fn word(&mut self, word: &'r fonts::Shaped, new: bool) -> bool;

    /// One glyph.
    fn glyph(&mut self, glyph: RunGlyph<'r>);

    /// The glyphs that follow, until `None`, stand for `text` (PDF's `/ActualText`), not for
    /// the characters each glyph maps to.
    fn actual_text(&mut self, text: Option<&'r str>);
}

impl<'r> RunGlyph<'r> {
    /// The text the glyph shows (for copy and paste); `None` for a glyph that goes on with
    /// a cluster begun in an earlier piece.
    pub fn text(&self) -> Option<&'r str> {
        (!self.source.is_empty()).then(|| self.source.get(self.range.clone()).unwrap_or(""))
    }
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
    pub uri: Link,
    /// The link's structure element.
    pub node: u32,
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
    /// A case study ran over `pages` pages instead of one (`at_size`: the body size `--fit`
    /// got down to without making it fit).
    Overflow {
        section: usize,
        title: String,
        pages: usize,
        at_size: Option<f32>,
    },
    /// Characters no bundled font can draw.
    MissingGlyphs { section: usize, chars: String },
    /// `--fit` set a case study's body text at `size` points (below the body size) so it
    /// fits its page.
    Shrunk {
        section: usize,
        title: String,
        size: f32,
    },
}

/// The laid-out report.
pub struct Layout {
    pub pages: Vec<Page>,
    pub outline: Vec<OutlineEntry>,
    pub warnings: Vec<LayoutWarning>,
    /// The logical structure in reading order: each text run and link names its element.
    pub structure: Vec<StructNode>,
}

/// Receives laid-out pages as they are finished, in page order.
pub trait PageSink {
    /// The next pages.
    fn pages(&mut self, pages: Vec<Page>);
    /// Leaves `count` pages, given later by [`PageSink::fill`] (the contents, whose page
    /// numbers are known only once every section is laid out).
    fn reserve(&mut self, count: usize);
    /// The pages for the slots [`PageSink::reserve`] left, from 0-based page `first`.
    fn fill(&mut self, first: usize, pages: Vec<Page>);
    /// Whether the pages' footers are wanted ([`Streamed::footers`]; empty when not).
    fn wants_footers(&self) -> bool {
        true
    }
}

/// What is known once every page has gone to the sink: the page count, the outline, the
/// structure and the warnings; and each page's "Page X of Y" footer, which needs the count
/// (set here, so the PDF writer gets finished pages and never shapes text).
pub struct Streamed {
    pub total: usize,
    pub outline: Vec<OutlineEntry>,
    pub warnings: Vec<LayoutWarning>,
    /// The logical structure in reading order: each text run and link names its element.
    pub structure: Vec<StructNode>,
    /// Per page: its footer's items (artifacts), empty for pages without one (covers,
    /// duplex blanks).
    pub footers: Vec<Vec<PageItem>>,
}

/// Lays out `doc` in `style`, using `fonts`, handing pages to `sink` as
/// they are finished and stepping `progress` once per section. Memory stays flat however
/// many pages there are: each case study's blocks are freed once it is laid out.
pub fn layout_streaming(
    doc: Document,
    style: &Style,
    fonts: &FontBook,
    progress: &dyn Progress,
    sink: &mut dyn PageSink,
) -> Streamed {
    flow::run(doc, style, fonts, progress, sink)
}

/// Lays out `doc` into pages held in memory, footers included (for checks and tests; the
/// PDF is written from [`layout_streaming`]).
pub fn layout_document(
    doc: &Document,
    style: &Style,
    fonts: &FontBook,
    progress: &dyn Progress,
) -> Layout {
    let mut pages = Collect(Vec::new());
    let mut streamed = flow::run(doc.clone(), style, fonts, progress, &mut pages);
    let mut pages = pages.0;
    for (page, footer) in pages.iter_mut().zip(std::mem::take(&mut streamed.footers)) {
        page.items.extend(footer);
    }
    Layout {
        pages,
        outline: streamed.outline,
        warnings: streamed.warnings,
        structure: streamed.structure,
    }
}

/// A sink that keeps every page.
struct Collect(Vec<Page>);

impl PageSink for Collect {
    fn pages(&mut self, pages: Vec<Page>) {
        self.0.extend(pages);
    }
    fn reserve(&mut self, count: usize) {
        let blank = Page {
            width: 0.0,
            height: 0.0,
            items: Vec::new(),
            links: Vec::new(),
        };
        self.0.extend(std::iter::repeat_n(blank, count));
    }
    fn fill(&mut self, first: usize, pages: Vec<Page>) {
        for (k, page) in pages.into_iter().enumerate() {
            if let Some(slot) = self.0.get_mut(first + k) {
                *slot = page;
            }
        }
    }
}

/// A sink that drops every page: laying out only for the warnings.
pub struct Discard;

impl PageSink for Discard {
    fn pages(&mut self, _: Vec<Page>) {}
    fn reserve(&mut self, _: usize) {}
    fn fill(&mut self, _: usize, _: Vec<Page>) {}
    /// No footers: a million pages' "Page X of Y", each shaped, would be made to be dropped.
    fn wants_footers(&self) -> bool {
        false
    }
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
                    t.x,
                    t.y,
                    t.size,
                    t.text()
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Block, Section, SectionKind, Span};
    use crate::pipeline::style;
    use crate::progress::Quiet;
    use crate::settings::Settings;

    /// A case study of paragraphs whose every word names its paragraph ("p3" ...), with a
    /// heading before every third paragraph.
    fn document(lengths: &[usize]) -> Document {
        let mut blocks = Vec::new();
        for (n, words) in lengths.iter().enumerate() {
            if n % 3 == 0 {
                blocks.push(Block::Heading {
                    level: 2,
                    spans: vec![Span::bold(format!("Heading h{n}"))],
                });
            }
            blocks.push(Block::Paragraph(vec![Span::plain(
                vec![format!("p{n}x"); *words].join(" "),
            )]));
        }
        Document {
            title: "T".into(),
            author: String::new(),
            language: "en-GB".into(),
            sections: vec![Section {
                kind: SectionKind::CaseStudy,
                outline: None,
                running_head: String::new(),
                continued: None,
                blocks,
                language: None,
                words: None,
            }],
        }
    }

    #[test]
    fn issue_12_fonts_headings_sets_the_headings_and_bold_body_text_stays_put() {
        let mut doc = document(&[3]);
        doc.sections[0].blocks.push(Block::Paragraph(vec![
            Span::bold("Impact:"),
            Span::plain(" words"),
        ]));
        let font_of = |settings: &Settings, text: &str| {
            let laid = layout_document(&doc, &style(settings), FontBook::shared(), &Quiet);
            laid.pages
                .iter()
                .flat_map(|p| &p.items)
                .find_map(|i| match i {
                    PageItem::Text(t) if t.text().starts_with(text) => Some(t.font),
                    _ => None,
                })
                .expect("the text is on a page")
        };
        let mut serif_headings = Settings::default();
        serif_headings.fonts.headings = crate::settings::Family::Serif;
        let sans_bold = FontId::select(true, true, false);
        let serif_bold = FontId::select(false, true, false);
        assert_eq!(font_of(&Settings::default(), "Heading h0"), sans_bold);
        assert_eq!(font_of(&serif_headings, "Heading h0"), serif_bold);
        // Run-in labels in the body are bold sans whatever the headings are.
        assert_eq!(font_of(&Settings::default(), "Impact:"), sans_bold);
        assert_eq!(font_of(&serif_headings, "Impact:"), sans_bold);
    }

    #[test]
    fn no_widows_orphans_or_stranded_headings() {
        // Lengths chosen so that many paragraphs straddle page breaks.
        let lengths: Vec<usize> = (0..60).map(|i| 20 + (i * 37) % 90).collect();
        let layout = layout_document(
            &document(&lengths),
            &style(&Settings::default()),
            &FontBook::bundled(),
            &Quiet,
        );
        assert!(layout.pages.len() >= 4);
        let mut straddled = 0;
        for (n, &words) in lengths.iter().enumerate() {
            let tag = format!("p{n}x");
            let per_page: Vec<usize> = layout
                .pages
                .iter()
                .map(|page| {
                    let mut ys: Vec<i32> = page
                        .items
                        .iter()
                        .filter_map(|i| match i {
                            PageItem::Text(t) if t.text().contains(&tag) => {
                                Some(t.y.round() as i32)
                            }
                            _ => None,
                        })
                        .collect();
                    ys.dedup();
                    ys.len()
                })
                .collect();
            let total: usize = per_page.iter().sum();
            let parts: Vec<usize> = per_page.into_iter().filter(|&c| c > 0).collect();
            if parts.len() > 1 {
                straddled += 1;
                assert!(
                    parts.iter().all(|&c| c >= 2),
                    "paragraph {n} ({words} words, {total} lines) split {parts:?}"
                );
            }
        }
        assert!(straddled >= 3, "the test should exercise page breaks");
        // A heading is never the last thing on a page.
        for page in &layout.pages {
            let texts: Vec<String> = page
                .items
                .iter()
                .filter_map(|i| match i {
                    PageItem::Text(t) if t.y < page.height - 60.0 => Some(t.text()),
                    _ => None,
                })
                .collect();
            if let Some(last) = texts.last() {
                assert!(
                    !last.starts_with("Heading"),
                    "page ends with a heading: {last}\n{}",
                    dump(&layout.pages)
                );
            }
        }
    }
}

#[cfg(test)]
mod chart_tests {
    use super::*;
    use crate::document::{Bar, Block, Chart, Section, SectionKind};
    use crate::pipeline::style;
    use crate::progress::Quiet;
    use crate::settings::Settings;

    #[test]
    fn bars_start_at_zero_and_are_proportional_to_their_values() {
        let bar = |label: &str, value: i128, shown: &str| Bar {
            label: label.into(),
            value,
            value_label: shown.into(),
            aside: false,
        };
        let chart = Chart {
            title: "Total awarded by programme".into(),
            bars: vec![
                bar("A", 10_300_000, "£103,000"),
                bar("B", 4_220_000, "£42,200"),
                bar("C", 1_637_500, "£16,375"),
            ],
            ticks: [0, 5_000_000, 10_000_000, 15_000_000]
                .map(|v| (v, format!("£{}", v / 100)))
                .to_vec(),
            alt: "Bar chart".into(),
        };
        let doc = Document {
            title: "T".into(),
            author: String::new(),
            language: "en-GB".into(),
            sections: vec![Section {
                kind: SectionKind::Summary,
                outline: None,
                running_head: String::new(),
                continued: None,
                blocks: vec![Block::Chart(chart)],
                language: None,
                words: None,
            }],
        };
        let layout = layout_document(
            &doc,
            &style(&Settings::default()),
            &FontBook::bundled(),
            &Quiet,
        );
        let page = &layout.pages[0];
        let bars: Vec<&Fill> = page
            .items
            .iter()
            .filter_map(|i| match i {
                PageItem::Fill(f) => Some(f),
                _ => None,
            })
            .collect();
        assert_eq!(bars.len(), 3);
        // The scale ends at its top tick, £150,000: the largest bar fills 103/150 of it.
        let end = page
            .items
            .iter()
            .filter_map(|i| match i {
                PageItem::Rule(r)
                    if (r.y1 - r.y0).abs() < 1e-3 && (r.x0 - bars[0].x).abs() < 1e-3 =>
                {
                    Some(r.x1 - r.x0)
                }
                _ => None,
            })
            .fold(0.0f32, f32::max);
        assert!(
            (bars[0].width / end - 103.0 / 150.0).abs() < 1e-3,
            "{} of {end}",
            bars[0].width
        );
        // One zero baseline: every bar starts at the same x, where the baseline rule is.
        assert!(bars.iter().all(|b| (b.x - bars[0].x).abs() < 1e-3));
        let baseline_at_zero = page.items.iter().any(|i| matches!(i, PageItem::Rule(r) if (r.x0 - bars[0].x).abs() < 1e-3 && (r.x1 - r.x0).abs() < 1e-3));
        assert!(baseline_at_zero);
        // Lengths in proportion to the values.
        let ratio = |a: &Fill, b: &Fill| a.width / b.width;
        assert!((ratio(bars[1], bars[0]) - 42_200.0 / 103_000.0).abs() < 1e-4);
        assert!((ratio(bars[2], bars[0]) - 16_375.0 / 103_000.0).abs() < 1e-4);
        // Value labels in the report's money format, and the scale's round ticks.
        let texts: Vec<String> = page
            .items
            .iter()
            .filter_map(|i| match i {
                PageItem::Text(t) => Some(t.text()),
                _ => None,
            })
            .collect();
        for label in ["£103,000", "£42,200", "£16,375", "£150000"] {
            assert!(texts.iter().any(|t| t == label), "{label} in {texts:?}");
        }
        // The chart is one figure; its alt text is on the element.
        let figures: Vec<&StructNode> = layout
            .structure
            .iter()
            .filter(|n| n.role == Role::Figure)
            .collect();
        assert_eq!(figures.len(), 1);
        assert_eq!(figures[0].title.as_deref(), Some("Bar chart"));
    }
}
