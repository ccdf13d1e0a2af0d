//! Machine-checked invariants of the demo crate.

use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn crate_sources() -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    sources(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    assert!(files.len() > 5);
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect()
}

/// **Invariant:** the wire only listens; it never opens a connection, resolves a name or
/// embeds a client, so the demo works offline and tests never touch the internet.
#[test]
fn the_wire_never_reaches_out() {
    for (path, text) in crate_sources() {
        for forbidden in [
            "TcpStream::connect",
            "UdpSocket",
            "lookup_host",
            "to_socket_addrs",
            "reqwest",
            "hyper::client",
        ] {
            assert!(
                !text.contains(forbidden),
                "{} uses {forbidden}",
                path.display()
            );
        }
    }
    let manifest =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    let deps = manifest.split("[dev-dependencies]").next().unwrap();
    assert!(
        !deps.contains("reqwest"),
        "the wire must not depend on an HTTP client"
    );
}

/// Every module says what it is for.
#[test]
fn every_module_opens_with_its_purpose() {
    for (path, text) in crate_sources() {
        assert!(
            text.trim_start().starts_with("//!"),
            "{} has no //! paragraph",
            path.display()
        );
    }
}
