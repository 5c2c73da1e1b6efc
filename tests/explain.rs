//! Explanations: the strongest features of a model (`explain`) and the features behind each
//! sentence's labels (`classify --explain`).

mod common;

use common::{example, framing, json_lines, scratch, small_model, stdout_of};
use predicates::prelude::*;
use serde_json::Value;

fn explain() -> assert_cmd::Command {
    let mut command = framing();
    command.arg("explain").arg("--model").arg(small_model());
    command
}

fn model_json() -> Value {
    serde_json::from_slice(&std::fs::read(small_model()).unwrap()).unwrap()
}

#[test]
fn explain_lists_the_strong_terms_of_each_label_with_their_surface_words() {
    let output = explain()
        .args(["--task", "frame", "--top", "5"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.starts_with("frame\nlabel"), "{text}");
    assert!(!text.contains("stance"), "only the asked task: {text}");
    for expected in [
        "#cue:denial",
        "deni (denied)",
        "#cue:call",
        "#cue:accusation",
    ] {
        assert!(
            text.contains(expected),
            "`{expected}` missing from:\n{text}"
        );
    }
    // Every label of the task, once, at the start of its block.
    for label in [
        "accusation",
        "attribution",
        "call_to_action",
        "denial",
        "quotation",
    ] {
        assert_eq!(
            text.lines()
                .filter(|l| l.starts_with(&format!("{label} ")))
                .count(),
            1,
            "{label} in:\n{text}"
        );
    }
}

#[test]
fn explain_writes_sorted_weights_as_json() {
    let path = scratch().join("weights.json");
    explain()
        .args(["--top", "4", "--json"])
        .arg(&path)
        .assert()
        .success();
    let labels: Vec<Value> = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(labels.len(), 8 + 4, "every label of frame and stance");
    for label in &labels {
        let weights = |side: &str| -> Vec<f64> {
            label[side]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["weight"].as_f64().unwrap())
                .collect()
        };
        let (positive, negative) = (weights("positive"), weights("negative"));
        assert!(positive.len() <= 4 && negative.len() <= 4);
        assert!(positive.windows(2).all(|w| w[0] >= w[1]) && positive.iter().all(|&w| w > 0.0));
        assert!(negative.windows(2).all(|w| w[0] <= w[1]) && negative.iter().all(|&w| w < 0.0));
    }
    let denial = labels.iter().find(|l| l["label"] == "denial").unwrap();
    assert!(denial["positive"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["term"] == "deni" && f["surface"] == "denied"));
}

#[test]
fn an_unknown_task_is_an_error_naming_the_known_ones() {
    explain().args(["--task", "tone"]).assert().code(1).stderr(
        predicate::str::contains("no task `tone`").and(predicate::str::contains("frame, stance")),
    );
}

#[test]
fn a_model_file_without_surface_forms_still_loads_and_shows_stems() {
    let mut model = model_json();
    assert!(model["surface_forms"]["deni"] == "denied");
    model.as_object_mut().unwrap().remove("surface_forms");
    let older = scratch().join("older-model.json");
    std::fs::write(&older, serde_json::to_vec(&model).unwrap()).unwrap();
    let output = framing()
        .args(["explain", "--task", "frame", "--top", "5", "--model"])
        .arg(&older)
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains("deni ") && !text.contains("(denied)"),
        "{text}"
    );
}

fn classify_explained(k: &str, format: &str) -> Vec<u8> {
    stdout_of(
        framing()
            .arg("classify")
            .arg("--model")
            .arg(small_model())
            .arg(example("hedged-report.txt"))
            .args(["--explain", k, "--format", format]),
    )
}

#[test]
fn classify_explain_gives_k_sorted_terms_per_assigned_label() {
    let records = json_lines(&classify_explained("3", "jsonl"));
    assert!(!records.is_empty());
    for record in &records {
        let explain = &record["explain"];
        let frame_labels: Vec<&str> = record["frame"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l.as_str().unwrap())
            .collect();
        let explained: Vec<&str> = explain["frame"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(explained, frame_labels);
        let stance: Vec<&String> = explain["stance"].as_object().unwrap().keys().collect();
        assert_eq!(stance, [record["stance"].as_str().unwrap()]);
        for task in ["frame", "stance"] {
            for terms in explain[task].as_object().unwrap().values() {
                let terms = terms.as_array().unwrap();
                assert!(!terms.is_empty() && terms.len() <= 3, "{terms:?}");
                let values: Vec<f64> = terms
                    .iter()
                    .map(|t| t["contribution"].as_f64().unwrap())
                    .collect();
                assert!(values.windows(2).all(|w| w[0] >= w[1]), "{values:?}");
                assert!(terms
                    .iter()
                    .all(|t| t["term"].is_string() && t["surface"].is_string()));
            }
        }
    }
}

#[test]
fn all_contributions_and_the_intercept_give_the_probability() {
    let model = model_json();
    let frame = &model["tasks"][0];
    let labels: Vec<&str> = frame["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    for record in json_lines(&classify_explained("100000", "jsonl")) {
        for (label, terms) in record["explain"]["frame"].as_object().unwrap() {
            let k = labels.iter().position(|l| l == label).unwrap();
            let sum: f64 = terms
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t["contribution"].as_f64().unwrap())
                .sum();
            let score = frame["intercepts"][k].as_f64().unwrap() + sum;
            let p = record["scores"]["frame"][label].as_f64().unwrap();
            assert!(
                (1.0 / (1.0 + (-score).exp()) - p).abs() < 2e-3,
                "{label}: sigmoid({score}) != {p} in {}",
                record["text"]
            );
        }
    }
}

#[test]
fn csv_and_table_show_the_terms_in_a_column_per_task_and_nothing_without_explain() {
    let csv = String::from_utf8(classify_explained("2", "csv")).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    let column = header.iter().position(|h| h == "frame:explain").unwrap();
    assert_eq!(header.get(column + 1), Some("stance:explain"));
    for row in reader.records() {
        let row = row.unwrap();
        let cell = &row[column];
        for label in row[5].split('|') {
            assert!(cell.contains(&format!("{label}: ")), "{cell}");
        }
        assert!(cell.contains(" ("), "{cell}");
    }
    let table = String::from_utf8(classify_explained("2", "table")).unwrap();
    assert!(
        table.lines().nth(1).unwrap().contains("why frame"),
        "{table}"
    );
    let plain = String::from_utf8(classify_explained("0", "jsonl")).unwrap();
    assert!(!plain.contains("\"explain\""));
}
