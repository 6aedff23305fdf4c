//! Turns dates from the command line, report.toml, `SOURCE_DATE_EPOCH` or the clock into a
//! calendar [`Date`], and formats it for the cover ("25 November 2026").

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

/// English month names, as dates are written in en-GB and en-US.
pub(crate) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Parses `YYYY-MM-DD`, checking the day exists.
pub fn parse_iso_date(text: &str) -> Option<Date> {
    let mut parts = text.trim().splitn(3, '-');
    let year: u16 = parts.next()?.parse().ok()?;
    let month: u8 = parts.next()?.parse().ok()?;
    let day: u8 = parts.next()?.parse().ok()?;
    (1000..=9999).contains(&year).then_some(())?;
    (1..=12).contains(&month).then_some(())?;
    (1..=days_in_month(year, month))
        .contains(&day)
        .then_some(())?;
    Some(Date { year, month, day })
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Parses the dates exports contain: `2001-03-26`, `2001-03-26T00:00:00`, `26/03/2001`,
/// `26/03/2001 00:00`, `26-03-2015`, `26.03.2001` (day first, as in the UK) and `26 March 2001`.
pub fn parse_date(text: &str) -> Option<Date> {
    let t = text.trim();
    // Drop a time of day: "2001-03-26T00:00:00", "26/03/2001 00:00".
    let day_part = t.split(['T', ' ']).next().unwrap_or(t);
    if day_part.len() >= 8 && day_part.as_bytes().get(4) == Some(&b'-') {
        return parse_iso_date(day_part);
    }
    for sep in ['/', '-', '.'] {
        let parts: Vec<&str> = day_part.split(sep).collect();
        if let [d, m, y] = parts.as_slice() {
            if y.len() == 4 {
                return parse_iso_date(&format!("{y}-{m:0>2}-{d:0>2}"));
            }
        }
    }
    // "26 March 2001", "26 Mar 2001"
    let words: Vec<&str> = t.split_whitespace().collect();
    if let [d, m, y] = words.as_slice() {
        let month = MONTHS
            .iter()
            .position(|name| m.len() >= 3 && name.to_lowercase().starts_with(&m.to_lowercase()))?;
        return parse_iso_date(&format!("{y}-{:02}-{d:0>2}", month + 1));
    }
    None
}

/// Days since 1970-01-01 (Hinnant's days-from-civil).
pub fn days_from_civil(date: Date) -> i64 {
    let y = i64::from(date.year) - i64::from(date.month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(date.month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(date.day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Whole months from `start` to `end` inclusive, rounded: 2021-04-01 to 2022-03-31 is 12.
pub fn months_between(start: Date, end: Date) -> Option<u32> {
    let days = days_from_civil(end) - days_from_civil(start) + 1;
    (days > 0).then(|| ((days as f64) / 30.436_875).round() as u32)
}

/// The date of a Unix timestamp (UTC), by Howard Hinnant's days-to-civil algorithm.
pub fn from_unix(seconds: i64) -> Date {
    let days = seconds.div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)).clamp(1000, 9999) as u16;
    Date { year, month, day }
}

/// The date in `SOURCE_DATE_EPOCH`, the reproducible-builds convention for fixing dates.
pub fn source_date_epoch() -> Option<Date> {
    let value = std::env::var("SOURCE_DATE_EPOCH").ok()?;
    value.trim().parse::<i64>().ok().map(from_unix)
}

/// Today's date (UTC).
pub fn today() -> Date {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    from_unix(seconds)
}

/// "25 November 2026".
pub fn format_long(date: Date) -> String {
    format!(
        "{} {} {}",
        date.day,
        MONTHS[usize::from(date.month - 1)],
        date.year
    )
}

/// The PDF creation timestamp for a report date: midnight UTC, so it never depends on the clock.
pub fn creation_timestamp(date: Date) -> (u16, u8, u8, u8, u8, u8) {
    (date.year, date.month, date.day, 0, 0, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_seconds_to_dates() {
        assert_eq!(
            from_unix(0),
            Date {
                year: 1970,
                month: 1,
                day: 1
            }
        );
        assert_eq!(
            from_unix(1_795_564_800),
            Date {
                year: 2026,
                month: 11,
                day: 25
            }
        );
        assert_eq!(
            from_unix(951_782_400),
            Date {
                year: 2000,
                month: 2,
                day: 29
            }
        );
    }

    #[test]
    fn export_date_forms() {
        let d = Some(Date {
            year: 2001,
            month: 3,
            day: 26,
        });
        for t in [
            "2001-03-26",
            "2001-03-26T00:00:00",
            "26/03/2001",
            "26/03/2001 00:00",
            "26-03-2001",
            "26.03.2001",
            "26 March 2001",
            "26 Mar 2001",
        ] {
            assert_eq!(parse_date(t), d, "{t}");
        }
        assert_eq!(parse_date("6/3/2001x"), None);
        assert_eq!(parse_date("31/02/2001"), None);
        assert_eq!(parse_date("soon"), None);
    }

    #[test]
    fn months_between_dates() {
        let d = |s| parse_iso_date(s).unwrap();
        assert_eq!(months_between(d("2021-04-01"), d("2022-03-31")), Some(12));
        assert_eq!(months_between(d("2021-01-01"), d("2022-06-30")), Some(18));
        assert_eq!(months_between(d("2022-01-01"), d("2021-01-01")), None);
        assert_eq!(days_from_civil(d("1970-01-01")), 0);
        assert_eq!(
            from_unix(days_from_civil(d("2026-11-25")) * 86_400),
            d("2026-11-25")
        );
    }

    #[test]
    fn iso_dates_are_checked() {
        assert_eq!(
            parse_iso_date("2026-11-25"),
            Some(Date {
                year: 2026,
                month: 11,
                day: 25
            })
        );
        assert_eq!(parse_iso_date("2026-02-29"), None);
        assert_eq!(parse_iso_date("25/11/2026"), None);
        assert_eq!(
            format_long(Date {
                year: 2026,
                month: 11,
                day: 5
            }),
            "5 November 2026"
        );
    }
}
