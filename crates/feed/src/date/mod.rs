//! Reading the many ways feeds write dates.
//!
//! Two families cover nearly everything: RFC 822/2822 (`Thu, 01 Jan 2004 19:48:21 GMT`, with
//! every variant of missing parts, named zones, commas and asctime order) and ISO 8601 / W3C-DTF
//! (`2003-12-31T10:14:55Z`, reduced forms such as `2003-12`, two-digit years and ordinal days).
//! A value that cannot be read yields `None`; nothing panics. Every result is UTC.

mod iso8601;
mod rfc822;
mod zones;

use chrono::{DateTime, Duration, NaiveDateTime, TimeZone, Utc};

/// Parses a date in any supported form.
pub fn parse_date(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if s.is_empty() || s.len() > 128 {
        return None;
    }
    let starts_numeric = s.starts_with(|c: char| c.is_ascii_digit() || c == '-');
    if starts_numeric && let Some(d) = iso8601::parse(s) {
        return Some(d);
    }
    rfc822::parse(s)
}

/// Converts a local time at `offset` seconds east of UTC; `None` past the representable range.
pub(super) fn to_utc(local: NaiveDateTime, offset: i64) -> Option<DateTime<Utc>> {
    let utc = local.checked_sub_signed(Duration::try_seconds(offset)?)?;
    Some(Utc.from_utc_datetime(&utc))
}

pub(super) fn two_digit_year(y: i32) -> i32 {
    if y < 70 { 2000 + y } else { 1900 + y }
}

pub(super) fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

pub(super) fn num(s: &str) -> Option<i32> {
    if all_digits(s) && s.len() <= 9 {
        s.parse().ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expect: Option<&str>) {
        let got = parse_date(input).map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string());
        assert_eq!(got.as_deref(), expect, "input: {input:?}");
    }

    #[test]
    fn rfc822_forms() {
        let cases = [
            (
                "Thu, 01 Jan 2004 19:48:21 GMT",
                Some("2004-01-01T19:48:21Z"),
            ),
            ("Thu, 01 Jan 04 19:48:21 GMT", Some("2004-01-01T19:48:21Z")),
            (
                "Thu,  5 Apr 2012 10:00:00 GMT",
                Some("2012-04-05T10:00:00Z"),
            ),
            (
                "Wed, 19 Aug 2009 18:28:00 Etc/GMT",
                Some("2009-08-19T18:28:00Z"),
            ),
            (
                "Wed, 19 Feb 2012 22:40:00 GMT-01:01",
                Some("2012-02-19T23:41:00Z"),
            ),
            (
                "Wed, 19 Feb 2012 22:40:00 -01:01",
                Some("2012-02-19T23:41:00Z"),
            ),
            (
                "Mon, 13 Feb, 2012 06:28:00 UTC",
                Some("2012-02-13T06:28:00Z"),
            ),
            ("Thu, 01 Jan 2004 00:00 GMT", Some("2004-01-01T00:00:00Z")),
            ("Thu, 01 Jan 2004", Some("2004-01-01T00:00:00Z")),
            (
                "Mon, 26 January 2004 16:31:00 ET",
                Some("2004-01-26T21:31:00Z"),
            ),
            (
                "Mon, 26 January 2004 16:31:00 AT",
                Some("2004-01-26T20:31:00Z"),
            ),
            (
                "Mon, 26 January 2004 16:31:00 PT",
                Some("2004-01-27T00:31:00Z"),
            ),
            (
                "Thu Aug 30 2012 17:26:16 +0200",
                Some("2012-08-30T15:26:16Z"),
            ),
            (
                "Fri,24 Nov 2023 18:28:36 -0000",
                Some("2023-11-24T18:28:36Z"),
            ),
            (
                "Thu, 30 Apr 2015 08:57:00 MEST",
                Some("2015-04-30T06:57:00Z"),
            ),
            ("Fri, 2006/09/15 08:19:53 EDT", Some("2006-09-15T12:19:53Z")),
            (
                "Thu, 01 Jan 0100 00:00:01 +0100",
                Some("0099-12-31T23:00:01Z"),
            ),
            ("Sun Jan  4 16:29:06 2004", Some("2004-01-04T16:29:06Z")),
            (
                "Sun Jul 15 01:16:00 +0000 2012",
                Some("2012-07-15T01:16:00Z"),
            ),
            (
                "Κυρ, 11 Ιούλ 2004 12:00:00 EST",
                Some("2004-07-11T17:00:00Z"),
            ),
            ("Sun, 16 Dec 2012 1:2:3:4 GMT", None),
            ("Sun, 16 zzz 2012 11:47:32 GMT", None),
            ("Sun, Dec x 2012 11:47:32 GMT", None),
            ("Sun, 16 Dec zz 11:47:32 GMT", None),
            ("Sun, 16 Dec 2012 11:47:32 +zz:00", None),
            ("Sun, 16 Dec 2012 11:47:32 +00:zz", None),
            ("Sun, 99 Jun 2009 12:00:00 GMT", None),
            (
                "Tue, 02 Jan 2024 10:00:00 +0000 (UTC)",
                Some("2024-01-02T10:00:00Z"),
            ),
            ("January 2nd, 2024 at 3:04 PM", Some("2024-01-02T15:04:00Z")),
            (
                "Tuesday, January 02, 2024 - 10:00",
                Some("2024-01-02T10:00:00Z"),
            ),
            ("02.01.2024 12:30", Some("2024-01-02T12:30:00Z")),
            ("2 Jan 2024 12:05am GMT", Some("2024-01-02T00:05:00Z")),
            (
                "Mon, 05 Feb 2024 18:12:38 +0000 GMT",
                Some("2024-02-05T18:12:38Z"),
            ),
            ("31 Dec 262142 23:59:59 -0500", None),
            ("31 Dec 262143 23:59:59 -0500", None),
            ("", None),
            ("garbage", None),
        ];
        for (input, expect) in cases {
            check(input, expect);
        }
    }

    #[test]
    fn iso8601_forms() {
        let cases = [
            ("2003-12-31T10:14:55Z", Some("2003-12-31T10:14:55Z")),
            ("2003-12-31T10:14:55-08:00", Some("2003-12-31T18:14:55Z")),
            (
                "2007-04-23T23:25:47.538+10:00",
                Some("2007-04-23T13:25:47Z"),
            ),
            ("2003-12-31T10:14:55.1234Z", Some("2003-12-31T10:14:55Z")),
            ("2003-012-31T10:14:55+00:00", Some("2003-12-31T10:14:55Z")),
            ("2003-12-31", Some("2003-12-31T00:00:00Z")),
            ("2003-12", Some("2003-12-01T00:00:00Z")),
            ("2003", Some("2003-01-01T00:00:00Z")),
            ("-0312", Some("2003-12-01T00:00:00Z")),
            ("031231", Some("2003-12-31T00:00:00Z")),
            ("03-12-31", Some("2003-12-31T00:00:00Z")),
            ("-03-12", Some("2003-12-01T00:00:00Z")),
            ("03335", Some("2003-12-01T00:00:00Z")),
            ("2004-02-28T18:14:55-08:00", Some("2004-02-29T02:14:55Z")),
            ("2004-07-08 23:56:58 -00:20", Some("2004-07-09T00:16:58Z")),
            ("2004-07-08 23:56:58", Some("2004-07-08T23:56:58Z")),
            ("2004-07-08 23:56:58.0", Some("2004-07-08T23:56:58Z")),
            ("013", None),
            ("20240205T181238Z", Some("2024-02-05T18:12:38Z")),
            (
                "2024-02-05 18:12:38.123456 +0100 CET",
                Some("2024-02-05T17:12:38Z"),
            ),
            ("20240205T1812+0100", Some("2024-02-05T17:12:00Z")),
            ("262143-12-31T23:59:59-05:00", None),
            ("-262143-01-01T00:00:00+05:00", None),
        ];
        for (input, expect) in cases {
            check(input, expect);
        }
    }
}
