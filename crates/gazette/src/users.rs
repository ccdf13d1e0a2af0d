//! `gazette user ...`: the admin's accounts. Passwords are read from standard input when it is
//! not a terminal (one line, for scripts), else asked for twice without echo; they are hashed
//! with Argon2id before they reach the store and never printed or logged.

use std::io::{BufRead, IsTerminal, Read, Write};

use anyhow::{Context, Result, bail};
use clap::Subcommand;
use gazette_store::{Role, StoreError};
use gazette_web::admin::auth;

use crate::app::App;
use crate::config::Config;

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account; the password is read from standard input (or asked for).
    Add {
        name: String,
        /// admin (everything) or editor (articles, stories and topics).
        #[arg(long, value_parser = parse_role)]
        role: Role,
    },
    /// List the accounts.
    List,
    /// Delete an account and end its sessions.
    Remove { name: String },
    /// Set an account's password (read from standard input, or asked for); its sessions end.
    Password { name: String },
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s).ok_or_else(|| format!("{s:?} is not one of admin, editor"))
}

/// Reads a new password: one line of standard input when it is not a terminal, else typed twice
/// without echo.
fn read_new_password() -> Result<String> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        let mut line = String::new();
        stdin
            .lock()
            .take(auth::MAX_PASSWORD_BYTES as u64 + 2)
            .read_line(&mut line)
            .context("cannot read the password from standard input")?;
        let password = line.trim_end_matches(['\n', '\r']).to_string();
        auth::check_new_password(&password)?;
        return Ok(password);
    }
    let first = prompt_hidden("New password: ")?;
    auth::check_new_password(&first)?;
    let second = prompt_hidden("The same password again: ")?;
    if first != second {
        bail!("the two passwords differ; nothing was changed");
    }
    Ok(first)
}

/// Asks on the terminal with echo turned off (`stty -echo`), and turns it back on whatever
/// happens.
fn prompt_hidden(prompt: &str) -> Result<String> {
    struct Echo;
    impl Drop for Echo {
        fn drop(&mut self) {
            let _ = std::process::Command::new("stty")
                .arg("echo")
                .stdin(std::process::Stdio::inherit())
                .status();
        }
    }
    let hidden = std::process::Command::new("stty")
        .arg("-echo")
        .stdin(std::process::Stdio::inherit())
        .status()
        .is_ok_and(|s| s.success());
    if !hidden {
        bail!(
            "cannot turn off the terminal's echo; pipe the password instead: `printf '%s\\n' \"$PASSWORD\" | gazette user ...`"
        );
    }
    let _echo = Echo;
    eprint!("{prompt}");
    std::io::stderr().flush().ok();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("cannot read the password")?;
    eprintln!();
    Ok(line.trim_end_matches(['\n', '\r']).to_string())
}

async fn hash(password: String) -> Result<String> {
    Ok(tokio::task::spawn_blocking(move || auth::hash_password(&password)).await??)
}

pub async fn run(config: Config, cmd: UserCommand) -> Result<()> {
    let app = App::open(config).await?;
    let store = app.store.as_ref();
    let now = chrono::Utc::now();
    match cmd {
        UserCommand::Add { name, role } => {
            let name = name.trim().to_string();
            if !gazette_web::admin::valid_user_name(&name) {
                bail!("a name has 1 to 64 letters, digits, dots, dashes, underscores or @");
            }
            if store.user_credentials(&name).await?.is_some() {
                bail!(
                    "an account named {name} exists already (`gazette user password {name}` sets its password)"
                );
            }
            let hashed = hash(read_new_password()?).await?;
            match store.add_user(&name, role, &hashed, now).await {
                Ok(_) => {}
                Err(StoreError::DuplicateUser(_)) => {
                    bail!("an account named {name} exists already")
                }
                Err(e) => return Err(e.into()),
            }
            store
                .record_audit(
                    "(command line)",
                    "account.add",
                    &format!("account {name}"),
                    &format!("role {}", role.as_str()),
                    now,
                )
                .await?;
            println!(
                "Added the {} account {name}; it signs in at /admin/login",
                role.as_str()
            );
        }
        UserCommand::List => {
            let users = store.users().await?;
            if users.is_empty() {
                println!("No account yet: `gazette user add NAME --role admin` creates one.");
            }
            for u in users {
                println!(
                    "{:<24} {:<7} created {}",
                    u.name,
                    u.role.as_str(),
                    u.created_at.format("%Y-%m-%d")
                );
            }
        }
        UserCommand::Remove { name } => {
            if !store.remove_user(&name).await? {
                bail!("there is no account named {name} (see `gazette user list`)");
            }
            store
                .record_audit(
                    "(command line)",
                    "account.remove",
                    &format!("account {name}"),
                    "",
                    now,
                )
                .await?;
            println!("Removed the account {name}; its sessions have ended.");
        }
        UserCommand::Password { name } => {
            if store.user_credentials(&name).await?.is_none() {
                bail!("there is no account named {name} (see `gazette user list`)");
            }
            let hashed = hash(read_new_password()?).await?;
            store.set_password(&name, &hashed, now).await?;
            store
                .record_audit(
                    "(command line)",
                    "account.password",
                    &format!("account {name}"),
                    "",
                    now,
                )
                .await?;
            println!("Changed the password of {name}; its sessions have ended.");
        }
    }
    Ok(())
}
