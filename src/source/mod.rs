//! Reads a spreadsheet export (CSV or TSV, any common encoding) into a [`Table`] of text cells
//! with the 1-based line each row starts on.

mod decode;
mod spreadsheet;

use crate::diagnostic::{Diagnostic, Problems};
use std::path::{Path, PathBuf};

pub use decode::Encoding;

/// The cells of a data file, as text, with where each row came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub path: PathBuf,
    /// Header names as written (trimmed).
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
}

/// One data row: its 1-based line number in the file and one cell per header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub line: usize,
    pub cells: Vec<String>,
}

/// How to read a file; `None` means detect it.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    pub encoding: Option<Encoding>,
    pub delimiter: Option<u8>,
    /// The workbook sheet to read (default: the first).
    pub sheet: Option<String>,
}

/// Why a data file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The file was read but its contents are malformed (every problem listed).
    #[error("{} problem(s) in {}", problems.len(), path.display())]
    Malformed { path: PathBuf, problems: Problems },
}

/// Reads `path` into a [`Table`]: a workbook (`.xlsx`, `.ods`, ...) by its first or named
/// sheet, anything else as delimited text, detecting encoding and delimiter unless `options`
/// fix them.
pub fn read_table(path: &Path, options: &ReadOptions) -> Result<Table, ReadError> {
    if spreadsheet::is_workbook(path) {
        return spreadsheet::read_workbook(path, options.sheet.as_deref());
    }
    let bytes = std::fs::read(path).map_err(|source| ReadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse_table(path, &bytes, options)
}

/// Parses the bytes of a delimited text file; `path` is only used in messages.
pub fn parse_table(path: &Path, bytes: &[u8], options: &ReadOptions) -> Result<Table, ReadError> {
    let malformed = |problems: Vec<Diagnostic>| ReadError::Malformed {
        path: path.to_path_buf(),
        problems: problems.into(),
    };
    let text = decode::decode(bytes, options.encoding);
    if text.trim().is_empty() {
        return Err(malformed(vec![Diagnostic::error("the file is empty")
            .in_file(path)
            .with_hint(
                "export the sheet again with a header row and at least one grant",
            )]));
    }
    let delimiter = options.delimiter.unwrap_or_else(|| sniff_delimiter(&text));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());

    let mut problems = Vec::new();
    let mut headers: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut lines = LineCounter::new(&text);
    loop {
        let line = lines.at(reader.position().byte() as usize);
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                problems.push(
                    Diagnostic::error(format!("this row cannot be read: {e}"))
                        .in_file(path)
                        .at_line(line)
                        .with_hint(
                            "check the row's quotes: a cell that starts with \" must end with \"",
                        ),
                );
                break;
            }
        }
        let line = record
            .position()
            .map_or(line, |p| lines.at(p.byte() as usize));
        let cells = cells_of(&record);
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        match &headers {
            None => headers = Some(cells.iter().map(|c| c.trim().to_string()).collect()),
            Some(h) => match fit_row(cells, h.len()) {
                Ok(cells) => rows.push(Row { line, cells }),
                Err(found) => problems.push(
                    Diagnostic::error(format!(
                        "this row has {found} cells but the header row has {}",
                        h.len()
                    ))
                    .in_file(path)
                    .at_line(line)
                    .with_hint(
                        "a cell containing the delimiter or a line break must be in double quotes",
                    ),
                ),
            },
        }
    }
    finish_table(path, headers.unwrap_or_default(), rows, problems)
}

/// Finds the 1-based line of a byte offset, counting newlines from where it last looked
/// (records come in order). csv's own line count skips blank lines.
struct LineCounter<'t> {
    text: &'t [u8],
    /// A byte, and the line it is on.
    counted: (usize, usize),
}

impl<'t> LineCounter<'t> {
    fn new(text: &'t str) -> Self {
        LineCounter {
            text: text.as_bytes(),
            counted: (0, 1),
        }
    }

    /// The line of the record starting at `byte`. A record's reported start may sit on the
    /// previous terminator's `\n` or on skipped blank lines, so it moves forward to its
    /// first real byte.
    fn at(&mut self, byte: usize) -> usize {
        let (from, line) = self.counted;
        let bytes = self.text;
        let mut to = byte.min(bytes.len()).max(from);
        while to < bytes.len() && matches!(bytes[to], b'\r' | b'\n') {
            to += 1;
        }
        let line = line + bytes[from..to].iter().filter(|&&b| b == b'\n').count();
        self.counted = (to, line);
        line
    }
}

/// A record's cells, Windows line breaks inside cells made plain.
fn cells_of(record: &csv::StringRecord) -> Vec<String> {
    record
        .iter()
        .map(|c| {
            if c.contains('\r') {
                c.replace("\r\n", "\n")
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// A row's cells made as many as the header's: blank cells past the end are dropped, missing
/// ones are a problem (`Err` with how many there are), as are extra cells with text.
fn fit_row(mut cells: Vec<String>, width: usize) -> Result<Vec<String>, usize> {
    if cells.len() != width {
        let extra_blank = cells.len() > width && cells[width..].iter().all(|c| c.trim().is_empty());
        if !extra_blank {
            return Err(cells.len());
        }
    }
    cells.resize(width, String::new());
    Ok(cells)
}

/// The table, once the header row is checked for duplicates, or every problem found.
fn finish_table(
    path: &Path,
    headers: Vec<String>,
    rows: Vec<Row>,
    mut problems: Vec<Diagnostic>,
) -> Result<Table, ReadError> {
    problems.extend(duplicate_headers(path, &headers));
    if problems.is_empty() {
        Ok(Table {
            path: path.to_path_buf(),
            headers,
            rows,
        })
    } else {
        Err(ReadError::Malformed {
            path: path.to_path_buf(),
            problems: problems.into(),
        })
    }
}

fn duplicate_headers(path: &Path, headers: &[String]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        if !h.is_empty() && headers[..i].iter().any(|o| o.eq_ignore_ascii_case(h)) {
            out.push(
                Diagnostic::error("this column name appears twice in the header row")
                    .in_file(path)
                    .at_line(1)
                    .with_value(h.clone())
                    .with_hint("rename or delete one of the two columns"),
            );
        }
    }
    out
}

/// Picks the delimiter among `,` `;` tab `|` that splits the first lines most consistently
/// (quoted text is skipped so commas inside cells do not count).
fn sniff_delimiter(text: &str) -> u8 {
    const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];
    let lines = logical_lines(text, 20);
    let mut best = (b',', 0usize);
    for &d in &CANDIDATES {
        let counts: Vec<usize> = lines.iter().map(|l| count_unquoted(l, d)).collect();
        let Some(&first) = counts.first() else {
            continue;
        };
        if first == 0 {
            continue;
        }
        // Every sampled record should split into the same number of cells as the header.
        let consistent = counts.iter().filter(|&&c| c == first).count();
        let score = consistent * 1000 + first;
        if score > best.1 {
            best = (d, score);
        }
    }
    best.0
}

/// The first `n` records of the text, joining lines that continue a quoted cell.
fn logical_lines(text: &str, n: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_quotes = false;
    for line in text.lines() {
        if !cur.is_empty() {
            cur.push('\n');
        }
        cur.push_str(line);
        in_quotes ^= line.bytes().filter(|&b| b == b'"').count() % 2 == 1;
        if !in_quotes {
            if !cur.trim().is_empty() {
                out.push(std::mem::take(&mut cur));
            } else {
                cur.clear();
            }
            if out.len() == n {
                break;
            }
        }
    }
    out
}

fn count_unquoted(line: &str, delimiter: u8) -> usize {
    let mut in_quotes = false;
    line.bytes()
        .filter(|&b| {
            if b == b'"' {
                in_quotes = !in_quotes;
            }
            !in_quotes && b == delimiter
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Table, ReadError> {
        parse_table(Path::new("t.csv"), text.as_bytes(), &ReadOptions::default())
    }

    #[test]
    fn reads_quoted_multiline_cells_with_their_start_lines() {
        let t = parse("id,summary\n1,\"first\n\nsecond\"\n2,plain\n").unwrap();
        assert_eq!(t.headers, ["id", "summary"]);
        assert_eq!(t.rows[0].line, 2);
        assert_eq!(t.rows[0].cells[1], "first\n\nsecond");
        assert_eq!(t.rows[1].line, 5);
    }

    #[test]
    fn sniffs_semicolons_tabs_and_pipes() {
        for d in [";", "\t", "|"] {
            let text = format!("id{d}amount{d}title\n1{d}\"1,000\"{d}A, B\n");
            let t = parse(&text).unwrap();
            assert_eq!(t.headers, ["id", "amount", "title"], "delimiter {d:?}");
            assert_eq!(t.rows[0].cells[1], "1,000");
        }
    }

    #[test]
    fn ragged_rows_are_reported_with_line_numbers() {
        let Err(ReadError::Malformed { problems, .. }) = parse("a,b\n1,2\n3\n4,5,6\n") else {
            panic!("expected problems");
        };
        let lines: Vec<_> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [Some(3), Some(4)]);
    }

    #[test]
    fn skips_blank_rows_and_trailing_empty_cells() {
        let t = parse("a,b\r\n1,2,\r\n,\r\n\r\n3,4\r\n").unwrap();
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1].line, 5);
    }

    #[test]
    fn empty_file_is_a_problem_not_a_panic() {
        assert!(matches!(parse(""), Err(ReadError::Malformed { .. })));
    }
}
