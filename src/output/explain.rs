//! The strongest features of each label (`framing explain`) as aligned tables.

use std::io::{self, Write};

use super::table::write_aligned;
use crate::model::{FeatureWeight, LabelWeights};

/// Prints, per task, a table of each label's largest positive and negative weights side by side.
/// A term whose surface form differs from its stems shows both: `accus the (accused the)`.
pub fn write_strongest_features(out: &mut dyn Write, labels: &[LabelWeights]) -> io::Result<()> {
    for (i, task) in labels.chunk_by(|a, b| a.task == b.task).enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(out, "{}", task[0].task)?;
        let mut rows = vec![["label", "#", "positive", "weight", "negative", "weight"]
            .map(String::from)
            .to_vec()];
        for label in task {
            let ranks = label.positive.len().max(label.negative.len());
            for rank in 0..ranks {
                let mut row = vec![
                    if rank == 0 {
                        label.label.clone()
                    } else {
                        String::new()
                    },
                    (rank + 1).to_string(),
                ];
                for side in [&label.positive, &label.negative] {
                    match side.get(rank) {
                        Some(feature) => {
                            row.push(shown(feature));
                            row.push(format!("{:+.3}", feature.weight));
                        }
                        None => row.extend([String::new(), String::new()]),
                    }
                }
                rows.push(row);
            }
        }
        write_aligned(out, &rows)?;
    }
    Ok(())
}

fn shown(feature: &FeatureWeight) -> String {
    if feature.surface == feature.term {
        feature.term.clone()
    } else {
        format!("{} ({})", feature.term, feature.surface)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weight(term: &str, surface: &str, weight: f64) -> FeatureWeight {
        FeatureWeight {
            term: term.into(),
            surface: surface.into(),
            weight,
        }
    }

    #[test]
    fn shows_stems_with_their_surface_and_aligns_both_sides() {
        let labels = [LabelWeights {
            task: "frame".into(),
            label: "accusation".into(),
            positive: vec![
                weight("accus the", "accused the", 2.5),
                weight("#cue:blame", "#cue:blame", 1.0),
            ],
            negative: vec![weight("said", "said", -1.25)],
        }];
        let mut out = Vec::new();
        write_strongest_features(&mut out, &labels).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "frame");
        assert_eq!(
            lines[2],
            "accusation  1  accus the (accused the)  +2.500  said      -1.250"
        );
        assert_eq!(lines[3], "            2  #cue:blame               +1.000");
    }
}
