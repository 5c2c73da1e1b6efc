//! The two founding articles in `../shared/seeds/` (read from there, never copied into the
//! project): split into sentences with exact offsets and no text lost. Skipped where the folder
//! is absent.

mod common;

use common::{framing, json_lines, shared, small_model};

/// Sentence spans checked by eye: headlines, bullet captions, multi-paragraph quotations and
/// quotations closing after the full stop each get their own sentence.
const ASIA_PLUS: &[(usize, usize)] = &[
    (0, 69),
    (71, 255),
    (258, 496),
    (499, 622),
    (623, 767),
    (770, 933),
    (934, 1072),
    (1073, 1155),
    (1158, 1263),
    (1266, 1490),
    (1493, 1703),
    (1706, 1920),
    (1923, 2048),
    (2051, 2187),
    (2190, 2306),
    (2309, 2441),
    (2444, 2523),
    (2524, 2741),
    (2744, 2921),
    (2924, 3164),
    (3167, 3184),
];
const RT: &[(usize, usize)] = &[
    (0, 61),
    (63, 212),
    (214, 464),
    (466, 530),
    (532, 706),
    (708, 751),
    (753, 833),
    (835, 910),
    (912, 1126),
    (1130, 1164),
    (1168, 1180),
    (1182, 1289),
    (1291, 1484),
    (1486, 1508),
    (1510, 1682),
    (1684, 1904),
    (1906, 1982),
    (1984, 2138),
    (2140, 2328),
    (2330, 2559),
    (2561, 2716),
    (2718, 2858),
    (2860, 2973),
    (2975, 3233),
    (3235, 3435),
    (3437, 3594),
    (3596, 3761),
    (3763, 3998),
    (4002, 4061),
    (4065, 4108),
    (4110, 4287),
    (4289, 4339),
    (4341, 4510),
    (4512, 4559),
    (4561, 4738),
    (4740, 4756),
    (4758, 4854),
    (4856, 4932),
    (4934, 5069),
    (5071, 5158),
    (5160, 5268),
    (5270, 5369),
    (5373, 5461),
    (5465, 5508),
    (5510, 5616),
    (5618, 5747),
    (5749, 5881),
    (5883, 6078),
    (6080, 6418),
    (6420, 6542),
    (6544, 6766),
    (6768, 6867),
    (6869, 6961),
    (6963, 7185),
    (7187, 7438),
    (7440, 7502),
    (7504, 7750),
    (7752, 7795),
    (7797, 7897),
    (7899, 8048),
    (8050, 8227),
    (8229, 8389),
    (8391, 8538),
    (8540, 8676),
    (8678, 8750),
    (8752, 8933),
];

fn check(file: &str, expected: &[(usize, usize)]) {
    let Some(path) = shared(&format!("seeds/{file}")) else {
        return;
    };
    let text = std::fs::read_to_string(&path).unwrap();
    let chars: Vec<char> = text.chars().collect();
    let output = framing()
        .arg("classify")
        .arg("--model")
        .arg(small_model())
        .arg(&path)
        .output()
        .unwrap();
    assert!(output.status.success());
    let records = json_lines(&output.stdout);
    let spans: Vec<(usize, usize)> = records
        .iter()
        .map(|r| {
            (
                r["start"].as_u64().unwrap() as usize,
                r["end"].as_u64().unwrap() as usize,
            )
        })
        .collect();
    assert_eq!(spans, expected, "{file}");
    let mut covered = vec![false; chars.len()];
    for (record, &(start, end)) in records.iter().zip(&spans) {
        let slice: String = chars[start..end].iter().collect();
        assert_eq!(
            record["text"].as_str().unwrap(),
            slice,
            "text[start:end] is the sentence"
        );
        covered[start..end].iter_mut().for_each(|c| *c = true);
    }
    let lost: String = chars
        .iter()
        .zip(&covered)
        .filter(|(c, covered)| !c.is_whitespace() && !**covered)
        .map(|(c, _)| *c)
        .collect();
    assert_eq!(lost, "", "every non-space character is in a sentence");
}

#[test]
fn asia_plus_report_splits_exactly() {
    check("000_0a569aa48f4bb4b4.txt", ASIA_PLUS);
}

#[test]
fn rt_report_splits_exactly() {
    check("004_42793ad116534b6d.txt", RT);
}

/// The share of sentences carrying each label, per article, from `--summary`.
fn profiles_of_the_seeds() -> Option<Vec<serde_json::Value>> {
    let first = shared("seeds/000_0a569aa48f4bb4b4.txt")?;
    let second = shared("seeds/004_42793ad116534b6d.txt")?;
    let summary = common::scratch().join("seed-profiles.jsonl");
    framing()
        .arg("classify")
        .arg(&first)
        .arg(&second)
        .arg("--summary")
        .arg(&summary)
        .arg("--output")
        .arg(common::scratch().join("seed-records.jsonl"))
        .assert()
        .success();
    Some(json_lines(&std::fs::read(summary).unwrap()))
}

/// The founding comparison, with the shipped model: the hedged Asia-Plus report attributes and
/// distances more; the RT report accuses, cites experts and endorses more.
#[test]
fn the_shipped_model_tells_the_two_seed_reports_apart() {
    let Some(profiles) = profiles_of_the_seeds() else {
        return;
    };
    let (asia_plus, rt) = (&profiles[0], &profiles[1]);
    let share = |profile: &serde_json::Value, task: &str, label: &str| {
        profile[task][label].as_f64().unwrap()
    };
    for (task, label) in [("frame", "attribution"), ("stance", "distancing")] {
        assert!(
            share(asia_plus, task, label) > share(rt, task, label),
            "{label}: Asia-Plus {} vs RT {}",
            share(asia_plus, task, label),
            share(rt, task, label)
        );
    }
    for (task, label) in [
        ("frame", "accusation"),
        ("frame", "expert_opinion"),
        ("stance", "endorsing"),
    ] {
        assert!(
            share(rt, task, label) > share(asia_plus, task, label),
            "{label}: RT {} vs Asia-Plus {}",
            share(rt, task, label),
            share(asia_plus, task, label)
        );
    }
}
