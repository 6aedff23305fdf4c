//! Turns a template's text and parse tree into the problems its author can fix before any
//! grant is rendered, each once at its line and column: a block never closed (or closing
//! nothing), a helper that does not exist or gets the wrong number of values, a comparison
//! of formatted text where a number was meant.

use super::helpers;
use crate::diagnostic::{did_you_mean, Diagnostic};
use handlebars::template::{Parameter, Template, TemplateElement};
use std::path::Path;

/// A helper called in the template: its name, its values (a field's name, or `None` for a
/// literal or sub-expression), and where.
pub(super) struct Call {
    name: String,
    params: Vec<Option<String>>,
    line: usize,
    col: usize,
}

/// How many values each helper takes, at least and at most.
fn arity(name: &str) -> Option<(usize, usize)> {
    Some(match name {
        "money" | "upper" | "lower" | "slug" | "label" | "continue" | "not" | "len" => (1, 1),
        "duration" => (0, 1),
        "date" => (0, 2),
        "plural" => (3, 3),
        "default" | "eq" | "ne" | "gt" | "gte" | "lt" | "lte" | "lookup" => (2, 2),
        "and" | "or" => (2, usize::MAX),
        "log" => (1, usize::MAX),
        "if" | "unless" | "each" | "with" => (1, 1),
        _ => return None,
    })
}

/// What each helper is for, in the words of an error ("`{{money amount}}`").
fn example(name: &str) -> &'static str {
    match name {
        "money" => "{{money amount}}",
        "upper" => "{{upper title}}",
        "lower" => "{{lower title}}",
        "slug" => "{{slug title}}",
        "label" => "{{label title}}",
        "continue" => "{{#if summary}}{{continue summary}}{{/if}}",
        "duration" => "{{duration duration_months}}",
        "date" => "{{date award_date}} or {{date award_date \"short\"}}",
        "plural" => "{{plural count \"grant\" \"grants\"}}",
        "default" => "{{default summary \"No summary\"}}",
        "gt" | "gte" | "lt" | "lte" | "eq" | "ne" => "{{#if (gt amount_value 50000)}}…{{/if}}",
        "and" | "or" => "{{#if (and summary why)}}…{{/if}}",
        "not" => "{{#if (not summary)}}…{{/if}}",
        _ => "",
    }
}

/// Every helper call in `template` (in blocks, expressions and sub-expressions).
pub(super) fn collect_calls(template: &Template, out: &mut Vec<Call>) {
    for (i, element) in template.elements.iter().enumerate() {
        let (line, col) = template.mapping.get(i).map_or((1, 1), |m| (m.0, m.1));
        match element {
            TemplateElement::Expression(h) | TemplateElement::HtmlExpression(h) => {
                // A bare `{{name}}` reads as a path: a field, unless it is a helper that
                // needs values.
                let name = match &h.name {
                    Parameter::Name(n) => Some(n.clone()),
                    p @ Parameter::Path(_) if h.params.is_empty() => super::field_name(p),
                    _ => None,
                };
                if let Some(name) = name {
                    let needs = arity(&name).is_some_and(|(min, _)| min > 0);
                    if !h.params.is_empty() || needs {
                        out.push(call(&name, &h.params, line, col));
                    }
                }
                sub_calls(&h.params, line, col, out);
            }
            TemplateElement::HelperBlock(h) => {
                if let Parameter::Name(name) = &h.name {
                    out.push(call(name, &h.params, line, col));
                }
                sub_calls(&h.params, line, col, out);
                for inner in [&h.template, &h.inverse].into_iter().flatten() {
                    collect_calls(inner, out);
                }
            }
            _ => {}
        }
    }
}

fn call(name: &str, params: &[Parameter], line: usize, col: usize) -> Call {
    Call {
        name: name.to_string(),
        params: params.iter().map(super::param_field).collect(),
        line,
        col,
    }
}

/// The calls inside sub-expressions such as `(gt amount_value 50000)`.
fn sub_calls(params: &[Parameter], line: usize, col: usize, out: &mut Vec<Call>) {
    for p in params {
        if let Parameter::Subexpression(sub) = p {
            if let TemplateElement::Expression(h) = sub.element.as_ref() {
                if let Parameter::Name(name) = &h.name {
                    out.push(call(name, &h.params, line, col));
                }
                sub_calls(&h.params, line, col, out);
            }
        }
    }
}

/// The problems with the helper calls, each place once.
pub(super) fn check_calls(
    calls: &[Call],
    headers: &[String],
    path: &Path,
    source: &str,
) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = Vec::new();
    for c in calls {
        let Some(d) = check_call(c, headers) else {
            continue;
        };
        let d = d
            .in_file(path)
            .at_line(c.line)
            .at_col(c.col)
            .with_source(source.lines().nth(c.line - 1).unwrap_or_default());
        if !out.contains(&d) {
            out.push(d);
        }
    }
    out
}

fn check_call(c: &Call, headers: &[String]) -> Option<Diagnostic> {
    let name = c.name.as_str();
    let Some((min, max)) = arity(name) else {
        return Some(unknown_helper(c, headers));
    };
    let n = c.params.len();
    if n < min || n > max {
        let wanted = match (min, max) {
            (a, b) if a == b => format!("{a} value{}", if a == 1 { "" } else { "s" }),
            (a, usize::MAX) => format!("at least {a} values"),
            (a, b) => format!("{a} to {b} values"),
        };
        return Some(
            Diagnostic::error(format!("{{{{{name}}}}} takes {wanted}, but is given {n}"))
                .with_hint(format!("write it like {}", example(name))),
        );
    }
    // Comparing `amount` (text such as "£103,000") with a number is always false.
    if matches!(name, "gt" | "gte" | "lt" | "lte") {
        if let Some(text) = c.params.iter().flatten().find(|p| {
            matches!(
                p.as_str(),
                "amount" | "duration" | "award_date" | "start_date" | "end_date"
            )
        }) {
            let number = match text.as_str() {
                "amount" => "amount_value",
                "duration" => "duration_months",
                _ => "",
            };
            let hint = if number.is_empty() {
                format!("{text} is text (\"26 March 2021\"); compare it with eq or ne")
            } else {
                format!("{text} is text (\"£103,000\"); compare the number instead: {{{{#if ({name} {number} 50000)}}}}")
            };
            return Some(
                Diagnostic::error(format!(
                    "{{{{{name}}}}} compares numbers, but {text} is formatted text, so it would always be false"
                ))
                .with_hint(hint),
            );
        }
    }
    None
}

/// A helper that does not exist: a misspelling, or a column name with a space in it.
fn unknown_helper(c: &Call, headers: &[String]) -> Diagnostic {
    let name = c.name.as_str();
    // `{{Recipient Org:Name}}` reads as the helper `Recipient` given `Org:Name`.
    let spaced = headers.iter().find(|h| {
        h.strip_prefix(name)
            .is_some_and(|rest| rest.starts_with(' ') && rest.len() > 1)
    });
    if let Some(h) = spaced {
        return Diagnostic::error(format!(
            "{{{{{name} …}}}} reads as a helper named {name}: a column whose name has spaces or colons needs square brackets"
        ))
        .with_hint(format!(
            "write {{{{[{h}]}}}} or {{{{{}}}}}",
            crate::words::snake_case(h)
        ));
    }
    let known = helpers::NAMES.iter().chain(helpers::BUILT_IN).copied();
    let hint = match did_you_mean(name, known) {
        Some(s) => format!("did you mean {s}? e.g. {}", example(s)),
        None => format!(
            "the helpers are {}, with {}",
            crate::words::and_list(helpers::NAMES, "and"),
            crate::words::and_list(helpers::BUILT_IN, "and")
        ),
    };
    Diagnostic::error(format!(
        "the template uses a helper {name} that does not exist"
    ))
    .with_hint(hint)
}

/// A `{{…}}` tag that opens or closes a block, or calls a partial.
enum Tag {
    Open(String),
    Close(String),
    Partial,
}

/// The block and partial tags of `source`, with their 1-based line and column (comments
/// skipped).
fn tags(source: &str) -> Vec<(Tag, usize, usize)> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = source[at..].find("{{") {
        let start = at + i;
        let tail = &source[start..];
        let end = if tail.starts_with("{{!--") {
            tail.find("--}}").map_or(tail.len(), |e| e + 4)
        } else {
            tail.find("}}").map_or(tail.len(), |e| e + 2)
        };
        let inner = tail[2..end.max(2)].trim_start_matches(['~', '{']).trim();
        let word = |s: &str| {
            s.split(|c: char| c.is_whitespace() || c == '}' || c == '~')
                .next()
                .unwrap_or("")
                .to_string()
        };
        let (line, col) = position(source, start);
        if inner.starts_with('>')
            || inner.starts_with("#>")
            || inner.starts_with("#*")
            || inner.starts_with('*')
        {
            out.push((Tag::Partial, line, col));
        }
        if let Some(name) = inner.strip_prefix('#') {
            out.push((
                Tag::Open(word(name.trim_start_matches(['>', '*']))),
                line,
                col,
            ));
        } else if let Some(name) = inner.strip_prefix('/') {
            out.push((Tag::Close(word(name)), line, col));
        }
        at = start + end.max(2);
    }
    out
}

/// A block (`{{#if x}}`, `{{#each}}`) never closed, or a `{{/x}}` that closes nothing: its
/// name, line and column (1-based) and whether it is the opening that is left over.
pub(super) fn unbalanced_block(source: &str) -> Option<(String, usize, usize, bool)> {
    let mut open: Vec<(String, usize, usize)> = Vec::new();
    for (tag, line, col) in tags(source) {
        match tag {
            Tag::Open(name) => open.push((name, line, col)),
            Tag::Close(name) => match open.pop() {
                Some((o, ..)) if o == name => {}
                Some((o, l, c)) => return Some((o, l, c, true)),
                None => return Some((name, line, col, false)),
            },
            Tag::Partial => {}
        }
    }
    open.pop().map(|(n, l, c)| (n, l, c, true))
}

/// How deep blocks may nest in a template (deeper would recurse past the stack).
pub const MAX_NESTING: usize = 32;

/// What a template may not do, before it is parsed: call partials or inline templates (they
/// can call themselves without end), or nest blocks deeper than [`MAX_NESTING`]. The first
/// such place, with what to say.
pub(super) fn beyond_limits(source: &str) -> Option<(usize, usize, String, &'static str)> {
    let mut depth = 0usize;
    for (tag, line, col) in tags(source) {
        match tag {
            Tag::Partial => {
                return Some((
                    line,
                    col,
                    "partials and inline templates ({{> …}}, {{#*inline}}) are not supported"
                        .into(),
                    "write the text in the template itself",
                ))
            }
            Tag::Open(_) => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some((
                        line,
                        col,
                        format!("blocks nest more than {MAX_NESTING} deep here"),
                        "close some {{#if}} blocks before opening more",
                    ));
                }
            }
            Tag::Close(_) => depth = depth.saturating_sub(1),
        }
    }
    None
}

/// Markdown the report cannot draw, each with its line and column and what it is: horizontal
/// rules (`---` on a line of its own). They are errors, never dropped. (Everything else
/// Markdown makes is drawn: tables as tables, pictures as pictures, code and HTML as text.)
pub(super) fn undrawable_markdown(source: &str) -> Vec<(usize, usize, &'static str)> {
    use pulldown_cmark::{Event, Options, Parser};
    let mut out = Vec::new();
    for (event, range) in Parser::new_ext(source, Options::ENABLE_TABLES).into_offset_iter() {
        let what = match event {
            Event::Rule => "a horizontal rule",
            _ => continue,
        };
        let (line, col) = position(source, range.start);
        out.push((line, col, what));
    }
    out
}

/// The 1-based line and column of byte `at`.
fn position(source: &str, at: usize) -> (usize, usize) {
    let before = &source[..at];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_rules_but_not_tables_or_pictures_which_are_drawn() {
        assert_eq!(
            undrawable_markdown(
                "# T\n\nSee ![the site](photo.jpg).\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
            ),
            []
        );
        assert_eq!(undrawable_markdown("a | b\nno rule here\n![alone"), []);
        // A line of dashes under text is a heading; alone, a rule that would be dropped.
        assert_eq!(undrawable_markdown("Title\n---\n"), []);
        assert_eq!(
            undrawable_markdown("Text\n\n---\n\nMore"),
            [(3, 1, "a horizontal rule")]
        );
    }

    #[test]
    fn finds_the_block_left_open_where_it_opened() {
        assert_eq!(
            unbalanced_block("# {{title}}\n\n{{#if summary}}\nhello\n"),
            Some(("if".into(), 3, 1, true))
        );
        assert_eq!(
            unbalanced_block("{{#if a}}{{#each b}}x{{/if}}"),
            Some(("each".into(), 1, 10, true))
        );
        assert_eq!(
            unbalanced_block("x {{/if}}"),
            Some(("if".into(), 1, 3, false))
        );
        assert_eq!(
            unbalanced_block("{{!-- {{#if x}} --}}{{#if a}}{{else}}b{{/if}}"),
            None
        );
    }
}
