//! The labels CSV: a text column and one or more label columns, each a task. A task whose cells
//! hold `|`-joined labels is multi-label, otherwise single-label.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Position, Result};
use crate::text::{ContextTracker, SentenceContext};

/// Columns that describe a row and are never tasks.
pub const METADATA_COLUMNS: [&str; 5] = ["id", "source", "doc", "sentence", "notes"];

/// Columns starting with this hold a model's guesses (`framing suggest` writes them beside the
/// empty task columns a person fills in): metadata too, so that a corrected file trains as is.
pub const GUESS_PREFIX: &str = "guess_";

/// Whether a column describes a row rather than being a task.
pub fn is_metadata(column: &str) -> bool {
    METADATA_COLUMNS.contains(&column) || column.starts_with(GUESS_PREFIX)
}

/// The separator of labels in a multi-label cell.
pub const LABEL_SEPARATOR: char = '|';

/// Whether a task gives each sentence one label or a set of labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TaskKind {
    /// Exactly one label per sentence (softmax).
    SingleLabel,
    /// One or more labels per sentence (one-vs-rest).
    MultiLabel,
}

impl fmt::Display for TaskKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TaskKind::SingleLabel => "single-label",
            TaskKind::MultiLabel => "multi-label",
        })
    }
}

/// One label column: its labels (sorted) and the label indices of every row.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    /// The column name.
    pub name: String,
    /// Single- or multi-label.
    pub kind: TaskKind,
    /// The distinct labels, sorted.
    pub labels: Vec<String>,
    /// For each row, the indices (into `labels`) of its labels, sorted; exactly one for a
    /// single-label task.
    pub targets: Vec<Vec<usize>>,
}

impl Task {
    /// How many rows carry each label, by label.
    pub fn label_counts(&self) -> BTreeMap<String, usize> {
        let mut counts = vec![0; self.labels.len()];
        for row in &self.targets {
            for &l in row {
                counts[l] += 1;
            }
        }
        self.labels.iter().cloned().zip(counts).collect()
    }

    /// The same task restricted to `rows`, in that order (labels unchanged).
    pub fn select_rows(&self, rows: &[usize]) -> Task {
        Task {
            targets: rows.iter().map(|&r| self.targets[r].clone()).collect(),
            ..self.clone()
        }
    }
}

/// How to read a labels file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelsOptions {
    /// The column holding the sentence text.
    pub text_column: String,
    /// Restrict training to these task columns (all label columns when `None`).
    pub tasks: Option<Vec<String>>,
}

impl Default for LabelsOptions {
    fn default() -> Self {
        LabelsOptions {
            text_column: "text".into(),
            tasks: None,
        }
    }
}

/// A labels file read and checked: sentence texts and their tasks.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelledSet {
    /// The file it was read from.
    pub path: PathBuf,
    /// SHA-256 of the file's bytes, hex.
    pub sha256: String,
    /// Each row's `id` (or `line N` when the file has no `id` column).
    pub ids: Vec<String>,
    /// Each row's text.
    pub texts: Vec<String>,
    /// Each row's context in its document (rows of one `doc` are read in `sentence` order, or in
    /// file order without that column); rows without a document are read on their own.
    pub contexts: Vec<SentenceContext>,
    /// The label columns, in file order.
    pub tasks: Vec<Task>,
}

impl LabelledSet {
    /// Reads and checks a labels CSV.
    ///
    /// Every problem is an [`Error::Input`] naming the file, line and column: missing columns,
    /// rows of the wrong width, invalid UTF-8, empty text, empty label cells, and label columns
    /// with a single class.
    pub fn read(path: impl AsRef<Path>, options: &LabelsOptions) -> Result<Self> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Self::from_bytes(path, &bytes, options)
    }

    /// Parses labels CSV `bytes` that came from `path` (used in messages).
    pub fn from_bytes(path: &Path, bytes: &[u8], options: &LabelsOptions) -> Result<Self> {
        let sha256 = format!("{:x}", Sha256::digest(bytes));
        let mut reader = csv::ReaderBuilder::new().from_reader(bytes);
        let headers: Vec<String> = reader
            .byte_headers()
            .map_err(|e| csv_error(path, e))?
            .iter()
            .enumerate()
            .map(|(i, h)| {
                std::str::from_utf8(h)
                    .map(|h| h.trim().to_string())
                    .map_err(|_| {
                        Error::input(
                            Position::line(path, 1).with_column(i + 1),
                            "header is not valid UTF-8",
                        )
                    })
            })
            .collect::<Result<_>>()?;
        let text_index = headers
            .iter()
            .position(|h| *h == options.text_column)
            .ok_or_else(|| {
                Error::input(
                    Position::line(path, 1),
                    format!(
                        "no `{}` column (columns: {})",
                        options.text_column,
                        headers.join(", ")
                    ),
                )
            })?;
        let id_index = headers.iter().position(|h| h == "id");
        let doc_index = headers.iter().position(|h| h == "doc");
        let sentence_index = headers.iter().position(|h| h == "sentence");
        let task_columns = task_columns(path, &headers, text_index, options)?;

        let mut ids = Vec::new();
        let mut texts = Vec::new();
        let mut lines = Vec::new();
        let mut placements = Vec::new();
        let mut cells: Vec<Vec<Vec<String>>> = vec![Vec::new(); task_columns.len()];
        for record in reader.byte_records() {
            let record = record.map_err(|e| csv_error(path, e))?;
            let line = record.position().map_or(0, |p| p.line());
            let field = |index: usize| -> Result<&str> {
                std::str::from_utf8(&record[index]).map_err(|e| {
                    Error::input(
                        Position::line(path, line).with_column(&headers[index]),
                        format!("invalid UTF-8 at byte {} of the field", e.valid_up_to()),
                    )
                })
            };
            let text = field(text_index)?.trim();
            if text.is_empty() {
                return Err(Error::input(
                    Position::line(path, line).with_column(&headers[text_index]),
                    "empty text",
                ));
            }
            for (slot, &column) in cells.iter_mut().zip(&task_columns) {
                let cell = field(column)?;
                let labels: Vec<String> = cell
                    .split(LABEL_SEPARATOR)
                    .map(|l| l.trim().to_string())
                    .collect();
                if labels.iter().any(String::is_empty) {
                    let problem = if cell.trim().is_empty() {
                        "empty label cell".to_string()
                    } else {
                        format!("empty label in `{cell}`")
                    };
                    return Err(Error::input(
                        Position::line(path, line).with_column(&headers[column]),
                        problem,
                    ));
                }
                slot.push(labels);
            }
            ids.push(match id_index {
                Some(i) => field(i)?.trim().to_string(),
                None => format!("line {line}"),
            });
            let doc = match doc_index {
                Some(i) => field(i)?.trim(),
                None => "",
            };
            let order = match sentence_index {
                Some(i) if !doc.is_empty() => {
                    let cell = field(i)?.trim();
                    Some(cell.parse::<u64>().map_err(|_| {
                        Error::input(
                            Position::line(path, line).with_column(&headers[i]),
                            format!("sentence number `{cell}` is not a whole number"),
                        )
                    })?)
                }
                _ => None,
            };
            placements.push((!doc.is_empty()).then(|| (doc.to_string(), order)));
            texts.push(text.to_string());
            lines.push(line);
        }
        if texts.is_empty() {
            return Err(Error::input(Position::file(path), "no labelled rows"));
        }
        let tasks = task_columns
            .iter()
            .zip(cells)
            .map(|(&column, cells)| build_task(path, &headers[column], cells))
            .collect::<Result<_>>()?;
        let contexts = document_contexts(&texts, &placements);
        Ok(LabelledSet {
            path: path.to_path_buf(),
            sha256,
            ids,
            texts,
            contexts,
            tasks,
        })
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.texts.len()
    }

    /// Whether there are no rows (never true for a set that was read successfully).
    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }

    /// The task named `name`.
    pub fn task(&self, name: &str) -> Option<&Task> {
        self.tasks.iter().find(|t| t.name == name)
    }

    /// The same set restricted to `rows`, in that order.
    pub fn select_rows(&self, rows: &[usize]) -> LabelledSet {
        LabelledSet {
            path: self.path.clone(),
            sha256: self.sha256.clone(),
            ids: rows.iter().map(|&r| self.ids[r].clone()).collect(),
            texts: rows.iter().map(|&r| self.texts[r].clone()).collect(),
            contexts: rows.iter().map(|&r| self.contexts[r]).collect(),
            tasks: self.tasks.iter().map(|t| t.select_rows(rows)).collect(),
        }
    }
}

/// Where a row sits: its document and, when the file numbers sentences, its number there.
type Placement = Option<(String, Option<u64>)>;

/// Each row's context: the rows of each document are read in sentence order (file order among
/// equal or missing numbers).
fn document_contexts(texts: &[String], placements: &[Placement]) -> Vec<SentenceContext> {
    let mut documents: BTreeMap<&str, Vec<(Option<u64>, usize)>> = BTreeMap::new();
    for (row, placement) in placements.iter().enumerate() {
        if let Some((doc, order)) = placement {
            documents.entry(doc).or_default().push((*order, row));
        }
    }
    let mut contexts = vec![SentenceContext::default(); texts.len()];
    for rows in documents.values_mut() {
        rows.sort();
        let mut tracker = ContextTracker::default();
        for &(_, row) in rows.iter() {
            contexts[row] = tracker.next(&texts[row]);
        }
    }
    contexts
}

fn task_columns(
    path: &Path,
    headers: &[String],
    text_index: usize,
    options: &LabelsOptions,
) -> Result<Vec<usize>> {
    let columns: Vec<usize> = match &options.tasks {
        Some(wanted) => wanted
            .iter()
            .map(|name| {
                headers.iter().position(|h| h == name).ok_or_else(|| {
                    Error::input(
                        Position::line(path, 1),
                        format!("no task column `{name}` (columns: {})", headers.join(", ")),
                    )
                })
            })
            .collect::<Result<_>>()?,
        None => (0..headers.len())
            .filter(|&i| i != text_index && !is_metadata(&headers[i]))
            .collect(),
    };
    if columns.is_empty() {
        return Err(Error::input(
            Position::line(path, 1),
            format!(
                "no label column besides `{}` and the metadata columns ({})",
                headers[text_index],
                METADATA_COLUMNS.join(", ")
            ),
        ));
    }
    Ok(columns)
}

fn build_task(path: &Path, name: &str, cells: Vec<Vec<String>>) -> Result<Task> {
    let kind = if cells.iter().any(|labels| labels.len() > 1) {
        TaskKind::MultiLabel
    } else {
        TaskKind::SingleLabel
    };
    let mut labels: Vec<String> = cells.iter().flatten().cloned().collect();
    labels.sort();
    labels.dedup();
    if labels.len() < 2 {
        return Err(Error::input(
            Position::file(path).with_column(name),
            format!(
                "label column `{name}` has a single class `{}`: there is nothing to learn",
                labels.join("")
            ),
        ));
    }
    let targets: Vec<Vec<usize>> = cells
        .iter()
        .map(|row| {
            let mut indices: Vec<usize> = row
                .iter()
                .map(|l| labels.binary_search(l).expect("every label was collected"))
                .collect();
            indices.sort_unstable();
            indices.dedup();
            indices
        })
        .collect();
    let task = Task {
        name: name.to_string(),
        kind,
        labels,
        targets,
    };
    if kind == TaskKind::MultiLabel {
        if let Some((label, _)) = task
            .label_counts()
            .into_iter()
            .find(|(_, n)| *n == cells.len())
        {
            return Err(Error::input(
                Position::file(path).with_column(name),
                format!("label `{label}` of `{name}` is on every row: a one-vs-rest model cannot learn it"),
            ));
        }
    }
    Ok(task)
}

/// A CSV parse error with its position.
pub(crate) fn csv_error(path: &Path, error: csv::Error) -> Error {
    let line = error.position().map(|p| p.line());
    let message = match error.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("row has {len} fields, the header has {expected_len}")
        }
        csv::ErrorKind::Utf8 { err, .. } => format!("invalid UTF-8 in field {}", err.field() + 1),
        csv::ErrorKind::Io(e) => e.to_string(),
        _ => error.to_string(),
    };
    let position = match line {
        Some(line) => Position::line(path, line),
        None => Position::file(path),
    };
    Error::input(position, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(csv: &str) -> Result<LabelledSet> {
        LabelledSet::from_bytes(
            Path::new("labels.csv"),
            csv.as_bytes(),
            &LabelsOptions::default(),
        )
    }

    #[test]
    fn finds_tasks_and_their_kinds() {
        let set = read(
            "id,text,frame,stance,source\n\
             a,\"Officials said the talks failed.\",attribution,reporting,wire/diplomacy\n\
             b,The rebels lied again.,accusation|attribution,endorsing,op-ed/war\n\
             c,Rain is expected.,background,neutral,wire/climate\n",
        )
        .unwrap();
        assert_eq!(set.len(), 3);
        assert_eq!(set.ids, ["a", "b", "c"]);
        let names: Vec<_> = set
            .tasks
            .iter()
            .map(|t| (t.name.as_str(), t.kind))
            .collect();
        assert_eq!(
            names,
            [
                ("frame", TaskKind::MultiLabel),
                ("stance", TaskKind::SingleLabel)
            ]
        );
        let frame = set.task("frame").unwrap();
        assert_eq!(frame.labels, ["accusation", "attribution", "background"]);
        assert_eq!(frame.targets[1], [0, 1]);
        assert_eq!(frame.label_counts()["attribution"], 2);
        assert_eq!(set.sha256.len(), 64);
    }

    #[test]
    fn errors_name_the_line_and_column() {
        let cases = [
            ("id,body,stance\n1,x,a\n", "labels.csv:1: no `text` column (columns: id, body, stance)"),
            ("text,stance\nok,a\n  ,b\n", "labels.csv:3 (column text): empty text"),
            ("text,stance\nok,a\nfine,\n", "labels.csv:3 (column stance): empty label cell"),
            ("text,frame\nok,a|\nfine,b\n", "labels.csv:2 (column frame): empty label in `a|`"),
            ("text,stance\nok,a\nfine,a\n", "labels.csv (column stance): label column `stance` has a single class `a`: there is nothing to learn"),
            ("text,stance\nok,a\nfine,b,extra\n", "labels.csv:3: row has 3 fields, the header has 2"),
            ("text,id,notes\nok,1,n\n", "labels.csv:1: no label column besides `text` and the metadata columns (id, source, doc, sentence, notes)"),
            ("text,stance\n", "labels.csv: no labelled rows"),
            ("text,stance,doc,sentence\nok,a,d1,1\nfine,b,d1,two\n", "labels.csv:3 (column sentence): sentence number `two` is not a whole number"),
        ];
        for (csv, expected) in cases {
            assert_eq!(read(csv).unwrap_err().to_string(), expected, "for {csv:?}");
        }
    }

    #[test]
    fn rows_of_a_document_are_read_in_sentence_order() {
        // Two documents interleaved and out of order; the standalone row has no document.
        let set = read(
            "id,text,stance,doc,sentence\n\
             a3,\"Our schools will open in May,” she said.\",reporting,a,3\n\
             b1,“We stay.,reporting,b,1\n\
             a1,“Our ports are open.,reporting,a,1\n\
             alone,Nobody came.,neutral,,\n\
             a2,Our roads are open.,reporting,a,2\n\
             b2,Nobody leaves.,reporting,b,2\n\
             a4,Critics were unconvinced.,neutral,a,4\n",
        )
        .unwrap();
        let inside: Vec<(&str, bool)> = set
            .ids
            .iter()
            .zip(&set.contexts)
            .map(|(id, c)| (id.as_str(), c.inside_quotation))
            .collect();
        assert_eq!(
            inside,
            [
                ("a3", true),
                ("b1", false),
                ("a1", false),
                ("alone", false),
                ("a2", true),
                ("b2", true),
                ("a4", false)
            ]
        );
        let selected = set.select_rows(&[4, 3]);
        assert_eq!(
            selected.contexts,
            [set.contexts[4], set.contexts[3]],
            "a selection keeps each row's context"
        );
    }

    #[test]
    fn invalid_utf8_is_an_error_with_its_position() {
        let bytes = b"text,stance\nok,a\nbad \xff text,b\n";
        let error = LabelledSet::from_bytes(Path::new("l.csv"), bytes, &LabelsOptions::default())
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "l.csv:3 (column text): invalid UTF-8 at byte 4 of the field"
        );
    }

    #[test]
    fn guess_columns_from_suggest_are_not_tasks() {
        let set =
            read("id,text,frame,stance,guess_frame,guess_stance\na,A.,x,p,y,q\nb,B.,y,q,x,p\n")
                .unwrap();
        let names: Vec<&str> = set.tasks.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["frame", "stance"]);
    }

    #[test]
    fn chosen_tasks_and_text_column() {
        let options = LabelsOptions {
            text_column: "sentence_text".into(),
            tasks: Some(vec!["stance".into()]),
        };
        let csv = "sentence_text,frame,stance\nA.,x,a\nB.,y,b\n";
        let set = LabelledSet::from_bytes(Path::new("l.csv"), csv.as_bytes(), &options).unwrap();
        assert_eq!(set.tasks.len(), 1);
        assert_eq!(set.tasks[0].name, "stance");
    }
}
