//! The deployment files in `deploy/` stay true to the binary: the settings they pass are real
//! configuration keys, the container builds with the pinned toolchain, and the systemd unit
//! verifies (with `systemd-analyze`, when the machine has it).

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(path: &str) -> String {
    std::fs::read_to_string(repo().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `gazette config` with these variables: its output, or the error that names a bad one.
fn config_with(vars: &[(String, String)]) -> (bool, String) {
    let tmp = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gazette"));
    for (k, _) in std::env::vars().filter(|(k, _)| k.starts_with("GAZETTE_")) {
        cmd.env_remove(k);
    }
    let out = cmd
        .arg("config")
        .envs(vars.iter().map(|(k, v)| (k, v)))
        .current_dir(tmp.path())
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

/// `GAZETTE_*=value` pairs set by a file's `ENV`/`Environment=` lines (comments skipped).
fn gazette_vars(text: &str) -> Vec<(String, String)> {
    let code: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n");
    code.split(|c: char| c.is_whitespace() || c == '\\')
        .map(|w| w.trim_start_matches("Environment="))
        .filter(|w| w.starts_with("GAZETTE_"))
        .filter_map(|w| w.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn the_container_and_the_unit_pass_real_settings() {
    let containerfile = read("deploy/Containerfile");
    let unit = read("deploy/gazette.service");
    for (file, text) in [
        ("Containerfile", &containerfile),
        ("gazette.service", &unit),
    ] {
        let vars = gazette_vars(text);
        assert!(
            vars.iter().any(|(k, _)| k == "GAZETTE_DATA_DIR"),
            "{file} sets the data directory"
        );
        let (ok, shown) = config_with(&vars);
        assert!(ok, "{file}: {shown}");
        for (k, v) in &vars {
            assert!(
                shown.contains(&format!("\"{v}\"")),
                "{file}: {k}={v} not applied:\n{shown}"
            );
        }
    }
    assert!(containerfile.contains("GAZETTE_SERVER_LISTEN=0.0.0.0:8080"));
    assert!(
        containerfile.contains("EXPOSE 8080") && containerfile.contains("/dev/tcp/127.0.0.1/8080")
    );
    assert!(containerfile.contains("GET /healthz") && containerfile.contains("STOPSIGNAL SIGTERM"));
    assert!(
        containerfile.contains("USER 10001"),
        "the container runs as a non-root user"
    );

    // The build stage uses the toolchain the repository pins.
    let toolchain = read("rust-toolchain.toml");
    let channel = toolchain
        .lines()
        .find_map(|l| l.strip_prefix("channel = "))
        .unwrap()
        .trim_matches('"');
    assert!(
        containerfile.contains(&format!("rust:{channel}-")),
        "the Containerfile builds with rust {channel}"
    );
    // What the unit promises.
    for line in [
        "DynamicUser=yes",
        "StateDirectory=gazette",
        "ProtectSystem=strict",
        "NoNewPrivileges=yes",
        "Restart=on-failure",
        "KillSignal=SIGTERM",
    ] {
        assert!(unit.lines().any(|l| l == line), "the unit has {line}");
    }
}

#[test]
fn the_systemd_unit_verifies() {
    if Command::new("systemd-analyze")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("systemd-analyze is not installed: the unit is not verified here");
        return;
    }
    // The unit as installed, with ExecStart pointing at this build's binary.
    let tmp = tempfile::tempdir().unwrap();
    let unit = read("deploy/gazette.service").replace(
        "ExecStart=/usr/local/bin/gazette",
        &format!("ExecStart={}", env!("CARGO_BIN_EXE_gazette")),
    );
    let path = tmp.path().join("gazette.service");
    std::fs::write(&path, unit).unwrap();
    let out = Command::new("systemd-analyze")
        .arg("verify")
        .arg(&path)
        .output()
        .unwrap();
    let said =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && !said.contains("gazette.service"),
        "systemd-analyze verify: {said}"
    );
}
