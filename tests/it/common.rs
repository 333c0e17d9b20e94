//! Helpers shared by the integration tests: run the built binary, make scratch folders.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (the package root).
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the built `llm-slo` binary in the repository root.
pub fn llm_slo<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    Command::new(env!("CARGO_BIN_EXE_llm-slo"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("the llm-slo binary runs")
}

/// `exit: N`, then stdout and stderr, for snapshots.
pub fn transcript(output: &Output) -> String {
    let mut text = format!("exit: {}\n", output.status.code().unwrap_or(-1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !stdout.is_empty() {
        text.push_str("--- stdout\n");
        text.push_str(&stdout);
    }
    if !stderr.is_empty() {
        text.push_str("--- stderr\n");
        text.push_str(&stderr);
    }
    text
}

/// A fresh, empty scratch folder under the target directory.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

/// Every file under `dir`, as sorted (relative path, bytes).
pub fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).expect("readable folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let relative = path
                    .strip_prefix(dir)
                    .expect("inside")
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((relative, std::fs::read(&path).expect("readable file")));
            }
        }
    }
    out.sort();
    out
}

/// Runs `promtool test rules` on test files and fails with promtool's output (and `context`)
/// unless every test passes.
pub fn promtool_test_rules(files: &[PathBuf], context: &str) {
    let output = std::process::Command::new(promtool())
        .args(["test", "rules"])
        .args(files)
        .output()
        .expect("promtool runs");
    assert!(
        output.status.success(),
        "promtool test rules failed:\n{context}\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The path of `promtool`, or a failure that says how to install it.
pub fn promtool() -> PathBuf {
    prometheus_binary("promtool")
}

/// The path of the `prometheus` server, or a failure that says how to install it.
pub fn prometheus() -> PathBuf {
    prometheus_binary("prometheus")
}

fn prometheus_binary(name: &str) -> PathBuf {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(name))
            .find(|p| p.is_file())
    });
    found.unwrap_or_else(|| {
        panic!(
            "{name} is not installed, and this test needs it: install Debian's `prometheus` package (`apt-get install -y prometheus`) or put {name} on PATH"
        )
    })
}

/// The findings of `validate --format json`: the `diagnostics` of its object.
pub fn json_findings(output: &std::process::Output) -> Vec<serde_json::Value> {
    let value: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", transcript(output)));
    match value {
        serde_json::Value::Array(items) => items,
        serde_json::Value::Object(mut object) => match object.remove("diagnostics") {
            Some(serde_json::Value::Array(items)) => items,
            _ => panic!("no diagnostics: {}", transcript(output)),
        },
        _ => panic!("not a JSON object: {}", transcript(output)),
    }
}
