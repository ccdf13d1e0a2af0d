//! The change counter the page cache trusts: a write through a store counts at once in its own
//! process and, through the database, in another process watching it; polling state does not
//! count. Two stores on one SQLite file, and two on one PostgreSQL database, stand for two
//! processes.

mod backends;

use std::time::{Duration, Instant};

use chrono::Utc;
use gazette_model::ExtractMode;
use gazette_store::{NewSource, PgStore, SourceChanges, SqliteStore, Store};

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
