//! Turns report.toml's `language` (and its `[labels]`) into the words and formats the report
//! itself prints: labels, month names and date order, durations in words, counts of grants.
//! Built in: en-GB (the default), en-US and cy (Welsh).

use crate::dates::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Every fixed word or phrase the report prints, by name; `[labels]` in report.toml
/// overrides any of them. `{n}`, `{total}`, `{what}`, `{currency}` are filled in. The first
/// four are the default template's (`{{labels.case_study}}`).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Labels {
    pub case_study: String,
    pub why: String,
    pub impact: String,
    pub priorities: String,
    pub grant: String,
    pub grants: String,
    pub awarded: String,
    pub page_of: String,
    pub continued: String,
    pub contents: String,
    pub introduction: String,
    pub summary: String,
    pub grantee: String,
    pub project: String,
    pub amount: String,
    pub duration: String,
    pub programme: String,
    pub award_date: String,
    pub total: String,
    pub subtotal: String,
    pub in_currency: String,
    pub no_programme: String,
    pub total_awarded_by_programme: String,
    pub total_awarded_by_grantee: String,
    pub other_programmes: String,
    pub other_grantees: String,
    pub grants_by_duration: String,
    pub under_12: String,
    pub months_12_23: String,
    pub months_24_35: String,
    pub months_36_or_more: String,
    pub not_given: String,
    pub bar_chart: String,
    pub picture: String,
    pub go_to_page: String,
    /// The HTML edition's skip link, past the contents to the report.
    pub skip_to_content: String,
    /// What opens a chart's figures as a table, under the chart in the HTML edition.
    pub figures_table: String,
}

impl Default for Labels {
    fn default() -> Self {
        english()
    }
}

fn english() -> Labels {
    let s = |t: &str| t.to_string();
    Labels {
        case_study: s("Case study"),
        why: s("Why did we fund it?"),
        impact: s("Impact:"),
        priorities: s("Links to our priorities:"),
        grant: s("grant"),
        grants: s("grants"),
        awarded: s("awarded"),
        page_of: s("Page {n} of {total}"),
        continued: s("(continued)"),
        contents: s("Contents"),
        introduction: s("Introduction"),
        summary: s("Summary of grants"),
        grantee: s("Grantee"),
        project: s("Project"),
        amount: s("Amount"),
        duration: s("Duration"),
        programme: s("Programme"),
        award_date: s("Awarded"),
        total: s("Total"),
        subtotal: s("Subtotal"),
        in_currency: s("in {currency}"),
        no_programme: s("No programme"),
        total_awarded_by_programme: s("Total awarded by programme"),
        total_awarded_by_grantee: s("Total awarded by grantee"),
        other_programmes: s("{n} other programmes"),
        other_grantees: s("{n} other grantees"),
        grants_by_duration: s("Grants by duration (months)"),
        under_12: s("Under 12"),
        months_12_23: s("12–23"),
        months_24_35: s("24–35"),
        months_36_or_more: s("36 or more"),
        not_given: s("Not given"),
        bar_chart: s("Bar chart"),
        picture: s("Picture"),
        go_to_page: s("Go to page {n}"),
        skip_to_content: s("Skip to the report"),
        figures_table: s("The figures as a table"),
    }
}

fn american() -> Labels {
    Labels {
        programme: "Program".into(),
        no_programme: "No program".into(),
        total_awarded_by_programme: "Total awarded by program".into(),
        other_programmes: "{n} other programs".into(),
        ..english()
    }
}

fn welsh() -> Labels {
    let s = |t: &str| t.to_string();
    Labels {
        case_study: s("Astudiaeth achos"),
        why: s("Pam wnaethon ni ei ariannu?"),
        impact: s("Effaith:"),
        priorities: s("Cysylltiadau â’n blaenoriaethau:"),
        grant: s("grant"),
        grants: s("grant"),
        awarded: s("dyfarnwyd"),
        page_of: s("Tudalen {n} o {total}"),
        continued: s("(parhad)"),
        contents: s("Cynnwys"),
        introduction: s("Cyflwyniad"),
        summary: s("Crynodeb o grantiau"),
        grantee: s("Derbynnydd"),
        project: s("Prosiect"),
        amount: s("Swm"),
        duration: s("Hyd"),
        programme: s("Rhaglen"),
        award_date: s("Dyfarnwyd"),
        total: s("Cyfanswm"),
        subtotal: s("Is-gyfanswm"),
        in_currency: s("mewn {currency}"),
        no_programme: s("Dim rhaglen"),
        total_awarded_by_programme: s("Cyfanswm a ddyfarnwyd fesul rhaglen"),
        total_awarded_by_grantee: s("Cyfanswm a ddyfarnwyd fesul derbynnydd"),
        other_programmes: s("{n} rhaglen arall"),
        other_grantees: s("{n} derbynnydd arall"),
        grants_by_duration: s("Grantiau yn ôl hyd (misoedd)"),
        under_12: s("Llai na 12"),
        months_12_23: s("12–23"),
        months_24_35: s("24–35"),
        months_36_or_more: s("36 neu fwy"),
        not_given: s("Heb ei nodi"),
        bar_chart: s("Siart bar"),
        picture: s("Llun"),
        go_to_page: s("Ewch i dudalen {n}"),
        skip_to_content: s("Neidio i’r adroddiad"),
        figures_table: s("Y ffigurau fel tabl"),
    }
}

/// How a date is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateOrder {
    /// 29 November 2026
    DayMonthYear,
    /// November 29, 2026
    MonthDayYear,
}

/// A language's words and formats.
#[derive(Debug, Clone, PartialEq)]
pub struct Locale {
    /// The language tag it was chosen by, as the PDF declares it.
    pub tag: &'static str,
    pub labels: Labels,
    months: [&'static str; 12],
    order: DateOrder,
    /// "one" to "ten" and the words for month(s) and year(s) in durations.
    numbers: [&'static str; 11],
    month: (&'static str, &'static str),
    year: (&'static str, &'static str),
    /// Whether a noun after a number stays singular (Welsh: "5 grant").
    singular_after_numbers: bool,
}

/// The locales built in, by tag.
pub const SUPPORTED: [&str; 3] = ["en-GB", "en-US", "cy"];

const ENGLISH_NUMBERS: [&str; 11] = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
];

impl Default for Locale {
    fn default() -> Self {
        Locale::british()
    }
}

impl Locale {
    fn british() -> Locale {
        Locale {
            tag: "en-GB",
            labels: english(),
            months: crate::dates::MONTHS,
            order: DateOrder::DayMonthYear,
            numbers: ENGLISH_NUMBERS,
            month: ("month", "months"),
            year: ("year", "years"),
            singular_after_numbers: false,
        }
    }

    /// The locale a language tag names (case aside; "en" is en-GB, "en-..." other than US
    /// too, "cy-GB" is cy); `None` for a language not built in.
    pub fn for_tag(tag: &str) -> Option<Locale> {
        let lower = tag.trim().to_ascii_lowercase();
        let language = lower.split(['-', '_']).next().unwrap_or("");
        match (language, lower.as_str()) {
            (_, "en-us") => Some(Locale {
                tag: "en-US",
                labels: american(),
                order: DateOrder::MonthDayYear,
                ..Locale::british()
            }),
            ("en", _) => Some(Locale::british()),
            ("cy", _) => Some(Locale {
                tag: "cy",
                labels: welsh(),
                months: [
                    "Ionawr",
                    "Chwefror",
                    "Mawrth",
                    "Ebrill",
                    "Mai",
                    "Mehefin",
                    "Gorffennaf",
                    "Awst",
                    "Medi",
                    "Hydref",
                    "Tachwedd",
                    "Rhagfyr",
                ],
                order: DateOrder::DayMonthYear,
                numbers: [
                    "dim", "un", "dau", "tri", "pedwar", "pump", "chwech", "saith", "wyth", "naw",
                    "deg",
                ],
                month: ("mis", "mis"),
                year: ("flwyddyn", "blynedd"),
                singular_after_numbers: true,
            }),
            _ => None,
        }
    }

    /// The locale with report.toml's `[labels]` over its own; the names that are not labels
    /// when there are any.
    pub fn with_labels(
        mut self,
        overrides: &BTreeMap<String, String>,
    ) -> Result<Locale, Vec<String>> {
        if overrides.is_empty() {
            return Ok(self);
        }
        let mut map = match serde_json::to_value(&self.labels) {
            Ok(serde_json::Value::Object(m)) => m,
            _ => return Ok(self),
        };
        let unknown: Vec<String> = overrides
            .keys()
            .filter(|k| !map.contains_key(k.as_str()))
            .cloned()
            .collect();
        if !unknown.is_empty() {
            return Err(unknown);
        }
        for (k, v) in overrides {
            map.insert(k.clone(), serde_json::Value::String(v.clone()));
        }
        if let Ok(labels) = serde_json::from_value(serde_json::Value::Object(map)) {
            self.labels = labels;
        }
        Ok(self)
    }

    /// The names of every label, for messages and `grant-report init`.
    pub fn label_names() -> Vec<String> {
        match serde_json::to_value(english()) {
            Ok(serde_json::Value::Object(m)) => m.keys().cloned().collect(),
            _ => Vec::new(),
        }
    }

    /// A date in words: "29 November 2026", "November 29, 2026", "29 Tachwedd 2026".
    pub fn date(&self, date: Date) -> String {
        let month = self.months[usize::from(date.month.clamp(1, 12) - 1)];
        match self.order {
            DateOrder::DayMonthYear => format!("{} {month} {}", date.day, date.year),
            DateOrder::MonthDayYear => format!("{month} {}, {}", date.day, date.year),
        }
    }

    /// A duration in words: whole years as years ("two years"), else months ("18 months").
    pub fn duration(&self, months: u32) -> String {
        let word = |n: u32| {
            self.numbers
                .get(n as usize)
                .map_or_else(|| n.to_string(), |w| (*w).to_string())
        };
        let (n, (one, many)) = if months > 0 && months.is_multiple_of(12) {
            (months / 12, self.year)
        } else {
            (months, self.month)
        };
        let unit = if n == 1 || self.singular_after_numbers {
            one
        } else {
            many
        };
        // Welsh "blwyddyn" is feminine and mutates after numbers: the years a grant runs.
        if self.tag == "cy" && months > 0 && months.is_multiple_of(12) {
            match n {
                1 => return "un flwyddyn".into(),
                2 => return "dwy flynedd".into(),
                3 => return "tair blynedd".into(),
                4 => return "pedair blynedd".into(),
                _ => {}
            }
        }
        format!("{} {unit}", word(n))
    }

    /// A date as written in data or by [`Locale::date`]: what `dates::parse_date` reads, or
    /// a long date in this locale's month names ("3 Tachwedd 2025", "November 3, 2025").
    pub fn parse_date(&self, text: &str) -> Option<Date> {
        if let Some(d) = crate::dates::parse_date(text) {
            return Some(d);
        }
        let words: Vec<String> = text
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let month = |w: &str| {
            self.months
                .iter()
                .position(|m| m.to_lowercase() == w)
                .map(|i| i as u8 + 1)
        };
        let (day, month, year): (u8, u8, u16) = match words.as_slice() {
            [d, m, y] if month(m).is_some() => (d.parse().ok()?, month(m)?, y.parse().ok()?),
            [m, d, y] if month(m).is_some() => (d.parse().ok()?, month(m)?, y.parse().ok()?),
            _ => return None,
        };
        crate::dates::parse_iso_date(&format!("{year:04}-{month:02}-{day:02}"))
    }

    /// A number of months in figures, as a table gives them: "18 months", "18 mis".
    pub fn months(&self, n: u32) -> String {
        let unit = if n == 1 || self.singular_after_numbers {
            self.month.0
        } else {
            self.month.1
        };
        format!("{n} {unit}")
    }

    /// Names as a sentence lists them: "A, B and C" (British), "A, B, and C" (American, with
    /// the serial comma), "A, B a C" (Welsh; "ac" before a vowel).
    pub fn list(&self, items: &[&str]) -> String {
        match (self.tag, items) {
            (_, [] | [_]) => crate::words::and_list(items, "and"),
            ("cy", [.., last]) => {
                let vowel = last
                    .chars()
                    .next()
                    .is_some_and(|c| "AEIOUWYaeiouwyÂÊÎÔÛŴŶâêîôûŵŷ".contains(c));
                crate::words::and_list(items, if vowel { "ac" } else { "a" })
            }
            ("en-US", [_, _, _, ..]) => {
                let (last, init) = items.split_last().unwrap_or((&"", &[]));
                format!("{}, and {last}", init.join(", "))
            }
            _ => crate::words::and_list(items, "and"),
        }
    }

    /// A count of grants: "1 grant", "3 grants" ("3 grant" in Welsh, which keeps the noun
    /// singular after a number).
    pub fn grants(&self, n: usize) -> String {
        let noun = if n == 1 || self.singular_after_numbers {
            &self.labels.grant
        } else {
            &self.labels.grants
        };
        format!("{n} {noun}")
    }

    /// A label with its `{n}`, `{total}`, `{currency}` filled in.
    pub fn fill(template: &str, pairs: &[(&str, &str)]) -> String {
        let mut out = template.to_string();
        for (key, value) in pairs {
            out = out.replace(&format!("{{{key}}}"), value);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_in_the_language_of_the_page() {
        let l = |tag: &str, items: &[&str]| Locale::for_tag(tag).map(|l| l.list(items));
        assert_eq!(l("en-GB", &["A", "B", "C"]).as_deref(), Some("A, B and C"));
        assert_eq!(l("en-US", &["A", "B", "C"]).as_deref(), Some("A, B, and C"));
        assert_eq!(l("en-US", &["A", "B"]).as_deref(), Some("A and B"));
        assert_eq!(
            l("cy", &["Tai", "Iechyd", "Cymunedau"]).as_deref(),
            Some("Tai, Iechyd a Cymunedau")
        );
        assert_eq!(
            l("cy", &["Tai", "Addysg"]).as_deref(),
            Some("Tai ac Addysg")
        );
        assert_eq!(l("cy", &["Tai"]).as_deref(), Some("Tai"));
    }

    fn date(y: u16, m: u8, d: u8) -> Date {
        Date {
            year: y,
            month: m,
            day: d,
        }
    }

    #[test]
    fn issue_17_dates_durations_and_counts_follow_the_locale() {
        let gb = Locale::for_tag("en-GB").expect("en-GB");
        let us = Locale::for_tag("en-us").expect("en-US");
        let cy = Locale::for_tag("cy").expect("cy");
        assert_eq!(gb.date(date(2026, 11, 29)), "29 November 2026");
        assert_eq!(us.date(date(2026, 11, 29)), "November 29, 2026");
        assert_eq!(cy.date(date(2026, 11, 29)), "29 Tachwedd 2026");
        assert_eq!(gb.duration(24), "two years");
        assert_eq!(gb.duration(18), "18 months");
        assert_eq!(gb.duration(1), "one month");
        assert_eq!(cy.duration(24), "dwy flynedd");
        assert_eq!(cy.duration(36), "tair blynedd");
        assert_eq!(cy.duration(18), "18 mis");
        assert_eq!(gb.grants(1), "1 grant");
        assert_eq!(gb.grants(3), "3 grants");
        assert_eq!(cy.grants(3), "3 grant");
        assert_eq!(us.labels.programme, "Program");
        assert!(Locale::for_tag("fr").is_none());
        assert_eq!(Locale::for_tag("en").map(|l| l.tag), Some("en-GB"));
    }
}
