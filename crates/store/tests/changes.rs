//! The change counter the page cache trusts: a write through a store counts at once in its own
//! process and, through the database, in another process watching it; polling state does not
//! count. Two stores on one SQLite file, and two on one PostgreSQL database, stand for two
//! processes.

mod backends;

use std::time::{Duration, Instant};

use chrono::Utc;
use gazette_model::{ExtractMode, NewEntry, StoryId, Topic};
use gazette_store::{
    NewSource, PgStore, PollOutcome, SourceChanges, SqliteStore, Store, StoryAssignment,
};

/// Waits up to five seconds for `store`'s counter to pass `before`.
async fn advances(store: &dyn Store, before: u64) -> bool {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(5) {
        if store.changes().version() > before {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    false
}

async fn another_process_learns_of_changes(writer: &dyn Store, watcher: &dyn Store) {
    watcher.watch_other_processes().await.unwrap();

    // A new source is shown on /sources: a change, at once here and soon there.
    let (own, seen) = (writer.changes().version(), watcher.changes().version());
    let source = writer
        .add_source(NewSource {
            url: "https://harbour.example/feed".into(),
            name: Some("Harbour Times".into()),
            extract_mode: ExtractMode::Auto,
        })
        .await
        .unwrap();
    assert!(
        writer.changes().version() > own,
        "the writer counts its own write"
    );
    assert!(
        advances(watcher, seen).await,
        "the watcher learns of the other's write"
    );

    // Polling state is not shown: the watcher's pages stay.
    let seen = watcher.changes().version();
    writer
        .set_next_poll(source.id, Utc::now() + chrono::Duration::minutes(5))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(
        watcher.changes().version(),
        seen,
        "a new poll time changes no page"
    );

    // A renamed source is shown everywhere its articles are.
    writer
        .update_source(
            source.id,
            &SourceChanges {
                name: Some("The Harbour Times".into()),
                ..SourceChanges::default()
            },
        )
        .await
        .unwrap();
    assert!(advances(watcher, seen).await, "a rename is a change");

    // The story desk's topic tags and related articles, written alone, are changes too (they
    // count once a transaction, not by a trigger a row).
    let now = Utc::now();
    let article = |identity: &str, title: &str| NewEntry {
        identity: identity.into(),
        url: Some(format!("https://harbour.example/{identity}")),
        title: title.into(),
        content_text: Some(format!("{title}: the ferry's new timetable")),
        published: Some(now),
        feed_hash: identity.into(),
        ..NewEntry::default()
    };
    let success = PollOutcome::Success {
        etag: None,
        last_modified: None,
        feed_title: None,
        site_url: None,
        redirect: None,
    };
    writer
        .save_poll(
            source.id,
            &[article("a", "Ferry timetable"), article("b", "Ferry fares")],
            &success,
            now,
            now,
        )
        .await
        .unwrap();
    let pending = writer.unclustered(10, None).await.unwrap();
    let (a, b) = (pending[0].id, pending[1].id);
    tokio::time::sleep(Duration::from_millis(800)).await;
    let seen = watcher.changes().version();
    writer.set_related(&[(a, b, 0.5)]).await.unwrap();
    assert!(
        advances(watcher, seen).await,
        "related articles are a change"
    );
    tokio::time::sleep(Duration::from_millis(800)).await;
    let seen = watcher.changes().version();
    writer
        .add_entry_topics(&[(
            a,
            Topic {
                slug: "harbour-ferries".into(),
                name: "Harbour Ferries".into(),
            },
        )])
        .await
        .unwrap();
    assert!(advances(watcher, seen).await, "a topic tag is a change");

    // A story assignment, and an article moving to another story, are changes (on SQLite the
    // entries' trigger counts them, and so does the rewrite of the stories they touch).
    tokio::time::sleep(Duration::from_millis(800)).await;
    let seen = watcher.changes().version();
    let (one, two) = (StoryId(a.0), StoryId(b.0));
    writer
        .assign_stories(&[
            StoryAssignment {
                entry: a,
                story: one,
                duplicate_of: None,
            },
            StoryAssignment {
                entry: b,
                story: two,
                duplicate_of: None,
            },
        ])
        .await
        .unwrap();
    assert!(
        advances(watcher, seen).await,
        "a story assignment is a change"
    );
    tokio::time::sleep(Duration::from_millis(800)).await;
    let seen = watcher.changes().version();
    writer
        .assign_stories(&[StoryAssignment {
            entry: b,
            story: one,
            duplicate_of: Some(a),
        }])
        .await
        .unwrap();
    assert!(
        advances(watcher, seen).await,
        "an article joining another story is a change"
    );
}

#[tokio::test]
async fn sqlite_processes_sharing_a_file_learn_of_each_others_writes() {
    let dir = tempfile::tempdir().unwrap();
    let writer = SqliteStore::open_dir(dir.path()).await.unwrap();
    let watcher = SqliteStore::open_dir(dir.path()).await.unwrap();
    another_process_learns_of_changes(&writer, &watcher).await;
}

#[tokio::test]
async fn postgres_processes_sharing_a_database_learn_of_each_others_writes() {
    let Some(url) = backends::postgres_url().await else {
        return;
    };
    let writer = PgStore::connect(&url).await.unwrap();
    let watcher = PgStore::connect(&url).await.unwrap();
    another_process_learns_of_changes(&writer, &watcher).await;
}
