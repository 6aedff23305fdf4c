//! Turns amount text such as `£103,000`, `103,000.00` or `GBP 42,200` into exact [`Money`]
//! (integer pence, never a float), and formats it back the way the source wrote it.

use std::fmt;

/// An ISO 4217 currency code, e.g. `GBP`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Currency([u8; 3]);

impl Currency {
    pub const GBP: Currency = Currency(*b"GBP");

    /// Parses a three-letter code, any case.
    pub fn from_code(code: &str) -> Option<Currency> {
        let code = code.trim();
        let bytes: [u8; 3] = code.as_bytes().try_into().ok()?;
        bytes
            .iter()
            .all(u8::is_ascii_alphabetic)
            .then(|| Currency(bytes.map(|b| b.to_ascii_uppercase())))
    }

    pub fn code(&self) -> &str {
        // Only ASCII letters are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }

    fn symbol(&self) -> Option<&'static str> {
        match &self.0 {
            b"GBP" => Some("£"),
            b"EUR" => Some("€"),
            b"USD" => Some("$"),
            _ => None,
        }
    }

    fn from_symbol(symbol: char) -> Option<Currency> {
        match symbol {
            '£' => Some(Currency(*b"GBP")),
            '€' => Some(Currency(*b"EUR")),
            '$' => Some(Currency(*b"USD")),
            _ => None,
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// An exact amount: minor units (pence, cents) and a currency. Stored as i128 so that totals
/// of any number of amounts (each under [`MAX_POUNDS`]) never overflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money {
    pub minor: i128,
    pub currency: Currency,
}

impl Money {
    /// Whether the amount has a fractional part worth showing (e.g. £1,339.73).
    pub fn has_pence(&self) -> bool {
        self.minor % 100 != 0
    }

    /// Formats as `£103,000`, or `£1,339.73` when there are pence or `pence` is forced
    /// (a total shows pence when any of its items has them).
    /// The amount rounded to whole units (half away from zero), for figures read at a
    /// glance.
    pub fn rounded(&self) -> Money {
        let whole = (self.minor.abs() + 50) / 100 * 100;
        Money {
            minor: whole * self.minor.signum(),
            currency: self.currency,
        }
    }

    pub fn format(&self, pence: bool) -> String {
        let negative = self.minor < 0;
        let abs = self.minor.unsigned_abs();
        let (whole, frac) = (abs / 100, abs % 100);
        let digits = whole.to_string();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        if pence || frac != 0 {
            grouped.push_str(&format!(".{frac:02}"));
        }
        // Hyphen-minus: the bundled fonts have no U+2212 minus sign.
        let sign = if negative { "-" } else { "" };
        match self.currency.symbol() {
            Some(symbol) => format!("{sign}{symbol}{grouped}"),
            None => format!("{sign}{} {grouped}", self.currency),
        }
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format(false))
    }
}

/// The largest whole amount accepted (a trillion trillion would be a typo, not a grant).
pub const MAX_POUNDS: i128 = 1_000_000_000_000_000;

/// Why an amount did not parse; the message completes "… is not an amount".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountError {
    Empty,
    Invalid,
    /// Both `.` and `,` used as if one were the decimal mark, e.g. `8.000,00`.
    Ambiguous,
    TooLarge,
    /// A symbol or code that disagrees with the Currency column.
    CurrencyMismatch(Currency),
}

/// Parses amount text. `currency` is the grant's currency (from a Currency column or the report
/// default); a symbol or code in the text must agree with an explicit Currency column
/// (`currency_is_explicit`), and otherwise sets the currency.
///
/// ```
/// use grant_report::grants::{parse_amount, Currency};
/// let m = parse_amount("£103,000", Currency::GBP, false).unwrap();
/// assert_eq!(m.minor, 10_300_000);
/// assert_eq!(parse_amount("1,339.73", Currency::GBP, false).unwrap().minor, 133_973);
/// ```
pub fn parse_amount(
    text: &str,
    currency: Currency,
    currency_is_explicit: bool,
) -> Result<Money, AmountError> {
    parse_amount_in(text, currency, currency_is_explicit, false)
}

/// As [`parse_amount`]; with `decimal_comma`, amounts are written `8.000,00` (points group
/// thousands, a comma marks the decimals), as in much of Europe.
pub fn parse_amount_in(
    text: &str,
    currency: Currency,
    currency_is_explicit: bool,
    decimal_comma: bool,
) -> Result<Money, AmountError> {
    let swapped;
    let mut s = text.trim();
    if decimal_comma {
        swapped = s
            .chars()
            .map(|c| match c {
                ',' => '.',
                '.' => ',',
                other => other,
            })
            .collect::<String>();
        s = swapped.as_str();
    }
    if s.is_empty() {
        return Err(AmountError::Empty);
    }
    let mut negative = false;
    if let Some(rest) = s.strip_prefix(['-', '−']) {
        negative = true;
        s = rest.trim_start();
    }
    let mut found: Option<Currency> = None;
    // A leading or trailing symbol or ISO code.
    if let Some(c) = s.chars().next().and_then(Currency::from_symbol) {
        found = Some(c);
        s = s[s.chars().next().map_or(0, char::len_utf8)..].trim_start();
    } else if let Some(c) = s.chars().last().and_then(Currency::from_symbol) {
        found = Some(c);
        s = s[..s.len() - s.chars().last().map_or(0, char::len_utf8)].trim_end();
    } else if s.len() > 3 && s.is_char_boundary(3) {
        if let Some(c) = Currency::from_code(&s[..3]) {
            found = Some(c);
            s = s[3..].trim_start();
        } else if s.is_char_boundary(s.len() - 3) {
            if let Some(c) = Currency::from_code(&s[s.len() - 3..]) {
                found = Some(c);
                s = s[..s.len() - 3].trim_end();
            }
        }
    }
    if !negative {
        if let Some(rest) = s.strip_prefix(['-', '−']) {
            negative = true;
            s = rest.trim_start();
        }
    }
    let currency = match found {
        Some(c) if currency_is_explicit && c != currency => {
            return Err(AmountError::CurrencyMismatch(c))
        }
        Some(c) => c,
        None => currency,
    };
    let minor = parse_digits(s)?;
    Ok(Money {
        minor: if negative { -minor } else { minor },
        currency,
    })
}

/// `103000`, `103,000`, `103,000.5`, `103000.00` → minor units. Commas must group thousands.
fn parse_digits(s: &str) -> Result<i128, AmountError> {
    if s.is_empty()
        || !s
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
    {
        return Err(AmountError::Invalid);
    }
    let dots = s.matches('.').count();
    let (int_part, frac_part) = match s.rsplit_once('.') {
        Some((i, f)) if dots == 1 => (i, Some(f)),
        None => (s, None),
        _ => return Err(AmountError::Ambiguous),
    };
    if frac_part.is_some_and(|f| f.contains(',')) {
        return Err(AmountError::Ambiguous);
    }
    if int_part.contains(',') {
        let mut groups = int_part.split(',');
        let first = groups.next().unwrap_or("");
        if first.is_empty() || first.len() > 3 || groups.any(|g| g.len() != 3) {
            // `12,5` or `1,00`: a comma decimal mark, or a typo; never guess.
            return Err(AmountError::Ambiguous);
        }
    }
    let digits: String = int_part.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return Err(AmountError::Invalid);
    }
    let whole: i128 = digits.parse().map_err(|_| AmountError::TooLarge)?;
    if whole >= MAX_POUNDS {
        return Err(AmountError::TooLarge);
    }
    let frac: i128 = match frac_part {
        None | Some("") => 0,
        Some(f) if f.len() == 1 => f.parse::<i128>().map_err(|_| AmountError::Invalid)? * 10,
        Some(f) if f.len() == 2 => f.parse().map_err(|_| AmountError::Invalid)?,
        // Spreadsheets sometimes write 103000.0000001; more than pence is not money.
        Some(f) if f.bytes().skip(2).all(|b| b == b'0') => {
            f[..2].parse().map_err(|_| AmountError::Invalid)?
        }
        Some(_) => return Err(AmountError::Invalid),
    };
    whole
        .checked_mul(100)
        .and_then(|w| w.checked_add(frac))
        .ok_or(AmountError::TooLarge)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minor(s: &str) -> Result<i128, AmountError> {
        parse_amount(s, Currency::GBP, false).map(|m| m.minor)
    }

    #[test]
    fn accepts_the_forms_exports_use() {
        assert_eq!(minor("103000"), Ok(10_300_000));
        assert_eq!(minor("£103,000"), Ok(10_300_000));
        assert_eq!(minor("103,000.00"), Ok(10_300_000));
        assert_eq!(minor(" GBP 42,200 "), Ok(4_220_000));
        assert_eq!(minor("42200 GBP"), Ok(4_220_000));
        assert_eq!(minor("£1,339.73"), Ok(133_973));
        assert_eq!(minor("0.5"), Ok(50));
        assert_eq!(minor("-£2,000"), Ok(-200_000));
        assert_eq!(minor("£-2,000"), Ok(-200_000));
        assert_eq!(minor("1000.000"), Ok(100_000));
    }

    #[test]
    fn picks_up_the_currency_from_symbol_or_code() {
        let m = parse_amount("€5,000", Currency::GBP, false).unwrap();
        assert_eq!(m.currency.code(), "EUR");
        let m = parse_amount("usd 12", Currency::GBP, false).unwrap();
        assert_eq!(m.currency.code(), "USD");
        let usd = Currency::from_code("USD").unwrap();
        assert_eq!(
            parse_amount("£12", usd, true),
            Err(AmountError::CurrencyMismatch(Currency::GBP))
        );
    }

    #[test]
    fn rejects_anything_else_without_guessing() {
        assert_eq!(minor("12,5OO"), Err(AmountError::Invalid));
        assert_eq!(minor(""), Err(AmountError::Empty));
        assert_eq!(minor("8.000,00"), Err(AmountError::Ambiguous));
        assert_eq!(minor("12,5"), Err(AmountError::Ambiguous));
        assert_eq!(minor("1.000.000"), Err(AmountError::Ambiguous));
        assert_eq!(minor("1.234"), Err(AmountError::Invalid));
        assert_eq!(minor("£"), Err(AmountError::Invalid));
        assert_eq!(minor("ten pounds"), Err(AmountError::Invalid));
        assert_eq!(minor("99999999999999999999"), Err(AmountError::TooLarge));
        assert_eq!(minor("1,000,000,000,000,000"), Err(AmountError::TooLarge));
        assert_eq!(minor("999,999,999,999,999.99"), Ok(99_999_999_999_999_999));
    }

    #[test]
    fn comma_decimal_amounts_when_asked() {
        let m = |s| parse_amount_in(s, Currency::GBP, false, true).map(|m| m.minor);
        assert_eq!(m("8.000,00"), Ok(800_000));
        assert_eq!(m("€1.339,73"), Ok(133_973));
        assert_eq!(m("8,000.00"), Err(AmountError::Ambiguous));
    }

    #[test]
    fn formats_like_the_source() {
        let m = |minor| Money {
            minor,
            currency: Currency::GBP,
        };
        assert_eq!(m(10_300_000).to_string(), "£103,000");
        assert_eq!(m(133_973).to_string(), "£1,339.73");
        assert_eq!(m(10_300_000).format(true), "£103,000.00");
        assert_eq!(m(-50).to_string(), "-£0.50");
        let chf = Money {
            minor: 100_000,
            currency: Currency::from_code("chf").unwrap(),
        };
        assert_eq!(chf.to_string(), "CHF 1,000");
    }
}
