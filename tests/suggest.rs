//! `framing suggest` through the binary: the least certain sentences, as a labels CSV.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::{example, framing, scratch, small_model, stdout_of, write};
use rand::seq::SliceRandom;
use rand::SeedableRng;
use serde_json::Value;

fn read_csv(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(bytes);
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

/// Per sentence id (`doc#sentence`), the classify record.
fn classified(model: &Path, input: &Path) -> BTreeMap<String, Value> {
    let out = stdout_of(
        framing()
            .args(["classify", "--model"])
            .arg(model)
            .arg(input),
    );
    common::json_lines(&out)
        .into_iter()
        .map(|r| {
            (
                format!("{}#{}", r["doc"].as_str().unwrap(), r["sentence"]),
                r,
            )
        })
        .collect()
}

/// A classify record's `frame` labels.
fn frame_labels(record: &Value) -> Vec<&str> {
    record["frame"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect()
}

/// A classify record's probabilities for `task`.
fn scores(record: &Value, task: &str) -> Vec<f64> {
    record["scores"][task]
        .as_object()
        .unwrap()
        .values()
        .map(|p| p.as_f64().unwrap())
        .collect()
}

/// The mean margin over tasks, from a classify record's scores.
fn margin(record: &Value) -> f64 {
    let frame = scores(record, "frame");
    let mut stance = scores(record, "stance");
    stance.sort_by(|a, b| b.total_cmp(a));
    let frame_margin = frame
        .iter()
        .map(|p| (p - 0.5).abs() * 2.0)
        .fold(1.0, f64::min);
    (frame_margin + stance[0] - stance[1]) / 2.0
}

#[test]
fn suggestions_are_a_labels_csv_of_the_least_certain_sentences() {
    let out = stdout_of(
        framing()
            .args(["suggest", "--model"])
            .arg(small_model())
            .arg(example("hedged-report.txt"))
            .arg(example("accusatory-report.txt"))
            .args(["--n", "6"]),
    );
    let (header, rows) = read_csv(&out);
    assert_eq!(
        header,
        [
            "id",
            "text",
            "frame",
            "stance",
            "guess_frame",
            "guess_stance"
        ]
    );
    assert_eq!(rows.len(), 6);
    let mut records = classified(small_model(), &example("hedged-report.txt"));
    records.extend(classified(small_model(), &example("accusatory-report.txt")));
    let chosen: Vec<f64> = rows.iter().map(|row| margin(&records[&row[0]])).collect();
    // Probabilities are rounded to 4 decimals in the records.
    assert!(
        chosen.windows(2).all(|w| w[0] <= w[1] + 1e-3),
        "least certain first: {chosen:?}"
    );
    let mut all: Vec<f64> = records.values().map(margin).collect();
    all.sort_by(f64::total_cmp);
    assert!(chosen[5] <= all[5] + 1e-3, "the 6 smallest margins");
    for row in &rows {
        let record = &records[&row[0]];
        assert_eq!(row[1], record["text"].as_str().unwrap());
        assert_eq!(
            (row[2].as_str(), row[3].as_str()),
            ("", ""),
            "left to fill in"
        );
        assert_eq!(row[4], frame_labels(record).join("|"));
        assert_eq!(row[5], record["stance"].as_str().unwrap());
    }
}

#[test]
fn near_duplicates_are_suggested_once_and_out_writes_a_file() {
    let repeated = "Officials may have known about the leak, some reports suggested.";
    let mut input = String::new();
    for (i, text) in [
        repeated,
        "Officials may have known about the leak, some reports suggested!",
        "OFFICIALS may have known about the leak; some reports suggested.",
        "The harbour reopened on Friday after the storm.",
        "Critics accused the mayor of hiding the audit.",
    ]
    .iter()
    .enumerate()
    {
        input.push_str(&serde_json::json!({"id": format!("d{i}"), "text": text}).to_string());
        input.push('\n');
    }
    let path = write("near-duplicates.jsonl", input);
    let out = scratch().join("suggested.csv");
    framing()
        .args(["suggest", "--model"])
        .arg(small_model())
        .arg(&path)
        .args(["--n", "5", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    let (_, rows) = read_csv(&std::fs::read(&out).unwrap());
    let texts: Vec<String> = rows.iter().map(|r| r[1].to_lowercase()).collect();
    assert_eq!(rows.len(), 3, "{texts:?}");
    assert_eq!(
        texts
            .iter()
            .filter(|t| t.contains("known about the leak"))
            .count(),
        1
    );
}

#[test]
fn suggest_needs_n() {
    framing()
        .arg("suggest")
        .arg(example("hedged-report.txt"))
        .assert()
        .code(2);
}

/// The rows of `labels/labels.csv`: (id, text, frame, stance).
fn labelled_rows() -> Vec<[String; 4]> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("labels/labels.csv");
    let mut reader = csv::Reader::from_path(path).expect("labels/labels.csv is readable");
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (id, text, frame, stance) = (
        column("id"),
        column("text"),
        column("frame"),
        column("stance"),
    );
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            [id, text, frame, stance].map(|c| r[c].to_string())
        })
        .collect()
}

fn write_rows(name: &str, header: &[&str], rows: &[Vec<&str>]) -> std::path::PathBuf {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(header).unwrap();
    for row in rows {
        writer.write_record(row).unwrap();
    }
    write(name, writer.into_inner().unwrap())
}

/// Share of tasks the model gets exactly right on a sentence of a held-out row.
fn correctness(record: &Value, truth: &[String; 4]) -> f64 {
    let predicted: BTreeSet<&str> = frame_labels(record).into_iter().collect();
    let true_frame: BTreeSet<&str> = truth[2].split('|').collect();
    let frame = f64::from(u8::from(predicted == true_frame));
    let stance = f64::from(u8::from(record["stance"] == truth[3].as_str()));
    (frame + stance) / 2.0
}

/// On held-out rows of our labels, the sentences `suggest` picks are ones the model gets wrong
/// more often than randomly chosen ones: averaged over three seeded train/held-out splits, and
/// against the mean of several seeded random draws, so no single split or draw decides.
#[test]
fn suggested_sentences_are_harder_than_random_ones() {
    let rows = labelled_rows();
    assert!(
        rows.len() >= 600,
        "labels/labels.csv has {} rows",
        rows.len()
    );
    const N: usize = 80;
    let (mut suggested_accuracy, mut random_accuracy) = (0.0, 0.0);
    let splits = [1u64, 2, 3];
    for seed in splits {
        let mut order: Vec<usize> = (0..rows.len()).collect();
        order.shuffle(&mut rand::rngs::StdRng::seed_from_u64(seed));
        let (held, train) = order.split_at(rows.len() / 3);
        let train_rows: Vec<Vec<&str>> = train
            .iter()
            .map(|&r| rows[r].iter().map(String::as_str).collect())
            .collect();
        let train_path = write_rows(
            &format!("al-train-{seed}.csv"),
            &["id", "text", "frame", "stance"],
            &train_rows,
        );
        let held_rows: Vec<Vec<&str>> = held
            .iter()
            .map(|&r| vec![rows[r][0].as_str(), rows[r][1].as_str()])
            .collect();
        let held_path = write_rows(&format!("al-held-{seed}.csv"), &["id", "text"], &held_rows);
        let model = scratch().join(format!("al-model-{seed}.json"));
        stdout_of(
            framing()
                .args(["train", "--labels"])
                .arg(&train_path)
                .arg("--out")
                .arg(&model),
        );
        let truth: BTreeMap<&str, &[String; 4]> = held
            .iter()
            .map(|&r| (rows[r][0].as_str(), &rows[r]))
            .collect();
        let records = classified(&model, &held_path);
        let score = |id: &String| {
            let record = &records[id];
            correctness(record, truth[record["doc"].as_str().unwrap()])
        };
        let out = stdout_of(
            framing()
                .args(["suggest", "--model"])
                .arg(&model)
                .arg(&held_path)
                .args(["--n", &N.to_string()]),
        );
        let (_, suggested) = read_csv(&out);
        assert_eq!(suggested.len(), N);
        suggested_accuracy += suggested.iter().map(|r| score(&r[0])).sum::<f64>() / N as f64;
        let ids: Vec<&String> = records.keys().collect();
        let draws = 5;
        for draw in 0..draws {
            let mut rng = rand::rngs::StdRng::seed_from_u64(100 * seed + draw);
            let sample = ids.choose_multiple(&mut rng, N);
            random_accuracy += sample.map(|id| score(id)).sum::<f64>() / N as f64 / draws as f64;
        }
    }
    suggested_accuracy /= splits.len() as f64;
    random_accuracy /= splits.len() as f64;
    eprintln!("accuracy: suggested {suggested_accuracy:.3}, random {random_accuracy:.3}");
    assert!(
        suggested_accuracy + 0.1 < random_accuracy,
        "suggested {suggested_accuracy:.3} vs random {random_accuracy:.3}"
    );
}
