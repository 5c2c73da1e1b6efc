//! Compiles `models/default.json` into the binary as the default model (an empty string when the
//! file does not exist yet, so that the very first model can be trained).
use std::path::Path;

fn main() {
    let source = Path::new("models/default.json");
    println!("cargo:rerun-if-changed={}", source.display());
    println!("cargo:rerun-if-changed=models");
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("default_model.json");
    let contents = std::fs::read(source).unwrap_or_default();
    std::fs::write(out, contents).expect("OUT_DIR is writable");
}
