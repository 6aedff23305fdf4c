//! Turns report.toml's text into the settings it gives and every mistake in it at once,
//! each at its line and column with the line shown, in plain words: no serde or TOML
//! wording ("unknown variant", "invalid type", "expected") reaches the user.
//!
//! The text is parsed with recovery (every syntax mistake), then deserialized; each time
//! a value cannot be used, the mistake is noted, that key taken out, and the rest tried
//! again, so one run names every wrong key and value.

use crate::diagnostic::{did_you_mean, Diagnostic};
use serde::de::DeserializeOwned;
use std::ops::Range;
use std::path::Path;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// The most mistakes read from one file (each costs another pass over it).
const MOST: usize = 100;

/// What is said when nothing more precise fits.
const SEE: &str = "docs/03-settings.md lists every setting, as do the comments in the report.toml grant-report init writes";

/// report.toml as read: where each key is written, for the checks that follow.
pub struct Source<'t> {
    path: &'t Path,
    text: &'t str,
    root: Spanned<DeTable<'t>>,
}

/// One step from a table to a value inside it.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Key(String),
    Index(usize),
}

/// The settings `text` gives (every key that could be used; `None` only when it is not a
/// table at all) and every mistake in it, in the order written.
pub fn read<'t, T: DeserializeOwned>(
    path: &'t Path,
    text: &'t str,
) -> (Option<T>, Vec<Diagnostic>, Source<'t>) {
    let (root, syntax) = DeTable::parse_recoverable(text);
    let source = Source { path, text, root };
    let mut problems: Vec<Diagnostic> = syntax
        .iter()
        .map(|e| source.syntax_problem(e.message(), e.span()))
        .collect();
    let syntax_lines: Vec<Option<usize>> = problems.iter().map(|d| d.line).collect();
    let mut tree = source.root.clone();
    let mut value = None;
    for round in 0.. {
        if round == MOST {
            problems.push(
                Diagnostic::error(format!(
                    "report.toml has more mistakes than the {MOST} named"
                ))
                .in_file(path)
                .with_hint("put these right and run check again for the rest"),
            );
            break;
        }
        match T::deserialize(toml::de::Deserializer::from(tree.clone())) {
            Ok(v) => {
                value = Some(v);
                break;
            }
            Err(e) => {
                let steps = e.span().and_then(|s| find(tree.get_ref(), s.start));
                let d = source.value_problem(e.message(), e.span(), steps.as_deref());
                // A value the parser already could not read is named once, by the parser.
                if !syntax_lines.contains(&d.line) {
                    problems.push(d);
                }
                match steps {
                    Some(steps) if remove(tree.get_mut(), &steps) => {}
                    _ => break,
                }
            }
        }
    }
    problems.sort_by_key(|d| (d.line.unwrap_or(usize::MAX), d.col.unwrap_or(0)));
    (value, problems, source)
}

impl<'t> Source<'t> {
    /// An error (message to fill in) at where `dotted` (`fonts.leading`) is written: the
    /// start of its value, with the line shown; the file alone when it is not written.
    pub fn at(&self, dotted: &str) -> Diagnostic {
        let mut table = self.root.get_ref();
        let mut found = None;
        for key in dotted.split('.') {
            let Some(v) = table.get(key) else {
                found = None;
                break;
            };
            found = Some(v.span());
            if let DeValue::Table(t) = v.get_ref() {
                table = t;
            }
        }
        match found {
            Some(span) => self.located(span),
            None => Diagnostic::error("").in_file(self.path),
        }
    }

    /// An empty error at `span`'s start, with its line shown under a caret.
    fn located(&self, span: Range<usize>) -> Diagnostic {
        let start = floor_char_boundary(self.text, span.start);
        let before = &self.text[..start];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line_end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |i| start + i);
        Diagnostic::error("")
            .in_file(self.path)
            .at_line(before.matches('\n').count() + 1)
            .at_col(before[line_start..].chars().count() + 1)
            .with_source(self.text[line_start..line_end].trim_end_matches('\r'))
    }

    /// The text of `span`, shortened to fit in a message.
    fn written(&self, span: &Range<usize>) -> String {
        let start = floor_char_boundary(self.text, span.start);
        let end = floor_char_boundary(self.text, span.end.max(start));
        let text = self.text[start..end].trim();
        let short: String = text.chars().take(60).collect();
        if short.len() < text.len() {
            format!("{short}…")
        } else {
            short
        }
    }

    /// A mistake the TOML parser found, in plain words.
    fn syntax_problem(&self, message: &str, span: Option<Range<usize>>) -> Diagnostic {
        let head = message.split(", expected").next().unwrap_or(message).trim();
        let (what, hint) = syntax_words(head);
        let d = match span {
            Some(span) => self.located(span),
            None => Diagnostic::error("").in_file(self.path),
        };
        Diagnostic {
            message: what,
            hint: Some(hint.into()),
            ..d
        }
    }

    /// A key or value the settings cannot use, in plain words with what is allowed.
    fn value_problem(
        &self,
        message: &str,
        span: Option<Range<usize>>,
        steps: Option<&[Step]>,
    ) -> Diagnostic {
        let d = match &span {
            Some(span) => self.located(span.clone()),
            None => Diagnostic::error("").in_file(self.path),
        };
        let keys: Vec<&str> = steps
            .unwrap_or_default()
            .iter()
            .filter_map(|s| match s {
                Step::Key(k) => Some(k.as_str()),
                Step::Index(_) => None,
            })
            .collect();
        let in_list = steps.is_some_and(|s| s.iter().any(|s| matches!(s, Step::Index(_))));
        let name = keys.last().copied().unwrap_or("a setting");
        let written = span.map(|s| self.written(&s)).unwrap_or_default();
        let (message, hint) = if let Some(rest) = message.strip_prefix("unknown field `") {
            let table = match &keys[..keys.len().saturating_sub(1)] {
                [] => "report.toml".to_string(),
                parent => format!("[{}]", parent.join(".")),
            };
            unknown_key(rest, &table, self.is_table(steps.unwrap_or_default()))
        } else if let Some(rest) = message.strip_prefix("unknown variant `") {
            let expected = rest.split_once("expected").map_or("", |(_, e)| e);
            let verb = if in_list { "can hold" } else { "is" };
            let given = rest.split('`').next().unwrap_or("");
            let names: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
            let hint = match did_you_mean(given, names.iter().copied()) {
                Some(s) => format!("did you mean \"{s}\"?"),
                None => format!(
                    "write one of them in quotes, e.g. {name} = \"{}\"",
                    names.first().unwrap_or(&"")
                ),
            };
            (
                format!(
                    "{name} {verb} {}, not {written}",
                    crate::words::and_list(&names, "or")
                ),
                hint,
            )
        } else {
            let wanted = message.rsplit_once("expected ").map_or("", |(_, e)| e);
            type_mismatch(message, wanted, name, &written, in_list)
        };
        Diagnostic {
            message,
            hint: Some(hint),
            ..d
        }
    }

    /// Whether the value at `steps` is a table (`[colors]` rather than `colour = …`).
    fn is_table(&self, steps: &[Step]) -> bool {
        let mut table = self.root.get_ref();
        for (i, step) in steps.iter().enumerate() {
            let Step::Key(k) = step else { return false };
            match table.get(k.as_str()).map(|v| v.get_ref()) {
                Some(DeValue::Table(_)) if i + 1 == steps.len() => return true,
                Some(DeValue::Table(t)) => table = t,
                _ => return false,
            }
        }
        false
    }
}

/// `rest` is what follows "unknown field `": the key, then the keys its table can have.
fn unknown_key(rest: &str, table: &str, is_table: bool) -> (String, String) {
    let (key, known) = rest.split_once('`').unwrap_or((rest, ""));
    let known: Vec<&str> = known.split('`').skip(1).step_by(2).collect();
    let message = if is_table {
        format!("{table} has no table [{key}]")
    } else {
        format!("{table} has no setting \"{key}\"")
    };
    let list = format!("{table} can have: {}", known.join(", "));
    let hint = match did_you_mean(key, known.iter().copied()) {
        Some(s) => format!("did you mean \"{s}\"? {list}"),
        None if known.is_empty() => SEE.into(),
        None => list,
    };
    (message, hint)
}

/// A value of the wrong kind ("invalid type: string \"yes\", expected a boolean").
fn type_mismatch(
    message: &str,
    wanted: &str,
    name: &str,
    written: &str,
    in_list: bool,
) -> (String, String) {
    let whole = |w: &str| {
        [
            "u8", "u16", "u32", "u64", "usize", "i8", "i16", "i32", "i64", "isize",
        ]
        .contains(&w)
    };
    let (kind, example) = match wanted.trim() {
        "a boolean" => ("true or false", format!("{name} = true")),
        "f32" | "f64" => ("a number", format!("{name} = 10")),
        w if whole(w) && w.starts_with('u') => ("a whole number, 0 or more", format!("{name} = 1")),
        w if whole(w) => ("a whole number", format!("{name} = 1")),
        "a string" | "a borrowed string" | "a character" => (
            "text in quotes",
            format!("{name} = \"{}\"", written.trim_matches(['"', '\''])),
        ),
        "a sequence" => (
            "a list in square brackets",
            format!("{name} = [\"first\", \"second\"]"),
        ),
        w if w.starts_with("struct ") || w == "a map" => (
            "a table",
            format!("a line [{name}] with its settings on the lines under it"),
        ),
        _ if message.contains("overflowed") || message.contains("too large") => {
            return (
                format!("{name} = {written} is too large a number"),
                "give a number of a sensible size".into(),
            )
        }
        _ if message.starts_with("wanted string") => (
            "text in quotes",
            format!("{name} = \"{}\"", written.trim_matches(['"', '\''])),
        ),
        _ => return (format!("{name} cannot be {written}"), SEE.into()),
    };
    let verb = if in_list { "can hold only" } else { "is" };
    (
        format!("{name} {verb} {kind}, not {written}"),
        format!("write it as {example}"),
    )
}

/// A TOML syntax mistake (`head`, the parser's words before "expected") in plain words,
/// and what to do.
fn syntax_words(head: &str) -> (String, &'static str) {
    const LINE: &str = "each setting is one line, name = value: text in double quotes (title = \"Our grants\"), numbers and true or false as they are";
    let (what, hint) = match head {
        "invalid basic string" | "invalid multi-line basic string" => (
            "this text has no closing quote",
            "end the text with a \" on the same line",
        ),
        "string values must be quoted" => ("text must be in quotes", LINE),
        "key with no value" | "missing assignment between key-value pairs" => {
            ("this setting has no = and value", LINE)
        }
        "missing value" | "missing value for key" => ("this setting has no value after =", LINE),
        "duplicate key" => ("this setting is given twice", "keep one of the two lines"),
        "unclosed table" | "unclosed array table" => (
            "this table's name has no closing ]",
            "write a table's name in square brackets on a line of its own, e.g. [page]",
        ),
        "unclosed array" | "missing comma between array elements" => (
            "this list is not closed or lacks a comma",
            "write a list as [\"first\", \"second\"]: commas between the items, ] at the end",
        ),
        "invalid boolean" => (
            "this yes-or-no setting is not true or false",
            "write true or false, in lower case and without quotes",
        ),
        h if h.starts_with("invalid float") || h.starts_with("invalid integer") => (
            "this is not a number",
            "write numbers with digits and one decimal point, e.g. 10.5",
        ),
        "invalid unquoted key" | "unquoted keys cannot be empty" => (
            "this is not a setting's name",
            "names are letters, digits and _ (e.g. body_size); put a name with spaces in quotes",
        ),
        "cannot recurse further; max recursion depth met" => (
            "this nests lists or tables too deeply",
            "report.toml's settings are at most two tables deep",
        ),
        _ => ("this line cannot be read as a setting", LINE),
    };
    (what.to_string(), hint)
}

/// The path to the deepest key or list item written at `at` (a byte offset).
fn find(table: &DeTable, at: usize) -> Option<Vec<Step>> {
    for (key, value) in table.iter() {
        let deeper = match value.get_ref() {
            DeValue::Table(t) => find(t, at),
            DeValue::Array(items) => items
                .iter()
                .position(|v| v.span().contains(&at))
                .map(|i| vec![Step::Index(i)]),
            _ => None,
        };
        if let Some(mut steps) = deeper {
            steps.insert(0, Step::Key(key.get_ref().to_string()));
            return Some(steps);
        }
        if key.span().contains(&at) || value.span().contains(&at) {
            return Some(vec![Step::Key(key.get_ref().to_string())]);
        }
    }
    None
}

/// Takes the key at `steps` out of `table` (a whole list for one of its items); whether
/// there was one.
fn remove(table: &mut DeTable, steps: &[Step]) -> bool {
    match steps {
        [Step::Key(k)] | [Step::Key(k), Step::Index(_), ..] => table.remove(k.as_str()).is_some(),
        [Step::Key(k), rest @ ..] => match table.get_mut(k.as_str()).map(|v| v.get_mut()) {
            Some(DeValue::Table(t)) => remove(t, rest),
            _ => false,
        },
        _ => false,
    }
}

/// The largest char boundary at or before `i`.
fn floor_char_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug, Default)]
    #[serde(deny_unknown_fields, default)]
    struct Shape {
        fit: bool,
        size: Option<Paper>,
        page: Page,
        list: Vec<Paper>,
    }

    #[derive(serde::Deserialize, Debug, Default)]
    #[serde(deny_unknown_fields, default)]
    struct Page {
        width: f32,
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(rename_all = "lowercase")]
    enum Paper {
        A4,
        Letter,
    }

    fn problems(text: &str) -> Vec<String> {
        read::<Shape>(Path::new("r.toml"), text)
            .1
            .iter()
            .map(|d| d.to_string())
            .collect()
    }

    #[test]
    fn every_mistake_is_named_in_plain_words_in_the_order_written() {
        let p = problems(
            "fit = \"yes\"\nsize = \"a5\"\nlist = [\"a4\", \"b5\"]\n[page]\nwidht = 3\n[pag]\n",
        );
        assert_eq!(p.len(), 5, "{p:#?}");
        assert!(
            p[0].starts_with("error: r.toml:1:7: fit is true or false, not \"yes\""),
            "{p:#?}"
        );
        assert!(
            p[1].starts_with("error: r.toml:2:8: size is a4 or letter, not \"a5\""),
            "{p:#?}"
        );
        assert!(
            p[2].starts_with("error: r.toml:3:15: list can hold a4 or letter, not \"b5\""),
            "{p:#?}"
        );
        assert!(
            p[3].starts_with("error: r.toml:5:1: [page] has no setting \"widht\""),
            "{p:#?}"
        );
        assert!(p[3].contains("did you mean \"width\"?"), "{p:#?}");
        assert!(
            p[4].starts_with("error: r.toml:6:2: report.toml has no table [pag]"),
            "{p:#?}"
        );
        assert!(p[4].contains("did you mean \"page\"?"), "{p:#?}");
        assert!(p[0].contains("1 | fit = \"yes\"\n  |       ^"), "{p:#?}");
        for m in &p {
            for word in ["unknown", "invalid type", "expected", "variant", "`"] {
                assert!(!m.contains(word), "{word} in {m}");
            }
        }
    }

    #[test]
    fn syntax_mistakes_are_all_named_and_the_rest_still_read() {
        let p = problems("fit = tru\nsize = \"a4\nsize2 = 1\n[page\n");
        assert!(p.len() >= 3, "{p:#?}");
        assert!(
            p[0].contains("r.toml:1:7: this yes-or-no setting is not true or false"),
            "{p:#?}"
        );
        assert!(
            p.iter().any(|m| m.contains("has no closing quote")),
            "{p:#?}"
        );
        assert!(p.iter().any(|m| m.contains("has no closing ]")), "{p:#?}");
        for m in &p {
            assert!(!m.contains("expected"), "{m}");
        }
    }

    #[test]
    fn wrong_kinds_say_what_the_setting_is() {
        let p = problems("page = 3\nlist = \"a4\"\n");
        assert!(p[0].contains("page is a table, not 3"), "{p:#?}");
        assert!(
            p[1].contains("list is a list in square brackets, not \"a4\""),
            "{p:#?}"
        );
        let p = problems("[page]\nwidth = \"wide\"\n");
        assert!(p[0].contains("width is a number, not \"wide\""), "{p:#?}");
    }
}
