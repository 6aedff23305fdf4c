//! Places a [`Table`] on pages: column widths from the figures' widths, wrapped text cells,
//! the header row repeated on every page, no row split across pages.

use super::flow::{Flow, HAIRLINE};
use super::paragraph::{Align, Line, ParaStyle};
use super::{Role, ARTIFACT};
use crate::document::{Align as ColumnAlign, RowKind, SectionKind, Span, Table};

const SIZE: f32 = 9.0;
const LEADING: f32 = 11.5;
const PAD_X: f32 = 4.0;
const PAD_Y: f32 = 3.5;
const STRONG_RULE: f32 = 0.75;

/// A row set into lines, cell by cell, with the structure role of each cell (a cell that
/// spans columns has one role for all of them).
struct SetRow {
    kind: RowKind,
    cells: Vec<Vec<Line>>,
    roles: Vec<Role>,
    height: f32,
}

impl Flow<'_, '_, '_> {
    /// Places a table: header row, then each row, a new page (with the header again) where a
    /// row would not fit.
    pub(super) fn place_table(
        &mut self,
        table: &Table,
        kind: SectionKind,
        continued: &str,
        parent: u32,
    ) {
        let text = self.look.text;
        let styles = self.column_styles(table);
        let widths = self.column_widths(table, &styles);
        let header = self.set_header(table, &widths, &styles);
        // Rows are set as they are drawn, with one row of lookahead (a group heading stays
        // with the row after it): a summary of a million grants never holds its set rows.
        let columns = table.columns.len();
        let mut next = (table.rows.first()).map(|r| self.set_row(r, columns, &widths, &styles));
        self.y += 4.0;
        let need_first = header.height + next.as_ref().map_or(0.0, |r| r.height);
        if self.y + need_first > self.look.bottom && !self.at_top() {
            self.new_page(kind, continued);
        }
        let table_node = self.node(Role::Table, Some(parent));
        let header_nodes = self.row_nodes(table_node, &header.roles);
        self.draw_row(&header, &widths, &header_nodes);
        let (left, measure) = (self.look.left, self.look.measure);
        self.rule(left, self.y, left + measure, self.y, (STRONG_RULE, text));
        // The group (programme) the rows are in, for its "(continued)" label on a new page.
        let mut group: Option<&str> = None;
        for i in 0..table.rows.len() {
            let Some(row) = next.take() else { break };
            next = (table.rows.get(i + 1)).map(|r| self.set_row(r, columns, &widths, &styles));
            let need = row.height
                + if row.kind == RowKind::Group {
                    next.as_ref().map_or(0.0, |r| r.height)
                } else {
                    0.0
                };
            if row.kind == RowKind::Group {
                group = table.rows[i].cells.first().map(String::as_str);
            }
            if self.y + need > self.look.bottom {
                self.new_page(kind, continued);
                // The repeated header, and the group's label on a page that goes on with
                // it, are pagination, not content, for a screen reader.
                self.draw_row(&header, &widths, &[]);
                self.rule(left, self.y, left + measure, self.y, (STRONG_RULE, text));
                if let Some(name) = group.filter(|_| row.kind != RowKind::Group) {
                    let label = self.group_row(&format!("{name} (continued)"), 1);
                    self.draw_row(&label, &widths, &[]);
                }
            }
            if row.kind == RowKind::Total {
                self.rule(left, self.y, left + measure, self.y, (STRONG_RULE, text));
            }
            let cells = self.row_nodes(table_node, &row.roles);
            self.draw_row(&row, &widths, &cells);
            if row.kind == RowKind::Body {
                self.rule(left, self.y, left + measure, self.y, HAIRLINE);
            }
        }
        self.y += 6.0;
    }

    /// Each column's cell style: right-aligned columns right, figures tabular.
    fn column_styles(&self, table: &Table) -> Vec<ParaStyle> {
        let body = self.look.sans(SIZE, LEADING, false, self.look.text);
        table
            .columns
            .iter()
            .map(|c| ParaStyle {
                align: if c.align == ColumnAlign::Right {
                    Align::Right
                } else {
                    Align::Left
                },
                tabular: c.numeric,
                ..body
            })
            .collect()
    }

    /// The header row: each column's title in bold.
    fn set_header(&mut self, table: &Table, widths: &[f32], styles: &[ParaStyle]) -> SetRow {
        let cells = table
            .columns
            .iter()
            .zip(widths)
            .zip(styles)
            .map(|((c, w), s)| {
                self.set(
                    &[Span::bold(c.title.clone())],
                    &ParaStyle {
                        all_bold: true,
                        ..*s
                    },
                    w - 2.0 * PAD_X,
                )
            })
            .collect();
        let roles = vec![
            Role::HeaderCell {
                row: false,
                span: 1
            };
            table.columns.len()
        ];
        with_height(SetRow {
            kind: RowKind::Total,
            cells,
            roles,
            height: 0.0,
        })
    }

    /// A row set cell by cell: a group heading across the table's `columns` in the accent
    /// colour, total rows in bold.
    fn set_row(
        &mut self,
        row: &crate::document::TableRow,
        columns: usize,
        widths: &[f32],
        styles: &[ParaStyle],
    ) -> SetRow {
        if row.kind == RowKind::Group {
            let name = row.cells.first().map_or("", String::as_str);
            return self.group_row(name, columns);
        }
        let cells = (row.cells.iter().zip(widths).zip(styles))
            .map(|((cell, w), s)| {
                let style = ParaStyle {
                    all_bold: row.kind == RowKind::Total,
                    ..*s
                };
                self.set(&[Span::plain(cell.clone())], &style, w - 2.0 * PAD_X)
            })
            .collect();
        with_height(SetRow {
            kind: row.kind,
            cells,
            roles: cell_roles(row.kind, &row.cells, columns),
            height: 0.0,
        })
    }

    /// A group heading across the table's `columns`, bold in the accent colour.
    fn group_row(&mut self, name: &str, columns: usize) -> SetRow {
        let style = ParaStyle {
            colour: self.look.accent,
            ..self.look.sans(SIZE, LEADING, true, self.look.text)
        };
        let cells = vec![self.set(&[Span::bold(name.to_string())], &style, self.look.measure)];
        with_height(SetRow {
            kind: RowKind::Group,
            roles: cell_roles(RowKind::Group, &[], columns),
            cells,
            height: 0.0,
        })
    }

    /// Figures get the width of their widest cell; text columns share the rest by weight.
    fn column_widths(&mut self, table: &Table, styles: &[ParaStyle]) -> Vec<f32> {
        let mut widths = vec![0.0f32; table.columns.len()];
        let mut fixed = 0.0;
        for (i, column) in table.columns.iter().enumerate() {
            if column.weight > 0.0 {
                continue;
            }
            let style = styles[i];
            let font = super::fonts::FontId::select(true, true, false);
            let mut w = self.shaper.shape(font, &column.title, style.tabular).width * SIZE;
            for row in table.rows.iter().filter(|r| r.kind != RowKind::Group) {
                if let Some(cell) = row.cells.get(i) {
                    w = w.max(self.shaper.shape(font, cell, style.tabular).width * SIZE);
                }
            }
            widths[i] = w + 2.0 * PAD_X + 1.0;
            fixed += widths[i];
        }
        let spare = (self.look.measure - fixed).max(self.look.measure * 0.3);
        let total_weight: f32 = table.columns.iter().map(|c| c.weight).sum();
        for (i, column) in table.columns.iter().enumerate() {
            if column.weight > 0.0 {
                widths[i] = spare * column.weight / total_weight.max(f32::EPSILON);
            }
        }
        widths
    }

    /// A TR element with a cell element of each role. (The nodes are numbered in column
    /// order, which the structure tree keeps.)
    fn row_nodes(&mut self, table: u32, roles: &[Role]) -> Vec<u32> {
        let tr = self.node(Role::TableRow, Some(table));
        roles
            .iter()
            .map(|&role| self.node(role, Some(tr)))
            .collect()
    }

    /// Draws a row; `nodes` are the structure elements of its set cells in order, a cell
    /// that spans columns taking the first's place (none: an artifact).
    fn draw_row(&mut self, row: &SetRow, widths: &[f32], nodes: &[u32]) {
        let top = self.y;
        let mut x = self.look.left;
        let style = self.look.sans(SIZE, LEADING, false, self.look.text);
        if row.kind == RowKind::Group {
            self.y += 4.0;
        }
        let y0 = self.y;
        let owners = row.roles.iter().enumerate().flat_map(|(k, role)| {
            let span = match *role {
                Role::Cell { span } | Role::HeaderCell { span, .. } => span,
                _ => 1,
            };
            std::iter::repeat_n(k, usize::from(span))
        });
        for (i, ((cell, w), owner)) in row.cells.iter().zip(widths).zip(owners).enumerate() {
            let mut y = y0 + PAD_Y;
            let node = nodes.get(owner).copied().unwrap_or(ARTIFACT);
            // The first column's text sits on the margin, in line with the text above.
            let inset = if i == 0 { 0.0 } else { PAD_X };
            for line in cell {
                let baseline = Flow::baseline(y, &style);
                self.draw_line(line, x + inset, baseline, node);
                y += LEADING;
            }
            x += w;
        }
        self.y = top + row.height;
    }
}

/// The structure role of each cell of a row, so every row accounts for every column: a
/// group heading is one cell across the table; a total's label is a row header across
/// the empty cells after it (so its figures sit under their own columns' headers).
fn cell_roles(kind: RowKind, cells: &[String], columns: usize) -> Vec<Role> {
    let columns = u16::try_from(columns).unwrap_or(u16::MAX);
    match kind {
        RowKind::Group => vec![Role::Cell {
            span: columns.max(1),
        }],
        RowKind::Body => vec![Role::Cell { span: 1 }; cells.len()],
        RowKind::Total => {
            let blank = cells
                .iter()
                .skip(1)
                .take_while(|c| c.trim().is_empty())
                .count();
            // The last column stays its own cell (a total whose label spans everything
            // would leave no cell under a header).
            let blank = blank.min(cells.len().saturating_sub(2));
            let span = u16::try_from(1 + blank).unwrap_or(1);
            let mut roles = vec![Role::HeaderCell { row: true, span }];
            roles.extend(std::iter::repeat_n(
                Role::Cell { span: 1 },
                cells.len().saturating_sub(1 + blank),
            ));
            roles
        }
    }
}

fn with_height(mut row: SetRow) -> SetRow {
    let lines = row.cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
    row.height =
        lines as f32 * LEADING + 2.0 * PAD_Y + if row.kind == RowKind::Group { 4.0 } else { 0.0 };
    row
}
