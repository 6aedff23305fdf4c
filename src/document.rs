//! The document model shared by the stages: blocks of styled text, tables and a cover, grouped
//! into sections, as made by `markup` and `report` and read by `layout`; with the nouns every
//! later stage shares (colours, the logo image, which addresses may be links).

use std::sync::Arc;

/// A whole report, before layout.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub title: String,
    pub author: String,
    /// BCP 47 language tag, e.g. `en-GB`.
    pub language: String,
    pub sections: Vec<Section>,
}

/// A part of the report that starts on a new page.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub kind: SectionKind,
    /// The entry in the PDF outline (bookmarks), if any.
    pub outline: Option<String>,
    /// Right-hand running head (the programme) on this section's pages.
    pub running_head: String,
    /// What the running head says on pages after the first of a case study.
    pub continued: Option<String>,
    pub blocks: Vec<Block>,
    /// The section's language when it differs from the document's (a bilingual report's
    /// second language), declared on its structure element.
    pub language: Option<String>,
    /// The words the pages add, in the section's language when it differs from the
    /// document's ("Tudalen {n} o {total}", "(parhad)"); `None`: the document's.
    pub words: Option<PageWords>,
}

/// The words the layout puts on a section's pages.
#[derive(Debug, Clone, PartialEq)]
pub struct PageWords {
    /// The footer, with `{n}` and `{total}`.
    pub page_of: String,
    /// After a case study's heading on its later pages.
    pub continued: String,
    /// The report's title in the running heads, in this language.
    pub title: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionKind {
    /// No running head or footer.
    Cover,
    /// The list of case studies with their page numbers.
    Contents,
    /// Report-level text before the case studies.
    Introduction,
    CaseStudy,
    /// A page opening a group of case studies (a programme, in a board pack).
    Divider,
    Summary,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading {
        level: u8,
        spans: Vec<Span>,
    },
    Paragraph(Vec<Span>),
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Table(Table),
    Cover(Cover),
    /// Contents entries; layout fills in the page numbers.
    Contents(Vec<ContentsEntry>),
    /// A horizontal bar chart, kept on one page.
    Chart(Chart),
    /// A tinted panel of labelled facts (label, value, link target).
    KeyFacts(Vec<KeyFact>),
    /// A picture a case study shows (`![alt](src)`): `picture` is the file read, filled in
    /// once the files are read (a picture without one is not drawn).
    Image {
        src: String,
        alt: String,
        picture: Option<Arc<Logo>>,
    },
}

/// One row of a key-facts panel.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyFact {
    pub label: String,
    pub value: String,
    pub link: Option<Link>,
}

/// A bar chart: bars start at zero and their lengths are proportional to their values.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub title: String,
    pub bars: Vec<Bar>,
    /// The scale's round ticks from 0, each value with its label; the last is the scale's
    /// end, at or above the largest bar.
    pub ticks: Vec<(i128, String)>,
    /// What a screen reader hears: the chart's facts in words.
    pub alt: String,
}

/// One bar: its label, its value (exact, in minor units or as a count) and the value as shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: i128,
    pub value_label: String,
    /// Set apart below the others, in grey ("Not given").
    pub aside: bool,
}

/// A line of the contents: what it lists and the section it points to.
#[derive(Debug, Clone, PartialEq)]
pub struct ContentsEntry {
    pub title: String,
    /// Index into [`Document::sections`].
    pub section: usize,
    /// The number its pages are headed with ("3" for "Case study 3"), if any.
    pub number: Option<String>,
    /// Set apart from the entries before it (the summary after the case studies, a
    /// programme's divider), and in bold when `strong`.
    pub apart: bool,
    pub strong: bool,
    /// A case study under a programme's divider: indented below its group's entry.
    pub nested: bool,
}

/// A run of text in one style. A `\n` in `text` is a hard line break.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    /// Where the text links to, if anywhere.
    pub link: Option<Link>,
}

impl Span {
    pub fn plain(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            bold: false,
            italic: false,
            link: None,
        }
    }

    pub fn bold(text: impl Into<String>) -> Span {
        Span {
            bold: true,
            ..Span::plain(text)
        }
    }
}

/// A table with a header row repeated on every page it spans.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<TableRow>,
    /// How many of the last rows total the whole table (a summary's totals per currency):
    /// the HTML edition's table footer.
    pub footer: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub title: String,
    pub align: Align,
    /// Share of the spare width this column gets, after its minimum.
    pub weight: f32,
    /// Whether cells are figures (tabular, never wrapped).
    pub numeric: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TableRow {
    pub kind: RowKind,
    pub cells: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    Body,
    /// A group heading (the programme) spanning the row.
    Group,
    /// Bold, above a rule; subtotals and totals.
    Total,
}

/// The title page.
#[derive(Debug, Clone, PartialEq)]
pub struct Cover {
    pub title: String,
    pub organisation: String,
    pub date: String,
    /// Headline figures: (value, label), e.g. ("3", "grants").
    pub figures: Vec<(String, String)>,
    /// The organisation's logo, top left.
    pub logo: Option<Arc<Logo>>,
}

/// An `#RRGGBB` colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

/// Where a link goes: a page of the report (0-based index, as the contents page's entries
/// use) or a web or mail address from the data (one [`is_linkable`] accepts).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Link {
    Page(usize),
    Url(Arc<str>),
}

impl Link {
    /// A link to `url`, if it is a web or mail address ([`is_linkable`]).
    pub fn url(url: &str) -> Option<Link> {
        is_linkable(url).then(|| Link::Url(url.into()))
    }
}

/// Only web and mail addresses become links; `#` placeholders and other text do not.
pub fn is_linkable(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    let rest = ["https://", "http://", "mailto:"]
        .iter()
        .find_map(|scheme| lower.strip_prefix(scheme));
    rest.is_some_and(|r| !r.is_empty()) && !url.trim().contains(char::is_whitespace)
}

/// What kind of image a logo is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogoKind {
    Png,
    /// A JPEG, copied into the PDF as it is: greyscale (one component) or RGB.
    Jpeg {
        grey: bool,
    },
    Svg,
    /// 8-bit RGB pixels, row by row: a CMYK JPEG converted when it was read (PDF/A allows
    /// no colour space its sRGB output intent does not cover).
    Rgb,
}

/// A logo: its file's bytes, its kind and its intrinsic width and height (pixels or SVG
/// user units; only the ratio matters).
#[derive(Debug, Clone, PartialEq)]
pub struct Logo {
    pub kind: LogoKind,
    pub data: Arc<Vec<u8>>,
    pub width: f32,
    pub height: f32,
}
