//! Input kinds (files, folders, JSONL, CSV, stdin) and output formats (JSONL, CSV, table,
//! summary profiles).

mod common;

use common::{framing, json_lines, scratch, small_model, write};
use predicates::prelude::*;

fn classify() -> assert_cmd::Command {
    let mut command = framing();
    command.arg("classify").arg("--model").arg(small_model());
    command
}

#[test]
fn folders_jsonl_csv_and_stdin_are_read_in_order() {
    let folder = scratch().join("folder");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("b.txt"), "Second file.").unwrap();
    std::fs::write(folder.join("a.txt"), "First file.").unwrap();
    std::fs::write(folder.join("notes.md"), "Not an article.").unwrap();
    let jsonl = write(
        "batch.jsonl",
        "{\"id\": \"j1\", \"text\": \"From JSON.\"}\n\n{\"id\": 2, \"text\": \"Numbered id.\"}\n",
    );
    let csv = write(
        "batch.csv",
        "id,text,source\nc1,\"From CSV, with a comma.\",wire\n",
    );
    let output = classify()
        .arg(&folder)
        .arg(&jsonl)
        .arg(&csv)
        .arg("-")
        .write_stdin("{\"id\": \"s1\", \"text\": \"From stdin.\"}\n")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let docs: Vec<String> = json_lines(&output.stdout)
        .iter()
        .map(|r| r["doc"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(docs, ["a", "b", "j1", "2", "c1", "s1"]);
}

/// Articles are classified a chunk at a time while the next chunk is read and the previous one
/// written: across many chunks, with one thread or two, every article before a bad line is
/// written, in input order, with its profile, and the bad line is reported.
#[test]
fn many_articles_keep_their_order_up_to_a_bad_line() {
    let sentences = [
        "The minister said the plan would cut waiting times.",
        "Critics accused the council of hiding the figures.",
        "Residents must act now, campaigners warned.",
        "The company denied any wrongdoing on Tuesday.",
    ];
    let bad_line = 1_203;
    let mut input = String::new();
    for n in 1..bad_line {
        let text = (0..1 + n % 3)
            .map(|i| sentences[(n + i) % sentences.len()])
            .collect::<Vec<_>>()
            .join(" ");
        input.push_str(&format!("{{\"id\": \"a{n}\", \"text\": \"{text}\"}}\n"));
    }
    input.push_str("{\"id\": \"broken\", \"text\": \"no end}\n");
    input.push_str("{\"id\": \"after\", \"text\": \"Never read.\"}\n");
    let jsonl = write("many.jsonl", &input);
    let run = |threads: &str| {
        let summary = scratch().join(format!("many-{threads}.csv"));
        let output = classify()
            .args(["--threads", threads, "--summary"])
            .arg(&summary)
            .arg(&jsonl)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains(&format!("many.jsonl:{bad_line}")),
            "{stderr}"
        );
        let profiles = std::fs::read_to_string(summary).unwrap();
        (output.stdout, profiles)
    };
    let (records, profiles) = run("2");
    let mut expected = Vec::new();
    for n in 1..bad_line {
        expected.extend(std::iter::repeat_n(format!("a{n}"), 1 + n % 3));
    }
    let docs: Vec<String> = json_lines(&records)
        .iter()
        .map(|r| r["doc"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(docs, expected);
    let profile_ids: Vec<&str> = profiles
        .lines()
        .skip(1)
        .map(|row| row.split(',').next().unwrap())
        .collect();
    let expected_ids: Vec<String> = (1..bad_line).map(|n| format!("a{n}")).collect();
    assert_eq!(profile_ids, expected_ids);
    assert_eq!(run("1"), (records, profiles));
}

#[test]
fn empty_articles_keep_their_summary_row() {
    let input = write("with-empty.jsonl", "{\"id\": \"full\", \"text\": \"One. Two.\"}\n{\"id\": \"empty\", \"text\": \"\"}\n{\"id\": \"blank\", \"text\": \"  \\n \"}\n");
    let summary = scratch().join("profiles.jsonl");
    let output = classify()
        .arg(&input)
        .arg("--summary")
        .arg(&summary)
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(json_lines(&output.stdout).len(), 2);
    let profiles = json_lines(&std::fs::read(&summary).unwrap());
    let counts: Vec<(String, u64)> = profiles
        .iter()
        .map(|p| {
            (
                p["doc"].as_str().unwrap().to_string(),
                p["sentences"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        counts,
        [("full".into(), 2), ("empty".into(), 0), ("blank".into(), 0)]
    );
    let stance = profiles[0]["stance"].as_object().unwrap();
    let total: f64 = stance.values().map(|v| v.as_f64().unwrap()).sum();
    assert!((total - 1.0).abs() < 1e-3, "single-label shares sum to one");
}

#[test]
fn csv_summary_and_csv_records() {
    let input = write("two.txt", "Officials said it was over. Rain fell.");
    let summary = scratch().join("profiles.csv");
    let output = classify()
        .arg(&input)
        .args(["--format", "csv", "--summary"])
        .arg(&summary)
        .output()
        .unwrap();
    let mut records = csv::Reader::from_reader(output.stdout.as_slice());
    let headers = records.headers().unwrap().clone();
    assert_eq!(
        &headers.iter().take(7).collect::<Vec<_>>(),
        &["doc", "sentence", "start", "end", "text", "frame", "stance"]
    );
    assert!(headers.iter().any(|h| h == "stance:reporting"));
    assert_eq!(records.records().count(), 2);
    let summary = std::fs::read_to_string(summary).unwrap();
    assert!(
        summary.starts_with("doc,source,sentences,frame:accusation"),
        "{summary}"
    );
    assert!(summary.lines().nth(1).unwrap().starts_with("two,,2,"));
}

#[test]
fn table_output_and_output_file() {
    let input = write("table.txt", "Officials said it was over.");
    classify()
        .arg(&input)
        .args(["--format", "table"])
        .assert()
        .success()
        .stdout(predicate::str::contains("== table: 1 sentences"))
        .stdout(predicate::str::is_match(r"#\s+span\s+frame\s+stance\s+text").unwrap());
    let out = scratch().join("records.jsonl");
    classify()
        .arg(&input)
        .arg("--output")
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    assert_eq!(json_lines(&std::fs::read(out).unwrap()).len(), 1);
}

#[test]
fn every_command_has_help_with_an_example() {
    for command in ["train", "classify", "evaluate"] {
        framing()
            .args([command, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Example"));
    }
}
