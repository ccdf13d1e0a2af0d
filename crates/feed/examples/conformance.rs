//! Runs the parser over a feed conformance corpus and writes one result line per case.
//!
//! Usage: `cargo run -p gazette-feed --example conformance -- CORPUS_DIR OUT.jsonl`
//!
//! CORPUS_DIR holds `expectations.jsonl` and `cases/`; each output line is
//! `{"case", "feed", "entries", "error"}` in the corpus's result model, ready for its checker.

use std::io::{BufRead, Write};
use std::path::PathBuf;

use gazette_feed::{ParseOptions, parse};
use serde_json::{Value, json};

fn header(headers: Option<&Value>, name: &str) -> Option<String> {
    let obj = headers?.as_object()?;
    obj.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .and_then(|(_, v)| v.as_str())
        .map(str::to_owned)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(out)) = (args.next(), args.next()) else {
        eprintln!("usage: conformance CORPUS_DIR OUT.jsonl");
        std::process::exit(2);
    };
    let dir = PathBuf::from(dir);
    let expectations = std::fs::File::open(dir.join("expectations.jsonl"))?;
    let mut out = std::io::BufWriter::new(std::fs::File::create(out)?);
    let mut count = 0usize;
    for line in std::io::BufReader::new(expectations).lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let exp: Value = serde_json::from_str(&line)?;
        let case = exp["case"].as_str().unwrap_or_default().to_owned();
        let bytes = std::fs::read(dir.join("cases").join(&case))?;
        let input = exp.get("input");
        let headers = input.and_then(|i| i.get("headers"));
        let opts = ParseOptions {
            url: input
                .and_then(|i| i.get("url"))
                .and_then(Value::as_str)
                .map(str::to_owned),
            content_type: header(headers, "content-type"),
            content_location: header(headers, "content-location"),
            content_language: header(headers, "content-language"),
        };
        let result = match parse(&bytes, &opts) {
            Ok(feed) => {
                let r = feed.to_result_json();
                json!({"case": case, "feed": r["feed"], "entries": r["entries"], "error": null})
            }
            Err(e) => json!({"case": case, "feed": null, "entries": [], "error": e.to_string()}),
        };
        serde_json::to_writer(&mut out, &result)?;
        out.write_all(b"\n")?;
        count += 1;
    }
    out.flush()?;
    eprintln!("{count} cases written");
    Ok(())
}
