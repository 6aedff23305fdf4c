//! Turns the grants into the summary's bar charts: total awarded per programme (or per
//! grantee when there is one programme), one chart per currency, and grants by duration band.

use crate::document::{Bar, Chart};
use crate::grants::{self, format_total, totals, Grant};
use crate::settings::{ChartKind, Settings};

/// The charts report.toml asks for, each only when it has at least two bars; amounts are
/// charted per currency, never summed across currencies.
pub fn charts(settings: &Settings, grants: &[Grant]) -> Vec<Chart> {
    let mut out = Vec::new();
    for kind in &settings.summary.charts {
        match kind {
            ChartKind::ByProgramme => out.extend(by_programme(grants)),
            ChartKind::ByDuration => out.extend(by_duration(grants)),
        }
    }
    out
}

/// Total awarded by programme (by grantee when there is one programme), one chart per
/// currency.
fn by_programme(grants: &[Grant]) -> Vec<Chart> {
    let all = totals(grants);
    let several = all.len() > 1;
    let mut out = Vec::new();
    for total in all {
        let in_currency: Vec<&Grant> = grants
            .iter()
            .filter(|g| g.amount.currency == total.currency)
            .collect();
        let (what, groups) = groups(&in_currency);
        let bars = amount_bars(what, groups);
        if bars.len() < 2 {
            continue;
        }
        let max = bars.iter().map(|b| b.value).max().unwrap_or(0);
        let currency = if several {
            format!(" in {}", total.currency)
        } else {
            String::new()
        };
        let title = format!("Total awarded by {what}{currency}");
        out.push(chart(
            title,
            bars,
            grants::Money {
                minor: max,
                currency: total.currency,
            }
            .to_string(),
        ));
    }
    out
}

/// What the bars stand for ("programme" or "grantee") and each bar's grants.
fn groups<'g>(in_currency: &[&'g Grant]) -> (&'static str, Vec<(String, Vec<&'g Grant>)>) {
    let programmes = crate::words::distinct(in_currency.iter().map(|g| g.programme.as_str()));
    if programmes.len() > 1 {
        let groups = programmes
            .iter()
            .map(|p| {
                let name = if p.is_empty() {
                    "No programme".to_string()
                } else {
                    p.to_string()
                };
                (
                    name,
                    in_currency
                        .iter()
                        .copied()
                        .filter(|g| g.programme == *p)
                        .collect(),
                )
            })
            .collect();
        ("programme", groups)
    } else {
        let groups = in_currency
            .iter()
            .map(|g| (g.grantee.clone(), vec![*g]))
            .collect();
        ("grantee", groups)
    }
}

/// One bar per group, largest first; at most twelve, the rest summed into one.
fn amount_bars(what: &str, mut groups: Vec<(String, Vec<&Grant>)>) -> Vec<Bar> {
    groups
        .sort_by_key(|(_, gs)| std::cmp::Reverse(gs.iter().map(|g| g.amount.minor).sum::<i128>()));
    if groups.len() > 12 {
        let rest: Vec<&Grant> = groups.drain(11..).flat_map(|(_, gs)| gs).collect();
        groups.push((format!("{} other {what}s", rest.len()), rest));
    }
    groups
        .iter()
        .map(|(label, gs)| {
            // One currency here, so one total.
            let total = totals(gs.iter().copied()).into_iter().next();
            Bar {
                label: label.clone(),
                value: total.map_or(0, |m| m.minor),
                value_label: total
                    .map(|m| format_total(m, gs.iter().copied()))
                    .unwrap_or_default(),
            }
        })
        .collect()
}

/// Grants by duration band, when they fall in two bands or more.
fn by_duration(grants: &[Grant]) -> Option<Chart> {
    const BANDS: [&str; 5] = [
        "Under 1 year",
        "1–2 years",
        "2–3 years",
        "3 years or more",
        "Not given",
    ];
    let mut counts = [0i128; 5];
    for g in grants {
        let band = match g.duration.map(|d| d.0) {
            Some(m) if m < 12 => 0,
            Some(m) if m < 24 => 1,
            Some(m) if m < 36 => 2,
            Some(_) => 3,
            None => 4,
        };
        counts[band] += 1;
    }
    if counts.iter().filter(|&&c| c > 0).count() < 2 {
        return None;
    }
    let bars: Vec<Bar> = BANDS
        .iter()
        .zip(counts)
        .map(|(label, n)| Bar {
            label: label.to_string(),
            value: n,
            value_label: crate::words::plural(n, "grant"),
        })
        .collect();
    let max = counts.iter().copied().max().unwrap_or(0);
    Some(chart("Grants by duration".into(), bars, max.to_string()))
}

/// A chart with its alternative text (title, then each bar's label and value).
fn chart(title: String, bars: Vec<Bar>, scale_label: String) -> Chart {
    let facts: Vec<String> = bars
        .iter()
        .map(|b| format!("{}: {}", b.label, b.value_label))
        .collect();
    Chart {
        alt: format!("Bar chart, {title}. {}.", facts.join("; ")),
        title,
        bars,
        scale_label,
    }
}
