//! RFC 822/2822 dates and their relatives: asctime order, missing seconds or zone, named
//! zones, commas anywhere, `2006/09/15`, `02.01.2024`, AM/PM, English and Greek month names.

use std::borrow::Cow;

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};

use super::zones::zone_offset;
use super::{all_digits, num, to_utc, two_digit_year};

fn month_number(word: &str) -> Option<u32> {
    const EN: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    if word.is_ascii() {
        let head = word.get(..3)?;
        return EN
            .iter()
            .position(|m| head.eq_ignore_ascii_case(m))
            .map(|i| i as u32 + 1);
    }
    let w = word.to_lowercase();
    // Greek abbreviations (accents vary between publishers).
    let plain: String = w
        .chars()
        .map(|c| match c {
            'ά' => 'α',
            'έ' => 'ε',
            'ί' | 'ϊ' => 'ι',
            'ό' => 'ο',
            'ύ' => 'υ',
            c => c,
        })
        .collect();
    const EL: [&[&str]; 12] = [
        &["ιαν"],
        &["φεβ"],
        &["μαρ", "μάρ"],
        &["απρ"],
        &["μαι", "μαϊ", "μάι"],
        &["ιουν", "ιον"],
        &["ιουλ", "ιολ"],
        &["αυγ"],
        &["σεπ"],
        &["οκτ"],
        &["νοε"],
        &["δεκ"],
    ];
    EL.iter()
        .position(|names| names.iter().any(|n| plain.starts_with(n)))
        .map(|i| i as u32 + 1)
}

fn is_weekday(word: &str) -> bool {
    word.get(..3).is_some_and(|head| {
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
            .iter()
            .any(|d| head.eq_ignore_ascii_case(d))
    })
}

/// RFC 822/2822 and its relatives (asctime, missing seconds, missing zone, `2006/09/15`).
pub(super) fn parse(s: &str) -> Option<DateTime<Utc>> {
    // Comments such as `(UTC)` or `(Pacific Standard Time)` carry nothing we need.
    let cleaned: Cow<'_, str> = if s.contains('(') {
        let mut out = String::with_capacity(s.len());
        let mut depth = 0usize;
        for c in s.chars() {
            match c {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                c if depth == 0 => out.push(c),
                _ => {}
            }
        }
        Cow::Owned(out)
    } else {
        Cow::Borrowed(s)
    };
    let tokens: Vec<&str> = cleaned
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty() && !matches!(*t, "-" | "\u{2013}" | "|"))
        .collect();
    let mut pm = None;
    let mut day = None;
    let mut month = None;
    let mut year = None;
    let mut time = None;
    let mut offset = None;
    for (i, tok) in tokens.iter().enumerate() {
        let tok = tok.trim_end_matches('.');
        let lower: Cow<'_, str> = if tok.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(tok.to_ascii_lowercase())
        } else {
            Cow::Borrowed(tok)
        };
        if matches!(&*lower, "am" | "a.m" | "pm" | "p.m") && time.is_some() {
            pm = Some(lower.starts_with('p'));
            continue;
        }
        // Filler words; `AT` after the time is the Atlantic zone.
        if matches!(&*lower, "at" | "on" | "of" | "the") && time.is_none() {
            continue;
        }
        if tok.contains(':') && tok.starts_with(|c: char| c.is_ascii_digit()) && time.is_none() {
            let (clock, suffix) = match lower
                .strip_suffix("pm")
                .or_else(|| lower.strip_suffix("am"))
            {
                Some(c) => (c, Some(lower.ends_with("pm"))),
                None => (&*lower, None),
            };
            time = Some(parse_clock(clock)?);
            pm = pm.or(suffix);
            continue;
        }
        if tok.matches('.').count() == 2 && tok.starts_with(|c: char| c.is_ascii_digit()) {
            // Day.month.year, as written in much of Europe.
            let f: Vec<&str> = tok.split('.').collect();
            day = Some(num(f[0])?);
            month = Some(u32::try_from(num(f[1])?).ok()?);
            let y = num(f[2])?;
            year = Some(if f[2].len() <= 2 {
                two_digit_year(y)
            } else {
                y
            });
            continue;
        }
        let ordinal = ["st", "nd", "rd", "th"]
            .iter()
            .find_map(|suf| lower.strip_suffix(suf))
            .filter(|d| all_digits(d) && d.len() <= 2);
        if let Some(d) = ordinal
            && day.is_none()
        {
            day = Some(num(d)?);
            continue;
        }
        if tok.contains('/') && tok.starts_with(|c: char| c.is_ascii_digit()) {
            let f: Vec<&str> = tok.split('/').collect();
            if f.len() != 3 {
                return None;
            }
            let (y, m, d) = if f[0].len() == 4 {
                (num(f[0])?, num(f[1])?, num(f[2])?)
            } else {
                (num(f[2])?, num(f[0])?, num(f[1])?)
            };
            year = Some(y);
            month = Some(u32::try_from(m).ok()?);
            day = Some(d);
            continue;
        }
        if all_digits(tok) {
            let v = num(tok)?;
            if tok.len() >= 3 || (day.is_some() && year.is_none()) || v > 31 {
                if year.is_some() {
                    return None;
                }
                year = Some(if tok.len() <= 2 { two_digit_year(v) } else { v });
            } else if day.is_none() {
                day = Some(v);
            } else {
                return None;
            }
            continue;
        }
        if tok.starts_with(['+', '-']) {
            offset = Some(zone_offset(tok)?);
            continue;
        }
        if month.is_none()
            && !is_weekday(tok)
            && let Some(m) = month_number(tok)
        {
            month = Some(m);
            continue;
        }
        if time.is_some() && offset.is_none() {
            if let Some(o) = zone_offset(tok) {
                offset = Some(o);
                continue;
            }
            // An unknown zone name after the time: read as UTC.
            if i + 1 >= tokens.len() && tok.chars().all(|c| c.is_alphabetic() || c == '/') {
                offset = Some(0);
                continue;
            }
        }
        // A zone name repeating a numeric offset (`+0000 GMT`).
        if offset.is_some() && tok.chars().all(char::is_alphabetic) && zone_offset(tok).is_some() {
            continue;
        }
        if tok.chars().all(char::is_alphabetic) && month.is_none() {
            // A weekday in any language before the date.
            continue;
        }
        if tok.chars().all(char::is_alphabetic) {
            return None;
        }
        return None;
    }
    let date = NaiveDate::from_ymd_opt(year?, month?, u32::try_from(day?).ok()?)?;
    let mut time = time.unwrap_or(NaiveTime::MIN);
    if let Some(pm) = pm {
        use chrono::Timelike;
        let h = time.hour() % 12 + if pm { 12 } else { 0 };
        time = time.with_hour(h)?;
    }
    let local = NaiveDateTime::new(date, time);
    to_utc(local, offset.unwrap_or(0))
}

fn parse_clock(tok: &str) -> Option<NaiveTime> {
    let f: Vec<&str> = tok.split(':').collect();
    if f.len() > 3 || f.len() < 2 {
        return None;
    }
    let h = num(f[0])?;
    let m = num(f[1])?;
    let s = match f.get(2) {
        Some(s) => num(s.split('.').next()?)?,
        None => 0,
    };
    NaiveTime::from_hms_opt(h as u32, m as u32, s.min(59) as u32)
}
