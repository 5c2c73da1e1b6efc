//! Each row of a scored labels file beside what the model assigned: the errors behind the scores.

use std::io::{self, Write};

use super::csv_io;
use crate::data::LabelledSet;
use crate::eval::Evaluation;

/// Writes one CSV row per row of `set`: `id,text`, then for each scored task its true labels,
/// `<task>_predicted`, `<task>_correct` (`yes` when the whole label set matches), `<task>_missed`
/// (true labels not assigned) and `<task>_extra` (labels assigned but not true). Labels are joined
/// with `|`, in the task's label order.
///
/// `evaluation` must come from [`crate::eval::evaluate`] on the same `set`.
pub fn write_predictions(
    out: impl Write,
    set: &LabelledSet,
    evaluation: &Evaluation,
) -> io::Result<()> {
    let mut out = csv::Writer::from_writer(out);
    let tasks: Vec<_> = set
        .tasks
        .iter()
        .filter_map(|task| {
            evaluation
                .tasks
                .get(&task.name)
                .map(|scored| (task, scored))
        })
        .collect();
    let mut header = vec!["id".to_string(), "text".to_string()];
    for (task, _) in &tasks {
        header.push(task.name.clone());
        for suffix in ["predicted", "correct", "missed", "extra"] {
            header.push(format!("{}_{suffix}", task.name));
        }
    }
    out.write_record(&header).map_err(csv_io)?;
    for row in 0..set.len() {
        let mut record = vec![set.ids[row].clone(), set.texts[row].clone()];
        for (task, scored) in &tasks {
            let truth: Vec<&str> = task.targets[row]
                .iter()
                .map(|&l| task.labels[l].as_str())
                .collect();
            let predicted: Vec<&str> = scored.predicted[row].iter().map(String::as_str).collect();
            let missed: Vec<&str> = truth
                .iter()
                .copied()
                .filter(|l| !predicted.contains(l))
                .collect();
            let extra: Vec<&str> = predicted
                .iter()
                .copied()
                .filter(|l| !truth.contains(l))
                .collect();
            let correct = missed.is_empty() && extra.is_empty();
            record.extend([
                truth.join("|"),
                predicted.join("|"),
                if correct { "yes" } else { "no" }.to_string(),
                missed.join("|"),
                extra.join("|"),
            ]);
        }
        out.write_record(&record).map_err(csv_io)?;
    }
    out.flush()
}
