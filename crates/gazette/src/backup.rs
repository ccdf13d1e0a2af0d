//! `gazette backup DIR`: a complete, consistent copy of the data directory, taken while
//! `serve` or `poll` keep running and writing.
//!
//! The SQLite database is copied with `VACUUM INTO` (one read snapshot, so a write in progress
//! is either wholly in the copy or not at all; the copy has no WAL to go with it); the data
//! directory's other files (the media proxy's signing key) are copied beside it. The copy is
//! written under a temporary name and renamed when whole, so an interrupted backup never
//! looks like a finished one. Restoring is starting Gazette on the copy (`--data-dir DIR`), or
//! moving its files into the data directory while Gazette is stopped. With PostgreSQL the
//! database is backed up with `pg_dump`; the command for the configured database is printed.

use std::path::Path;

use anyhow::{Context, Result, bail, ensure};
use gazette_store::{SqliteStore, Store};

use crate::config::Config;

pub async fn backup(config: Config, dir: &Path) -> Result<()> {
    if !config.database_url.trim().is_empty() {
        bail!(
            "this site's database is PostgreSQL: back it up with pg_dump, e.g.\n  \
             pg_dump --format=custom --file={dump} '{url}'\n\
             (the password is elided here; pg_dump reads it from PGPASSWORD or ~/.pgpass), \
             and copy {key} beside it. Restore with\n  pg_restore --clean --if-exists --dbname='{url}' {dump}",
            dump = dir.join("gazette.pgdump").display(),
            url = config.shown().database_url,
            key = config.data_dir.join("media.key").display(),
        );
    }
    let data = &config.data_dir;
    let db = data.join(gazette_store::DB_FILE);
    ensure!(
        db.is_file(),
        "no database to back up: {} does not exist (is the data directory right? --data-dir or GAZETTE_DATA_DIR)",
        db.display()
    );
    if dir.exists() {
        ensure!(
            std::fs::read_dir(dir)
                .with_context(|| format!("cannot read {}", dir.display()))?
                .next()
                .is_none(),
            "{} is not empty: a backup goes into a new or empty directory",
            dir.display()
        );
    }
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;

    let store = SqliteStore::open_dir(data)
        .await
        .with_context(|| format!("cannot open the database in {}", data.display()))?;
    let partial = dir.join(format!("{}.partial", gazette_store::DB_FILE));
    let _ = std::fs::remove_file(&partial);
    store
        .backup_into(&partial)
        .await
        .with_context(|| format!("cannot write {}", partial.display()))?;
    let target = dir.join(gazette_store::DB_FILE);
    std::fs::rename(&partial, &target).with_context(|| {
        format!(
            "cannot rename {} to {}",
            partial.display(),
            target.display()
        )
    })?;

    // The rest of the data directory: its own files (the media key), not the live database's
    // journal or lock and not the demo's throwaway database.
    let mut others = Vec::new();
    for item in
        std::fs::read_dir(data).with_context(|| format!("cannot read {}", data.display()))?
    {
        let item = item?;
        let name = item.file_name().to_string_lossy().into_owned();
        // The database, its WAL and shared memory, the story desk's lock file.
        let live = name == gazette_store::DB_FILE
            || name.starts_with(&format!("{}-", gazette_store::DB_FILE))
            || name.starts_with(&format!("{}.", gazette_store::DB_FILE));
        if live || !item.file_type()?.is_file() {
            continue;
        }
        std::fs::copy(item.path(), dir.join(&name))
            .with_context(|| format!("cannot copy {}", item.path().display()))?;
        others.push(name);
    }

    let copy = SqliteStore::open_file(&target)
        .await
        .with_context(|| format!("the copy {} does not open", target.display()))?;
    let articles = copy.count_entries().await?;
    let sources = copy.list_sources().await?.len();
    let size = std::fs::metadata(&target)?.len();
    println!(
        "Backed up {articles} articles and {sources} sources into {} ({:.1} MB{}{}).",
        dir.display(),
        size as f64 / 1e6,
        if others.is_empty() { "" } else { "; also " },
        others.join(", ")
    );
    println!(
        "To restore: stop Gazette and start it with --data-dir {}, or replace the data directory's files with these ({db}-wal and {db}-shm removed: a stale WAL would be applied to the copy).",
        dir.display(),
        db = gazette_store::DB_FILE
    );
    Ok(())
}
