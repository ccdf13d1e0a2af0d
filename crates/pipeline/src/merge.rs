//! The decisions of building an entry, without IO: what the feed says of an item
//! ([`FeedItem`]), whether its article page is worth fetching ([`FeedItem::page_to_fetch`]),
//! and how feed and page combine into the stored entry ([`merge`]).

use chrono::{DateTime, Utc};
use gazette_extract::{Article, sanitize_html};
use gazette_model::{ExtractMode, NewEntry};

/// Feed content shorter than this many words is treated as a summary.
const FULL_TEXT_MIN_WORDS: usize = 120;

/// Whether a feed entry carries only part of the article, so that its page is worth fetching.
pub fn is_partial(content_text: Option<&str>, summary_text: Option<&str>) -> bool {
    let Some(content) = content_text.map(str::trim).filter(|c| !c.is_empty()) else {
        return true;
    };
    let words = content.split_whitespace().count();
    if words < FULL_TEXT_MIN_WORDS {
        return true;
    }
    // Content that merely repeats the summary is a summary too.
    summary_text.is_some_and(|s| s.trim() == content)
        || content.ends_with("…")
        || content.ends_with("[...]")
        || content.to_ascii_lowercase().ends_with("read more")
}

/// A title or other short text construct as plain text, whatever the feed's markup kind.
pub(crate) fn plain_text(value: Option<&str>, kind: gazette_feed::TextKind) -> Option<String> {
    match kind {
        gazette_feed::TextKind::Plain => value
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|t| !t.is_empty()),
        gazette_feed::TextKind::Html => text_of(value),
    }
}

fn text_of(html: Option<&str>) -> Option<String> {
    html.map(gazette_extract::html_to_text)
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
}

fn http_only(url: Option<String>) -> Option<String> {
    url.filter(|u| gazette_model::web_link(u).is_some())
}

/// What the feed says of one item, ready to be stored or completed from its page.
///
/// A wire keeps tens of thousands of these waiting for their pages (a thousand sources in
/// progress, each with its feed's items), so an item is one allocation of text with the
/// fields' ends, not nine strings and a list: 96 bytes and one block instead of 288 bytes and
/// up to twelve blocks.
#[derive(Debug, Clone)]
pub(crate) struct FeedItem {
    /// The fields' texts one after another, in the order of [`Field`].
    text: Box<str>,
    /// Where each field ends in `text`.
    ends: [u32; FIELDS],
    /// The field whose text each field has: itself, or an earlier field with the same text,
    /// stored once (a guid that is the link; a plain summary and its HTML, alike when it has
    /// no markup): a third of a news feed item's text.
    same_as: [u8; FIELDS],
    /// The fields present, one bit each (an absent field is empty in `text`).
    present: u16,
    published: Option<DateTime<Utc>>,
    updated: Option<DateTime<Utc>>,
}

/// The text fields of a [`FeedItem`].
#[derive(Clone, Copy)]
enum Field {
    Identity,
    FeedHash,
    /// The item's link, when it is http(s).
    Link,
    Title,
    SummaryText,
    ContentText,
    /// The feed's content (else summary), sanitized.
    FeedHtml,
    Author,
    ImageUrl,
    /// The feed's categories (labels, else terms), each ended by [`CATEGORY_END`].
    Categories,
}

const FIELDS: usize = Field::Categories as usize + 1;

/// Ends each category in [`Field::Categories`]: a control character no feed format lets a
/// label carry (XML forbids it; one in a JSON Feed tag becomes a space).
const CATEGORY_END: char = '\u{1f}';

impl FeedItem {
    /// Reads a parsed feed entry; `base` resolves the relative links of its HTML.
    pub(crate) fn new(
        identity: String,
        feed_hash: String,
        e: &gazette_feed::Item,
        base: &str,
    ) -> Self {
        // Plain-text constructs (Atom type="text", JSON Feed content_text) become escaped HTML
        // first, so that "the <blink> tag" stays text.
        let (summary_html, content_html) = (e.summary_html(), e.content_html());
        let fields: [Option<String>; FIELDS] = [
            Some(identity),
            Some(feed_hash),
            http_only(e.link.clone()),
            plain_text(e.title.as_deref(), e.title_kind),
            text_of(summary_html.as_deref()),
            text_of(content_html.as_deref()),
            content_html
                .as_deref()
                .or(summary_html.as_deref())
                .map(|h| sanitize_html(h, Some(base))),
            e.authors
                .iter()
                .find_map(|a| a.name.clone().or_else(|| a.email.clone())),
            http_only(e.image.clone().or_else(|| {
                e.enclosures
                    .iter()
                    .find(|x| {
                        x.mime_type
                            .as_deref()
                            .is_some_and(|m| m.starts_with("image/"))
                    })
                    .map(|x| x.url.clone())
            })),
            (!e.categories.is_empty()).then(|| {
                let mut all = String::new();
                for c in &e.categories {
                    let label = c.label.as_deref().unwrap_or(&c.term);
                    all.extend(
                        label
                            .chars()
                            .map(|ch| if ch == CATEGORY_END { ' ' } else { ch }),
                    );
                    all.push(CATEGORY_END);
                }
                all
            }),
        ];
        let mut same_as: [u8; FIELDS] = std::array::from_fn(|i| i as u8);
        for i in 1..FIELDS {
            if let Some(f) = &fields[i]
                && let Some(j) = fields[..i].iter().position(|e| e.as_ref() == Some(f))
            {
                same_as[i] = j as u8;
            }
        }
        let stored = |i: usize| usize::from(same_as[i]) == i;
        let mut text = String::with_capacity(
            fields
                .iter()
                .enumerate()
                .filter(|&(i, _)| stored(i))
                .filter_map(|(_, f)| f.as_ref().map(String::len))
                .sum(),
        );
        let mut ends = [0u32; FIELDS];
        let mut present = 0u16;
        for (i, field) in fields.iter().enumerate() {
            if let Some(f) = field {
                if stored(i) {
                    text.push_str(f);
                }
                present |= 1 << i;
            }
            // Feed documents are capped far below 4 GB, and so is an item.
            ends[i] = u32::try_from(text.len()).unwrap_or(u32::MAX);
        }
        FeedItem {
            text: text.into_boxed_str(),
            ends,
            same_as,
            present,
            published: e.published,
            updated: e.updated,
        }
    }

    fn get(&self, field: Field) -> Option<&str> {
        let i = field as usize;
        if self.present & (1 << i) == 0 {
            return None;
        }
        let i = usize::from(self.same_as[i]);
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        self.text.get(start..self.ends[i] as usize)
    }

    fn owned(&self, field: Field) -> Option<String> {
        self.get(field).map(str::to_owned)
    }

    /// The article page to fetch for this item under the source's mode, if any: in `auto`,
    /// only when the feed carries part of the article.
    pub(crate) fn page_to_fetch(&self, mode: ExtractMode) -> Option<&str> {
        let wanted = match mode {
            ExtractMode::Never => false,
            ExtractMode::Always => true,
            ExtractMode::Auto => {
                is_partial(self.get(Field::ContentText), self.get(Field::SummaryText))
            }
        };
        self.get(Field::Link).filter(|_| wanted)
    }
}

/// The article read from an item's page, and the address the page was served from.
#[derive(Debug, Clone)]
pub(crate) struct PageRead {
    pub(crate) article: Article,
    pub(crate) final_url: String,
}

/// Combines what the feed and (when fetched) the page say into the entry to store; returns
/// whether the page's text is the one used. The page's text wins when its quality reaches
/// `min_quality` and it is longer than the feed's; the feed's own word always wins for the
/// title, summary, author, image, categories and dates, the page filling what the feed lacks.
/// A date in the future (a publisher's clock, a scheduled post) is shown as `now`.
pub(crate) fn merge(
    item: FeedItem,
    page: Option<PageRead>,
    min_quality: f32,
    now: DateTime<Utc>,
) -> (NewEntry, bool) {
    // The page's own address: what it declares, else where the link led (a tracking redirect).
    let canonical_url = page.as_ref().and_then(|p| {
        p.article
            .canonical_url
            .clone()
            .or_else(|| {
                (Some(p.final_url.as_str()) != item.get(Field::Link)).then(|| p.final_url.clone())
            })
            .filter(|u| u.len() <= 2048 && (u.starts_with("https://") || u.starts_with("http://")))
    });
    let mut article = page.map(|p| p.article);
    let feed_text = item
        .owned(Field::ContentText)
        .or_else(|| item.owned(Field::SummaryText));
    let feed_words = feed_text
        .as_deref()
        .map_or(0, |t| t.split_whitespace().count());
    let use_article = article.as_ref().is_some_and(|a| {
        a.quality >= min_quality && !a.text.trim().is_empty() && a.word_count > feed_words
    });
    // The page's text and HTML move into the entry (nothing below reads them).
    let (content_html, content_text) = match (article.as_mut(), use_article) {
        (Some(a), true) => (
            Some(std::mem::take(&mut a.html)),
            Some(std::mem::take(&mut a.text)),
        ),
        _ => (item.owned(Field::FeedHtml), feed_text),
    };
    let title = item
        .owned(Field::Title)
        .or_else(|| article.as_ref().and_then(|a| a.title.clone()))
        .or_else(|| {
            content_text
                .as_deref()
                .map(|t| gazette_story::excerpt(t, 80))
        })
        .unwrap_or_else(|| "Untitled".to_string());
    let summary = item
        .owned(Field::SummaryText)
        .or_else(|| article.as_ref().and_then(|a| a.excerpt.clone()))
        .or_else(|| {
            content_text
                .as_deref()
                .map(|t| gazette_story::excerpt(t, 280))
        });
    let author = item
        .owned(Field::Author)
        .or_else(|| article.as_ref().and_then(|a| a.byline.clone()));
    let image_url = item
        .owned(Field::ImageUrl)
        .or_else(|| http_only(article.as_ref().and_then(|a| a.lead_image.clone())));
    let mut topic_names: Vec<String> = item
        .get(Field::Categories)
        .unwrap_or_default()
        .split_terminator(CATEGORY_END)
        .map(str::to_owned)
        .collect();
    if let Some(a) = &article {
        topic_names.extend(a.section.clone());
        if topic_names.is_empty() {
            topic_names.extend(a.keywords.iter().take(4).cloned());
        }
    }
    let published = item
        .published
        .or(item.updated)
        .or_else(|| article.as_ref().and_then(|a| a.published))
        .map(|d| d.min(now));
    let entry = NewEntry {
        identity: item.owned(Field::Identity).unwrap_or_default(),
        url: item.owned(Field::Link),
        canonical_url,
        title: gazette_story::excerpt(&title, 300),
        summary: summary.map(|s| gazette_story::excerpt(&s, 600)),
        content_html,
        content_text,
        author: author.map(|a| gazette_story::excerpt(&a, 120)),
        published,
        updated: item.updated,
        image_url,
        lang: article.as_ref().and_then(|a| a.lang.clone()),
        topics: gazette_story::topics_from(topic_names.iter().map(String::as_str)),
        extracted: use_article,
        feed_hash: item.owned(Field::FeedHash).unwrap_or_default(),
    };
    (entry, use_article)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(content: Option<&str>, summary: Option<&str>) -> FeedItem {
        let e = gazette_feed::Item {
            title: Some("Bridge reopens".into()),
            link: Some("https://news.example/bridge".into()),
            summary: summary.map(Into::into),
            content: content.map(Into::into),
            published: Some(Utc::now() + chrono::Duration::days(2)),
            ..gazette_feed::Item::default()
        };
        FeedItem::new("id-1".into(), "hash".into(), &e, "https://news.example/")
    }

    fn page(words: usize, quality: f32) -> PageRead {
        let text = vec!["word"; words].join(" ");
        PageRead {
            article: Article {
                html: format!("<p>{text}</p>"),
                text,
                word_count: words,
                quality,
                title: Some("Page title".into()),
                byline: Some("Lena Marsh".into()),
                lead_image: Some("javascript:alert(1)".into()),
                ..Article::default()
            },
            final_url: "https://news.example/2026/bridge-reopens".into(),
        }
    }

    #[test]
    fn an_item_is_small_and_gives_back_each_field() {
        assert!(std::mem::size_of::<FeedItem>() <= 96);
        let i = item(Some("<p>Full text</p>"), Some("<p>Short</p>"));
        assert_eq!(i.get(Field::Identity), Some("id-1"));
        assert_eq!(i.get(Field::FeedHash), Some("hash"));
        assert_eq!(i.get(Field::Title), Some("Bridge reopens"));
        assert_eq!(i.get(Field::SummaryText), Some("Short"));
        assert_eq!(i.get(Field::ContentText), Some("Full text"));
        assert_eq!(i.get(Field::Author), None, "absent, not empty");
        assert_eq!(i.get(Field::ImageUrl), None);
        assert_eq!(i.get(Field::Link), Some("https://news.example/bridge"));
    }

    #[test]
    fn a_text_two_fields_share_is_kept_once_and_categories_come_back_in_order() {
        let e = gazette_feed::Item {
            title: Some("Bridge reopens".into()),
            link: Some("https://news.example/bridge".into()),
            summary: Some("The bridge reopens on Monday.".into()),
            categories: vec![
                gazette_feed::Category {
                    term: "politics".into(),
                    label: Some("Politics & Policy".into()),
                    ..Default::default()
                },
                gazette_feed::Category {
                    term: "city\u{1f}hall".into(),
                    ..Default::default()
                },
            ],
            ..gazette_feed::Item::default()
        };
        let guid = "https://news.example/bridge".to_string();
        let i = FeedItem::new(guid.clone(), "hash".into(), &e, "https://news.example/");
        assert_eq!(i.get(Field::Identity), Some(guid.as_str()));
        assert_eq!(i.get(Field::Link), Some(guid.as_str()));
        assert_eq!(
            i.get(Field::SummaryText),
            Some("The bridge reopens on Monday.")
        );
        assert_eq!(
            i.get(Field::FeedHtml),
            Some("The bridge reopens on Monday.")
        );
        // The guid and the link once, the summary and its HTML once.
        let once = guid.len()
            + "hash".len()
            + "Bridge reopens".len()
            + "The bridge reopens on Monday.".len()
            + "Politics & Policy\u{1f}city hall\u{1f}".len();
        assert_eq!(i.text.len(), once);
        let (entry, _) = merge(i, None, 0.5, Utc::now());
        assert_eq!(entry.identity, guid);
        assert_eq!(entry.url.as_deref(), Some(guid.as_str()));
        // Each label a topic of its own, in order; the separator inside one is a space.
        assert_eq!(
            entry.topics,
            gazette_story::topics_from(["Politics & Policy", "city hall"])
        );
        assert_eq!(entry.topics.len(), 2);
    }

    #[test]
    fn a_summary_only_item_wants_its_page_and_a_full_one_does_not() {
        let summary = item(None, Some("<p>The bridge reopens on Monday.</p>"));
        assert_eq!(
            summary.page_to_fetch(ExtractMode::Auto),
            Some("https://news.example/bridge")
        );
        assert_eq!(summary.page_to_fetch(ExtractMode::Never), None);
        let long = format!("<p>{}</p>", vec!["text"; 200].join(" "));
        let full = item(Some(&long), Some("<p>The bridge reopens.</p>"));
        assert_eq!(full.page_to_fetch(ExtractMode::Auto), None);
        assert!(full.page_to_fetch(ExtractMode::Always).is_some());
    }

    #[test]
    fn a_good_longer_page_gives_the_text_and_the_feed_keeps_its_own_fields() {
        let now = Utc::now();
        let (entry, used) = merge(
            item(None, Some("<p>The bridge reopens on Monday.</p>")),
            Some(page(300, 0.9)),
            0.3,
            now,
        );
        assert!(used && entry.extracted);
        assert_eq!(
            entry.content_text.as_deref().map(|t| t.split(' ').count()),
            Some(300)
        );
        assert_eq!(entry.title, "Bridge reopens", "the feed's title wins");
        assert_eq!(
            entry.summary.as_deref(),
            Some("The bridge reopens on Monday.")
        );
        assert_eq!(
            entry.author.as_deref(),
            Some("Lena Marsh"),
            "the page fills the byline"
        );
        assert_eq!(entry.image_url, None, "only http(s) images");
        assert_eq!(
            entry.canonical_url.as_deref(),
            Some("https://news.example/2026/bridge-reopens"),
            "where the link led"
        );
        assert_eq!(entry.published, Some(now), "a future date is shown as now");
    }

    #[test]
    fn a_poor_or_shorter_page_leaves_the_feed_text() {
        for page in [page(300, 0.1), page(3, 0.9)] {
            let (entry, used) = merge(
                item(None, Some("<p>The bridge reopens on Monday morning.</p>")),
                Some(page),
                0.3,
                Utc::now(),
            );
            assert!(!used && !entry.extracted);
            assert_eq!(
                entry.content_text.as_deref(),
                Some("The bridge reopens on Monday morning.")
            );
        }
    }
}
