//! The look layout sets pages in, as plain data: page size and margins, colours, the font
//! families and body size, the hyphenation language, the cover and the locale's labels. The
//! pipeline makes it from report.toml's settings; layout never reads settings itself.

use crate::document::Rgb;

/// What the pages look like. Lengths are in points.
#[derive(Debug, Clone, PartialEq)]
pub struct Style {
    /// Page width and height.
    pub page: (f32, f32),
    pub margins: Margins,
    /// Printed on both sides: margins mirror and each section starts on a right-hand page.
    pub duplex: bool,
    pub text: Rgb,
    /// Headings, rules, links and chart bars.
    pub accent: Rgb,
    /// Body text in the sans family, else the serif.
    pub body_sans: bool,
    /// Headings (and the cover's title) in the sans family, else the serif.
    pub headings_sans: bool,
    pub body_size: f32,
    pub leading: f32,
    /// The language tag whose hyphenation patterns the body text uses ("en-GB", "cy").
    pub language: &'static str,
    /// The report's title, in the running heads.
    pub title: String,
    /// The smallest body size a case study may shrink to so it fits its page (`--fit`);
    /// `None` when fitting is off.
    pub fit_floor: Option<f32>,
    /// The cover logo's largest width.
    pub logo_width: f32,
    /// The report opens with a cover, whose title is the one top-level heading.
    pub cover: bool,
    /// "Page {n} of {total}" in the locale's words.
    pub page_of: String,
    /// "(continued)" in the locale's words.
    pub continued: String,
}

/// Page margins; `inner` is the binding side (the left on one-sided pages).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Margins {
    pub inner: f32,
    pub outer: f32,
    pub top: f32,
    pub bottom: f32,
}
