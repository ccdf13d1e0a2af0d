//! `gazette source poll ID`: poll one source now and say what happened.

mod support;

fn gazette(data: &std::path::Path, args: &[&str]) -> (bool, String, String) {
    support::gazette_cli(data, args, true)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn poll_one_source_now_and_report_its_health() {
    let site = support::start_fixture().await;
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let data = data.as_path();
    let rss = format!("{}/rss.xml", site.base);
    let (ok, _, err) = gazette(data, &["source", "add", &rss, "--name", "Harbour Fixture"]);
    assert!(ok, "{err}");
    let (ok, _, err) = gazette(data, &["source", "add", &site.closed_url]);
    assert!(ok, "{err}");

    let (ok, out, err) = gazette(data, &["source", "poll", "1"]);
    assert!(ok, "{err}");
    assert!(
        out.starts_with("Polled source 1 (Harbour Fixture)") && out.contains(": 2 new, 0 updated"),
        "{out}"
    );
    assert!(out.contains("Next poll at 20"), "{out}");

    // Not due, but polled anyway: the feed answers 304 to the stored ETag.
    let (ok, out, err) = gazette(data, &["source", "poll", "1", "--json"]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
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
        assert!(v.get(key).is_some(), "source poll --json has {key}: {out}");
    }
    assert_eq!(v["entries"], 2);
    assert_eq!(v["poll"]["ok"], true);
    assert_eq!(v["poll"]["not_modified"], true);
    assert!(chrono::DateTime::parse_from_rfc3339(v["next_poll"].as_str().unwrap()).is_ok());

    // A failing source: the command fails, names the error and the retry.
    let (ok, _, err) = gazette(data, &["source", "poll", "2"]);
    assert!(!ok);
    assert!(
        err.contains("polling source 2") && err.contains("1 consecutive failure(s)"),
        "{err}"
    );
    let (ok, out, _) = gazette(data, &["source", "list", "--json"]);
    assert!(ok);
    let list: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(list[1]["consecutive_failures"], 1);
    assert!(
        list[1]["last_error"]
            .as_str()
            .is_some_and(|e| !e.is_empty())
    );

    let (ok, _, err) = gazette(data, &["source", "poll", "9"]);
    assert!(!ok && err.contains("no source with id 9"), "{err}");
}
