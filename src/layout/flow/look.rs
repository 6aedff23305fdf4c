//! Turns the report's [`Style`] into the look of the pages: geometry, margins (mirrored in
//! duplex) and the paragraph styles of body text, headings and running heads.

use super::*;
use crate::layout::paragraph::Patterns;

/// The smallest a picture is drawn to keep its case study on one page: 35% of its natural
/// size (smaller, a photograph stops telling anything; the case study runs on instead).
pub(in crate::layout) const MIN_PICTURE_SCALE: f32 = 0.35;

/// Page geometry and the report's paragraph styles, derived from its [`Style`].
#[derive(Clone)]
pub(in crate::layout) struct Look {
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
    /// How much of its natural size a case study's pictures are drawn at (1 unless they are
    /// shrunk to keep the case study on one page: [`MIN_PICTURE_SCALE`] at the least).
    pub picture_scale: f32,
    /// The cover logo's largest width.
    pub logo_width: f32,
    /// Headings (and the cover's title) in the sans family, else the serif: `[fonts]
    /// headings`.
    pub headings_sans: bool,
    /// The structure level of a section's top headings: 2 under the cover's title (the one
    /// H1), 1 without a cover.
    pub top_heading: u8,
    /// The locale's "Page {n} of {total}" and "(continued)".
    pub page_of: String,
    pub continued: String,
}

impl Look {
    pub(in crate::layout) fn new(style: &Style) -> Look {
        let (width, height) = style.page;
        let m = style.margins;
        Look {
            width,
            height,
            left: m.inner,
            measure: width - m.inner - m.outer,
            top: m.top,
            bottom: height - m.bottom,
            text: style.text,
            accent: style.accent,
            grey: Rgb(0x5A, 0x5A, 0x5A),
            body: ParaStyle {
                sans: style.body_sans,
                // Run-in labels ("Impact:") are bold sans in either body family.
                bold_sans: true,
                all_bold: false,
                size: style.body_size,
                leading: style.leading,
                colour: style.text,
                link_colour: style.accent,
                align: Align::Justify,
                hyphenate: true,
                patterns: Patterns::for_tag(style.language),
                tabular: false,
                tracking: 0.0,
            },
            title: style.title.clone(),
            mirror_dx: if style.duplex { m.outer - m.inner } else { 0.0 },
            duplex: style.duplex,
            fit_floor: style.fit_floor,
            picture_scale: 1.0,
            logo_width: style.logo_width,
            headings_sans: style.headings_sans,
            top_heading: if style.cover { 2 } else { 1 },
            page_of: style.page_of.clone(),
            continued: style.continued.clone(),
        }
    }

    /// The same look with the body text at `size` (leading scaled to match).
    pub(in crate::layout) fn with_body_size(&self, size: f32) -> Look {
        let mut look = self.clone();
        look.body.leading = self.body.leading * size / self.body.size;
        look.body.size = size;
        look
    }

    /// The same look with pictures drawn at `scale` of their natural size.
    pub(in crate::layout) fn with_picture_scale(&self, scale: f32) -> Look {
        Look {
            picture_scale: scale,
            ..self.clone()
        }
    }

    /// A picture's natural size: the text's width, at most 40% of the page's text height
    /// (its width then narrower), times the look's picture scale.
    pub(in crate::layout) fn picture_size(&self, picture: &crate::document::Logo) -> (f32, f32) {
        let most = (self.bottom - self.top) * 0.4;
        let ratio = picture.height / picture.width.max(1e-3);
        let (width, height) = if self.measure * ratio > most {
            (most / ratio, most)
        } else {
            (self.measure, self.measure * ratio)
        };
        (width * self.picture_scale, height * self.picture_scale)
    }

    /// A sans style for headings, labels, tables and running heads.
    pub(in crate::layout) fn sans(
        &self,
        size: f32,
        leading: f32,
        bold: bool,
        colour: Rgb,
    ) -> ParaStyle {
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
            patterns: Patterns::default(),
            tabular: false,
            tracking: 0.0,
        }
    }

    /// A bold style in the headings' family (`[fonts] headings`).
    pub(in crate::layout) fn headline(&self, size: f32, leading: f32, colour: Rgb) -> ParaStyle {
        ParaStyle {
            sans: self.headings_sans,
            bold_sans: self.headings_sans,
            ..self.sans(size, leading, true, colour)
        }
    }

    pub(in crate::layout) fn heading(&self, level: u8) -> (ParaStyle, f32, f32) {
        // (style, space before, space after)
        match level {
            1 => (self.headline(18.0, 22.0, self.accent), 0.0, 12.0),
            2 => (self.headline(12.5, 16.0, self.text), 10.0, 4.0),
            _ => (
                self.headline(self.body.size, self.body.leading, self.text),
                8.0,
                2.0,
            ),
        }
    }
}
