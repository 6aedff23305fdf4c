//! Places a bar [`Chart`] and a key-facts panel on a page as vector graphics in the report's
//! fonts: bars from a zero baseline with lengths proportional to the values, value labels and a
//! scale; the panel as a tinted box of labelled facts.

use super::flow::{Flow, HAIRLINE};
use super::paragraph::{Align, ParaStyle};
use super::{Fill, PageItem, Role};
use crate::document::{Bar, Chart, KeyFact, SectionKind, Span};

const LABEL_SHARE: f32 = 0.32;
const VALUE_SPACE: f32 = 72.0;
const ROW: f32 = 17.0;
const BAR: f32 = 10.0;

impl Flow<'_, '_, '_> {
    /// Places `chart`, moving to a new page first if it would not fit whole.
    pub(super) fn place_chart(
        &mut self,
        chart: &Chart,
        kind: SectionKind,
        continued: &str,
        parent: u32,
    ) {
        let text = self.look.text;
        let title_style = self.look.sans(self.look.body.size, 14.0, true, text);
        let label_style = self.look.sans(9.0, 11.0, false, text);
        let height = 16.0 + chart.bars.len() as f32 * ROW + 26.0;
        if self.y + height > self.look.bottom && !self.at_top() {
            self.new_page(kind, continued);
        }
        let figure = self.node(Role::Figure, Some(parent));
        self.nodes[figure as usize].title = Some(chart.alt.clone());
        let (left, measure) = (self.look.left, self.look.measure);
        let label_width = measure * LABEL_SHARE;
        let x0 = left + label_width + 6.0;
        let area = (measure - label_width - 6.0 - VALUE_SPACE).max(10.0);
        let max = chart.bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);

        self.y += 4.0;
        if let Some(line) = self
            .set(&[Span::bold(chart.title.clone())], &title_style, measure)
            .first()
        {
            let b = Flow::baseline(self.y, &title_style);
            self.draw_line(line, left, b, figure);
        }
        self.y += 18.0;
        let top = self.y;
        let frame = Frame {
            x0,
            area,
            max,
            label_width,
        };
        for bar in &chart.bars {
            self.place_bar(bar, &frame, &label_style, figure);
        }
        // The zero baseline and the scale beneath.
        self.rule(x0, top, x0, self.y, (0.75, text));
        self.place_scale(&chart.scale_label, &frame, figure);
        self.y += 26.0;
    }
}

/// Where a chart's bars go: the zero baseline's x, the bars' full length, the value that
/// fills it and the labels' width.
struct Frame {
    x0: f32,
    area: f32,
    max: i128,
    label_width: f32,
}

impl Flow<'_, '_, '_> {
    /// One bar: its label, the bar (its length in proportion to its exact value), the value.
    fn place_bar(&mut self, bar: &Bar, frame: &Frame, label_style: &ParaStyle, figure: u32) {
        let left = self.look.left;
        if let Some(line) = self
            .set(
                &[Span::plain(bar.label.clone())],
                label_style,
                frame.label_width,
            )
            .first()
        {
            let b = Flow::baseline(self.y + (ROW - label_style.leading) / 2.0, label_style);
            self.draw_line(line, left, b, figure);
        }
        // Lengths in proportion to the exact values; floats only for geometry.
        let width = frame.area * (bar.value as f64 / frame.max as f64) as f32;
        let accent = self.look.accent;
        let bar_top = self.y + (ROW - BAR) / 2.0;
        self.page().items.push(PageItem::Fill(Fill {
            x: frame.x0,
            y: bar_top,
            width,
            height: BAR,
            colour: accent,
        }));
        let value_style = ParaStyle {
            tabular: true,
            ..*label_style
        };
        if let Some(line) = self
            .set(
                &[Span::plain(bar.value_label.clone())],
                &value_style,
                VALUE_SPACE,
            )
            .first()
        {
            let b = Flow::baseline(self.y + (ROW - label_style.leading) / 2.0, label_style);
            self.draw_line(line, frame.x0 + width + 4.0, b, figure);
        }
        self.y += ROW;
    }

    /// The scale under the bars: an axis with 0 at the baseline and the largest value at
    /// the end.
    fn place_scale(&mut self, scale_label: &str, frame: &Frame, figure: u32) {
        let (x0, area) = (frame.x0, frame.area);
        self.rule(x0, self.y, x0 + area, self.y, HAIRLINE);
        self.rule(x0 + area, self.y, x0 + area, self.y + 3.0, HAIRLINE);
        let scale_style = self.look.sans(7.5, 9.0, false, self.look.grey);
        let b = Flow::baseline(self.y + 3.0, &scale_style);
        if let Some(line) = self.set(&[Span::plain("0")], &scale_style, 20.0).first() {
            self.draw_line(line, x0 - 2.0, b, figure);
        }
        let right = ParaStyle {
            align: Align::Right,
            ..scale_style
        };
        if let Some(line) = self
            .set(&[Span::plain(scale_label.to_string())], &right, 120.0)
            .first()
        {
            self.draw_line(line, x0 + area - 120.0, b, figure);
        }
    }
}

impl Flow<'_, '_, '_> {
    /// Places a tinted panel of key facts, two columns (label, value), kept whole.
    pub(super) fn place_key_facts(
        &mut self,
        facts: &[KeyFact],
        kind: SectionKind,
        continued: &str,
        parent: u32,
    ) {
        if facts.is_empty() {
            return;
        }
        const PAD: f32 = 8.0;
        const LINE: f32 = 13.5;
        let text = self.look.text;
        let label_style = self.look.sans(9.0, LINE, true, text);
        let value_style = self.look.sans(9.0, LINE, false, text);
        let (left, measure) = (self.look.left, self.look.measure);
        let label_width = 70.0;
        let height = 2.0 * PAD + LINE * facts.len() as f32;
        if self.y + height > self.look.bottom && !self.at_top() {
            self.new_page(kind, continued);
        }
        // A light tint of the accent colour, so the panel reads in greyscale too.
        let a = self.look.accent;
        let tint = |c: u8| (f32::from(c) * 0.12 + 255.0 * 0.88).round() as u8;
        let top = self.y;
        self.page().items.push(PageItem::Fill(Fill {
            x: left,
            y: top,
            width: measure,
            height,
            colour: crate::document::Rgb(tint(a.0), tint(a.1), tint(a.2)),
        }));
        let mut y = top + PAD;
        for fact in facts {
            let node = self.node(Role::Paragraph, Some(parent));
            let b = Flow::baseline(y, &value_style);
            if let Some(line) = self
                .set(&[Span::bold(fact.label.clone())], &label_style, label_width)
                .first()
            {
                self.draw_line(line, left + PAD, b, node);
            }
            let span = Span {
                link: fact.link.clone(),
                ..Span::plain(fact.value.clone())
            };
            if let Some(line) = self
                .set(&[span], &value_style, measure - label_width - 2.0 * PAD)
                .first()
            {
                self.draw_line(line, left + PAD + label_width, b, node);
            }
            y += LINE;
        }
        self.y = top + height + 10.0;
    }
}
