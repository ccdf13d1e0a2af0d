//! A stand-in for the Open-Meteo forecast API (`/v1/forecast`), so that the portal's weather
//! widget works offline.
//!
//! Answers have Open-Meteo's shape for the `current=` variables Gazette asks for. The weather is
//! invented but plausible: colder towards the poles and in winter, warmest mid-afternoon local
//! solar time, and it changes slowly (conditions hold for hours) so a page reload shows no jumps.

use std::f64::consts::PI;

use chrono::{DateTime, Datelike, Duration, DurationRound, Timelike, Utc};
use serde_json::{Map, Value, json};

use crate::site::stable_hash;

/// Current variables this stand-in can answer, with their units.
const VARIABLES: &[(&str, &str)] = &[
    ("temperature_2m", "°C"),
    ("weather_code", "wmo code"),
    ("relative_humidity_2m", "%"),
    ("wind_speed_10m", "km/h"),
    ("is_day", ""),
];

/// Query of `/v1/forecast` as Open-Meteo reads it (other parameters are accepted and ignored).
#[derive(Debug, Default, serde::Deserialize)]
pub struct Query {
    pub latitude: Option<String>,
    pub longitude: Option<String>,
    pub current: Option<String>,
}

/// The JSON answer, or an Open-Meteo style error (`{"error":true,"reason":..}`, status 400).
pub fn forecast(q: &Query, now: DateTime<Utc>) -> Result<Value, Value> {
    let coord = |v: &Option<String>, name: &str, limit: f64| -> Result<f64, Value> {
        let raw = v
            .as_deref()
            .ok_or_else(|| error(&format!("Parameter '{name}' is required")))?;
        let x: f64 = raw
            .trim()
            .parse()
            .map_err(|_| error(&format!("Value of type 'Float' required for key '{name}'.")))?;
        if !x.is_finite() || x.abs() > limit {
            return Err(error(&format!(
                "{name} must be in range of -{limit} to {limit}"
            )));
        }
        Ok(x)
    };
    let lat = coord(&q.latitude, "latitude", 90.0)?;
    let lon = coord(&q.longitude, "longitude", 180.0)?;
    // Open-Meteo snaps to its grid; round like it does so answers look familiar.
    let lat = (lat * 40.0).round() / 40.0;
    let lon = (lon * 40.0).round() / 40.0;
    let time = now.duration_trunc(Duration::minutes(15)).unwrap_or(now);

    let mut current = Map::new();
    let mut units = Map::new();
    current.insert(
        "time".into(),
        json!(time.format("%Y-%m-%dT%H:%M").to_string()),
    );
    current.insert("interval".into(), json!(900));
    units.insert("time".into(), json!("iso8601"));
    units.insert("interval".into(), json!("seconds"));
    let wanted = q.current.as_deref().unwrap_or("");
    for name in wanted.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let Some((_, unit)) = VARIABLES.iter().find(|(v, _)| *v == name) else {
            return Err(error(&format!(
                "Data corrupted at path ''. Cannot initialize ForecastVariable from invalid String value {name}."
            )));
        };
        let value = match name {
            "temperature_2m" => json!(temperature(lat, lon, time)),
            "weather_code" => json!(weather_code(lat, lon, time)),
            "relative_humidity_2m" => json!(humidity(lat, lon, time)),
            "wind_speed_10m" => json!(wind(lat, lon, time)),
            _ => json!(i32::from(is_day(lon, time))),
        };
        current.insert(name.into(), value);
        units.insert(name.into(), json!(unit));
    }
    Ok(json!({
        "latitude": lat,
        "longitude": lon,
        "generationtime_ms": 0.05,
        "utc_offset_seconds": 0,
        "timezone": "GMT",
        "timezone_abbreviation": "GMT",
        "elevation": 12.0,
        "current_units": units,
        "current": current,
    }))
}

fn error(reason: &str) -> Value {
    json!({ "error": true, "reason": reason })
}

/// Local solar hour, 0..24.
fn solar_hour(lon: f64, t: DateTime<Utc>) -> f64 {
    let h = f64::from(t.hour()) + f64::from(t.minute()) / 60.0 + lon / 15.0;
    h.rem_euclid(24.0)
}

fn is_day(lon: f64, t: DateTime<Utc>) -> bool {
    (6.5..18.5).contains(&solar_hour(lon, t))
}

/// A number in 0..1 fixed for a place and a six-hour slot: weather that holds for a while.
fn spell(lat: f64, lon: f64, t: DateTime<Utc>, salt: &str) -> f64 {
    let slot = t.timestamp().div_euclid(6 * 3600);
    let key = format!("{salt}:{:.1}:{:.1}:{slot}", lat, lon);
    (stable_hash(key.as_bytes()) % 1000) as f64 / 1000.0
}

/// Degrees Celsius, one decimal.
pub fn temperature(lat: f64, lon: f64, t: DateTime<Utc>) -> f64 {
    let base = 30.0 - 0.4 * lat.abs();
    // Seasons: coldest in late January in the north, late July in the south.
    let day = f64::from(t.ordinal0());
    let season = -(2.0 * PI * (day - 20.0) / 365.0).cos() * (lat.abs() / 90.0) * 18.0;
    let season = if lat < 0.0 { -season } else { season };
    // Warmest at 15:00 solar time, coldest at 03:00.
    let daily = (2.0 * PI * (solar_hour(lon, t) - 9.0) / 24.0).sin() * 4.5;
    let drift = (spell(lat, lon, t, "temp") - 0.5) * 3.0;
    ((base + season + daily + drift) * 10.0).round() / 10.0
}

/// A WMO weather interpretation code, as Open-Meteo reports them.
pub fn weather_code(lat: f64, lon: f64, t: DateTime<Utc>) -> u8 {
    const CODES: &[u8] = &[0, 0, 1, 1, 2, 2, 3, 3, 45, 51, 61, 63, 80, 3, 2, 1];
    let code = CODES[(spell(lat, lon, t, "code") * CODES.len() as f64) as usize % CODES.len()];
    if code == 61 && temperature(lat, lon, t) < 0.5 {
        71
    } else {
        code
    }
}

fn humidity(lat: f64, lon: f64, t: DateTime<Utc>) -> u8 {
    (45.0 + spell(lat, lon, t, "humidity") * 50.0) as u8
}

fn wind(lat: f64, lon: f64, t: DateTime<Utc>) -> f64 {
    ((3.0 + spell(lat, lon, t, "wind") * 30.0) * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn q(lat: &str, lon: &str, current: &str) -> Query {
        Query {
            latitude: Some(lat.into()),
            longitude: Some(lon.into()),
            current: Some(current.into()),
        }
    }

    #[test]
    fn answers_like_open_meteo() {
        let now = Utc.with_ymd_and_hms(2026, 2, 14, 10, 7, 12).unwrap();
        let v = forecast(&q("52.52", "13.41", "temperature_2m,weather_code"), now).unwrap();
        assert_eq!(v["current"]["time"], "2026-02-14T10:00");
        assert_eq!(v["current"]["interval"], 900);
        assert!(v["current"]["temperature_2m"].is_f64());
        assert!(v["current"]["weather_code"].is_u64());
        assert_eq!(v["current_units"]["temperature_2m"], "°C");
        assert_eq!(v["latitude"], 52.525);
    }

    #[test]
    fn temperature_is_plausible_and_slow() {
        let start = Utc.with_ymd_and_hms(2026, 7, 1, 0, 0, 0).unwrap();
        let mut previous = temperature(48.0, 2.0, start);
        for step in 1..(4 * 24 * 10) {
            let t = start + Duration::minutes(15 * step);
            let now = temperature(48.0, 2.0, t);
            assert!((-5.0..40.0).contains(&now), "{now} at {t}");
            assert!((now - previous).abs() < 3.5, "{previous} -> {now} at {t}");
            previous = now;
        }
        let winter = Utc.with_ymd_and_hms(2026, 1, 20, 14, 0, 0).unwrap();
        assert!(temperature(60.0, 10.0, winter) < temperature(60.0, 10.0, start));
    }

    #[test]
    fn climates_differ_sensibly() {
        // Late November, mid-afternoon local time.
        let oslo = Utc.with_ymd_and_hms(2026, 11, 26, 14, 0, 0).unwrap();
        let t = temperature(59.91, 10.75, oslo);
        assert!((-10.0..10.0).contains(&t), "Oslo {t}");
        let delhi = Utc.with_ymd_and_hms(2026, 11, 26, 9, 30, 0).unwrap();
        let t = temperature(28.61, 77.21, delhi);
        assert!((15.0..32.0).contains(&t), "Delhi {t}");
        let sydney = Utc.with_ymd_and_hms(2026, 1, 15, 4, 0, 0).unwrap();
        let t = temperature(-33.87, 151.21, sydney);
        assert!((18.0..36.0).contains(&t), "Sydney summer {t}");
    }

    #[test]
    fn bad_queries_are_errors() {
        let now = Utc::now();
        assert!(forecast(&Query::default(), now).is_err());
        assert!(forecast(&q("abc", "1", "temperature_2m"), now).is_err());
        assert!(forecast(&q("95", "1", "temperature_2m"), now).is_err());
        let e = forecast(&q("1", "1", "snowfall_depth"), now).unwrap_err();
        assert_eq!(e["error"], true);
    }
}

/// Places the stand-in geocoder knows: the demo's fictional towns (placed somewhere on Earth
/// with a real time zone) and a few real capitals, so that the admin's city search works
/// offline.
const PLACES: &[(&str, &str, &str, f64, f64, &str)] = &[
    (
        "Harbour City",
        "Northland",
        "Demo Republic",
        59.91,
        10.75,
        "Europe/Oslo",
    ),
    (
        "Aldmere",
        "Northland",
        "Demo Republic",
        60.39,
        5.32,
        "Europe/Oslo",
    ),
    (
        "Eastbrook",
        "Varnia",
        "Demo Republic",
        55.68,
        12.57,
        "Europe/Copenhagen",
    ),
    (
        "New Delhi",
        "Delhi",
        "India",
        28.6139,
        77.209,
        "Asia/Kolkata",
    ),
    ("Delhi", "Delhi", "India", 28.6519, 77.2315, "Asia/Kolkata"),
    (
        "London",
        "England",
        "United Kingdom",
        51.5085,
        -0.1257,
        "Europe/London",
    ),
    (
        "New York",
        "New York",
        "United States",
        40.7143,
        -74.006,
        "America/New_York",
    ),
    (
        "Newcastle",
        "New South Wales",
        "Australia",
        -32.9272,
        151.7765,
        "Australia/Sydney",
    ),
];

/// Query of `/v1/search`.
#[derive(Debug, Default, serde::Deserialize)]
pub struct SearchQuery {
    pub name: Option<String>,
    pub count: Option<usize>,
}

/// Open-Meteo's geocoding answer: places whose name begins with the query (case-insensitive),
/// `{"generationtime_ms": ..}` alone when none does, an error without a name.
pub fn search(q: &SearchQuery) -> Result<Value, Value> {
    let name = q
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .ok_or_else(|| error("Parameter 'name' is required"))?
        .to_lowercase();
    let count = q.count.unwrap_or(10).clamp(1, 100);
    let results: Vec<Value> = PLACES
        .iter()
        .enumerate()
        .filter(|(_, p)| p.0.to_lowercase().starts_with(&name))
        .take(count)
        .map(|(i, (city, admin1, country, lat, lon, tz))| {
            json!({
                "id": 1000 + i,
                "name": city,
                "latitude": lat,
                "longitude": lon,
                "timezone": tz,
                "admin1": admin1,
                "country": country,
            })
        })
        .collect();
    if results.is_empty() {
        return Ok(json!({ "generationtime_ms": 0.2 }));
    }
    Ok(json!({ "results": results, "generationtime_ms": 0.2 }))
}
