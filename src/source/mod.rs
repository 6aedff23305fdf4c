//! Reads a spreadsheet export (CSV or TSV, any common encoding) into a [`Table`] of text cells
//! with the 1-based line each row starts on.

mod decode;
pub mod json;
mod ods_bound;
mod spreadsheet;
mod strict;

use crate::diagnostic::{Diagnostic, Problems};
use std::path::{Path, PathBuf};

pub use decode::Encoding;
pub use spreadsheet::parse_workbook;

/// The cells of a data file, as text, with where each row came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub path: PathBuf,
    /// Header names as written (trimmed).
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
    /// Problems with the file's structure (a row that cannot be read, a quote never closed,
    /// a line that is not UTF-8), found while the rows that could be read were read: those
    /// rows are still checked, so one run lists every problem. Empty for a sound file.
    pub problems: Vec<Diagnostic>,
    /// How messages name each row (in row order, with its line), when the file's rows are
    /// records with names of their own (`grants[12] (360G-ABC-123)` in JSON); empty for
    /// tables.
    pub records: Vec<(usize, String)>,
}

/// One data row: its 1-based line number in the file and one cell per header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub line: usize,
    pub cells: Vec<String>,
}

/// The most columns a table may have (Excel's own limit).
pub const MAX_COLUMNS: usize = 16_384;
/// The most characters a cell may hold (a case study fills a page at about 4,000).
pub const MAX_CELL: usize = 100_000;

/// Problems with a row's size against [`MAX_COLUMNS`] and [`MAX_CELL`]; a cell too long is
/// emptied (so what follows still reads) and named by its column.
pub(crate) fn check_sizes(
    path: &Path,
    line: usize,
    headers: Option<&[String]>,
    cells: &mut [String],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if cells.len() > MAX_COLUMNS {
        out.push(
            Diagnostic::error(format!(
                "this row has {} cells, more than the {MAX_COLUMNS} columns a table may have",
                cells.len()
            ))
            .in_file(path)
            .at_line(line)
            .with_hint("is it the right file, and the right delimiter (--delimiter)?"),
        );
    }
    for (i, cell) in cells.iter_mut().enumerate() {
        if cell.len() > MAX_CELL && cell.chars().count() > MAX_CELL {
            let mut d = Diagnostic::error(format!(
                "this cell holds {} characters, more than the {MAX_CELL} a cell may hold",
                cell.chars().count()
            ))
            .in_file(path)
            .at_line(line)
            .with_value(std::mem::take(cell).chars().take(80).collect::<String>())
            .with_hint("shorten it (a case study fills a page at about 4,000 characters)");
            if let Some(h) = headers.and_then(|h| h.get(i)) {
                d = d.in_column(h.clone());
            }
            out.push(d);
        }
    }
    out
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
pub fn read_table(
    files: &crate::files::Files,
    path: &Path,
    options: &ReadOptions,
) -> Result<Table, ReadError> {
    let bytes = files
        .read(path, crate::files::DATA_LIMIT)
        .map_err(|source| ReadError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    if spreadsheet::is_workbook(path) {
        return spreadsheet::parse_workbook(path, bytes, options.sheet.as_deref());
    }
    if json::is_json(path, &bytes) {
        return json::parse_json(path, &bytes).map_err(|problems| ReadError::Malformed {
            path: path.to_path_buf(),
            problems: problems.into(),
        });
    }
    parse_table(path, &bytes, options)
}

/// Parses the bytes of a delimited text file; `path` is only used in messages. Structural
/// problems (see [`Table::problems`]) do not stop the rows that can be read.
pub fn parse_table(path: &Path, bytes: &[u8], options: &ReadOptions) -> Result<Table, ReadError> {
    let (text, flaws) = decode::decode(bytes, options.encoding);
    if text.trim().is_empty() {
        return Err(ReadError::Malformed {
            path: path.to_path_buf(),
            problems: Diagnostic::error("the file is empty")
                .in_file(path)
                .with_hint("export the sheet again with a header row and at least one grant")
                .into(),
        });
    }
    let problems: Vec<Diagnostic> = flaws.iter().map(|f| flaw(path, &text, f)).collect();
    let delimiter = options.delimiter.unwrap_or_else(|| sniff_delimiter(&text));
    let mut parsed = Parsed {
        path,
        headers: None,
        rows: Vec::new(),
        problems,
    };
    read_records(&text, delimiter, &mut parsed)?;
    let Parsed {
        headers,
        rows,
        problems,
        ..
    } = parsed;
    finish_table(path, headers.unwrap_or_default(), rows, problems)
}

/// What reading a delimited file has found so far.
struct Parsed<'p> {
    path: &'p Path,
    headers: Option<Vec<String>>,
    rows: Vec<Row>,
    problems: Vec<Diagnostic>,
}

/// Reads every record of `text` into `parsed`. A quote that ran away is reported and the
/// text read again from the line after it, so the rows after it are still checked; `Err`
/// only for a file too wide to be a table.
fn read_records(text: &str, delimiter: u8, parsed: &mut Parsed) -> Result<(), ReadError> {
    let mut builder = csv::ReaderBuilder::new();
    builder
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true);
    let mut record = csv::StringRecord::new();
    let mut lines = LineCounter::new(text);
    let mut start = 0;
    'file: loop {
        let mut reader = builder.from_reader(&text.as_bytes()[start..]);
        loop {
            let line = lines.at(start + reader.position().byte() as usize);
            match reader.read_record(&mut record) {
                Ok(false) => return Ok(()),
                Ok(true) => {}
                Err(e) => {
                    parsed.problems.push(
                        Diagnostic::error(format!("this row cannot be read: {e}"))
                            .in_file(parsed.path)
                            .at_line(line)
                            .with_hint(
                                "check the row's quotes: a cell that starts with \" must end with \"",
                            ),
                    );
                    return Ok(());
                }
            }
            let from = start + record.position().map_or(0, |p| p.byte() as usize);
            let to = start + reader.position().byte() as usize;
            let line = lines.at(from);
            let Some(found) = parsed.take(&record, line)? else {
                continue;
            };
            if let Some(quote) = runaway_quote(text.as_bytes(), from, to, delimiter) {
                let opened = line + count_lines(&text.as_bytes()[from..quote.opened]);
                parsed
                    .problems
                    .push(quote.problem(parsed.path, opened, text));
                start = next_line(text.as_bytes(), quote.opened);
                lines.restart(start, opened + 1);
                continue 'file;
            }
            let width = parsed.headers.as_ref().map_or(0, Vec::len);
            parsed.problems.push(
                Diagnostic::error(format!(
                    "this row has {found} cells but the header row has {width}"
                ))
                .in_file(parsed.path)
                .at_line(line)
                .with_hint(
                    "a cell containing the delimiter or a line break must be in double quotes",
                ),
            );
        }
    }
}

impl Parsed<'_> {
    /// Takes a record starting on `line` as the header row or a data row; `Some(n)` when it
    /// has `n` cells where the header row has another number.
    fn take(
        &mut self,
        record: &csv::StringRecord,
        line: usize,
    ) -> Result<Option<usize>, ReadError> {
        let mut cells = cells_of(record);
        let sized = check_sizes(self.path, line, self.headers.as_deref(), &mut cells);
        if !sized.is_empty() {
            self.problems.extend(sized);
            if cells.len() > MAX_COLUMNS {
                // Not a table this tool can read: say only that.
                return Err(ReadError::Malformed {
                    path: self.path.to_path_buf(),
                    problems: std::mem::take(&mut self.problems).into(),
                });
            }
        }
        if cells.iter().all(|c| c.trim().is_empty()) {
            return Ok(None);
        }
        let Some(h) = &self.headers else {
            self.headers = Some(cells.iter().map(|c| c.trim().to_string()).collect());
            return Ok(None);
        };
        match fit_row(cells, h.len()) {
            Ok(cells) => {
                self.rows.push(Row { line, cells });
                Ok(None)
            }
            Err(found) => Ok(Some(found)),
        }
    }
}

/// A decoding flaw as a problem at its line.
fn flaw(path: &Path, text: &str, flaw: &decode::Flaw) -> Diagnostic {
    let (line, message, hint) = match *flaw {
        decode::Flaw::NotUtf8 { line, byte } => (
            line,
            format!("this line has a byte (0x{byte:02X}) that is not UTF-8, though the rest of the file is UTF-8"),
            "save the file again as UTF-8 (in Excel: CSV UTF-8), or retype the character; if the whole file is Windows-1252, say so with --encoding windows-1252",
        ),
        decode::Flaw::OddUtf16 { line } => (
            line,
            "the file ends in the middle of a character (UTF-16 files have an even number of bytes): it may have been cut short".to_string(),
            "export the file again",
        ),
    };
    let shown = text.lines().nth(line - 1).unwrap_or_default();
    Diagnostic::error(message)
        .in_file(path)
        .at_line(line)
        .with_value(shown)
        .with_hint(hint)
}

/// A quoted cell that ran over lines it was not meant to: where its quote opened, and where
/// (if anywhere) a quote closed it.
struct RunawayQuote {
    opened: usize,
    closed: Option<usize>,
}

impl RunawayQuote {
    fn problem(&self, path: &Path, opened_line: usize, text: &str) -> Diagnostic {
        let message = match self.closed {
            None => "a quote opened on this line is never closed; everything after it was read as one cell".to_string(),
            Some(at) => format!(
                "a quote opened on this line is closed only on line {}; everything between was read as one cell",
                opened_line + count_lines(&text.as_bytes()[self.opened..at])
            ),
        };
        let shown = text[self.opened..].lines().next().unwrap_or_default();
        Diagnostic::error(message)
            .in_file(path)
            .at_line(opened_line)
            .with_value(shown)
            .with_hint("end the quoted cell with \" (a quote inside a quoted cell is written twice: \"\"); the rows after it were read as if the quote were not there")
    }
}

/// In a record that read as the wrong number of cells (bytes `from..to` of the file), the
/// first quoted cell that spans a line break: a quote left open that swallowed the rows
/// after it. `None` when no quoted cell spans lines (the row is simply short or long).
fn runaway_quote(bytes: &[u8], from: usize, to: usize, delimiter: u8) -> Option<RunawayQuote> {
    let mut at_field_start = true;
    let mut i = from;
    while i < to {
        let b = bytes[i];
        if b == b'"' && at_field_start {
            let opened = i;
            let mut j = i + 1;
            let mut spans = false;
            // Inside the quoted cell: "" is a quote; a lone " closes it.
            loop {
                // Never past the record's end: the reader said the cell went no further.
                match bytes.get(j).filter(|_| j < to) {
                    None => {
                        return Some(RunawayQuote {
                            opened,
                            closed: None,
                        })
                    }
                    Some(b'"') if bytes.get(j + 1) == Some(&b'"') => j += 2,
                    Some(b'"') => break,
                    Some(b'\n') => {
                        spans = true;
                        j += 1;
                    }
                    Some(_) => j += 1,
                }
            }
            if spans {
                return Some(RunawayQuote {
                    opened,
                    closed: Some(j),
                });
            }
            i = j + 1;
            at_field_start = false;
            continue;
        }
        at_field_start = b == delimiter || b == b'\n' || b == b'\r';
        i += 1;
    }
    None
}

/// How many line breaks `bytes` hold.
fn count_lines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

/// Where the line after the one holding byte `at` starts.
fn next_line(bytes: &[u8], at: usize) -> usize {
    bytes[at..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |n| at + n + 1)
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

    /// Counts on from `byte`, the start of line `line` (reading again from there).
    fn restart(&mut self, byte: usize, line: usize) {
        self.counted = (byte, line);
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

/// The table, with the header row checked for duplicates.
fn finish_table(
    path: &Path,
    headers: Vec<String>,
    rows: Vec<Row>,
    mut problems: Vec<Diagnostic>,
) -> Result<Table, ReadError> {
    problems.extend(duplicate_headers(path, &headers));
    Ok(Table {
        path: path.to_path_buf(),
        headers,
        rows,
        problems,
        records: Vec::new(),
    })
}

fn duplicate_headers(path: &Path, headers: &[String]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::with_capacity(headers.len());
    for h in headers {
        if !h.is_empty() && !seen.insert(h.to_ascii_lowercase()) {
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
        let t = parse("a,b\n1,2\n3\n4,5,6\n7,8\n").unwrap();
        let lines: Vec<_> = t.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [Some(3), Some(4)]);
        // The rows that could be read are still there to check.
        let kept: Vec<_> = t.rows.iter().map(|r| r.line).collect();
        assert_eq!(kept, [2, 5]);
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

    fn messages(t: &Table) -> Vec<String> {
        t.problems.iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn issue_12_a_quote_never_closed_is_named_and_the_rows_after_it_still_read() {
        let t = parse("title,amount\nA,1\nB,x\nC,3\nD,y\n\"E,5\nF,6\nG,z\n").unwrap();
        let m = messages(&t);
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(
            m[0].starts_with("error: t.csv:6: \"\"E,5\" a quote opened on this line is never closed; everything after it was read as one cell"),
            "{m:?}"
        );
        let kept: Vec<(usize, &str)> = t
            .rows
            .iter()
            .map(|r| (r.line, r.cells[0].as_str()))
            .collect();
        assert_eq!(
            kept,
            [(2, "A"), (3, "B"), (4, "C"), (5, "D"), (7, "F"), (8, "G")]
        );
    }

    #[test]
    fn issue_12_a_quote_closed_lines_later_is_named_with_both_lines() {
        let t = parse("title,amount\nA,\"unclosed,1\nB,2\n\"C\",3\nD,4\n").unwrap();
        let m = messages(&t);
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(
            m[0].starts_with("error: t.csv:2: ") && m[0].contains("is closed only on line 4"),
            "{m:?}"
        );
        let kept: Vec<usize> = t.rows.iter().map(|r| r.line).collect();
        assert_eq!(kept, [3, 4, 5], "{m:?}");
    }

    #[test]
    fn issue_12_a_quoted_cell_over_several_lines_is_still_fine() {
        let t = parse("title,amount\n\"A\nand more\",1\nB,2\n").unwrap();
        assert_eq!(messages(&t), Vec::<String>::new());
        assert_eq!(t.rows[0].cells[0], "A\nand more");
        assert_eq!(t.rows[1].line, 4);
    }

    #[test]
    fn issue_12_a_line_that_is_not_utf8_is_a_problem_at_that_line() {
        let t = parse_table(
            Path::new("g.csv"),
            b"title,amount\nCaf\xC3\xA9,1\nBad \xE9,2\n",
            &ReadOptions::default(),
        )
        .unwrap();
        assert_eq!(t.rows[0].cells[0], "Café");
        let m = messages(&t);
        assert_eq!(m.len(), 1);
        assert!(
            m[0].starts_with("error: g.csv:3: ") && m[0].contains("(0xE9) that is not UTF-8"),
            "{m:?}"
        );
    }
}
