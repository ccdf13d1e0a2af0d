//! The real binary on PostgreSQL: sources added and polled by two processes at once, every
//! entry stored once, stories clustered by one of them, and the site served from the same
//! database. Runs where `POSTGRES_TEST_URL` names a server (`.ci/run` starts one).

mod support;

use std::sync::Arc;

use gazette_store::{PgStore, Store};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_share_one_postgres_site() {
    let Some(db) = gazette_store::fresh_test_database().await.unwrap() else {
        eprintln!("POSTGRES_TEST_URL is not set: skipped");
        return;
    };
    let site = support::start_fixture().await;
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let vars = [("GAZETTE_DATABASE_URL", db.as_str())];
    let run = |args: &'static [&'static str]| {
        let (data, db) = (data.clone(), db.clone());
        std::thread::spawn(move || {
            support::gazette_cli_env(&data, args, true, &[("GAZETTE_DATABASE_URL", &db)])
        })
    };

    for feed in ["rss.xml", "atom.xml", "feed.json"] {
        let (ok, _, err) = support::gazette_cli_env(
            &data,
            &["source", "add", &format!("{}/{feed}", site.base)],
            true,
            &vars,
        );
        assert!(ok, "{err}");
    }
    // Two pollers at once: each due source is claimed by one of them.
    let a = run(&["poll", "--once"]);
    let b = run(&["poll", "--once"]);
    for (ok, out, err) in [a.join().unwrap(), b.join().unwrap()] {
        assert!(ok, "{out}{err}");
    }
    let store: Arc<dyn Store> = Arc::new(PgStore::connect(&db).await.unwrap());
    let entries = store.count_entries().await.unwrap();
    assert!(entries >= 3, "the feeds' entries are stored: {entries}");
    let (ok, out, err) =
        support::gazette_cli_env(&data, &["poll", "--once", "--force"], true, &vars);
    assert!(ok, "{out}{err}");
    assert_eq!(
        store.count_entries().await.unwrap(),
        entries,
        "polling again stores nothing twice"
    );
    let sources = store.list_sources().await.unwrap();
    assert_eq!(sources.len(), 3);
    assert!(
        sources.iter().all(|s| s.last_error.is_none()),
        "{sources:?}"
    );
    assert!(
        store.unclustered(10).await.unwrap().is_empty(),
        "the process that led the desk clustered every entry"
    );
    let found = store
        .search("bridge", gazette_store::Page::new(1, 10))
        .await
        .unwrap();
    assert!(!found.cards.is_empty(), "full-text search on PostgreSQL");
}
