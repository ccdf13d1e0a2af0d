//! Architecture invariants of the fetch stage, checked by machine.

use std::path::Path;

/// One TLS provider in the whole build: rustls with ring. A second provider (aws-lc,
/// native-tls/OpenSSL) would double the build and make the process-default provider
/// ambiguous at run time.
#[test]
fn one_tls_provider_in_the_lock_file() {
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../Cargo.lock");
    let lock = std::fs::read_to_string(lock).expect("workspace Cargo.lock");
    for forbidden in ["aws-lc-rs", "aws-lc-sys", "native-tls", "openssl-sys"] {
        assert!(
            !lock.contains(&format!("name = \"{forbidden}\"")),
            "{forbidden} is in Cargo.lock: only rustls with ring is allowed"
        );
    }
}

/// The fetch stage has no database and knows nothing about parsing.
#[test]
fn no_storage_or_parsing_dependencies() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
    let manifest = std::fs::read_to_string(manifest).unwrap();
    for forbidden in [
        "sqlx",
        "gazette-store",
        "gazette-feed",
        "gazette-extract",
        "gazette-pipeline",
        "html5ever",
        "quick-xml",
    ] {
        assert!(
            !manifest.contains(forbidden),
            "gazette-fetch must not depend on {forbidden}"
        );
    }
}
