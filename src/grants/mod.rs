//! Maps a [`Table`] of text cells onto typed [`Grant`]s (exact money, months), finding our
//! fields under their many column names and reporting every bad cell at once.

mod columns;
mod duration;
pub mod field;
mod money;

pub use columns::{describe_headers, spreadsheet_title};
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
    /// Its place among the file's grants, from 0 (the file's order, whatever the report's).
    pub position: usize,
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
        Err((_, mut p)) => {
            p.extend(table.problems.iter().cloned());
            return Err(Problems { problems: p });
        }
    };
    // Rows are mapped in parallel; grants, problems and warnings stay in row order.
    let mapped: Vec<(Option<Grant>, Vec<Diagnostic>, Vec<Diagnostic>)> = table
        .rows
        .par_iter()
        .enumerate()
        .map(|(i, row)| {
            let (grant, mut p, mut w) = map_row(table, &index, options, row);
            // A file that names its rows (JSON's `grants[12] (360G-ABC-123)`) names them in
            // each message too.
            if let Some((_, record)) = table.records.get(i) {
                for d in p.iter_mut().chain(w.iter_mut()) {
                    d.record = Some(record.clone());
                }
            }
            (grant, p, w)
        })
        .collect();
    let mut grants = Vec::with_capacity(mapped.len());
    let mut warnings = Vec::new();
    for (grant, p, w) in mapped {
        grants.extend(grant);
        problems.extend(p);
        warnings.extend(w);
    }
    for (i, g) in grants.iter_mut().enumerate() {
        g.position = i;
    }
    // The file's structural problems among the rows' own, in line order.
    problems.extend(table.problems.iter().cloned());
    problems.sort_by_key(|d| d.line.unwrap_or(0));
    if table.rows.is_empty() && table.problems.is_empty() {
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

/// One row as a grant (`None` if it has problems), with its problems and warnings. Each cell
/// is parsed by its own function; a bad cell is one problem, and the rest of the row is still
/// checked so one run lists everything.
fn map_row(
    table: &Table,
    index: &BTreeMap<&'static str, usize>,
    options: &MapOptions,
    row: &Row,
) -> (Option<Grant>, Vec<Diagnostic>, Vec<Diagnostic>) {
    let cells = Cells { table, index, row };
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let p = &mut problems;
    ok(cells.required("title"), p);
    ok(cells.required("grantee"), p);
    let (currency, explicit) =
        ok(cells.currency(options.currency), p).unwrap_or((options.currency, false));
    let amount = ok(cells.amount(currency, explicit, options, &mut warnings), p);
    let award_date = ok(cells.date("award_date"), p).flatten();
    let start_date = ok(cells.date("start_date"), p).flatten();
    let end_date = ok(cells.date("end_date"), p).flatten();
    let duration = ok(cells.duration(start_date, end_date), p).flatten();
    let grantee_url = cells.grantee_url(&mut warnings);
    // A row with any problem gives no grant.
    let row_ok = problems.is_empty();
    let grant = match (row_ok, amount) {
        (true, Some(amount)) => Some(Grant {
            line: row.line,
            position: 0,
            id: cells.get("id").to_string(),
            title: cells.get("title").to_string(),
            grantee: cells.get("grantee").to_string(),
            grantee_url,
            amount,
            duration,
            programme: cells.get("programme").to_string(),
            summary: cells.get("summary").to_string(),
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
        }),
        _ => None,
    };
    (grant, problems, warnings)
}

/// The value, or `None` with its problem added to `problems`.
fn ok<T>(result: Result<T, Diagnostic>, problems: &mut Vec<Diagnostic>) -> Option<T> {
    result.map_err(|d| problems.push(d)).ok()
}

/// A row's cells, found by field, and the problems and warnings they give.
struct Cells<'a> {
    table: &'a Table,
    index: &'a BTreeMap<&'static str, usize>,
    row: &'a Row,
}

// The parsers return the problem itself: it is rare, and the Ok path is the hot one.
#[allow(clippy::result_large_err)]
impl<'a> Cells<'a> {
    /// The field's cell, trimmed; empty when the table has no such column.
    fn get(&self, field: &str) -> &'a str {
        self.index
            .get(field)
            .and_then(|&i| self.row.cells.get(i))
            .map_or("", |s| s.trim())
    }

    /// The header of the field's column (the field's name when there is none).
    fn header(&self, field: &str) -> String {
        self.index
            .get(field)
            .map_or_else(|| field.to_string(), |&i| self.table.headers[i].clone())
    }

    /// A diagnostic about the field's cell holding `value`.
    fn about(&self, d: Diagnostic, field: &str, value: &str, hint: &str) -> Diagnostic {
        d.in_file(&self.table.path)
            .at_line(self.row.line)
            .in_column(self.header(field))
            .with_value(value)
            .with_hint(hint)
    }

    fn problem(&self, field: &str, value: &str, message: &str, hint: &str) -> Diagnostic {
        self.about(Diagnostic::error(message), field, value, hint)
    }

    /// A field every grant needs.
    fn required(&self, field: &str) -> Result<&'a str, Diagnostic> {
        match self.get(field) {
            "" => Err(self.problem(
                field,
                "",
                &format!("the {field} is empty"),
                &format!("every grant needs a {field}; fill it in or delete the row"),
            )),
            text => Ok(text),
        }
    }

    /// The Currency column's code and whether one was given (else `default`).
    fn currency(&self, default: Currency) -> Result<(Currency, bool), Diagnostic> {
        match self.get("currency") {
            "" => Ok((default, false)),
            text => Currency::from_code(text).map(|c| (c, true)).ok_or_else(|| {
                self.problem(
                    "currency",
                    text,
                    "is not a currency code",
                    "use a three-letter ISO code such as GBP, EUR or USD",
                )
            }),
        }
    }

    /// The amount, in the row's currency; warns of a symbol that disagrees with the Currency
    /// column and of a negative amount.
    fn amount(
        &self,
        currency: Currency,
        explicit: bool,
        options: &MapOptions,
        warnings: &mut Vec<Diagnostic>,
    ) -> Result<Money, Diagnostic> {
        let text = self.get("amount");
        let parsed = match parse_amount_in(text, currency, explicit, options.decimal_comma) {
            // The Currency column wins over a symbol in the amount; say so.
            Err(AmountError::CurrencyMismatch(symbol)) => {
                warnings.push(self.about(
                    Diagnostic::warning(format!(
                        "is written in {symbol}, but the Currency column says {currency}; it is counted as {currency}"
                    )),
                    "amount",
                    text,
                    "make the amount's symbol agree with the Currency column, or drop the symbol",
                ));
                parse_amount_in(text, currency, false, options.decimal_comma)
                    .map(|m| Money { currency, ..m })
            }
            other => other,
        };
        let m = parsed.map_err(|e| {
            let (message, hint) = amount_message(&e, options.decimal_comma);
            self.problem("amount", text, &message, hint)
        })?;
        if m.minor < 0 {
            warnings.push(self.about(
                Diagnostic::warning("is a negative amount (a revoked or returned grant?)"),
                "amount",
                text,
                "it is shown and totalled as negative; delete the row to leave it out",
            ));
        }
        Ok(m)
    }

    /// A date, or `None` when the cell is blank.
    fn date(&self, field: &str) -> Result<Option<Date>, Diagnostic> {
        let text = self.get(field);
        if text.is_empty() {
            return Ok(None);
        }
        parse_date(text).map(Some).ok_or_else(|| {
            self.problem(
                field,
                text,
                "is not a date",
                "write it as 2024-03-26 or 26/03/2024 (day first)",
            )
        })
    }

    /// The duration; when blank, worked out from the planned dates when there are both.
    fn duration(
        &self,
        start: Option<Date>,
        end: Option<Date>,
    ) -> Result<Option<Months>, Diagnostic> {
        let text = self.get("duration");
        match parse_duration(text) {
            Ok(None) => Ok(start
                .zip(end)
                .and_then(|(s, e)| months_between(s, e))
                .map(Months)),
            Ok(d) => Ok(d),
            Err(_) => Err(self.problem(
                "duration",
                text,
                "is not a duration",
                "write months (24, 24 months) or years (2 years, over two years, 1 year 6 months), or leave it blank",
            )),
        }
    }

    /// The grantee's web address when it can be a link; warns about one that cannot.
    fn grantee_url(&self, warnings: &mut Vec<Diagnostic>) -> String {
        let url = self.get("grantee_url");
        if is_linkable(url) {
            return url.to_string();
        }
        if !url.is_empty() {
            // A placeholder such as "#" or an address without its scheme: say so, since the
            // grantee will not be a link.
            warnings.push(self.about(
                Diagnostic::warning("is not a web address, so the grantee is not linked"),
                "grantee_url",
                url,
                "write the full address, e.g. https://www.example.org.uk, or leave the cell empty",
            ));
        }
        String::new()
    }
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

/// The template keys a table gives every grant a value for: those always there (`number`,
/// the required fields, `currency`), each field whose column the table has, and the
/// duration when its column or both planned dates are there. A template that uses any other
/// key unguarded by `{{#if}}` would print it empty.
pub fn available_keys(table: &Table, options: &MapOptions) -> Vec<&'static str> {
    let index = match locate_fields(table, options) {
        Ok(index) | Err((index, _)) => index,
    };
    let has = |f: &str| index.contains_key(f);
    let mut keys = vec!["number", "currency", "amount_value"];
    for f in FIELDS {
        if f.required || has(f.name) {
            keys.push(f.name);
        }
    }
    if has("duration") || (has("start_date") && has("end_date")) {
        keys.extend(["duration", "duration_months"]);
    }
    keys
}

/// Each field's column.
type FieldIndex = BTreeMap<&'static str, usize>;

/// Finds the column of each field: `[columns]` overrides first, then the aliases. On
/// problems, what was found anyway comes with them.
fn locate_fields(
    table: &Table,
    options: &MapOptions,
) -> Result<FieldIndex, (FieldIndex, Vec<Diagnostic>)> {
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
    for f in FIELDS.iter().filter(|f| f.required) {
        if !index.contains_key(f.name) && !options.columns.contains_key(f.name) {
            problems.push(missing_field(table, f));
        }
    }
    if problems.is_empty() {
        Ok(index)
    } else {
        Err((index, problems))
    }
}

/// A required field no column holds, with the closest header as a suggestion.
fn missing_field(table: &Table, Field { name, aliases, .. }: &Field) -> Diagnostic {
    let field = name;
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
    let hint = match suggestion {
        Some(s) => format!("did you mean the column \"{s}\"? Rename it to \"{field}\", or map it in report.toml: [columns] {field} = \"{s}\""),
        None => format!(
            "add a \"{field}\" column, or map yours in report.toml: [columns] {field} = \"Your header\""
        ),
    };
    Diagnostic::error(format!(
        "no \"{field}\" column; the columns are: {}",
        describe_headers(&table.headers)
    ))
    .in_file(&table.path)
    .at_line(1)
    .with_hint(hint)
}

fn missing_column(path: &std::path::Path, table: &Table, header: &str, what: &str) -> Diagnostic {
    let mut d = Diagnostic::error(format!(
        "{what} a column that is not in the file; the columns are: {}",
        describe_headers(&table.headers)
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
