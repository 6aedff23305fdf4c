//! Maps a [`Table`] of text cells onto typed [`Grant`]s (exact money, months), finding our
//! fields under their many column names and reporting every bad cell at once.

mod duration;
pub mod field;
mod money;

pub use duration::{parse_duration, DurationError, Months};
pub use field::{Field, Key, FIELDS};
pub use money::{parse_amount, parse_amount_in, AmountError, Currency, Money};

use crate::dates::{months_between, parse_date, Date};
use crate::diagnostic::{did_you_mean, Diagnostic, Problems};
pub use crate::document::is_linkable;
use crate::source::{Row, Table};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// One grant, typed where the report computes with it, text everywhere else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// 1-based line (row) of the data file the grant came from.
    pub line: usize,
    pub id: String,
    pub title: String,
    pub grantee: String,
    /// Empty when there is no usable web address.
    pub grantee_url: String,
    pub amount: Money,
    pub duration: Option<Months>,
    pub programme: String,
    /// The summary or description, when the data has one.
    pub summary: String,
    pub award_date: Option<Date>,
    pub start_date: Option<Date>,
    pub end_date: Option<Date>,
    /// Every column of the row, by header as written, for templates.
    pub fields: Vec<(String, String)>,
}

/// Lower-case letters and digits only: `Recipient Org:Name` → `recipientorgname`.
pub fn normalise(header: &str) -> String {
    header
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// How to map: where to find fields the aliases miss, and the default currency.
#[derive(Debug, Clone)]
pub struct MapOptions {
    /// Our field name → the header that holds it (report.toml `[columns]`).
    pub columns: BTreeMap<String, String>,
    pub currency: Currency,
    /// Amounts are written `8.000,00`.
    pub decimal_comma: bool,
}

impl Default for MapOptions {
    fn default() -> Self {
        MapOptions {
            columns: BTreeMap::new(),
            currency: Currency::GBP,
            decimal_comma: false,
        }
    }
}

/// The grants, plus warnings that do not stop the report (e.g. negative amounts).
#[derive(Debug, Clone)]
pub struct Mapped {
    pub grants: Vec<Grant>,
    pub warnings: Vec<Diagnostic>,
}

/// Maps every row of `table` to a [`Grant`], or returns every problem found.
pub fn map_grants(table: &Table, options: &MapOptions) -> Result<Mapped, Problems> {
    let path = table.path.as_path();
    let mut problems = Vec::new();
    let index = match locate_fields(table, options) {
        Ok(index) => index,
        Err(p) => return Err(Problems { problems: p }),
    };
    // Rows are mapped in parallel; grants, problems and warnings stay in row order.
    let mapped: Vec<(Option<Grant>, Vec<Diagnostic>, Vec<Diagnostic>)> = table
        .rows
        .par_iter()
        .map(|row| map_row(table, &index, options, row))
        .collect();
    let mut grants = Vec::with_capacity(mapped.len());
    let mut warnings = Vec::new();
    for (grant, p, w) in mapped {
        grants.extend(grant);
        problems.extend(p);
        warnings.extend(w);
    }
    if table.rows.is_empty() {
        problems.push(
            Diagnostic::error("there are no grants: the file has a header row but no data rows")
                .in_file(path)
                .with_hint("add one row per grant below the header row"),
        );
    }
    if problems.is_empty() {
        Ok(Mapped { grants, warnings })
    } else {
        Err(Problems { problems })
    }
}

/// One row as a grant (`None` if it has problems), with its problems and warnings.
fn map_row(
    table: &Table,
    index: &BTreeMap<&'static str, usize>,
    options: &MapOptions,
    row: &Row,
) -> (Option<Grant>, Vec<Diagnostic>, Vec<Diagnostic>) {
    let path = table.path.as_path();
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let cell = |field: &str| -> &str {
        index
            .get(field)
            .and_then(|&i| row.cells.get(i))
            .map_or("", |s| s.trim())
    };
    let header = |field: &str| -> String {
        index
            .get(field)
            .map_or_else(|| field.to_string(), |&i| table.headers[i].clone())
    };
    let problem = |field: &str, value: &str, message: &str, hint: &str| {
        Diagnostic::error(message)
            .in_file(path)
            .at_line(row.line)
            .in_column(header(field))
            .with_value(value)
            .with_hint(hint)
    };
    let mut row_ok = true;
    for field in ["title", "grantee"] {
        if cell(field).is_empty() {
            problems.push(problem(
                field,
                "",
                &format!("the {field} is empty"),
                &format!("every grant needs a {field}; fill it in or delete the row"),
            ));
            row_ok = false;
        }
    }
    let (currency, explicit) = match cell("currency") {
        "" => (options.currency, false),
        text => match Currency::from_code(text) {
            Some(c) => (c, true),
            None => {
                problems.push(problem(
                    "currency",
                    text,
                    "is not a currency code",
                    "use a three-letter ISO code such as GBP, EUR or USD",
                ));
                row_ok = false;
                (options.currency, false)
            }
        },
    };
    let amount_text = cell("amount");
    let parsed = match parse_amount_in(amount_text, currency, explicit, options.decimal_comma) {
        // The Currency column wins over a symbol in the amount; say so.
        Err(AmountError::CurrencyMismatch(symbol)) => {
            warnings.push(
                    Diagnostic::warning(format!(
                        "is written in {symbol}, but the Currency column says {currency}; it is counted as {currency}"
                    ))
                    .in_file(path)
                    .at_line(row.line)
                    .in_column(header("amount"))
                    .with_value(amount_text)
                    .with_hint("make the amount's symbol agree with the Currency column, or drop the symbol"),
                );
            parse_amount_in(amount_text, currency, false, options.decimal_comma)
                .map(|m| Money { currency, ..m })
        }
        other => other,
    };
    let amount = match parsed {
        Ok(m) => {
            if m.minor < 0 {
                warnings.push(
                    Diagnostic::warning("is a negative amount (a revoked or returned grant?)")
                        .in_file(path)
                        .at_line(row.line)
                        .in_column(header("amount"))
                        .with_value(amount_text)
                        .with_hint(
                            "it is shown and totalled as negative; delete the row to leave it out",
                        ),
                );
            }
            Some(m)
        }
        Err(e) => {
            let (message, hint) = amount_message(&e, options.decimal_comma);
            problems.push(problem("amount", amount_text, &message, hint));
            None
        }
    };
    let mut date = |field: &str| -> Option<Date> {
        let text = cell(field);
        if text.is_empty() {
            return None;
        }
        let d = parse_date(text);
        if d.is_none() {
            problems.push(problem(
                field,
                text,
                "is not a date",
                "write it as 2024-03-26 or 26/03/2024 (day first)",
            ));
            row_ok = false;
        }
        d
    };
    let award_date = date("award_date");
    let start_date = date("start_date");
    let end_date = date("end_date");
    let duration_text = cell("duration");
    let duration = match parse_duration(duration_text) {
        // No duration given: work it out from the planned dates when there are both.
        Ok(None) => start_date
            .zip(end_date)
            .and_then(|(s, e)| months_between(s, e))
            .map(Months),
        Ok(d) => d,
        Err(_) => {
            problems.push(problem(
                    "duration",
                    duration_text,
                    "is not a duration",
                    "write months (24, 24 months) or years (2 years, over two years, 1 year 6 months), or leave it blank",
                ));
            row_ok = false;
            None
        }
    };
    let url = cell("grantee_url");
    let grantee_url = if is_linkable(url) {
        url.to_string()
    } else {
        if !url.is_empty() {
            // A placeholder such as "#" or an address without its scheme: say so, since the
            // grantee will not be a link.
            warnings.push(
                    Diagnostic::warning("is not a web address, so the grantee is not linked")
                        .in_file(path)
                        .at_line(row.line)
                        .in_column(header("grantee_url"))
                        .with_value(url)
                        .with_hint("write the full address, e.g. https://www.example.org.uk, or leave the cell empty"),
                );
        }
        String::new()
    };
    let grant = if let (true, Some(amount)) = (row_ok, amount) {
        Some(Grant {
            line: row.line,
            id: cell("id").to_string(),
            title: cell("title").to_string(),
            grantee: cell("grantee").to_string(),
            grantee_url,
            amount,
            duration,
            programme: cell("programme").to_string(),
            summary: cell("summary").to_string(),
            award_date,
            start_date,
            end_date,
            fields: table
                .headers
                .iter()
                .cloned()
                .zip(row.cells.iter().cloned())
                .filter(|(h, _)| !h.is_empty())
                .collect(),
        })
    } else {
        None
    };
    (grant, problems, warnings)
}

fn amount_message(e: &AmountError, decimal_comma: bool) -> (String, &'static str) {
    const HINT: &str = "write digits with optional £ and commas, e.g. £12,500";
    if decimal_comma && matches!(e, AmountError::Invalid | AmountError::Ambiguous) {
        return (
            "is not an amount".into(),
            "report.toml sets decimal_comma: write points for thousands and a comma for cents, e.g. 8.000,00",
        );
    }
    match e {
        AmountError::Empty => (
            "the amount is empty".into(),
            "every grant needs an amount, e.g. £12,500",
        ),
        AmountError::Invalid => ("is not an amount".into(), HINT),
        AmountError::Ambiguous => (
            "is not an amount: the commas and points are ambiguous".into(),
            "use commas for thousands and a point for pence, e.g. 8,000.00 (or set decimal_comma = true in report.toml)",
        ),
        AmountError::TooLarge => ("is too large to be an amount".into(), HINT),
        AmountError::CurrencyMismatch(c) => (
            format!("is in {c}, but the Currency column says otherwise"),
            "make the amount's symbol agree with the Currency column, or drop the symbol",
        ),
    }
}

/// Finds the column of each field: `[columns]` overrides first, then the aliases.
fn locate_fields(
    table: &Table,
    options: &MapOptions,
) -> Result<BTreeMap<&'static str, usize>, Vec<Diagnostic>> {
    let path = table.path.as_path();
    let mut problems = Vec::new();
    let mut index = BTreeMap::new();
    let normalised: Vec<String> = table.headers.iter().map(|h| normalise(h)).collect();
    for Field {
        name: field,
        aliases,
        ..
    } in FIELDS
    {
        if let Some(header) = options.columns.get(*field) {
            match table
                .headers
                .iter()
                .position(|h| h.eq_ignore_ascii_case(header.trim()))
            {
                Some(i) => {
                    index.insert(*field, i);
                }
                None => problems.push(missing_column(
                    path,
                    table,
                    header,
                    "report.toml [columns] names",
                )),
            }
            continue;
        }
        // The first alias in our list wins, so `amount` beats `Amount Applied For`-style
        // near-misses that happen to normalise to another alias.
        if let Some(i) = aliases
            .iter()
            .find_map(|a| normalised.iter().position(|n| n == a))
        {
            index.insert(*field, i);
        }
    }
    for Field {
        name: field,
        aliases,
        ..
    } in FIELDS.iter().filter(|f| f.required)
    {
        if !index.contains_key(field) && !options.columns.contains_key(*field) {
            let suggestion = table
                .headers
                .iter()
                .map(|h| (h, normalise(h)))
                .find(|(_, n)| {
                    aliases
                        .iter()
                        .any(|a| did_you_mean(a, [n.as_str()]).is_some())
                })
                .map(|(h, _)| h.as_str());
            let mut hint = format!(
                "add a \"{field}\" column, or map yours in report.toml: [columns] {field} = \"Your header\""
            );
            if let Some(s) = suggestion {
                hint = format!("did you mean the column \"{s}\"? Rename it to \"{field}\", or map it in report.toml: [columns] {field} = \"{s}\"");
            }
            problems.push(
                Diagnostic::error(format!(
                    "no \"{field}\" column; the columns are: {}",
                    table.headers.join(", ")
                ))
                .in_file(path)
                .at_line(1)
                .with_hint(hint),
            );
        }
    }
    if problems.is_empty() {
        Ok(index)
    } else {
        Err(problems)
    }
}

fn missing_column(path: &std::path::Path, table: &Table, header: &str, what: &str) -> Diagnostic {
    let mut d = Diagnostic::error(format!(
        "{what} a column that is not in the file; the columns are: {}",
        table.headers.join(", ")
    ))
    .in_file(path)
    .at_line(1)
    .with_value(header);
    if let Some(s) = did_you_mean(header, table.headers.iter().map(String::as_str)) {
        d = d.with_hint(format!("did you mean \"{s}\"?"));
    }
    d
}

/// The sum of `grants`' amounts, one total per currency (never summed across currencies),
/// in the order each currency first appears.
pub fn totals<'a>(grants: impl IntoIterator<Item = &'a Grant>) -> Vec<Money> {
    let mut out: Vec<Money> = Vec::new();
    for g in grants {
        match out.iter_mut().find(|t| t.currency == g.amount.currency) {
            Some(t) => t.minor += g.amount.minor,
            None => out.push(g.amount),
        }
    }
    out
}

/// A total as shown: with pence when any of its items has them (`£100.00` from `£50.50` and
/// `£49.50`).
pub fn format_total<'a>(total: Money, grants: impl IntoIterator<Item = &'a Grant>) -> String {
    let pence = grants
        .into_iter()
        .any(|g| g.amount.currency == total.currency && g.amount.has_pence());
    total.format(pence)
}

/// Every total of `grants`, formatted, joined with " + " (one per currency).
pub fn describe_totals(grants: &[Grant]) -> String {
    totals(grants)
        .into_iter()
        .map(|t| format_total(t, grants))
        .collect::<Vec<_>>()
        .join(" + ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{parse_table, ReadOptions};
    use std::path::Path;

    fn table(text: &str) -> Table {
        parse_table(Path::new("g.csv"), text.as_bytes(), &ReadOptions::default()).unwrap()
    }

    #[test]
    fn maps_360giving_titles_without_configuration() {
        let t = table(
            "Identifier,Title,Recipient Org:Name,Amount Awarded,Currency,Planned Dates:Duration (months),Grant Programme:Title,Extra\n\
             360G-1,Play,Club,5000,GBP,12 months,Fund A,kept\n",
        );
        let m = map_grants(&t, &MapOptions::default()).unwrap();
        let g = &m.grants[0];
        assert_eq!((g.id.as_str(), g.grantee.as_str()), ("360G-1", "Club"));
        assert_eq!(g.amount.minor, 500_000);
        assert_eq!(g.duration, Some(Months(12)));
        assert_eq!(g.programme, "Fund A");
        assert!(g.fields.contains(&("Extra".into(), "kept".into())));
    }

    #[test]
    fn reports_every_bad_row() {
        let t = table("title,grantee,amount,duration\nA,X,\"12,5OO\",\nB,Y,100,soon\nC,,200,\n");
        let err = map_grants(&t, &MapOptions::default()).unwrap_err();
        let found: Vec<_> = err
            .problems
            .iter()
            .map(|p| (p.line, p.column.clone(), p.value.clone()))
            .collect();
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found.contains(&(Some(2), Some("amount".into()), Some("12,5OO".into()))));
        assert!(found.contains(&(Some(3), Some("duration".into()), Some("soon".into()))));
        assert!(found.contains(&(Some(4), Some("grantee".into()), Some(String::new()))));
    }

    #[test]
    fn missing_required_column_suggests_the_near_miss() {
        let t = table("title,grantee,ammount\nA,B,1\n");
        let err = map_grants(&t, &MapOptions::default()).unwrap_err();
        let text = err.problems[0].to_string();
        assert!(text.contains("no \"amount\" column"), "{text}");
        assert!(
            text.contains("did you mean the column \"ammount\""),
            "{text}"
        );
    }

    #[test]
    fn totals_stay_per_currency_and_exact() {
        let t = table("title,grantee,amount\nA,X,£0.10\nB,Y,£0.20\nC,Z,€5\nD,W,\"£1,000\"\n");
        let m = map_grants(&t, &MapOptions::default()).unwrap();
        let totals = totals(&m.grants);
        assert_eq!(totals.len(), 2);
        assert_eq!(
            (totals[0].minor, totals[0].currency.code()),
            (100_030, "GBP")
        );
        assert_eq!((totals[1].minor, totals[1].currency.code()), (500, "EUR"));
    }

    #[test]
    fn placeholder_links_are_not_links() {
        assert!(is_linkable("https://cles.org.uk"));
        assert!(is_linkable("mailto:a@b.org"));
        assert!(!is_linkable("#"));
        assert!(!is_linkable(""));
        assert!(!is_linkable("www.example.org"));
        assert!(!is_linkable("javascript:alert(1)"));
    }
}
