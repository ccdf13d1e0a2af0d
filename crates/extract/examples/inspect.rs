//! Shows what the extractor does with one page: removed furniture, metadata, body text.
//!
//! `cargo run -p gazette-extract --example inspect -- PAGE.html[.gz] [URL]`

use std::io::Read;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: inspect PAGE.html[.gz] [URL]");
        std::process::exit(2);
    };
    let raw = std::fs::read(path).expect("read page");
    let bytes = if path.ends_with(".gz") {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&raw[..])
            .read_to_end(&mut out)
            .expect("gunzip");
        out
    } else {
        raw
    };
    let opts = gazette_extract::Options {
        url: args.get(1).cloned(),
        http_charset: None,
    };
    let (result, report) = gazette_extract::extract_with_report(&bytes, &opts);
    for line in report {
        println!("REMOVED {line}");
    }
    match result {
        Ok(a) => {
            let text = std::mem::take(&mut { a.text.clone() });
            let html_len = a.html.len();
            println!(
                "{:#?}",
                gazette_extract::Article {
                    text: String::new(),
                    html: format!("({html_len} bytes)"),
                    ..a
                }
            );
            println!("----\n{text}");
        }
        Err(e) => println!("error: {e}"),
    }
}
