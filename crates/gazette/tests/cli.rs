//! The command line as a site owner uses it: add sources, poll once, list their health.

mod support;

use std::process::Command;

fn gazette(data: &std::path::Path, args: &[&str], allow_private: bool) -> (bool, String, String) {
    support::gazette_cli(data, args, allow_private)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn add_poll_and_list_sources() {
    let site = support::start_fixture().await;
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let data = data.as_path();

    // The SSRF guard is on by default: a loopback feed is refused with a clear message.
    let (ok, _, err) = gazette(
        data,
        &["source", "add", &format!("{}/rss.xml", site.base)],
        false,
    );
    assert!(!ok);
    assert!(
        err.contains("cannot follow")
            && (err.contains("private") || err.contains("loopback") || err.contains("refused")),
        "{err}"
    );

    let rss = format!("{}/rss.xml", site.base);
    let (ok, out, err) = gazette(
        data,
        &["source", "add", &rss, "--name", "Harbour Fixture"],
        true,
    );
    assert!(ok, "{err}");
    assert!(out.contains("Added source 1: Harbour Fixture"), "{out}");
    let (ok, _, err) = gazette(data, &["source", "add", &rss], true);
    assert!(!ok && err.contains("already followed"), "{err}");
    let (ok, _, err) = gazette(
        data,
        &[
            "source",
            "add",
            &format!("{}/atom.xml", site.base),
            "--extract",
            "never",
        ],
        true,
    );
    assert!(ok, "{err}");
    let (ok, _, err) = gazette(data, &["source", "add", &site.closed_url], true);
    assert!(ok, "a source that is down now can still be followed: {err}");
    assert!(err.contains("cannot be reached"), "{err}");

    let (ok, out, err) = gazette(data, &["poll", "--once"], true);
    assert!(ok, "{err}");
    assert!(
        out.contains("Polled 3 source(s)") && out.contains("3 new") && out.contains("1 failed"),
        "{out}"
    );

    let (ok, out, _) = gazette(data, &["source", "list", "--json"], true);
    assert!(ok);
    let list: serde_json::Value = serde_json::from_str(&out).unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 3);
    for key in [
        "id",
        "url",
        "name",
        "entries",
        "last_success",
        "last_error",
        "consecutive_failures",
        "next_poll",
    ] {
        assert!(list[0].get(key).is_some(), "source list --json has {key}");
    }
    assert_eq!(list[0]["entries"], 2);
    assert_eq!(
        list[1]["name"], "Fixture Arts",
        "an unnamed source takes the feed's title"
    );
    assert_eq!(list[2]["consecutive_failures"], 1);
    assert!(list[2]["last_error"].as_str().unwrap().len() > 5);
    assert!(chrono::DateTime::parse_from_rfc3339(list[2]["next_poll"].as_str().unwrap()).is_ok());

    // Not due again yet: a plain poll does nothing; --force polls everything.
    let (_, out, _) = gazette(data, &["poll", "--once"], true);
    assert!(out.contains("Polled 0 source(s)"), "{out}");
    let (_, out, _) = gazette(data, &["poll", "--once", "--force"], true);
    assert!(
        out.contains("Polled 3 source(s)") && out.contains("0 new"),
        "{out}"
    );

    let (ok, out, _) = gazette(data, &["source", "list"], true);
    assert!(
        ok && out.contains("error:"),
        "the table shows the failing source's error: {out}"
    );
    let (ok, out, err) = gazette(
        data,
        &[
            "source",
            "set",
            "2",
            "--name",
            "Arts Desk",
            "--topic",
            "Culture",
            "--extract",
            "always",
        ],
        true,
    );
    assert!(
        ok && out.contains("Arts Desk")
            && out.contains("topic Culture")
            && out.contains("extraction always"),
        "{out}{err}"
    );
    let (_, out, _) = gazette(data, &["source", "list", "--json"], true);
    let list: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (
            list[1]["name"].as_str(),
            list[1]["topic"].as_str(),
            list[1]["extract"].as_str()
        ),
        (Some("Arts Desk"), Some("Culture"), Some("always"))
    );
    let (ok, out, _) = gazette(data, &["source", "set", "2", "--topic", ""], true);
    assert!(
        ok && out.contains("topic none"),
        "an empty topic clears it: {out}"
    );
    let (ok, _, err) = gazette(data, &["source", "set", "99", "--name", "x"], true);
    assert!(!ok && err.contains("no source with id 99"), "{err}");
    let (ok, _, _) = gazette(data, &["source", "remove", "3"], true);
    assert!(ok);
    let (ok, _, err) = gazette(data, &["source", "remove", "3"], true);
    assert!(!ok && err.contains("no source with id 3"), "{err}");
}

#[test]
fn a_typo_in_the_configuration_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("gazette.toml"),
        "[site]\nnmae = \"Typo Times\"\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["source", "list"])
        .current_dir(tmp.path())
        .env_remove("GAZETTE_DATA_DIR")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("nmae") && err.contains("gazette.toml"),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn opml_import_files_sources_under_their_folders_and_exports_them_back() {
    let site = support::start_fixture().await;
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let opml = tmp.path().join("subs.opml");
    std::fs::write(
        &opml,
        format!(
            r#"<?xml version="1.0"?>
<opml version="2.0"><head><title>My reader</title></head><body>
  <outline text="Local News"><outline text="Harbour" type="rss" xmlUrl="{b}/rss.xml" htmlUrl="{b}/"/>
    <outline text="Arts"><outline text="Arts desk" type="rss" xmlUrl="{b}/atom.xml"/></outline></outline>
  <outline text="Loose" type="rss" xmlUrl="{b}/feed.json"/>
  <outline text="Broken &amp; nameless" type="rss" xmlUrl="file:///etc/passwd"/>
</body></opml>"#,
            b = site.base
        ),
    )
    .unwrap();
    let (ok, out, err) = gazette(&data, &["opml", "import", opml.to_str().unwrap()], true);
    assert!(ok, "{err}");
    assert!(
        out.contains("Imported 3 source(s); 1 skipped"),
        "{out}\n{err}"
    );
    let (ok, _, err) = gazette(&data, &["poll", "--once"], true);
    assert!(ok, "{err}");

    let (_, out, _) = gazette(&data, &["source", "list", "--json"], true);
    let list: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(list[0]["topic"], "Local News");
    assert_eq!(list[1]["topic"], "Arts", "the innermost folder");
    assert!(list[2]["topic"].is_null());
    let store = gazette_store::SqliteStore::open_dir(&data).await.unwrap();
    let local = gazette_store::Store::by_topic(&store, "local", gazette_store::Page::new(1, 10))
        .await
        .unwrap();
    assert_eq!(
        local.cards.len(),
        2,
        "both entries of the Local News feed carry its folder as a topic"
    );

    let (ok, out, _) = gazette(&data, &["opml", "export"], true);
    assert!(ok);
    assert!(
        out.contains(&format!("{}/rss.xml", site.base))
            && out.contains("Local News")
            && out.contains("<opml"),
        "{out}"
    );
    let (ok, _, err) = gazette(&data, &["opml", "import", "/no/such/file.opml"], true);
    assert!(!ok && err.contains("cannot read"), "{err}");
}

#[test]
fn purge_says_what_it_did_and_refuses_without_a_retention() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let (ok, _, err) = gazette(&data, &["purge"], false);
    assert!(!ok, "keep-everything is the default: nothing to purge");
    assert!(err.contains("retention_days"), "{err}");
    let (ok, out, err) = gazette(&data, &["purge", "--older-than", "30"], false);
    assert!(ok, "{err}");
    assert!(
        out.contains("Purged 0 entries published more than 30 day(s) ago"),
        "{out}"
    );
}
