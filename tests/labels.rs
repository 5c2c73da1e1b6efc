//! The project's labelled data (`labels/labels.csv`) meets the labelled-data issue: the label
//! set, the size and balance, provenance (`source`), and no near-duplicate rows.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use framing::data::{LabelledSet, LabelsOptions, TaskKind};

const FRAMES: [&str; 8] = [
    "accusation",
    "attribution",
    "background",
    "call_to_action",
    "denial",
    "expert_opinion",
    "quotation",
    "warning",
];
const STANCES: [&str; 4] = ["distancing", "endorsing", "neutral", "reporting"];
const TOPICS: [&str; 12] = [
    "diplomacy",
    "war",
    "elections",
    "economy",
    "health",
    "climate",
    "crime",
    "technology",
    "migration",
    "sport",
    "science",
    "culture",
];

fn labels() -> LabelledSet {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("labels/labels.csv");
    LabelledSet::read(path, &LabelsOptions::default()).expect("labels/labels.csv reads cleanly")
}

fn rows() -> Vec<csv::StringRecord> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("labels/labels.csv");
    let mut reader = csv::Reader::from_path(path).unwrap();
    assert_eq!(
        reader.headers().unwrap(),
        vec!["id", "text", "frame", "stance", "source", "doc", "notes"]
    );
    reader.records().map(Result::unwrap).collect()
}

#[test]
fn the_label_set_is_the_codebook_one() {
    let set = labels();
    let frame = set.task("frame").unwrap();
    let stance = set.task("stance").unwrap();
    assert_eq!(frame.kind, TaskKind::MultiLabel);
    assert_eq!(stance.kind, TaskKind::SingleLabel);
    assert_eq!(frame.labels, FRAMES);
    assert_eq!(stance.labels, STANCES);
    let background = frame.labels.iter().position(|l| l == "background").unwrap();
    for (row, labels) in frame.targets.iter().enumerate() {
        assert!(
            !labels.contains(&background) || labels.len() == 1,
            "row {} combines background",
            set.ids[row]
        );
    }
}

#[test]
fn enough_rows_and_every_label_well_represented() {
    let set = labels();
    assert!(set.len() >= 2500, "{} rows", set.len());
    for (label, count) in set.task("frame").unwrap().label_counts() {
        assert!(count >= 150, "frame `{label}` has {count} rows");
    }
    for (label, count) in set.task("stance").unwrap().label_counts() {
        assert!(count >= 250, "stance `{label}` has {count} rows");
    }
}

#[test]
fn ids_are_unique_and_sources_name_style_and_topic() {
    let rows = rows();
    let mut seen = BTreeSet::new();
    let mut topics: BTreeMap<String, usize> = BTreeMap::new();
    for row in &rows {
        assert!(seen.insert(row[0].to_string()), "duplicate id {}", &row[0]);
        let (style, topic) = row[4]
            .split_once('/')
            .unwrap_or_else(|| panic!("source `{}` of {} is not style/topic", &row[4], &row[0]));
        assert!(
            !style.is_empty() && !topic.is_empty(),
            "source `{}` of {}",
            &row[4],
            &row[0]
        );
        *topics.entry(topic.to_string()).or_default() += 1;
        let words = row[1].split_whitespace().count();
        assert!((3..=60).contains(&words), "{} has {words} words", &row[0]);
    }
    for topic in TOPICS {
        let count = topics
            .iter()
            .filter(|(t, _)| t.contains(topic))
            .map(|(_, n)| n)
            .sum::<usize>();
        assert!(count >= 20, "topic `{topic}` has {count} rows");
    }
}

fn token_set(text: &str, vocabulary: &mut HashMap<String, u32>) -> Vec<u32> {
    let mut ids: Vec<u32> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let next = vocabulary.len() as u32;
            *vocabulary.entry(w.to_lowercase()).or_insert(next)
        })
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

fn jaccard(a: &[u32], b: &[u32]) -> f64 {
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common as f64 / (a.len() + b.len() - common) as f64
}

#[test]
fn no_two_rows_are_near_duplicates() {
    let rows = rows();
    let mut vocabulary = HashMap::new();
    let sets: Vec<Vec<u32>> = rows
        .iter()
        .map(|r| token_set(&r[1], &mut vocabulary))
        .collect();
    let mut duplicates = Vec::new();
    for a in 0..sets.len() {
        for b in a + 1..sets.len() {
            let (short, long) = (
                sets[a].len().min(sets[b].len()),
                sets[a].len().max(sets[b].len()),
            );
            // Jaccard is at most short / long: skip pairs that cannot pass 0.8.
            if (short as f64) <= 0.8 * long as f64 {
                continue;
            }
            if jaccard(&sets[a], &sets[b]) > 0.8 {
                duplicates.push(format!("{} ~ {}", &rows[a][0], &rows[b][0]));
            }
        }
    }
    assert!(
        duplicates.is_empty(),
        "near-duplicate rows (token Jaccard > 0.8): {duplicates:?}"
    );
}

#[test]
fn the_jaccard_check_catches_a_reworded_copy() {
    let mut vocabulary = HashMap::new();
    let a = token_set(
        "The minister said on Monday that the talks had failed completely.",
        &mut vocabulary,
    );
    let b = token_set(
        "The minister said on Tuesday that the talks had failed completely.",
        &mut vocabulary,
    );
    let c = token_set(
        "Rebels shelled the port overnight, officials said.",
        &mut vocabulary,
    );
    assert!(jaccard(&a, &b) > 0.8);
    assert!(jaccard(&a, &c) < 0.8);
}

/// The command documented in the README, which builds the shipped model.
const SHIPPED_MODEL_COMMAND: [&str; 13] = [
    "train",
    "--labels",
    "labels/labels.csv",
    "--min-df",
    "2",
    "--class-weight",
    "balanced",
    "--c",
    "10",
    "--date",
    "2026-12-02",
    "--cv",
    "5",
];

#[test]
fn the_shipped_model_is_what_the_documented_command_builds() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let rebuilt = out.path().join("default.json");
    assert_cmd::Command::cargo_bin("framing")
        .unwrap()
        .current_dir(root)
        .args(SHIPPED_MODEL_COMMAND)
        .arg("--out")
        .arg(&rebuilt)
        .assert()
        .success();
    let shipped = std::fs::read(root.join("models/default.json")).unwrap();
    assert!(
        std::fs::read(&rebuilt).unwrap() == shipped,
        "models/default.json is stale: rebuild it with `framing {} --out models/default.json`",
        SHIPPED_MODEL_COMMAND.join(" ")
    );
}
