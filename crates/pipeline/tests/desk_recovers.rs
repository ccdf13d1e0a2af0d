//! A story desk whose writes fail (the database refuses them) writes those decisions when it
//! next runs: the entries are not left without a story until the process restarts.

use std::sync::Arc;

use chrono::{Duration, Utc};
use gazette_model::{ExtractMode, NewEntry};
use gazette_pipeline::StoryDesk;
use gazette_store::{NewSource, PollOutcome, SqliteStore, Store};

fn entry(identity: &str, title: &str, text: &str) -> NewEntry {
    NewEntry {
        identity: identity.into(),
        url: Some(format!("https://news.example/{identity}")),
        title: title.into(),
        content_text: Some(text.into()),
        published: Some(Utc::now() - Duration::hours(1)),
        feed_hash: identity.into(),
        ..NewEntry::default()
    }
}

#[tokio::test]
async fn decisions_that_could_not_be_written_are_written_next_time() {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open_dir(dir.path()).await.unwrap());
    let desk = StoryDesk::open(store.clone()).await.unwrap();
    let now = Utc::now();
    let ok = PollOutcome::Success {
        etag: None,
        last_modified: None,
        feed_title: None,
        site_url: None,
        redirect: None,
    };
    let text = "Engineers closed the Kestrel Bridge in Harbour City after inspectors found a \
                crack in its eastern span; the council said repairs would take weeks.";
    for (i, outlet) in ["ledger", "wire", "gazette"].iter().enumerate() {
        let source = store
            .add_source(NewSource {
                url: format!("https://{outlet}.example/feed"),
                name: None,
                extract_mode: ExtractMode::Never,
            })
            .await
            .unwrap();
        let e = entry(
            &format!("{outlet}-1"),
            "Kestrel Bridge shut after crack",
            text,
        );
        store
            .save_poll(source.id, &[e], &ok, now, now)
            .await
            .unwrap();
        assert_eq!(store.count_entries().await.unwrap(), i as i64 + 1);
    }

    // The database refuses every story assignment for a while.
    let db = sqlx::SqlitePool::connect(&format!(
        "sqlite://{}",
        dir.path().join(gazette_store::DB_FILE).display()
    ))
    .await
    .unwrap();
    sqlx::query(
        "CREATE TRIGGER refuse_stories BEFORE UPDATE OF story_id ON entries \
         BEGIN SELECT RAISE(ABORT, 'refused for the test'); END",
    )
    .execute(&db)
    .await
    .unwrap();
    let failed = desk.cluster_pending(true).await;
    assert!(
        failed.is_err(),
        "the refusal reaches the caller: {failed:?}"
    );
    assert_eq!(store.unclustered(10, None).await.unwrap().len(), 3);

    sqlx::query("DROP TRIGGER refuse_stories")
        .execute(&db)
        .await
        .unwrap();
    desk.cluster_pending(true).await.unwrap();
    assert!(
        store.unclustered(10, None).await.unwrap().is_empty(),
        "every entry has its story now"
    );
    let (cards, _) = store
        .latest_stories(gazette_store::Page::new(1, 10))
        .await
        .unwrap();
    assert_eq!(
        cards.iter().map(|c| c.articles).sum::<i64>(),
        3,
        "the stories hold the three reports: {cards:?}"
    );
}

/// An entry published long before the others (an archive item in a feed) leaves the desk's
/// window as soon as a newer article is added, in the same batch. It still gets its story:
/// before, its decision was never written, so the desk read and decided it again forever and
/// `cluster_pending` never returned.
#[tokio::test]
async fn an_entry_older_than_the_window_gets_its_story() {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open_dir(dir.path()).await.unwrap());
    let desk = StoryDesk::open(store.clone()).await.unwrap();
    let now = Utc::now();
    let ok = PollOutcome::Success {
        etag: None,
        last_modified: None,
        feed_title: None,
        site_url: None,
        redirect: None,
    };
    let source = store
        .add_source(NewSource {
            url: "https://ledger.example/feed".into(),
            name: None,
            extract_mode: ExtractMode::Never,
        })
        .await
        .unwrap();
    let mut old = entry(
        "archive-1",
        "Harbour City opens its new library",
        "The city opened its new central library on the waterfront after three years of work.",
    );
    old.published = Some(now - Duration::days(400));
    let new = entry(
        "today-1",
        "Kestrel Bridge shut after crack",
        "Engineers closed the Kestrel Bridge after inspectors found a crack in its eastern span.",
    );
    store
        .save_poll(source.id, &[old, new], &ok, now, now)
        .await
        .unwrap();
    let clustered = tokio::time::timeout(
        std::time::Duration::from_secs(60),
        desk.cluster_pending(true),
    )
    .await
    .expect("the desk returns")
    .unwrap();
    assert_eq!(clustered, 2);
    assert!(
        store.unclustered(10, None).await.unwrap().is_empty(),
        "both entries have a story"
    );
}
