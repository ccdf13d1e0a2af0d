//! Site settings edited in the admin: stored in the database, they win over the configuration
//! file and the environment, and apply at once (in other processes sharing the database, at
//! their next widget refresh, within 30 s).

use std::collections::BTreeMap;

use gazette_store::Setting;

use crate::SiteConfig;

/// The settings the admin can change, with their key in the `settings` table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SettingKey {
    Name,
    Tagline,
    BaseUrl,
    TimeZone,
    WeatherCity,
    WeatherLatitude,
    WeatherLongitude,
    AdsEvery,
    AdsLabel,
    AdsHtml,
}

impl SettingKey {
    pub const ALL: [SettingKey; 10] = [
        SettingKey::Name,
        SettingKey::Tagline,
        SettingKey::BaseUrl,
        SettingKey::TimeZone,
        SettingKey::WeatherCity,
        SettingKey::WeatherLatitude,
        SettingKey::WeatherLongitude,
        SettingKey::AdsEvery,
        SettingKey::AdsLabel,
        SettingKey::AdsHtml,
    ];

    /// The key in the database, also the form field's name (and the configuration key).
    pub fn key(self) -> &'static str {
        match self {
            SettingKey::Name => "site.name",
            SettingKey::Tagline => "site.tagline",
            SettingKey::BaseUrl => "site.base_url",
            SettingKey::TimeZone => "site.time_zone",
            SettingKey::WeatherCity => "weather.city",
            SettingKey::WeatherLatitude => "weather.latitude",
            SettingKey::WeatherLongitude => "weather.longitude",
            SettingKey::AdsEvery => "ads.every_paragraphs",
            SettingKey::AdsLabel => "ads.label",
            SettingKey::AdsHtml => "ads.html",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SettingKey::Name => "Site name",
            SettingKey::Tagline => "Tagline",
            SettingKey::BaseUrl => "Site URL",
            SettingKey::TimeZone => "Time zone",
            SettingKey::WeatherCity => "Weather city",
            SettingKey::WeatherLatitude => "Weather latitude",
            SettingKey::WeatherLongitude => "Weather longitude",
            SettingKey::AdsEvery => "Ad slot every how many paragraphs (0: none)",
            SettingKey::AdsLabel => "Ad slot label",
            SettingKey::AdsHtml => "Ad slot markup",
        }
    }

    pub fn from_key(key: &str) -> Option<SettingKey> {
        SettingKey::ALL.into_iter().find(|k| k.key() == key)
    }

    /// The value normalised, or why it cannot be stored. An empty value is never stored: it
    /// means "use the configuration's".
    pub fn check(self, value: &str) -> Result<String, String> {
        let v = value.trim();
        match self {
            SettingKey::Name | SettingKey::AdsLabel | SettingKey::WeatherCity
                if v.chars().count() > 120 =>
            {
                Err(format!("{} is limited to 120 characters", self.label()))
            }
            SettingKey::Tagline if v.chars().count() > 200 => {
                Err("The tagline is limited to 200 characters".into())
            }
            SettingKey::BaseUrl => {
                let url =
                    url::Url::parse(v).map_err(|_| "The site URL is not a URL".to_string())?;
                if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
                    return Err("The site URL must be an http or https address".into());
                }
                Ok(v.trim_end_matches('/').to_string())
            }
            SettingKey::TimeZone => v
                .parse::<chrono_tz::Tz>()
                .map(|tz| tz.name().to_string())
                .map_err(|_| format!("{v:?} is not a time zone name like Asia/Kolkata")),
            SettingKey::WeatherLatitude | SettingKey::WeatherLongitude => {
                let bound = if self == SettingKey::WeatherLatitude {
                    90.0
                } else {
                    180.0
                };
                match v.parse::<f64>() {
                    Ok(x) if x.is_finite() && x.abs() <= bound => Ok(v.to_string()),
                    _ => Err(format!("{} must be a number within ±{bound}", self.label())),
                }
            }
            SettingKey::AdsEvery => match v.parse::<u32>() {
                Ok(n) if n <= 100 => Ok(n.to_string()),
                _ => Err("Ad slots: a whole number of paragraphs from 0 to 100".into()),
            },
            SettingKey::AdsHtml if v.len() > 20_000 => {
                Err("The ad markup is limited to 20,000 bytes".into())
            }
            _ => Ok(v.to_string()),
        }
    }
}

/// The settings stored in the database.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoredSettings {
    values: BTreeMap<SettingKey, Setting>,
}

impl StoredSettings {
    pub fn new(rows: Vec<Setting>) -> Self {
        let values = rows
            .into_iter()
            .filter_map(|s| SettingKey::from_key(&s.key).map(|k| (k, s)))
            .collect();
        StoredSettings { values }
    }

    pub fn get(&self, key: SettingKey) -> Option<&Setting> {
        self.values.get(&key)
    }

    fn value(&self, key: SettingKey) -> Option<&str> {
        self.values.get(&key).map(|s| s.value.as_str())
    }

    /// The site as configured, with the stored settings over it (a stored value that no longer
    /// passes its check is ignored).
    pub fn apply(&self, configured: &SiteConfig) -> SiteConfig {
        let mut site = configured.clone();
        let checked = |k: SettingKey| self.value(k).and_then(|v| k.check(v).ok());
        if let Some(v) = checked(SettingKey::Name).filter(|v| !v.is_empty()) {
            site.name = v;
        }
        if let Some(v) = checked(SettingKey::Tagline) {
            site.tagline = (!v.is_empty()).then_some(v);
        }
        if let Some(v) = checked(SettingKey::BaseUrl) {
            site.base_url = v;
        }
        if let Some(tz) = checked(SettingKey::TimeZone).and_then(|v| v.parse().ok()) {
            site.time_zone = tz;
        }
        if let Some(n) = checked(SettingKey::AdsEvery).and_then(|v| v.parse().ok()) {
            site.ads.every_paragraphs = n;
        }
        if let Some(v) = checked(SettingKey::AdsLabel).filter(|v| !v.is_empty()) {
            site.ads.label = v;
        }
        if let Some(v) = checked(SettingKey::AdsHtml) {
            site.ads.html = (!v.is_empty()).then_some(v);
        }
        site
    }

    /// The weather location, when the city is stored with its coordinates.
    pub fn weather(&self) -> Option<(String, f64, f64)> {
        let city = self.value(SettingKey::WeatherCity)?.to_string();
        let lat = self.value(SettingKey::WeatherLatitude)?.parse().ok()?;
        let lon = self.value(SettingKey::WeatherLongitude)?.parse().ok()?;
        Some((city, lat, lon))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setting(key: &str, value: &str) -> Setting {
        Setting {
            key: key.into(),
            value: value.into(),
            updated_at: chrono::Utc::now(),
            updated_by: "ana".into(),
        }
    }

    #[test]
    fn stored_settings_win_over_the_configuration() {
        let configured = SiteConfig::default();
        let stored = StoredSettings::new(vec![
            setting("site.name", "The Valley Courier"),
            setting("site.time_zone", "Asia/Kolkata"),
            setting("ads.every_paragraphs", "0"),
            setting("site.base_url", "javascript:alert(1)"),
            setting("unknown.key", "x"),
        ]);
        let site = stored.apply(&configured);
        assert_eq!(site.name, "The Valley Courier");
        assert_eq!(site.time_zone, chrono_tz::Asia::Kolkata);
        assert_eq!(site.ads.every_paragraphs, 0);
        assert_eq!(site.base_url, configured.base_url, "a bad URL is ignored");
    }

    #[test]
    fn values_are_checked() {
        assert!(SettingKey::TimeZone.check("Mars/Olympus").is_err());
        assert_eq!(
            SettingKey::TimeZone.check(" Europe/Paris ").unwrap(),
            "Europe/Paris"
        );
        assert!(SettingKey::BaseUrl.check("ftp://example.org").is_err());
        assert_eq!(
            SettingKey::BaseUrl.check("https://news.example/").unwrap(),
            "https://news.example"
        );
        assert!(SettingKey::WeatherLatitude.check("91").is_err());
        assert!(SettingKey::AdsEvery.check("-1").is_err());
    }
}
