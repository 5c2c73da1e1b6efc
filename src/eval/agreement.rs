//! Agreement between two labelling passes over the same rows (matched by `id`): per-label F1
//! between the passes for every task, and Cohen's kappa for single-label tasks.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::{cohen_kappa, score, TaskScores};
use crate::data::{LabelledSet, TaskKind};
use crate::error::{Error, Result};

/// One task's agreement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskAgreement {
    /// The second pass scored against the first: per-label F1, macro and micro F1.
    #[serde(flatten)]
    pub scores: TaskScores,
    /// Rows carrying each label in the first and in the second pass.
    pub counts: BTreeMap<String, (usize, usize)>,
    /// Cohen's kappa (single-label tasks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kappa: Option<f64>,
}

/// Agreement between two passes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Agreement {
    /// Rows found in both passes.
    pub matched: usize,
    /// Ids of the first pass missing from the second.
    pub only_first: Vec<String>,
    /// Ids of the second pass missing from the first.
    pub only_second: Vec<String>,
    /// Per task present in both.
    pub tasks: BTreeMap<String, TaskAgreement>,
}

/// Compares two passes row by row (by id).
pub fn agreement(first: &LabelledSet, second: &LabelledSet) -> Result<Agreement> {
    let second_rows: HashMap<&str, usize> = second
        .ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    let first_ids: std::collections::HashSet<&str> = first.ids.iter().map(String::as_str).collect();
    let pairs: Vec<(usize, usize)> = first
        .ids
        .iter()
        .enumerate()
        .filter_map(|(i, id)| second_rows.get(id.as_str()).map(|&j| (i, j)))
        .collect();
    if pairs.is_empty() {
        return Err(Error::Data(format!(
            "{} and {} share no row id",
            first.path.display(),
            second.path.display()
        )));
    }
    let mut tasks = BTreeMap::new();
    for task in &first.tasks {
        let Some(other) = second.task(&task.name) else {
            continue;
        };
        let mut labels = task.labels.clone();
        labels.extend(
            other
                .labels
                .iter()
                .filter(|l| !task.labels.contains(l))
                .cloned(),
        );
        labels.sort();
        let position = |name: &str| {
            labels
                .binary_search_by(|l| l.as_str().cmp(name))
                .expect("every label was collected")
        };
        let remap = |names: &[String], row: &[usize]| -> Vec<usize> {
            let mut row: Vec<usize> = row.iter().map(|&l| position(&names[l])).collect();
            row.sort_unstable();
            row
        };
        let a: Vec<Vec<usize>> = pairs
            .iter()
            .map(|&(i, _)| remap(&task.labels, &task.targets[i]))
            .collect();
        let b: Vec<Vec<usize>> = pairs
            .iter()
            .map(|&(_, j)| remap(&other.labels, &other.targets[j]))
            .collect();
        let kind = if task.kind == TaskKind::MultiLabel || other.kind == TaskKind::MultiLabel {
            TaskKind::MultiLabel
        } else {
            TaskKind::SingleLabel
        };
        let kappa = (kind == TaskKind::SingleLabel).then(|| {
            let first: Vec<usize> = a.iter().map(|r| r[0]).collect();
            let second: Vec<usize> = b.iter().map(|r| r[0]).collect();
            cohen_kappa(labels.len(), &first, &second)
        });
        let count =
            |rows: &[Vec<usize>], label: usize| rows.iter().filter(|r| r.contains(&label)).count();
        let counts = labels
            .iter()
            .enumerate()
            .map(|(l, name)| (name.clone(), (count(&a, l), count(&b, l))))
            .collect();
        tasks.insert(
            task.name.clone(),
            TaskAgreement {
                scores: score(kind, &labels, &a, &b),
                counts,
                kappa,
            },
        );
    }
    Ok(Agreement {
        matched: pairs.len(),
        only_first: first
            .ids
            .iter()
            .filter(|id| !second_rows.contains_key(id.as_str()))
            .cloned()
            .collect(),
        only_second: second
            .ids
            .iter()
            .filter(|id| !first_ids.contains(id.as_str()))
            .cloned()
            .collect(),
        tasks,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::LabelsOptions;

    fn set(name: &str, csv: &str) -> LabelledSet {
        LabelledSet::from_bytes(name.as_ref(), csv.as_bytes(), &LabelsOptions::default()).unwrap()
    }

    #[test]
    fn passes_are_matched_by_id() {
        let first = set(
            "a.csv",
            "id,text,frame,stance\n1,A.,x|y,p\n2,B.,x,q\n3,C.,y,p\n4,D.,x,q\n",
        );
        let second = set(
            "b.csv",
            "id,text,frame,stance\n4,D.,x,q\n2,B.,x,p\n1,A.,x|y,p\n9,Z.,y,q\n",
        );
        let result = agreement(&first, &second).unwrap();
        assert_eq!(result.matched, 3);
        assert_eq!(result.only_first, ["3"]);
        assert_eq!(result.only_second, ["9"]);
        assert_eq!(result.tasks["frame"].scores.per_label["x"].f1, 1.0);
        assert_eq!(result.tasks["stance"].counts["p"], (1, 2));
        // Stance agrees on 2 of 3 rows: p,q,q against p,p,q gives kappa (2/3 - 4/9) / (5/9) = 0.4.
        assert!((result.tasks["stance"].kappa.unwrap() - 0.4).abs() < 1e-12);
    }
}
