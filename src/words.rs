//! Turns names and counts into the words and file names the report and the command print:
//! "3 grants", `birmingham-poverty-truth-commission`, `recipient_org_name`, and each distinct
//! value once in order.

/// "1 grant", "3 grants" (English plural in s).
pub fn plural(n: impl std::fmt::Display, word: &str) -> String {
    let n = n.to_string();
    let s = if n == "1" { "" } else { "s" };
    format!("{n} {word}{s}")
}

/// `Birmingham Poverty Truth Commission` → `birmingham-poverty-truth-commission`, at most 80
/// characters, so a file system accepts it.
pub fn slug(text: &str) -> String {
    let joined = joined_lower(text, '-');
    joined
        .chars()
        .take(80)
        .collect::<String>()
        .trim_end_matches('-')
        .to_string()
}

/// `Recipient Org:Name` → `recipient_org_name`.
pub fn snake_case(text: &str) -> String {
    joined_lower(text, '_')
}

/// Letters and digits lower-cased, every run of anything else one `sep`, none at the ends.
fn joined_lower(text: &str, sep: char) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with(sep) {
            out.push(sep);
        }
    }
    let trimmed = out.trim_end_matches(sep).len();
    out.truncate(trimmed);
    out
}

/// `["a", "b", "c"]` with `last` "and" → "a, b and c" (no comma before the last word, as
/// British style has it); one item alone, none empty.
pub fn and_list(items: &[impl AsRef<str>], last: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [init @ .., end] => {
            let init: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
            format!("{} {last} {}", init.join(", "), end.as_ref())
        }
    }
}

/// Each distinct value once, in the order first seen (programmes in the order of the data).
pub fn distinct<'a>(values: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut seen: Vec<&str> = Vec::new();
    for v in values {
        if !seen.contains(&v) {
            seen.push(v);
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_as_words() {
        assert_eq!(and_list(&[] as &[&str], "and"), "");
        assert_eq!(and_list(&["a4"], "or"), "a4");
        assert_eq!(and_list(&["a4", "letter"], "or"), "a4 or letter");
        assert_eq!(and_list(&["A", "B", "C"], "a"), "A, B a C");
    }

    #[test]
    fn slugs_are_file_safe() {
        assert_eq!(
            slug("Birmingham Poverty Truth Commission"),
            "birmingham-poverty-truth-commission"
        );
        assert_eq!(slug("  Café / Zoë’s: phase 2 "), "café-zoë-s-phase-2");
        assert_eq!(slug("../../etc"), "etc");
        assert_eq!(slug(&"a".repeat(200)).len(), 80);
        assert_eq!(slug(&format!("{}-b", "a".repeat(79))), "a".repeat(79));
    }

    #[test]
    fn snake_case_of_headers() {
        assert_eq!(snake_case("Recipient Org:Name"), "recipient_org_name");
        assert_eq!(
            snake_case("Planned Dates:Duration (months)"),
            "planned_dates_duration_months"
        );
    }

    #[test]
    fn plurals_and_distinct_values() {
        assert_eq!(plural(1, "grant"), "1 grant");
        assert_eq!(plural(0, "file"), "0 files");
        assert_eq!(distinct(["b", "a", "b", "", "a"]), ["b", "a", ""]);
    }
}
