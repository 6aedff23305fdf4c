//! The template helpers: turn raw values into report text (`money`, `duration`, `plural`,
//! `upper`, `lower`, `default`, `slug`).

use crate::grants::{parse_amount, parse_duration, Currency};
use handlebars::{
    handlebars_helper, Context, Handlebars, Helper, HelperResult, Output, RenderContext,
    RenderErrorReason,
};
use serde_json::Value;

/// A helper's first value as text (empty when it has none).
fn first_text(h: &Helper) -> String {
    h.param(0).map(|p| text(p.value())).unwrap_or_default()
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// `{{money x}}` writes an amount (`103000`, `£103,000.00`) as the report does; a value that
/// is not an amount is an error, never printed as it is.
fn money(
    h: &Helper,
    _: &Handlebars,
    _: &Context,
    _: &mut RenderContext,
    out: &mut dyn Output,
) -> HelperResult {
    let t = first_text(h);
    if t.trim().is_empty() {
        return Ok(());
    }
    match parse_amount(&t, Currency::GBP, false) {
        Ok(m) => {
            out.write(&m.to_string())?;
            Ok(())
        }
        Err(_) => Err(RenderErrorReason::Other(format!(
            "{{{{money}}}} was given \"{}\", which is not an amount",
            shorten(&t)
        ))
        .into()),
    }
}

/// A value cut to a readable length for a message.
fn shorten(t: &str) -> String {
    let mut s: String = t.chars().take(40).collect();
    if s.len() < t.len() {
        s.push('…');
    }
    s
}

/// `{{duration x}}` writes months (`24`, `2 years`) in words; a bare `{{duration}}` is the
/// grant's own duration field (a helper named like a field would otherwise hide it).
fn duration(
    h: &Helper,
    _: &Handlebars,
    ctx: &Context,
    _: &mut RenderContext,
    out: &mut dyn Output,
) -> HelperResult {
    let locale = locale_of(ctx);
    let words = match h.param(0) {
        Some(p) => {
            let t = text(p.value());
            match parse_duration(&t) {
                Ok(Some(m)) => locale.duration(m.0),
                Ok(None) => "—".to_string(),
                Err(_) => {
                    return Err(RenderErrorReason::Other(format!(
                        "{{{{duration}}}} was given \"{}\", which is not a duration",
                        shorten(&t)
                    ))
                    .into())
                }
            }
        }
        None => ctx.data().get("duration").map(text).unwrap_or_default(),
    };
    out.write(&super::escape_markdown(&words))?;
    Ok(())
}

/// The locale a case study is rendered in (its context's `__locale`; en-GB without one).
fn locale_of(ctx: &Context) -> crate::locale::Locale {
    ctx.data()
        .get(super::LOCALE_KEY)
        .and_then(Value::as_str)
        .and_then(crate::locale::Locale::for_tag)
        .unwrap_or_default()
}

/// `{{date x}}` writes a date (`2001-03-26`, `26/03/2001`, `26 March 2001`) in the report's
/// language: long by default ("26 March 2001", "March 26, 2001", "26 Mawrth 2001"), or
/// `{{date x "short"}}` (26/03/2001; 03/26/2001 in en-US) or `"iso"` (2001-03-26). A bare
/// `{{date}}` is the report's date field.
fn date(
    h: &Helper,
    _: &Handlebars,
    ctx: &Context,
    _: &mut RenderContext,
    out: &mut dyn Output,
) -> HelperResult {
    let Some(p) = h.param(0) else {
        let field = ctx.data().get("date").map(text).unwrap_or_default();
        out.write(&super::escape_markdown(&field))?;
        return Ok(());
    };
    let t = text(p.value());
    let shown = if t.trim().is_empty() {
        String::new()
    } else {
        let locale = locale_of(ctx);
        let d = locale.parse_date(&t).ok_or_else(|| {
            RenderErrorReason::Other(format!(
                "{{{{date}}}} was given \"{}\", which is not a date",
                shorten(&t)
            ))
        })?;
        match h.param(1).map(|f| text(f.value())).as_deref() {
            None | Some("long") => locale.date(d),
            Some("short") if locale.tag == "en-US" => {
                format!("{:02}/{:02}/{}", d.month, d.day, d.year)
            }
            Some("short") => format!("{:02}/{:02}/{}", d.day, d.month, d.year),
            Some("iso") => format!("{}-{:02}-{:02}", d.year, d.month, d.day),
            Some(other) => {
                return Err(RenderErrorReason::Other(format!(
                    "{{{{date}}}} has no format \"{}\" (long, short or iso)",
                    shorten(other)
                ))
                .into())
            }
        }
    };
    out.write(&super::escape_markdown(&shown))?;
    Ok(())
}

handlebars_helper!(plural: |n: Value, one: str, many: str| {
    let count = n.as_i64().or_else(|| text(&n).trim().parse().ok());
    match count {
        Some(1) => format!("1 {one}"),
        Some(c) => format!("{c} {many}"),
        None => format!("{} {many}", text(&n)),
    }
});

handlebars_helper!(upper: |v: Value| text(&v).to_uppercase());
handlebars_helper!(lower: |v: Value| text(&v).to_lowercase());
handlebars_helper!(default: |v: Value, fallback: Value| {
    let t = text(&v);
    if t.trim().is_empty() { text(&fallback) } else { t }
});

handlebars_helper!(slug: |v: Value| crate::words::slug(&text(&v)));

// `{{label title}}`: the text with a colon after it, unless it already ends in punctuation
// (`Play more:`, but `What next?`).
handlebars_helper!(label: |v: Value| {
    let t = text(&v);
    let t = t.trim_end();
    if t.ends_with(['.', ':', '!', '?', ';']) { t.to_string() } else { format!("{t}:") }
});

/// `{{continue summary}}`: text that carries on the sentence before it when it reads as its
/// continuation (it starts in lower case or with a bracket: ` (CLES) to establish…`), else a
/// new sentence after a full stop (`. The project will…`). Written directly (escaped here),
/// since the escaping of `{{x}}` would drop the leading space.
fn continue_(
    h: &Helper,
    _: &Handlebars,
    _: &Context,
    _: &mut RenderContext,
    out: &mut dyn Output,
) -> HelperResult {
    let t = first_text(h);
    let t = t.trim();
    if t.is_empty() {
        return Ok(());
    }
    let carries_on =
        t.starts_with(|c: char| c.is_lowercase() || matches!(c, '(' | ',' | ';' | '–' | '-'));
    out.write(if carries_on { " " } else { ". " })?;
    out.write(&super::escape_markdown(t))?;
    Ok(())
}

/// The names of our helpers.
pub const NAMES: &[&str] = &[
    "money", "duration", "date", "plural", "upper", "lower", "default", "slug", "label", "continue",
];

/// Handlebars' own helpers a template may use beside ours.
pub const BUILT_IN: &[&str] = &[
    "if", "unless", "each", "with", "eq", "ne", "gt", "gte", "lt", "lte", "and", "or", "not", "len",
];

/// Registers every helper on `registry`.
pub fn register(registry: &mut Handlebars<'static>) {
    registry.register_helper("money", Box::new(money));
    registry.register_helper("duration", Box::new(duration));
    registry.register_helper("date", Box::new(date));
    registry.register_helper("plural", Box::new(plural));
    registry.register_helper("upper", Box::new(upper));
    registry.register_helper("lower", Box::new(lower));
    registry.register_helper("default", Box::new(default));
    registry.register_helper("slug", Box::new(slug));
    registry.register_helper("label", Box::new(label));
    registry.register_helper("continue", Box::new(continue_));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn render(src: &str, data: Value) -> String {
        super::super::registry(handlebars::no_escape)
            .render_template(src, &data)
            .unwrap()
    }

    #[test]
    fn helpers_format_values() {
        let d = json!({"a": "103000.50", "n": 24, "blank": "", "c": 1, "x": "Fund"});
        assert_eq!(render("{{money a}}", d.clone()), "£103,000.50");
        assert_eq!(
            render("{{duration n}}|{{duration blank}}", d.clone()),
            "two years|—"
        );
        assert_eq!(
            render(
                "{{plural c \"grant\" \"grants\"}} {{plural n \"grant\" \"grants\"}}",
                d.clone()
            ),
            "1 grant 24 grants"
        );
        assert_eq!(
            render("{{upper x}} {{lower x}} {{default blank \"none\"}}", d),
            "FUND fund none"
        );
    }
}
