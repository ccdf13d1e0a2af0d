//! Runs a store test on both implementations: SQLite in a temporary directory, and PostgreSQL
//! in a fresh database of the server named by `POSTGRES_TEST_URL` (`.ci/run` starts one
//! where the machine has PostgreSQL). Without that variable the PostgreSQL half says so and
//! passes: `cargo test` must work on a machine with no server.

#![allow(dead_code)]

use gazette_store::{PgStore, SqliteStore, Store};

/// A store under test and what keeps it alive.
pub struct Opened {
    pub store: Box<dyn Store>,
    _dir: Option<tempfile::TempDir>,
}

pub async fn sqlite() -> Opened {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_dir(dir.path()).await.unwrap();
    Opened {
        store: Box::new(store),
        _dir: Some(dir),
    }
}

/// A fresh database on the test server, or `None` when no server is configured.
pub async fn postgres() -> Option<Opened> {
    let url = postgres_url().await?;
    let store = PgStore::connect(&url).await.unwrap();
    Some(Opened {
        store: Box::new(store),
        _dir: None,
    })
}

/// The URL of a fresh, empty database on the test server, or `None` when no server is
/// configured.
pub async fn postgres_url() -> Option<String> {
    let url = gazette_store::fresh_test_database().await.unwrap();
    if url.is_none() {
        eprintln!("POSTGRES_TEST_URL is not set: the PostgreSQL half of this test is skipped");
    }
    url
}

/// `both!(name)` runs `async fn name(store: &dyn Store)` once per store.
#[macro_export]
macro_rules! both {
    ($name:ident) => {
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                let o = $crate::backends::sqlite().await;
                super::$name(o.store.as_ref()).await;
            }
            #[tokio::test]
            async fn postgres() {
                if let Some(o) = $crate::backends::postgres().await {
                    super::$name(o.store.as_ref()).await;
                }
            }
        }
    };
}
