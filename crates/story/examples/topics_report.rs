//! Which topics a stream of articles would produce: names and keyphrases promoted by
//! `EntityTopics` (with the pipeline's support, 3 articles from 2 sources), stories from the
//! clusterer, as the pipeline runs them. For checking the topic rules on a real corpus.
//!
//! ```text
//! cargo run -p gazette-story --release --example topics_report -- FILE.jsonl[.gz] [TOP]
//! ```

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader};

use gazette_story::entities::EntityTopics;
use gazette_story::{Clusterer, Doc};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args
        .first()
        .expect("usage: topics_report FILE.jsonl[.gz] [TOP]");
    let top: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(40);
    let file = File::open(path).expect("open input");
    let reader: Box<dyn BufRead> = if path.ends_with(".gz") {
        Box::new(BufReader::new(flate2::read::GzDecoder::new(file)))
    } else {
        Box::new(BufReader::new(file))
    };
    let mut clusterer = Clusterer::new(Default::default());
    let mut topics = EntityTopics::new(3, 2);
    let mut tagged: HashMap<String, usize> = HashMap::new();
    let mut articles = 0usize;
    // The engine's tables take numbers: the line's place for the article, a number per outlet.
    let mut outlets: HashMap<String, u64> = HashMap::new();
    for line in reader.lines() {
        let Ok(doc) = serde_json::from_str::<Doc>(&line.expect("read")) else {
            continue;
        };
        let story = clusterer.add(&doc).cluster;
        let next = outlets.len() as u64;
        let outlet = *outlets.entry(doc.source.clone()).or_insert(next);
        for (topic, ids) in topics.add(articles as u64, outlet, story.0, &doc.title, &doc.body) {
            *tagged.entry(topic).or_default() += ids.len();
        }
        for gone in topics.take_retracted() {
            tagged.remove(&gone);
        }
        articles += 1;
    }
    let mut list: Vec<(String, usize)> = tagged.into_iter().collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let phrases = list
        .iter()
        .filter(|(t, _)| t.chars().skip(1).all(|c| !c.is_uppercase()) && t.contains(' '))
        .count();
    println!(
        "{articles} articles, {} topics ({phrases} look like keyphrases: one capital, several words)",
        list.len()
    );
    for (t, n) in list.iter().take(top) {
        println!("{n:6}  {t}");
    }
}
