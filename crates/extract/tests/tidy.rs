//! Tidy: the extract stage stays pure. Its manifest must not depend on an
//! async runtime, an HTTP client or a database driver.

#[test]
fn no_io_dependencies() {
    let manifest = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"))
        .expect("Cargo.toml");
    let deps = manifest
        .split("[dependencies]")
        .nth(1)
        .unwrap_or("")
        .split("\n[")
        .next()
        .unwrap_or("");
    for forbidden in ["tokio", "reqwest", "sqlx", "hyper", "axum"] {
        assert!(
            !deps.lines().any(|l| l.trim_start().starts_with(forbidden)),
            "gazette-extract must not depend on {forbidden}"
        );
    }
}
