//! The offline demo through the real pipeline: every outlet ingested, bodies clean, topics merged,
//! weather served.

mod support;

use std::time::Duration;

use gazette_store::Page;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_wire_ingests_completely_and_cleanly() {
    let support::Demo {
        wire,
        dir: _dir,
        store,
        fetcher,
        round,
    } = support::ingest_demo().await;
    assert_eq!(round.failed, 0, "{round:?}");
    assert!(wire.sources.len() >= 6);

    let published = gazette_demo::articles();
    assert!(published.len() >= 36);
    assert_eq!(
        store.count_entries().await.unwrap() as usize,
        published.len()
    );

    let listing = store.latest(Page::new(1, 200)).await.unwrap();
    let mut missing = Vec::new();
    for card in &listing.cards {
        let entry = store.get_entry(card.id).await.unwrap().unwrap();
        let html = entry.content_html.clone().unwrap_or_default();
        let text = entry.content_text.clone().unwrap_or_default();
        for clutter in [
            "ADVERTISEMENT",
            "STORY CONTINUES BELOW THIS AD",
            "Accept all",
            "Sign up",
            "Share on",
            "<script",
            "<form",
        ] {
            assert!(
                !html.contains(clutter),
                "{}: clutter {clutter:?} kept",
                entry.title
            );
        }
        let source = published
            .iter()
            .find(|a| a.title == entry.title)
            .expect("stored title is a published title");
        for p in source.paragraphs() {
            if !text
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .contains(&p)
            {
                missing.push(format!("{}: {}", entry.title, &p[..p.len().min(60)]));
            }
        }
        assert!(entry.image_url.is_some(), "{} has an image", entry.title);
        assert!(entry.author.is_some(), "{} has a byline", entry.title);
    }
    assert!(
        missing.is_empty(),
        "paragraphs lost in extraction: {missing:#?}"
    );

    let topics = store
        .active_topics(
            chrono::Utc::now() - chrono::Duration::days(11),
            100,
            gazette_store::TopicFilter::Sections,
        )
        .await
        .unwrap();
    let slugs: Vec<_> = topics.iter().map(|t| t.topic.slug.as_str()).collect();
    assert!(slugs.len() >= 8, "{slugs:?}");
    for canonical in gazette_demo::TOPICS.iter().map(|t| t.to_lowercase()) {
        if published
            .iter()
            .any(|a| a.topic.to_lowercase() == canonical)
        {
            assert!(
                slugs.contains(&canonical.as_str()),
                "topic {canonical} present: {slugs:?}"
            );
        }
    }

    // Stories: every event covered by several outlets is one story.
    let desk = gazette_pipeline::StoryDesk::open(store.clone())
        .await
        .unwrap();
    assert_eq!(
        desk.cluster_pending(true).await.unwrap(),
        0,
        "opening the desk clusters what is pending"
    );
    let mut story_of_title = std::collections::HashMap::new();
    for card in &listing.cards {
        let story = store.story_of(card.id, 100).await.unwrap().map(|s| s.id);
        story_of_title.insert(card.title.clone(), story);
    }
    let mut events: std::collections::BTreeMap<&str, Vec<&gazette_demo::Article>> =
        Default::default();
    for a in published {
        if let Some(e) = &a.event {
            events.entry(e.as_str()).or_default().push(a);
        }
    }
    for (event, articles) in &events {
        if articles.len() < 2 {
            continue;
        }
        let stories: std::collections::BTreeSet<_> =
            articles.iter().map(|a| story_of_title[&a.title]).collect();
        assert_eq!(stories.len(), 1, "event {event} is one story: {stories:?}");
        assert!(
            stories.iter().next().unwrap().is_some(),
            "event {event} has a story page"
        );
    }
    // And stories do not mix events. The wire has 52 articles: every name in it looks rare
    // to an engine that has read only the articles before it, so the first poll's backlog is
    // primed (word weights from all of it). Without that, the Kestrel Bridge crack joined
    // the cup final, the storm joined a satellite launch and the river treaty an election.
    // Three borderline pairs remain (the ferry operator's fares and its new ferries' order,
    // a market record on the day after the rate cut, a tennis final and its semi-final).
    let mut events_of_story: std::collections::BTreeMap<
        gazette_model::StoryId,
        std::collections::BTreeSet<&str>,
    > = Default::default();
    for a in published {
        if let Some(Some(story)) = story_of_title.get(&a.title) {
            let event = a.event.as_deref().unwrap_or(a.slug.as_str());
            events_of_story.entry(*story).or_default().insert(event);
        }
    }
    let mixed: Vec<_> = events_of_story.values().filter(|e| e.len() > 1).collect();
    // Shown with --nocapture: the figure BENCHMARKS.md follows from change to change.
    eprintln!("stories mixing events: {} {mixed:?}", mixed.len());
    for kept_apart in [
        "kestrel-bridge",
        "storm-imogen",
        "dravel-treaty",
        "cup-final",
    ] {
        assert!(
            !mixed.iter().any(|e| e.contains(kept_apart)),
            "{kept_apart} is a story of its own: {mixed:?}"
        );
    }
    assert!(mixed.len() <= 3, "stories mixing events: {mixed:?}");

    // A restart rebuilds the clusterer from the store without changing any story.
    drop(desk);
    let reopened = gazette_pipeline::StoryDesk::open(store.clone())
        .await
        .unwrap();
    assert_eq!(reopened.cluster_pending(true).await.unwrap(), 0);
    for card in &listing.cards {
        let story = store.story_of(card.id, 100).await.unwrap().map(|s| s.id);
        assert_eq!(
            story, story_of_title[&card.title],
            "{} keeps its story across a restart",
            card.title
        );
    }

    // Names several outlets write about become topics; a one-off name does not.
    let kestrel = store
        .by_topic("kestrel-bridge", Page::new(1, 50))
        .await
        .unwrap();
    assert!(
        kestrel.cards.len() >= 3,
        "the Kestrel Bridge is a topic: {}",
        kestrel.cards.len()
    );
    assert!(
        kestrel
            .cards
            .iter()
            .all(|c| c.title.to_lowercase().contains("bridge")
                || c.title.to_lowercase().contains("girder")),
        "{:?}",
        kestrel.cards.iter().map(|c| &c.title).collect::<Vec<_>>()
    );
    // A keyphrase that recurs across stories and outlets becomes a topic too; one story's own
    // wording ("eastern span", only in the Kestrel Bridge coverage) does not.
    let waiting = store
        .by_topic("waiting-list", Page::new(1, 50))
        .await
        .unwrap();
    assert!(
        waiting.cards.len() >= 2,
        "\"waiting list\" is a topic: {:?}",
        waiting.cards.iter().map(|c| &c.title).collect::<Vec<_>>()
    );
    let span = store
        .by_topic("eastern-span", Page::new(1, 50))
        .await
        .unwrap();
    assert!(span.cards.is_empty(), "one story's phrase is no topic");

    let (cards, _) = store.latest_stories(Page::new(1, 200)).await.unwrap();
    let multi = events
        .values()
        .filter(|v| v.len() > 1)
        .map(|v| v.len() - 1)
        .sum::<usize>();
    assert!(
        cards.len() <= published.len() - multi,
        "one card per story on the front page"
    );

    // The wire's Open-Meteo-compatible endpoint feeds the header's weather.
    let weather = gazette_web::WeatherCache::default();
    let settings = gazette_web::WeatherSettings {
        city: "New Delhi".into(),
        latitude: 28.61,
        longitude: 77.21,
        api_base: wire.weather_base.clone(),
        geocoding_base: wire.weather_base.clone(),
    };
    let task = weather.spawn_refresher(settings, fetcher, Duration::from_secs(600));
    for _ in 0..50 {
        if weather.current().is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    task.abort();
    let w = weather.current().expect("a weather reading");
    assert_eq!(w.city, "New Delhi");
    assert!((-40.0..=55.0).contains(&w.temperature_c));
}
