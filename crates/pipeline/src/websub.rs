//! WebSub, the subscriber's side: a feed that names a hub is subscribed to there, so that the
//! hub pushes what the publisher publishes within seconds; polling stays the fallback.
//!
//! - A poll that reads a feed naming a hub (an HTTP `Link` header first, then the document's
//!   `rel="hub"` and `rel="self"` links) subscribes the source when it has no subscription at
//!   that hub for that topic: the subscription is stored first (state `requested`, a random
//!   callback token and signing secret), then the hub is asked (within [`HUB_TIMEOUT`], so that
//!   a `poll --once` ends with its requests sent).
//! - The hub verifies the intent with a `GET` on the callback ([`Pipeline::verify_intent`]):
//!   only a subscription this side asked for, with the same topic, is confirmed by echoing the
//!   challenge; the lease the hub grants is stored and renewed at nine tenths of it.
//! - Pushed content ([`Pipeline::take_push`]) is taken only when its `X-Hub-Signature` is the
//!   HMAC of the body under the subscription's secret; it goes through the same reading, dedup
//!   and extraction as a polled feed, without touching the source's polling state.
//! - [`Pipeline::renew_subscriptions`], run after each polling round, renews leases, asks again
//!   after a refusal or a request the hub never verified (with back-off), and unsubscribes the
//!   sources that were retired.
//! - A source with a live subscription is still polled, at least every [`FALLBACK_POLL`]
//!   (within the schedule's bounds), in case a push is lost.
//!
//! No subscription is asked for when the callback would not be reachable by the hub: a site
//! whose URL is on a loopback or private address subscribes only at hubs on such addresses.

use std::time::Duration;

use base64::Engine as _;
use chrono::{DateTime, Utc};
use gazette_fetch::{CacheHints, Fetched, Link, Validators};
use gazette_model::Source;
use gazette_store::{StoreError, Subscription, SubscriptionState};
use ring::hmac;

use crate::Pipeline;
use crate::schedule::Schedule;

/// The lease asked of a hub (it may grant another).
const LEASE_ASKED: u64 = 10 * 24 * 3600;
/// The longest lease taken from a hub.
const LEASE_MAX: u64 = 365 * 24 * 3600;
/// Time given to a hub to answer a request.
const HUB_TIMEOUT: Duration = Duration::from_secs(10);
/// The longest a source with a live subscription goes unpolled (within the schedule's bounds).
pub const FALLBACK_POLL: Duration = Duration::from_secs(3600);
/// A refused subscription is asked for again after this long.
const DENIED_RETRY: chrono::TimeDelta = chrono::TimeDelta::days(7);
/// A request not verified is asked again after an hour, doubling up to a week.
const RETRY_FIRST: chrono::TimeDelta = chrono::TimeDelta::hours(1);
const RETRY_MAX: chrono::TimeDelta = chrono::TimeDelta::days(7);
/// An unsubscription the hub does not verify in this time is forgotten (its lease ends).
const UNSUBSCRIBE_WAIT: chrono::TimeDelta = chrono::TimeDelta::days(1);
/// Subscriptions looked at per renewal round.
const RENEW_BATCH: u32 = 100;
/// Requests to hubs sent at once by a renewal round.
const HUBS_AT_ONCE: usize = 8;
/// The longest `hub.challenge` echoed.
const MAX_CHALLENGE: usize = 1024;
/// The largest pushed body taken, as large as a polled feed may be.
pub const MAX_PUSH_BYTES: usize = 10 * 1024 * 1024;
/// Pushed bodies being read and stored at once; more are answered "busy" (the hub retries).
pub(crate) const PUSHES_IN_HAND: usize = 8;

/// What a feed announces: the hub to subscribe at and the topic to name there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Announced {
    pub hub: String,
    pub topic: String,
}

/// The hub and topic a fetched feed announces: the response's `Link` headers before the
/// document's own links (as WebSub says); the topic defaults to the URL the feed came from.
pub(crate) fn announced(
    links: &[Link],
    hubs: &[String],
    self_url: Option<&str>,
    fetched_url: &str,
) -> Option<Announced> {
    let header = |rel: &str| links.iter().find(|l| l.rel == rel).map(|l| l.url.as_str());
    let hub = header("hub").or(hubs.first().map(String::as_str))?;
    let topic = header("self").or(self_url).unwrap_or(fetched_url);
    Some(Announced {
        hub: gazette_model::web_link(hub)?.to_owned(),
        topic: gazette_model::web_link(topic)?.to_owned(),
    })
}

/// Whether the hub pushes for this subscription now.
pub(crate) fn pushes(s: &Subscription) -> bool {
    s.state == SubscriptionState::Active && s.lease_until.is_some_and(|l| l > Utc::now())
}

/// The interval a pushed source is polled at, at least.
pub(crate) fn fallback_interval(schedule: &Schedule) -> Duration {
    FALLBACK_POLL.min(schedule.max).max(schedule.min)
}

/// The source's subscription, read when `look` (the poll read a feed naming a hub) and
/// subscribing is on.
pub(crate) async fn known(p: &Pipeline, source: &Source, look: bool) -> Option<Subscription> {
    p.cfg.websub_site.as_ref()?;
    if !look {
        return None;
    }
    match p.store.subscription(source.id).await {
        Ok(s) => s,
        Err(e) => {
            tracing::warn!(source.id = source.id.0, error = %e, "cannot read the source's WebSub subscription");
            None
        }
    }
}

/// After a poll read a feed naming `hub`: subscribes when the source has no subscription for
/// that hub and topic (a new hub or topic replaces the old subscription).
pub(crate) async fn after_poll(
    p: &Pipeline,
    source: &Source,
    hub: Announced,
    known: Option<&Subscription>,
    now: DateTime<Utc>,
) {
    let Some(site) = &p.cfg.websub_site else {
        return;
    };
    if known.is_some_and(|s| s.hub == hub.hub && s.topic == hub.topic) {
        return;
    }
    if !reachable(site, &hub.hub) {
        tracing::debug!(hub = %hub.hub, site = %site, "not subscribing: the hub cannot reach this site's address");
        return;
    }
    let sub = Subscription {
        source: source.id,
        hub: hub.hub,
        topic: hub.topic,
        token: random_token(),
        secret: random_token(),
        state: SubscriptionState::Requested,
        requested_at: now,
        lease_until: None,
        renew_at: now + retry_after(1),
        failures: 1,
        last_push_at: None,
        pushes: 0,
        error: None,
    };
    // Stored before the hub is asked: a hub may verify before it answers.
    if let Err(e) = p.store.save_subscription(&sub).await {
        tracing::warn!(source.id = source.id.0, error = %e, "cannot store a WebSub subscription");
        return;
    }
    tracing::info!(source.id = source.id.0, hub = %sub.hub, topic = %sub.topic, "subscribing at the feed's WebSub hub");
    send(p, &sub, Mode::Subscribe).await;
}

/// Whether a hub can call back a site at this URL: a site on a loopback or private address
/// only hears from hubs on such addresses.
fn reachable(site: &str, hub: &str) -> bool {
    !private_host(site) || private_host(hub)
}

fn private_host(url: &str) -> bool {
    let Ok(u) = url::Url::parse(url) else {
        return true;
    };
    match u.host() {
        Some(url::Host::Domain(d)) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            d == "localhost" || d.ends_with(".localhost") || !d.contains('.')
        }
        Some(url::Host::Ipv4(ip)) => gazette_fetch::non_public_reason(ip.into()).is_some(),
        Some(url::Host::Ipv6(ip)) => gazette_fetch::non_public_reason(ip.into()).is_some(),
        None => true,
    }
}

/// A random URL-safe token of 256 bits.
fn random_token() -> String {
    use ring::rand::SecureRandom;
    let mut bytes = [0u8; 32];
    // The system's generator does not fail on the platforms Gazette runs on; if it ever did,
    // the token would be all zeroes and the hub's verification would still check the topic.
    let _ = ring::rand::SystemRandom::new().fill(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The wait before asking again after `failures` requests in a row went unverified.
fn retry_after(failures: i64) -> chrono::TimeDelta {
    let doublings = failures.clamp(1, 16) - 1;
    (RETRY_FIRST * (1 << doublings)).min(RETRY_MAX)
}

#[derive(Debug, Clone, Copy)]
enum Mode {
    Subscribe,
    Unsubscribe,
}

fn callback(site: &str, token: &str) -> String {
    format!("{}/websub/{token}", site.trim_end_matches('/'))
}

/// Sends the request; a failure is recorded on the subscription.
async fn send(p: &Pipeline, sub: &Subscription, mode: Mode) {
    if let Err(e) = request(p, sub, mode).await {
        tracing::warn!(hub = %sub.hub, topic = %sub.topic, error = %e, "the WebSub hub did not take the request");
        note_error(p, &sub.token, e).await;
    }
}

async fn request(p: &Pipeline, sub: &Subscription, mode: Mode) -> Result<(), String> {
    let site = p.cfg.websub_site.as_deref().unwrap_or_default();
    let callback = callback(site, &sub.token);
    let lease = LEASE_ASKED.to_string();
    let mut pairs = vec![
        (
            "hub.mode",
            match mode {
                Mode::Subscribe => "subscribe",
                Mode::Unsubscribe => "unsubscribe",
            },
        ),
        ("hub.topic", sub.topic.as_str()),
        ("hub.callback", callback.as_str()),
    ];
    if let Mode::Subscribe = mode {
        pairs.push(("hub.secret", sub.secret.as_str()));
        pairs.push(("hub.lease_seconds", lease.as_str()));
    }
    match p.fetcher.post_form(&sub.hub, &pairs, HUB_TIMEOUT).await {
        Ok(status) if (200..300).contains(&status) => Ok(()),
        Ok(status) => Err(format!("the hub answered HTTP {status}")),
        Err(e) => Err(e.to_string()),
    }
}

/// Records what went wrong on the subscription as it is stored now (the hub may have
/// verified it meanwhile).
async fn note_error(p: &Pipeline, token: &str, error: String) {
    match p.store.subscription_by_token(token).await {
        Ok(Some(mut s)) => {
            s.error = Some(error);
            if let Err(e) = p.store.save_subscription(&s).await {
                tracing::warn!(error = %e, "cannot store a WebSub subscription's error");
            }
        }
        Ok(None) => {}
        Err(e) => tracing::warn!(error = %e, "cannot read a WebSub subscription"),
    }
}

/// A hub's verification of intent: the query of `GET /websub/{token}`.
#[derive(Debug, Clone, Default)]
pub struct Intent {
    /// `hub.mode`: `subscribe`, `unsubscribe` or `denied`.
    pub mode: String,
    pub topic: String,
    pub challenge: Option<String>,
    pub lease_seconds: Option<u64>,
    /// `hub.reason`, with `denied`.
    pub reason: Option<String>,
}

/// The answer to a verification of intent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IntentAnswer {
    /// Confirmed: the challenge is echoed with 200.
    Confirm(String),
    /// A denial, noted: 200 with no body.
    Noted,
    /// No such request was made here (unknown token, other topic, unexpected mode): 404.
    Refused,
    /// The query is malformed: 400 with the reason.
    Invalid(&'static str),
}

/// The answer to pushed content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PushAnswer {
    /// Signed rightly: being read and stored (202).
    Taken,
    /// Not signed with the subscription's secret, or not expected now: acknowledged and
    /// dropped (202, as WebSub requires, so that a forger learns nothing).
    Dropped,
    /// No subscription has this callback (any more): 410, the hub stops.
    Gone,
    /// Too many pushes in hand: 503, the hub tries again later.
    Busy,
}

impl Pipeline {
    /// Renews the leases that are due, asks again where a hub refused or never verified, and
    /// unsubscribes retired sources: at most a batch per call, [`HUBS_AT_ONCE`] requests at a
    /// time. Returns the number of subscriptions looked at.
    pub async fn renew_subscriptions(&self) -> Result<usize, StoreError> {
        use futures_util::StreamExt;
        if self.cfg.websub_site.is_none() {
            return Ok(0);
        }
        let now = Utc::now();
        let due = self.store.subscriptions_due(now, RENEW_BATCH).await?;
        let n = due.len();
        let mut requests = Vec::new();
        for (mut sub, retired) in due {
            let mode = if retired || sub.state == SubscriptionState::Unsubscribing {
                if sub.state == SubscriptionState::Unsubscribing {
                    // Asked for, never verified: forgotten; the hub's lease ends on its own.
                    self.store.remove_subscription(&sub.token).await?;
                    continue;
                }
                sub.state = SubscriptionState::Unsubscribing;
                sub.renew_at = now + UNSUBSCRIBE_WAIT;
                Mode::Unsubscribe
            } else {
                if sub.state == SubscriptionState::Denied {
                    sub.state = SubscriptionState::Requested;
                }
                sub.failures += 1;
                sub.renew_at = now + retry_after(sub.failures);
                Mode::Subscribe
            };
            sub.requested_at = now;
            self.store.save_subscription(&sub).await?;
            tracing::info!(source.id = sub.source.0, hub = %sub.hub, ?mode, "renewing a WebSub subscription");
            requests.push((sub, mode));
        }
        futures_util::stream::iter(requests)
            .for_each_concurrent(HUBS_AT_ONCE, |(sub, mode)| async move {
                send(self, &sub, mode).await;
            })
            .await;
        Ok(n)
    }

    /// Answers a hub's verification of intent for the callback `token`.
    pub async fn verify_intent(
        &self,
        token: &str,
        intent: &Intent,
    ) -> Result<IntentAnswer, StoreError> {
        let Some(mut sub) = self.store.subscription_by_token(token).await? else {
            return Ok(IntentAnswer::Refused);
        };
        if intent.topic != sub.topic {
            return Ok(IntentAnswer::Refused);
        }
        let now = Utc::now();
        let challenge = || match intent.challenge.as_deref() {
            Some(c) if !c.is_empty() && c.len() <= MAX_CHALLENGE => Ok(c.to_owned()),
            Some(c) if !c.is_empty() => Err(IntentAnswer::Invalid("hub.challenge is too long")),
            _ => Err(IntentAnswer::Invalid("hub.challenge is missing")),
        };
        match intent.mode.as_str() {
            "subscribe" => {
                if !matches!(
                    sub.state,
                    SubscriptionState::Requested | SubscriptionState::Active
                ) {
                    return Ok(IntentAnswer::Refused);
                }
                let challenge = match challenge() {
                    Ok(c) => c,
                    Err(answer) => return Ok(answer),
                };
                let lease = intent
                    .lease_seconds
                    .unwrap_or(LEASE_ASKED)
                    .clamp(1, LEASE_MAX);
                sub.state = SubscriptionState::Active;
                sub.lease_until = Some(now + chrono::TimeDelta::seconds(lease as i64));
                sub.renew_at = now + chrono::TimeDelta::milliseconds((lease * 900) as i64);
                sub.failures = 0;
                sub.error = None;
                self.store.save_subscription(&sub).await?;
                tracing::info!(source.id = sub.source.0, hub = %sub.hub, lease_seconds = lease, "WebSub subscription verified");
                Ok(IntentAnswer::Confirm(challenge))
            }
            "unsubscribe" => {
                if sub.state != SubscriptionState::Unsubscribing {
                    return Ok(IntentAnswer::Refused);
                }
                let challenge = match challenge() {
                    Ok(c) => c,
                    Err(answer) => return Ok(answer),
                };
                self.store.remove_subscription(token).await?;
                Ok(IntentAnswer::Confirm(challenge))
            }
            "denied" => {
                let reason: String = intent
                    .reason
                    .as_deref()
                    .unwrap_or("no reason given")
                    .chars()
                    .take(200)
                    .collect();
                sub.state = SubscriptionState::Denied;
                sub.lease_until = None;
                sub.renew_at = now + DENIED_RETRY;
                sub.error = Some(format!("the hub refused the subscription: {reason}"));
                self.store.save_subscription(&sub).await?;
                tracing::warn!(source.id = sub.source.0, hub = %sub.hub, reason = %reason, "WebSub hub refused the subscription");
                Ok(IntentAnswer::Noted)
            }
            _ => Ok(IntentAnswer::Invalid(
                "hub.mode must be subscribe, unsubscribe or denied",
            )),
        }
    }

    /// Takes content a hub pushed to the callback `token`: checks its signature, then reads
    /// and stores it in the background (see [`PushAnswer`]).
    pub async fn take_push(
        &self,
        token: &str,
        signature: Option<&str>,
        content_type: Option<&str>,
        body: bytes::Bytes,
    ) -> Result<PushAnswer, StoreError> {
        let Some(sub) = self.store.subscription_by_token(token).await? else {
            return Ok(PushAnswer::Gone);
        };
        if sub.state == SubscriptionState::Unsubscribing {
            return Ok(PushAnswer::Gone);
        }
        if !signed_rightly(&sub.secret, signature, &body) {
            tracing::warn!(source.id = sub.source.0, hub = %sub.hub, "dropped a WebSub push not signed with the subscription's secret");
            note_error(
                self,
                token,
                "a push was not signed with the subscription's secret".into(),
            )
            .await;
            return Ok(PushAnswer::Dropped);
        }
        if sub.state != SubscriptionState::Active {
            return Ok(PushAnswer::Dropped);
        }
        let Some(source) = self.store.get_source(sub.source).await? else {
            return Ok(PushAnswer::Gone);
        };
        if source.retired_at.is_some() {
            return Ok(PushAnswer::Dropped);
        }
        let Ok(permit) = self.pushes_gate.clone().try_acquire_owned() else {
            return Ok(PushAnswer::Busy);
        };
        self.store.record_push(token, Utc::now()).await?;
        let (content_type, charset) =
            content_type.map_or((None, None), gazette_fetch::split_content_type);
        let fetched = Fetched {
            url: sub.topic.clone(),
            final_url: sub.topic.clone(),
            status: 200,
            content_type,
            charset,
            content_location: None,
            content_language: None,
            body,
            validators: Validators::default(),
            cache: CacheHints::default(),
            permanent_redirect: None,
            elapsed: Duration::ZERO,
            links: Vec::new(),
        };
        let p = self.clone();
        let token = token.to_owned();
        tokio::spawn(async move {
            let _permit = permit;
            let (writer, written) = crate::writer::Writer::spawn(p.store.clone());
            let report = crate::ingest::take_pushed(&p, &source, fetched, &writer).await;
            drop(writer);
            let _ = written.await;
            if let Some(e) = report.error {
                note_error(&p, &token, format!("a pushed feed was not stored: {e}")).await;
            }
        });
        Ok(PushAnswer::Taken)
    }
}

/// Whether `header` (`X-Hub-Signature: sha256=<hex>`) is the HMAC of `body` under `secret`.
/// SHA-1 is taken because WebSub allows it and the widest-used hubs still sign with it.
fn signed_rightly(secret: &str, header: Option<&str>, body: &[u8]) -> bool {
    let Some((method, hex)) = header.and_then(|h| h.trim().split_once('=')) else {
        return false;
    };
    let algorithm = match method.trim().to_ascii_lowercase().as_str() {
        "sha1" => hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY,
        "sha256" => hmac::HMAC_SHA256,
        "sha384" => hmac::HMAC_SHA384,
        "sha512" => hmac::HMAC_SHA512,
        _ => return false,
    };
    let Some(tag) = from_hex(hex.trim()) else {
        return false;
    };
    hmac::verify(&hmac::Key::new(algorithm, secret.as_bytes()), body, &tag).is_ok()
}

fn from_hex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || s.len() > 256 {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sign(algorithm: hmac::Algorithm, secret: &str, body: &[u8]) -> String {
        let tag = hmac::sign(&hmac::Key::new(algorithm, secret.as_bytes()), body);
        tag.as_ref().iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn only_the_subscriptions_secret_signs_a_push() {
        let body = b"<feed/>";
        let good = format!("sha256={}", sign(hmac::HMAC_SHA256, "s3cret", body));
        assert!(signed_rightly("s3cret", Some(&good), body));
        let sha1 = format!(
            "sha1={}",
            sign(hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, "s3cret", body)
        );
        assert!(signed_rightly("s3cret", Some(&sha1), body));
        assert!(!signed_rightly("other", Some(&good), body));
        assert!(!signed_rightly(
            "s3cret",
            Some(&good),
            b"<feed>changed</feed>"
        ));
        assert!(!signed_rightly("s3cret", None, body));
        assert!(!signed_rightly("s3cret", Some("md5=00ff"), body));
        assert!(!signed_rightly("s3cret", Some("sha256=zz"), body));
        assert!(!signed_rightly("s3cret", Some("sha256=é1"), body));
    }

    #[test]
    fn link_headers_announce_before_the_document() {
        let links = [Link {
            rel: "hub".into(),
            url: "https://header-hub.example/".into(),
        }];
        let a = announced(
            &links,
            &["https://doc-hub.example/".into()],
            Some("https://news.example/self.xml"),
            "https://news.example/feed.xml",
        )
        .unwrap();
        assert_eq!(a.hub, "https://header-hub.example/");
        assert_eq!(a.topic, "https://news.example/self.xml");
        let a = announced(
            &[],
            &["https://doc-hub.example/".into()],
            None,
            "https://news.example/f",
        )
        .unwrap();
        assert_eq!(a.topic, "https://news.example/f");
        assert!(announced(&[], &[], Some("https://news.example/f"), "https://x/").is_none());
        assert!(announced(&[], &["javascript:alert(1)".into()], None, "https://x/").is_none());
    }

    #[test]
    fn a_private_site_subscribes_only_at_private_hubs() {
        assert!(reachable("https://news.example", "https://hub.example/"));
        assert!(reachable(
            "http://127.0.0.1:8080",
            "http://127.0.0.1:9000/hub"
        ));
        assert!(!reachable("http://127.0.0.1:8080", "https://hub.example/"));
        assert!(!reachable("http://localhost:8080", "https://hub.example/"));
        assert!(!reachable("http://10.0.0.5", "https://hub.example/"));
    }

    #[test]
    fn unverified_requests_back_off_to_a_week() {
        assert_eq!(retry_after(1), chrono::TimeDelta::hours(1));
        assert_eq!(retry_after(3), chrono::TimeDelta::hours(4));
        assert_eq!(retry_after(40), RETRY_MAX);
    }
}
