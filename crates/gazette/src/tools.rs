//! Offline tools for site owners debugging a source: `gazette extract` and `gazette feed parse`.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum FeedCommand {
    /// Parse a feed file and print it as JSON.
    Parse {
        file: PathBuf,
        /// The document's URL (base for relative links).
        #[arg(long)]
        url: Option<String>,
        /// An HTTP response header, e.g. "Content-Type: application/rss+xml; charset=utf-8".
        #[arg(long = "header")]
        headers: Vec<String>,
    },
}

/// Reads a file, decompressing it when its name ends in `.gz`. Refuses more than 64 MB.
fn read_input(path: &Path) -> Result<Vec<u8>> {
    const LIMIT: u64 = 64 * 1024 * 1024;
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut bytes = Vec::new();
    if path.extension().is_some_and(|e| e == "gz") {
        flate2::read::GzDecoder::new(file)
            .take(LIMIT + 1)
            .read_to_end(&mut bytes)
    } else {
        file.take(LIMIT + 1).read_to_end(&mut bytes)
    }
    .with_context(|| format!("cannot read {}", path.display()))?;
    anyhow::ensure!(
        bytes.len() as u64 <= LIMIT,
        "{} is larger than 64 MB",
        path.display()
    );
    Ok(bytes)
}

pub fn extract(url: Option<&str>, files: &[PathBuf]) -> Result<()> {
    let mut failed = 0;
    for path in files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let id = name
            .trim_end_matches(".gz")
            .trim_end_matches(".html")
            .trim_end_matches(".htm")
            .to_string();
        let result = read_input(path).and_then(|bytes| {
            let opts = gazette_extract::Options {
                url: url.map(str::to_string),
                http_charset: None,
            };
            gazette_extract::extract(&bytes, &opts).map_err(anyhow::Error::from)
        });
        let line = match result {
            Ok(a) => serde_json::json!({
                "id": id, "url": a.canonical_url.clone().or_else(|| url.map(str::to_string)),
                "title": a.title, "byline": a.byline,
                "published": a.published.map(|d| d.to_rfc3339()), "lang": a.lang, "siteName": a.site_name,
                "excerpt": a.excerpt, "articleBody": a.text, "html": a.html,
            }),
            Err(e) => {
                failed += 1;
                eprintln!("{}: {e:#}", path.display());
                serde_json::json!({ "id": id, "error": format!("{e:#}") })
            }
        };
        println!("{line}");
    }
    anyhow::ensure!(
        failed == 0 || failed < files.len(),
        "no file could be extracted"
    );
    Ok(())
}

pub fn feed(cmd: FeedCommand) -> Result<()> {
    let FeedCommand::Parse { file, url, headers } = cmd;
    let bytes = read_input(&file)?;
    let mut opts = gazette_feed::ParseOptions {
        url,
        ..Default::default()
    };
    for h in &headers {
        let (name, value) = h
            .split_once(':')
            .with_context(|| format!("--header {h:?} is not \"Name: value\""))?;
        let value = Some(value.trim().to_string());
        match name.trim().to_ascii_lowercase().as_str() {
            "content-type" => opts.content_type = value,
            "content-location" => opts.content_location = value,
            "content-language" => opts.content_language = value,
            _ => {}
        }
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match gazette_feed::parse(&bytes, &opts) {
        Ok(feed) => feed.write_result_json(&mut out)?,
        Err(e) => serde_json::to_writer_pretty(
            &mut out,
            &serde_json::json!({ "feed": {}, "entries": [], "error": e.to_string() }),
        )?,
    }
    writeln!(out)?;
    out.flush()?;
    Ok(())
}

pub fn cluster(file: &Path) -> Result<()> {
    let stdout = std::io::stdout();
    let out = std::io::BufWriter::new(stdout.lock());
    let stats = if file == Path::new("-") {
        gazette_story::run_jsonl(std::io::stdin().lock(), out)
    } else {
        let f =
            std::fs::File::open(file).with_context(|| format!("cannot open {}", file.display()))?;
        if file.extension().is_some_and(|e| e == "gz") {
            gazette_story::run_jsonl(
                std::io::BufReader::new(flate2::read::GzDecoder::new(f)),
                out,
            )
        } else {
            gazette_story::run_jsonl(std::io::BufReader::new(f), out)
        }
    }
    .with_context(|| format!("cannot cluster {}", file.display()))?;
    eprintln!("{stats:?}");
    Ok(())
}
