//! Turns a contents entry into a prepared paragraph: the number its pages are headed with in
//! a hanging column, the section's title, leader dots, and its page number flush right (a
//! placeholder until every section is laid out), title and number a link to its first page.

use super::*;
use crate::document::ContentsEntry;

impl Flow<'_, '_, '_> {
    /// One contents entry (a TOCI in `toc`), ready to place.
    pub(super) fn contents_entry(&mut self, entry: &ContentsEntry, toc: u32) -> Prepared {
        let style = ParaStyle {
            leading: self.look.body.leading + 4.0,
            link_colour: self.look.text,
            ..self.look.sans(
                self.look.body.size,
                self.look.body.leading + 4.0,
                entry.strong,
                self.look.text,
            )
        };
        // Until the other sections are laid out, a placeholder as wide as a three-digit page
        // number holds the place, linked to the first page (so the placeholder layout has the
        // same structure elements as the real one, which replaces it).
        let start = self.starts.get(entry.section).copied();
        let linked = |text: String| Span {
            link: Some(crate::document::Link::Page(start.unwrap_or(0))),
            ..Span::plain(text)
        };
        let number_width = NUMBER_COLUMN;
        let lines = self.set(
            &[linked(entry.title.clone())],
            &style,
            self.look.measure - ENTRY_INDENT - number_width,
        );
        let page = start.map_or("000".to_string(), |p| (p + 1).to_string());
        let right = ParaStyle {
            align: Align::Right,
            tabular: true,
            ..style
        };
        let title_end = lines.first().map_or(0.0, |l| l.width);
        let page_width = self.shaper_width(&page, &right);
        let leaders = self.leaders(&style, title_end, page_width);
        let trailer = self
            .set(&[linked(page)], &right, number_width)
            .into_iter()
            .next();
        let node = self.node(Role::TocItem, Some(toc));
        // The number its pages are headed with, on the margin (the title says it too, for
        // a screen reader, in the case study's own heading).
        let number = entry.number.as_ref().and_then(|n| {
            let number_style = ParaStyle {
                colour: self.look.grey,
                tabular: true,
                ..style
            };
            self.set(&[Span::plain(n.clone())], &number_style, ENTRY_INDENT)
                .into_iter()
                .next()
                .map(|l| (l, self.look.left))
        });
        let mut p = self.paragraph(lines, style, ENTRY_INDENT, None, (node, ARTIFACT));
        if let Prepared::Lines {
            trailer: t,
            space_after,
            space_before,
            extras,
            ..
        } = &mut p
        {
            *t = trailer;
            extras.extend(number);
            extras.extend(leaders);
            *space_after = 0.0;
            if entry.apart {
                *space_before += 14.0;
            }
        }
        p
    }

    /// Leader dots from the end of a title's first line (`title_end` from its start) to a
    /// page number `page_width` wide, and where they start; none when there is no room.
    /// Set flush right, so the dots of every entry line up.
    fn leaders(
        &mut self,
        style: &ParaStyle,
        title_end: f32,
        page_width: f32,
    ) -> Option<(Line, f32)> {
        let grey = ParaStyle {
            colour: self.look.grey,
            align: Align::Right,
            ..*style
        };
        let width = self.look.measure - ENTRY_INDENT - title_end - page_width - 6.0;
        let pitch = self.shaper_width(".\u{2009}", &grey).max(1.0);
        let dots = ((width - 6.0) / pitch).floor().max(0.0) as usize;
        if dots < 2 {
            return None;
        }
        let text = vec!["."; dots].join("\u{2009}");
        let line = self
            .set(&[Span::plain(text)], &grey, width)
            .into_iter()
            .next()?;
        Some((line, self.look.left + ENTRY_INDENT + title_end + 6.0))
    }

    /// The width of `text` set in `style`, in points.
    fn shaper_width(&mut self, text: &str, style: &ParaStyle) -> f32 {
        let font = super::super::fonts::FontId::select(style.sans, style.all_bold, false);
        self.shaper.shape(font, text, style.tabular).width * style.size
    }
}

/// Where a contents entry's title starts: its number hangs in the space before.
const ENTRY_INDENT: f32 = 24.0;
