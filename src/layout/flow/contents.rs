//! Turns a contents entry into a prepared paragraph: the section's title, and its page number
//! set flush right in a column of its own (a placeholder until every section is laid out),
//! both a link to the section's first page.

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
                false,
                self.look.text,
            )
        };
        // Until the other sections are laid out, a placeholder as wide as a three-digit page
        // number holds the place, linked to the first page (so the placeholder layout has the
        // same structure elements as the real one, which replaces it).
        let start = self.starts.get(entry.section).copied();
        let linked = |text: String| Span {
            link: Some(crate::document::page_link(start.unwrap_or(0))),
            ..Span::plain(text)
        };
        let number_width = NUMBER_COLUMN;
        let lines = self.set(
            &[linked(entry.title.clone())],
            &style,
            self.look.measure - number_width,
        );
        let number = start.map_or("000".to_string(), |p| (p + 1).to_string());
        let right = ParaStyle {
            align: Align::Right,
            tabular: true,
            ..style
        };
        let trailer = self
            .set(&[linked(number)], &right, number_width)
            .into_iter()
            .next();
        let node = self.node(Role::TocItem, Some(toc));
        let mut p = self.paragraph(lines, style, 0.0, None, (node, ARTIFACT));
        if let Prepared::Lines {
            trailer: t,
            space_after,
            ..
        } = &mut p
        {
            *t = trailer;
            *space_after = 0.0;
        }
        p
    }
}
