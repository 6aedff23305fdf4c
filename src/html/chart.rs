//! Turns a bar [`Chart`] into inline SVG for the HTML edition: bars from zero in proportion
//! to their values, each label and value on a line above its bar (so text keeps its size at
//! any width and never meets a gridline), gridlines on the chart's ticks through the bars'
//! bands only, a title and description for screen readers, and the figures again as a table.

use super::escape::{escaped, push};
use crate::document::Chart;
use std::fmt::Write;

/// The share of the width the scale takes (room at the right for its last label).
const BAR_SHARE: f64 = 96.0;
/// Each bar's row: its label, then the bar.
const ROW: u32 = 38;
const BAR: u32 = 12;
/// Labels longer than this are shortened with an ellipsis (the table has them whole).
const LABEL_CHARS: usize = 46;

/// Appends `chart` as a figure: its title, the SVG (named `id`) and the figures table
/// behind `figures` ("The figures as a table").
pub fn push_chart(out: &mut String, chart: &Chart, id: &str, figures: &str) {
    let max = chart
        .bars
        .iter()
        .map(|b| b.value)
        .chain(chart.ticks.last().map(|t| t.0))
        .max()
        .unwrap_or(0)
        .max(1);
    let share = |v: i128| (v.max(0) as f64 / max as f64 * BAR_SHARE).min(BAR_SHARE);
    let asides = chart.bars.iter().filter(|b| b.aside).count() as u32;
    let top = 8;
    let bottom = top + chart.bars.len() as u32 * ROW + asides * 8;
    let height = bottom + 22;
    let title = escaped(&chart.title);
    let _ = write!(
        out,
        "<figure class=\"chart\"><p><strong>{title}</strong></p>\
         <svg role=\"img\" aria-labelledby=\"{id}-t {id}-d\" height=\"{height}\" \
         xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{id}-t\">{title}</title>\
         <desc id=\"{id}-d\">{}</desc>",
        escaped(&chart.alt)
    );
    let mut y = top;
    for bar in &chart.bars {
        if bar.aside {
            y += 8;
        }
        // The gridlines cross only the bar's band, below its words.
        for (value, _) in &chart.ticks {
            let x = share(*value);
            let _ = write!(
                out,
                "<line class=\"grid\" x1=\"{x:.2}%\" x2=\"{x:.2}%\" y1=\"{}\" y2=\"{}\"/>",
                y + 18,
                y + 36
            );
        }
        let class = if bar.aside { "aside" } else { "bar" };
        let _ = write!(
            out,
            "<text x=\"0\" y=\"{}\">{} <tspan class=\"value\">{}</tspan></text>\
             <rect class=\"{class}\" x=\"0\" y=\"{}\" width=\"{:.2}%\" height=\"{BAR}\"/>",
            y + 14,
            escaped(&shortened(&bar.label)),
            escaped(&bar.value_label),
            y + 21,
            share(bar.value)
        );
        y += ROW;
    }
    for (i, (value, label)) in chart.ticks.iter().enumerate() {
        let anchor = match i {
            0 => "start",
            _ if i + 1 == chart.ticks.len() => "end",
            _ => "middle",
        };
        let _ = write!(
            out,
            "<text class=\"tick\" x=\"{:.2}%\" y=\"{}\" text-anchor=\"{anchor}\">{}</text>",
            share(*value),
            bottom + 12,
            escaped(label)
        );
    }
    out.push_str("</svg>");
    push_figures(out, chart, figures);
    out.push_str("</figure>\n");
}

/// The chart's figures as a table, folded away under `figures`.
fn push_figures(out: &mut String, chart: &Chart, figures: &str) {
    out.push_str("<details><summary>");
    push(out, figures);
    out.push_str("</summary><table><caption>");
    push(out, &chart.title);
    out.push_str("</caption><tbody>");
    for bar in &chart.bars {
        out.push_str("<tr><th scope=\"row\">");
        push(out, &bar.label);
        out.push_str("</th><td class=\"num\">");
        push(out, &bar.value_label);
        out.push_str("</td></tr>");
    }
    out.push_str("</tbody></table></details>");
}

fn shortened(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        return label.to_string();
    }
    let cut: String = label.chars().take(LABEL_CHARS - 1).collect();
    format!("{}…", cut.trim_end())
}
