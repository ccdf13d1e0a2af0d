//! Storing stories: assignments, one card per story, full coverage, hot candidates; on both
//! stores.

mod backends;

use chrono::{Duration, Utc};
use gazette_model::{EntryId, ExtractMode, NewEntry, StoryId};
use gazette_store::{NewSource, Page, PollOutcome, Store, StoryAssignment};

fn entry(identity: &str, title: &str, hours_ago: i64) -> NewEntry {
    NewEntry {
        identity: identity.into(),
        url: Some(format!("https://news.example/{identity}")),
        canonical_url: None,
        title: title.into(),
        content_text: Some(format!("{title} body")),
        published: Some(Utc::now() - Duration::hours(hours_ago)),
        feed_hash: identity.into(),
        ..NewEntry::default()
    }
}

/// The one source of a test that needs only one.
async fn source_a(store: &dyn Store) -> gazette_model::Source {
    store
        .add_source(NewSource {
            url: "https://a.example/feed".into(),
            name: Some("A".into()),
            extract_mode: ExtractMode::Never,
        })
        .await
        .unwrap()
}

fn ok() -> PollOutcome {
    PollOutcome::Success {
        etag: None,
        last_modified: None,
        feed_title: None,
        site_url: None,
        redirect: None,
    }
}

both!(stories_group_entries_and_show_one_card_each);
async fn stories_group_entries_and_show_one_card_each(store: &dyn Store) {
    let mut sources = Vec::new();
    for (i, name) in ["A", "B", "C"].iter().enumerate() {
        let s = store
            .add_source(NewSource {
                url: format!("https://{i}.example/feed"),
                name: Some((*name).into()),
                extract_mode: ExtractMode::Never,
            })
            .await
            .unwrap();
        sources.push(s.id);
    }
    let now = Utc::now();
    store
        .save_poll(
            sources[0],
            &[
                entry("a1", "Bridge cracks", 5),
                entry("a2", "Chess final", 1),
            ],
            &ok(),
            now,
            now,
        )
        .await
        .unwrap();
    store
        .save_poll(
            sources[1],
            &[entry("b1", "Bridge shut after crack", 4)],
            &ok(),
            now,
            now,
        )
        .await
        .unwrap();
    store
        .save_poll(
            sources[2],
            &[entry("c1", "Crack closes bridge", 3)],
            &ok(),
            now,
            now,
        )
        .await
        .unwrap();

    let pending = store.unclustered(100, None).await.unwrap();
    assert_eq!(pending.len(), 4);
    assert_eq!(pending[0].title, "Bridge cracks", "oldest first");
    // Read on after an entry whose decision is not written yet.
    let second = (pending[1].published, pending[1].id);
    let rest = store.unclustered(100, Some(second)).await.unwrap();
    assert_eq!(
        rest.iter().map(|d| d.id).collect::<Vec<_>>(),
        pending[2..].iter().map(|d| d.id).collect::<Vec<_>>(),
        "after the second, in the same order"
    );
    let id = |t: &str| pending.iter().find(|d| d.title == t).unwrap().id;
    let bridge = StoryId(id("Bridge cracks").0);
    let chess = StoryId(id("Chess final").0);
    let assign = |e: EntryId, story: StoryId, dup: Option<EntryId>| StoryAssignment {
        entry: e,
        story,
        duplicate_of: dup,
    };
    store
        .assign_stories(&[
            assign(id("Bridge cracks"), bridge, None),
            assign(id("Bridge shut after crack"), bridge, None),
            assign(
                id("Crack closes bridge"),
                bridge,
                Some(id("Bridge shut after crack")),
            ),
            assign(id("Chess final"), chess, None),
        ])
        .await
        .unwrap();
    assert!(store.unclustered(100, None).await.unwrap().is_empty());

    let (cards, more) = store.latest_stories(Page::new(1, 10)).await.unwrap();
    assert!(!more);
    assert_eq!(cards.len(), 2, "one card per story");
    assert_eq!(
        cards[0].card.title, "Chess final",
        "most recently updated story first"
    );
    let b = &cards[1];
    assert_eq!((b.sources, b.articles), (3, 3));
    assert_eq!(
        b.card.title, "Bridge shut after crack",
        "the newest original leads; the duplicate does not"
    );

    let story = store.story(bridge, 100).await.unwrap().unwrap();
    assert_eq!(story.articles.len(), 3);
    assert_eq!(story.article_count, 3);
    assert_eq!(story.first_entry, id("Bridge cracks"));
    // A page asks for the newest few: it gets them and the first report, oldest first.
    let few = store.story(bridge, 1).await.unwrap().unwrap();
    let titles: Vec<&str> = few.articles.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles, ["Bridge cracks", "Crack closes bridge"]);
    assert_eq!(few.article_count, 3);
    assert!(
        store
            .story_of(id("Chess final"), 100)
            .await
            .unwrap()
            .is_none(),
        "a one-article story has no coverage page"
    );
    assert_eq!(
        store
            .story_of(id("Crack closes bridge"), 100)
            .await
            .unwrap()
            .unwrap()
            .id,
        bridge
    );

    // A merge relabels; the emptied story disappears.
    store
        .assign_stories(&[assign(id("Chess final"), bridge, None)])
        .await
        .unwrap();
    assert!(store.story(chess, 100).await.unwrap().is_none());
    assert_eq!(
        store
            .story(bridge, 100)
            .await
            .unwrap()
            .unwrap()
            .articles
            .len(),
        4
    );

    let today = now.timestamp() / 86_400;
    store
        .record_views(&[(id("Bridge cracks"), today, 5)])
        .await
        .unwrap();
    let hot = store
        .story_candidates(now - Duration::days(7), today - 6, 10)
        .await
        .unwrap();
    assert_eq!(hot.len(), 1);
    assert_eq!(hot[0].1, 5, "views of any article count for the story");

    // Related stories: never the entry's own story; one card per other story, best first.
    let (a1, b1, c1) = (
        id("Bridge cracks"),
        id("Bridge shut after crack"),
        id("Chess final"),
    );
    store
        .set_related(&[(a1, b1, 0.9), (a1, c1, 0.2)])
        .await
        .unwrap();
    let rel = store
        .related_stories(a1, now - Duration::days(30), 4)
        .await
        .unwrap();
    assert!(
        rel.is_empty(),
        "every related article is in the same story after the merge: {rel:?}"
    );
    store
        .assign_stories(&[assign(c1, chess, None)])
        .await
        .unwrap();
    let rel = store
        .related_stories(a1, now - Duration::days(30), 4)
        .await
        .unwrap();
    assert_eq!(rel.len(), 1);
    assert_eq!(rel[0].id, c1);
    let back = store
        .related_stories(c1, now - Duration::days(30), 4)
        .await
        .unwrap();
    assert_eq!(
        back.len(),
        1,
        "kept in both directions, one card per story: {back:?}"
    );

    let since = now - Duration::days(1);
    let window = store.window_docs(since, None, 100).await.unwrap();
    assert_eq!(window.len(), 4);
    assert!(window.iter().all(|d| d.story_id.is_some()));
    assert!(
        window
            .windows(2)
            .all(|w| (w[0].published, w[0].id) < (w[1].published, w[1].id))
    );
    // Read a page at a time, the window is the same, in the same order.
    let mut paged = Vec::new();
    let mut after = None;
    loop {
        let page = store.window_docs(since, after, 3).await.unwrap();
        after = page.last().map(|d| (d.published, d.id));
        let last = page.len() < 3;
        paged.extend(page);
        if last {
            break;
        }
    }
    let ids = |docs: &[gazette_store::StoryDoc]| docs.iter().map(|d| d.id).collect::<Vec<_>>();
    assert_eq!(ids(&paged), ids(&window));
    // Where a window of at most n articles begins: the nth newest one's time.
    let newest_two = store.window_start(since, 2).await.unwrap().unwrap();
    assert_eq!(newest_two, window[2].published);
    assert_eq!(
        store.window_start(since, 4).await.unwrap(),
        Some(window[0].published)
    );
    assert_eq!(store.window_start(since, 5).await.unwrap(), None);
    let kept = store.window_docs(newest_two, None, 100).await.unwrap();
    assert_eq!(ids(&kept), ids(&window[2..]));
}

both!(related_stories_fall_back_to_shared_topics_one_card_per_story);
async fn related_stories_fall_back_to_shared_topics_one_card_per_story(store: &dyn Store) {
    let src = source_a(store).await;
    let now = Utc::now();
    let tagged = |identity: &str, title: &str, hours: i64, topics: &[&str]| NewEntry {
        topics: topics
            .iter()
            .map(|t| gazette_model::Topic {
                slug: t.to_lowercase(),
                name: (*t).into(),
            })
            .collect(),
        ..entry(identity, title, hours)
    };
    store
        .save_poll(
            src.id,
            &[
                tagged("me", "Ferry fares rise", 1, &["Transport", "Money"]),
                tagged("x1", "Ferry order placed", 2, &["Transport", "Money"]),
                tagged("x2", "Ferry order: the details", 3, &["Transport", "Money"]),
                tagged("y1", "Bus lanes extended", 4, &["Transport"]),
                tagged("z1", "Similar by text", 5, &[]),
            ],
            &ok(),
            now,
            now,
        )
        .await
        .unwrap();
    let pending = store.unclustered(100, None).await.unwrap();
    let id = |t: &str| pending.iter().find(|d| d.title == t).unwrap().id;
    let one = |e: EntryId, story: StoryId| StoryAssignment {
        entry: e,
        story,
        duplicate_of: None,
    };
    let own = |t: &str| StoryId(id(t).0);
    let x = own("Ferry order placed");
    store
        .assign_stories(&[
            one(id("Ferry fares rise"), own("Ferry fares rise")),
            one(id("Ferry order placed"), x),
            one(id("Ferry order: the details"), x),
            one(id("Bus lanes extended"), own("Bus lanes extended")),
            one(id("Similar by text"), own("Similar by text")),
        ])
        .await
        .unwrap();
    store
        .set_related(&[(id("Ferry fares rise"), id("Similar by text"), 0.3)])
        .await
        .unwrap();
    let rel = store
        .related_stories(id("Ferry fares rise"), now - Duration::days(30), 4)
        .await
        .unwrap();
    let titles: Vec<&str> = rel.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(titles.len(), 3, "{titles:?}");
    assert_eq!(titles[0], "Similar by text", "the clusterer's choice first");
    assert!(
        titles[1].starts_with("Ferry order"),
        "then the most shared topics: {titles:?}"
    );
    assert_eq!(
        titles[2], "Bus lanes extended",
        "one card per story: {titles:?}"
    );
}

both!(an_entrys_sections_come_before_the_names_in_its_text);
async fn an_entrys_sections_come_before_the_names_in_its_text(store: &dyn Store) {
    let src = source_a(store).await;
    let now = Utc::now();
    let topic = |slug: &str, name: &str| gazette_model::Topic {
        slug: slug.into(),
        name: name.into(),
    };
    store
        .save_poll(
            src.id,
            &[NewEntry {
                topics: vec![topic("politics", "Politics")],
                ..entry("e1", "Bridge closed", 1)
            }],
            &ok(),
            now,
            now,
        )
        .await
        .unwrap();
    let e1 = store.unclustered(10, None).await.unwrap()[0].id;
    // A name that sorts before the section: the article page's breadcrumb is still the
    // section.
    store
        .add_entry_topics(&[
            (e1, topic("amara-okafor", "Amara Okafor")),
            (e1, topic("kestrel-bridge", "Kestrel Bridge")),
        ])
        .await
        .unwrap();
    let shown = store.get_entry(e1).await.unwrap().unwrap();
    let slugs: Vec<&str> = shown.topics.iter().map(|t| t.slug.as_str()).collect();
    assert_eq!(slugs, ["politics", "amara-okafor", "kestrel-bridge"]);
}

both!(text_topics_found_generic_are_removed_sections_stay);
async fn text_topics_found_generic_are_removed_sections_stay(store: &dyn Store) {
    let src = source_a(store).await;
    let now = Utc::now();
    let section = gazette_model::Topic {
        slug: "police".into(),
        name: "Police".into(),
    };
    store
        .save_poll(
            src.id,
            &[
                NewEntry {
                    topics: vec![section.clone()],
                    ..entry("e1", "Officers honoured", 2)
                },
                entry("e2", "Gunshot wound treated", 1),
            ],
            &ok(),
            now,
            now,
        )
        .await
        .unwrap();
    let pending = store.unclustered(10, None).await.unwrap();
    let e2 = pending[1].id;
    assert_eq!(pending[1].title, "Gunshot wound treated");
    let phrase = gazette_model::Topic {
        slug: "gunshot-wound".into(),
        name: "Gunshot Wound".into(),
    };
    store
        .add_entry_topics(&[(e2, phrase.clone()), (e2, section.clone())])
        .await
        .unwrap();
    let count = |slug: &'static str| {
        let store = &store;
        async move {
            store
                .by_topic(slug, Page::new(1, 10))
                .await
                .unwrap()
                .cards
                .len()
        }
    };
    assert_eq!(count("gunshot-wound").await, 1);
    assert_eq!(count("police").await, 2);
    store
        .remove_entity_topics(&["gunshot-wound".into(), "police".into()])
        .await
        .unwrap();
    assert_eq!(
        count("gunshot-wound").await,
        0,
        "the text topic and its tags are gone"
    );
    assert_eq!(
        count("police").await,
        2,
        "a publisher's section is not touched"
    );
}
