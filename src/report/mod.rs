//! Assembles grants and their rendered case studies into a [`Document`]: a cover, one section
//! per case study, and a summary table with totals per currency (grouped by programme when
//! there are several).

use crate::document::{
    Align, Block, Column, ContentsEntry, Cover, Document, RowKind, Section, SectionKind, Span,
    Table, TableRow,
};
use crate::document::{Bar, Chart, KeyFact};
use crate::grants;
use crate::grants::{format_total, totals, Grant};
use crate::logo::Logo;
use crate::settings::{ChartKind, Settings, SortOrder};
use std::sync::Arc;

/// Builds the report. `case_studies[i]` is the parsed case study of `grants[i]`; `date` is the
/// report date as shown on the cover.
pub fn assemble(
    settings: &Settings,
    grants: &[Grant],
    case_studies: Vec<Vec<Block>>,
    introduction: Option<Vec<Block>>,
    logo: Option<Arc<Logo>>,
    date: &str,
) -> Document {
    let mut sections = Vec::with_capacity(grants.len() + 2);
    if settings.cover.enabled {
        sections.push(Section {
            kind: SectionKind::Cover,
            outline: None,
            running_head: String::new(),
            continued: None,
            blocks: vec![Block::Cover(cover(settings, grants, date, logo))],
        });
    }
    let contents_at = settings.contents.enabled.then(|| {
        sections.push(Section {
            kind: SectionKind::Contents,
            outline: Some(settings.contents.title.clone()),
            running_head: String::new(),
            continued: Some(format!("{} (continued)", settings.contents.title)),
            blocks: Vec::new(),
        });
        sections.len() - 1
    });
    if let Some(blocks) = introduction {
        // The outline entry is the introduction's first heading, if it has one.
        let title = blocks
            .iter()
            .find_map(|b| match b {
                Block::Heading { spans, .. } => {
                    Some(spans.iter().map(|s| s.text.as_str()).collect::<String>())
                }
                _ => None,
            })
            .unwrap_or_else(|| "Introduction".to_string());
        sections.push(Section {
            kind: SectionKind::Introduction,
            outline: Some(title.clone()),
            running_head: String::new(),
            continued: Some(format!("{title} (continued)")),
            blocks,
        });
    }
    for (grant, mut blocks) in grants.iter().zip(case_studies) {
        if settings.case_study.key_facts {
            // Under the case study's heading, or first when it has none.
            let at = blocks
                .iter()
                .position(|b| matches!(b, Block::Heading { .. }))
                .map_or(0, |i| i + 1);
            blocks.insert(at, Block::KeyFacts(key_facts(grant)));
        }
        sections.push(Section {
            kind: SectionKind::CaseStudy,
            outline: Some(grant.title.clone()),
            running_head: grant.programme.clone(),
            continued: Some(format!("{} (continued)", grant.title)),
            blocks,
        });
    }
    sections.push(Section {
        kind: SectionKind::Summary,
        outline: Some(settings.summary.title.clone()),
        running_head: String::new(),
        continued: Some(format!("{} (continued)", settings.summary.title)),
        blocks: {
            let mut blocks = vec![Block::Heading {
                level: 1,
                spans: vec![Span::bold(settings.summary.title.clone())],
            }];
            blocks.extend(charts(settings, grants).into_iter().map(Block::Chart));
            blocks.push(Block::Table(summary_table(sorted(
                grants,
                settings.summary.sort,
            ))));
            blocks
        },
    });
    if let Some(at) = contents_at {
        let entries = sections
            .iter()
            .enumerate()
            .filter(|(_, s)| {
                matches!(
                    s.kind,
                    SectionKind::CaseStudy | SectionKind::Summary | SectionKind::Introduction
                )
            })
            .filter_map(|(i, s)| {
                s.outline
                    .clone()
                    .map(|title| ContentsEntry { title, section: i })
            })
            .collect();
        sections[at].blocks = vec![
            Block::Heading {
                level: 1,
                spans: vec![Span::bold(settings.contents.title.clone())],
            },
            Block::Contents(entries),
        ];
    }
    Document {
        title: settings.title.clone(),
        author: settings.author(),
        language: settings.language.clone(),
        sections,
    }
}

fn cover(settings: &Settings, grants: &[Grant], date: &str, logo: Option<Arc<Logo>>) -> Cover {
    let mut figures = vec![(
        grants.len().to_string(),
        if grants.len() == 1 { "grant" } else { "grants" }.to_string(),
    )];
    for total in totals(grants) {
        figures.push((format_total(total, grants), "awarded".to_string()));
    }
    Cover {
        title: settings.title.clone(),
        organisation: settings.organisation.clone(),
        date: date.to_string(),
        figures,
        logo,
    }
}

/// A grant's key facts, leaving out the empty ones.
pub fn key_facts(grant: &Grant) -> Vec<KeyFact> {
    let fact = |label: &str, value: String, link: Option<String>| {
        (!value.trim().is_empty()).then(|| KeyFact {
            label: label.into(),
            value,
            link,
        })
    };
    [
        fact("Amount", grant.amount.to_string(), None),
        fact(
            "Duration",
            grant.duration.map(|d| d.words()).unwrap_or_default(),
            None,
        ),
        fact(
            "Grantee",
            grant.grantee.clone(),
            (!grant.grantee_url.is_empty()).then(|| grant.grantee_url.clone()),
        ),
        fact("Programme", grant.programme.clone(), None),
        fact(
            "Awarded",
            grant
                .award_date
                .map(crate::dates::format_long)
                .unwrap_or_default(),
            None,
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The charts report.toml asks for, each only when it has at least two bars; amounts are
/// charted per currency, never summed across currencies.
pub fn charts(settings: &Settings, grants: &[Grant]) -> Vec<Chart> {
    let mut out = Vec::new();
    for kind in &settings.summary.charts {
        match kind {
            ChartKind::ByProgramme => {
                let all = totals(grants);
                let several = all.len() > 1;
                for total in all {
                    let in_currency: Vec<&Grant> = grants
                        .iter()
                        .filter(|g| g.amount.currency == total.currency)
                        .collect();
                    let programmes =
                        crate::words::distinct(in_currency.iter().map(|g| g.programme.as_str()));
                    let (what, mut groups): (&str, Vec<(String, Vec<&Grant>)>) =
                        if programmes.len() > 1 {
                            (
                                "programme",
                                programmes
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
                                    .collect(),
                            )
                        } else {
                            (
                                "grantee",
                                in_currency
                                    .iter()
                                    .map(|g| (g.grantee.clone(), vec![*g]))
                                    .collect(),
                            )
                        };
                    groups.sort_by_key(|(_, gs)| {
                        std::cmp::Reverse(gs.iter().map(|g| g.amount.minor).sum::<i128>())
                    });
                    // At most twelve bars; the rest are summed into one.
                    if groups.len() > 12 {
                        let rest: Vec<&Grant> = groups.drain(11..).flat_map(|(_, gs)| gs).collect();
                        groups.push((format!("{} other {what}s", rest.len()), rest));
                    }
                    let bars: Vec<Bar> = groups
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
                        .collect();
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
            }
            ChartKind::ByDuration => {
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
                    continue;
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
                out.push(chart("Grants by duration".into(), bars, max.to_string()));
            }
        }
    }
    out
}

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

/// The grants in the summary's order; ties keep the file's order.
fn sorted(grants: &[Grant], order: SortOrder) -> Vec<&Grant> {
    let mut out: Vec<&Grant> = grants.iter().collect();
    match order {
        SortOrder::File => {}
        SortOrder::Amount => out.sort_by(|a, b| {
            (b.amount.currency, b.amount.minor).cmp(&(a.amount.currency, a.amount.minor))
        }),
        SortOrder::Title => out.sort_by_key(|g| g.title.to_lowercase()),
        SortOrder::Grantee => out.sort_by_key(|g| g.grantee.to_lowercase()),
    }
    out
}

/// The summary: grantee, project, amount, duration; group headings and subtotals when there
/// are several programmes; then one total row per currency.
pub fn summary_table<'g>(grants: impl IntoIterator<Item = &'g Grant>) -> Table {
    let grants: Vec<&Grant> = grants.into_iter().collect();
    let columns = vec![
        Column {
            title: "Grantee".into(),
            align: Align::Left,
            weight: 1.0,
            numeric: false,
        },
        Column {
            title: "Project".into(),
            align: Align::Left,
            weight: 1.4,
            numeric: false,
        },
        Column {
            title: "Amount".into(),
            align: Align::Right,
            weight: 0.0,
            numeric: true,
        },
        Column {
            title: "Duration".into(),
            align: Align::Right,
            weight: 0.0,
            numeric: true,
        },
    ];
    let programmes = crate::words::distinct(grants.iter().map(|g| g.programme.as_str()));
    let grouped = programmes.len() > 1;
    let mut rows = Vec::with_capacity(grants.len() + programmes.len() * 2 + 2);
    let row = |g: &Grant| TableRow {
        kind: RowKind::Body,
        cells: vec![
            g.grantee.clone(),
            g.title.clone(),
            g.amount.to_string(),
            g.duration
                .map_or_else(|| "—".to_string(), |d| format!("{} months", d.0)),
        ],
    };
    let total_rows = |label: &str, members: &[&Grant], out: &mut Vec<TableRow>| {
        let ts = totals(members.iter().copied());
        let multi = ts.len() > 1;
        for t in ts {
            let n = members
                .iter()
                .filter(|g| g.amount.currency == t.currency)
                .count();
            let label = if multi {
                format!(
                    "{label} in {} ({})",
                    t.currency,
                    crate::words::plural(n, "grant")
                )
            } else {
                format!("{label} ({})", crate::words::plural(n, "grant"))
            };
            out.push(TableRow {
                kind: RowKind::Total,
                cells: vec![
                    label,
                    String::new(),
                    format_total(t, members.iter().copied()),
                    String::new(),
                ],
            });
        }
    };
    if grouped {
        for p in &programmes {
            let members: Vec<&Grant> = grants
                .iter()
                .copied()
                .filter(|g| g.programme == *p)
                .collect();
            let name = if p.is_empty() { "No programme" } else { p };
            rows.push(TableRow {
                kind: RowKind::Group,
                cells: vec![name.to_string()],
            });
            rows.extend(members.iter().map(|g| row(g)));
            total_rows("Subtotal", &members, &mut rows);
        }
    } else {
        rows.extend(grants.iter().map(|g| row(g)));
    }
    total_rows("Total", &grants, &mut rows);
    Table { columns, rows }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grants::{Currency, Money, Months};

    fn grant(programme: &str, minor: i128, currency: &str) -> Grant {
        Grant {
            line: 2,
            id: String::new(),
            title: "T".into(),
            grantee: "G".into(),
            grantee_url: String::new(),
            amount: Money {
                minor,
                currency: Currency::from_code(currency).unwrap(),
            },
            duration: Some(Months(12)),
            programme: programme.into(),
            summary: String::new(),
            award_date: None,
            start_date: None,
            end_date: None,
            fields: vec![],
        }
    }

    fn cells(t: &Table, kind: RowKind) -> Vec<Vec<String>> {
        t.rows
            .iter()
            .filter(|r| r.kind == kind)
            .map(|r| r.cells.clone())
            .collect()
    }

    #[test]
    fn one_programme_one_total_with_pence_when_any_item_has_them() {
        let t = summary_table(&[grant("A", 10_000_000, "GBP"), grant("A", 133_973, "GBP")]);
        assert!(cells(&t, RowKind::Group).is_empty());
        assert_eq!(
            cells(&t, RowKind::Total),
            [["Total (2 grants)", "", "£101,339.73", ""]]
        );
    }

    #[test]
    fn several_programmes_get_groups_and_subtotals_and_currencies_stay_apart() {
        let t = summary_table(&[
            grant("A", 100, "GBP"),
            grant("B", 200, "GBP"),
            grant("A", 300, "EUR"),
        ]);
        assert_eq!(cells(&t, RowKind::Group), [["A"], ["B"]]);
        let totals: Vec<String> = cells(&t, RowKind::Total)
            .into_iter()
            .map(|c| format!("{} {}", c[0], c[2]))
            .collect();
        assert_eq!(
            totals,
            [
                "Subtotal in GBP (1 grant) £1",
                "Subtotal in EUR (1 grant) €3",
                "Subtotal (1 grant) £2",
                "Total in GBP (2 grants) £3",
                "Total in EUR (1 grant) €3",
            ]
        );
    }
}
