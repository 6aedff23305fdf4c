//! Turns the cover block into the cover page: logo, accent band, title, organisation and
//! date, and the headline figures.

use super::*;
use crate::document::Logo;

impl Flow<'_, '_, '_> {
    /// Lays out the cover on the current page.
    pub(super) fn layout_cover(&mut self, cover: &Cover, sect: u32) {
        // The logo, top left, at most `logo_width_mm` wide and 25 mm high.
        let mut top = self.look.top;
        if let Some(logo) = &cover.logo {
            top += self.cover_logo(logo, &cover.organisation, sect) + 12.0;
        }
        // A band of accent colour marks the top of the cover.
        let (accent, left) = (self.look.accent, self.look.left);
        self.page().items.push(PageItem::Fill(crate::layout::Fill {
            x: left,
            y: top,
            width: 48.0,
            height: 4.0,
            colour: accent,
        }));
        self.y = self.look.top + self.look.height * 0.16;
        self.cover_title(cover, sect);
        self.cover_figures(&cover.figures, sect);
    }

    /// `spans` set ragged in as few lines as `width` allows, each as near the same length as
    /// can be: the narrowest width that still needs no more lines.
    fn balanced(&mut self, spans: &[Span], style: &ParaStyle, width: f32) -> Vec<Line> {
        let lines = self.set(spans, style, width);
        if lines.len() < 2 {
            return lines;
        }
        let (mut lo, mut hi) = (width * 0.4, width);
        for _ in 0..12 {
            let mid = (lo + hi) / 2.0;
            if self.set(spans, style, mid).len() > lines.len() {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        self.set(spans, style, hi)
    }

    /// Draws the logo at the top left; returns its height.
    fn cover_logo(&mut self, logo: &Arc<Logo>, organisation: &str, sect: u32) -> f32 {
        let scale = (self.look.logo_width / logo.width).min(25.0 * MM / logo.height);
        let (width, height) = (logo.width * scale, logo.height * scale);
        let node = self.node(Role::Figure, Some(sect));
        let alt = if organisation.is_empty() {
            "Logo".to_string()
        } else {
            format!("{organisation} logo")
        };
        self.nodes[node as usize].title = Some(alt.into());
        let (x, y) = (self.look.left, self.look.top);
        self.page()
            .items
            .push(PageItem::Image(crate::layout::Picture {
                x,
                y,
                width,
                height,
                logo: logo.clone(),
                node,
            }));
        height
    }

    /// The title, then the organisation and the date beneath it.
    fn cover_title(&mut self, cover: &Cover, sect: u32) {
        let (left, measure) = (self.look.left, self.look.measure);
        let (text, grey) = (self.look.text, self.look.grey);
        // The title outranks everything on the page, its lines balanced when it must wrap
        // (so it does not end on one stray word).
        let title_style = self.look.headline(36.0, 42.0, text);
        let lines = self.balanced(&[Span::bold(cover.title.clone())], &title_style, measure);
        let title = self.node(Role::Heading(1), Some(sect));
        self.nodes[title as usize].title = Some(cover.title.as_str().into());
        for line in &lines {
            let b = Self::baseline(self.y, &title_style);
            self.draw_line(line, left, b, title);
            self.y += title_style.leading;
        }
        self.y += 14.0;
        for (textline, size, colour) in
            [(&cover.organisation, 13.0, text), (&cover.date, 11.0, grey)]
        {
            if textline.is_empty() {
                continue;
            }
            let style = self.look.sans(size, size * 1.4, false, colour);
            let lines = self.set(&[Span::plain(textline.clone())], &style, measure);
            let node = self.node(Role::Paragraph, Some(sect));
            for line in &lines {
                let b = Self::baseline(self.y, &style);
                self.draw_line(line, left, b, node);
                self.y += style.leading;
            }
        }
    }

    /// The headline figures (grants, total awarded), side by side over a hairline, anchored
    /// to the foot of the page.
    fn cover_figures(&mut self, figures: &[(String, String)], sect: u32) {
        let (left, measure) = (self.look.left, self.look.measure);
        let (accent, grey) = (self.look.accent, self.look.grey);
        let rows = figures.len().div_ceil(3).max(1) as f32;
        let y0 = self.look.bottom - 18.0 - rows * 70.0 + 20.0;
        self.rule(left, y0, left + measure, y0, HAIRLINE);
        let col = measure / figures.len().clamp(1, 3) as f32;
        for (i, (value, label)) in figures.iter().enumerate() {
            let x = left + col * (i % 3) as f32;
            let y = y0 + 18.0 + (i / 3) as f32 * 70.0;
            // A figure too wide for its column at 26 pt is set smaller (down to 12 pt), never
            // cut: a headline total must show every digit.
            let font = super::super::fonts::FontId::select(true, true, false);
            let wide = self.shaper.shape(font, value, false).width * 26.0;
            let size = if wide > col - 8.0 {
                (26.0 * (col - 8.0) / wide).floor().max(12.0)
            } else {
                26.0
            };
            let big = self.look.sans(size, size * 1.2, true, accent);
            // The labels in tracked capitals.
            let small = ParaStyle {
                tracking: 0.08,
                ..self.look.sans(8.5, 12.0, false, grey)
            };
            let v = self.set(&[Span::bold(value.clone())], &big, col - 8.0);
            let l = self.set(&[Span::plain(label.to_uppercase())], &small, col - 8.0);
            // "3 grants" reads as one paragraph.
            let node = self.node(Role::Paragraph, Some(sect));
            for (k, line) in v.iter().enumerate() {
                self.draw_line(
                    line,
                    x,
                    Self::baseline(y + k as f32 * big.leading, &big),
                    node,
                );
            }
            let below = y + 34.0 + v.len().saturating_sub(1) as f32 * big.leading;
            for (k, line) in l.iter().enumerate() {
                let top = below + k as f32 * small.leading;
                self.draw_line(line, x, Self::baseline(top, &small), node);
            }
        }
    }
}
