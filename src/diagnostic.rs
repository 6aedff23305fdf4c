//! Problems found in the user's files, turned into messages that say where and what to do.
//!
//! Every stage reports the problems it finds in user input as [`Diagnostic`]s: the file, the
//! 1-based line, the column (a data column's name, or a template column number), the value, what
//! is wrong and a hint. Stages collect every problem they can before failing, so a user fixes a
//! whole file in one pass.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is: errors stop the PDF from being written; warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// What was done that the user may want to know (`--fit` set a case study smaller).
    Note,
    Warning,
    Error,
}

/// One problem in the user's input, with everything needed to find and fix it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file the problem is in (data file, template, settings).
    pub file: Option<PathBuf>,
    /// 1-based line in that file (for spreadsheets, the row as the spreadsheet shows it).
    pub line: Option<usize>,
    /// 1-based character column, for templates.
    pub col: Option<usize>,
    /// The record the row is, when the file names its rows (`grants[12] (360G-ABC-123)`
    /// in JSON); the column is then a field path within it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
    /// The data column (header) the value came from.
    pub column: Option<String>,
    /// The offending value, as the user wrote it.
    pub value: Option<String>,
    /// What is wrong, in plain words.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
    /// The line of the file the problem is on, shown under the message with a caret under
    /// `col` (template problems, as cargo and Typst show them).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Problems of one kind that [`fold`] says in one line when there are many (each is
    /// still its own entry in JSON).
    #[serde(skip)]
    pub fold: Option<Fold>,
}

/// One of many problems of a kind, as an item of the line that says them together.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Fold {
    pub kind: FoldKind,
    /// This one, as the folded line lists it: `"Title" (line 4) over 2 pages`.
    pub item: String,
}

/// The kinds of problem folded, each with the sentence that says many of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FoldKind {
    /// Case studies running over one page.
    Overflow,
    /// Case studies `--fit` set in smaller type.
    Shrunk,
}

impl FoldKind {
    /// How many of a kind are said one by one before they are folded.
    fn most_alone(self) -> usize {
        match self {
            FoldKind::Overflow => 3,
            FoldKind::Shrunk => 1,
        }
    }

    /// How many items the folded line names.
    fn most_named(self) -> usize {
        match self {
            FoldKind::Overflow => 3,
            FoldKind::Shrunk => 10,
        }
    }

    /// What to do about them all.
    fn hint(self) -> Option<String> {
        match self {
            FoldKind::Overflow => Some(
                "shorten their text, or use --fit to shrink each onto one page (down to fonts.fit_floor)".into(),
            ),
            FoldKind::Shrunk => None,
        }
    }

    fn sentence(self, n: usize, items: &str) -> String {
        match self {
            FoldKind::Overflow => format!(
                "{n} case studies do not fit on one page, so each runs on to pages headed \"(continued)\": {items}"
            ),
            FoldKind::Shrunk => format!(
                "{n} case studies are set in smaller type so that each fits its page: {items}"
            ),
        }
    }
}

/// The problems as a person reads them: exact repeats once, and many of one fold kind in
/// one line (with the first few named, the hint of the first), where the first of them was.
pub fn fold(diagnostics: &[Diagnostic]) -> Vec<Diagnostic> {
    let mut seen = std::collections::HashSet::new();
    let unique: Vec<&Diagnostic> = diagnostics.iter().filter(|d| seen.insert(*d)).collect();
    // Each fold kind's members, in order, gathered in one pass.
    let mut kinds: Vec<(FoldKind, Vec<&Diagnostic>)> = Vec::new();
    for d in &unique {
        if let Some(f) = &d.fold {
            match kinds.iter_mut().find(|(k, _)| *k == f.kind) {
                Some((_, members)) => members.push(d),
                None => kinds.push((f.kind, vec![d])),
            }
        }
    }
    let mut out = Vec::new();
    for d in unique {
        let Some((kind, all)) = d
            .fold
            .as_ref()
            .and_then(|f| kinds.iter().find(|(k, _)| *k == f.kind))
            .filter(|(k, all)| all.len() > k.most_alone())
        else {
            out.push(d.clone());
            continue;
        };
        // The folded line stands where the first of its kind was.
        if !std::ptr::eq(all[0], d) {
            continue;
        }
        let most = kind.most_named();
        let mut items: Vec<String> = all
            .iter()
            .take(most)
            .filter_map(|d| d.fold.as_ref().map(|f| f.item.clone()))
            .collect();
        if all.len() > most {
            items.push(format!("{} more", all.len() - most));
        }
        out.push(Diagnostic {
            message: kind.sentence(all.len(), &crate::words::and_list(&items, "and")),
            line: None,
            col: None,
            source: None,
            fold: None,
            hint: kind.hint(),
            ..d.clone()
        });
    }
    out
}

impl Diagnostic {
    /// An error with only a message; add the location with the builder methods.
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: None,
            line: None,
            col: None,
            record: None,
            column: None,
            value: None,
            message: message.into(),
            hint: None,
            source: None,
            fold: None,
        }
    }

    /// A warning with only a message.
    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    pub fn in_file(mut self, file: &Path) -> Self {
        self.file = Some(file.to_path_buf());
        self
    }

    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    pub fn at_col(mut self, col: usize) -> Self {
        self.col = Some(col);
        self
    }

    pub fn in_column(mut self, column: impl Into<String>) -> Self {
        self.column = Some(column.into());
        self
    }

    /// The offending value, cut to a readable length (a 20 MB cell is not echoed back).
    pub fn with_value(mut self, value: impl Into<String>) -> Self {
        const KEEP: usize = 200;
        let value = value.into();
        self.value = Some(match value.char_indices().nth(KEEP) {
            Some((at, _)) => format!("{}…", &value[..at]),
            None => value,
        });
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Shows `line` (the text of the problem's line) under the message, with a caret.
    pub fn with_source(mut self, line: impl Into<String>) -> Self {
        self.source = Some(line.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Renders `error: input/grants.csv:43: column "amount": "12,5OO" is not an amount`, then the
/// hint on its own line as `hint: ...`.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        write!(f, "{label}: ")?;
        if let Some(file) = &self.file {
            write!(f, "{}", file.display())?;
            if let Some(line) = self.line {
                write!(f, ":{line}")?;
                if let Some(col) = self.col {
                    write!(f, ":{col}")?;
                }
            }
            write!(f, ": ")?;
        }
        match (&self.record, &self.column) {
            (Some(record), Some(column)) => write!(f, "{record}: {column}: ")?,
            (Some(record), None) => write!(f, "{record}: ")?,
            (None, Some(column)) => write!(f, "column \"{column}\": ")?,
            (None, None) => {}
        }
        if let Some(value) = &self.value {
            write!(f, "{} ", quote(value))?;
        }
        write!(f, "{}", self.message)?;
        if let (Some(source), Some(line)) = (&self.source, self.line) {
            // The line as written (tabs as spaces, so the caret lines up), cut to a
            // readable length around the column.
            let number = line.to_string();
            let pad = " ".repeat(number.len());
            // A long line is shown from a little before the column ("…" marks the cut).
            let col = self.col.unwrap_or(1).max(1);
            let skip = col.saturating_sub(41);
            let mut text: String = source
                .replace('\t', " ")
                .chars()
                .skip(skip)
                .take(100)
                .collect();
            let mut at = col - skip;
            if skip > 0 {
                text.insert(0, '…');
                at += 1;
            }
            write!(
                f,
                "\n{pad} |\n{number} | {text}\n{pad} | {}^",
                " ".repeat(at - 1)
            )?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\nhint: {hint}")?;
        }
        Ok(())
    }
}

/// Quotes a value for a message, shortening long cells so one bad row stays one line.
fn quote(value: &str) -> String {
    const MAX: usize = 60;
    let flat: String = value
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if flat.chars().count() > MAX {
        let head: String = flat.chars().take(MAX).collect();
        format!("\"{head}…\"")
    } else {
        format!("\"{flat}\"")
    }
}

/// Every problem a stage found in the user's files, in the order found; what each stage
/// returns when it cannot go on (the one list type every stage shares).
#[derive(Debug, Clone, Default, PartialEq, Eq, thiserror::Error)]
#[error("{} problem(s) found", problems.len())]
pub struct Problems {
    pub problems: Vec<Diagnostic>,
}

impl Problems {
    /// `Err` with `problems` when there are any, else `Ok(value)`.
    pub fn or_ok<T>(problems: Vec<Diagnostic>, value: T) -> Result<T, Problems> {
        if problems.is_empty() {
            Ok(value)
        } else {
            Err(Problems { problems })
        }
    }

    /// How many of the problems are errors (the rest are warnings).
    pub fn errors(&self) -> usize {
        self.problems.iter().filter(|p| p.is_error()).count()
    }
}

impl From<Vec<Diagnostic>> for Problems {
    fn from(problems: Vec<Diagnostic>) -> Self {
        Problems { problems }
    }
}

impl From<Diagnostic> for Problems {
    fn from(problem: Diagnostic) -> Self {
        Problems {
            problems: vec![problem],
        }
    }
}

impl std::ops::Deref for Problems {
    type Target = [Diagnostic];
    fn deref(&self) -> &[Diagnostic] {
        &self.problems
    }
}

impl IntoIterator for Problems {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.problems.into_iter()
    }
}

/// The closest of `candidates` to `name`, if it is close enough to be a likely misspelling.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    // Names longer than this are not misspellings of one another worth the work (the
    // distance takes time in the product of the lengths).
    const LONGEST: usize = 64;
    let name = name.to_lowercase();
    let len = name.chars().count();
    if len > LONGEST {
        return None;
    }
    candidates
        .into_iter()
        .filter_map(|c| {
            let n = c.chars().count();
            let allowed = 2.max(n / 3);
            // The distance is at least the difference in length.
            (n <= LONGEST && n.abs_diff(len) <= allowed).then(|| {
                let d = edit_distance(&name, &c.to_lowercase());
                (d <= allowed).then_some((d, c))
            })?
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_location_column_value_and_hint() {
        let d = Diagnostic::error("is not an amount")
            .in_file(Path::new("input/grants.csv"))
            .at_line(43)
            .in_column("amount")
            .with_value("12,5OO")
            .with_hint("write digits with optional £ and commas, e.g. £12,500");
        assert_eq!(
            d.to_string(),
            "error: input/grants.csv:43: column \"amount\": \"12,5OO\" is not an amount\n\
             hint: write digits with optional £ and commas, e.g. £12,500"
        );
    }

    #[test]
    fn shows_the_line_with_a_caret_under_the_column() {
        let d = Diagnostic::error("{{money}} needs a value")
            .in_file(Path::new("t.hbs"))
            .at_line(12)
            .at_col(5)
            .with_source("By {{money}} today")
            .with_hint("write {{money amount}}");
        assert_eq!(
            d.to_string(),
            "error: t.hbs:12:5: {{money}} needs a value\n   |\n12 | By {{money}} today\n   |     ^\nhint: write {{money amount}}"
        );
    }

    #[test]
    fn suggests_close_names_only() {
        let names = ["title", "grantee", "amount", "award_date"];
        assert_eq!(did_you_mean("ammount", names), Some("amount"));
        assert_eq!(did_you_mean("awarddate", names), Some("award_date"));
        assert_eq!(did_you_mean("colour", names), None);
    }
}
