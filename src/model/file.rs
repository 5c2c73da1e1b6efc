//! The model file: one JSON document that starts with its format name and version. Saved
//! atomically (a temporary file in the same folder, then a rename); loading says plainly when a
//! file is truncated, corrupt, not a model, or of a newer format.

use std::io::Write;
use std::path::Path;

use serde::Deserialize;

use super::Model;
use crate::error::{Error, Result};

/// The `format` field of every model file.
pub const FORMAT: &str = "framing-model";
/// The newest format version this build reads and the one it writes. Version 2 added the
/// featurizer's `unknown_words`; version 1 files read as without it.
pub const FORMAT_VERSION: u32 = 2;

/// Just enough of a model file to tell what it is before reading the rest.
#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    format_version: Option<u32>,
}

impl Model {
    /// Reads a model file.
    pub fn load(path: impl AsRef<Path>) -> Result<Model> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Model::from_json_bytes(path, &bytes)
    }

    /// Parses a model from JSON `bytes` read from `path` (named in errors).
    pub fn from_json_bytes(path: &Path, bytes: &[u8]) -> Result<Model> {
        let fail = |message: String| Error::Model {
            path: path.to_path_buf(),
            message,
        };
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(fail("empty file, not a framing model".into()));
        }
        // A cut inside a number (`0.`) is a syntax error, not an end-of-file one, so a file that
        // fails to parse and does not end with the model's closing brace was cut short too.
        let cut_short = |e: &serde_json::Error| {
            e.classify() == serde_json::error::Category::Eof
                || (e.is_syntax() && !bytes.trim_ascii_end().ends_with(b"}"))
        };
        let header: Header = serde_json::from_slice(bytes).map_err(|e| {
            fail(match e.classify() {
                _ if cut_short(&e) => {
                    format!(
                        "truncated model file: the JSON ends early (line {}, column {})",
                        e.line(),
                        e.column()
                    )
                }
                serde_json::error::Category::Data => {
                    "not a framing model: the file is JSON but not an object".into()
                }
                _ => format!("corrupt model file: {e}"),
            })
        })?;
        if header.format.as_deref() != Some(FORMAT) {
            return Err(fail(format!(
                "not a framing model: no \"format\": \"{FORMAT}\" field"
            )));
        }
        let version = header
            .format_version
            .ok_or_else(|| fail("not a framing model: no format_version".into()))?;
        if version > FORMAT_VERSION {
            return Err(fail(format!(
                "model format version {version} is newer than this framing {} reads (version {FORMAT_VERSION}): upgrade framing",
                env!("CARGO_PKG_VERSION")
            )));
        }
        let model: Model =
            serde_json::from_slice(bytes).map_err(|e| fail(format!("invalid model: {e}")))?;
        model
            .validate()
            .map_err(|m| fail(format!("invalid model: {m}")))?;
        Ok(model)
    }

    /// The model as compact JSON (deterministic: the same model gives the same bytes). Not
    /// indented: a quarter of a million weights on lines of their own would double the file;
    /// `jq . model.json` shows it indented.
    pub fn to_json(&self) -> String {
        let mut json = serde_json::to_string(self).expect("a model always serializes");
        json.push('\n');
        json
    }

    /// Writes the model to `path` atomically: readers see the old file or the new one, never a
    /// part.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temporary = folder.join(format!(".{file_name}.tmp-{}", std::process::id()));
        let write = || -> std::io::Result<()> {
            std::fs::create_dir_all(folder)?;
            let mut file = std::fs::File::create(&temporary)?;
            file.write_all(self.to_json().as_bytes())?;
            file.sync_all()?;
            std::fs::rename(&temporary, path)
        };
        write().map_err(|e| {
            let _ = std::fs::remove_file(&temporary);
            Error::io(path, e)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Wherever a model file is cut (inside a number, a string, between fields), loading says
    /// it is truncated.
    #[test]
    fn a_model_cut_anywhere_is_reported_as_truncated() {
        let json = Model::built_in().unwrap().to_json();
        let content = json.trim_end().as_bytes();
        let path = Path::new("cut.json");
        for length in (1..content.len())
            .step_by(content.len() / 997)
            .chain([content.len() - 1])
        {
            let message = Model::from_json_bytes(path, &content[..length])
                .expect_err("a cut model never loads")
                .to_string();
            assert!(
                message.contains("truncated model file"),
                "cut at {length}: {message}"
            );
        }
    }
}
