//! train → classify → evaluate through the real binary.

mod common;

use common::{fixture, framing, json_lines, scratch, small_model, write};
use predicates::prelude::*;
use serde_json::Value;

#[test]
fn train_reports_what_it_found() {
    let out = scratch().join("reported.json");
    framing()
        .args(["train", "--labels"])
        .arg(fixture("labels-small.csv"))
        .arg("--out")
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("42 rows, 2 tasks"))
        .stdout(predicate::str::contains("frame: multi-label, 8 labels"))
        .stdout(predicate::str::contains("stance: single-label, 4 labels"))
        .stdout(predicate::str::contains("accusation 10, attribution 26"))
        .stdout(predicate::str::is_match(r"vocabulary: \d+ features").unwrap())
        .stdout(predicate::str::is_match(r"wrote .* in \d+\.\d s").unwrap());
}

#[test]
fn the_model_file_describes_itself() {
    let model: Value = serde_json::from_slice(&std::fs::read(small_model()).unwrap()).unwrap();
    assert_eq!(model["format"], "framing-model");
    assert_eq!(model["format_version"], 2);
    assert_eq!(model["crate_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(model["tokenizer"]["stemmer"], "english");
    assert_eq!(
        model["featurizer"]["config"]["word_ngrams"],
        serde_json::json!([1, 2])
    );
    let terms = model["featurizer"]["terms"].as_array().unwrap();
    assert_eq!(
        terms.len(),
        model["featurizer"]["idf"].as_array().unwrap().len()
    );
    assert!(
        terms.windows(2).all(|w| w[0].as_str() < w[1].as_str()),
        "vocabulary is sorted"
    );
    let frame = &model["tasks"][0];
    assert_eq!(frame["name"], "frame");
    assert_eq!(frame["kind"], "multi-label");
    assert_eq!(frame["weights"].as_array().unwrap().len(), 8);
    assert_eq!(
        frame["fits"].as_array().unwrap().len(),
        8,
        "one binary fit per label"
    );
    let training = &model["training"];
    assert_eq!(training["rows"], 42);
    assert_eq!(training["labels_sha256"].as_str().unwrap().len(), 64);
    assert_eq!(training["hyperparameters"]["c"], 10.0);
    assert_eq!(training["label_counts"]["stance"]["reporting"], 23);
}

#[test]
fn training_is_reproducible_to_the_byte() {
    let train = |name: &str| {
        let out = scratch().join(name);
        framing()
            .args(["train", "--date", "2026-01-01", "--labels"])
            .arg(fixture("labels-small.csv"))
            .arg("--out")
            .arg(&out)
            .assert()
            .success();
        std::fs::read(out).unwrap()
    };
    assert_eq!(train("first.json"), train("second.json"));
}

#[test]
fn classify_writes_one_record_per_sentence_in_input_order() {
    let first = write(
        "first.txt",
        "The minister said the talks had failed. Rain fell on Tuesday.",
    );
    let second = write("second.txt", "Police arrested two men.");
    let output = framing()
        .args(["classify", "--model"])
        .arg(small_model())
        .arg(&first)
        .arg(&second)
        .output()
        .unwrap();
    assert!(output.status.success());
    let records = json_lines(&output.stdout);
    let keys: Vec<(&str, i64)> = records
        .iter()
        .map(|r| (r["doc"].as_str().unwrap(), r["sentence"].as_i64().unwrap()))
        .collect();
    assert_eq!(keys, [("first", 0), ("first", 1), ("second", 0)]);
    let record = &records[1];
    assert_eq!(record["text"], "Rain fell on Tuesday.");
    assert_eq!(
        (record["start"].as_u64(), record["end"].as_u64()),
        (Some(40), Some(61))
    );
    assert!(record["frame"].is_array(), "multi-label task: an array");
    assert!(record["stance"].is_string(), "single-label task: a string");
    let stance_scores = record["scores"]["stance"].as_object().unwrap();
    assert_eq!(stance_scores.len(), 4);
    let total: f64 = stance_scores.values().map(|p| p.as_f64().unwrap()).sum();
    assert!(
        (total - 1.0).abs() < 1e-3,
        "softmax probabilities sum to one: {total}"
    );
    let best = stance_scores
        .iter()
        .max_by(|a, b| a.1.as_f64().partial_cmp(&b.1.as_f64()).unwrap())
        .unwrap()
        .0;
    assert_eq!(record["stance"], best.as_str());
}

#[test]
fn a_sentence_scores_the_same_alone_or_in_a_batch() {
    let sentence = "The army denied that its troops had fired on civilians.";
    let alone = write("alone.txt", sentence);
    let batch = write(
        "batch.txt",
        format!("Voters went to the polls. {sentence} The trial continues."),
    );
    let scores = |file: &std::path::Path, index: usize| {
        let output = framing()
            .args(["classify", "--model"])
            .arg(small_model())
            .arg(file)
            .output()
            .unwrap();
        json_lines(&output.stdout)[index]["scores"].clone()
    };
    assert_eq!(scores(&alone, 0), scores(&batch, 1));
}

#[test]
fn evaluate_prints_tables_and_writes_the_json_report() {
    let report = scratch().join("report.json");
    framing()
        .args(["evaluate", "--model"])
        .arg(small_model())
        .arg("--labels")
        .arg(fixture("labels-small.csv"))
        .arg("--json")
        .arg(&report)
        .assert()
        .success()
        .stdout(predicate::str::contains("precision  recall"))
        .stdout(predicate::str::contains("baseline (always reporting)"))
        .stdout(predicate::str::contains(
            "confusion (rows = truth, columns = predicted)",
        ))
        .stdout(predicate::str::contains("Hamming loss"));
    let report: Value = serde_json::from_slice(&std::fs::read(report).unwrap()).unwrap();
    for task in ["frame", "stance"] {
        let scores = &report["tasks"][task];
        for key in ["macro_f1", "micro_f1", "weighted_f1", "accuracy"] {
            let value = scores[key]
                .as_f64()
                .unwrap_or_else(|| panic!("{task}.{key}"));
            assert!((0.0..=1.0).contains(&value));
        }
        let attribution_or_reporting = if task == "frame" {
            "attribution"
        } else {
            "reporting"
        };
        let label = &scores["per_label"][attribution_or_reporting];
        for key in ["precision", "recall", "f1", "support"] {
            assert!(
                label[key].is_number(),
                "{task}.per_label.{attribution_or_reporting}.{key}"
            );
        }
        assert!(scores["confusion"].is_object());
        assert!(scores["baseline"]["macro_f1"].is_number());
    }
    // Trained on these very rows, the model must beat always answering `reporting`.
    let stance = &report["tasks"]["stance"];
    assert!(stance["accuracy"].as_f64() > stance["baseline"]["accuracy"].as_f64());
    let matrix = stance["confusion"]["matrix"].as_array().unwrap();
    let total: u64 = matrix
        .iter()
        .flat_map(|r| r.as_array().unwrap())
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(total, 42, "every row is in the confusion matrix");
    assert!(report["tasks"]["frame"]["hamming_loss"].is_number());
}

#[test]
fn evaluate_cross_validates_with_mean_and_spread() {
    let report = scratch().join("cv.json");
    framing()
        .args(["evaluate", "--cv", "3", "--seed", "7", "--labels"])
        .arg(fixture("labels-small.csv"))
        .arg("--json")
        .arg(&report)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "3-fold stratified cross-validation (seed 7), 42 rows",
        ))
        .stdout(predicate::str::contains(" ± "));
    let report: Value = serde_json::from_slice(&std::fs::read(report).unwrap()).unwrap();
    assert_eq!(report["folds"], 3);
    let stance = &report["tasks"]["stance"];
    assert!(stance["macro_f1"].is_number() && stance["std"]["macro_f1"].is_number());
    assert_eq!(
        stance["per_label"]["reporting"]["support"], 23,
        "each row is tested once"
    );
}

#[test]
fn the_linfa_reference_learner_trains_a_working_model() {
    let out = scratch().join("linfa.json");
    framing()
        .args(["train", "--solver", "linfa", "--labels"])
        .arg(fixture("labels-small.csv"))
        .arg("--out")
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("learner: linfa"));
    let model: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(model["training"]["learner"], "linfa");
    let article = write("linfa-article.txt", "The ministry denied the allegations.");
    let output = framing()
        .args(["classify", "--model"])
        .arg(&out)
        .arg(article)
        .output()
        .unwrap();
    assert_eq!(json_lines(&output.stdout).len(), 1);
}

/// Trains on `tests/fixtures/labels-small.csv` with `args` into the scratch file `name` and
/// returns the model file as JSON.
fn train_small_model(name: &str, args: &[&str]) -> Value {
    let out = scratch().join(name);
    framing()
        .args(["train", "--labels"])
        .arg(fixture("labels-small.csv"))
        .args(args)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    serde_json::from_slice(&std::fs::read(out).unwrap()).unwrap()
}

#[test]
fn balanced_class_weights_change_the_fit_and_are_recorded() {
    let train = |name: &str, extra: &[&str]| {
        train_small_model(name, &[&["--date", "2026-01-01"], extra].concat())
    };
    let plain = train("unweighted.json", &[]);
    let balanced = train("balanced.json", &["--class-weight", "balanced"]);
    assert_eq!(
        balanced["training"]["hyperparameters"]["class_weight"],
        "balanced"
    );
    assert_ne!(
        plain["tasks"][1]["intercepts"],
        balanced["tasks"][1]["intercepts"]
    );
    // Weighting up the rare stances raises their intercepts relative to `reporting`.
    let gap = |model: &Value| {
        let b = model["tasks"][1]["intercepts"].as_array().unwrap();
        b[3].as_f64().unwrap() - b[1].as_f64().unwrap()
    };
    assert!(
        gap(&balanced) < gap(&plain),
        "reporting minus endorsing intercept shrinks"
    );
}

#[test]
fn agreement_between_two_passes() {
    let first = write(
        "first-pass.csv",
        "id,text,frame,stance\n1,One.,accusation|attribution,reporting\n2,Two.,background,neutral\n3,Three.,attribution,reporting\n4,Four.,background,neutral\n",
    );
    let second = write(
        "second-pass.csv",
        "id,text,frame,stance\n2,Two.,background,neutral\n1,One.,attribution,reporting\n3,Three.,attribution,distancing\n4,Four.,background,neutral\n",
    );
    let report = scratch().join("agreement.json");
    framing()
        .arg("agreement")
        .arg(&first)
        .arg(&second)
        .arg("--json")
        .arg(&report)
        .assert()
        .success()
        .stdout(predicate::str::contains("4 rows in both passes"))
        .stdout(predicate::str::contains("Cohen's kappa"));
    let report: Value = serde_json::from_slice(&std::fs::read(report).unwrap()).unwrap();
    assert_eq!(
        report["tasks"]["frame"]["per_label"]["attribution"]["f1"],
        1.0
    );
    assert_eq!(
        report["tasks"]["frame"]["per_label"]["accusation"]["f1"],
        0.0
    );
    // Stance: 3 of 4 agree; chance agreement (2/4·2/4 + 2/4·1/4) = 0.375; kappa = 0.6.
    let kappa = report["tasks"]["stance"]["kappa"].as_f64().unwrap();
    assert!((kappa - 0.6).abs() < 1e-9, "{kappa}");
}

/// Words rarer than `--min-df` become `<unknown>` features (on by default, off with
/// `--no-unknown-words`), and a version-1 model file, written before the placeholder existed,
/// still loads and classifies exactly as its featurizer did then.
#[test]
fn unknown_words_and_version_one_model_files() {
    let train =
        |name: &str, extra: &[&str]| train_small_model(name, &[&["--min-df", "2"], extra].concat());
    let has_placeholder = |model: &Value| {
        model["featurizer"]["terms"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t.as_str().unwrap().contains("<unknown>"))
    };
    assert!(has_placeholder(&train("unknown-on.json", &[])));
    let mut model = train("unknown-off.json", &["--no-unknown-words"]);
    assert!(!has_placeholder(&model));

    let article = write(
        "names.txt",
        "Zelensky said the talks had failed. Officials in Kyiv denied the report.",
    );
    let classify = |model: &std::path::Path| {
        common::stdout_of(
            framing()
                .args(["classify", "--format", "csv", "--model"])
                .arg(model)
                .arg(&article),
        )
    };
    let current = classify(&scratch().join("unknown-off.json"));
    model["format_version"] = 1.into();
    let config = model["featurizer"]["config"].as_object_mut().unwrap();
    assert_eq!(config.remove("unknown_words"), Some(Value::Bool(false)));
    // Older files name the fit's gradient norm `gradient_norm`.
    for task in model["tasks"].as_array_mut().unwrap() {
        for fit in task["fits"].as_array_mut().unwrap() {
            let fit = fit.as_object_mut().unwrap();
            let norm = fit.remove("gradient_max_norm").unwrap();
            fit.insert("gradient_norm".into(), norm);
        }
    }
    let version_one = write("version-one.json", model.to_string());
    assert_eq!(classify(&version_one), current);
}

/// `--predictions` writes every row beside what the model assigned, and its counts agree with
/// the scores of the same run.
#[test]
fn evaluate_writes_each_rows_predictions() {
    let labels = write(
        "held-out.csv",
        "id,text,frame,stance\n\
         h1,\"The minister said the bridge would reopen in May.\",attribution,reporting\n\
         h2,\"The council blamed the contractor for the delays, calling its work \"\"a scandal\"\".\",accusation|quotation,reporting\n\
         h3,The bridge was built in 1962 and carries 40000 cars a day.,background,neutral\n\
         h4,\"Residents must register their vehicles before Friday, the council said.\",attribution|call_to_action,reporting\n\
         h5,The company denied that it had cut corners.,denial,distancing\n\
         h6,\"Engineers warn the deck could fail within a decade.\",expert_opinion|warning,reporting\n",
    );
    let rows = scratch().join("held-out-rows.csv");
    let report = scratch().join("held-out-report.json");
    framing()
        .args(["evaluate", "--labels"])
        .arg(&labels)
        .arg("--predictions")
        .arg(&rows)
        .arg("--json")
        .arg(&report)
        .assert()
        .success();
    let report: Value = serde_json::from_slice(&std::fs::read(report).unwrap()).unwrap();
    let mut reader = csv::Reader::from_path(&rows).unwrap();
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "id",
            "text",
            "frame",
            "frame_predicted",
            "frame_correct",
            "frame_missed",
            "frame_extra",
            "stance",
            "stance_predicted",
            "stance_correct",
            "stance_missed",
            "stance_extra"
        ]
    );
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 6, "one row per labelled row");
    assert_eq!(&records[2][0], "h3");
    let set = |cell: &str| -> Vec<String> {
        cell.split('|')
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect()
    };
    for (task, first) in [("frame", 2), ("stance", 7)] {
        let mut correct = 0;
        for record in &records {
            let (truth, predicted) = (set(&record[first]), set(&record[first + 1]));
            let missed: Vec<String> = truth
                .iter()
                .filter(|l| !predicted.contains(l))
                .cloned()
                .collect();
            let extra: Vec<String> = predicted
                .iter()
                .filter(|l| !truth.contains(l))
                .cloned()
                .collect();
            assert_eq!(set(&record[first + 3]), missed, "{record:?}");
            assert_eq!(set(&record[first + 4]), extra, "{record:?}");
            let is_correct = missed.is_empty() && extra.is_empty();
            assert_eq!(&record[first + 2], if is_correct { "yes" } else { "no" });
            correct += usize::from(is_correct);
        }
        let accuracy = report["tasks"][task]["accuracy"].as_f64().unwrap();
        assert_eq!(correct, (accuracy * 6.0).round() as usize, "{task}");
    }

    framing()
        .args(["evaluate", "--labels"])
        .arg(&labels)
        .args(["--predictions", "/nonexistent-folder/rows.csv"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("/nonexistent-folder/rows.csv"));
    framing()
        .args([
            "evaluate",
            "--cv",
            "2",
            "--predictions",
            "rows.csv",
            "--labels",
        ])
        .arg(&labels)
        .assert()
        .code(2);
}
