//! Turns dates from the command line, report.toml, `SOURCE_DATE_EPOCH` or the clock into a
//! calendar [`Date`], and formats it for the cover ("25 November 2026").

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

const MONTHS: [&str; 12] = [
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
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
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
