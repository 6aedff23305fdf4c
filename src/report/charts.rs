//! Turns the grants into the summary's bar charts: total awarded per programme (or per
//! grantee when there is one programme), one chart per currency, and grants by duration band.

use crate::document::{Bar, Chart};
use crate::grants::{self, totals, Grant};
use crate::locale::{Labels, Locale};
use crate::settings::{ChartKind, Settings};

/// The charts report.toml asks for, each only when it has at least two bars; amounts are
/// charted per currency, never summed across currencies.
pub fn charts(settings: &Settings, grants: &[Grant]) -> Vec<Chart> {
    let mut out = Vec::new();
    for kind in &settings.summary.charts {
        match kind {
            ChartKind::ByProgramme => out.extend(by_programme(grants, &settings.locale)),
            ChartKind::ByDuration => out.extend(by_duration(grants, &settings.locale)),
        }
    }
    out
}

/// Total awarded by programme (by grantee when there is one programme), one chart per
/// currency.
fn by_programme(grants: &[Grant], locale: &Locale) -> Vec<Chart> {
    let labels = &locale.labels;
    let all = totals(grants);
    let several = all.len() > 1;
    let mut out = Vec::new();
    for total in all {
        let in_currency: Vec<&Grant> = grants
            .iter()
            .filter(|g| g.amount.currency == total.currency)
            .collect();
        let (what, groups) = groups(&in_currency, labels);
        let bars = amount_bars(what, groups, labels);
        if bars.len() < 2 {
            continue;
        }
        let currency = if several {
            let code = total.currency.to_string();
            format!(
                " {}",
                Locale::fill(&labels.in_currency, &[("currency", &code)])
            )
        } else {
            String::new()
        };
        let by = match what {
            "programme" => &labels.total_awarded_by_programme,
            _ => &labels.total_awarded_by_grantee,
        };
        let title = format!("{by}{currency}");
        let max = bars.iter().map(|b| b.value).max().unwrap_or(0);
        // Ticks at round whole amounts (never pence).
        let ticks = round_ticks(max.div_euclid(100).max(1))
            .into_iter()
            .map(|whole| (whole * 100, compact(whole, total.currency)))
            .collect();
        // The description gives each amount exactly.
        let exact = |b: &Bar| {
            grants::Money {
                minor: b.value,
                currency: total.currency,
            }
            .format(false)
        };
        out.push(chart(title, bars, ticks, exact, labels));
    }
    out
}

/// What the bars stand for ("programme" or "grantee") and each bar's grants: one bar per
/// programme when there are several, else one per grantee (a grantee's grants summed; names
/// compared without regard to case or surrounding space, shown as first written).
fn groups<'g>(
    in_currency: &[&'g Grant],
    labels: &Labels,
) -> (&'static str, Vec<(String, Vec<&'g Grant>)>) {
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
                "programme" if g.programme.is_empty() => labels.no_programme.clone(),
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
fn amount_bars(what: &str, mut groups: Vec<(String, Vec<&Grant>)>, labels: &Labels) -> Vec<Bar> {
    groups
        .sort_by_key(|(_, gs)| std::cmp::Reverse(gs.iter().map(|g| g.amount.minor).sum::<i128>()));
    if groups.len() > 12 {
        let others = groups.len() - 11;
        let rest: Vec<&Grant> = groups.drain(11..).flat_map(|(_, gs)| gs).collect();
        let other = match what {
            "programme" => &labels.other_programmes,
            _ => &labels.other_grantees,
        };
        groups.push((Locale::fill(other, &[("n", &others.to_string())]), rest));
    }
    groups
        .iter()
        .map(|(label, gs)| {
            // One currency here, so one total.
            let total = totals(gs.iter().copied()).into_iter().next();
            // Bars are read at a glance: whole amounts, rounded (the table and the
            // chart's description have the exact ones).
            Bar {
                label: label.clone(),
                value: total.map_or(0, |m| m.minor),
                value_label: total.map(|m| m.rounded().format(false)).unwrap_or_default(),
                aside: false,
            }
        })
        .collect()
}

/// Grants by duration band, when they fall in two bands or more.
fn by_duration(grants: &[Grant], locale: &Locale) -> Option<Chart> {
    let labels = &locale.labels;
    // Bands in whole months, so none can be read two ways ("1–2 years" could hold 24).
    let bands = [
        &labels.under_12,
        &labels.months_12_23,
        &labels.months_24_35,
        &labels.months_36_or_more,
        &labels.not_given,
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
    let bars: Vec<Bar> = bands
        .iter()
        .zip(counts)
        .enumerate()
        .map(|(i, (label, n))| Bar {
            label: label.to_string(),
            value: n,
            value_label: locale.grants(n as usize),
            aside: i == 4,
        })
        .collect();
    let max = counts.iter().copied().max().unwrap_or(0);
    let ticks = round_ticks(max.max(1))
        .into_iter()
        .map(|n| (n, n.to_string()))
        .collect();
    Some(chart(
        labels.grants_by_duration.clone(),
        bars,
        ticks,
        |b: &Bar| b.value_label.clone(),
        labels,
    ))
}

/// A round whole amount as a scale labels it: "0", "£500k", "£1.5m", "£750".
fn compact(whole: i128, currency: grants::Currency) -> String {
    if whole == 0 {
        return "0".into();
    }
    let zero = grants::Money { minor: 0, currency }.format(false);
    let prefix = zero.strip_suffix('0').unwrap_or("");
    let number = if whole % 1_000_000 == 0 {
        format!("{}m", whole / 1_000_000)
    } else if whole >= 1_000_000 && whole % 100_000 == 0 {
        format!("{}.{}m", whole / 1_000_000, whole % 1_000_000 / 100_000)
    } else if whole % 1_000 == 0 {
        format!("{}k", whole / 1_000)
    } else {
        return grants::Money {
            minor: whole * 100,
            currency,
        }
        .format(false);
    };
    format!("{prefix}{number}")
}

/// Round ticks from 0 to at least `max` (> 0): steps of 1, 2 or 5 times a power of ten,
/// three to six of them (0, 200k, 400k … rather than 0 and the largest value).
pub fn round_ticks(max: i128) -> Vec<i128> {
    let mut power = 1i128;
    let step = loop {
        if let Some(step) = [1, 2, 5]
            .iter()
            .map(|m| m * power)
            .find(|&step| max <= step * 5)
        {
            break step;
        }
        power = power.saturating_mul(10);
    };
    let top = (max + step - 1) / step * step;
    (0..=top / step).map(|k| k * step).collect()
}

/// A chart with its alternative text (title, then each bar's label and its value as
/// `exact` gives it).
fn chart(
    title: String,
    bars: Vec<Bar>,
    ticks: Vec<(i128, String)>,
    exact: impl Fn(&Bar) -> String,
    labels: &Labels,
) -> Chart {
    let facts: Vec<String> = bars
        .iter()
        .map(|b| format!("{}: {}", b.label, exact(b)))
        .collect();
    Chart {
        alt: format!("{}, {title}. {}.", labels.bar_chart, facts.join("; ")),
        title,
        bars,
        ticks,
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
        let ticks: Vec<&str> = chart.ticks.iter().map(|t| t.1.as_str()).collect();
        assert_eq!(ticks, ["0", "£50k", "£100k", "£150k", "£200k", "£250k"]);
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
            .find(|c| c.title == "Grants by duration (months)")
            .unwrap();
        let values: Vec<i128> = chart.bars.iter().map(|b| b.value).collect();
        assert_eq!(values, [1, 0, 0, 1, 1]);
        assert_eq!(chart.bars[4].value_label, "1 grant");
        // Bands in whole months, "Not given" set apart.
        let labels: Vec<&str> = chart.bars.iter().map(|b| b.label.as_str()).collect();
        assert_eq!(
            labels,
            ["Under 12", "12–23", "24–35", "36 or more", "Not given"]
        );
        assert!(chart.bars[4].aside && !chart.bars[3].aside);
    }

    #[test]
    fn issue_15_scale_labels_are_short() {
        let gbp = grants::Currency::GBP;
        assert_eq!(compact(0, gbp), "0");
        assert_eq!(compact(750, gbp), "£750");
        assert_eq!(compact(500_000, gbp), "£500k");
        assert_eq!(compact(1_500_000, gbp), "£1.5m");
        assert_eq!(compact(2_000_000, gbp), "£2m");
    }

    #[test]
    fn issue_15_ticks_are_round_and_reach_the_largest_value() {
        assert_eq!(round_ticks(1), [0, 1]);
        assert_eq!(round_ticks(3), [0, 1, 2, 3]);
        assert_eq!(round_ticks(7), [0, 2, 4, 6, 8]);
        assert_eq!(round_ticks(103_000), [0, 50_000, 100_000, 150_000]);
        assert_eq!(
            round_ticks(1_000_000),
            [0, 200_000, 400_000, 600_000, 800_000, 1_000_000]
        );
        assert_eq!(round_ticks(1_000_001), [0, 500_000, 1_000_000, 1_500_000]);
    }

    #[test]
    fn issue_15_bar_labels_are_whole_amounts_and_the_description_exact() {
        let grants = vec![
            super::super::test_grant("A", "P", 1_234_567, "GBP"),
            super::super::test_grant("B", "Q", 50, "GBP"),
        ];
        let charts = charts(&settings(), &grants);
        let chart = &charts[0];
        assert_eq!(bars(chart)[0].1, "£12,346");
        assert_eq!(bars(chart)[1].1, "£1");
        assert!(chart.alt.contains("P: £12,345.67"), "{}", chart.alt);
        assert!(chart.alt.contains("Q: £0.50"), "{}", chart.alt);
    }
}
