//! `gazette opml import FILE` and `gazette opml export`: moving a subscription list between
//! Gazette and other readers. Folders become the sources' topics.

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Subcommand;

use crate::app::App;
use crate::config::Config;

#[derive(Debug, Subcommand)]
pub enum OpmlCommand {
    /// Follow every feed of an OPML file; a feed's folder becomes its topic.
    Import { file: PathBuf },
    /// Print every followed source as OPML 2.0, grouped by topic. Passwords inside feed URLs
    /// are written as `***` unless `--include-credentials` is given.
    Export {
        /// Keep passwords inside feed URLs (the file then holds secrets: store it accordingly).
        #[arg(long)]
        include_credentials: bool,
    },
}

pub async fn run(config: Config, cmd: OpmlCommand) -> Result<()> {
    let app = App::open(config).await?;
    match cmd {
        OpmlCommand::Import { file } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let report =
                gazette_pipeline::import_opml(app.pipeline.fetcher(), app.store.as_ref(), &bytes)
                    .await
                    .with_context(|| format!("cannot import {}", file.display()))?;
            for w in &report.warnings {
                eprintln!("warning: {w}");
            }
            for (url, why) in &report.refused {
                eprintln!("skipped {url}: {why}");
            }
            println!(
                "Imported {} source(s); {} skipped (already followed or refused). Run `gazette poll --once` to fetch them.",
                report.added,
                report.duplicates + report.refused.len()
            );
            Ok(())
        }
        OpmlCommand::Export {
            include_credentials,
        } => {
            let sources = app.store.list_sources().await?;
            let mut redacted = 0;
            let subs: Vec<_> = sources
                .into_iter()
                .map(|s| gazette_feed::opml::Subscription {
                    xml_url: if include_credentials {
                        s.url.clone()
                    } else {
                        let shown = s.display_url().into_owned();
                        redacted += usize::from(shown != s.url);
                        shown
                    },
                    title: Some(s.name.clone()),
                    html_url: s.site_link().map(str::to_owned),
                    folder: s.topic.into_iter().collect(),
                })
                .collect();
            print!(
                "{}",
                gazette_feed::opml::export("Gazette subscriptions", &subs)
            );
            if redacted > 0 {
                eprintln!(
                    "note: {redacted} feed URL(s) hold a password, written as ***; use --include-credentials to keep them"
                );
            }
            Ok(())
        }
    }
}
