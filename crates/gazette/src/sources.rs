//! `gazette source ...` and `gazette poll`.

use std::time::Duration;

use anyhow::{Context, Result, bail};
use chrono::{SecondsFormat, Utc};
use clap::Subcommand;
use gazette_model::{ExtractMode, Source, SourceId};
use gazette_store::SourceChanges;

use crate::app::App;
use crate::config::Config;

#[derive(Debug, Subcommand)]
pub enum SourceCommand {
    /// Follow a feed, or a site whose home page links to its feed.
    Add {
        url: String,
        /// Display name (default: the feed's title).
        #[arg(long)]
        name: Option<String>,
        /// When to fetch article pages for full text: auto (when the feed has only a summary),
        /// always, never.
        #[arg(long, default_value = "auto", value_parser = parse_mode)]
        extract: ExtractMode,
        /// A section to file the source under; its entries carry it as a topic.
        #[arg(long)]
        topic: Option<String>,
    },
    /// List followed sources with their health.
    List {
        /// Print a JSON array instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Change a source's name, topic or extraction mode.
    Set {
        id: i64,
        #[arg(long)]
        name: Option<String>,
        /// File the source under this topic; an empty value clears it.
        #[arg(long)]
        topic: Option<String>,
        /// auto, always or never.
        #[arg(long, value_parser = parse_mode)]
        extract: Option<ExtractMode>,
    },
    /// Stop following a source and delete its entries.
    Remove { id: i64 },
    /// Poll one source now, due or not, and print what the poll did. Exits with an error
    /// when the poll failed (the error is also recorded on the source).
    Poll {
        id: i64,
        /// Print the source as `source list --json` does, plus the poll's figures.
        #[arg(long)]
        json: bool,
    },
}

fn parse_mode(s: &str) -> Result<ExtractMode, String> {
    ExtractMode::parse(s).ok_or_else(|| format!("{s:?} is not one of auto, always, never"))
}

pub async fn run(config: Config, cmd: SourceCommand) -> Result<()> {
    let app = App::open(config).await?;
    match cmd {
        SourceCommand::Add {
            url,
            name,
            extract,
            topic,
        } => add(&app, &url, name, extract, topic.as_deref()).await,
        SourceCommand::List { json } => list(&app, json).await,
        SourceCommand::Set {
            id,
            name,
            topic,
            extract,
        } => {
            let changes = SourceChanges {
                name,
                topic: topic.map(|t| Some(t).filter(|t| !t.trim().is_empty())),
                extract_mode: extract,
            };
            if !app.store.update_source(SourceId(id), &changes).await? {
                bail!("there is no source with id {id} (see `gazette source list`)");
            }
            let s = app
                .store
                .get_source(SourceId(id))
                .await?
                .context("the source vanished")?;
            println!(
                "Source {}: {} <{}>, topic {}, extraction {}",
                s.id,
                s.name,
                s.display_url(),
                s.topic.as_deref().unwrap_or("none"),
                s.extract_mode.as_str()
            );
            Ok(())
        }
        SourceCommand::Poll { id, json } => poll_one(&app, SourceId(id), json).await,
        SourceCommand::Remove { id } => {
            if app.store.remove_source(SourceId(id)).await? {
                println!("Removed source {id} and its entries.");
                Ok(())
            } else {
                bail!("there is no source with id {id} (see `gazette source list`)")
            }
        }
    }
}

async fn add(
    app: &App,
    url: &str,
    name: Option<String>,
    extract: ExtractMode,
    topic: Option<&str>,
) -> Result<()> {
    let shown = gazette_model::redact_password(url.trim()).into_owned();
    let followed = gazette_pipeline::follow(
        app.pipeline.fetcher(),
        app.store.as_ref(),
        url,
        name,
        extract,
        topic,
    )
    .await
    .with_context(|| format!("cannot follow {shown}"))?;
    if let Some(e) = &followed.unreachable {
        eprintln!(
            "warning: {shown} cannot be reached now ({e}); following it anyway, it will be retried"
        );
    }
    if let Some(found) = &followed.found {
        println!("Found the feed {}", gazette_model::redact_password(found));
    }
    let source = followed.source;
    println!(
        "Added source {}: {} <{}>",
        source.id,
        source.name,
        source.display_url()
    );
    Ok(())
}

fn rfc3339(t: chrono::DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn source_json(s: &Source) -> serde_json::Value {
    serde_json::json!({
        "id": s.id.0,
        "url": s.display_url(),
        "name": s.name,
        "site_url": s.site_link(),
        "extract": s.extract_mode.as_str(),
        "topic": s.topic,
        "entries": s.entries,
        "last_success": s.last_success.map(rfc3339),
        "last_error": s.last_error,
        "consecutive_failures": s.consecutive_failures,
        "next_poll": rfc3339(s.next_poll),
    })
}

async fn poll_one(app: &App, id: SourceId, json: bool) -> Result<()> {
    let Some(source) = app.store.get_source(id).await? else {
        bail!("there is no source with id {id} (see `gazette source list`)")
    };
    let started = std::time::Instant::now();
    let r = app.pipeline.poll_source(&source).await?;
    let seconds = started.elapsed().as_secs_f64();
    let after = app.store.get_source(id).await?.unwrap_or(source);
    if json {
        let mut v = source_json(&after);
        v["poll"] = serde_json::json!({
            "ok": r.error.is_none(),
            "not_modified": r.not_modified,
            "inserted": r.inserted,
            "updated": r.updated,
            "unchanged": r.unchanged,
            "extracted": r.extracted,
            "moved_to": r.moved_to,
            "error": r.error,
            "seconds": seconds,
        });
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else if r.error.is_none() {
        let what = if r.not_modified {
            "not modified".to_string()
        } else {
            format!(
                "{} new, {} updated, {} unchanged, {} article page(s) extracted",
                r.inserted, r.updated, r.unchanged, r.extracted
            )
        };
        println!(
            "Polled source {} ({}) in {seconds:.1}s: {what}. Next poll at {}.",
            after.id,
            after.name,
            rfc3339(after.next_poll)
        );
        if let Some(url) = &r.moved_to {
            println!(
                "The feed moved permanently; the source now follows {}",
                gazette_model::redact_password(url)
            );
        }
    }
    match r.error {
        None => Ok(()),
        Some(e) => bail!(
            "polling source {} ({}) failed after {seconds:.1}s: {e}\n\
             {} consecutive failure(s); next attempt at {}",
            after.id,
            after.url,
            after.consecutive_failures,
            rfc3339(after.next_poll)
        ),
    }
}

async fn list(app: &App, json: bool) -> Result<()> {
    let sources = app.store.list_sources().await?;
    let pushed: std::collections::HashMap<_, _> = app
        .store
        .subscriptions()
        .await?
        .into_iter()
        .map(|sub| (sub.source, sub))
        .collect();
    if json {
        let arr: Vec<_> = sources
            .iter()
            .map(|s| {
                let mut v = source_json(s);
                if let Some(sub) = pushed.get(&s.id) {
                    v["websub"] = serde_json::json!({
                        "state": sub.state.as_str(),
                        "hub": sub.hub,
                        "topic": sub.topic,
                        "lease_until": sub.lease_until.map(rfc3339),
                        "pushes": sub.pushes,
                        "last_push": sub.last_push_at.map(rfc3339),
                        "error": sub.error,
                    });
                }
                v
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&arr)?);
        return Ok(());
    }
    if sources.is_empty() {
        println!("No sources yet. Add one with `gazette source add URL`.");
        return Ok(());
    }
    println!(
        "{:>4}  {:<28} {:>7}  {:<20} {:>5}  {:<20}  URL / LAST ERROR",
        "ID", "NAME", "ENTRIES", "LAST SUCCESS", "FAILS", "NEXT POLL"
    );
    for s in &sources {
        let name: String = s.name.chars().take(28).collect();
        println!(
            "{:>4}  {:<28} {:>7}  {:<20} {:>5}  {:<20}  {}",
            s.id.0,
            name,
            s.entries,
            s.last_success.map_or("never".into(), rfc3339),
            s.consecutive_failures,
            rfc3339(s.next_poll),
            s.display_url()
        );
        if let Some(err) = &s.last_error {
            println!("{:>4}  error: {err}", "");
        }
        if let Some(sub) = pushed.get(&s.id) {
            println!("{:>4}  push: {}", "", sub.describe(rfc3339));
        }
    }
    Ok(())
}

pub async fn poll(config: Config, once: bool, force: bool) -> Result<()> {
    let tick = Duration::from_secs(config.polling.tick_seconds.max(1));
    let retention = config.retention_days;
    let grace = Duration::from_secs(config.server.shutdown_seconds);
    let app = App::open(config).await?;
    let stop = app.pipeline.stop_signal().clone();
    if !once {
        println!(
            "Polling every {}s; Ctrl-C or SIGTERM stops.",
            tick.as_secs()
        );
        let task = app.pipeline.spawn_scheduler(tick);
        let retention = gazette_pipeline::Retention::spawn_if_set(retention, app.store.clone());
        let at = crate::shutdown::stop_on_signal(stop.clone(), grace).await;
        crate::shutdown::finish(&stop, vec![task], retention, grace, Some(at)).await;
        return Ok(());
    }
    let started = std::time::Instant::now();
    // With PostgreSQL, a running server's desk may own the stories: then it clusters these.
    // A stop signal ends the round with the polls already running, within the grace time.
    let work = app.pipeline.poll_and_cluster(force);
    tokio::pin!(work);
    let (r, clustered) = tokio::select! {
        done = &mut work => done?,
        _ = crate::shutdown::stop_on_signal(stop.clone(), grace) => {
            match tokio::time::timeout(grace, &mut work).await {
                Ok(done) => done?,
                Err(_) => {
                    println!(
                        "Stopped after {:.1}s: the round was cut off; what was stored stays, the rest is polled again next time.",
                        started.elapsed().as_secs_f64()
                    );
                    return Ok(());
                }
            }
        }
    };
    // A `poll --once` from cron keeps the WebSub leases alive too.
    if !stop.is_stopped()
        && let Err(e) = app.pipeline.renew_subscriptions().await
    {
        tracing::warn!(error = %e, "cannot renew the WebSub subscriptions");
    }
    println!(
        "Polled {} source(s) in {:.1}s: {} new, {} updated, {} not modified, {} failed; {} clustered into stories.",
        r.sources,
        started.elapsed().as_secs_f64(),
        r.inserted,
        r.updated,
        r.not_modified,
        r.failed,
        clustered
    );
    if stop.is_stopped() {
        println!("Stopped early: sources not yet started are due again for the next poll.");
    }
    if r.lost > 0 {
        println!(
            "{} entries could not be stored; their sources will be polled again.",
            r.lost
        );
    }
    if r.failed > 0 {
        println!("See `gazette source list` for the errors.");
    }
    Ok(())
}

/// `gazette purge`: purges now the entries older than `older_than` days (default: the
/// `retention_days` setting).
pub async fn purge(config: Config, older_than: Option<u32>) -> Result<()> {
    let days = older_than.unwrap_or(config.retention_days);
    anyhow::ensure!(
        days > 0,
        "nothing to purge: retention_days is 0 (keep everything); pass --older-than DAYS"
    );
    let app = App::open(config).await?;
    let started = std::time::Instant::now();
    let purged = gazette_pipeline::Retention { days }
        .purge(app.store.as_ref())
        .await?;
    println!(
        "Purged {purged} entr{} published more than {days} day(s) ago in {:.1}s.",
        if purged == 1 { "y" } else { "ies" },
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
