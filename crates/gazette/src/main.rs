//! The `gazette` binary: command line, configuration and wiring. All behaviour lives in the
//! library crates; this crate only decides which of them to call.

mod app;
mod backup;
mod config;
mod opml;
mod serve;
mod shutdown;
mod sources;
mod tools;
mod users;

use std::path::PathBuf;

use anyhow::Result;
use clap::{Parser, Subcommand};

use crate::config::Config;

/// mimalloc rather than the system allocator: the story desk allocates and frees millions of
/// small strings and vectors from several threads; with glibc's malloc rebuilding the desk
/// over 100,000 stored articles took 54–64 s, with mimalloc 39 s, at about the same memory
/// (BENCHMARKS.md, "Serving at portal scale"). It also serves SQLite's `malloc` (the crate's
/// `override` feature): glibc gave each connection's thread an arena it never gave back.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    /// Manage the admin's accounts (sign in at /admin).
    #[command(subcommand)]
    User(users::UserCommand),
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
    /// Purge old entries now (the background task does it hourly when retention_days is set);
    /// a purged entry is never imported again.
    Purge {
        /// Purge entries published more than this many days ago (default: retention_days).
        #[arg(long)]
        older_than: Option<u32>,
    },
    /// Copy the data directory (database and media key) into DIR, consistently, while Gazette
    /// keeps running; `serve --data-dir DIR` restores it. With PostgreSQL: prints the pg_dump
    /// command to use.
    Backup {
        /// A new or empty directory.
        dir: PathBuf,
    },
    /// Print the effective configuration as TOML.
    Config,
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    // The configuration decides the log format; its own errors go to standard error as text.
    let config = match Config::load(cli.config.as_deref(), std::env::vars()) {
        Ok(config) => config,
        Err(e) => {
            eprintln!("error: {e:#}");
            return std::process::ExitCode::FAILURE;
        }
    };
    init_logging(config.log_format);
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
    match runtime.block_on(run(cli, config)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Logs go to standard error: text (colored on a terminal only) or one JSON object per line
/// whose keys are the text format's: `timestamp`, `level`, `target`, `message` and the event's
/// own fields at the top level.
fn init_logging(format: config::LogFormat) {
    use std::io::IsTerminal;
    let filter = tracing_subscriber::EnvFilter::try_from_env("GAZETTE_LOG").unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new("info,sqlx=warn,hyper=warn,reqwest=warn")
    });
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        config::LogFormat::Text => logs.with_ansi(std::io::stderr().is_terminal()).init(),
        config::LogFormat::Json => logs
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .with_span_list(false)
            .init(),
    }
}

async fn run(cli: Cli, mut config: Config) -> Result<()> {
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
        Command::User(cmd) => users::run(config, cmd).await,
        Command::Extract { url, files } => tools::extract(url.as_deref(), &files),
        Command::Feed(cmd) => tools::feed(cmd),
        Command::Opml(cmd) => opml::run(config, cmd).await,
        Command::Cluster { file } => tools::cluster(&file),
        Command::Purge { older_than } => sources::purge(config, older_than).await,
        Command::Backup { dir } => backup::backup(config, &dir).await,
        Command::Config => {
            print!("{}", toml::to_string_pretty(&config.shown())?);
            Ok(())
        }
    }
}
