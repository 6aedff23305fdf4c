//! Reads the first (or a named) sheet of an `.xlsx`, `.xls`, `.xlsb` or `.ods` workbook into a
//! [`Table`], keeping the spreadsheet's own types: numbers without float noise, dates as dates,
//! and rows numbered as the spreadsheet shows them.

use super::{ReadError, Row, Table};
use crate::diagnostic::Diagnostic;
use calamine::{open_workbook_auto_from_rs, Data, Reader};
use std::path::Path;

/// Whether `path` names a workbook (by extension).
pub fn is_workbook(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "xlsx" | "xlsm" | "xls" | "xlsb" | "ods"
        )
    })
}

/// Parses sheet `sheet` (default: the first) of a workbook's bytes; `path` is only used in
/// messages.
pub fn parse_workbook(
    path: &Path,
    bytes: Vec<u8>,
    sheet: Option<&str>,
) -> Result<Table, ReadError> {
    let sheet = open_sheet(path, bytes, sheet)?;
    let mut headers: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for (line, cells) in sheet.rows() {
        let at = |d: Diagnostic| d.in_file(path).at_line(line);
        let mut texts = row_texts(&cells, headers.as_deref(), |d| problems.push(at(d)));
        problems.extend(super::check_sizes(
            path,
            line,
            headers.as_deref(),
            &mut texts,
        ));
        if texts.iter().all(|t| t.trim().is_empty()) {
            continue;
        }
        match &headers {
            None => {
                // Trailing empty header cells are unused columns.
                while texts.last().is_some_and(|t| t.trim().is_empty()) {
                    texts.pop();
                }
                headers = Some(texts.iter().map(|t| t.trim().to_string()).collect());
            }
            Some(h) => {
                texts.resize(h.len().max(texts.len()), String::new());
                if texts[h.len()..].iter().any(|t| !t.trim().is_empty()) {
                    problems.push(at(Diagnostic::error(
                        "this row has values in columns with no header",
                    )
                    .with_hint(
                        "give every column a header in the first row, or delete the stray values",
                    )));
                }
                texts.truncate(h.len());
                rows.push(Row { line, cells: texts });
            }
        }
    }
    super::finish_table(path, headers.unwrap_or_default(), rows, problems)
}

/// The most a workbook's parts may inflate to, each, measured as they inflate (a 1.6 KB file
/// can hold a sheet that inflates to gigabytes, and a zip directory can understate it).
pub const INFLATED_LIMIT: u64 = 256 << 20;

/// The longest run of an XML part's bytes between one `<` or `>` and the next: one cell's
/// text, escaped, is far shorter (a cell holds at most [`super::MAX_CELL`] characters), and
/// the XML reader holds each run whole.
pub const XML_RUN_LIMIT: u64 = 4 << 20;

/// A sheet's cells: as a range (`.xls`, `.ods`), or as the cells that hold data, row by row
/// (`.xlsx`, `.xlsb`: read cell by cell, so memory follows the cells, not the sheet's
/// declared dimensions).
enum Sheet {
    Range(calamine::Range<Data>),
    Cells(std::collections::BTreeMap<u32, Vec<(u32, Data)>>),
}

impl Sheet {
    /// Each row with its 1-based line, as the spreadsheet numbers it, and its cells from
    /// column A (up to one past the column limit, so a row too wide is still seen as such).
    fn rows(&self) -> Box<dyn Iterator<Item = (usize, Vec<Data>)> + '_> {
        match self {
            Sheet::Range(range) => {
                let first = range.start().map_or(0, |(r, _)| r as usize);
                let skip = range.start().map_or(0, |(_, c)| c as usize);
                Box::new(range.rows().enumerate().map(move |(i, cells)| {
                    let mut row = vec![Data::Empty; skip];
                    row.extend(cells.iter().cloned());
                    (first + i + 1, row)
                }))
            }
            Sheet::Cells(rows) => Box::new(rows.iter().map(|(r, cells)| {
                let width = cells
                    .iter()
                    .map(|(c, _)| *c as usize + 1)
                    .max()
                    .unwrap_or(0)
                    .min(super::MAX_COLUMNS + 1);
                let mut row = vec![Data::Empty; width];
                for (c, d) in cells {
                    if let Some(slot) = row.get_mut(*c as usize) {
                        *slot = d.clone();
                    }
                }
                (*r as usize + 1, row)
            })),
        }
    }
}

/// Refuses a zip-based workbook any of whose parts inflates past [`INFLATED_LIMIT`] or holds
/// an XML run past [`XML_RUN_LIMIT`]: each part is inflated here, as a stream into a counter,
/// before the spreadsheet reader holds any of it.
fn check_inflated(bytes: &[u8]) -> Result<(), String> {
    if !bytes.starts_with(b"PK") {
        return Ok(());
    }
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return Ok(()); // calamine says what is wrong with it
    };
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index(i) else {
            continue; // calamine says so if it needs the part
        };
        let name = entry.name().to_string();
        let xml = name.ends_with(".xml") || name.ends_with(".rels");
        let mut measure = PartMeasure::default();
        let mut limited = std::io::Read::take(entry, INFLATED_LIMIT + 1);
        let mut buffer = vec![0u8; 64 << 10];
        loop {
            match std::io::Read::read(&mut limited, &mut buffer) {
                Ok(0) => break,
                Ok(n) => measure.add(&buffer[..n], xml),
                Err(_) => break, // a damaged part: calamine reports it if it reads it
            }
        }
        if measure.size > INFLATED_LIMIT {
            return Err(format!(
                "the workbook's part {name} inflates to more than the {} MiB a part may",
                INFLATED_LIMIT >> 20
            ));
        }
        if measure.longest_run > XML_RUN_LIMIT {
            return Err(format!(
                "the workbook's part {name} holds a run of more than {} MiB of text with no markup (one cell may hold {} characters)",
                XML_RUN_LIMIT >> 20,
                super::MAX_CELL
            ));
        }
    }
    // An OpenDocument sheet's repeat counts, multiplied out before calamine does.
    let Ok(content) = zip.by_name("content.xml") else {
        return Ok(());
    };
    let mut xml = Vec::new();
    std::io::Read::read_to_end(&mut std::io::Read::take(content, INFLATED_LIMIT), &mut xml)
        .map_err(|e| format!("its content cannot be read: {e}"))?;
    match super::ods_bound::oversized_table(&xml)? {
        Some((name, rows, span)) => Err(format!(
            "sheet \"{name}\" lays out {rows} rows and {span} cells once its repeated rows and cells are multiplied out, more than a sheet may ({} rows, {} cells)",
            super::ods_bound::MAX_ROWS,
            super::ods_bound::MAX_SPAN
        )),
        None => Ok(()),
    }
}

/// What [`check_inflated`] measures of one part as it inflates.
#[derive(Default)]
struct PartMeasure {
    size: u64,
    run: u64,
    longest_run: u64,
}

impl PartMeasure {
    /// Counts `chunk`, and for an XML part the runs between `<` and `>`.
    fn add(&mut self, chunk: &[u8], xml: bool) {
        self.size += chunk.len() as u64;
        if !xml {
            return;
        }
        let mut rest = chunk;
        while let Some(at) = rest.iter().position(|&b| b == b'<' || b == b'>') {
            self.longest_run = self.longest_run.max(self.run + at as u64);
            self.run = 0;
            rest = &rest[at + 1..];
        }
        self.run += rest.len() as u64;
        self.longest_run = self.longest_run.max(self.run);
    }
}

/// A cell read from a sheet: its (row, column), from 0, and its value.
type PlacedCell = ((u32, u32), Data);

/// Reads a sheet of an `.xlsx` or `.xlsb` cell by cell, keeping the cells that hold data.
fn cells_of(next: &mut dyn FnMut() -> Result<Option<PlacedCell>, String>) -> Result<Sheet, String> {
    let mut rows: std::collections::BTreeMap<u32, Vec<(u32, Data)>> = Default::default();
    while let Some(((r, c), value)) = next()? {
        if value != Data::Empty {
            rows.entry(r).or_default().push((c, value));
        }
    }
    Ok(Sheet::Cells(rows))
}

/// The cells of sheet `sheet` (default: the first) of the workbook at `path`.
fn open_sheet(path: &Path, bytes: Vec<u8>, sheet: Option<&str>) -> Result<Sheet, ReadError> {
    let malformed = |d: Diagnostic| ReadError::Malformed {
        path: path.to_path_buf(),
        problems: d.in_file(path).into(),
    };
    check_inflated(&bytes).map_err(|why| {
        malformed(Diagnostic::error(why).with_hint(
            "open it in your spreadsheet program and save it again, or export it as CSV",
        ))
    })?;
    let mut workbook = open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).map_err(|e| match e {
        calamine::Error::Io(source) => ReadError::Io {
            path: path.to_path_buf(),
            source,
        },
        other => malformed(
            Diagnostic::error(format!("this workbook cannot be read: {other}"))
                .with_hint("open it in your spreadsheet program and save it again as .xlsx, or export it as CSV"),
        ),
    })?;
    let names = workbook.sheet_names();
    let name = match sheet {
        Some(wanted) => names
            .iter()
            .find(|n| n.eq_ignore_ascii_case(wanted))
            .cloned()
            .ok_or_else(|| {
                malformed(
                    Diagnostic::error(format!("there is no sheet \"{wanted}\""))
                        .with_hint(format!("the sheets are: {}", names.join(", "))),
                )
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| malformed(Diagnostic::error("the workbook has no sheets")))?,
    };
    let unreadable = |e: String| {
        malformed(Diagnostic::error(format!(
            "sheet \"{name}\" cannot be read: {e}"
        )))
    };
    macro_rules! stream_cells {
        ($book:expr) => {{
            let mut reader = $book
                .worksheet_cells_reader(&name)
                .map_err(|e| unreadable(e.to_string()))?;
            cells_of(&mut || {
                reader
                    .next_cell()
                    .map(|c| c.map(|c| (c.get_position(), Data::from(c.get_value().clone()))))
                    .map_err(|e| e.to_string())
            })
            .map_err(unreadable)
        }};
    }
    match &mut workbook {
        // Both have a cells reader of the same shape (but no trait for it).
        calamine::Sheets::Xlsx(x) => stream_cells!(x),
        calamine::Sheets::Xlsb(x) => stream_cells!(x),
        other => other
            .worksheet_range(&name)
            .map(Sheet::Range)
            .map_err(|e| unreadable(e.to_string())),
    }
}

/// A row's cells as text; a cell showing a spreadsheet error is a problem (given to
/// `problem`, in the column `headers` names) and empty.
fn row_texts(
    cells: &[Data],
    headers: Option<&[String]>,
    mut problem: impl FnMut(Diagnostic),
) -> Vec<String> {
    let mut texts = Vec::with_capacity(cells.len());
    for cell in cells {
        match cell_text(cell) {
            Ok(t) => texts.push(t),
            Err(code) => {
                let column = headers
                    .and_then(|h| h.get(texts.len()).cloned())
                    .unwrap_or_default();
                problem(
                    Diagnostic::error(format!("the cell shows the spreadsheet error {code}"))
                        .in_column(column)
                        .with_hint("fix the formula in the spreadsheet, or type the value in"),
                );
                texts.push(String::new());
            }
        }
    }
    texts
}

/// A cell as the user sees it; `Err` carries a spreadsheet error code such as `#DIV/0!`.
fn cell_text(cell: &Data) -> Result<String, String> {
    Ok(match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, h, mi, s, _) = dt.to_ymd_hms_milli();
            if (h, mi, s) == (0, 0, 0) {
                format!("{y:04}-{m:02}-{d:02}")
            } else {
                format!("{y:04}-{m:02}-{d:02} {h:02}:{mi:02}")
            }
        }
        Data::DateTime(dt) => number_text(dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => return Err(format!("{e}")),
    })
}

/// A number as a person would type it: `103000`, `1339.73`; binary noise such as
/// `103000.0000001` is rounded away when it is below a hundredth.
pub fn number_text(f: f64) -> String {
    if !f.is_finite() {
        return f.to_string();
    }
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return format!("{f:.0}");
    }
    let hundredths = (f * 100.0).round();
    if ((f * 100.0) - hundredths).abs() < 1e-4_f64.max(f.abs() * 1e-9) && f.abs() < 1e13 {
        let h = hundredths as i64;
        let (sign, h) = if h < 0 { ("-", -h) } else { ("", h) };
        return match h % 100 {
            0 => format!("{sign}{}", h / 100),
            r if r % 10 == 0 => format!("{sign}{}.{}", h / 100, r / 10),
            r => format!("{sign}{}.{r:02}", h / 100),
        };
    }
    f.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_typed() {
        assert_eq!(number_text(103000.0), "103000");
        assert_eq!(number_text(1339.73), "1339.73");
        assert_eq!(number_text(103000.000_000_1), "103000");
        assert_eq!(number_text(-2.5), "-2.5");
        assert_eq!(number_text(0.5), "0.5");
        assert_eq!(number_text(24.0), "24");
        assert_eq!(number_text(1.2345), "1.2345");
    }

    #[test]
    fn workbooks_are_known_by_extension() {
        assert!(is_workbook(Path::new("grants.XLSX")));
        assert!(is_workbook(Path::new("a/grants.ods")));
        assert!(!is_workbook(Path::new("grants.csv")));
    }
}
