//! Places a bar [`Chart`] and a key-facts panel on a page as vector graphics in the report's
//! fonts: bars from a zero baseline with lengths proportional to the values, value labels and a
//! scale on round ticks; the panel as a tinted grid of labelled facts.

use super::flow::{Flow, HAIRLINE};
use super::paragraph::{Align, Line, ParaStyle};
use super::{Fill, PageItem, Role};
use crate::document::{Bar, Chart, KeyFact, SectionKind, Span};

const LABEL_SHARE: f32 = 0.2;
const MAX_LABEL_SHARE: f32 = 0.45;
/// Gridlines at the ticks, and a bar set apart ("Not given"): light greys.
const GRID: crate::document::Rgb = crate::document::Rgb(0xD0, 0xD0, 0xD0);
const GRID_BAR: crate::document::Rgb = crate::document::Rgb(0x9A, 0x9A, 0x9A);
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
        let asides = chart.bars.iter().filter(|b| b.aside).count();
        let height = 16.0 + chart.bars.len() as f32 * ROW + 6.0 * asides as f32 + 26.0;
        if self.y + height > self.look.bottom && !self.at_top() {
            self.new_page(kind, continued);
        }
        let figure = self.node(Role::Figure, Some(parent));
        self.nodes[figure as usize].title = Some(chart.alt.as_str().into());
        let (left, measure) = (self.look.left, self.look.measure);
        // The label column as wide as the longest label, within limits (a longer one is
        // shortened with an ellipsis).
        let font = super::fonts::FontId::select(true, false, false);
        let longest = chart
            .bars
            .iter()
            .map(|b| self.shaper.shape(font, &b.label, false).width * label_style.size)
            .fold(0.0f32, f32::max);
        let label_width = (longest + 2.0).clamp(measure * LABEL_SHARE, measure * MAX_LABEL_SHARE);
        let x0 = left + label_width + 6.0;
        let area = (measure - label_width - 6.0 - VALUE_SPACE).max(10.0);
        let top_tick = chart.ticks.last().map_or(1, |t| t.0);
        let max = chart
            .bars
            .iter()
            .map(|b| b.value)
            .max()
            .unwrap_or(0)
            .max(top_tick)
            .max(1);

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
        // Gridlines at the ticks, behind the bars.
        let grid_bottom = top + chart.bars.len() as f32 * ROW + 6.0 * asides as f32;
        for &(value, _) in chart.ticks.iter().skip(1) {
            let x = frame.x(value);
            self.rule(x, top, x, grid_bottom, (HAIRLINE.0, GRID));
        }
        for bar in &chart.bars {
            if bar.aside {
                self.y += 6.0;
            }
            self.place_bar(bar, &frame, &label_style, figure);
        }
        // The zero baseline and the scale beneath.
        self.rule(x0, top, x0, self.y, (0.75, text));
        self.place_scale(&chart.ticks, &frame, figure);
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

impl Frame {
    /// Where a value falls on the scale (exact values; floats only for geometry).
    fn x(&self, value: i128) -> f32 {
        self.x0 + self.area * (value.max(0) as f64 / self.max as f64) as f32
    }
}

impl Flow<'_, '_, '_> {
    /// One bar: its label, the bar (its length in proportion to its exact value), the value.
    fn place_bar(&mut self, bar: &Bar, frame: &Frame, label_style: &ParaStyle, figure: u32) {
        let left = self.look.left;
        // A label too long for its column is shortened with an ellipsis (the figure's
        // description has every name whole).
        if let Some(line) = self.one_line(&bar.label, label_style, frame.label_width) {
            let b = Flow::baseline(self.y + (ROW - label_style.leading) / 2.0, label_style);
            self.draw_line(&line, left, b, figure);
        }
        // Lengths in proportion to the exact values; floats only for geometry.
        let width = frame.x(bar.value) - frame.x0;
        let accent = if bar.aside {
            GRID_BAR
        } else {
            self.look.accent
        };
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

    /// The scale under the bars: an axis with a tick and a label at each round value.
    fn place_scale(&mut self, ticks: &[(i128, String)], frame: &Frame, figure: u32) {
        let (x0, area) = (frame.x0, frame.area);
        self.rule(x0, self.y, x0 + area, self.y, HAIRLINE);
        let scale_style = self.look.sans(7.5, 9.0, false, self.look.grey);
        let b = Flow::baseline(self.y + 3.0, &scale_style);
        let centred = ParaStyle {
            align: Align::Centre,
            ..scale_style
        };
        for (value, label) in ticks {
            let x = frame.x(*value);
            self.rule(x, self.y, x, self.y + 3.0, HAIRLINE);
            if let Some(line) = self
                .set(&[Span::plain(label.clone())], &centred, 80.0)
                .first()
            {
                self.draw_line(line, x - 40.0, b, figure);
            }
        }
    }
}

impl Flow<'_, '_, '_> {
    /// Places a tinted panel of key facts, kept whole: a grid of up to three facts a row, the
    /// rows as even as they can be (four facts are two and two), that fills the panel, each a
    /// label in tracked capitals over its value at body size, with the same padding on every
    /// side.
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
        const PAD: f32 = 10.0;
        const GAP: f32 = 12.0;
        let (text, grey) = (self.look.text, self.look.grey);
        let label_style = ParaStyle {
            tracking: 0.08,
            ..self.look.sans(7.5, 10.0, false, grey)
        };
        let value_style = self
            .look
            .sans(self.look.body.size, self.look.body.leading, false, text);
        let (left, measure) = (self.look.left, self.look.measure);
        let columns = fact_columns(facts.len());
        let cell = (measure - 2.0 * PAD - GAP * (columns - 1) as f32) / columns as f32;
        let (set, row_heights) =
            self.set_facts(facts, (&label_style, &value_style), (cell, columns));
        let height = 2.0 * PAD
            + row_heights.iter().sum::<f32>()
            + GAP * (row_heights.len().saturating_sub(1)) as f32;
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
        let mut row_top = top + PAD;
        for (row, row_height) in set.chunks(columns).zip(&row_heights) {
            for (i, (label, value)) in row.iter().enumerate() {
                // "Amount £103,000" reads as one paragraph.
                let node = self.node(Role::Paragraph, Some(parent));
                let x = left + PAD + i as f32 * (cell + GAP);
                let mut y = row_top;
                for (lines, style) in [(label, &label_style), (value, &value_style)] {
                    for line in lines {
                        self.draw_line(line, x, Flow::baseline(y, style), node);
                        y += style.leading;
                    }
                }
            }
            row_top += row_height + GAP;
        }
        self.y = top + height + 10.0;
    }
}

/// A key fact set as lines: its label and its value.
type SetFact = (Vec<Line>, Vec<Line>);

/// How many key facts a row holds: at most three, in as few rows as that allows, shared out
/// evenly (4 is 2 + 2, 5 is 3 + 2), so no fact sits alone under a full row.
pub(crate) fn fact_columns(facts: usize) -> usize {
    let rows = facts.div_ceil(3).max(1);
    facts.div_ceil(rows).max(1)
}

impl Flow<'_, '_, '_> {
    /// Each fact set in a cell `cell` wide, `columns` a row, and each row's height: set first,
    /// so the panel's height is known before it is drawn.
    fn set_facts(
        &mut self,
        facts: &[KeyFact],
        (label_style, value_style): (&ParaStyle, &ParaStyle),
        (cell, columns): (f32, usize),
    ) -> (Vec<SetFact>, Vec<f32>) {
        let set: Vec<SetFact> = facts
            .iter()
            .map(|fact| {
                let label = self.set(&[Span::plain(fact.label.to_uppercase())], label_style, cell);
                let span = Span {
                    link: fact.link.clone(),
                    ..Span::plain(fact.value.clone())
                };
                (label, self.set(&[span], value_style, cell))
            })
            .collect();
        let heights = set
            .chunks(columns)
            .map(|row| {
                row.iter()
                    .map(|(l, v)| {
                        l.len() as f32 * label_style.leading + v.len() as f32 * value_style.leading
                    })
                    .fold(0.0, f32::max)
            })
            .collect();
        (set, heights)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn key_facts_share_their_rows_evenly() {
        let rows = |n| {
            let c = super::fact_columns(n);
            (0..n.div_ceil(c))
                .map(|r| c.min(n - r * c))
                .collect::<Vec<_>>()
        };
        assert_eq!(rows(2), [2]);
        assert_eq!(rows(3), [3]);
        assert_eq!(rows(4), [2, 2]);
        assert_eq!(rows(5), [3, 2]);
    }
}
