//! Architecture invariants, checked by machine.
//!
//! - The pure crates (feed, extract, story, model) never depend on tokio, reqwest, sqlx or a
//!   web framework, directly or through another crate.
//! - Only the store crate speaks SQL (depends on sqlx).
//! - Every crate root opens with a `//!` paragraph saying what the crate is for.
//! - Every declared dependency is used (a dev-dependency by tests, examples or test code).

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::process::Command;

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// package name → names of its normal (non-dev, non-build) dependencies, as resolved.
fn resolved_graph() -> (HashMap<String, Vec<String>>, HashMap<String, String>) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    // Resolved for this machine only: `--offline` cannot read crates for other platforms
    // that were never downloaded (a fresh machine fetches only what its builds need).
    let rustc = Command::new("rustc")
        .arg("-vV")
        .current_dir(workspace_root())
        .output()
        .expect("rustc -vV runs");
    let host = String::from_utf8_lossy(&rustc.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_owned))
        .expect("rustc names its host");
    let out = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--offline"])
        .args(["--filter-platform", &host])
        .current_dir(workspace_root())
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: HashMap<String, String> = meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["id"].as_str().unwrap().to_string(),
                p["name"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut graph = HashMap::new();
    for node in meta["resolve"]["nodes"].as_array().unwrap() {
        let id = node["id"].as_str().unwrap().to_string();
        let deps = node["deps"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| {
                d["dep_kinds"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|k| k["kind"].is_null())
            })
            .map(|d| d["pkg"].as_str().unwrap().to_string())
            .collect();
        graph.insert(id, deps);
    }
    (graph, names)
}

fn reachable(package: &str) -> BTreeSet<String> {
    let (graph, names) = resolved_graph();
    let start = names
        .iter()
        .find(|(_, n)| *n == package)
        .map(|(id, _)| id.clone())
        .expect("package exists");
    let mut seen = BTreeSet::new();
    let mut stack = vec![start];
    let mut out = BTreeSet::new();
    while let Some(id) = stack.pop() {
        for dep in graph.get(&id).into_iter().flatten() {
            if seen.insert(dep.clone()) {
                out.insert(names[dep].clone());
                stack.push(dep.clone());
            }
        }
    }
    out
}

#[test]
fn pure_crates_do_no_io() {
    const FORBIDDEN: &[&str] = &["tokio", "reqwest", "sqlx", "hyper", "axum", "mio"];
    for pure in [
        "gazette-model",
        "gazette-feed",
        "gazette-extract",
        "gazette-story",
    ] {
        let deps = reachable(pure);
        let bad: Vec<_> = FORBIDDEN.iter().filter(|f| deps.contains(**f)).collect();
        assert!(
            bad.is_empty(),
            "{pure} must stay pure but depends on {bad:?}"
        );
    }
}

#[test]
fn only_the_store_speaks_sql() {
    let root = workspace_root().join("crates");
    for entry in std::fs::read_dir(&root).unwrap() {
        let dir = entry.unwrap().path();
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let deps = manifest.split("[dev-dependencies]").next().unwrap();
        if name != "store" {
            assert!(
                !deps.contains("sqlx"),
                "crates/{name} must not depend on sqlx: SQL lives in crates/store"
            );
        }
    }
}

#[test]
fn every_crate_says_what_it_is_for() {
    let root = workspace_root().join("crates");
    for entry in std::fs::read_dir(&root).unwrap() {
        let dir = entry.unwrap().path();
        let src = dir.join("src");
        let file = ["lib.rs", "main.rs"]
            .iter()
            .map(|f| src.join(f))
            .find(|p| p.exists())
            .unwrap();
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            text.trim_start().starts_with("//!"),
            "{} must open with a //! paragraph",
            file.display()
        );
    }
}

/// The dependency names declared in one `[section]` of a manifest.
fn declared(manifest: &str, section: &str) -> Vec<String> {
    let mut in_section = false;
    let mut names = Vec::new();
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_section = line == format!("[{section}]");
            continue;
        }
        if !in_section || line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.split(['=', '.', ' ']).next().filter(|n| !n.is_empty()) {
            names.push(name.to_string());
        }
    }
    names
}

/// Whether Rust code under `dirs` of `krate` names `ident` as a path or a `use`.
fn mentions(krate: &std::path::Path, dirs: &[&str], ident: &str) -> bool {
    fn walk(dir: &std::path::Path, ident: &str) -> bool {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return false;
        };
        entries.flatten().any(|e| {
            let path = e.path();
            if path.is_dir() {
                return walk(&path, ident);
            }
            path.extension().is_some_and(|x| x == "rs")
                && std::fs::read_to_string(&path).is_ok_and(|text| {
                    text.contains(&format!("{ident}::"))
                        || text.contains(&format!("use {ident}"))
                        || text.contains(&format!("{ident} as "))
                })
        })
    }
    dirs.iter().any(|d| walk(&krate.join(d), ident))
}

#[test]
fn every_declared_dependency_is_used() {
    let root = workspace_root();
    let mut unused = Vec::new();
    let crates = std::fs::read_dir(root.join("crates"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .chain([root.join("xtask")]);
    for krate in crates {
        let Ok(manifest) = std::fs::read_to_string(krate.join("Cargo.toml")) else {
            continue;
        };
        for (section, dirs) in [
            ("dependencies", &["src"][..]),
            (
                "dev-dependencies",
                &["src", "tests", "examples", "benches"][..],
            ),
        ] {
            for dep in declared(&manifest, section) {
                if !mentions(&krate, dirs, &dep.replace('-', "_")) {
                    unused.push(format!("{}: [{section}] {dep}", krate.display()));
                }
            }
        }
    }
    assert!(unused.is_empty(), "declared but never used: {unused:#?}");
}
