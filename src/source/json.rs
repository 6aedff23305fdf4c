//! Turns 360Giving JSON (a data package `{"grants": [ … ]}`, a bare array of grants, or JSON
//! Lines, one grant a line) into a [`Table`]: one row per grant, one column per value's path
//! (`amountAwarded`, `recipientOrganization.0.name`, `beneficiaryLocation.0.name`), each row
//! at the line its grant starts on and named `grants[12] (360G-ABC-123)` in messages.

use super::{Row, Table};
use crate::diagnostic::Diagnostic;
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;

/// Whether a file is JSON: by its extension, or by content that opens as JSON does.
pub fn is_json(path: &Path, bytes: &[u8]) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if matches!(ext.as_deref(), Some("json" | "jsonl" | "ndjson")) {
        return true;
    }
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first = text.iter().find(|b| !b.is_ascii_whitespace());
    match first {
        Some(b'{') => true,
        // A CSV header could open with "[" only by accident; JSON's array opens with an
        // object or whitespace then an object.
        Some(b'[') => text
            .iter()
            .skip_while(|b| b.is_ascii_whitespace())
            .skip(1)
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|b| *b == b'{' || *b == b']'),
        _ => false,
    }
}

/// The grants of a 360Giving JSON file as a table; `path` names it in messages.
pub fn parse_json(path: &Path, bytes: &[u8]) -> Result<Table, Vec<Diagnostic>> {
    let text =
        std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).map_err(|e| {
            vec![Diagnostic::error(format!(
                "the file is not UTF-8 text (byte {} cannot be read)",
                e.valid_up_to() + 1
            ))
            .in_file(path)
            .with_hint("JSON is UTF-8: export it again from the system that made it")]
        })?;
    let grants = grants_of(path, text)?;
    let mut columns = Columns::default();
    let mut rows = Vec::with_capacity(grants.len());
    let mut records = Vec::with_capacity(grants.len());
    let mut problems = Vec::new();
    for (index, (line, grant)) in grants.into_iter().enumerate() {
        let label = match grant.get("id").and_then(Value::as_str) {
            Some(id) => format!("grants[{index}] ({})", cut(id)),
            None => format!("grants[{index}]"),
        };
        let Value::Object(_) = grant else {
            problems.push(
                Diagnostic::error(format!("{label} is not a grant (an object with fields)"))
                    .in_file(path)
                    .at_line(line)
                    .with_hint("each grant is an object such as {\"id\": …, \"title\": …}"),
            );
            continue;
        };
        let mut cells: Vec<(usize, String)> = Vec::new();
        flatten(&grant, String::new(), &mut |key, value| {
            cells.push((columns.index(key), value));
        });
        if columns.names.len() > super::MAX_COLUMNS {
            return Err(vec![Diagnostic::error(format!(
                "the grants have more than {} different fields, more than a table may have",
                super::MAX_COLUMNS
            ))
            .in_file(path)
            .at_line(line)
            .with_hint(
                "give the report the grants' 360Giving fields, not arbitrary data",
            )]);
        }
        let mut row = vec![String::new(); columns.names.len()];
        for (i, v) in cells {
            row[i] = v;
        }
        records.push((line, label));
        rows.push(Row { line, cells: row });
    }
    let width = columns.names.len();
    for (row, (_, record)) in rows.iter_mut().zip(&records) {
        row.cells.resize(width, String::new());
        let line = row.line;
        let mut found = super::check_sizes(path, line, Some(&columns.names), &mut row.cells);
        for d in &mut found {
            d.record = Some(record.clone());
        }
        problems.extend(found);
    }
    let mut table =
        super::finish_table(path, columns.names, rows, problems).map_err(|e| match e {
            super::ReadError::Malformed { problems, .. } => problems.into_iter().collect(),
            other => vec![Diagnostic::error(other.to_string()).in_file(path)],
        })?;
    table.records = records;
    Ok(table)
}

/// A value cut to a readable length for a message.
fn cut(text: &str) -> String {
    let mut out: String = text.chars().take(80).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

/// The columns met so far, in the order first met.
#[derive(Default)]
struct Columns {
    names: Vec<String>,
    index: HashMap<String, usize>,
}

impl Columns {
    fn index(&mut self, key: String) -> usize {
        if let Some(&i) = self.index.get(&key) {
            return i;
        }
        self.names.push(key.clone());
        self.index.insert(key, self.names.len() - 1);
        self.names.len() - 1
    }
}

/// Hands `out` each scalar of `value` with its path (`a.0.b`); numbers as written, `true`
/// and `false` as words, `null` not at all.
fn flatten(value: &Value, path: String, out: &mut dyn FnMut(String, String)) {
    let join = |key: &str| {
        if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        }
    };
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                flatten(v, join(k), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                flatten(v, join(&i.to_string()), out);
            }
        }
        Value::String(s) => out(path, s.clone()),
        Value::Number(n) => out(path, n.to_string()),
        Value::Bool(b) => out(path, b.to_string()),
        Value::Null => {}
    }
}

/// The grants of the file, each with the 1-based line it starts on.
fn grants_of(path: &Path, text: &str) -> Result<Vec<(usize, Value)>, Vec<Diagnostic>> {
    let trimmed = text.trim_start();
    // JSON Lines: several values, one a line.
    if trimmed.starts_with('{') && is_json_lines(text) {
        return json_lines(path, text);
    }
    let value: Value = super::strict::from_str(text).map_err(|e| vec![syntax(path, text, &e)])?;
    let starts = element_lines(text);
    let (grants, key) = match value {
        Value::Array(items) => (items, None),
        Value::Object(mut map) => match map.remove("grants") {
            Some(Value::Array(items)) => (items, Some("grants")),
            _ => {
                return Err(vec![Diagnostic::error(
                    "the JSON has no \"grants\" list (a 360Giving data package has one)",
                )
                .in_file(path)
                .with_hint(
                    "give a 360Giving data package {\"grants\": [ … ]}, a list of grants, or JSON Lines",
                )])
            }
        },
        _ => {
            return Err(vec![Diagnostic::error("the JSON is not a list of grants")
                .in_file(path)
                .with_hint("give a 360Giving data package {\"grants\": [ … ]}, a list of grants, or JSON Lines")])
        }
    };
    let _ = key;
    if grants.is_empty() {
        return Err(vec![Diagnostic::error("the JSON has no grants")
            .in_file(path)
            .with_hint("export the grants again, with at least one")]);
    }
    Ok(grants
        .into_iter()
        .enumerate()
        .map(|(i, g)| (starts.get(i).copied().unwrap_or(1), g))
        .collect())
}

/// Whether the text holds a value per line (a second value starts after the first line's).
fn is_json_lines(text: &str) -> bool {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let first = lines.next().unwrap_or("");
    super::strict::from_str(first).is_ok() && lines.next().is_some()
}

fn json_lines(path: &Path, text: &str) -> Result<Vec<(usize, Value)>, Vec<Diagnostic>> {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match super::strict::from_str(line) {
            Ok(v) => out.push((i + 1, v)),
            Err(e) => problems.push(
                Diagnostic::error(format!("this line is not JSON: {}", plain(&e).0))
                    .in_file(path)
                    .at_line(i + 1)
                    .with_hint(plain(&e).1.unwrap_or(
                        "each line of a JSON Lines file is one grant, a whole JSON object",
                    )),
            ),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// A JSON syntax error at its line and column, with the line shown.
fn syntax(path: &Path, text: &str, e: &serde_json::Error) -> Diagnostic {
    let (line, col) = (e.line().max(1), e.column().max(1));
    let (message, hint) = plain(e);
    let mut d = Diagnostic::error(format!("the JSON cannot be read: {message}"))
        .in_file(path)
        .at_line(line)
        .with_hint(hint.unwrap_or(
            "fix the JSON at that place (a missing comma or quote, most often), or export it again",
        ));
    d.col = Some(col);
    d.source = text.lines().nth(line - 1).map(str::to_string);
    d
}

/// serde_json's message without its own "at line … column …" (the location is shown), in
/// plain words where serde_json's are a programmer's, and what to do when that is not the
/// usual fix of a typing slip.
fn plain(e: &serde_json::Error) -> (String, Option<&'static str>) {
    let message = e.to_string();
    let message = match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    };
    match message.as_str() {
        "recursion limit exceeded" => (
            "it nests lists or objects more than 128 deep (a grants file nests only a few)".into(),
            Some("export the grants again from the system that made them: this file is not 360Giving data as written"),
        ),
        "number out of range" => (
            "a number here is too large to read (more than 308 digits)".into(),
            Some("correct the number: an amount is written like 1500 or 1500.50"),
        ),
        m if m.starts_with(super::strict::REPEATED_KEY) => (
            m.to_string(),
            Some("keep the one value that is right and delete the other"),
        ),
        _ => (message, None),
    }
}

/// The 1-based line each element of the grants list starts on: the elements of the
/// top-level array, or of the array under the top-level object's "grants" key.
fn element_lines(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let (mut depth, mut line, mut in_string, mut escaped) = (0usize, 1usize, false, false);
    // The depth at which the grants' array's elements sit, once known.
    let mut elements_at: Option<usize> = None;
    let mut expecting = false;
    let mut last_key = String::new();
    let mut key_start = None;
    let mut out = Vec::new();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            line += 1;
        }
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
                if let Some(s) = key_start.take() {
                    last_key = text[s..i].to_string();
                }
            }
            continue;
        }
        if expecting && !b.is_ascii_whitespace() && b != b']' {
            out.push(line);
            expecting = false;
        }
        match b {
            b'"' => {
                in_string = true;
                key_start = (depth == 1).then_some(i + 1);
            }
            b'[' | b'{' => {
                depth += 1;
                let grants_array =
                    b == b'[' && ((depth == 1) || (depth == 2 && last_key == "grants"));
                if grants_array && elements_at.is_none() {
                    elements_at = Some(depth);
                    expecting = true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b',' if Some(depth) == elements_at => expecting = true,
            _ => {}
        }
    }
    out
}
