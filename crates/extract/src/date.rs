//! Lenient parsing of the date forms found in page metadata.
//!
//! Pages write dates as RFC 3339, ISO 8601 without an offset or without
//! seconds, bare dates, RFC 2822, or Unix timestamps. A time without an
//! offset is read as UTC.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};

/// Parses one date string; `None` when no known form matches.
pub fn parse_date(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if s.is_empty() || s.len() > 64 {
        return None;
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.with_timezone(&Utc));
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%z",
        "%Y-%m-%d %H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S %z",
    ] {
        if let Ok(d) = DateTime::parse_from_str(s, f) {
            return Some(d.with_timezone(&Utc));
        }
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some(d.with_timezone(&Utc));
    }
    let naive = s.trim_end_matches('Z');
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
        "%Y/%m/%d %H:%M:%S",
    ] {
        if let Ok(d) = NaiveDateTime::parse_from_str(naive, f) {
            return Some(Utc.from_utc_datetime(&d));
        }
    }
    for f in ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(naive, f) {
            return d.and_hms_opt(0, 0, 0).map(|d| Utc.from_utc_datetime(&d));
        }
    }
    // A Unix timestamp in seconds or milliseconds.
    if s.len() >= 9 && s.bytes().all(|b| b.is_ascii_digit()) {
        let n: i64 = s.parse().ok()?;
        let secs = if s.len() >= 12 { n / 1000 } else { n };
        return DateTime::from_timestamp(secs, 0);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::parse_date;

    fn check(input: &str, expect: Option<&str>) {
        assert_eq!(
            parse_date(input).map(|d| d.to_rfc3339()),
            expect.map(str::to_string),
            "{input}"
        );
    }

    #[test]
    fn common_forms() {
        check(
            "2024-03-05T10:20:30+02:00",
            Some("2024-03-05T08:20:30+00:00"),
        );
        check(
            "2024-03-05T10:20:30.123Z",
            Some("2024-03-05T10:20:30.123+00:00"),
        );
        check(
            "2024-03-05T10:20:30+0200",
            Some("2024-03-05T08:20:30+00:00"),
        );
        check("2024-03-05T10:20", Some("2024-03-05T10:20:00+00:00"));
        check("2024-03-05", Some("2024-03-05T00:00:00+00:00"));
        check(
            "Tue, 05 Mar 2024 10:20:30 GMT",
            Some("2024-03-05T10:20:30+00:00"),
        );
        check("1709634030", Some("2024-03-05T10:20:30+00:00"));
        check("yesterday", None);
        check("", None);
    }
}
