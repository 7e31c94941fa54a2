//! Calendar dates as the contract writes them (`YYYY/mm/dd`), and the plain integer civil-date
//! arithmetic the rest of the crate needs (day → Unix seconds and back), with no date library.

/// Seconds in a day.
pub const SECONDS_PER_DAY: i64 = 86_400;

/// Whether `text` is a real calendar date written exactly `YYYY/mm/dd` (years 0001–9999).
pub fn is_valid_date(text: &str) -> bool {
    parse_date(text).is_some()
}

/// `(year, month, day)` of a real calendar date written exactly `YYYY/mm/dd`, else `None`.
/// `2024/02/30`, `2024-01-07` and `2024/1/7` are all `None`.
pub fn parse_date(text: &str) -> Option<(i32, u32, u32)> {
    check_date(text).ok()
}

/// Like [`parse_date`], with a sentence saying what is wrong.
pub(crate) fn check_date(text: &str) -> Result<(i32, u32, u32), String> {
    const EXPECTED: &str = "expected a date written YYYY/mm/dd, like 2024/01/07";
    let bytes = text.as_bytes();
    let shape_ok = bytes.len() == 10
        && bytes[4] == b'/'
        && bytes[7] == b'/'
        && bytes
            .iter()
            .enumerate()
            .all(|(index, byte)| index == 4 || index == 7 || byte.is_ascii_digit());
    if !shape_ok {
        return Err(format!("\"{text}\" is not a date: {EXPECTED}"));
    }
    let number = |range: std::ops::Range<usize>| {
        bytes[range]
            .iter()
            .fold(0u32, |total, digit| total * 10 + u32::from(digit - b'0'))
    };
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    if year == 0 {
        return Err(format!("\"{text}\": there is no year 0000; {EXPECTED}"));
    }
    if !(1..=12).contains(&month) {
        return Err(format!(
            "\"{text}\": month {month:02} does not exist (01 to 12); {EXPECTED}"
        ));
    }
    let year = year as i32;
    let last_day = days_in_month(year, month);
    if day == 0 || day > last_day {
        return Err(format!(
            "\"{text}\" is not a real calendar date: that month has {last_day} days; {EXPECTED}"
        ));
    }
    Ok((year, month, day))
}

/// Whether `year` is a leap year in the proleptic Gregorian calendar.
pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in `month` (1–12) of `year`; 0 for a month that does not exist.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's `days_from_civil`).
pub fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let year = i64::from(year) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The civil date `(year, month, day)` of a day count since 1970-01-01 (inverse of
/// [`days_from_civil`]).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_index + 2) / 5 + 1) as u32;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Unix seconds of 00:00:00 UTC on the given day.
pub fn midnight_utc(year: i32, month: u32, day: u32) -> i64 {
    days_from_civil(year, month, day) * SECONDS_PER_DAY
}

/// Unix seconds of 00:00:00 UTC of a `YYYY/mm/dd` date, or `None` if it is not one.
pub fn midnight_utc_of(text: &str) -> Option<i64> {
    parse_date(text).map(|(year, month, day)| midnight_utc(year, month, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_dates_only() {
        assert_eq!(parse_date("2024/01/07"), Some((2024, 1, 7)));
        assert_eq!(parse_date("2024/02/29"), Some((2024, 2, 29)));
        assert_eq!(parse_date("2000/02/29"), Some((2000, 2, 29)));
        assert_eq!(parse_date("1900/02/29"), None);
        assert_eq!(parse_date("2023/02/29"), None);
        assert_eq!(parse_date("2024/02/30"), None);
        assert_eq!(parse_date("2024/04/31"), None);
        assert_eq!(parse_date("2024/13/01"), None);
        assert_eq!(parse_date("2024/00/10"), None);
        assert_eq!(parse_date("2024/01/00"), None);
        assert_eq!(parse_date("0000/01/01"), None);
        assert_eq!(parse_date("2024-01-07"), None);
        assert_eq!(parse_date("2024/1/7"), None);
        assert_eq!(parse_date("2024/01/07 "), None);
        assert_eq!(parse_date("２０２４/01/07"), None);
        assert_eq!(parse_date(""), None);
        assert!(is_valid_date("9999/12/31"));
        assert!(is_valid_date("0001/01/01"));
    }

    #[test]
    fn civil_arithmetic_round_trips() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(midnight_utc(2024, 1, 7), 1_704_585_600);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        for days in (-800_000..3_000_000).step_by(997) {
            let (year, month, day) = civil_from_days(days);
            assert_eq!(days_from_civil(year as i32, month, day), days);
        }
    }
}
