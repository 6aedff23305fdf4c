//! Turns a contents entry into a prepared paragraph: the number its pages are headed with in
//! a hanging column, the section's title, leader dots that stop a gap short of the page
//! numbers' column, and its page number flush right in that column (a placeholder until every
//! section is laid out), title and number a link to its first page. In a report grouped by
//! programme the groups (and the sections beside them) start at the margin and the case
//! studies under them are indented, their numbers hanging.

use super::*;
use crate::document::ContentsEntry;

impl Flow<'_, '_, '_> {
    /// One contents entry (a TOCI in `toc`), ready to place.
    pub(super) fn contents_entry(
        &mut self,
        entry: &ContentsEntry,
        grouped: bool,
        toc: u32,
    ) -> Prepared<'static> {
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
        let page = start.map_or("000".to_string(), |p| (p + 1).to_string());
        let right = ParaStyle {
            align: Align::Right,
            tabular: true,
            ..style
        };
        // Where the number hangs and where the title starts.
        let (number_at, indent) = match (grouped, entry.nested) {
            (false, _) => (0.0, ENTRY_INDENT),
            (true, false) => (0.0, 0.0),
            (true, true) => (NESTED_INDENT, NESTED_INDENT + ENTRY_INDENT),
        };
        // The title may run up to the leaders' end (less room for two dots); a longer one
        // wraps, its leaders and page number on its last line.
        let room = self.leaders_end(&right) - indent - LEADER_GAP - 2.0 * self.leader_pitch(&style);
        let lines = self.set(&[linked(entry.title.clone())], &style, room);
        let title_end = indent + lines.last().map_or(0.0, |l| l.width);
        let leaders = self.leaders(&style, title_end, &right);
        let trailer = self
            .set(&[linked(page)], &right, NUMBER_COLUMN)
            .into_iter()
            .next();
        let node = self.node(Role::TocItem, Some(toc));
        let number = entry
            .number
            .as_ref()
            .and_then(|n| self.hanging_number(n, &style, number_at));
        let mut p = self.paragraph(lines, style, indent, None, (node, ARTIFACT));
        if let Prepared::Lines {
            trailer: t,
            space_after,
            space_before,
            extras,
            last_extras,
            ..
        } = &mut p
        {
            *t = trailer;
            extras.extend(number);
            last_extras.extend(leaders);
            *space_after = 0.0;
            if entry.apart {
                *space_before += 14.0;
            }
        }
        p
    }

    /// The number a case study's pages are headed with, hanging `at` from the margin (the
    /// title says it too, for a screen reader, in the case study's own heading), set flush
    /// right in its column so numbers line up as figures.
    fn hanging_number(&mut self, n: &str, style: &ParaStyle, at: f32) -> Option<(Line, f32)> {
        let number_style = ParaStyle {
            colour: self.look.grey,
            tabular: true,
            align: Align::Right,
            ..*style
        };
        self.set(&[Span::plain(n.to_string())], &number_style, NUMBER_WIDTH)
            .into_iter()
            .next()
            .map(|l| (l, self.look.left + at))
    }

    /// Leader dots from the end of a title's last line (`title_end` from the margin) to a
    /// gap short of the widest (three-figure) page number set in `number`, whatever this
    /// entry's number is, and where they start; none when there is no room. Set flush right,
    /// so the dots of every entry line up, in the text's weight (a bold group's too).
    fn leaders(
        &mut self,
        style: &ParaStyle,
        title_end: f32,
        number: &ParaStyle,
    ) -> Option<(Line, f32)> {
        let grey = ParaStyle {
            colour: self.look.grey,
            align: Align::Right,
            all_bold: false,
            ..*style
        };
        let start = title_end + LEADER_GAP;
        let width = self.leaders_end(number) - start;
        let pitch = self.leader_pitch(&grey);
        let dots = (width / pitch).floor().max(0.0) as usize;
        if dots < 2 {
            return None;
        }
        let text = vec!["."; dots].join("\u{2009}");
        let line = self
            .set(&[Span::plain(text)], &grey, width)
            .into_iter()
            .next()?;
        Some((line, self.look.left + start))
    }

    /// Where every entry's leaders end (from the margin): a gap short of the widest
    /// (three-figure) page number set in `number`.
    fn leaders_end(&mut self, number: &ParaStyle) -> f32 {
        self.look.measure - self.shaper_width("000", number) - LEADER_GAP
    }

    /// The distance from one leader dot to the next.
    fn leader_pitch(&mut self, style: &ParaStyle) -> f32 {
        let regular = ParaStyle {
            all_bold: false,
            ..*style
        };
        self.shaper_width(".\u{2009}", &regular).max(1.0)
    }

    /// The width of `text` set in `style`, in points.
    fn shaper_width(&mut self, text: &str, style: &ParaStyle) -> f32 {
        let font = super::super::fonts::FontId::select(style.sans, style.all_bold, false);
        self.shaper.shape(font, text, style.tabular).width * style.size
    }
}

/// Where a contents entry's title starts: its number hangs in the space before.
const ENTRY_INDENT: f32 = 24.0;
/// The width a case study's number is set flush right in (the rest of its column a gap).
const NUMBER_WIDTH: f32 = ENTRY_INDENT - 8.0;
/// How far a case study under a programme's entry is set in.
const NESTED_INDENT: f32 = 14.0;
/// The space between a title and its leaders, and between the leaders and the page numbers.
const LEADER_GAP: f32 = 8.0;
