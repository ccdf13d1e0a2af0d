//! WebSub, the publisher's side: with `site.websub_hub` set, every feed names the hub
//! (`<atom:link rel="hub">` in RSS, `<link rel="hub">` in Atom, `hubs` in JSON Feed, and an
//! HTTP `Link` header with `rel="hub"` and `rel="self"`), and the pinger tells the hub which
//! feeds changed (`hub.mode=publish`, `hub.url=...`), so that subscribers are pushed new
//! articles instead of polling.
//!
//! Which feeds changed is worked out from what arrived: after the store's change counter moves,
//! the entries with ids above the last seen give their sources, topics and stories; the site's
//! own feeds change with any change (an editor hiding an article included). At most
//! [`MAX_ENTRIES`] new entries are looked at per round, and hub URLs go [`BATCH`] to a request.

use std::time::Duration;

use gazette_model::EntryId;

use crate::AppState;

/// New entries whose lists are pinged per round (a busy wire pings the site feeds anyway).
const MAX_ENTRIES: u32 = 200;
/// `hub.url` values per publish request.
const BATCH: usize = 50;
/// Time given to a hub to answer.
const HUB_TIMEOUT: Duration = Duration::from_secs(10);

/// The feed files of a list directory ("" for the site, "/topic/x", ...).
fn feed_urls(base: &str, dir: &str) -> [String; 3] {
    ["feed.xml", "feed.atom", "feed.json"].map(|f| format!("{base}{dir}/{f}"))
}

impl AppState {
    /// Pings the configured hub every `every` when the site changed, until the task is dropped.
    /// `None` when no hub is configured.
    pub fn spawn_hub_pinger(
        &self,
        fetcher: gazette_fetch::Fetcher,
        every: Duration,
    ) -> Option<tokio::task::JoinHandle<()>> {
        self.site().websub_hub.as_ref()?;
        let state = self.clone();
        Some(tokio::spawn(async move {
            let mut seen_version = state.inner.changes.version();
            let mut seen_id = match state.store().max_entry_id().await {
                Ok(id) => id,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot start the WebSub pinger");
                    return;
                }
            };
            let mut tick = tokio::time::interval(every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            tick.tick().await;
            loop {
                tick.tick().await;
                let version = state.inner.changes.version();
                if version == seen_version {
                    continue;
                }
                seen_version = version;
                match state.changed_feeds(seen_id).await {
                    Ok((urls, newest)) => {
                        seen_id = seen_id.max(newest);
                        state.ping_hub(&fetcher, &urls).await;
                    }
                    Err(e) => tracing::warn!(error = %e, "cannot work out which feeds changed"),
                }
            }
        }))
    }

    /// The feeds changed by entries above `after` (and the site's own), with the newest id.
    pub async fn changed_feeds(
        &self,
        after: i64,
    ) -> Result<(Vec<String>, i64), gazette_store::StoreError> {
        let base = self.site().base_url.clone();
        let fresh: Vec<_> = self
            .store()
            .entries_before(None, MAX_ENTRIES)
            .await?
            .into_iter()
            .filter(|c| c.id.0 > after)
            .collect();
        let newest = fresh.iter().map(|c| c.id.0).max().unwrap_or(after);
        let mut dirs = std::collections::BTreeSet::from([String::new()]);
        for card in &fresh {
            dirs.insert(format!("/source/{}", card.source_id.0));
            if let Some(entry) = self.store().get_entry(EntryId(card.id.0)).await? {
                for t in &entry.topics {
                    dirs.insert(format!("/topic/{}", t.slug));
                }
            }
            if let Some(story) = self
                .store()
                .admin_entry(card.id)
                .await?
                .and_then(|e| e.story_id)
            {
                dirs.insert(format!("/story/{story}"));
            }
        }
        let urls = dirs.iter().flat_map(|d| feed_urls(&base, d)).collect();
        Ok((urls, newest))
    }

    /// Tells the hub that these feeds changed, [`BATCH`] URLs to a request.
    pub async fn ping_hub(&self, fetcher: &gazette_fetch::Fetcher, urls: &[String]) {
        let Some(hub) = self.site().websub_hub.clone() else {
            return;
        };
        for batch in urls.chunks(BATCH) {
            let mut pairs = vec![("hub.mode", "publish")];
            pairs.extend(batch.iter().map(|u| ("hub.url", u.as_str())));
            match fetcher.post_form(&hub, &pairs, HUB_TIMEOUT).await {
                Ok(status) if (200..300).contains(&status) => {
                    tracing::debug!(feeds = batch.len(), status, "hub told of changed feeds");
                }
                Ok(status) => {
                    tracing::warn!(
                        status,
                        feeds = batch.len(),
                        "the WebSub hub refused a publish ping"
                    );
                }
                Err(e) => tracing::warn!(error = %e, "cannot reach the WebSub hub"),
            }
        }
    }
}
