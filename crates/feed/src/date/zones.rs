//! Time zones as dates write them: numeric offsets, `GMT+01:00`, abbreviations, military
//! letters.

use super::all_digits;

/// The offset in seconds of a zone written as `Z`, `+hh:mm`, `-hhmm`, `+hh` or a name.
pub(super) fn zone_offset(zone: &str) -> Option<i64> {
    let z = zone.trim();
    if let Some(sign) = z.chars().next().filter(|c| *c == '+' || *c == '-') {
        let body = &z[1..];
        let digits: String = body.chars().filter(|c| *c != ':').collect();
        if !all_digits(&digits) || body.matches(':').count() > 1 {
            return None;
        }
        let (h, m) = match digits.len() {
            1 | 2 => (digits.parse::<i64>().ok()?, 0),
            3 => (
                digits[..1].parse::<i64>().ok()?,
                digits[1..].parse::<i64>().ok()?,
            ),
            4 => (
                digits[..2].parse::<i64>().ok()?,
                digits[2..].parse::<i64>().ok()?,
            ),
            _ => return None,
        };
        if h > 23 || m > 59 {
            return None;
        }
        let secs = h * 3600 + m * 60;
        return Some(if sign == '-' { -secs } else { secs });
    }
    let upper = z.to_ascii_uppercase();
    let name = upper.strip_prefix("ETC/").unwrap_or(&upper);
    for prefix in ["GMT", "UTC", "UT"] {
        if let Some(rest) = name.strip_prefix(prefix)
            && rest.starts_with(['+', '-'])
        {
            return zone_offset(rest);
        }
    }
    named_zone(name).map(|h| (h * 3600.0) as i64)
}

/// Offsets (hours) of the zone names feeds use.
fn named_zone(name: &str) -> Option<f64> {
    Some(match name {
        "Z" | "UT" | "UTC" | "GMT" | "WET" | "Z0" => 0.0,
        "BST" | "WEST" | "CET" | "MET" => 1.0,
        "CEST" | "MEST" | "EET" | "SAST" => 2.0,
        "EEST" | "MSK" => 3.0,
        "IST" => 5.5,
        "HKT" | "SGT" | "AWST" => 8.0,
        "JST" | "KST" => 9.0,
        "ACST" => 9.5,
        "AEST" => 10.0,
        "AEDT" => 11.0,
        "NZST" => 12.0,
        "NZDT" => 13.0,
        "AT" | "AST" => -4.0,
        "ADT" => -3.0,
        "NST" => -3.5,
        "ET" | "EST" => -5.0,
        "EDT" | "CT" | "CST" => {
            if name == "EDT" {
                -4.0
            } else {
                -6.0
            }
        }
        "CDT" | "MT" | "MST" => {
            if name == "CDT" {
                -5.0
            } else {
                -7.0
            }
        }
        "MDT" => -6.0,
        "PT" | "PST" => -8.0,
        "PDT" => -7.0,
        "AKST" => -9.0,
        "AKDT" => -8.0,
        "HST" => -10.0,
        _ => {
            // Military single-letter zones.
            let mut chars = name.chars();
            let (Some(c), None) = (chars.next(), chars.next()) else {
                return None;
            };
            match c {
                'A'..='I' => f64::from(c as u8 - b'A' + 1),
                'K'..='M' => f64::from(c as u8 - b'K' + 10),
                'N'..='Y' => -f64::from(c as u8 - b'N' + 1),
                _ => return None,
            }
        }
    })
}
