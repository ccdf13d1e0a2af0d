//! The plans of the statements behind page renders, checked on both stores: none may walk a
//! big table (entries, their tags, views) from end to end. A page render must cost the same
//! with a thousand articles stored as with a million; a query that reads every entry is the
//! first thing that breaks that, and nothing else would notice until a site is big.
//!
//! SQLite: `EXPLAIN QUERY PLAN` on a fresh store (the planner's choice without statistics is
//! what a site gets: Gazette never runs `ANALYZE`). PostgreSQL plans by statistics, so its
//! check runs on a store of site-like shape (`POSTGRES_SITE`: 30,000 entries over seven months,
//! tags, views, stories, after `ANALYZE`) with sequential scans disabled.

use crate::{postgres, postgres_stories, sqlite, sqlite_stories};

/// A bound value: the same for both stores (timestamps and days are integers in both).
#[derive(Clone, Copy)]
enum Arg {
    Int(i64),
    Text(&'static str),
}

use Arg::{Int, Text};

/// Fixed values for the checks: a time and a day a week before the newest entry of
/// `POSTGRES_SITE`, an entry and a source id.
const SINCE: Arg = Int(1_789_400_000);
const DAY: Arg = Int(20_710);
const ID: Arg = Int(1);
const PAGE: [Arg; 2] = [Int(31), Int(0)];

/// Each hot statement with its name and values, for one store.
fn statements(sqlite: bool) -> Vec<(&'static str, String, Vec<Arg>)> {
    macro_rules! pick {
        ($name:ident) => {
            if sqlite {
                sqlite::hot::$name.to_string()
            } else {
                postgres::hot::$name.to_string()
            }
        };
        (stories $name:ident) => {
            if sqlite {
                sqlite_stories::hot::$name.to_string()
            } else {
                postgres_stories::hot::$name.to_string()
            }
        };
    }
    // The stores number the search's parameters differently.
    let search_args = if sqlite {
        vec![Text("\"harbour\"*"), Int(2000), PAGE[0], PAGE[1]]
    } else {
        vec![Text("harbour:*"), PAGE[0], PAGE[1], Int(2000)]
    };
    vec![
        ("get_entry", pick!(GET_ENTRY), vec![ID]),
        ("entry_topics", pick!(ENTRY_TOPICS), vec![ID]),
        ("latest", pick!(LATEST), PAGE.to_vec()),
        (
            "by_topic",
            pick!(BY_TOPIC),
            vec![Text("sports"), PAGE[0], PAGE[1]],
        ),
        ("by_source", pick!(BY_SOURCE), vec![ID, PAGE[0], PAGE[1]]),
        ("search", pick!(SEARCH), search_args),
        ("topic", pick!(TOPIC), vec![Text("sports")]),
        (
            "active_sections",
            pick!(ACTIVE_SECTIONS),
            vec![SINCE, Int(10)],
        ),
        (
            "active_all",
            pick!(ACTIVE_ALL),
            vec![SINCE, Int(10), Int(20_000)],
        ),
        ("hot_viewed", pick!(HOT_VIEWED), vec![DAY, Int(10)]),
        ("hot_newest", pick!(HOT_NEWEST), vec![SINCE, Int(10)]),
        ("get_source", pick!(GET_SOURCE), vec![ID]),
        ("list_sources", pick!(LIST_SOURCES), vec![]),
        ("related", pick!(stories RELATED), vec![ID, SINCE, Int(4)]),
        (
            "latest_stories",
            pick!(stories LATEST_STORIES),
            PAGE.to_vec(),
        ),
        ("story", pick!(stories STORY), vec![ID]),
        (
            "story_articles",
            pick!(stories STORY_ARTICLES),
            vec![ID, Int(64), ID],
        ),
        ("story_of", pick!(stories STORY_OF), vec![ID]),
        (
            "story_candidates",
            pick!(stories STORY_CANDIDATES),
            vec![SINCE, DAY, Int(50)],
        ),
    ]
}

/// What a SQLite plan line says about a big table, if it names one: the names and aliases the
/// statements give entries, their tags and views.
const SQLITE_BIG: &[&str] = &[
    "entries",
    "e",
    "en",
    "entry_topics",
    "et",
    "o",
    "mine",
    "other",
    "views",
    "v",
    "related",
];

/// The SQLite plan lines that read a big table end to end.
fn sqlite_scans(plan: &[String]) -> Vec<String> {
    let sorts = plan
        .iter()
        .any(|l| l.contains("USE TEMP B-TREE FOR ORDER BY"));
    plan.iter()
        .filter(|line| {
            let mut words = line.split_whitespace();
            if words.next() != Some("SCAN") {
                return false;
            }
            let Some(table) = words.next() else {
                return false;
            };
            if !SQLITE_BIG.contains(&table) {
                return false;
            }
            // Walking the entries' time index newest first stops after the page, unless the
            // rows must be sorted again afterwards.
            let ordered_walk = line.contains("USING INDEX entries_by_published")
                || line.contains("USING COVERING INDEX entries_by_published");
            !ordered_walk || sorts
        })
        .cloned()
        .collect()
}

#[tokio::test]
async fn sqlite_hot_statements_read_no_big_table_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let store = crate::SqliteStore::open_dir(dir.path()).await.unwrap();
    let mut failures = Vec::new();
    for (name, sql, args) in statements(true) {
        let explain = format!("EXPLAIN QUERY PLAN {sql}");
        let mut query = sqlx::query(sqlx::AssertSqlSafe(explain));
        for arg in args {
            query = match arg {
                Int(v) => query.bind(v),
                Text(v) => query.bind(v),
            };
        }
        let rows = query
            .fetch_all(&store.pool)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let plan: Vec<String> = rows
            .iter()
            .map(|r| sqlx::Row::get::<String, _>(r, "detail"))
            .collect();
        let scans = sqlite_scans(&plan);
        if !scans.is_empty() {
            failures.push(format!("{name}: {scans:?} in {plan:#?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A site's shape in numbers: 200 sources, 30,000 entries ten minutes apart (the newest at
/// 1,790,000,000), four to a story, three tags each among 3,000 topics (30 of them sections),
/// views on a third of them, one related pair each.
const POSTGRES_SITE: &str = "
INSERT INTO sources (url, name, next_poll, created_at)
  SELECT 'https://s' || g || '.example/feed', 'Source ' || g, 0, 0 FROM generate_series(1, 200) g;
INSERT INTO entries (source_id, identity, url, title, summary, published, feed_hash, fetched_at,
                     story_id)
  SELECT 1 + g % 200, 'e' || g, 'https://news.example/' || g,
         'Report ' || g || CASE WHEN g % 100 = 0 THEN ' from the harbour' ELSE '' END,
         'What happened, part ' || g, 1790000000 - g * 600, 'h', 0, 1 + g / 4
  FROM generate_series(1, 30000) g;
INSERT INTO topics (slug, name, kind)
  SELECT CASE WHEN g = 1 THEN 'sports' ELSE 't' || g END, 'Topic ' || g,
         CASE WHEN g <= 30 THEN 'section' ELSE 'entity' END
  FROM generate_series(1, 3000) g;
INSERT INTO entry_topics (entry_id, topic_id, published)
  SELECT e.id, 1 + (e.id * k * 7) % 3000, e.published FROM entries e, generate_series(1, 3) k
  ON CONFLICT DO NOTHING;
INSERT INTO views (entry_id, day, count)
  SELECT id, published / 86400, 1 + id % 7 FROM entries WHERE id % 3 = 0;
INSERT INTO stories (id, lead_entry, first_entry, entries, sources, first_published,
                     last_published)
  SELECT s, MAX(id), MIN(id), COUNT(*), COUNT(DISTINCT source_id), MIN(published),
         MAX(published) FROM entries e, LATERAL (SELECT e.story_id AS s) x GROUP BY s;
INSERT INTO related (entry_id, related_id, score)
  SELECT id, id + 1, 0.5 FROM entries WHERE id < 30000;
";

/// The big tables of the PostgreSQL schema.
const POSTGRES_BIG: &[&str] = &[
    "entries",
    "entry_topics",
    "views",
    "related",
    "entry_search",
];

/// The PostgreSQL plan lines that read a big table end to end: a sequential scan, or an index
/// walked without a condition (only the entries' time index may be walked, newest first, for
/// a page).
fn postgres_scans(plan: &[String]) -> Vec<String> {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let mut found = Vec::new();
    for (i, line) in plan.iter().enumerate() {
        let node = line.trim_start().trim_start_matches("->").trim_start();
        let Some((kind, rest)) = node.split_once(" on ") else {
            continue;
        };
        let table = rest.split_whitespace().next().unwrap_or("");
        if !POSTGRES_BIG.contains(&table) {
            continue;
        }
        let full = if kind == "Seq Scan" {
            true
        } else if kind.starts_with("Index Scan") || kind.starts_with("Index Only Scan") {
            // The node's own details are the lines below it, indented further, up to its first
            // child node.
            let has_condition = plan[i + 1..]
                .iter()
                .take_while(|l| indent(l) > indent(line) && !l.trim_start().starts_with("->"))
                .any(|l| l.contains("Index Cond:"));
            !has_condition && !kind.ends_with("using entries_by_published")
        } else {
            false
        };
        if full {
            found.push(line.clone());
        }
    }
    found
}

#[tokio::test]
async fn postgres_hot_statements_read_no_big_table_end_to_end() {
    let Some(url) = crate::fresh_test_database().await.unwrap() else {
        eprintln!("POSTGRES_TEST_URL is not set: the PostgreSQL plan check is skipped");
        return;
    };
    let store = crate::PgStore::connect(&url).await.unwrap();
    let mut conn = store.pool.acquire().await.unwrap();
    sqlx::raw_sql(POSTGRES_SITE)
        .execute(&mut *conn)
        .await
        .unwrap();
    // Statistics, and the full-text index's pending entries merged, as autovacuum keeps them.
    sqlx::raw_sql("VACUUM ANALYZE")
        .execute(&mut *conn)
        .await
        .unwrap();
    // A sequential scan left in a plan then means that no index can serve the statement: a
    // plan that scans at this size by choice would not at a million entries.
    sqlx::raw_sql(
        "SET enable_seqscan = off; SET enable_hashjoin = off; SET enable_mergejoin = off",
    )
    .execute(&mut *conn)
    .await
    .unwrap();
    let mut failures = Vec::new();
    for (name, sql, args) in statements(false) {
        let explain = format!("EXPLAIN {sql}");
        let mut query = sqlx::query(sqlx::AssertSqlSafe(explain));
        for arg in args {
            query = match arg {
                Int(v) => query.bind(v),
                Text(v) => query.bind(v),
            };
        }
        let rows = query
            .fetch_all(&mut *conn)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let plan: Vec<String> = rows
            .iter()
            .map(|r| sqlx::Row::get::<String, _>(r, 0))
            .collect();
        if std::env::var_os("GAZETTE_SHOW_PLANS").is_some() {
            eprintln!("{name}:\n{}", plan.join("\n"));
        }
        let scans = postgres_scans(&plan);
        if !scans.is_empty() {
            failures.push(format!("{name}: {scans:?} in {plan:#?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_full_scan_is_caught_and_an_ordered_walk_is_not() {
    let plan = |lines: &[&str]| lines.iter().map(|l| l.to_string()).collect::<Vec<_>>();
    assert_eq!(sqlite_scans(&plan(&["SCAN e"])).len(), 1);
    assert_eq!(
        sqlite_scans(&plan(&["SCAN e USING COVERING INDEX entries_by_source"])).len(),
        1
    );
    assert!(sqlite_scans(&plan(&["SCAN e USING INDEX entries_by_published"])).is_empty());
    assert_eq!(
        sqlite_scans(&plan(&[
            "SCAN e USING INDEX entries_by_published",
            "USE TEMP B-TREE FOR ORDER BY"
        ]))
        .len(),
        1
    );
    assert!(sqlite_scans(&plan(&["SEARCH e USING INTEGER PRIMARY KEY (rowid=?)"])).is_empty());
    assert!(sqlite_scans(&plan(&["SCAN s"])).is_empty());
    assert_eq!(
        postgres_scans(&plan(&[
            "  ->  Seq Scan on entries e  (cost=0.00..1.00 rows=1 width=8)"
        ]))
        .len(),
        1
    );
    assert!(
        postgres_scans(&plan(&[
            "  ->  Index Scan using entries_pkey on entries e  (cost=0.00..1.00 rows=1 width=8)",
            "        Index Cond: (id = et.entry_id)",
        ]))
        .is_empty()
    );
    let walk =
        "  ->  Index Scan Backward using entry_search_pkey on entry_search es  (cost=0.29..1)";
    assert_eq!(
        postgres_scans(&plan(&[
            walk,
            "        Filter: (search @@ 'harbour'::tsquery)",
            "  ->  Index Scan using entries_pkey on entries e  (cost=0.29..3.54 rows=1 width=151)",
            "        Index Cond: (id = es.entry_id)",
        ])),
        vec![walk.to_string()]
    );
    assert!(
        postgres_scans(&plan(&[
            "Limit  (cost=0.44..3.64 rows=31 width=161)",
            "  ->  Index Scan using entries_by_published on entries e  (cost=0.29..2309.79 rows=1)",
        ]))
        .is_empty()
    );
}
