//! Assembles grants and their rendered case studies into a [`Document`]: a cover, one section
//! per case study, and a summary table with totals per currency (grouped by programme when
//! there are several).

mod charts;
mod summary;

pub use charts::charts;
pub use summary::{summary_table, summary_table_in};

use crate::document::{
    Block, ContentsEntry, Cover, Document, KeyFact, Link, Logo, Section, SectionKind, Span,
};
use crate::grants::{totals, Grant};
use crate::locale::Locale;
use crate::settings::Settings;
use std::sync::Arc;

/// Builds the report. `case_studies[i]` is the parsed case study of `grants[i]`;
/// `section_intros` are the programmes' introductions (for `sections = "programme"`); `date`
/// is the report date as shown on the cover.
#[allow(clippy::too_many_arguments)]
pub fn assemble(
    settings: &Settings,
    grants: &[Grant],
    case_studies: Vec<Vec<Block>>,
    introduction: Option<Vec<Block>>,
    section_intros: &[(String, Vec<Block>)],
    logo: Option<Arc<Logo>>,
    date: &str,
) -> Document {
    let locale = &settings.locale;
    let mut sections = Vec::with_capacity(grants.len() + 2);
    if settings.cover.enabled {
        let cover = Block::Cover(cover(settings, grants, date, logo));
        sections.push(section(locale, SectionKind::Cover, None, vec![cover]));
    }
    let contents_at = settings.contents.enabled.then(|| {
        let title = settings
            .contents
            .title
            .as_ref()
            .unwrap_or(&locale.labels.contents);
        sections.push(section(
            locale,
            SectionKind::Contents,
            Some(title),
            Vec::new(),
        ));
        sections.len() - 1
    });
    if let Some(blocks) = introduction {
        sections.push(introduction_section(locale, blocks));
    }
    if settings.sections == crate::settings::Sections::Programme {
        sections.extend(programme_sections(
            settings,
            grants,
            case_studies,
            section_intros,
        ));
    } else {
        for (grant, blocks) in grants.iter().zip(case_studies) {
            sections.push(case_study_section(settings, grant, blocks));
        }
    }
    sections.push(summary_section(settings, grants));
    if let Some(at) = contents_at {
        sections[at].blocks = contents(settings, &sections);
    }
    Document {
        title: settings.title.clone(),
        author: settings.author(),
        language: settings.language.clone(),
        sections,
    }
}

/// A board pack's sections: a divider per programme (names compared without regard to case
/// or surrounding space, in the order the case studies first reach each), then its case
/// studies in their order.
fn programme_sections(
    settings: &Settings,
    grants: &[Grant],
    case_studies: Vec<Vec<Block>>,
    section_intros: &[(String, Vec<Block>)],
) -> Vec<Section> {
    let same = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
    let mut programmes: Vec<&str> = Vec::new();
    for g in grants {
        if !programmes.iter().any(|p| same(p, &g.programme)) {
            programmes.push(&g.programme);
        }
    }
    let mut studies: Vec<Option<Vec<Block>>> = case_studies.into_iter().map(Some).collect();
    let mut out = Vec::with_capacity(grants.len() + programmes.len());
    for programme in programmes {
        let members: Vec<usize> = (0..grants.len())
            .filter(|&i| same(&grants[i].programme, programme))
            .collect();
        let in_it: Vec<&Grant> = members.iter().map(|&i| &grants[i]).collect();
        let intro = section_intros
            .iter()
            .find(|(p, _)| same(p, programme))
            .map(|(_, blocks)| blocks.clone());
        out.push(divider(&settings.locale, programme, &in_it, intro));
        for i in members {
            let blocks = studies[i].take().unwrap_or_default();
            out.push(case_study_section(settings, &grants[i], blocks));
        }
    }
    out
}

/// A section with no running head, its outline entry `title` ("title (continued)" on its
/// later pages).
fn section(locale: &Locale, kind: SectionKind, title: Option<&str>, blocks: Vec<Block>) -> Section {
    Section {
        kind,
        outline: title.map(str::to_string),
        running_head: String::new(),
        continued: title.map(|t| format!("{t} {}", locale.labels.continued)),
        blocks,
        language: None,
        words: None,
    }
}

/// The introduction, named in the outline by its first heading, if it has one.
fn introduction_section(locale: &Locale, blocks: Vec<Block>) -> Section {
    let title = blocks
        .iter()
        .find_map(|b| match b {
            Block::Heading { spans, .. } => {
                Some(spans.iter().map(|s| s.text.as_str()).collect::<String>())
            }
            _ => None,
        })
        .unwrap_or_else(|| locale.labels.introduction.clone());
    section(locale, SectionKind::Introduction, Some(&title), blocks)
}

/// A grant's case study, with its key facts when report.toml asks for them.
fn case_study_section(settings: &Settings, grant: &Grant, mut blocks: Vec<Block>) -> Section {
    if settings.case_study.key_facts {
        // Under the case study's heading, or first when it has none; without the facts its
        // opening paragraph already states (the default template's lead gives the amount,
        // duration and grantee), so the panel adds to it rather than repeating it.
        let at = blocks
            .iter()
            .position(|b| matches!(b, Block::Heading { .. }))
            .map_or(0, |i| i + 1);
        let opening: String = blocks[at..]
            .iter()
            .find_map(|b| match b {
                Block::Paragraph(spans) => Some(spans.iter().map(|s| s.text.as_str()).collect()),
                _ => None,
            })
            .unwrap_or_default();
        let facts: Vec<KeyFact> = key_facts_in(grant, &settings.locale)
            .into_iter()
            .filter(|f| !opening.contains(f.value.as_str()))
            .collect();
        // A panel of one fact is a tinted box round a lone word: shown only with two or more.
        if facts.len() >= 2 {
            blocks.insert(at, Block::KeyFacts(facts));
        }
    }
    Section {
        running_head: grant.programme.clone(),
        ..section(
            &settings.locale,
            SectionKind::CaseStudy,
            Some(&grant.title),
            blocks,
        )
    }
}

/// A programme's divider page: its name, how many grants and how much, and its
/// introduction if it has one.
fn divider(
    locale: &Locale,
    programme: &str,
    grants: &[&Grant],
    intro: Option<Vec<Block>>,
) -> Section {
    let name = if programme.trim().is_empty() {
        locale.labels.no_programme.as_str()
    } else {
        programme.trim()
    };
    let awarded = totals(grants.iter().copied())
        .into_iter()
        .map(|t| crate::grants::format_total(t, grants.iter().copied()))
        .collect::<Vec<_>>()
        .join(" + ");
    let mut blocks = vec![
        Block::Heading {
            level: 1,
            spans: vec![Span::bold(name.to_string())],
        },
        Block::Paragraph(vec![Span::plain(format!(
            "{}, {awarded} {}",
            locale.grants(grants.len()),
            locale.labels.awarded
        ))]),
    ];
    blocks.extend(intro.unwrap_or_default());
    section(locale, SectionKind::Divider, Some(name), blocks)
}

/// The summary: its heading, the charts and the table.
fn summary_section(settings: &Settings, grants: &[Grant]) -> Section {
    let title = settings
        .summary
        .title
        .as_ref()
        .unwrap_or(&settings.locale.labels.summary);
    let mut blocks = vec![Block::Heading {
        level: 1,
        spans: vec![Span::bold(title.clone())],
    }];
    blocks.extend(charts(settings, grants).into_iter().map(Block::Chart));
    blocks.push(Block::Table(summary_table_in(
        summary::sorted(grants, settings.summary.sort),
        &settings.locale,
    )));
    section(&settings.locale, SectionKind::Summary, Some(title), blocks)
}

/// The contents page: its heading and an entry for each section in the outline after it.
fn contents(settings: &Settings, sections: &[Section]) -> Vec<Block> {
    let grouped = sections.iter().any(|s| s.kind == SectionKind::Divider);
    let entries = sections
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            matches!(
                s.kind,
                SectionKind::CaseStudy
                    | SectionKind::Summary
                    | SectionKind::Introduction
                    | SectionKind::Divider
            )
        })
        .filter_map(|(i, s)| {
            s.outline.clone().map(|title| ContentsEntry {
                title,
                section: i,
                number: (s.kind == SectionKind::CaseStudy)
                    .then(|| heading_number(&s.blocks))
                    .flatten(),
                apart: matches!(s.kind, SectionKind::Summary | SectionKind::Divider),
                strong: s.kind == SectionKind::Divider,
                nested: grouped && s.kind == SectionKind::CaseStudy,
            })
        })
        .collect();
    vec![
        Block::Heading {
            level: 1,
            spans: vec![Span::bold(
                settings
                    .contents
                    .title
                    .as_ref()
                    .unwrap_or(&settings.locale.labels.contents),
            )],
        },
        Block::Contents(entries),
    ]
}

/// The number a section's first heading ends with ("Case study 3" gives "3").
fn heading_number(blocks: &[Block]) -> Option<String> {
    let text: String = blocks.iter().find_map(|b| match b {
        Block::Heading { spans, .. } => Some(spans.iter().map(|s| s.text.as_str()).collect()),
        _ => None,
    })?;
    let digits: String = text
        .trim_end()
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect();
    (!digits.is_empty()).then(|| digits.chars().rev().collect())
}

fn cover(settings: &Settings, grants: &[Grant], date: &str, logo: Option<Arc<Logo>>) -> Cover {
    let mut figures = vec![(grants.len().to_string(), {
        // The noun alone, as a count's would be ("3 grants", Welsh "3 grant").
        let count = settings.locale.grants(grants.len());
        count
            .split_once(' ')
            .map_or(count.clone(), |(_, noun)| noun.to_string())
    })];
    for total in totals(grants) {
        figures.push((
            headline_amount(total),
            settings.locale.labels.awarded.clone(),
        ));
    }
    Cover {
        title: settings.title.clone(),
        organisation: settings.organisation.clone(),
        date: date.to_string(),
        figures,
        logo,
    }
}

/// A total as a cover shows it, read at a glance: whole units ("£161,575"), or from a
/// million up, millions to one place ("£3.2m"). The summary table has it exactly.
pub fn headline_amount(total: crate::grants::Money) -> String {
    let whole = total.rounded();
    let units = whole.minor.abs() / 100;
    if units < 1_000_000 {
        return whole.format(false);
    }
    let tenths = (units + 50_000) / 100_000;
    let zero = crate::grants::Money {
        minor: 0,
        currency: total.currency,
    }
    .format(false);
    let prefix = zero.strip_suffix('0').unwrap_or("");
    let sign = if whole.minor < 0 { "-" } else { "" };
    let number = match tenths % 10 {
        0 => format!("{}", tenths / 10),
        t => format!("{}.{t}", tenths / 10),
    };
    format!("{sign}{prefix}{number}m")
}

/// A grant's key facts, leaving out the empty ones.
pub fn key_facts(grant: &Grant) -> Vec<KeyFact> {
    key_facts_in(grant, &Locale::default())
}

/// [`key_facts`] in a locale's words and formats.
pub fn key_facts_in(grant: &Grant, locale: &Locale) -> Vec<KeyFact> {
    let labels = &locale.labels;
    let fact = |label: &str, value: String, link: Option<Link>| {
        (!value.trim().is_empty()).then(|| KeyFact {
            label: label.into(),
            value,
            link,
        })
    };
    [
        fact(&labels.amount, grant.amount.to_string(), None),
        fact(
            &labels.duration,
            grant
                .duration
                .map(|d| locale.duration(d.0))
                .unwrap_or_default(),
            None,
        ),
        fact(
            &labels.grantee,
            grant.grantee.clone(),
            Link::url(&grant.grantee_url),
        ),
        fact(&labels.programme, grant.programme.clone(), None),
        fact(
            &labels.award_date,
            grant.award_date.map(|d| locale.date(d)).unwrap_or_default(),
            None,
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// A grant for tests: 12 months, title "T", the rest empty.
#[cfg(test)]
pub(crate) fn test_grant(grantee: &str, programme: &str, minor: i128, currency: &str) -> Grant {
    use crate::grants::{Currency, Money, Months};
    Grant {
        line: 2,
        position: 0,
        id: String::new(),
        title: "T".into(),
        grantee: grantee.into(),
        grantee_url: String::new(),
        amount: Money {
            minor,
            currency: Currency::from_code(currency).expect("a currency code"),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{RowKind, Table};

    fn grant(programme: &str, minor: i128, currency: &str) -> Grant {
        test_grant("G", programme, minor, currency)
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

    #[test]
    fn issue_12_the_cover_counts_grants_and_totals_each_currency_with_negatives() {
        let grants = [
            grant("A", 10_050, "GBP"),
            grant("A", -5_000, "GBP"),
            grant("B", 30_000, "EUR"),
        ];
        let c = cover(&Settings::default(), &grants, "1 May 2026", None);
        let figures: Vec<(String, String)> = c.figures;
        assert_eq!(
            figures,
            [
                ("3".to_string(), "grants".to_string()),
                // Rounded to whole units on the cover (exact in the table).
                ("£51".to_string(), "awarded".to_string()),
                ("€300".to_string(), "awarded".to_string()),
            ]
        );
        let big = |minor: i128| {
            headline_amount(crate::grants::Money {
                minor,
                currency: crate::grants::Currency::GBP,
            })
        };
        assert_eq!(big(16_157_500), "£161,575");
        assert_eq!(big(318_650_299), "£3.2m");
        assert_eq!(big(200_000_000), "£2m");
        assert_eq!(big(99_999_999), "£1m");
        assert_eq!(big(-250_000_000), "-£2.5m");
        let one = cover(&Settings::default(), &grants[..1], "", None);
        assert_eq!(one.figures[0], ("1".to_string(), "grant".to_string()));
    }

    #[test]
    fn issue_12_subtotals_count_and_sum_their_own_grants_with_negatives() {
        let t = summary_table(&[
            grant("A", 10_000, "GBP"),
            grant("B", 700, "GBP"),
            grant("A", -4_000, "GBP"),
            grant("A", 150, "GBP"),
        ]);
        let totals: Vec<String> = cells(&t, RowKind::Total)
            .into_iter()
            .map(|c| format!("{} {}", c[0], c[2]))
            .collect();
        assert_eq!(
            totals,
            [
                "Subtotal (3 grants) £61.50",
                "Subtotal (1 grant) £7.00",
                "Total (4 grants) £68.50",
            ]
        );
    }
}
