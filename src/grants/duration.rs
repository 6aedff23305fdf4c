//! Turns duration text such as `24`, `24 months`, `over two years` or `1 year 6 months` into a
//! whole number of [`Months`], and back into words for the case study.

/// A grant's length in whole months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Months(pub u32);

impl Months {
    /// Words for running text: `two years`, `18 months`, `one year`.
    pub fn words(&self) -> String {
        crate::locale::Locale::default().duration(self.0)
    }
}

/// Duration text that is not a duration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DurationError;

/// Parses duration text. `Ok(None)` means deliberately blank (empty, `Undefined`, `n/a`).
///
/// ```
/// use grant_report::grants::{parse_duration, Months};
/// assert_eq!(parse_duration("over two years"), Ok(Some(Months(24))));
/// assert_eq!(parse_duration("1 year 6 months"), Ok(Some(Months(18))));
/// assert_eq!(parse_duration("Undefined"), Ok(None));
/// ```
pub fn parse_duration(text: &str) -> Result<Option<Months>, DurationError> {
    let lower = text.trim().to_lowercase();
    let s = lower.trim_end_matches('.');
    if matches!(
        s,
        "" | "undefined" | "n/a" | "na" | "none" | "-" | "—" | "–" | "tbc"
    ) {
        return Ok(None);
    }
    let s = s.strip_prefix("over ").unwrap_or(s);
    let s = s.strip_prefix("for ").unwrap_or(s);
    let tokens: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty() && *t != "and")
        .collect();
    // A bare number is months (the 360Giving "Duration (months)" column).
    if let [only] = tokens.as_slice() {
        if only.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
            return quantity(only)
                .map(|q| Some(Months(q.round_months(1))))
                .map_err(|()| DurationError);
        }
    }
    sum_units(&tokens)
        .map(|m| Some(Months(m)))
        .ok_or(DurationError)
}

/// Adds up `1 year 6 months`-style token lists into months.
fn sum_units(tokens: &[&str]) -> Option<u32> {
    let mut total: Option<u32> = None;
    let mut pending: Option<Quantity> = None;
    for &token in tokens {
        if let Some(q) = pending.take() {
            total = Some(
                total
                    .unwrap_or(0)
                    .checked_add(q.round_months(unit(token)?))?,
            );
        } else if let Some((num, unit_text)) = split_glued(token) {
            // `24months`, `2yrs`
            total = Some(
                total
                    .unwrap_or(0)
                    .checked_add(num.round_months(unit(unit_text)?))?,
            );
        } else {
            pending = Some(quantity(token).ok()?);
        }
    }
    if pending.is_some() {
        return None;
    }
    total
}

/// A count, possibly with a half (1.5 years); stored in tenths to stay exact.
#[derive(Clone, Copy)]
struct Quantity(u32);

impl Quantity {
    fn round_months(self, months_per_unit: u32) -> u32 {
        (self.0.saturating_mul(months_per_unit) + 5) / 10
    }
}

fn quantity(token: &str) -> Result<Quantity, ()> {
    const WORDS: [&str; 13] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    if let Some(n) = WORDS.iter().position(|w| *w == token) {
        return Ok(Quantity(n as u32 * 10));
    }
    if token == "a" || token == "an" {
        return Ok(Quantity(10));
    }
    match token.split_once('.') {
        None => token
            .parse::<u32>()
            .ok()
            .filter(|n| *n <= 1200)
            .map(|n| Quantity(n * 10))
            .ok_or(()),
        Some((w, f)) if f.len() == 1 => {
            let w: u32 = w.parse().map_err(|_| ())?;
            let f: u32 = f.parse().map_err(|_| ())?;
            (w <= 1200).then_some(Quantity(w * 10 + f)).ok_or(())
        }
        Some(_) => Err(()),
    }
}

/// Months per unit word.
fn unit(token: &str) -> Option<u32> {
    match token {
        "month" | "months" | "mth" | "mths" | "mo" | "mos" | "m" => Some(1),
        "year" | "years" | "yr" | "yrs" | "y" => Some(12),
        _ => None,
    }
}

fn split_glued(token: &str) -> Option<(Quantity, &str)> {
    let at = token.find(|c: char| c.is_ascii_alphabetic())?;
    if at == 0 {
        return None;
    }
    Some((quantity(&token[..at]).ok()?, &token[at..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn months(s: &str) -> Result<Option<u32>, DurationError> {
        parse_duration(s).map(|m| m.map(|m| m.0))
    }

    #[test]
    fn accepts_the_forms_people_write() {
        assert_eq!(months("24"), Ok(Some(24)));
        assert_eq!(months("24 months"), Ok(Some(24)));
        assert_eq!(months("2 years"), Ok(Some(24)));
        assert_eq!(months("over two years"), Ok(Some(24)));
        assert_eq!(months("18 mths"), Ok(Some(18)));
        assert_eq!(months("one year"), Ok(Some(12)));
        assert_eq!(months("1 year 6 months"), Ok(Some(18)));
        assert_eq!(months("1 year and 6 months"), Ok(Some(18)));
        assert_eq!(months("1.5 years"), Ok(Some(18)));
        assert_eq!(months("36months"), Ok(Some(36)));
        assert_eq!(months("Three Years."), Ok(Some(36)));
    }

    #[test]
    fn blanks_are_allowed() {
        for s in ["", "  ", "Undefined", "n/a", "N/A"] {
            assert_eq!(months(s), Ok(None), "{s:?}");
        }
    }

    #[test]
    fn anything_else_is_an_error() {
        for s in [
            "soon",
            "two",
            "years",
            "2 decades",
            "1.25 years",
            "99999999",
        ] {
            assert_eq!(months(s), Err(DurationError), "{s:?}");
        }
    }

    #[test]
    fn words_for_running_text() {
        assert_eq!(Months(24).words(), "two years");
        assert_eq!(Months(12).words(), "one year");
        assert_eq!(Months(18).words(), "18 months");
        assert_eq!(Months(1).words(), "one month");
        assert_eq!(Months(144).words(), "12 years");
    }
}
