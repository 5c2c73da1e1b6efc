//! Shared helpers for the integration tests: the real binary, and one small model trained once
//! from our own fixture labels.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use assert_cmd::Command;

/// The `framing` binary under test.
pub fn framing() -> Command {
    Command::cargo_bin("framing").expect("the binary is built")
}

/// A path inside `tests/fixtures`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A path inside `examples/`.
pub fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
}

/// A folder that lives as long as the test process.
pub fn scratch() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("a temporary folder"))
        .path()
}

/// A model trained on `tests/fixtures/labels-small.csv`, once per test binary.
pub fn small_model() -> &'static Path {
    static MODEL: OnceLock<PathBuf> = OnceLock::new();
    MODEL.get_or_init(|| {
        let path = scratch().join("small-model.json");
        framing()
            .args(["train", "--labels"])
            .arg(fixture("labels-small.csv"))
            .arg("--out")
            .arg(&path)
            .assert()
            .success();
        path
    })
}

/// Writes `contents` to a new file in the scratch folder and returns its path.
pub fn write(name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let path = scratch().join(name);
    std::fs::write(&path, contents).expect("scratch is writable");
    path
}

/// `../shared/<relative>` beside the project, when present (tests that need it skip otherwise).
pub fn shared(relative: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(relative);
    if path.exists() {
        Some(path)
    } else {
        eprintln!("skipped: {} is absent", path.display());
        None
    }
}

/// Runs `command`, asserts that it succeeded (showing its standard error if not) and returns
/// its standard output.
pub fn stdout_of(command: &mut Command) -> Vec<u8> {
    let output = command.output().expect("the command runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// Parses JSON lines.
pub fn json_lines(bytes: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(bytes)
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect()
}
