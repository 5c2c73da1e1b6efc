//! Every kind of bad input gets a one-line error naming the file (and line/column where there is
//! one), a non-zero exit code, and no panic.

mod common;

use common::{fixture, framing, small_model, write};
use predicates::prelude::*;

/// Runs `framing` with `args` and checks it fails with exit code `code` and a single error line
/// on standard error containing every one of `needles`.
fn fails_with(args: &[&str], code: i32, needles: &[&str]) {
    let output = framing().args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(code),
        "args {args:?}, stderr: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains("error")).collect();
    assert_eq!(errors.len(), 1, "one error line expected: {stderr}");
    for needle in needles {
        assert!(
            errors[0].contains(needle),
            "`{needle}` missing from: {}",
            errors[0]
        );
    }
}

fn path(p: &std::path::Path) -> &str {
    p.to_str().unwrap()
}

fn train_on(name: &str, csv: impl AsRef<[u8]>, needles: &[&str]) {
    let labels = write(name, csv);
    let out = labels.with_extension("json");
    fails_with(
        &["train", "--labels", path(&labels), "--out", path(&out)],
        1,
        needles,
    );
    assert!(!out.exists(), "no model is written on failure");
}

#[test]
fn missing_labels_file() {
    fails_with(
        &["train", "--labels", "no/such/labels.csv", "--out", "m.json"],
        1,
        &["no/such/labels.csv", "No such file"],
    );
}

#[test]
fn missing_text_column() {
    train_on(
        "no-text.csv",
        "id,body,stance\n1,Hello.,a\n2,Bye.,b\n",
        &["no-text.csv:1", "no `text` column"],
    );
}

#[test]
fn empty_text_and_empty_label_cells() {
    train_on(
        "empty-text.csv",
        "text,stance\nFine.,a\n\"  \",b\n",
        &["empty-text.csv:3", "column text", "empty text"],
    );
    train_on(
        "empty-label.csv",
        "text,stance\nFine.,a\nAlso fine.,\n",
        &["empty-label.csv:3", "column stance", "empty label cell"],
    );
}

#[test]
fn a_label_column_with_a_single_class() {
    train_on(
        "one-class.csv",
        "text,stance\nA.,same\nB.,same\n",
        &["one-class.csv", "stance", "single class `same`"],
    );
}

#[test]
fn rows_of_the_wrong_width() {
    train_on(
        "wide.csv",
        "text,stance\nA.,x\nB.,y,surplus\n",
        &["wide.csv:3", "3 fields", "header has 2"],
    );
}

#[test]
fn invalid_utf8_in_labels() {
    train_on(
        "latin1.csv",
        b"text,stance\nA.,x\nCaf\xe9 owners protest.,y\n".as_slice(),
        &["latin1.csv:3", "invalid UTF-8"],
    );
}

#[test]
fn cross_validation_with_a_label_rarer_than_k() {
    let labels = fixture("labels-small.csv");
    fails_with(
        &["evaluate", "--labels", path(&labels), "--cv", "6"],
        1,
        &["labels-small.csv", "has 5 rows, fewer than the 6 folds"],
    );
}

#[test]
fn malformed_json_lines_name_the_line() {
    let input = write(
        "articles.jsonl",
        "{\"id\": \"a\", \"text\": \"Fine.\"}\n{\"id\": \"b\", \"text\": \"unterminated}\n",
    );
    fails_with(
        &["classify", "--model", path(small_model()), path(&input)],
        1,
        &["articles.jsonl:2", "malformed JSON"],
    );
}

#[test]
fn classify_csv_without_a_text_column() {
    let input = write("articles.csv", "id,body\n1,Hello.\n");
    fails_with(
        &["classify", "--model", path(small_model()), path(&input)],
        1,
        &["articles.csv:1", "no `text` column"],
    );
}

/// `--summary` and `--output` take a path: one that names an input (an easy slip when the
/// articles follow the flag), a link to it, a `.txt` file in an input folder, or another output
/// is refused before anything is written.
#[test]
fn an_output_that_is_an_input_is_refused() {
    let article = "The ministry denied the report on Tuesday. Talks resume next week.";
    let input = write("overwrite-me.txt", article);
    let link = common::scratch().join("link-to-input.jsonl");
    std::os::unix::fs::symlink(&input, &link).unwrap();
    let folder = common::scratch().join("articles-folder");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("one.txt"), article).unwrap();
    let read_back = folder.join("records.txt");
    let earlier = write("earlier-records.jsonl", "kept\n");
    let twice = common::scratch().join("twice.jsonl");
    let model = path(small_model());
    for (args, needle) in [
        (
            vec!["--summary", path(&input), path(&input)],
            "is the input",
        ),
        (vec!["--output", path(&input), path(&input)], "is the input"),
        (vec!["--output", path(&link), path(&input)], "is the input"),
        (
            vec![
                "--output",
                path(&earlier),
                "--summary",
                path(&input),
                path(&input),
            ],
            "is the input",
        ),
        (
            vec!["--output", path(&read_back), path(&folder)],
            "would read it as an article",
        ),
        (
            vec![
                "--output",
                path(&twice),
                "--summary",
                path(&twice),
                path(&input),
            ],
            "given for two outputs",
        ),
    ] {
        fails_with(
            &[&["classify", "--model", model][..], &args].concat(),
            1,
            &["refusing to write", needle],
        );
    }
    assert_eq!(std::fs::read_to_string(&input).unwrap(), article);
    assert_eq!(std::fs::read_to_string(&earlier).unwrap(), "kept\n");
    assert!(!read_back.exists() && !twice.exists());
    let report = write("report-input.txt", article);
    fails_with(
        &[
            "report",
            "--model",
            model,
            "--out",
            path(&report),
            path(&report),
        ],
        1,
        &["refusing to write", "is the input"],
    );
    assert_eq!(std::fs::read_to_string(&report).unwrap(), article);
    // A file the folder would not read as an article may go there.
    let records = folder.join("records.jsonl");
    framing()
        .args([
            "classify",
            "--model",
            model,
            "--output",
            path(&records),
            path(&folder),
        ])
        .assert()
        .success();
    assert!(std::fs::read_to_string(&records)
        .unwrap()
        .contains("ministry"));
}

#[test]
fn unusable_model_files() {
    let model = std::fs::read_to_string(small_model()).unwrap();
    let truncated = write("truncated.json", &model[..model.len() / 2]);
    let corrupt = write("corrupt.json", "{\"format\": \"framing-model\", oops}");
    let not_a_model = write("other.json", "{\"name\": \"something else\"}");
    let mut newer_model: serde_json::Value = serde_json::from_str(&model).unwrap();
    newer_model["format_version"] = 99.into();
    let newer = write("newer.json", newer_model.to_string());
    let empty = write("empty-model.json", "");
    let article = write("one.txt", "A sentence.");
    for (file, needle) in [
        (&truncated, "truncated model file"),
        (&corrupt, "corrupt model file"),
        (&not_a_model, "not a framing model"),
        (&newer, "model format version 99 is newer"),
        (&empty, "empty file"),
    ] {
        fails_with(
            &["classify", "--model", path(file), path(&article)],
            1,
            &[path(file), needle],
        );
    }
}

#[test]
fn usage_errors_exit_with_two() {
    framing().args(["classify"]).assert().code(2);
    framing()
        .args(["train", "--labels", "x.csv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--out"));
    framing()
        .args([
            "train",
            "--labels",
            "x.csv",
            "--out",
            "m.json",
            "--word-ngrams",
            "2-x",
        ])
        .assert()
        .code(2);
}

#[test]
fn invalid_settings_are_errors_not_panics() {
    let labels = fixture("labels-small.csv");
    fails_with(
        &[
            "train",
            "--labels",
            path(&labels),
            "--out",
            "never.json",
            "--word-ngrams",
            "3-1",
        ],
        1,
        &["word n-gram range 3..=1"],
    );
    fails_with(
        &[
            "train",
            "--labels",
            path(&labels),
            "--out",
            "never.json",
            "--c",
            "0",
        ],
        1,
        &["C must be a positive number"],
    );
}

#[test]
fn invalid_utf8_in_an_article_is_decoded_with_a_warning() {
    let article = write(
        "latin1-article.txt",
        b"Caf\xe9 owners protested on Monday.".as_slice(),
    );
    framing()
        .args(["classify", "--model", path(small_model()), path(&article)])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "warning: document `latin1-article` is not valid UTF-8",
        ))
        .stdout(predicate::str::contains("Caf\u{FFFD} owners"));
}

#[test]
fn class_weights_need_the_sparse_solver() {
    let labels = fixture("labels-small.csv");
    fails_with(
        &[
            "train",
            "--labels",
            path(&labels),
            "--out",
            "never.json",
            "--solver",
            "linfa",
            "--class-weight",
            "balanced",
        ],
        1,
        &["linfa-logistic has no sample weights"],
    );
}
