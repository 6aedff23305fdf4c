//! Turns report.toml's settings into the [`Style`] layout sets pages in.

use crate::layout::{Margins, Style};
use crate::settings::{Family, Settings};

const MM: f32 = 72.0 / 25.4;

/// The look of the pages `settings` asks for: page, margins, colours, fonts, hyphenation
/// language, cover and the locale's labels.
pub fn style(settings: &Settings) -> Style {
    let page = &settings.page;
    Style {
        page: page.size.points(),
        margins: Margins {
            inner: page.margin_inner_mm * MM,
            outer: page.margin_outer_mm * MM,
            top: page.margin_top_mm * MM,
            bottom: page.margin_bottom_mm * MM,
        },
        duplex: page.duplex,
        text: settings.text_colour(),
        accent: settings.accent_colour(),
        body_sans: settings.fonts.body == Family::Sans,
        headings_sans: settings.fonts.headings == Family::Sans,
        body_size: settings.fonts.body_size,
        leading: settings.fonts.leading,
        language: settings.locale.tag,
        title: settings.title.clone(),
        fit_floor: settings.fit.then_some(settings.fonts.fit_floor),
        logo_width: settings.cover.logo_width_mm * MM,
        cover: settings.cover.enabled,
        page_of: settings.locale.labels.page_of.clone(),
        continued: settings.locale.labels.continued.clone(),
    }
}
