//! The `gazette` binary: command line, configuration and wiring. All behaviour lives in the
//! library crates; this crate only decides which of them to call.

mod app;
mod config;
mod opml;
mod serve;
mod sources;
mod tools;

use std::path::PathBuf;

use anyhow::Result;
use clap::{Parser, Subcommand};

use crate::config::Config;

/// Gazette: follow news sources and publish them as a news website.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    /// Configuration file (default: ./gazette.toml when it exists).
    #[arg(long, global = true, env = "GAZETTE_CONFIG")]
    config: Option<PathBuf>,
    /// Data directory (overrides `data_dir` and GAZETTE_DATA_DIR).
    #[arg(long, global = true)]
    data_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the website and poll sources in the background.
    Serve {
        /// Start the built-in offline news wire and follow it (no internet needed).
        #[arg(long)]
        demo: bool,
        /// Listen address, e.g. 127.0.0.1:8080 (overrides server.listen).
        #[arg(long)]
        listen: Option<String>,
        /// Serve only; do not poll.
        #[arg(long)]
        no_poll: bool,
    },
    /// Poll sources.
    Poll {
        /// Poll every due source once and exit.
        #[arg(long)]
        once: bool,
        /// Poll every source, due or not.
        #[arg(long)]
        force: bool,
    },
    /// Manage followed sources.
    #[command(subcommand)]
    Source(sources::SourceCommand),
    /// Extract articles from saved HTML files and print one JSON line per file.
    Extract {
        /// The pages' URL (for resolving relative links).
        #[arg(long)]
        url: Option<String>,
        /// HTML files (`.gz` files are decompressed).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Feed tools.
    #[command(subcommand)]
    Feed(tools::FeedCommand),
    /// Import or export the followed sources as OPML.
    #[command(subcommand)]
    Opml(opml::OpmlCommand),
    /// Cluster articles into stories: reads JSON lines {"id","title","body","published","source","url"}
    /// and prints {"id","cluster"} lines, with the engine the pipeline uses.
    Cluster {
        /// A JSON Lines file (`.gz` is decompressed); `-` reads standard input.
        file: PathBuf,
    },
    /// Print the effective configuration as TOML.
    Config,
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    init_logging();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("GAZETTE_LOG").unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new("info,sqlx=warn,hyper=warn,reqwest=warn")
    });
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

async fn run(cli: Cli) -> Result<()> {
    let mut config = Config::load(cli.config.as_deref(), std::env::vars())?;
    if let Some(dir) = cli.data_dir {
        config.data_dir = dir;
    }
    match cli.command {
        Command::Serve {
            demo,
            listen,
            no_poll,
        } => {
            if let Some(listen) = listen {
                config.server.listen = listen;
            }
            serve::serve(
                config,
                serve::ServeOptions {
                    demo,
                    poll: !no_poll,
                },
            )
            .await
        }
        Command::Poll { once, force } => sources::poll(config, once, force).await,
        Command::Source(cmd) => sources::run(config, cmd).await,
        Command::Extract { url, files } => tools::extract(url.as_deref(), &files),
        Command::Feed(cmd) => tools::feed(cmd),
        Command::Opml(cmd) => opml::run(config, cmd).await,
        Command::Cluster { file } => tools::cluster(&file),
        Command::Config => {
            print!("{}", toml::to_string_pretty(&config.shown())?);
            Ok(())
        }
    }
}
