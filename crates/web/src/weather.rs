//! The current weather for the site's city, from an Open-Meteo compatible API.
//!
//! A background task refreshes the cache every ten minutes; pages only ever read the cache, so a
//! slow or failing weather service never delays a page: the header simply shows no weather.

use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use gazette_model::Weather;

/// Where to ask for the weather.
#[derive(Debug, Clone)]
pub struct WeatherSettings {
    pub city: String,
    pub latitude: f64,
    pub longitude: f64,
    /// Base URL of the API, `https://api.open-meteo.com` in production.
    pub api_base: String,
    /// Base URL of the geocoding API, `https://geocoding-api.open-meteo.com` in production.
    pub geocoding_base: String,
}

impl WeatherSettings {
    /// The request URL for the current temperature and weather code.
    pub fn url(&self) -> String {
        format!(
            "{}/v1/forecast?latitude={:.4}&longitude={:.4}&current=temperature_2m,weather_code",
            self.api_base.trim_end_matches('/'),
            self.latitude,
            self.longitude
        )
    }
}

/// A reading older than this is not shown.
const MAX_AGE: Duration = Duration::from_secs(2 * 3600);

/// The latest weather reading, shared between the refresher and the pages.
#[derive(Debug, Clone, Default)]
pub struct WeatherCache {
    latest: Arc<RwLock<Option<(Weather, Instant)>>>,
    /// Where the refresher asks (set by `spawn_refresher`, moved by `relocate`).
    settings: Arc<RwLock<Option<WeatherSettings>>>,
    /// The place the configuration names (before any editor's setting).
    configured: Arc<std::sync::OnceLock<WeatherSettings>>,
    /// Wakes the refresher when the place changes.
    moved: Arc<tokio::sync::Notify>,
    /// Advanced whenever a reading shows differently from the one before.
    generation: Arc<std::sync::atomic::AtomicU64>,
}

impl WeatherCache {
    /// The current reading, if a fresh one exists. Never blocks on the network.
    pub fn current(&self) -> Option<Weather> {
        let guard = self.latest.read().ok()?;
        let (w, at) = guard.as_ref()?;
        (at.elapsed() < MAX_AGE).then(|| w.clone())
    }

    /// Stores a reading (used by the refresher and by tests).
    pub fn set(&self, weather: Weather) {
        if let Ok(mut guard) = self.latest.write() {
            let shown = |w: &Weather| {
                let v = crate::views::WeatherView::new(w);
                (v.temperature, v.city, v.condition)
            };
            let changed = guard
                .as_ref()
                .is_none_or(|(old, _)| shown(old) != shown(&weather));
            *guard = Some((weather, Instant::now()));
            if changed {
                self.generation
                    .fetch_add(1, std::sync::atomic::Ordering::AcqRel);
            }
        }
    }

    /// Changes whenever the weather the header shows changes.
    pub fn generation(&self) -> u64 {
        self.generation.load(std::sync::atomic::Ordering::Acquire)
    }

    /// The place the configuration names, when the refresher runs.
    pub fn configured(&self) -> Option<WeatherSettings> {
        self.configured.get().cloned()
    }

    /// Moves the weather to another city (an editor's setting): the reading of the old city
    /// is dropped and the refresher asks for the new one at once.
    pub fn relocate(&self, city: &str, latitude: f64, longitude: f64) {
        let Ok(mut settings) = self.settings.write() else {
            return;
        };
        let Some(s) = settings.as_mut() else {
            return;
        };
        if s.city == city && s.latitude == latitude && s.longitude == longitude {
            return;
        }
        s.city = city.to_string();
        s.latitude = latitude;
        s.longitude = longitude;
        drop(settings);
        if let Ok(mut latest) = self.latest.write() {
            *latest = None;
        }
        self.generation
            .fetch_add(1, std::sync::atomic::Ordering::AcqRel);
        self.moved.notify_one();
    }

    /// Refreshes the reading every `every` (retrying sooner after a failure) until dropped.
    /// With no city (an empty name) it waits until [`WeatherCache::relocate`] names one.
    pub fn spawn_refresher(
        &self,
        settings: WeatherSettings,
        fetcher: gazette_fetch::Fetcher,
        every: Duration,
    ) -> tokio::task::JoinHandle<()> {
        let cache = self.clone();
        let _ = self.configured.set(settings.clone());
        if let Ok(mut s) = self.settings.write() {
            *s = Some(settings);
        }
        tokio::spawn(async move {
            loop {
                let Some(settings) = cache.settings.read().ok().and_then(|s| s.clone()) else {
                    return;
                };
                if settings.city.trim().is_empty() {
                    cache.moved.notified().await;
                    continue;
                }
                let url = settings.url();
                let wait = match fetcher.fetch_json(&url, Duration::from_secs(5)).await {
                    Ok(json) => match parse_open_meteo(&json, &settings.city) {
                        Some(w) => {
                            cache.set(w);
                            every
                        }
                        None => {
                            tracing::warn!(url = %url, "weather answer has no current temperature");
                            every
                        }
                    },
                    Err(e) => {
                        tracing::warn!(url = %url, error = %e, "weather fetch failed");
                        Duration::from_secs(120).min(every)
                    }
                };
                tokio::select! {
                    () = tokio::time::sleep(wait) => {}
                    () = cache.moved.notified() => {}
                }
            }
        })
    }
}

/// A place the geocoding API found for a name.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Place {
    pub name: String,
    /// The region and country, for telling places of one name apart.
    pub region: String,
    pub latitude: f64,
    pub longitude: f64,
    /// An IANA time zone name (checked).
    pub time_zone: Option<String>,
}

/// Finds places by name with an Open-Meteo compatible geocoding API (`/v1/search`): at most
/// five, each with its coordinates and, when the answer names a known one, its time zone.
pub async fn geocode(
    fetcher: &gazette_fetch::Fetcher,
    base: &str,
    name: &str,
) -> Result<Vec<Place>, String> {
    let name: String = name.trim().chars().take(100).collect();
    if name.chars().count() < 2 {
        return Err("Type at least two letters of the city's name.".into());
    }
    let url = format!(
        "{}/v1/search?name={}&count=5&language=en&format=json",
        base.trim_end_matches('/'),
        url::form_urlencoded::byte_serialize(name.as_bytes()).collect::<String>()
    );
    let json = fetcher
        .fetch_json(&url, Duration::from_secs(5))
        .await
        .map_err(|e| format!("The geocoding service did not answer: {e}"))?;
    Ok(parse_places(&json))
}

/// Reads a `/v1/search` answer; entries without valid coordinates are skipped.
pub fn parse_places(json: &serde_json::Value) -> Vec<Place> {
    let Some(results) = json.get("results").and_then(serde_json::Value::as_array) else {
        return Vec::new();
    };
    results
        .iter()
        .take(5)
        .filter_map(|r| {
            let text = |k: &str| r.get(k).and_then(serde_json::Value::as_str).map(str::trim);
            let latitude = r.get("latitude")?.as_f64()?;
            let longitude = r.get("longitude")?.as_f64()?;
            if !latitude.is_finite()
                || latitude.abs() > 90.0
                || !longitude.is_finite()
                || longitude.abs() > 180.0
            {
                return None;
            }
            let name: String = text("name")?.chars().take(100).collect();
            let region = [text("admin1"), text("country")]
                .into_iter()
                .flatten()
                .filter(|s| !s.is_empty())
                .map(|s| s.chars().take(100).collect::<String>())
                .collect::<Vec<_>>()
                .join(", ");
            let time_zone = text("timezone")
                .and_then(|tz| tz.parse::<chrono_tz::Tz>().ok())
                .map(|tz| tz.name().to_string());
            Some(Place {
                name,
                region,
                latitude,
                longitude,
                time_zone,
            })
        })
        .collect()
}

/// Reads Open-Meteo's `current` block.
pub fn parse_open_meteo(json: &serde_json::Value, city: &str) -> Option<Weather> {
    let current = json.get("current")?;
    let temperature_c = current.get("temperature_2m")?.as_f64()?;
    if !temperature_c.is_finite() || !(-100.0..=70.0).contains(&temperature_c) {
        return None;
    }
    Some(Weather {
        temperature_c,
        code: current
            .get("weather_code")
            .and_then(serde_json::Value::as_i64),
        city: city.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_current_block() {
        let json = serde_json::json!({"current": {"temperature_2m": 14.1, "weather_code": 2}});
        let w = parse_open_meteo(&json, "New Delhi").unwrap();
        assert_eq!(
            (w.temperature_c, w.code, w.city.as_str()),
            (14.1, Some(2), "New Delhi")
        );
        assert!(parse_open_meteo(&serde_json::json!({"current": {}}), "X").is_none());
        assert!(
            parse_open_meteo(
                &serde_json::json!({"current": {"temperature_2m": 999.0}}),
                "X"
            )
            .is_none()
        );
    }

    #[test]
    fn cache_starts_empty_and_keeps_the_last_reading() {
        let cache = WeatherCache::default();
        assert!(cache.current().is_none());
        cache.set(Weather {
            temperature_c: 3.0,
            code: None,
            city: "Oslo".into(),
        });
        assert_eq!(cache.current().unwrap().city, "Oslo");
    }

    #[test]
    fn geocoding_answers_are_checked() {
        let json = serde_json::json!({"results": [
            {"name": "New Delhi", "latitude": 28.6, "longitude": 77.2, "timezone": "Asia/Kolkata",
             "admin1": "Delhi", "country": "India"},
            {"name": "Nowhere", "latitude": 123.0, "longitude": 0.0},
            {"name": "Odd zone", "latitude": 1.0, "longitude": 2.0, "timezone": "Mars/Base"},
            {"latitude": 1.0, "longitude": 2.0}
        ]});
        let places = parse_places(&json);
        assert_eq!(places.len(), 2);
        assert_eq!(places[0].region, "Delhi, India");
        assert_eq!(places[0].time_zone.as_deref(), Some("Asia/Kolkata"));
        assert_eq!(places[1].time_zone, None);
        assert!(parse_places(&serde_json::json!({"generationtime_ms": 1})).is_empty());
    }

    #[test]
    fn url_shape() {
        let s = WeatherSettings {
            city: "X".into(),
            latitude: 28.6139,
            longitude: 77.209,
            api_base: "http://h/".into(),
            geocoding_base: "http://g/".into(),
        };
        assert_eq!(
            s.url(),
            "http://h/v1/forecast?latitude=28.6139&longitude=77.2090&current=temperature_2m,weather_code"
        );
    }
}
