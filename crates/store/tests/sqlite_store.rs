//! The store's contract, run against a real SQLite file and a real PostgreSQL database.

mod backends;

use chrono::{Duration, Utc};
use gazette_model::{ExtractMode, NewEntry, StoryId, Topic};
use gazette_store::{
    NewSource, Page, PermanentRedirect, PollOutcome, SqliteStore, Store, StoreError,
};

fn entry(identity: &str, title: &str, topics: &[&str], hours_ago: i64) -> NewEntry {
    NewEntry {
        identity: identity.into(),
        url: Some(format!("https://news.example/{identity}")),
        canonical_url: None,
        title: title.into(),
        summary: Some(format!("Summary of {title}")),
        content_html: Some(format!("<p>{title} body text</p>")),
        content_text: Some(format!("{title} body text")),
        published: Some(Utc::now() - Duration::hours(hours_ago)),
        topics: topics
            .iter()
            .map(|t| Topic {
                slug: t.to_lowercase(),
                name: (*t).to_string(),
            })
            .collect(),
        feed_hash: format!("hash-{identity}-{title}"),
        ..NewEntry::default()
    }
}

fn success() -> PollOutcome {
    PollOutcome::Success {
        etag: Some("\"v1\"".into()),
        last_modified: None,
        feed_title: Some("The Example Times".into()),
        site_url: Some("https://news.example/".into()),
        redirect: None,
    }
}

both!(an_entry_is_stored_once_and_a_change_updates_it);
async fn an_entry_is_stored_once_and_a_change_updates_it(store: &dyn Store) {
    let src = store
        .add_source(NewSource {
            url: "https://news.example/feed".into(),
            name: None,
            extract_mode: ExtractMode::Auto,
        })
        .await
        .unwrap();
    assert_eq!(src.name, "news.example");
    let now = Utc::now();
    let first = vec![
        entry("a", "Bridge opens", &["City"], 2),
        entry("b", "Rates rise", &["Business"], 1),
    ];
    let r = store
        .save_poll(src.id, &first, &success(), now, now)
        .await
        .unwrap();
    assert_eq!((r.inserted, r.updated), (2, 0));

    let changed = vec![entry(
        "a",
        "Bridge opens to traffic",
        &["City", "Transport"],
        2,
    )];
    let r = store
        .save_poll(src.id, &changed, &success(), now, now)
        .await
        .unwrap();
    assert_eq!((r.inserted, r.updated), (0, 1));
    assert_eq!(store.count_entries().await.unwrap(), 2);

    let listing = store.latest(Page::new(1, 10)).await.unwrap();
    assert_eq!(listing.cards.len(), 2);
    assert_eq!(listing.cards[0].title, "Rates rise", "newest first");
    let a = listing
        .cards
        .iter()
        .find(|c| c.title.starts_with("Bridge"))
        .unwrap();
    let full = store.get_entry(a.id).await.unwrap().unwrap();
    assert_eq!(full.title, "Bridge opens to traffic");
    assert_eq!(full.topics.len(), 2);
    assert_eq!(
        full.source_name, "The Example Times",
        "feed title names an unnamed source"
    );

    let known = store
        .known_feed_hashes(src.id, &["a".into(), "zzz".into()])
        .await
        .unwrap();
    assert_eq!(known.len(), 1);
    assert!(known["a"].contains("to traffic"));
}

both!(topics_search_views_and_hot);
async fn topics_search_views_and_hot(store: &dyn Store) {
    let src = store
        .add_source(NewSource {
            url: "https://x.example/f".into(),
            name: Some("X".into()),
            extract_mode: ExtractMode::Never,
        })
        .await
        .unwrap();
    let now = Utc::now();
    let entries = vec![
        entry(
            "1",
            "Harbour flood defences tested",
            &["Climate", "City"],
            5,
        ),
        entry(
            "2",
            "Council approves harbour budget",
            &["City", "Politics"],
            4,
        ),
        entry("3", "Chess final ends in draw", &["Sports"], 3),
    ];
    store
        .save_poll(src.id, &entries, &success(), now, now)
        .await
        .unwrap();
    assert_eq!(
        store.get_source(src.id).await.unwrap().unwrap().name,
        "X",
        "a custom name stays"
    );

    let city = store.by_topic("city", Page::new(1, 10)).await.unwrap();
    assert_eq!(city.cards.len(), 2);
    assert!(!city.cards.iter().any(|c| c.title.contains("Chess")));
    let page1 = store.by_topic("city", Page::new(1, 1)).await.unwrap();
    assert!(page1.has_more);
    assert_eq!(page1.cards.len(), 1);

    let found = store.search("harbour", Page::new(1, 10)).await.unwrap();
    assert_eq!(found.cards.len(), 2);
    let found = store
        .search("draw\"); DROP", Page::new(1, 10))
        .await
        .unwrap();
    assert!(found.cards.is_empty() || found.cards[0].title.contains("Chess"));

    let topics = store
        .active_topics(now - Duration::days(7), 10, gazette_store::TopicFilter::All)
        .await
        .unwrap();
    assert_eq!(topics[0].topic.slug, "city");
    assert_eq!(topics[0].entries, 2);

    let chess = store.search("chess", Page::new(1, 1)).await.unwrap().cards[0].id;
    // No story and no similarity recorded yet: related articles are those sharing topics.
    let related = store
        .related_stories(
            found_id(store, "defences").await,
            now - Duration::days(30),
            5,
        )
        .await
        .unwrap();
    assert_eq!(related.len(), 1);
    assert!(related[0].title.starts_with("Council"));

    let today = now.timestamp() / 86_400;
    store
        .record_views(&[(chess, today, 2), (gazette_model::EntryId(9999), today, 5)])
        .await
        .unwrap();
    store.record_views(&[(chess, today, 1)]).await.unwrap();
    let hot = store.hot(today - 6, 3).await.unwrap();
    assert_eq!(hot[0].card.id, chess, "the viewed entry leads");
    assert_eq!(hot[0].views, 3);
    assert_eq!(hot.len(), 3, "recency fills the rest");
}

async fn found_id(store: &dyn Store, word: &str) -> gazette_model::EntryId {
    store.search(word, Page::new(1, 1)).await.unwrap().cards[0].id
}

both!(failures_are_recorded_and_removal_cascades);
async fn failures_are_recorded_and_removal_cascades(store: &dyn Store) {
    let src = store
        .add_source(NewSource {
            url: "https://down.example/rss".into(),
            name: None,
            extract_mode: ExtractMode::Auto,
        })
        .await
        .unwrap();
    let dup = store
        .add_source(NewSource {
            url: "https://down.example/rss".into(),
            name: None,
            extract_mode: ExtractMode::Auto,
        })
        .await;
    assert!(matches!(dup, Err(StoreError::DuplicateSource(_))));

    let now = Utc::now();
    let later = now + Duration::minutes(30);
    store
        .save_poll(
            src.id,
            &[],
            &PollOutcome::Failure {
                error: "connection refused".into(),
            },
            later,
            now,
        )
        .await
        .unwrap();
    let s = store.get_source(src.id).await.unwrap().unwrap();
    assert_eq!(s.consecutive_failures, 1);
    assert_eq!(s.last_error.as_deref(), Some("connection refused"));
    assert!(store.due_sources(now, 1000).await.unwrap().is_empty());
    assert_eq!(store.due_sources(later, 1000).await.unwrap().len(), 1);

    store
        .save_poll(
            src.id,
            &[entry("z", "Z", &["World"], 1)],
            &success(),
            later,
            now,
        )
        .await
        .unwrap();
    let s = store.get_source(src.id).await.unwrap().unwrap();
    assert_eq!(
        (s.consecutive_failures, s.last_error.clone(), s.entries),
        (0, None, 1)
    );
    assert!(store.remove_source(src.id).await.unwrap());
    assert_eq!(store.count_entries().await.unwrap(), 0);
    assert!(!store.remove_source(src.id).await.unwrap());
}

#[tokio::test]
async fn reopening_keeps_data_and_applies_migrations_once() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = SqliteStore::open_dir(dir.path()).await.unwrap();
        store
            .add_source(NewSource {
                url: "https://a.example/".into(),
                name: None,
                extract_mode: ExtractMode::Auto,
            })
            .await
            .unwrap();
    }
    let store = SqliteStore::open_dir(dir.path()).await.unwrap();
    assert_eq!(store.list_sources().await.unwrap().len(), 1);
}

fn redirected(url: &str) -> PollOutcome {
    PollOutcome::Success {
        etag: None,
        last_modified: None,
        feed_title: None,
        site_url: None,
        redirect: Some(PermanentRedirect {
            url: url.into(),
            confirmations: 3,
        }),
    }
}

both!(a_permanent_redirect_moves_the_source_only_once_confirmed);
async fn a_permanent_redirect_moves_the_source_only_once_confirmed(store: &dyn Store) {
    let add = |url: &str| NewSource {
        url: url.into(),
        name: None,
        extract_mode: ExtractMode::Auto,
    };
    let src = store
        .add_source(add("https://old.example/feed"))
        .await
        .unwrap();
    let now = Utc::now();
    let url_now = async |store: &dyn Store| store.get_source(src.id).await.unwrap().unwrap().url;
    let save = async |outcome: &PollOutcome| {
        store
            .save_poll(src.id, &[], outcome, now, now)
            .await
            .unwrap()
            .moved_to
    };
    let new = "https://new.example/feed";

    // Two sightings, then a poll without the redirect: the count starts over.
    assert_eq!(save(&redirected(new)).await, None);
    assert_eq!(save(&redirected(new)).await, None);
    assert_eq!(save(&success()).await, None);
    // A different target also starts over; a failed poll neither counts nor resets.
    assert_eq!(save(&redirected(new)).await, None);
    assert_eq!(save(&redirected("https://other.example/feed")).await, None);
    assert_eq!(save(&redirected(new)).await, None);
    let failure = PollOutcome::Failure {
        error: "timed out".into(),
    };
    assert_eq!(save(&failure).await, None);
    assert_eq!(save(&redirected(new)).await, None);
    assert_eq!(url_now(store).await, "https://old.example/feed");
    assert_eq!(save(&redirected(new)).await.as_deref(), Some(new));
    assert_eq!(url_now(store).await, new);

    // A target another source already follows never moves this one.
    let other = store
        .add_source(add("https://b.example/feed"))
        .await
        .unwrap();
    for _ in 0..4 {
        let moved = store
            .save_poll(other.id, &[], &redirected(new), now, now)
            .await
            .unwrap()
            .moved_to;
        assert_eq!(moved, None);
    }
    let other = store.get_source(other.id).await.unwrap().unwrap();
    assert_eq!(other.url, "https://b.example/feed");
}

both!(one_poll_with_a_repeated_item_and_shared_topics);
async fn one_poll_with_a_repeated_item_and_shared_topics(store: &dyn Store) {
    let src = store
        .add_source(NewSource {
            url: "https://news.example/feed".into(),
            name: None,
            extract_mode: ExtractMode::Auto,
        })
        .await
        .unwrap();
    let now = Utc::now();
    let first = vec![entry("a", "Harbour dredging", &["City", "Transport"], 3)];
    store
        .save_poll(src.id, &first, &success(), now, now)
        .await
        .unwrap();
    // The same item twice (the second wins) and topics shared with the stored entry.
    let mut shared = entry("b", "Ferry berths", &["City", "Transport", "Politics"], 2);
    let batch = vec![
        entry("c", "Old headline", &["Transport"], 1),
        entry("c", "New headline", &["City"], 1),
        shared.clone(),
    ];
    let r = store
        .save_poll(src.id, &batch, &success(), now, now)
        .await
        .unwrap();
    assert_eq!((r.inserted, r.updated), (2, 1));
    assert_eq!(store.count_entries().await.unwrap(), 3);
    let listing = store.by_topic("city", Page::new(1, 10)).await.unwrap();
    let mut titles: Vec<_> = listing.cards.iter().map(|c| c.title.as_str()).collect();
    titles.sort_unstable();
    assert_eq!(titles, ["Ferry berths", "Harbour dredging", "New headline"]);
    let transport = store.by_topic("transport", Page::new(1, 10)).await.unwrap();
    assert_eq!(
        transport.cards.len(),
        2,
        "the repeated item's topics were replaced"
    );
    // Saving the same entry again changes nothing but its row.
    shared.title = "Ferry berths approved".into();
    let r = store
        .save_poll(src.id, &[shared], &success(), now, now)
        .await
        .unwrap();
    assert_eq!((r.inserted, r.updated), (0, 1));
    let politics = store.by_topic("politics", Page::new(1, 10)).await.unwrap();
    assert_eq!(politics.cards[0].title, "Ferry berths approved");
}

/// Two processes on one SQLite database (`serve` and a `poll --once` from cron): one of them
/// runs the story desk, and the other takes it over once the first is gone.
#[tokio::test]
async fn one_process_on_a_sqlite_database_runs_the_story_desk() {
    let dir = tempfile::tempdir().unwrap();
    let a = SqliteStore::open_dir(dir.path()).await.unwrap();
    let b = SqliteStore::open_dir(dir.path()).await.unwrap();
    assert!(a.try_lead_desk().await.unwrap(), "the first leads the desk");
    assert!(a.try_lead_desk().await.unwrap(), "and keeps leading it");
    assert!(!b.try_lead_desk().await.unwrap(), "the second does not");
    drop(a);
    assert!(
        b.try_lead_desk().await.unwrap(),
        "the lock goes with the first process's store"
    );
    // Another process entirely: the real binary's `poll --once` sees the lock taken.
    let held = std::fs::OpenOptions::new()
        .write(true)
        .open(dir.path().join("gazette.db.desk-lock"))
        .unwrap();
    assert!(held.try_lock().is_err(), "the lock is a real file lock");
}

/// Two processes on one PostgreSQL database: each due source goes to one of them, and one
/// of them runs the story desk.
#[tokio::test]
async fn postgres_shares_the_work_between_processes() {
    let Some(url) = backends::postgres_url().await else {
        return;
    };
    let a = gazette_store::PgStore::connect(&url).await.unwrap();
    let b = gazette_store::PgStore::connect(&url).await.unwrap();
    for i in 0..10 {
        a.add_source(NewSource {
            url: format!("https://{i}.example/feed"),
            name: None,
            extract_mode: ExtractMode::Auto,
        })
        .await
        .unwrap();
    }
    let now = Utc::now();
    let (got_a, got_b) = tokio::join!(a.due_sources(now, 1000), b.due_sources(now, 1000));
    let (got_a, got_b) = (got_a.unwrap(), got_b.unwrap());
    assert_eq!(
        got_a.len() + got_b.len(),
        10,
        "every due source is claimed once"
    );
    let mut ids: Vec<_> = got_a.iter().chain(&got_b).map(|s| s.id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 10, "no source goes to both");
    assert!(
        a.due_sources(now, 1000).await.unwrap().is_empty(),
        "a claimed source is not due again until its lease ends"
    );
    let later = now + chrono::Duration::from_std(gazette_store::POLL_LEASE).unwrap();
    assert_eq!(
        b.due_sources(later, 1000).await.unwrap().len(),
        10,
        "an unsaved poll is retried"
    );

    assert!(
        a.try_lead_desk().await.unwrap(),
        "the first process leads the desk"
    );
    assert!(a.try_lead_desk().await.unwrap(), "and keeps leading it");
    assert!(!b.try_lead_desk().await.unwrap(), "the second does not");
    drop(a);
    // The lock goes with the first process's connections.
    let mut led = false;
    for _ in 0..50 {
        if b.try_lead_desk().await.unwrap() {
            led = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(led, "another process takes the desk over");
}

both!(due_sources_are_claimed_a_bounded_number_at_a_time);
async fn due_sources_are_claimed_a_bounded_number_at_a_time(store: &dyn Store) {
    for i in 0..10 {
        store
            .add_source(NewSource {
                url: format!("https://{i}.example/feed"),
                name: None,
                extract_mode: ExtractMode::Auto,
            })
            .await
            .unwrap();
    }
    let now = Utc::now();
    let first = store.due_sources(now, 4).await.unwrap();
    let second = store.due_sources(now, 4).await.unwrap();
    let third = store.due_sources(now, 4).await.unwrap();
    assert_eq!((first.len(), second.len(), third.len()), (4, 4, 2));
    let mut ids: Vec<_> = first
        .iter()
        .chain(&second)
        .chain(&third)
        .map(|s| s.id)
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 10, "a claimed source is not handed out again");
    assert!(store.due_sources(now, 4).await.unwrap().is_empty());
    // A poll saved ends the lease: the source is due at its new time.
    store
        .save_poll(first[0].id, &[], &success(), now, now)
        .await
        .unwrap();
    assert_eq!(store.due_sources(now, 4).await.unwrap().len(), 1);
}

both!(polls_of_several_sources_are_written_in_one_batch_in_parts);
async fn polls_of_several_sources_are_written_in_one_batch_in_parts(store: &dyn Store) {
    let mut sources = Vec::new();
    for i in 0..3 {
        sources.push(
            store
                .add_source(NewSource {
                    url: format!("https://{i}.example/feed"),
                    name: None,
                    extract_mode: ExtractMode::Auto,
                })
                .await
                .unwrap(),
        );
    }
    let now = Utc::now();
    let next = now + Duration::minutes(30);
    let part = |s: usize, ids: &[&str], finish: bool| gazette_store::PollWrite {
        source: sources[s].id,
        entries: ids
            .iter()
            .map(|id| {
                entry(
                    &format!("{s}-{id}"),
                    &format!("Story {s} {id}"),
                    &["World", "Zeta"],
                    1,
                )
            })
            .collect(),
        finish: finish.then(|| (success(), next)),
        now,
    };
    // The first part of source 0 leaves its state alone: its validators still say "never
    // polled", so a poll cut short here is fetched again in full.
    let reports = store
        .save_polls(&[part(0, &["a", "b"], false), part(1, &["a"], true)])
        .await
        .unwrap();
    assert_eq!(
        reports.iter().map(|r| r.inserted).collect::<Vec<_>>(),
        vec![2, 1]
    );
    let s0 = store.get_source(sources[0].id).await.unwrap().unwrap();
    assert!(s0.etag.is_none() && s0.last_success.is_none());
    let s1 = store.get_source(sources[1].id).await.unwrap().unwrap();
    assert_eq!(s1.etag.as_deref(), Some("\"v1\""));
    let reports = store
        .save_polls(&[part(0, &["b", "c"], true), part(2, &[], true)])
        .await
        .unwrap();
    assert_eq!((reports[0].inserted, reports[0].updated), (1, 1));
    let s0 = store.get_source(sources[0].id).await.unwrap().unwrap();
    assert_eq!((s0.entries, s0.etag.as_deref()), (3, Some("\"v1\"")));
    assert_eq!(store.count_entries().await.unwrap(), 4);
    let zeta = store.by_topic("zeta", Page::new(1, 50)).await.unwrap();
    assert_eq!(zeta.cards.len(), 4, "topics of every part are stored");
}

#[tokio::test]
async fn postgres_leases_hosts_so_two_processes_never_poll_one_host_at_once() {
    let Some(url) = gazette_store::fresh_test_database().await.unwrap() else {
        eprintln!("POSTGRES_TEST_URL is not set: skipped");
        return;
    };
    let a = gazette_store::PgStore::connect(&url).await.unwrap();
    let b = gazette_store::PgStore::connect(&url).await.unwrap();
    for feed in ["one", "two", "three"] {
        a.add_source(NewSource {
            url: format!("https://Big.example:8443/{feed}.xml"),
            name: None,
            extract_mode: ExtractMode::Auto,
        })
        .await
        .unwrap();
    }
    a.add_source(NewSource {
        url: "https://small.example/feed".into(),
        name: None,
        extract_mode: ExtractMode::Auto,
    })
    .await
    .unwrap();
    let now = Utc::now();
    let first = a.due_sources(now, 1).await.unwrap();
    assert_eq!(first.len(), 1);
    assert!(first[0].url.contains("big.example") || first[0].url.contains("Big.example"));
    let other = b.due_sources(now, 10).await.unwrap();
    assert_eq!(
        other.iter().map(|s| s.url.as_str()).collect::<Vec<_>>(),
        ["https://small.example/feed"],
        "big.example is held by the first process"
    );
    let more = a.due_sources(now, 10).await.unwrap();
    assert_eq!(more.len(), 2, "the holder claims the rest of its host");
    a.release_hosts(&[gazette_store::host_key(&first[0].url)])
        .await
        .unwrap();
    // Released and due again later: the other process may take the host now.
    let later = now + chrono::Duration::from_std(gazette_store::POLL_LEASE).unwrap();
    assert_eq!(b.due_sources(later, 10).await.unwrap().len(), 4);
}

#[test]
fn host_keys_ignore_case_port_and_credentials() {
    use gazette_store::host_key;
    assert_eq!(
        host_key("https://News.Example:8443/feed.xml"),
        "news.example"
    );
    assert_eq!(host_key("http://u:p@h.example/x?y#z"), "h.example");
    assert_eq!(host_key("http://[::1]:8080/feed"), "[::1]");
    assert_eq!(host_key("http://127.0.0.2/feed"), "127.0.0.2");
}

both!(retention_purges_old_entries_for_good_and_keeps_the_rest_consistent);
async fn retention_purges_old_entries_for_good_and_keeps_the_rest_consistent(store: &dyn Store) {
    use gazette_store::StoryAssignment;
    let src = store
        .add_source(NewSource {
            url: "https://news.example/feed".into(),
            name: None,
            extract_mode: ExtractMode::Auto,
        })
        .await
        .unwrap();
    let now = Utc::now();
    let items = vec![
        entry("old", "Quarry flooding ruins harvest", &["City"], 30 * 24),
        entry("older-alone", "Ferry timetable changes", &["City"], 20 * 24),
        entry("new", "Quarry flooding: harvest aid agreed", &["City"], 24),
    ];
    store
        .save_poll(src.id, &items, &success(), now, now)
        .await
        .unwrap();
    let listing = store.latest(Page::new(1, 10)).await.unwrap();
    let id = |t: &str| listing.cards.iter().find(|c| c.title == t).unwrap().id;
    let (old, alone, new) = (
        id("Quarry flooding ruins harvest"),
        id("Ferry timetable changes"),
        id("Quarry flooding: harvest aid agreed"),
    );
    // The old and the new article are one story (the old one first); the new one is marked a
    // duplicate of the old; they are related; the old one carries a name only it has.
    store
        .assign_stories(&[
            StoryAssignment {
                entry: old,
                story: StoryId(old.0),
                duplicate_of: None,
            },
            StoryAssignment {
                entry: new,
                story: StoryId(old.0),
                duplicate_of: Some(old),
            },
            StoryAssignment {
                entry: alone,
                story: StoryId(alone.0),
                duplicate_of: None,
            },
        ])
        .await
        .unwrap();
    store
        .add_entry_topics(&[(
            old,
            Topic {
                slug: "quarry-lane".into(),
                name: "Quarry Lane".into(),
            },
        )])
        .await
        .unwrap();
    store.set_related(&[(old, new, 0.9)]).await.unwrap();
    store
        .record_views(&[(old, now.timestamp() / 86_400, 5)])
        .await
        .unwrap();

    // Ten days kept: the two older entries go, in one batch or several.
    let before = now - Duration::days(10);
    assert_eq!(store.purge_entries(before, 1).await.unwrap(), 1);
    assert_eq!(store.purge_entries(before, 10).await.unwrap(), 1);
    assert_eq!(
        store.purge_entries(before, 10).await.unwrap(),
        0,
        "none left"
    );
    assert_eq!(store.count_entries().await.unwrap(), 1);
    assert!(store.get_entry(old).await.unwrap().is_none());

    // The story lives on with its remaining article as first report and lead, no longer a
    // duplicate of what is gone; the emptied story is gone.
    let story = store.story(StoryId(old.0), 10).await.unwrap().unwrap();
    assert_eq!(story.article_count, 1);
    assert_eq!(story.first_entry, new);
    assert!(store.story(StoryId(alone.0), 10).await.unwrap().is_none());
    let (cards, _) = store.latest_stories(Page::new(1, 10)).await.unwrap();
    assert_eq!(cards.len(), 1);
    assert_eq!(cards[0].card.id, new, "the survivor leads its story");
    // Search, the name only the purged entry had, views and related pairs follow.
    let found = store.search("ruins", Page::new(1, 10)).await.unwrap();
    assert!(found.cards.is_empty(), "the purged text is not found");
    assert!(store.topic("quarry-lane").await.unwrap().is_none());
    assert!(
        store.topic("city").await.unwrap().is_some(),
        "sections stay"
    );
    let hot = store.hot(now.timestamp() / 86_400 - 7, 10).await.unwrap();
    assert!(hot.iter().all(|h| h.card.id != old && h.views == 0));
    let related = store
        .related_stories(new, now - Duration::days(60), 10)
        .await
        .unwrap();
    assert!(related.iter().all(|c| c.id != old));

    // The feed still lists the purged item, and a changed version of it: neither comes back,
    // and the pipeline knows it as it was (so its page is not fetched again).
    let known = store
        .known_feed_hashes(src.id, &["old".to_string(), "new".to_string()])
        .await
        .unwrap();
    assert_eq!(known.get("old"), Some(&items[0].feed_hash));
    let mut changed = items[0].clone();
    changed.title = "Quarry flooding ruins harvest (updated)".into();
    changed.feed_hash = "changed".into();
    let report = store
        .save_poll(src.id, &[changed, items[2].clone()], &success(), now, now)
        .await
        .unwrap();
    assert_eq!(report.inserted, 0);
    assert_eq!(store.count_entries().await.unwrap(), 1);
}
