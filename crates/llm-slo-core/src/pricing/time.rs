//! Dates and times of prices and calls, without a calendar dependency: `YYYY-MM-DD` or
//! RFC 3339 (`YYYY-MM-DDTHH:MM:SSZ`, offsets allowed), compared as UTC seconds.

use std::fmt;

/// A point in time, in seconds since the Unix epoch (UTC).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Instant(pub i64);

/// Why a date does not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateError(pub String);

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid date `{}`: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ",
            self.0
        )
    }
}

impl std::error::Error for DateError {}

fn digits(text: &str, range: std::ops::Range<usize>) -> Option<i64> {
    let part = text.get(range)?;
    if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    part.parse().ok()
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

impl Instant {
    /// Now, from the system clock (the Unix epoch if the clock is before it).
    pub fn now() -> Instant {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        Instant(seconds)
    }

    /// The UTC day it falls in, `YYYY-MM-DD` (the reverse of [`Instant::parse`] on dates).
    pub fn date(self) -> String {
        // Days to a civil date (proleptic Gregorian), the inverse of `days_from_civil`.
        let z = self.0.div_euclid(86_400) + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        format!("{year:04}-{month:02}-{day:02}")
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` (the reverse of [`Instant::parse`] on UTC timestamps).
    pub fn timestamp(self) -> String {
        let second = self.second_of_day();
        format!(
            "{}T{:02}:{:02}:{:02}Z",
            self.date(),
            second / 3600,
            second / 60 % 60,
            second % 60
        )
    }

    /// The ISO weekday of the UTC day it falls in: 1 Monday … 7 Sunday.
    pub fn iso_weekday(self) -> u8 {
        // 1970-01-01 was a Thursday (4).
        (self.0.div_euclid(86_400) + 3).rem_euclid(7) as u8 + 1
    }

    /// Seconds since midnight UTC of the day it falls in.
    pub fn second_of_day(self) -> i64 {
        self.0.rem_euclid(86_400)
    }

    /// Parses `YYYY-MM-DD` (midnight UTC) or an RFC 3339 timestamp.
    pub fn parse(text: &str) -> Result<Instant, DateError> {
        let error = || DateError(text.to_owned());
        let t = text.trim();
        let (year, month, day) = (
            digits(t, 0..4).ok_or_else(error)?,
            digits(t, 5..7).ok_or_else(error)?,
            digits(t, 8..10).ok_or_else(error)?,
        );
        if t.get(4..5) != Some("-") || t.get(7..8) != Some("-") {
            return Err(error());
        }
        if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
            return Err(error());
        }
        let mut seconds = days_from_civil(year, month, day) * 86_400;
        let rest = &t[10..];
        if rest.is_empty() {
            return Ok(Instant(seconds));
        }
        let rest = rest.strip_prefix(['T', 't', ' ']).ok_or_else(error)?;
        let (hour, minute, second) = (
            digits(rest, 0..2).ok_or_else(error)?,
            digits(rest, 3..5).ok_or_else(error)?,
            digits(rest, 6..8).ok_or_else(error)?,
        );
        if rest.get(2..3) != Some(":")
            || rest.get(5..6) != Some(":")
            || hour > 23
            || minute > 59
            || second > 60
        {
            return Err(error());
        }
        seconds += hour * 3600 + minute * 60 + second;
        let mut zone = &rest[8..];
        if let Some(fraction) = zone.strip_prefix('.') {
            zone = fraction.trim_start_matches(|c: char| c.is_ascii_digit());
        }
        match zone {
            "Z" | "z" | "" => Ok(Instant(seconds)),
            offset if offset.len() == 6 && (offset.starts_with('+') || offset.starts_with('-')) => {
                let hours = digits(offset, 1..3).ok_or_else(error)?;
                let minutes = digits(offset, 4..6).ok_or_else(error)?;
                let delta = hours * 3600 + minutes * 60;
                Ok(Instant(if offset.starts_with('+') {
                    seconds - delta
                } else {
                    seconds + delta
                }))
            }
            _ => Err(error()),
        }
    }
}

/// A time of day in UTC, `HH:MM` or `HH:MM:SS` (a trailing `Z` allowed), as seconds since
/// midnight.
pub fn parse_time_of_day(text: &str) -> Result<i64, DateError> {
    let error = || DateError(text.to_owned());
    let t = text.trim();
    let t = t.strip_suffix(['Z', 'z']).unwrap_or(t);
    if !(t.len() == 5 || t.len() == 8) || t.get(2..3) != Some(":") {
        return Err(error());
    }
    let hour = digits(t, 0..2).ok_or_else(error)?;
    let minute = digits(t, 3..5).ok_or_else(error)?;
    let second = if t.len() == 8 {
        if t.get(5..6) != Some(":") {
            return Err(error());
        }
        digits(t, 6..8).ok_or_else(error)?
    } else {
        0
    };
    let seconds = hour * 3600 + minute * 60 + second;
    if hour > 24 || minute > 59 || second > 59 || seconds > 86_400 {
        return Err(error());
    }
    Ok(seconds)
}

/// Whether a second of the day falls in `[from, until)`, wrapping past midnight when
/// `until` is earlier than `from` (16:30–00:30 covers 23:00 and 00:10).
pub fn in_daily_window(second: i64, from: i64, until: i64) -> bool {
    if until < from {
        second >= from || second < until
    } else {
        from <= second && second < until
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn daily_windows_wrap_past_midnight() {
        let (from, until) = (
            parse_time_of_day("16:30").unwrap(),
            parse_time_of_day("00:30").unwrap(),
        );
        let at = |text: &str| Instant::parse(text).unwrap().second_of_day();
        assert!(in_daily_window(at("2026-03-13T16:30:00Z"), from, until));
        assert!(in_daily_window(at("2026-03-13T23:59:59Z"), from, until));
        assert!(in_daily_window(at("2026-03-14T00:29:59Z"), from, until));
        assert!(
            !in_daily_window(at("2026-03-14T00:30:00Z"), from, until),
            "end excluded"
        );
        assert!(!in_daily_window(at("2026-03-13T12:00:00Z"), from, until));
        assert!(in_daily_window(3600, 0, 7200));
        assert_eq!(parse_time_of_day("16:30:00Z"), Ok(from));
        assert_eq!(Instant(0).iso_weekday(), 4, "a Thursday");
        for date in ["1970-01-01", "2024-02-29", "2026-12-03", "2100-03-01"] {
            assert_eq!(Instant::parse(date).unwrap().date(), date);
        }
        let stamp = "2026-03-13T21:39:07Z";
        assert_eq!(Instant::parse(stamp).unwrap().timestamp(), stamp);
        assert_eq!(
            Instant::parse("2026-12-06").unwrap().iso_weekday(),
            7,
            "a Sunday"
        );
        assert_eq!(Instant::parse("2026-12-07").unwrap().iso_weekday(), 1);
        assert!(parse_time_of_day("25:00").is_err());
        assert!(parse_time_of_day("7:00").is_err());
    }

    #[test]
    fn dates_and_timestamps() {
        assert_eq!(Instant::parse("1970-01-01"), Ok(Instant(0)));
        assert_eq!(Instant::parse("2026-03-13").unwrap().0, 1_773_360_000);
        assert_eq!(
            Instant::parse("2026-03-13T01:00:00Z").unwrap().0,
            1_773_363_600
        );
        assert_eq!(
            Instant::parse("2026-03-13T02:00:00+01:00").unwrap().0,
            1_773_363_600
        );
        assert_eq!(
            Instant::parse("2024-02-29").unwrap().0 + 86_400,
            Instant::parse("2024-03-01").unwrap().0
        );
        for bad in [
            "2025-02-29",
            "2026-13-01",
            "26-01-01",
            "2026/01/01",
            "2026-01-01T25:00:00Z",
            "yesterday",
        ] {
            assert!(Instant::parse(bad).is_err(), "{bad}");
        }
    }
}
