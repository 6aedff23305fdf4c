//! Turns an OpenDocument spreadsheet's `content.xml` into the number of cells calamine would
//! lay out for each table (repeat counts multiplied out), before calamine does: an 855-byte
//! file can repeat a row or a cell a million times.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// The most cells a sheet may span once its repeats are multiplied out (a sheet of 10,000
/// grants by 50 columns is 500,000).
pub const MAX_SPAN: u64 = 5_000_000;
/// The most rows with data a sheet may lay out once its repeats are multiplied out.
pub const MAX_ROWS: u64 = 200_000;

/// The first table whose laid-out span (rows from its first to its last row with data, by
/// columns to its widest cell with data) passes [`MAX_SPAN`], or whose rows pass
/// [`MAX_ROWS`]: its name, rows and span.
pub fn oversized_table(content_xml: &[u8]) -> Result<Option<(String, u64, u64)>, String> {
    let mut reader = Reader::from_reader(content_xml);
    let mut buf = Vec::new();
    let mut table = Table::default();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("its content cannot be read: {e}"))?;
        match event {
            Event::Start(e) => match e.name().as_ref() {
                b"table:table" => table = Table::named(&e),
                b"table:table-row" => table.start_row(repeats(&e, b"table:number-rows-repeated")),
                b"table:table-cell" | b"table:covered-table-cell" => {
                    table.cell(repeats(&e, b"table:number-columns-repeated"), valued(&e));
                }
                _ => {}
            },
            Event::Empty(e) => match e.name().as_ref() {
                b"table:table-row" => {
                    table.start_row(repeats(&e, b"table:number-rows-repeated"));
                    table.end_row();
                }
                b"table:table-cell" | b"table:covered-table-cell" => {
                    table.cell(repeats(&e, b"table:number-columns-repeated"), valued(&e));
                    table.close_cell();
                }
                _ => {}
            },
            Event::Text(t) if !t.iter().all(u8::is_ascii_whitespace) => table.mark_content(),
            Event::End(e) => match e.name().as_ref() {
                b"table:table-cell" | b"table:covered-table-cell" => table.close_cell(),
                b"table:table-row" => table.end_row(),
                b"table:table" => {
                    if let Some(found) = table.oversized() {
                        return Ok(Some(found));
                    }
                }
                _ => {}
            },
            Event::Eof => return Ok(None),
            _ => {}
        }
        if let Some(found) = table.oversized() {
            return Ok(Some(found));
        }
        buf.clear();
    }
}

/// Whether a cell holds a value by its attributes (a number, date, formula) whatever its text.
fn valued(e: &BytesStart) -> bool {
    e.attributes().flatten().any(|a| {
        matches!(
            a.key.as_ref(),
            b"office:value"
                | b"office:date-value"
                | b"office:time-value"
                | b"office:boolean-value"
                | b"office:string-value"
                | b"table:formula"
        )
    })
}

fn repeats(e: &BytesStart, key: &[u8]) -> u64 {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .and_then(|a| std::str::from_utf8(&a.value).ok()?.trim().parse().ok())
        .unwrap_or(1)
        .max(1)
}

/// What is known of the table being read.
#[derive(Default)]
struct Table {
    name: String,
    /// Rows so far (repeats multiplied), and the row after the last with data.
    rows: u64,
    rows_to_last_data: u64,
    /// The first row with data, once seen.
    first_data_row: Option<u64>,
    /// The widest row with data, in cells (repeats multiplied).
    width: u64,
    /// The row being read: its repeat count, its cells so far, the cell after its last with
    /// data, and whether the cell being read (its repeat count) has data.
    row_repeats: u64,
    row_cells: u64,
    row_to_last_data: u64,
    cell: Option<(u64, bool)>,
}

impl Table {
    fn named(e: &BytesStart) -> Table {
        let name = e
            .attributes()
            .flatten()
            .find(|a| a.key.as_ref() == b"table:name")
            .map(|a| String::from_utf8_lossy(&a.value).into_owned())
            .unwrap_or_default();
        Table {
            name,
            ..Table::default()
        }
    }

    fn start_row(&mut self, repeats: u64) {
        self.row_repeats = repeats;
        self.row_cells = 0;
        self.row_to_last_data = 0;
        self.cell = None;
    }

    fn close_cell(&mut self) {
        if let Some((repeats, data)) = self.cell.take() {
            self.row_cells = self.row_cells.saturating_add(repeats);
            if data {
                self.row_to_last_data = self.row_cells;
            }
        }
    }

    fn cell(&mut self, repeats: u64, data: bool) {
        self.close_cell();
        self.cell = Some((repeats, data));
    }

    fn mark_content(&mut self) {
        if let Some((_, data)) = self.cell.as_mut() {
            *data = true;
        }
    }

    fn end_row(&mut self) {
        self.close_cell();
        let start = self.rows;
        self.rows = self.rows.saturating_add(self.row_repeats);
        if self.row_to_last_data > 0 {
            self.first_data_row.get_or_insert(start);
            self.rows_to_last_data = self.rows;
            self.width = self.width.max(self.row_to_last_data);
        }
    }

    /// Rows from the first with data to the last.
    fn data_rows(&self) -> u64 {
        self.rows_to_last_data
            .saturating_sub(self.first_data_row.unwrap_or(self.rows_to_last_data))
    }

    /// Those rows by the widest row with data.
    fn span(&self) -> u64 {
        self.data_rows().saturating_mul(self.width)
    }

    /// Its name, rows and span when they pass the limits.
    fn oversized(&self) -> Option<(String, u64, u64)> {
        (self.data_rows() > MAX_ROWS || self.span() > MAX_SPAN)
            .then(|| (self.name.clone(), self.data_rows(), self.span()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(rows: &str) -> String {
        format!(
            "<office:document-content><office:body><office:spreadsheet><table:table table:name=\"Grants\">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"
        )
    }

    #[test]
    fn counts_what_repeats_lay_out_and_ignores_trailing_empties() {
        // A LibreOffice sheet: two rows of data, then empty rows and cells repeated to the
        // sheet's end, which lay out nothing.
        let ok = content(
            "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>title</text:p></table:table-cell><table:table-cell table:number-columns-repeated=\"1020\"/></table:table-row>\
             <table:table-row><table:table-cell office:value-type=\"string\"><text:p>A</text:p></table:table-cell></table:table-row>\
             <table:table-row table:number-rows-repeated=\"1048574\"><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>",
        );
        assert_eq!(oversized_table(ok.as_bytes()), Ok(None));
        // One cell with data repeated a million times in a row repeated a million times.
        let bomb = content(
            "<table:table-row table:number-rows-repeated=\"1000000\"><table:table-cell table:number-columns-repeated=\"1000\" office:value-type=\"float\" office:value=\"1\"><text:p>1</text:p></table:table-cell></table:table-row>",
        );
        assert_eq!(
            oversized_table(bomb.as_bytes()),
            Ok(Some(("Grants".to_string(), 1_000_000, 1_000_000_000)))
        );
        // Empty cells repeated a billion times before one with data.
        let wide = content(
            "<table:table-row table:number-rows-repeated=\"10\"><table:table-cell table:number-columns-repeated=\"1000000000\"/><table:table-cell><text:p>x</text:p></table:table-cell></table:table-row>",
        );
        assert!(matches!(oversized_table(wide.as_bytes()), Ok(Some(_))));
    }
}
