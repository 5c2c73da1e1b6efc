//! Evaluation reports as aligned tables for the terminal.

use std::io::{self, Write};

use super::table::write_aligned;
use crate::data::TaskKind;
use crate::eval::{
    Abstention, Agreement, Baseline, Calibration, Confusion, CrossValidation, Evaluation, Spread,
    TaskScores, TunedTask,
};

/// Prints a model's scores on a labels file.
pub fn write_evaluation(out: &mut dyn Write, evaluation: &Evaluation) -> io::Result<()> {
    writeln!(out, "{}: {} rows", evaluation.labels_file, evaluation.rows)?;
    for (name, task) in &evaluation.tasks {
        write_task(out, name, &task.scores, None, &task.baseline)?;
        write_confidence(
            out,
            task.scores.kind,
            &task.calibration,
            task.abstention.as_ref(),
        )?;
    }
    if !evaluation.skipped_tasks.is_empty() {
        writeln!(
            out,
            "not in the model, not scored: {}",
            evaluation.skipped_tasks.join(", ")
        )?;
    }
    Ok(())
}

/// Prints cross-validated scores (means ± standard deviations over folds).
pub fn write_cross_validation(out: &mut dyn Write, cv: &CrossValidation) -> io::Result<()> {
    writeln!(
        out,
        "{}-fold stratified cross-validation (seed {}), {} rows: mean ± std over folds",
        cv.folds, cv.seed, cv.rows
    )?;
    for (name, task) in &cv.tasks {
        write_task(out, name, &task.mean, Some(&task.std), &task.baseline)?;
        write_confidence(
            out,
            task.mean.kind,
            &task.calibration,
            task.abstention.as_ref(),
        )?;
    }
    Ok(())
}

/// Prints tuned multi-label thresholds beside the F1 they reach and the F1 at the default.
pub fn write_thresholds(out: &mut dyn Write, tuned: &[TunedTask]) -> io::Result<()> {
    for task in tuned {
        writeln!(
            out,
            "{} thresholds (best F1 per label on the file)",
            task.task
        )?;
        let mut rows = vec![["label", "threshold", "f1", "f1 at 0.5", "support"]
            .map(String::from)
            .to_vec()];
        for label in &task.labels {
            rows.push(vec![
                label.label.clone(),
                format!("{:.2}", label.threshold),
                format!("{:.3}", label.f1),
                format!("{:.3}", label.default_f1),
                label.support.to_string(),
            ]);
        }
        write_aligned(out, &rows)?;
    }
    Ok(())
}

/// Prints the calibration of a task's probabilities (Brier score, ECE, reliability table) and,
/// when the model abstains, the coverage and accuracy of what it keeps.
fn write_confidence(
    out: &mut dyn Write,
    kind: TaskKind,
    calibration: &Calibration,
    abstention: Option<&Abstention>,
) -> io::Result<()> {
    let judged = match kind {
        TaskKind::SingleLabel => "top probability vs correct",
        TaskKind::MultiLabel => "every label's probability vs truth",
    };
    writeln!(
        out,
        "\ncalibration ({judged}): Brier {:.3}, ECE {:.3}",
        calibration.brier, calibration.ece
    )?;
    let mut rows = vec![["confidence", "count", "mean confidence", "accuracy"]
        .map(String::from)
        .to_vec()];
    let or_dash = |value: Option<f64>| value.map_or("-".to_string(), |v| format!("{v:.3}"));
    for bin in &calibration.reliability {
        rows.push(vec![
            format!("{:.1}-{:.1}", bin.lower, bin.upper),
            bin.count.to_string(),
            or_dash(bin.confidence),
            or_dash(bin.accuracy),
        ]);
    }
    write_aligned(out, &rows)?;
    if let Some(a) = abstention {
        writeln!(
            out,
            "abstaining below {:.2}: coverage {:.3} ({} rows), accuracy on them {:.3}",
            a.min_confidence, a.coverage, a.covered_rows, a.accuracy
        )?;
    }
    Ok(())
}

/// Prints the agreement between two labelling passes.
pub fn write_agreement(out: &mut dyn Write, agreement: &Agreement) -> io::Result<()> {
    writeln!(out, "{} rows in both passes", agreement.matched)?;
    for (side, ids) in [
        ("first", &agreement.only_first),
        ("second", &agreement.only_second),
    ] {
        if !ids.is_empty() {
            writeln!(
                out,
                "{} rows only in the {side} pass: {}",
                ids.len(),
                ids.join(", ")
            )?;
        }
    }
    for (name, task) in &agreement.tasks {
        writeln!(out, "\n{name} ({})", task.scores.kind)?;
        let mut rows = vec![["label", "F1 between passes", "first", "second"]
            .map(String::from)
            .to_vec()];
        for (label, s) in &task.scores.per_label {
            let (first, second) = task.counts[label];
            rows.push(vec![
                label.clone(),
                format!("{:.3}", s.f1),
                first.to_string(),
                second.to_string(),
            ]);
        }
        write_aligned(out, &rows)?;
        write!(
            out,
            "macro F1 {:.3}, micro F1 {:.3}",
            task.scores.macro_f1, task.scores.micro_f1
        )?;
        if let Some(kappa) = task.kappa {
            write!(out, ", Cohen's kappa {kappa:.3}")?;
        }
        writeln!(out)?;
    }
    Ok(())
}

fn with_spread(value: f64, spread: Option<f64>) -> String {
    match spread {
        Some(s) => format!("{value:.3} ± {s:.3}"),
        None => format!("{value:.3}"),
    }
}

fn write_task(
    out: &mut dyn Write,
    name: &str,
    scores: &TaskScores,
    spread: Option<&Spread>,
    baseline: &Baseline,
) -> io::Result<()> {
    writeln!(out, "\n{name} ({}, {} rows)", scores.kind, scores.rows)?;
    let mut rows = vec![["label", "precision", "recall", "f1", "support"]
        .map(String::from)
        .to_vec()];
    for (label, s) in &scores.per_label {
        rows.push(vec![
            label.clone(),
            format!("{:.3}", s.precision),
            format!("{:.3}", s.recall),
            with_spread(s.f1, spread.map(|sp| sp.per_label_f1[label])),
            s.support.to_string(),
        ]);
    }
    write_aligned(out, &rows)?;
    let accuracy_name = match scores.kind {
        TaskKind::SingleLabel => "accuracy",
        TaskKind::MultiLabel => "subset accuracy",
    };
    let mut summary = vec![
        vec![
            "".to_string(),
            "macro F1".into(),
            "micro F1".into(),
            "weighted F1".into(),
            accuracy_name.into(),
        ],
        vec![
            "model".to_string(),
            with_spread(scores.macro_f1, spread.map(|s| s.macro_f1)),
            with_spread(scores.micro_f1, spread.map(|s| s.micro_f1)),
            with_spread(scores.weighted_f1, spread.map(|s| s.weighted_f1)),
            with_spread(scores.accuracy, spread.map(|s| s.accuracy)),
        ],
        vec![
            format!("baseline (always {})", baseline.predicts.join("|")),
            format!("{:.3}", baseline.macro_f1),
            format!("{:.3}", baseline.micro_f1),
            format!("{:.3}", baseline.weighted_f1),
            format!("{:.3}", baseline.accuracy),
        ],
    ];
    if let Some(hamming) = scores.hamming_loss {
        summary[0].push("Hamming loss".into());
        summary[1].push(format!("{hamming:.3}"));
    }
    writeln!(out)?;
    write_aligned(out, &summary)?;
    if let Confusion::Matrix { labels, matrix } = &scores.confusion {
        writeln!(out, "\nconfusion (rows = truth, columns = predicted)")?;
        let mut rows = vec![std::iter::once(String::new())
            .chain(labels.iter().cloned())
            .collect::<Vec<_>>()];
        for (label, counts) in labels.iter().zip(matrix) {
            rows.push(
                std::iter::once(label.clone())
                    .chain(counts.iter().map(usize::to_string))
                    .collect(),
            );
        }
        write_aligned(out, &rows)?;
    }
    Ok(())
}
