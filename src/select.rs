//! Turns every grant read into the grants a report is about, in the order its case studies
//! come: chosen by programme, award dates, amount and identifier (report.toml's `[select]`
//! or the command line), then ordered by `[case_study] sort` and `order`.

use crate::dates::{self, Date};
use crate::diagnostic::Diagnostic;
use crate::grants::{self, Currency, Grant, Money};
use serde::Deserialize;
use std::cmp::Ordering;

/// Which grants go in (report.toml's `[select]`); every criterion given must hold, and a
/// grant matching any one of a list's values matches that list.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Selection {
    /// Programme names (case and surrounding spaces aside).
    pub programmes: Vec<String>,
    /// Grant identifiers.
    pub ids: Vec<String>,
    /// Award dates from and to, inclusive (`2024-04-01`, `2025-03-31` for a financial year).
    pub awarded_from: Option<String>,
    pub awarded_to: Option<String>,
    /// Amounts from and to, inclusive (`10000`, `"£10,000"`).
    #[serde(deserialize_with = "text_or_number")]
    pub min_amount: Option<String>,
    #[serde(deserialize_with = "text_or_number")]
    pub max_amount: Option<String>,
}

/// An amount written as text (`"£10,000"`) or as a number (`10000`, `2500.50`).
fn text_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    struct Amount;
    impl serde::de::Visitor<'_> for Amount {
        type Value = Option<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
    }
    d.deserialize_any(Amount)
}

impl Selection {
    /// Whether it leaves any grant out.
    pub fn is_everything(&self) -> bool {
        *self == Selection::default()
    }

    /// The command line's choices over report.toml's, key by key.
    pub fn overridden_by(&self, other: &Selection) -> Selection {
        let pick = |a: &Option<String>, b: &Option<String>| b.clone().or_else(|| a.clone());
        let list = |a: &Vec<String>, b: &Vec<String>| {
            if b.is_empty() {
                a.clone()
            } else {
                b.clone()
            }
        };
        Selection {
            programmes: list(&self.programmes, &other.programmes),
            ids: list(&self.ids, &other.ids),
            awarded_from: pick(&self.awarded_from, &other.awarded_from),
            awarded_to: pick(&self.awarded_to, &other.awarded_to),
            min_amount: pick(&self.min_amount, &other.min_amount),
            max_amount: pick(&self.max_amount, &other.max_amount),
        }
    }

    /// The selection ready to apply (amounts without a currency sign in `currency`), or
    /// which of its dates and amounts cannot be read.
    pub fn compile(&self, currency: Currency) -> Result<Compiled, Vec<Unreadable>> {
        let mut problems = Vec::new();
        let mut date = |key: &'static str, text: &Option<String>| {
            let text = text.as_deref()?;
            let parsed = dates::parse_iso_date(text);
            if parsed.is_none() {
                problems.push(Unreadable {
                    key,
                    value: text.to_string(),
                    date: true,
                });
            }
            parsed
        };
        let (from, to) = (
            date("awarded_from", &self.awarded_from),
            date("awarded_to", &self.awarded_to),
        );
        let mut amount = |key: &'static str, text: &Option<String>| {
            let text = text.as_deref()?;
            match grants::parse_amount(text, currency, false) {
                Ok(m) => Some((m, text.chars().any(|c| !"0123456789.,- ".contains(c)))),
                Err(_) => {
                    problems.push(Unreadable {
                        key,
                        value: text.to_string(),
                        date: false,
                    });
                    None
                }
            }
        };
        let (min, max) = (
            amount("min_amount", &self.min_amount),
            amount("max_amount", &self.max_amount),
        );
        if problems.is_empty() {
            Ok(Compiled {
                programmes: self.programmes.iter().map(|p| key(p)).collect(),
                ids: self.ids.iter().map(|i| i.trim().to_string()).collect(),
                from,
                to,
                min,
                max,
            })
        } else {
            Err(problems)
        }
    }
}

/// A date or amount of a [`Selection`] that cannot be read.
#[derive(Debug, Clone, PartialEq)]
pub struct Unreadable {
    /// `awarded_from`, `awarded_to`, `min_amount` or `max_amount`.
    pub key: &'static str,
    pub value: String,
    /// A date (else an amount).
    pub date: bool,
}

impl Unreadable {
    /// What the value should be, in words.
    pub fn allowed(&self) -> &'static str {
        if self.date {
            "a date written YYYY-MM-DD, such as 2024-04-01"
        } else {
            "an amount such as 10000 or £10,000"
        }
    }

    /// What to write instead.
    pub fn hint(&self) -> &'static str {
        if self.date {
            "a financial year is awarded_from = \"2024-04-01\" and awarded_to = \"2025-03-31\""
        } else {
            "write digits, with a currency sign if you like: min_amount = 10000 or \"£10,000\""
        }
    }

    /// The problem as an error (the caller adds where it is written).
    pub fn diagnostic(&self) -> Diagnostic {
        Diagnostic::error(format!(
            "{} is {}, not \"{}\"",
            self.key,
            self.allowed(),
            self.value
        ))
        .with_hint(self.hint())
    }
}

/// A [`Selection`] with its dates and amounts read.
#[derive(Debug, Clone)]
pub struct Compiled {
    programmes: Vec<String>,
    ids: Vec<String>,
    from: Option<Date>,
    to: Option<Date>,
    /// An amount, and whether it names its currency (then only grants in it can match).
    min: Option<(Money, bool)>,
    max: Option<(Money, bool)>,
}

/// A programme name as compared: lower case, surrounding space trimmed.
fn key(programme: &str) -> String {
    programme.trim().to_lowercase()
}

impl Compiled {
    fn programme(&self, g: &Grant) -> bool {
        self.programmes.is_empty() || self.programmes.contains(&key(&g.programme))
    }

    fn id(&self, g: &Grant) -> bool {
        self.ids.is_empty() || self.ids.iter().any(|i| *i == g.id.trim())
    }

    fn awarded(&self, g: &Grant) -> bool {
        if self.from.is_none() && self.to.is_none() {
            return true;
        }
        let Some(d) = g.award_date else {
            return false;
        };
        self.from.is_none_or(|f| d >= f) && self.to.is_none_or(|t| d <= t)
    }

    fn amount(&self, g: &Grant) -> bool {
        let within = |bound: &Option<(Money, bool)>, ok: fn(Ordering) -> bool| match bound {
            None => true,
            Some((m, named)) if *named && m.currency != g.amount.currency => false,
            Some((m, _)) => ok(g.amount.minor.cmp(&m.minor)),
        };
        within(&self.min, Ordering::is_ge) && within(&self.max, Ordering::is_le)
    }

    /// Whether a grant is in the report.
    pub fn selects(&self, g: &Grant) -> bool {
        self.programme(g) && self.id(g) && self.awarded(g) && self.amount(g)
    }

    /// Why nothing was selected: each criterion that by itself leaves no grant, with the
    /// values the grants have, so the user can pick one that exists.
    pub fn explain_empty(&self, grants: &[Grant]) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let none = |f: &dyn Fn(&Grant) -> bool| !grants.iter().any(f);
        if !self.programmes.is_empty() && none(&|g| self.programme(g)) {
            let names = crate::words::distinct(grants.iter().map(|g| g.programme.as_str()));
            out.push(
                Diagnostic::error("no grant is in the programmes chosen").with_hint(format!(
                    "the programmes are: {}",
                    names
                        .iter()
                        .map(|n| format!("\"{n}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
        }
        if !self.ids.is_empty() && none(&|g| self.id(g)) {
            let first: Vec<&str> = grants.iter().take(5).map(|g| g.id.as_str()).collect();
            out.push(
                Diagnostic::error("no grant has the identifiers chosen")
                    .with_hint(format!("identifiers look like: {}", first.join(", "))),
            );
        }
        if (self.from.is_some() || self.to.is_some()) && none(&|g| self.awarded(g)) {
            let dates: Vec<Date> = grants.iter().filter_map(|g| g.award_date).collect();
            let hint = match (dates.iter().min(), dates.iter().max()) {
                (Some(a), Some(b)) => format!(
                    "the grants were awarded from {} to {}",
                    dates::format_long(*a),
                    dates::format_long(*b)
                ),
                _ => "no grant has an award date".into(),
            };
            out.push(Diagnostic::error("no grant was awarded in the dates chosen").with_hint(hint));
        }
        if (self.min.is_some() || self.max.is_some()) && none(&|g| self.amount(g)) {
            let hint = match (
                grants.iter().map(|g| g.amount).min_by_key(|m| m.minor),
                grants.iter().map(|g| g.amount).max_by_key(|m| m.minor),
            ) {
                (Some(a), Some(b)) => format!("the amounts run from {a} to {b}"),
                _ => String::new(),
            };
            out.push(Diagnostic::error("no grant's amount is in the range chosen").with_hint(hint));
        }
        if out.is_empty() {
            out.push(Diagnostic::error(
                "no grant meets every choice at once (each alone selects some)",
            ));
        }
        out
    }
}

/// The order of case studies (`[case_study] sort`).
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum CaseStudySort {
    #[default]
    File,
    AwardDate,
    Amount,
    Title,
    Grantee,
    Programme,
}

/// Ascending or descending (`[case_study] order`).
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    #[default]
    Ascending,
    Descending,
}

/// Orders grants for their case studies; ties keep the file's order, and grants without an
/// award date come last when sorting by it, whichever the direction.
pub fn order(grants: &mut [Grant], sort: CaseStudySort, direction: Direction) {
    let text = |s: &str| s.trim().to_lowercase();
    grants.sort_by(|a, b| {
        let by = match sort {
            CaseStudySort::File => a.position.cmp(&b.position),
            CaseStudySort::AwardDate => {
                return match (a.award_date, b.award_date) {
                    (Some(x), Some(y)) => {
                        let o = x.cmp(&y);
                        if direction == Direction::Descending {
                            o.reverse()
                        } else {
                            o
                        }
                    }
                    (Some(_), None) => Ordering::Less,
                    (None, Some(_)) => Ordering::Greater,
                    (None, None) => Ordering::Equal,
                }
                .then(a.position.cmp(&b.position));
            }
            CaseStudySort::Amount => {
                (a.amount.currency, a.amount.minor).cmp(&(b.amount.currency, b.amount.minor))
            }
            CaseStudySort::Title => text(&a.title).cmp(&text(&b.title)),
            CaseStudySort::Grantee => text(&a.grantee).cmp(&text(&b.grantee)),
            CaseStudySort::Programme => text(&a.programme).cmp(&text(&b.programme)),
        };
        let by = if direction == Direction::Descending {
            by.reverse()
        } else {
            by
        };
        by.then(a.position.cmp(&b.position))
    });
}
