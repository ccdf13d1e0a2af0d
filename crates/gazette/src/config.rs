//! Gazette's configuration: every setting defined once, here, with its default and its
//! environment variable.
//!
//! Sources, in increasing precedence: the defaults below, `gazette.toml` (or `--config FILE`),
//! `GAZETTE_*` environment variables, then command-line flags. The file and the environment are
//! merged into one TOML table and deserialized once into [`Config`]; unknown keys in either are
//! rejected with a message naming them, so typos fail loudly.
//!
//! Environment variables: `GAZETTE_<SECTION>_<KEY>` for a key in a section
//! (`GAZETTE_SITE_TIME_ZONE`, `GAZETTE_WEATHER_CITY`), `GAZETTE_<KEY>` for a top-level key
//! (`GAZETTE_DATA_DIR`, `GAZETTE_ALLOW_PRIVATE_ADDRESSES`).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

/// How log lines are written (to standard error).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

/// The whole configuration.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Where the database lives (and the media proxy's key).
    pub data_dir: PathBuf,
    /// A PostgreSQL database (`postgres://user:password@host:5432/gazette`) instead of the
    /// SQLite file in `data_dir`: for several processes, on one or more hosts, sharing one
    /// site. Empty: SQLite.
    pub database_url: String,
    /// Database connections this process keeps open at most; 0: the store's default (4 for
    /// SQLite, which writes one transaction at a time, 8 for PostgreSQL). Each open
    /// connection costs memory (its cache, prepared statements and buffers).
    pub database_connections: u32,
    /// Let the fetcher reach loopback and private addresses (off: the SSRF guard refuses them).
    pub allow_private_addresses: bool,
    /// Days of articles kept: older ones are purged in the background (by `serve` and the
    /// polling loop, hourly) and never imported again. 0 keeps everything.
    pub retention_days: u32,
    /// `text` (for people; the default) or `json` (one JSON object per line, for log shippers,
    /// with the text format's field names). `GAZETTE_LOG` sets the filter.
    pub log_format: LogFormat,
    pub site: Site,
    pub server: Server,
    pub weather: WeatherCfg,
    pub ads: Ads,
    pub polling: Polling,
    pub fetch: Fetch,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Site {
    pub name: String,
    /// A line under the masthead; empty for none.
    pub tagline: String,
    pub description: String,
    /// The public base URL (for canonical links and feeds); empty: `http://` + the listen address.
    pub url: String,
    pub lang: String,
    /// An IANA time zone name, used for the date in the header and article times.
    pub time_zone: String,
    /// A directory with `templates/*.html` and `static/style.css` overriding the default theme.
    pub theme_dir: String,
    /// Stories per list page.
    pub page_size: u32,
    /// Serve the stories' images from the site's own `/media/...` addresses (readers'
    /// browsers never contact the publishers; images of sources only the server can reach
    /// still show). Off: pages link the publishers' image URLs.
    pub proxy_images: bool,
    /// Megabytes of rendered pages kept in memory (with their br and gzip encodings); 0 turns
    /// the page cache off.
    pub page_cache_mb: u64,
    /// The Content-Security-Policy sent with every page; empty: the default theme's own (no
    /// script at all). Set it when an ad snippet must load an ad network's script.
    pub content_security_policy: String,
    /// A WebSub hub (e.g. https://pubsubhubbub.appspot.com/): the site's feeds name it, and
    /// the hub is told when they change. Empty: no hub.
    pub websub_hub: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Server {
    pub listen: String,
    /// Connections open at once; more clients wait to be accepted.
    pub max_connections: usize,
    /// Seconds a client has to send a request's headers (and to start its next request on a
    /// kept-alive connection).
    pub header_timeout_seconds: u64,
    /// On stop (SIGTERM, Ctrl-C), seconds given to requests in flight.
    pub shutdown_seconds: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WeatherCfg {
    /// The city shown in the header; empty turns the weather off.
    pub city: String,
    pub latitude: f64,
    pub longitude: f64,
    /// An Open-Meteo compatible API.
    pub api_base: String,
    /// An Open-Meteo compatible geocoding API: the admin finds a city's coordinates and time
    /// zone by its name there.
    pub geocoding_base: String,
    /// Minutes between refreshes (at least 10).
    pub refresh_minutes: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Ads {
    /// An ad slot after every N top-level paragraphs of an article; 0 turns slots off.
    pub every_paragraphs: usize,
    pub label: String,
    /// HTML placed in each slot (an ad network's snippet); empty for a labelled placeholder.
    pub html: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Polling {
    /// How often `serve` looks for due sources, in seconds.
    pub tick_seconds: u64,
    pub min_interval_minutes: u64,
    pub max_interval_minutes: u64,
    pub default_interval_minutes: u64,
    /// Sources being polled at once (feed read, article pages pending). Their requests
    /// share `fetch.max_in_flight` and each host's politeness, so a source waiting for its
    /// host's turn costs a few kilobytes and no request slot.
    pub concurrent_sources: usize,
    /// Article pages of one source fetched at once (its host's limits still apply).
    pub concurrent_pages: usize,
    /// Subscribe to the WebSub hubs that feeds name, with `{site.url}/websub/...` as the
    /// callback, so that their articles arrive when published; the source is then polled
    /// hourly as a fallback. A site on a loopback or private address subscribes only at hubs
    /// on such addresses.
    pub websub: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Fetch {
    pub connect_timeout_seconds: u64,
    pub timeout_seconds: u64,
    pub max_feed_bytes: u64,
    pub max_page_bytes: u64,
    pub per_host_concurrency: usize,
    pub per_host_delay_ms: u64,
    /// Feed, page and robots.txt requests in flight to all hosts together; also the most
    /// fetched article pages waiting for extraction.
    pub max_in_flight: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            data_dir: PathBuf::from("./gazette-data"),
            database_url: String::new(),
            database_connections: 0,
            allow_private_addresses: false,
            retention_days: 0,
            log_format: LogFormat::Text,
            site: Site::default(),
            server: Server::default(),
            weather: WeatherCfg::default(),
            ads: Ads::default(),
            polling: Polling::default(),
            fetch: Fetch::default(),
        }
    }
}

impl Default for Site {
    fn default() -> Self {
        Site {
            name: "Gazette".into(),
            tagline: String::new(),
            description: "The day's news from many sources, with full attribution.".into(),
            url: String::new(),
            lang: "en".into(),
            time_zone: "Asia/Kolkata".into(),
            theme_dir: String::new(),
            page_size: 24,
            proxy_images: true,
            page_cache_mb: 64,
            content_security_policy: String::new(),
            websub_hub: String::new(),
        }
    }
}

impl Default for Server {
    fn default() -> Self {
        Server {
            listen: "127.0.0.1:8080".into(),
            max_connections: 4096,
            header_timeout_seconds: 10,
            shutdown_seconds: 10,
        }
    }
}

impl Default for WeatherCfg {
    fn default() -> Self {
        WeatherCfg {
            city: "New Delhi".into(),
            latitude: 28.6139,
            longitude: 77.2090,
            api_base: "https://api.open-meteo.com".into(),
            geocoding_base: "https://geocoding-api.open-meteo.com".into(),
            refresh_minutes: 10,
        }
    }
}

impl Default for Ads {
    fn default() -> Self {
        Ads {
            every_paragraphs: 4,
            label: "STORY CONTINUES BELOW THIS AD".into(),
            html: String::new(),
        }
    }
}

impl Default for Polling {
    fn default() -> Self {
        Polling {
            tick_seconds: 60,
            min_interval_minutes: 5,
            max_interval_minutes: 24 * 60,
            default_interval_minutes: 30,
            concurrent_sources: 1000,
            concurrent_pages: 2,
            websub: true,
        }
    }
}

impl Default for Fetch {
    fn default() -> Self {
        Fetch {
            connect_timeout_seconds: 10,
            timeout_seconds: 30,
            max_feed_bytes: 10 * 1024 * 1024,
            max_page_bytes: 5 * 1024 * 1024,
            per_host_concurrency: 2,
            per_host_delay_ms: 1000,
            max_in_flight: 256,
        }
    }
}

/// Environment variables read by the binary itself rather than mapped to a key.
const ENV_NOT_KEYS: &[&str] = &["GAZETTE_CONFIG", "GAZETTE_LOG"];

impl Config {
    /// Loads the configuration: `path` (which must exist) or `./gazette.toml` (optional), then
    /// the `GAZETTE_*` variables of `env`.
    pub fn load(
        path: Option<&Path>,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Config> {
        let (text, origin) = match path {
            Some(p) => (
                std::fs::read_to_string(p).with_context(|| {
                    format!("cannot read the configuration file {}", p.display())
                })?,
                p.display().to_string(),
            ),
            None => match std::fs::read_to_string("gazette.toml") {
                Ok(t) => (t, "gazette.toml".to_string()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    (String::new(), String::new())
                }
                Err(e) => return Err(e).context("cannot read gazette.toml"),
            },
        };
        Self::from_parts(&text, &origin, env)
    }

    /// Merges a TOML document and environment variables over the defaults.
    pub fn from_parts(
        toml_text: &str,
        origin: &str,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Config> {
        let mut table: toml::Table =
            toml::from_str(toml_text).with_context(|| format!("{origin} is not valid TOML"))?;
        let defaults = toml::Table::try_from(Config::default()).context("default configuration")?;
        let mut env: Vec<_> = env
            .into_iter()
            .filter(|(k, _)| k.starts_with("GAZETTE_") && !ENV_NOT_KEYS.contains(&k.as_str()))
            .collect();
        env.sort();
        for (name, value) in env {
            let (section, key) = env_key(&name, &defaults).with_context(|| {
                format!(
                    "unknown environment variable {name}: no such setting (see `gazette config`)"
                )
            })?;
            let default = match &section {
                Some(s) => defaults[s.as_str()].as_table().and_then(|t| t.get(&key)),
                None => defaults.get(&key),
            }
            .cloned()
            .unwrap_or(toml::Value::String(String::new()));
            let typed = typed_value(&value, &default)
                .with_context(|| format!("{name}={value:?}: expected {}", default.type_str()))?;
            let target = match section {
                Some(s) => table
                    .entry(s.clone())
                    .or_insert_with(|| toml::Value::Table(toml::Table::new()))
                    .as_table_mut()
                    .with_context(|| format!("[{s}] in the configuration file must be a table"))?,
                None => &mut table,
            };
            target.insert(key, typed);
        }
        let config: Config =
            toml::Value::Table(table)
                .try_into()
                .map_err(|e: toml::de::Error| {
                    let where_ = if origin.is_empty() {
                        String::from("the configuration")
                    } else {
                        origin.to_string()
                    };
                    anyhow::anyhow!("invalid setting in {where_}: {}", e.message())
                })?;
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<()> {
        self.time_zone()?;
        if self.site.name.trim().is_empty() {
            bail!("site.name must not be empty");
        }
        if !(-90.0..=90.0).contains(&self.weather.latitude)
            || !(-180.0..=180.0).contains(&self.weather.longitude)
        {
            bail!("weather.latitude must be within ±90 and weather.longitude within ±180");
        }
        if self.weather.refresh_minutes < 10 {
            bail!(
                "weather.refresh_minutes must be at least 10 (the weather service asks for no more)"
            );
        }
        if self.polling.min_interval_minutes == 0
            || self.polling.min_interval_minutes > self.polling.max_interval_minutes
        {
            bail!(
                "polling.min_interval_minutes must be at least 1 and at most polling.max_interval_minutes"
            );
        }
        if self.server.max_connections == 0 || self.server.header_timeout_seconds == 0 {
            bail!("server.max_connections and server.header_timeout_seconds must be at least 1");
        }
        if self.site.page_size == 0 || self.site.page_size > 100 {
            bail!("site.page_size must be between 1 and 100");
        }
        self.server
            .listen
            .parse::<std::net::SocketAddr>()
            .with_context(|| {
                format!(
                    "server.listen {:?} is not an address such as 127.0.0.1:8080",
                    self.server.listen
                )
            })?;
        Ok(())
    }

    /// The configuration as `gazette config` shows it: a database password replaced by `***`.
    pub fn shown(&self) -> Config {
        let mut c = self.clone();
        if let Ok(mut u) = url::Url::parse(&c.database_url)
            && u.password().is_some()
        {
            let _ = u.set_password(Some("***"));
            c.database_url = u.to_string();
        }
        c
    }

    pub fn time_zone(&self) -> Result<chrono_tz::Tz> {
        self.site.time_zone.parse::<chrono_tz::Tz>().map_err(|_| {
            anyhow::anyhow!(
                "site.time_zone {:?} is not an IANA time zone such as Asia/Kolkata or UTC",
                self.site.time_zone
            )
        })
    }
}

/// Maps `GAZETTE_SITE_TIME_ZONE` to `(Some("site"), "time_zone")` when such a key exists.
fn env_key(name: &str, defaults: &toml::Table) -> Option<(Option<String>, String)> {
    let rest = name.strip_prefix("GAZETTE_")?.to_ascii_lowercase();
    if defaults.get(&rest).is_some_and(|v| !v.is_table()) {
        return Some((None, rest));
    }
    let (section, key) = rest.split_once('_')?;
    let table = defaults.get(section)?.as_table()?;
    table
        .contains_key(key)
        .then(|| (Some(section.to_string()), key.to_string()))
}

/// Parses an environment value as the type of the setting's default.
fn typed_value(raw: &str, default: &toml::Value) -> Option<toml::Value> {
    Some(match default {
        toml::Value::Boolean(_) => {
            toml::Value::Boolean(match raw.trim().to_ascii_lowercase().as_str() {
                "1" | "true" | "yes" | "on" => true,
                "0" | "false" | "no" | "off" | "" => false,
                _ => return None,
            })
        }
        toml::Value::Integer(_) => toml::Value::Integer(raw.trim().parse().ok()?),
        toml::Value::Float(_) => toml::Value::Float(raw.trim().parse().ok()?),
        _ => toml::Value::String(raw.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect()
    }

    #[test]
    fn defaults_are_valid() {
        let c = Config::from_parts("", "", env(&[])).unwrap();
        assert_eq!(c.server.listen, "127.0.0.1:8080");
        assert_eq!(c.data_dir, PathBuf::from("./gazette-data"));
        assert!(!c.allow_private_addresses);
    }

    #[test]
    fn file_then_environment() {
        let toml = "[site]\nname = \"Delhi Daily\"\ntime_zone = \"Asia/Kolkata\"\n[weather]\ncity = \"Pune\"\n";
        let c = Config::from_parts(
            toml,
            "gazette.toml",
            env(&[
                ("GAZETTE_WEATHER_CITY", "Mumbai"),
                ("GAZETTE_WEATHER_LATITUDE", "19.07"),
                ("GAZETTE_DATA_DIR", "/srv/gazette"),
                ("GAZETTE_ALLOW_PRIVATE_ADDRESSES", "1"),
                ("GAZETTE_ADS_EVERY_PARAGRAPHS", "3"),
                ("GAZETTE_LOG", "debug"),
                ("PATH", "/bin"),
            ]),
        )
        .unwrap();
        assert_eq!(c.site.name, "Delhi Daily");
        assert_eq!(c.weather.city, "Mumbai");
        assert_eq!(c.weather.latitude, 19.07);
        assert_eq!(c.data_dir, PathBuf::from("/srv/gazette"));
        assert!(c.allow_private_addresses);
        assert_eq!(c.ads.every_paragraphs, 3);
        assert_eq!(c.time_zone().unwrap(), chrono_tz::Asia::Kolkata);
    }

    #[test]
    fn unknown_keys_are_rejected_clearly() {
        let err =
            Config::from_parts("[site]\nnmae = \"x\"\n", "gazette.toml", env(&[])).unwrap_err();
        let msg = format!("{err:#}");
        assert!(
            msg.contains("nmae") && msg.contains("gazette.toml"),
            "{msg}"
        );
        let err = Config::from_parts("[sitee]\n", "gazette.toml", env(&[])).unwrap_err();
        assert!(format!("{err:#}").contains("sitee"));
        let err = Config::from_parts("", "", env(&[("GAZETTE_SITE_NMAE", "x")])).unwrap_err();
        assert!(format!("{err:#}").contains("GAZETTE_SITE_NMAE"));
        let err =
            Config::from_parts("", "", env(&[("GAZETTE_WEATHER_LATITUDE", "north")])).unwrap_err();
        assert!(format!("{err:#}").contains("GAZETTE_WEATHER_LATITUDE"));
    }

    #[test]
    fn bad_values_are_rejected_clearly() {
        let err = Config::from_parts("[site]\ntime_zone = \"Mars/Olympus\"\n", "g.toml", env(&[]))
            .unwrap_err();
        assert!(format!("{err:#}").contains("Mars/Olympus"));
        let err =
            Config::from_parts("[server]\nlisten = \"nowhere\"\n", "g.toml", env(&[])).unwrap_err();
        assert!(format!("{err:#}").contains("nowhere"));
        let err =
            Config::from_parts("[weather]\nrefresh_minutes = 1\n", "g.toml", env(&[])).unwrap_err();
        assert!(format!("{err:#}").contains("refresh_minutes"));
    }

    #[test]
    fn the_database_password_is_not_shown() {
        let c = Config::from_parts(
            "",
            "",
            env(&[(
                "GAZETTE_DATABASE_URL",
                "postgres://gazette:s3cret@db.internal:5432/gazette",
            )]),
        )
        .unwrap();
        assert_eq!(
            c.database_url,
            "postgres://gazette:s3cret@db.internal:5432/gazette"
        );
        let shown = toml::to_string(&c.shown()).unwrap();
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(
            shown.contains("postgres://gazette:***@db.internal:5432/gazette"),
            "{shown}"
        );
    }
}
