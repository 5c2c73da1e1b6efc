//! Calibration, abstention and tuned thresholds through the binary.

mod common;

use common::{example, fixture, framing, scratch, small_model, stdout_of, write};
use serde_json::Value;

fn report(args: &[&str], name: &str) -> Value {
    let path = scratch().join(name);
    stdout_of(
        framing()
            .args(args)
            .arg("--labels")
            .arg(fixture("labels-small.csv"))
            .arg("--json")
            .arg(&path),
    );
    serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap()
}

fn model_args() -> Vec<&'static str> {
    vec!["evaluate", "--model", small_model().to_str().unwrap()]
}

fn bin_counts(task: &Value) -> u64 {
    task["reliability"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["count"].as_u64().unwrap())
        .sum()
}

#[test]
fn evaluate_reports_brier_ece_and_a_reliability_table_per_task() {
    let report = report(&model_args(), "calibration.json");
    let rows = report["rows"].as_u64().unwrap();
    for (task, decisions) in [("frame", rows * 8), ("stance", rows)] {
        let t = &report["tasks"][task];
        let brier = t["brier"].as_f64().unwrap();
        let ece = t["ece"].as_f64().unwrap();
        assert!((0.0..=2.0).contains(&brier), "{task} Brier {brier}");
        assert!((0.0..=1.0).contains(&ece), "{task} ECE {ece}");
        assert_eq!(t["reliability"].as_array().unwrap().len(), 10);
        assert_eq!(
            bin_counts(t),
            decisions,
            "{task}: one decision per bin entry"
        );
    }
    assert!(report["tasks"]["stance"].get("abstention").is_none());
}

#[test]
fn the_printed_report_shows_calibration_under_each_task() {
    let out = stdout_of(
        framing()
            .args(model_args())
            .arg("--labels")
            .arg(fixture("labels-small.csv")),
    );
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("calibration (every label's probability vs truth): Brier "));
    assert!(out.contains("calibration (top probability vs correct): Brier "));
    assert_eq!(
        out.matches("confidence  count  mean confidence  accuracy")
            .count(),
        2
    );
    assert!(out.contains("\n0.9-1.0  "));
}

#[test]
fn cross_validation_reports_calibration_too() {
    let report = report(&["evaluate", "--cv", "2"], "cv-calibration.json");
    let stance = &report["tasks"]["stance"];
    assert!(stance["brier"].as_f64().unwrap() > 0.0);
    assert!(stance["ece"].as_f64().is_some());
    assert_eq!(bin_counts(stance), report["rows"].as_u64().unwrap());
}

/// (minimum confidence, expected coverage)
#[test]
fn evaluate_reports_coverage_and_accuracy_of_what_abstention_keeps() {
    for (min, coverage) in [("0", 1.0), ("1", 0.0)] {
        let mut args = model_args();
        args.extend(["--min-confidence", min]);
        let report = report(&args, &format!("abstention-{min}.json"));
        let abstention = &report["tasks"]["stance"]["abstention"];
        assert_eq!(abstention["coverage"].as_f64().unwrap(), coverage, "{min}");
        assert!(report["tasks"]["frame"].get("abstention").is_none());
    }
    let mut args = model_args();
    args.extend(["--min-confidence", "0.8"]);
    let report = report(&args, "abstention-0.8.json");
    let abstention = &report["tasks"]["stance"]["abstention"];
    let coverage = abstention["coverage"].as_f64().unwrap();
    let rows = abstention["covered_rows"].as_u64().unwrap() as f64;
    assert!(coverage > 0.0 && coverage < 1.0, "{coverage}");
    assert!((coverage - rows / report["rows"].as_f64().unwrap()).abs() < 1e-12);
}

#[test]
fn classify_writes_uncertain_below_the_minimum_confidence() {
    let summary = scratch().join("uncertain-profiles.csv");
    let out = stdout_of(
        framing()
            .args(["classify", "--model"])
            .arg(small_model())
            .arg(example("hedged-report.txt"))
            .args(["--min-confidence", "1"])
            .arg("--summary")
            .arg(&summary),
    );
    let records = common::json_lines(&out);
    assert!(!records.is_empty());
    for record in &records {
        assert_eq!(record["stance"], "uncertain");
        assert!(record["frame"].as_array().is_some_and(|f| !f.is_empty()));
    }
    let profiles = std::fs::read_to_string(&summary).unwrap();
    let mut lines = profiles.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let row: Vec<&str> = lines.next().unwrap().split(',').collect();
    let uncertain = header
        .iter()
        .position(|&c| c == "stance:uncertain")
        .unwrap();
    assert_eq!(row[uncertain], "1");
}

#[test]
fn classify_without_a_minimum_confidence_never_abstains() {
    let out = stdout_of(
        framing()
            .args(["classify", "--model"])
            .arg(small_model())
            .arg(example("hedged-report.txt")),
    );
    assert!(common::json_lines(&out)
        .iter()
        .all(|r| r["stance"] != "uncertain"));
}

/// A model file's task named `name`.
fn task_of<'a>(model: &'a mut Value, name: &str) -> &'a mut Value {
    model["tasks"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|t| t["name"] == name)
        .unwrap()
}

/// The small model with every `frame` threshold set to `threshold`.
fn with_frame_thresholds(threshold: f64, name: &str) -> std::path::PathBuf {
    let mut model: Value = serde_json::from_slice(&std::fs::read(small_model()).unwrap()).unwrap();
    let frame = task_of(&mut model, "frame");
    let labels = frame["labels"].as_array().unwrap().len();
    frame["thresholds"] = serde_json::json!(vec![threshold; labels]);
    write(name, serde_json::to_vec(&model).unwrap())
}

fn frame_label_counts(model: &std::path::Path) -> Vec<usize> {
    let out = stdout_of(
        framing()
            .args(["classify", "--model"])
            .arg(model)
            .arg(example("accusatory-report.txt")),
    );
    common::json_lines(&out)
        .iter()
        .map(|r| r["frame"].as_array().unwrap().len())
        .collect()
}

#[test]
fn classify_uses_the_thresholds_saved_in_the_model() {
    let low = frame_label_counts(&with_frame_thresholds(0.05, "low-thresholds.json"));
    let high = frame_label_counts(&with_frame_thresholds(0.95, "high-thresholds.json"));
    let default = frame_label_counts(small_model());
    assert!(
        high.iter().all(|&n| n == 1),
        "only the most probable label: {high:?}"
    );
    assert!(low.iter().sum::<usize>() > default.iter().sum::<usize>());
}

#[test]
fn a_model_with_the_wrong_number_of_thresholds_is_refused() {
    let mut model: Value = serde_json::from_slice(&std::fs::read(small_model()).unwrap()).unwrap();
    model["tasks"][0]["thresholds"] = serde_json::json!([0.5]);
    let path = write("bad-thresholds.json", serde_json::to_vec(&model).unwrap());
    framing()
        .args(["classify", "--model"])
        .arg(&path)
        .arg(example("hedged-report.txt"))
        .assert()
        .code(1)
        .stderr(predicates::str::contains("thresholds"));
}

#[test]
fn tuned_thresholds_are_saved_and_never_worse_on_the_tuning_file() {
    let tuned = scratch().join("tuned.json");
    let mut args = model_args();
    args.push("--tune-thresholds");
    let json = scratch().join("tuning-report.json");
    let out = stdout_of(
        framing()
            .args(&args)
            .arg("--out")
            .arg(&tuned)
            .arg("--json")
            .arg(&json)
            .arg("--labels")
            .arg(fixture("labels-small.csv")),
    );
    assert!(String::from_utf8(out)
        .unwrap()
        .contains("frame thresholds (best F1 per label on the file)"));
    let tuning: Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    for label in tuning["thresholds"][0]["labels"].as_array().unwrap() {
        assert!(
            label["f1"].as_f64() >= label["default_f1"].as_f64(),
            "{label}"
        );
    }
    let mut model: Value = serde_json::from_slice(&std::fs::read(&tuned).unwrap()).unwrap();
    assert_eq!(model["format_version"], 2);
    let frame = task_of(&mut model, "frame");
    let thresholds = frame["thresholds"].as_array().unwrap();
    assert_eq!(thresholds.len(), frame["labels"].as_array().unwrap().len());
    assert!(thresholds
        .iter()
        .all(|t| (0.05..=0.95).contains(&t.as_f64().unwrap())));
    assert!(
        task_of(&mut model, "stance").get("thresholds").is_none(),
        "single-label tasks have none"
    );
    // The tuned model loads and scores.
    let report = report(
        &["evaluate", "--model", tuned.to_str().unwrap()],
        "tuned-report.json",
    );
    assert!(report["tasks"]["frame"]["macro_f1"].as_f64().unwrap() > 0.0);
}

#[test]
fn tuning_needs_somewhere_to_write_and_a_probability_must_be_one() {
    framing()
        .args(["evaluate", "--tune-thresholds", "--labels"])
        .arg(fixture("labels-small.csv"))
        .assert()
        .code(2);
    framing()
        .args(["classify", "--min-confidence", "1.5"])
        .arg(example("hedged-report.txt"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("not a probability"));
}
