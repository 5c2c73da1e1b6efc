//! Document context through the real binary, with the shipped model: a quotation that runs over
//! several sentences is tagged in its middle sentences too, which carry no quotation marks.

mod common;

use common::{framing, json_lines, scratch, write};
use serde_json::Value;

const FERRY_ARTICLE: &str = "\
Harbour Town council votes to close the old ferry terminal

The council voted 7-2 on Thursday night to close the Eastgate ferry terminal at the end of the \
summer, ending 60 years of crossings to the island.

\"I have spent half my life on these boats. I know every deckhand by name. Where are the island \
children supposed to go to school now? Nobody on this council has answered that,\" said Morag \
Ellery, who runs the kiosk at the pier.

The closure will save the council about £1.2 million a year.

Thank you all for coming tonight.
";

fn frame_labels(records: &[Value]) -> Vec<(String, Vec<String>)> {
    records
        .iter()
        .map(|r| {
            let labels = r["frame"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| l.as_str().unwrap().to_string())
                .collect();
            (r["text"].as_str().unwrap().to_string(), labels)
        })
        .collect()
}

fn has_quotation(frames: &[(String, Vec<String>)], sentence: &str) -> bool {
    let (_, labels) = frames
        .iter()
        .find(|(text, _)| text == sentence)
        .unwrap_or_else(|| panic!("no sentence {sentence:?} in {frames:?}"));
    labels.iter().any(|l| l == "quotation")
}

#[test]
fn the_middle_sentences_of_a_quotation_are_quotation_and_a_new_paragraph_is_not() {
    let article = write("ferry.txt", FERRY_ARTICLE);
    let output = framing().arg("classify").arg(&article).output().unwrap();
    assert!(output.status.success());
    let frames = frame_labels(&json_lines(&output.stdout));
    for middle in [
        "I know every deckhand by name.",
        "Where are the island children supposed to go to school now?",
    ] {
        assert!(has_quotation(&frames, middle), "{middle}: {frames:?}");
    }
    assert!(
        !has_quotation(
            &frames,
            "The closure will save the council about £1.2 million a year."
        ),
        "{frames:?}"
    );
    assert!(
        !has_quotation(&frames, "Thank you all for coming tonight."),
        "a closed quotation carries nothing: {frames:?}"
    );

    // The same sentence on its own has no quotation to continue.
    let alone = write("alone.txt", "I know every deckhand by name.\n");
    let output = framing().arg("classify").arg(&alone).output().unwrap();
    let frames = frame_labels(&json_lines(&output.stdout));
    assert!(
        !has_quotation(&frames, "I know every deckhand by name."),
        "{frames:?}"
    );
}

/// A quotation left open (a typo the wild is full of) runs on within its paragraph, not past it.
#[test]
fn an_open_quotation_stops_at_the_end_of_its_paragraph() {
    let opened = "\"We will fight this all the way to the courts.";
    let next = "The closure will save the council about £1.2 million a year.";
    let same_paragraph = write("same-paragraph.txt", format!("{opened} {next}\n"));
    let new_paragraph = write("new-paragraph.txt", format!("{opened}\n\n{next}\n"));
    let labels_of = |article: &std::path::Path| {
        let output = framing().arg("classify").arg(article).output().unwrap();
        frame_labels(&json_lines(&output.stdout))
    };
    assert!(has_quotation(&labels_of(&same_paragraph), next));
    assert!(!has_quotation(&labels_of(&new_paragraph), next));
}

/// The ferry quotation as labelled rows: with `doc` and `sentence` columns (given out of order),
/// evaluation reads each row in its document's context; without them, each row alone.
#[test]
fn evaluation_reads_rows_of_a_document_in_sentence_order() {
    let rows = [
        ("4", "Where are the island children supposed to go to school now?", "quotation"),
        ("2", "\"\"I have spent half my life on these boats.", "quotation"),
        ("3", "I know every deckhand by name.", "quotation"),
        (
            "5",
            "Nobody on this council has answered that,\"\" said Morag Ellery, who runs the kiosk at the pier.",
            "accusation|attribution|quotation",
        ),
        ("1", "The council voted 7-2 on Thursday night to close the Eastgate ferry terminal.", "background"),
    ];
    let mut in_documents = String::from("doc,sentence,text,frame\n");
    let mut alone = String::from("text,frame\n");
    for (sentence, text, frame) in rows {
        in_documents.push_str(&format!("ferry,{sentence},\"{text}\",{frame}\n"));
        alone.push_str(&format!("\"{text}\",{frame}\n"));
    }
    let quotation_recall = |name: &str, csv: &str| {
        let labels = write(name, csv);
        let report = scratch().join(format!("{name}.json"));
        framing()
            .args(["evaluate", "--labels"])
            .arg(&labels)
            .arg("--json")
            .arg(&report)
            .assert()
            .success();
        let report: Value = serde_json::from_slice(&std::fs::read(report).unwrap()).unwrap();
        report["tasks"]["frame"]["per_label"]["quotation"]["recall"]
            .as_f64()
            .unwrap()
    };
    assert_eq!(quotation_recall("in-documents.csv", &in_documents), 1.0);
    assert!(quotation_recall("alone.csv", &alone) < 1.0);
}
