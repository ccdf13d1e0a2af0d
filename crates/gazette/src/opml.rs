//! `gazette opml import FILE` and `gazette opml export`: moving a subscription list between
//! Gazette and other readers. Folders become the sources' topics.

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Subcommand;
use gazette_model::ExtractMode;
use gazette_store::{NewSource, SourceChanges, StoreError};

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
            let opml = gazette_feed::opml::parse(&bytes)
                .with_context(|| format!("{} is not a readable OPML file", file.display()))?;
            for w in &opml.warnings {
                eprintln!("warning: {w}");
            }
            let (mut added, mut skipped) = (0, 0);
            for sub in opml.subscriptions() {
                if let Err(e) = app.pipeline.fetcher().check_url(&sub.xml_url).await {
                    eprintln!("skipped {}: {e}", sub.xml_url);
                    skipped += 1;
                    continue;
                }
                let source = match app
                    .store
                    .add_source(NewSource {
                        url: sub.xml_url.clone(),
                        name: sub.title.clone(),
                        extract_mode: ExtractMode::Auto,
                    })
                    .await
                {
                    Ok(s) => s,
                    Err(StoreError::DuplicateSource(_)) => {
                        skipped += 1;
                        continue;
                    }
                    Err(e) => return Err(e.into()),
                };
                if let Some(folder) = sub.folder.last() {
                    let changes = SourceChanges {
                        topic: Some(Some(folder.clone())),
                        ..SourceChanges::default()
                    };
                    app.store.update_source(source.id, &changes).await?;
                }
                added += 1;
            }
            println!(
                "Imported {added} source(s); {skipped} skipped (already followed or refused). Run `gazette poll --once` to fetch them."
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
