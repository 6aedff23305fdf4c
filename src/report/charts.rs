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

/// What the bars stand for ("programme" or "grantee") and each bar's grants: one bar per
/// programme when there are several, else one per grantee (a grantee's grants summed; names
/// compared without regard to case or surrounding space, shown as first written).
fn groups<'g>(in_currency: &[&'g Grant]) -> (&'static str, Vec<(String, Vec<&'g Grant>)>) {
    let programmes = crate::words::distinct(in_currency.iter().map(|g| g.programme.as_str()));
    let (what, key): (&str, fn(&Grant) -> String) = if programmes.len() > 1 {
        ("programme", |g| g.programme.clone())
    } else {
        ("grantee", |g| g.grantee.trim().to_lowercase())
    };
    let mut groups: Vec<(String, Vec<&Grant>)> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for g in in_currency {
        let at = *index.entry(key(g)).or_insert_with(|| {
            let name = match what {
                "programme" if g.programme.is_empty() => "No programme".to_string(),
                "programme" => g.programme.clone(),
                _ => g.grantee.trim().to_string(),
            };
            groups.push((name, Vec::new()));
            groups.len() - 1
        });
        groups[at].1.push(g);
    }
    (what, groups)
}

/// One bar per group, largest total first (ties in the order first seen); at most twelve,
/// the smallest groups summed into the last ("N other grantees", counting groups).
fn amount_bars(what: &str, mut groups: Vec<(String, Vec<&Grant>)>) -> Vec<Bar> {
    groups
        .sort_by_key(|(_, gs)| std::cmp::Reverse(gs.iter().map(|g| g.amount.minor).sum::<i128>()));
    if groups.len() > 12 {
        let others = groups.len() - 11;
        let rest: Vec<&Grant> = groups.drain(11..).flat_map(|(_, gs)| gs).collect();
        groups.push((format!("{others} other {what}s"), rest));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grants::Months;
    use crate::settings::Settings;

    fn grant(grantee: &str, programme: &str, pounds: i128, currency: &str) -> Grant {
        super::super::test_grant(grantee, programme, pounds * 100, currency)
    }

    fn bars(chart: &Chart) -> Vec<(String, String)> {
        chart
            .bars
            .iter()
            .map(|b| (b.label.clone(), b.value_label.clone()))
            .collect()
    }

    fn settings() -> Settings {
        Settings::default()
    }

    #[test]
    fn issue_12_a_grantee_bar_is_the_sum_of_its_grants() {
        let mut grants = vec![grant("Bigger", "P", 100_000, "GBP")];
        for _ in 0..4 {
            grants.push(grant("Four Times", "P", 60_000, "GBP"));
        }
        grants.push(grant("twice ", "P", 5_000, "GBP"));
        grants.push(grant("Twice", "P", 7_000, "GBP"));
        let charts = charts(&settings(), &grants);
        let chart = charts
            .iter()
            .find(|c| c.title == "Total awarded by grantee")
            .unwrap();
        assert_eq!(
            bars(chart),
            [
                ("Four Times".to_string(), "£240,000".to_string()),
                ("Bigger".to_string(), "£100,000".to_string()),
                ("twice".to_string(), "£12,000".to_string()),
            ]
        );
        assert_eq!(chart.scale_label, "£240,000");
        assert!(chart.alt.contains("Four Times: £240,000"), "{}", chart.alt);
    }

    #[test]
    fn issue_12_other_grantees_counts_grantees_not_grants() {
        // 20 grantees, each with three grants: the last bar stands for 9 grantees (27 grants).
        let mut grants = Vec::new();
        for i in 0..20 {
            for _ in 0..3 {
                grants.push(grant(&format!("Org {i:02}"), "P", 1_000 + i, "GBP"));
            }
        }
        let charts = charts(&settings(), &grants);
        let chart = &charts[0];
        assert_eq!(chart.bars.len(), 12);
        let last = chart.bars.last().unwrap();
        assert_eq!(last.label, "9 other grantees");
        // Orgs 00..08 (the smallest), three grants each.
        let expected: i128 = (0..9).map(|i| 3 * (1_000 + i) * 100).sum();
        assert_eq!(last.value, expected);
        assert_eq!(chart.bars[0].label, "Org 19");
        assert_eq!(chart.bars[0].value, 3 * 1_019 * 100);
    }

    #[test]
    fn issue_12_programme_bars_sum_per_programme_and_currency_and_count_programmes() {
        let mut grants = Vec::new();
        for p in 0..14 {
            grants.push(grant("A", &format!("P{p:02}"), 1_000 * (p + 1), "GBP"));
            grants.push(grant("B", &format!("P{p:02}"), 500, "GBP"));
        }
        grants.push(grant("C", "P00", 9_999_999, "EUR"));
        grants.push(grant("C", "P01", -1_000, "EUR"));
        let charts = charts(&settings(), &grants);
        let gbp = charts
            .iter()
            .find(|c| c.title == "Total awarded by programme in GBP")
            .unwrap();
        assert_eq!(gbp.bars[0].label, "P13");
        assert_eq!(gbp.bars[0].value, (14_000 + 500) * 100);
        assert_eq!(gbp.bars[11].label, "3 other programmes");
        assert_eq!(gbp.bars[11].value, (1_000 + 2_000 + 3_000 + 3 * 500) * 100);
        let eur = charts
            .iter()
            .find(|c| c.title == "Total awarded by programme in EUR")
            .unwrap();
        assert_eq!(
            bars(eur),
            [
                ("P00".to_string(), "€9,999,999".to_string()),
                ("P01".to_string(), "-€1,000".to_string()),
            ]
        );
    }

    #[test]
    fn issue_12_duration_bands_count_grants_and_blank_durations() {
        let mut grants = vec![
            grant("A", "P", 1, "GBP"),
            grant("A", "P", 1, "GBP"),
            grant("B", "P", 1, "GBP"),
        ];
        grants[0].duration = Some(Months(11));
        grants[1].duration = Some(Months(36));
        grants[2].duration = None;
        let charts = charts(&settings(), &grants);
        let chart = charts
            .iter()
            .find(|c| c.title == "Grants by duration")
            .unwrap();
        let values: Vec<i128> = chart.bars.iter().map(|b| b.value).collect();
        assert_eq!(values, [1, 0, 0, 1, 1]);
        assert_eq!(chart.bars[4].value_label, "1 grant");
    }
}
