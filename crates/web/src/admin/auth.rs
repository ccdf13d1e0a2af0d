//! Passwords, tokens and the login rate limit.
//!
//! Passwords are hashed with Argon2id (the `argon2` crate's defaults: 19 MiB, 2 passes, one
//! lane, as OWASP recommends) in the PHC string format, so that the parameters travel with each
//! hash. Session and form tokens are 32 random bytes from the system's generator; the database
//! keeps only a session token's SHA-256.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine;
use ring::rand::SecureRandom;
use sha2::Digest;

/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Longest password accepted: hashing is deliberately slow, and a megabyte "password" must
/// not make it slower.
pub const MAX_PASSWORD_BYTES: usize = 1024;

/// Why a password cannot be set.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PasswordError {
    #[error("the password must have at least {MIN_PASSWORD_CHARS} characters")]
    TooShort,
    #[error("the password must have at most {MAX_PASSWORD_BYTES} bytes")]
    TooLong,
    #[error("the system's random generator failed")]
    Random,
    #[error("hashing failed: {0}")]
    Hash(String),
}

/// Checks a new password against the policy.
pub fn check_new_password(password: &str) -> Result<(), PasswordError> {
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(PasswordError::TooLong);
    }
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(PasswordError::TooShort);
    }
    Ok(())
}

/// An Argon2id hash of a new password (checked against the policy first).
pub fn hash_password(password: &str) -> Result<String, PasswordError> {
    check_new_password(password)?;
    let salt = SaltString::encode_b64(&random_bytes::<16>()?)
        .map_err(|e| PasswordError::Hash(e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| PasswordError::Hash(e.to_string()))
}

/// Whether `password` matches a stored hash. A hash that cannot be read matches nothing.
pub fn verify_password(password: &str, hash: &str) -> bool {
    if password.len() > MAX_PASSWORD_BYTES {
        return false;
    }
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// A hash that no password typed matches in practice, verified when the account does not
/// exist so that a login takes as long either way (the time does not tell which names exist).
pub(crate) fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| {
        let secret = random_token().unwrap_or_else(|_| "gazette decoy password".into());
        hash_password(&secret).unwrap_or_default()
    })
}

fn random_bytes<const N: usize>() -> Result<[u8; N], PasswordError> {
    let mut bytes = [0u8; N];
    ring::rand::SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| PasswordError::Random)?;
    Ok(bytes)
}

/// 32 random bytes, base64url: a session cookie or a form token.
pub(crate) fn random_token() -> Result<String, PasswordError> {
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(random_bytes::<32>()?))
}

/// What the database keeps of a session token (public for tests that plant sessions).
pub fn session_hash(token: &str) -> String {
    token_hash(token)
}

/// What the database keeps of a session token.
pub(crate) fn token_hash(token: &str) -> String {
    let digest = sha2::Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares two tokens in time independent of where they differ.
pub(crate) fn same_token(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Failed logins counted per account name and per client address over a sliding window: past
/// the limit, a login is refused (429) before its password is checked, whether the name exists
/// or not, so the answer tells an attacker nothing about which names exist.
#[derive(Debug)]
pub(crate) struct LoginLimiter {
    failures: Mutex<HashMap<String, Vec<Instant>>>,
    window: Duration,
    per_account: usize,
    per_address: usize,
}

/// Keys the limiter keeps at most; past it, keys with no failure in the window are dropped,
/// and then the oldest half (an attack spraying names must not grow memory without bound).
const MAX_KEYS: usize = 50_000;

impl Default for LoginLimiter {
    fn default() -> Self {
        LoginLimiter {
            failures: Mutex::default(),
            window: Duration::from_secs(15 * 60),
            per_account: 5,
            per_address: 20,
        }
    }
}

impl LoginLimiter {
    fn keys(name: &str, addr: IpAddr) -> [String; 2] {
        [
            format!("u:{}", name.trim().to_lowercase()),
            format!("a:{addr}"),
        ]
    }

    /// How long until a login for `name` from `addr` may be tried, when it may not now.
    pub(crate) fn blocked_for(&self, name: &str, addr: IpAddr) -> Option<Duration> {
        let now = Instant::now();
        let map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let [account, address] = Self::keys(name, addr);
        [(account, self.per_account), (address, self.per_address)]
            .into_iter()
            .filter_map(|(key, limit)| {
                let times = map.get(&key)?;
                let recent: Vec<&Instant> = times
                    .iter()
                    .filter(|t| now.duration_since(**t) < self.window)
                    .collect();
                (recent.len() >= limit).then(|| {
                    let oldest = recent[recent.len() - limit];
                    self.window.saturating_sub(now.duration_since(*oldest))
                })
            })
            .max()
    }

    pub(crate) fn failed(&self, name: &str, addr: IpAddr) {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= MAX_KEYS {
            map.retain(|_, times| times.iter().any(|t| now.duration_since(*t) < self.window));
            if map.len() >= MAX_KEYS {
                let mut by_age: Vec<(Instant, String)> = map
                    .iter()
                    .map(|(k, t)| (t.last().copied().unwrap_or(now), k.clone()))
                    .collect();
                by_age.sort();
                for (_, k) in by_age.into_iter().take(MAX_KEYS / 2) {
                    map.remove(&k);
                }
            }
        }
        for key in Self::keys(name, addr) {
            let times = map.entry(key).or_default();
            times.retain(|t| now.duration_since(*t) < self.window);
            times.push(now);
        }
    }

    /// A successful login clears its account's count (not its address's).
    pub(crate) fn succeeded(&self, name: &str, addr: IpAddr) {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let [account, _] = Self::keys(name, addr);
        map.remove(&account);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_own_hash_only() {
        let hash = hash_password("correct horse battery").unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify_password("correct horse battery", &hash));
        assert!(!verify_password("correct horse batterx", &hash));
        assert!(!verify_password("correct horse battery", "not a hash"));
        assert_ne!(hash, hash_password("correct horse battery").unwrap());
    }

    #[test]
    fn short_and_huge_passwords_are_refused() {
        assert_eq!(hash_password("short"), Err(PasswordError::TooShort));
        let huge = "x".repeat(MAX_PASSWORD_BYTES + 1);
        assert_eq!(hash_password(&huge), Err(PasswordError::TooLong));
        assert!(!verify_password(&huge, decoy_hash()));
    }

    #[test]
    fn tokens_are_random_and_compared_whole() {
        let (a, b) = (random_token().unwrap(), random_token().unwrap());
        assert_eq!(a.len(), 43);
        assert_ne!(a, b);
        assert!(same_token(&a, &a.clone()));
        assert!(!same_token(&a, &b));
        assert!(!same_token(&a, &a[..42]));
        assert_eq!(token_hash("x").len(), 64);
    }

    #[test]
    fn the_limiter_blocks_an_account_from_any_address_and_an_address_for_any_account() {
        let limiter = LoginLimiter::default();
        let (a, b): (IpAddr, IpAddr) = ("10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap());
        for _ in 0..4 {
            limiter.failed("Editor", a);
        }
        assert!(limiter.blocked_for("editor", b).is_none());
        limiter.failed("editor", a);
        assert!(
            limiter.blocked_for("editor", b).is_some(),
            "the account is locked"
        );
        assert!(limiter.blocked_for("nobody", b).is_none());
        for i in 0..15 {
            limiter.failed(&format!("name{i}"), a);
        }
        assert!(
            limiter.blocked_for("someone-else", a).is_some(),
            "the address is locked"
        );
        limiter.succeeded("editor", b);
        assert!(limiter.blocked_for("editor", b).is_none());
    }
}
