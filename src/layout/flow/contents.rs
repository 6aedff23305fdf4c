//! Turns a contents entry into a prepared paragraph: the section's title, and its page number
//! set flush right in a column of its own (a placeholder until every section is laid out).

use super::*;
use crate::document::ContentsEntry;

impl Flow<'_, '_, '_> {
    /// One contents entry, ready to place.
    pub(super) fn contents_entry(&mut self, entry: &ContentsEntry, sect: u32) -> Prepared {
        let style = ParaStyle {
            leading: self.look.body.leading + 4.0,
            ..self.look.sans(
                self.look.body.size,
                self.look.body.leading + 4.0,
                false,
                self.look.text,
            )
        };
        let number_width = NUMBER_COLUMN;
        let lines = self.set(
            &[Span::plain(entry.title.clone())],
            &style,
            self.look.measure - number_width,
        );
        // Until the other sections are laid out, a placeholder as wide as a three-digit page
        // number holds the place.
        let number = self
            .starts
            .get(entry.section)
            .map_or("000".to_string(), |p| (p + 1).to_string());
        let right = ParaStyle {
            align: Align::Right,
            tabular: true,
            ..style
        };
        let trailer = self
            .set(&[Span::plain(number)], &right, number_width)
            .into_iter()
            .next();
        let node = self.node(Role::Paragraph, Some(sect));
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
