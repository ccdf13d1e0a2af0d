//! ISO 8601 and W3C-DTF dates, including reduced forms (`2003-12`), two-digit years and
//! ordinal days, as feeds write them.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

use super::zones::zone_offset;
use super::{all_digits, num, to_utc, two_digit_year};

/// ISO 8601 and W3C-DTF, including the reduced and two-digit-year forms.
pub(super) fn parse(s: &str) -> Option<DateTime<Utc>> {
    let (date_part, time_part) = match s.find(['T', 't', ' ']) {
        Some(i) => (&s[..i], Some(s[i + 1..].trim())),
        None => (s, None),
    };
    let date = iso_date(date_part)?;
    let Some(time_part) = time_part.filter(|t| !t.is_empty()) else {
        return Some(Utc.from_utc_datetime(&date.and_time(NaiveTime::MIN)));
    };
    let (time, offset) = iso_time(time_part)?;
    let local = NaiveDateTime::new(date, time);
    to_utc(local, offset)
}

fn iso_date(s: &str) -> Option<NaiveDate> {
    let (dash, body) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let parts: Vec<&str> = body.split('-').collect();
    if !parts.iter().all(|p| all_digits(p)) {
        return None;
    }
    let lens: Vec<usize> = parts.iter().map(|p| p.len()).collect();
    let n = |i: usize| num(parts[i]);
    let ymd = |y: i32, m: i32, d: i32| NaiveDate::from_ymd_opt(y, m as u32, d as u32);
    let ordinal = |y: i32, d: i32| NaiveDate::from_yo_opt(y, d as u32);
    match (dash, lens.as_slice()) {
        (false, [4]) => ymd(n(0)?, 1, 1),
        (false, [8]) => ymd(
            num(&parts[0][..4])?,
            num(&parts[0][4..6])?,
            num(&parts[0][6..])?,
        ),
        (false, [7]) => ordinal(num(&parts[0][..4])?, num(&parts[0][4..])?),
        (false, [6]) => ymd(
            two_digit_year(num(&parts[0][..2])?),
            num(&parts[0][2..4])?,
            num(&parts[0][4..])?,
        ),
        (false, [5]) => ordinal(two_digit_year(num(&parts[0][..2])?), num(&parts[0][2..])?),
        (false, [4, 1 | 2]) => ymd(n(0)?, n(1)?, 1),
        (false, [4, 3]) => ordinal(n(0)?, n(1)?),
        (false, [4, 1..=3, 1 | 2]) => ymd(n(0)?, n(1)?, n(2)?),
        (false, [2, 2, 2]) => ymd(two_digit_year(n(0)?), n(1)?, n(2)?),
        (false, [2, 3]) => ordinal(two_digit_year(n(0)?), n(1)?),
        (true, [4]) => ymd(
            two_digit_year(num(&parts[0][..2])?),
            num(&parts[0][2..])?,
            1,
        ),
        (true, [2, 2]) => ymd(two_digit_year(n(0)?), n(1)?, 1),
        _ => None,
    }
}

/// `hh:mm[:ss[.frac]][zone]`; returns the time and the zone offset in seconds.
fn iso_time(s: &str) -> Option<(NaiveTime, i64)> {
    let end = s
        .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.' || c == ','))
        .unwrap_or(s.len());
    let (clock, zone) = (&s[..end], s[end..].trim());
    // The basic format writes the clock without colons: `181238` or `1812`.
    let spaced;
    let clock = match clock.split(['.', ',']).next() {
        Some(whole) if !clock.contains(':') && (whole.len() == 4 || whole.len() == 6) => {
            let rest = &clock[whole.len()..];
            spaced = match whole.len() {
                4 => format!("{}:{}{rest}", &whole[..2], &whole[2..]),
                _ => format!("{}:{}:{}{rest}", &whole[..2], &whole[2..4], &whole[4..]),
            };
            spaced.as_str()
        }
        _ => clock,
    };
    let mut fields = clock.split(':');
    let h = num(fields.next()?)?;
    let m = match fields.next() {
        Some(m) => num(m)?,
        None => 0,
    };
    let sec = match fields.next() {
        Some(sec) => {
            let whole = sec.split(['.', ',']).next()?;
            num(whole)?
        }
        None => 0,
    };
    if fields.next().is_some() {
        return None;
    }
    let time = if h == 24 && m == 0 && sec == 0 {
        NaiveTime::from_hms_opt(23, 59, 59)?
    } else {
        NaiveTime::from_hms_opt(h as u32, m as u32, sec.min(59) as u32)?
    };
    // Go's default layout adds the zone name after the offset (`+0000 UTC`): the first
    // token decides.
    let offset = match zone.split_whitespace().next() {
        None => 0,
        Some(first) => zone_offset(first)?,
    };
    Some((time, offset))
}
