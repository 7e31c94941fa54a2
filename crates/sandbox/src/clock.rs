//! Timestamps as the API writes them: RFC 3339 UTC with microseconds (sortable as text), and Unix seconds.

use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::OffsetDateTime;

const STORED: &[time::format_description::BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z");

/// Now, in the stored text form.
pub fn now_text() -> String {
    to_text(OffsetDateTime::now_utc())
}

/// Now, in Unix seconds.
pub fn now_unix() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

pub fn to_text(moment: OffsetDateTime) -> String {
    moment
        .to_offset(time::UtcOffset::UTC)
        .format(STORED)
        .unwrap_or_else(|_| moment.unix_timestamp().to_string())
}

/// Parses any RFC 3339 timestamp (Graph's `receivedDateTime`).
pub fn parse_rfc3339(text: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(text, &Rfc3339).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_form_is_fixed_width_utc_and_parses_back() {
        let moment = parse_rfc3339("2024-01-07T10:11:12+02:00").expect("valid");
        let text = to_text(moment);
        assert_eq!(text, "2024-01-07T08:11:12.000000Z");
        assert_eq!(parse_rfc3339(&text), Some(moment));
    }
}
