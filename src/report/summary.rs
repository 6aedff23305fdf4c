//! Turns the grants into the summary table: grantee, project, amount, duration; a group
//! heading and subtotals per programme when there are several; totals per currency.

use crate::document::{Align, Column, RowKind, Table, TableRow};
use crate::grants::{totals, Grant};
use crate::locale::Locale;
use crate::settings::SortOrder;

/// The grants in the summary's order; ties keep the file's order.
pub fn sorted(grants: &[Grant], order: SortOrder) -> Vec<&Grant> {
    let mut out: Vec<&Grant> = grants.iter().collect();
    match order {
        SortOrder::File => out.sort_by_key(|g| g.position),
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
    summary_table_in(grants, &Locale::default())
}

/// [`summary_table`] in a locale's words.
pub fn summary_table_in<'g>(grants: impl IntoIterator<Item = &'g Grant>, locale: &Locale) -> Table {
    let labels = &locale.labels;
    let grants: Vec<&Grant> = grants.into_iter().collect();
    let programmes = crate::words::distinct(grants.iter().map(|g| g.programme.as_str()));
    let grouped = programmes.len() > 1;
    let mut with_pence: Vec<crate::grants::Currency> = Vec::new();
    for g in &grants {
        if g.amount.has_pence() && !with_pence.contains(&g.amount.currency) {
            with_pence.push(g.amount.currency);
        }
    }
    let mut rows = Vec::with_capacity(grants.len() + programmes.len() * 2 + 2);
    if grouped {
        for p in &programmes {
            let members: Vec<&Grant> = grants
                .iter()
                .copied()
                .filter(|g| g.programme == *p)
                .collect();
            let name = if p.is_empty() {
                labels.no_programme.as_str()
            } else {
                p
            };
            rows.push(TableRow {
                kind: RowKind::Group,
                cells: vec![name.to_string()],
            });
            rows.extend(members.iter().map(|g| row(g, &with_pence, locale)));
            total_rows(&labels.subtotal, &members, (&with_pence, locale), &mut rows);
        }
    } else {
        rows.extend(grants.iter().map(|g| row(g, &with_pence, locale)));
    }
    let before = rows.len();
    total_rows(&labels.total, &grants, (&with_pence, locale), &mut rows);
    Table {
        columns: columns(labels),
        footer: rows.len() - before,
        rows,
    }
}

/// The table's columns: grantee, project, amount and duration (right-aligned figures).
fn columns(labels: &crate::locale::Labels) -> Vec<Column> {
    vec![
        Column {
            title: labels.grantee.clone(),
            align: Align::Left,
            weight: 1.0,
            numeric: false,
        },
        Column {
            title: labels.project.clone(),
            align: Align::Left,
            weight: 1.4,
            numeric: false,
        },
        Column {
            title: labels.amount.clone(),
            align: Align::Right,
            weight: 0.0,
            numeric: true,
        },
        Column {
            title: labels.duration.clone(),
            align: Align::Right,
            weight: 0.0,
            numeric: true,
        },
    ]
}

/// A grant's row.
/// A grant's row; its amount shows pence when any amount in its currency has them, so the
/// column's figures align on the decimal point.
fn row(g: &Grant, with_pence: &[crate::grants::Currency], locale: &Locale) -> TableRow {
    TableRow {
        kind: RowKind::Body,
        cells: vec![
            g.grantee.clone(),
            g.title.clone(),
            g.amount.format(with_pence.contains(&g.amount.currency)),
            g.duration
                .map_or_else(|| "—".to_string(), |d| locale.months(d.0)),
        ],
    }
}

/// One total row per currency of `members`, labelled `label` and the count of grants, with
/// pence when the table's amounts in that currency have them.
fn total_rows(
    label: &str,
    members: &[&Grant],
    (with_pence, locale): (&[crate::grants::Currency], &Locale),
    out: &mut Vec<TableRow>,
) {
    let ts = totals(members.iter().copied());
    let multi = ts.len() > 1;
    for t in ts {
        let n = members
            .iter()
            .filter(|g| g.amount.currency == t.currency)
            .count();
        let label = if multi {
            let currency = t.currency.to_string();
            let within = Locale::fill(&locale.labels.in_currency, &[("currency", &currency)]);
            format!("{label} {within} ({})", locale.grants(n))
        } else {
            format!("{label} ({})", locale.grants(n))
        };
        out.push(TableRow {
            kind: RowKind::Total,
            cells: vec![
                label,
                String::new(),
                t.format(with_pence.contains(&t.currency)),
                String::new(),
            ],
        });
    }
}
