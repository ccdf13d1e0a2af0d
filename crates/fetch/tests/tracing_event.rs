//! The one debug event of a fetch and its fields. In a test binary of its own: the
//! subscriber is installed per thread and tracing caches callsite interest globally,
//! so other tests running in parallel would make this one flaky.

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use gazette_fetch::{FetchConfig, Fetcher};
use support::{Reply, Server};

type Fields = Vec<(String, String)>;

/// Records the fields of every event of this crate.
#[derive(Default, Clone)]
struct Recorder(Arc<Mutex<Vec<Fields>>>);

struct Visitor<'a>(&'a mut Fields);

impl tracing::field::Visit for Visitor<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.push((field.name().to_owned(), format!("{value:?}")));
    }
}

impl tracing::Subscriber for Recorder {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        if !event.metadata().target().starts_with("gazette_fetch") {
            return;
        }
        let mut fields = Vec::new();
        event.record(&mut Visitor(&mut fields));
        self.0.lock().unwrap().push(fields);
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

fn field(event: &Fields, name: &str) -> String {
    event
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| panic!("no field {name} in {event:?}"))
}

#[tokio::test]
async fn one_debug_event_per_fetch() {
    let recorder = Recorder::default();
    tracing::subscriber::set_global_default(recorder.clone()).unwrap();
    let server = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => Reply::status(404),
        "/missing" => Reply::status(404),
        _ => Reply::ok("text/html", "12345"),
    })
    .await;
    let f = Fetcher::new(FetchConfig {
        per_host_delay: Duration::ZERO,
        allow_private_addresses: true,
        ..FetchConfig::default()
    })
    .unwrap();
    f.fetch_page(&server.url("/a")).await.unwrap();
    f.fetch_page(&server.url("/missing")).await.unwrap_err();

    let events = recorder.0.lock().unwrap().clone();
    assert_eq!(events.len(), 2, "{events:?}");
    assert_eq!(field(&events[0], "url"), format!("{:?}", server.url("/a")));
    assert_eq!(field(&events[0], "status"), "200");
    assert_eq!(field(&events[0], "bytes"), "5");
    field(&events[0], "duration_ms");
    assert_eq!(field(&events[1], "status"), "404");
    assert_eq!(field(&events[1], "bytes"), "0");
    field(&events[1], "duration_ms");
    field(&events[1], "error");
    assert_eq!(field(&events[1], "error.kind"), "\"status\"");
}
