//! Renders a [`Grant`] through a Handlebars case-study template into Markdown text, with
//! Markdown (not HTML) escaping and strict checks of every field the template names.

mod check;
mod helpers;

use crate::diagnostic::{did_you_mean, Diagnostic, Problems};
use crate::grants::{Grant, Key};
use handlebars::template::{Parameter, Template, TemplateElement};
use handlebars::Handlebars;
use serde_json::{Map, Value};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The template compiled into Handlebars, with the fields it names.
pub struct CaseStudyTemplate {
    registry: Handlebars<'static>,
    path: PathBuf,
    /// Fields used as an `{{#if}}`/`{{#unless}}` condition: optional, empty when the data
    /// lacks them.
    optional: BTreeSet<String>,
    /// Every field named, with its 1-based template line and column.
    references: Vec<(String, usize, usize)>,
    /// Every helper called, checked against the data's columns with the fields.
    calls: Vec<check::Call>,
    /// The template's text, for showing the line of a problem.
    source: String,
}

const TEMPLATE_NAME: &str = "case-study";

impl CaseStudyTemplate {
    /// Every field the template names, each once.
    pub fn fields(&self) -> BTreeSet<&str> {
        self.references.iter().map(|(f, _, _)| f.as_str()).collect()
    }

    /// The fields it shows whatever the data holds (not only under an `{{#if}}`).
    pub fn required_fields(&self) -> BTreeSet<&str> {
        self.fields()
            .into_iter()
            .filter(|f| !self.optional.contains(*f))
            .collect()
    }
}

/// Compiles template `source`; `path` names it in messages.
pub fn compile_template(path: &Path, source: &str) -> Result<CaseStudyTemplate, Problems> {
    within_limits(path, source)?;
    let template = Template::compile(source).map_err(|e| syntax_error(path, source, &e))?;
    undrawable(path, source)?;
    let mut registry = registry(escape_markdown);
    let mut optional = BTreeSet::new();
    let mut references = Vec::new();
    collect_fields(&template, &mut optional, &mut references);
    let mut calls = Vec::new();
    check::collect_calls(&template, &mut calls);
    registry.register_template(TEMPLATE_NAME, template);
    Ok(CaseStudyTemplate {
        registry,
        path: path.to_path_buf(),
        optional,
        references,
        calls,
        source: source.to_string(),
    })
}

/// A template that calls partials or nests blocks past the limit, as an error at that line
/// (checked before parsing, which would recurse as deep).
pub fn within_limits(path: &Path, source: &str) -> Result<(), Problems> {
    match check::beyond_limits(source) {
        None => Ok(()),
        Some((line, col, message, hint)) => Err(Diagnostic::error(message)
            .in_file(path)
            .at_line(line)
            .at_col(col)
            .with_source(source.lines().nth(line - 1).unwrap_or_default())
            .with_hint(hint)
            .into()),
    }
}

/// Markdown in a template or introduction that the report cannot draw, as errors.
fn undrawable(path: &Path, source: &str) -> Result<(), Problems> {
    let problems = check::undrawable_markdown(source)
        .into_iter()
        .map(|(line, col, what)| {
            Diagnostic::error(format!("{what} in Markdown cannot be drawn in the report"))
                .in_file(path)
                .at_line(line)
                .at_col(col)
                .with_source(source.lines().nth(line - 1).unwrap_or_default())
                .with_hint(match what {
                    "a horizontal rule" => "remove the line of dashes: case studies are set apart by their headings and pages",
                    _ => "remove the image; a logo can go on the cover with [cover] logo in report.toml",
                })
        })
        .collect();
    Problems::or_ok(problems, ())
}

/// A template that does not parse, said where the mistake is: a block left open is named
/// where it opened (the parser only notices at the end of the file).
fn syntax_error(path: &Path, source: &str, e: &handlebars::TemplateError) -> Problems {
    let line_text = |l: usize| source.lines().nth(l.saturating_sub(1)).unwrap_or_default();
    let d = match check::unbalanced_block(source) {
        Some((name, line, col, true)) => {
            Diagnostic::error(format!("{{{{#{name}}}}} opened here is never closed"))
                .at_line(line)
                .at_col(col)
                .with_source(line_text(line))
                .with_hint(format!(
                    "add {{{{/{name}}}}} where the part it governs ends"
                ))
        }
        Some((name, line, col, false)) => {
            Diagnostic::error(format!("{{{{/{name}}}}} closes no block"))
                .at_line(line)
                .at_col(col)
                .with_source(line_text(line))
                .with_hint(format!(
                    "open it with {{{{#{name} …}}}} before, or delete it"
                ))
        }
        None => {
            let (line, col) = e.pos().unwrap_or((1, 1));
            Diagnostic::error(format!(
                "the template cannot be read: {}",
                plain_syntax(&e.reason().to_string())
            ))
            .at_line(line)
            .at_col(col)
            .with_source(line_text(line))
            .with_hint("check that every {{ has a matching }} and every {{#if}} a matching {{/if}}")
        }
    };
    d.in_file(path).into()
}

/// The parser's reason in fewer words (its grammar's rule names mean nothing to a template
/// author).
fn plain_syntax(reason: &str) -> String {
    if reason.starts_with("invalid handlebars syntax") {
        "the {{ … }} here is not something a template can hold".to_string()
    } else {
        reason.to_string()
    }
}

/// A Handlebars registry as every template of ours is rendered: strict (a missing field is an
/// error, never a blank), `escape` for `{{x}}`, and our helpers.
pub fn registry(escape: fn(&str) -> String) -> Handlebars<'static> {
    let mut registry = Handlebars::new();
    registry.set_strict_mode(true);
    registry.register_escape_fn(escape);
    helpers::register(&mut registry);
    registry
}

impl CaseStudyTemplate {
    /// Checks that every field the template names exists in the data (`headers`) or is one
    /// of the `built_in` keys the data gives a value (see `grants::available_keys`); optional
    /// fields (`{{#if x}}`) may be missing. One problem per unknown name, with a
    /// suggestion when a column is spelt nearly the same.
    pub fn check_fields(&self, headers: &[String], built_in: &[&str]) -> Result<(), Problems> {
        let mut available: Vec<String> = built_in.iter().map(|k| k.to_string()).collect();
        available.push("labels".into());
        for h in headers {
            available.push(h.clone());
            available.push(snake_case(h));
            // A JSON value's path (`beneficiaryLocation.0.name`) is reached through its
            // first name, and by the 360Giving spreadsheet's title for it.
            if let Some((first, _)) = h.split_once('.') {
                available.push(first.to_string());
                if let Some(title) = crate::grants::spreadsheet_title(h) {
                    available.push(snake_case(&title));
                    available.push(title);
                }
            }
        }
        let mut seen = BTreeSet::new();
        let problems: Vec<Diagnostic> = self
            .references
            .iter()
            .filter(|(name, _, _)| !self.optional.contains(name))
            .filter(|(name, _, _)| !available.iter().any(|a| a == name))
            .filter(|(name, _, _)| seen.insert(name.clone()))
            .map(|(name, line, col)| {
                let columns = crate::grants::describe_headers(headers);
                let hint = match did_you_mean(name, available.iter().map(String::as_str)) {
                    Some(s) => format!("did you mean {{{{{s}}}}}? The data's columns are: {columns}"),
                    None => format!(
                        "the data's columns are: {columns}; to make the field optional, wrap it in {{{{#if {name}}}}}…{{{{/if}}}}"
                    ),
                };
                let message = if crate::grants::field::template_keys().any(|k| k == name) {
                    format!("the template uses {{{{{name}}}}}, but the data has no column for it (it would print empty)")
                } else {
                    format!("the template uses {{{{{name}}}}}, but the data has no such column")
                };
                Diagnostic::error(message)
                    .in_file(&self.path)
                    .at_line(*line)
                    .at_col(*col)
                    .with_source(self.source.lines().nth(line - 1).unwrap_or_default())
                    .with_hint(hint)
            })
            .chain(check::check_calls(&self.calls, headers, &self.path, &self.source))
            .collect();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Problems { problems })
        }
    }
}

/// Renders one grant's case study as Markdown; `number` is its 1-based place in the report.
pub fn render_case_study(
    template: &CaseStudyTemplate,
    grant: &Grant,
    number: usize,
    locale: &crate::locale::Locale,
) -> Result<String, Box<Diagnostic>> {
    let mut ctx = context_in(grant, number, locale);
    for name in &template.optional {
        ctx.entry(name.clone())
            .or_insert(Value::String(String::new()));
    }
    let ctx = handlebars::Context::wraps(Value::Object(ctx))
        .map_err(|e| {
            Diagnostic::error(format!("cannot pass the grant to the template: {e}"))
                .in_file(&template.path)
        })
        .map_err(Box::new)?;
    // Handlebars renders into an 8 KiB buffer: shrunk, a short case study holds only its
    // text (a million-row report kept 8 GB of spare capacity otherwise).
    let mut text = template
        .registry
        .render_with_context(TEMPLATE_NAME, &ctx)
        .map_err(|e| {
            let mut d = Diagnostic::error(render_reason(&e))
                .in_file(&template.path)
                .with_hint("docs/02-template.md lists every field and helper");
            if let Some(line) = e.line_no {
                d = d
                    .at_line(line)
                    .with_source(template.source.lines().nth(line - 1).unwrap_or_default());
                if let Some(col) = e.column_no {
                    d = d.at_col(col);
                }
            }
            Box::new(d)
        })?;
    text.shrink_to_fit();
    Ok(text)
}

/// Why rendering failed, in a template author's words.
fn render_reason(e: &handlebars::RenderError) -> String {
    use handlebars::RenderErrorReason as R;
    match e.reason() {
        R::MissingVariable(Some(name)) => {
            format!("{{{{{name}}}}} has no value here")
        }
        R::ParamNotFoundForName(helper, _) | R::ParamNotFoundForIndex(helper, _) => {
            format!("{{{{{helper}}}}} is missing a value")
        }
        R::HelperNotFound(name) => format!("there is no helper {name}"),
        other => other.to_string(),
    }
}

/// Where a case study's context says which locale its helpers write in.
pub(crate) const LOCALE_KEY: &str = "__locale";

/// The fields a template sees: every column by its header (and its snake_case form), then the
/// built-in fields, formatted for reading (`amount` is `£103,000`, `duration` is `two years`).
pub fn context(grant: &Grant, number: usize) -> Map<String, Value> {
    context_in(grant, number, &crate::locale::Locale::default())
}

/// [`context`] with durations and dates in a locale's words.
pub fn context_in(
    grant: &Grant,
    number: usize,
    locale: &crate::locale::Locale,
) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert(LOCALE_KEY.into(), Value::String(locale.tag.into()));
    // The locale's words (with report.toml's [labels]): `{{labels.case_study}}`.
    m.insert(
        "labels".into(),
        serde_json::to_value(&locale.labels).unwrap_or(Value::Null),
    );
    for (header, value) in &grant.fields {
        m.insert(header.clone(), Value::String(value.clone()));
        let snake = snake_case(header);
        if !snake.is_empty() {
            m.entry(snake)
                .or_insert_with(|| Value::String(value.clone()));
        }
        if header.contains('.') {
            nest(&mut m, header, value);
            if let Some(title) = crate::grants::spreadsheet_title(header) {
                m.entry(snake_case(&title))
                    .or_insert_with(|| Value::String(value.clone()));
                m.entry(title)
                    .or_insert_with(|| Value::String(value.clone()));
            }
        }
    }
    m.insert("number".into(), Value::from(number));
    m.insert("amount_value".into(), amount_value(grant));
    m.insert(
        "duration_months".into(),
        grant
            .duration
            .map_or(Value::String(String::new()), |d| Value::from(d.0)),
    );
    for field in crate::grants::FIELDS {
        m.insert(
            field.name.into(),
            Value::String(field_text(grant, field.key, locale)),
        );
    }
    m
}

/// The amount as a plain number in whole units and decimals (`103000`, `1339.73`), for
/// comparisons such as `{{#if (gt amount_value 50000)}}`; never used for sums.
fn amount_value(grant: &Grant) -> Value {
    // Every amount is kept in hundredths.
    let minor = grant.amount.minor;
    let scale = 100i128;
    if minor % scale == 0 {
        i64::try_from(minor / scale).map_or(Value::Null, Value::from)
    } else {
        Value::from(minor as f64 / scale as f64)
    }
}

/// A grant's field as a template shows it: amounts formatted, durations in words, dates
/// long.
fn field_text(grant: &Grant, key: Key, locale: &crate::locale::Locale) -> String {
    let date = |d: Option<crate::dates::Date>| d.map(|d| locale.date(d)).unwrap_or_default();
    match key {
        Key::Id => grant.id.clone(),
        Key::Title => grant.title.clone(),
        Key::Grantee => grant.grantee.clone(),
        Key::GranteeUrl => grant.grantee_url.clone(),
        Key::Amount => grant.amount.to_string(),
        Key::Currency => grant.amount.currency.code().to_string(),
        Key::Duration => grant
            .duration
            .map(|d| locale.duration(d.0))
            .unwrap_or_default(),
        Key::Programme => grant.programme.clone(),
        Key::Summary => grant.summary.clone(),
        Key::AwardDate => date(grant.award_date),
        Key::StartDate => date(grant.start_date),
        Key::EndDate => date(grant.end_date),
    }
}

/// The fields an introduction sees: the report's title, organisation and date, the number of
/// grants, the total awarded (per currency, joined with " + "), the programmes in words
/// ("A, B and C" in the page's language) and as a list (`programme_list`, for `#each`).
pub fn report_context(
    (title, organisation): (&str, &str),
    grants: &[Grant],
    date: &str,
    locale: &crate::locale::Locale,
) -> Map<String, Value> {
    let mut programmes = crate::words::distinct(grants.iter().map(|g| g.programme.as_str()));
    programmes.retain(|p| !p.is_empty());
    let mut m = Map::new();
    m.insert("title".into(), Value::String(title.to_string()));
    m.insert(
        "organisation".into(),
        Value::String(organisation.to_string()),
    );
    m.insert("date".into(), Value::String(date.to_string()));
    m.insert("count".into(), Value::from(grants.len()));
    m.insert(
        "total".into(),
        Value::String(crate::grants::describe_totals(grants)),
    );
    m.insert("programmes".into(), Value::String(locale.list(&programmes)));
    m.insert("programme_list".into(), Value::from(programmes));
    m
}

/// Renders a report-level Handlebars text (the introduction) with `context`, strictly: a field
/// the context lacks is an error located in the file.
pub fn render_text(
    path: &Path,
    source: &str,
    context: &Map<String, Value>,
) -> Result<String, Problems> {
    within_limits(path, source)?;
    undrawable(path, source)?;
    let mut registry = registry(escape_markdown);
    let fields = context
        .keys()
        .map(|k| format!("{{{{{k}}}}}"))
        .collect::<Vec<_>>()
        .join(", ");
    let located = |line: Option<usize>, col: Option<usize>, message: String| {
        let mut d = Diagnostic::error(message)
            .in_file(path)
            .with_hint(format!("the introduction can use: {fields}"));
        if let Some(l) = line {
            d = d.at_line(l);
            if let Some(c) = col {
                d = d.at_col(c);
            }
        }
        d
    };
    registry
        .register_template_string("text", source)
        .map_err(|e| {
            let (line, col) = e.pos().map_or((None, None), |(l, c)| (Some(l), Some(c)));
            Problems {
                problems: vec![located(
                    line,
                    col,
                    format!("the introduction cannot be read: {}", e.reason()),
                )],
            }
        })?;
    registry
        .render("text", &Value::Object(context.clone()))
        .map_err(|e| Problems {
            problems: vec![located(
                e.line_no,
                e.column_no,
                introduction_failure(&e.reason().to_string(), context),
            )],
        })
}

/// Handlebars' reason an introduction could not be filled in, in plain words.
fn introduction_failure(reason: &str, context: &Map<String, Value>) -> String {
    let missing = reason
        .strip_prefix("Failed to access variable in strict mode Some(\"")
        .and_then(|rest| rest.strip_suffix("\")"));
    match missing {
        Some("programmes") => "{{#each programmes}} needs a list: write {{#each programme_list}} \
             ({{programmes}} is the programmes in words, \"A, B and C\")"
            .to_string(),
        Some(name) => {
            match crate::diagnostic::did_you_mean(name, context.keys().map(String::as_str)) {
                Some(s) => format!(
                    "the introduction has no field {{{{{name}}}}}: did you mean {{{{{s}}}}}?"
                ),
                None => format!("the introduction has no field {{{{{name}}}}}"),
            }
        }
        None => format!("the introduction could not be filled in: {reason}"),
    }
}

pub use crate::words::snake_case;

/// Puts `value` at its JSON path (`beneficiaryLocation.0.name`) in the context, making the
/// objects on the way (a list's items keyed by their index), so `{{beneficiaryLocation.0.name}}`
/// reads it; a path through a value that is not an object is left out.
fn nest(m: &mut Map<String, Value>, path: &str, value: &str) {
    let mut parts = path.split('.').peekable();
    let mut here = m;
    while let Some(part) = parts.next() {
        if parts.peek().is_none() {
            here.entry(part.to_string())
                .or_insert_with(|| Value::String(value.to_string()));
            return;
        }
        let next = here
            .entry(part.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        match next {
            Value::Object(inner) => here = inner,
            _ => return,
        }
    }
}

/// Escapes text so Markdown shows it literally: `*`, `_`, `[`, `#`, `=` (a line of them
/// would make the paragraph above a heading) and the rest are backslash-escaped; line breaks
/// are kept (a blank line in a cell is a paragraph break).
pub fn escape_markdown(text: &str) -> String {
    // Every character escaped is ASCII, so the text is copied in runs between them.
    const SPECIAL: [bool; 128] = {
        let mut t = [false; 128];
        let chars = b"\\`*_{}[]<>()#+-.!|~&=";
        let mut i = 0;
        while i < chars.len() {
            t[chars[i] as usize] = true;
            i += 1;
        }
        t
    };
    let mut out = String::with_capacity(text.len() + text.len() / 16 + 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        // Leading spaces would make an indented code block.
        let line = line.trim_start().trim_end_matches('\r');
        let mut run = 0;
        for (at, &b) in line.as_bytes().iter().enumerate() {
            if b < 128 && SPECIAL[usize::from(b)] {
                out.push_str(&line[run..at]);
                out.push('\\');
                run = at;
            }
        }
        out.push_str(&line[run..]);
    }
    out
}

/// Walks the template, noting each field it names and which are `#if` conditions.
fn collect_fields(
    template: &Template,
    optional: &mut BTreeSet<String>,
    refs: &mut Vec<(String, usize, usize)>,
) {
    for (i, element) in template.elements.iter().enumerate() {
        let (line, col) = template.mapping.get(i).map_or((1, 1), |m| (m.0, m.1));
        match element {
            TemplateElement::Expression(h) | TemplateElement::HtmlExpression(h) => {
                if h.params.is_empty() && h.hash.is_empty() {
                    if let Some(name) = field_name(&h.name) {
                        if !is_helper(&name) {
                            refs.push((name, line, col));
                        }
                    }
                } else if field_name(&h.name).is_some_and(|n| is_helper(&n)) {
                    // An unknown helper's values are reported with it, not as fields.
                    params_fields(&h.params, line, col, refs);
                }
            }
            TemplateElement::HelperBlock(h) => {
                let helper = match &h.name {
                    Parameter::Name(n) => n.as_str(),
                    _ => "",
                };
                if matches!(helper, "if" | "unless") {
                    for p in &h.params {
                        if let Some(name) = param_field(p) {
                            optional.insert(name);
                        }
                    }
                }
                params_fields(&h.params, line, col, refs);
                // Inside each/with the context changes; names there are not top-level fields.
                if !matches!(helper, "each" | "with") {
                    for inner in [&h.template, &h.inverse].into_iter().flatten() {
                        collect_fields(inner, optional, refs);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Helper names, built in and ours: a bare `{{name}}` of one of these is not a field.
fn is_helper(name: &str) -> bool {
    helpers::NAMES.contains(&name)
        || matches!(
            name,
            "if" | "unless"
                | "each"
                | "with"
                | "lookup"
                | "log"
                | "eq"
                | "ne"
                | "gt"
                | "gte"
                | "lt"
                | "lte"
                | "and"
                | "or"
                | "not"
                | "len"
        )
}

fn params_fields(
    params: &[Parameter],
    line: usize,
    col: usize,
    refs: &mut Vec<(String, usize, usize)>,
) {
    for p in params {
        match p {
            Parameter::Subexpression(sub) => {
                if let Some(ps) = sub.params() {
                    params_fields(ps, line, col, refs);
                }
            }
            _ => {
                if let Some(name) = param_field(p) {
                    refs.push((name, line, col));
                }
            }
        }
    }
}

fn param_field(p: &Parameter) -> Option<String> {
    match p {
        Parameter::Path(_) | Parameter::Name(_) => field_name(p),
        _ => None,
    }
}

/// The top-level field a name or path refers to; `None` for `this`, `@index`, `../x`.
fn field_name(p: &Parameter) -> Option<String> {
    let raw = match p {
        Parameter::Name(n) => n.as_str(),
        Parameter::Path(handlebars::Path::Relative((_, raw))) => raw.as_str(),
        _ => return None,
    };
    if raw.is_empty()
        || raw.starts_with('@')
        || raw.starts_with("..")
        || raw == "this"
        || raw.starts_with("this.")
        || raw.starts_with("this/")
    {
        return None;
    }
    let first = if let Some(rest) = raw.strip_prefix('[') {
        rest.split(']').next().unwrap_or(rest)
    } else {
        raw.split(['.', '/']).next().unwrap_or(raw)
    };
    Some(first.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grants::{Currency, Money, Months};

    fn grant() -> Grant {
        Grant {
            line: 2,
            position: 0,
            id: "G-1".into(),
            title: "Play *more*".into(),
            grantee: "Club [North]".into(),
            grantee_url: "https://club.example".into(),
            amount: Money {
                minor: 10_300_000,
                currency: Currency::GBP,
            },
            duration: Some(Months(24)),
            programme: "Fund".into(),
            summary: String::new(),
            award_date: None,
            start_date: None,
            end_date: None,
            fields: vec![
                ("Why".into(), "Because.".into()),
                ("Recipient Org:Name".into(), "Club".into()),
            ],
        }
    }

    fn render(src: &str) -> Result<String, String> {
        let t = compile_template(Path::new("t.hbs"), src).map_err(|e| e.problems[0].to_string())?;
        render_case_study(&t, &grant(), 3, &Default::default()).map_err(|d| d.to_string())
    }

    #[test]
    fn renders_fields_with_markdown_escaping() {
        assert_eq!(
            render("# Case study {{number}}\n**{{title}}:** {{amount}} over {{duration}} to [{{grantee}}]({{{grantee_url}}})").unwrap(),
            "# Case study 3\n**Play \\*more\\*:** £103,000 over two years to [Club \\[North\\]](https://club.example)"
        );
    }

    #[test]
    fn escaping_marks_every_markdown_character_and_keeps_the_rest() {
        assert_eq!(
            escape_markdown("  *Café* [x](y) #1 – 2.5% & <b>\r\n   _ok_ \\ `c` ~{|}!+-"),
            "\\*Café\\* \\[x\\]\\(y\\) \\#1 – 2\\.5% \\& \\<b\\>\n\\_ok\\_ \\\\ \\`c\\` \\~\\{\\|\\}\\!\\+\\-"
        );
        assert_eq!(
            escape_markdown("plain words, no marks"),
            "plain words, no marks"
        );
        assert_eq!(escape_markdown("a\n\nb"), "a\n\nb");
    }

    #[test]
    fn headers_are_reachable_as_written_and_in_snake_case() {
        assert_eq!(
            render("{{Why}} {{why}} {{recipient_org_name}} {{[Recipient Org:Name]}}").unwrap(),
            "Because\\. Because\\. Club Club"
        );
    }

    #[test]
    fn optional_fields_vanish_when_missing() {
        let t = compile_template(
            Path::new("t.hbs"),
            "A{{#if impact}} Impact: {{impact}}{{/if}}.",
        )
        .unwrap();
        t.check_fields(&["Why".into()], &["title"]).unwrap();
        assert_eq!(
            render_case_study(&t, &grant(), 1, &Default::default()).unwrap(),
            "A."
        );
    }

    #[test]
    fn unknown_fields_are_errors_with_a_suggestion_and_position() {
        let t = compile_template(Path::new("t.hbs"), "line one\n  {{titel}}").unwrap();
        let err = t.check_fields(&["title".into()], &["title"]).unwrap_err();
        let msg = err.problems[0].to_string();
        assert!(
            msg.starts_with("error: t.hbs:2:3: the template uses {{titel}}"),
            "{msg}"
        );
        assert!(msg.contains("did you mean {{title}}?"), "{msg}");
    }

    #[test]
    fn syntax_errors_name_line_and_column() {
        let err = compile_template(Path::new("t.hbs"), "ok\n{{#if why}}\nno end")
            .err()
            .unwrap();
        let msg = err.problems[0].to_string();
        // Named where the block opened, not at the end of the file.
        assert!(
            msg.starts_with("error: t.hbs:2:1: {{#if}} opened here is never closed\n  |\n2 | {{#if why}}\n  | ^\n"),
            "{msg}"
        );
        let err = compile_template(Path::new("t.hbs"), "ok {{title")
            .err()
            .unwrap();
        let msg = err.problems[0].to_string();
        assert!(msg.starts_with("error: t.hbs:1:"), "{msg}");
        assert!(msg.contains("cannot be read"), "{msg}");
        assert!(!msg.contains("partial_expression"), "{msg}");
    }

    fn problems(src: &str, headers: &[&str]) -> Vec<String> {
        let headers: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
        let keys: Vec<&str> = crate::grants::field::template_keys().collect();
        compile_template(Path::new("t.hbs"), src)
            .and_then(|t| t.check_fields(&headers, &keys))
            .map(|()| Vec::new())
            .unwrap_or_else(|e| e.problems.iter().map(|p| p.to_string()).collect())
    }

    #[test]
    fn issue_12_helper_mistakes_are_named_once_in_plain_words() {
        let m = problems(
            "{{money}}\n{{monye amount}} {{monye amount}}\n{{plural number \"grant\"}}\n",
            &[],
        );
        // Each place once (not once per grant): the misspelling is at two places.
        assert_eq!(m.len(), 4, "{m:?}");
        assert!(
            m[0].starts_with("error: t.hbs:1:1: {{money}} takes 1 value, but is given 0"),
            "{m:?}"
        );
        assert!(
            m[0].contains("hint: write it like {{money amount}}"),
            "{m:?}"
        );
        assert!(
            m[1].starts_with(
                "error: t.hbs:2:1: the template uses a helper monye that does not exist"
            ),
            "{m:?}"
        );
        assert!(m[1].contains("did you mean money?"), "{m:?}");
        assert!(
            m[2].starts_with("error: t.hbs:2:18: the template uses a helper monye"),
            "{m:?}"
        );
        assert!(
            m[3].starts_with("error: t.hbs:3:1: {{plural}} takes 3 values, but is given 2"),
            "{m:?}"
        );
    }

    #[test]
    fn issue_12_comparing_formatted_amounts_is_an_error_and_amount_value_works() {
        let m = problems("{{#if (gt amount 50000)}}big{{/if}}", &[]);
        assert!(
            m[0].contains("amount is formatted text, so it would always be false"),
            "{m:?}"
        );
        assert!(m[0].contains("{{#if (gt amount_value 50000)}}"), "{m:?}");
        assert_eq!(
            render("{{#if (gt amount_value 50000)}}big{{else}}small{{/if}} {{amount_value}}")
                .unwrap(),
            "big 103000"
        );
    }

    #[test]
    fn issue_12_a_header_with_spaces_gets_the_syntax_that_works() {
        let m = problems("{{Recipient Org:Name}}", &["Recipient Org:Name"]);
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(
            m[0].contains("hint: write {{[Recipient Org:Name]}} or {{recipient_org_name}}"),
            "{m:?}"
        );
        assert_eq!(render("{{[Recipient Org:Name]}}").unwrap(), "Club");
    }

    #[test]
    fn issue_12_money_of_something_not_an_amount_is_an_error() {
        let e = render("x {{money title}}").unwrap_err();
        assert!(
            e.starts_with(
                "error: t.hbs:1:3: {{money}} was given \"Play *more*\", which is not an amount"
            ),
            "{e}"
        );
        assert_eq!(render("{{money amount_value}}").unwrap(), "£103,000");
    }

    #[test]
    fn issue_12_a_built_in_field_the_data_lacks_is_an_error_unless_guarded() {
        let t = compile_template(
            Path::new("t.hbs"),
            "{{title}} awarded on {{award_date}}.{{#if programme}} In {{programme}}.{{/if}}",
        )
        .unwrap();
        let err = t
            .check_fields(&["title".into()], &["title", "number"])
            .unwrap_err();
        assert_eq!(err.problems.len(), 1);
        assert!(
            err.problems[0]
                .to_string()
                .starts_with("error: t.hbs:1:22: the template uses {{award_date}}, but the data has no column for it"),
            "{}",
            err.problems[0]
        );
        t.check_fields(&["title".into()], &["title", "award_date"])
            .unwrap();
    }
}
