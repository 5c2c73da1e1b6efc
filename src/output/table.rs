use std::io::{self, Write};

use super::{attribution_cells, RecordSink};
use crate::classify::ClassifiedArticle;
use crate::model::Model;

/// An aligned table per article: sentence number, character span, each task's labels with their
/// probabilities, with explanations the features behind them (a `why TASK` column per task), and
/// the sentence text.
pub struct TablePrinter<W: Write> {
    out: W,
    explain: bool,
}

impl<W: Write> TablePrinter<W> {
    /// A printer writing to `out`.
    pub fn new(out: W) -> Self {
        TablePrinter {
            out,
            explain: false,
        }
    }

    /// Whether rows also show the features behind each label.
    pub fn explain(mut self, explain: bool) -> Self {
        self.explain = explain;
        self
    }
}

/// Writes `rows` (the first is the header) with every column but the last padded to its widest
/// cell.
pub(crate) fn write_aligned(out: &mut dyn Write, rows: &[Vec<String>]) -> io::Result<()> {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|cell| cell.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            if c + 1 == row.len() {
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.extend(std::iter::repeat_n(
                    ' ',
                    widths[c] - cell.chars().count() + 2,
                ));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

impl<W: Write> RecordSink for TablePrinter<W> {
    fn write_article(&mut self, model: &Model, article: &ClassifiedArticle) -> io::Result<()> {
        let source = article
            .article
            .source
            .as_deref()
            .map(|s| format!(" ({s})"))
            .unwrap_or_default();
        writeln!(
            self.out,
            "== {}{source}: {} sentences",
            article.article.id,
            article.sentences.len()
        )?;
        let mut rows = vec![{
            let mut header = vec!["#".to_string(), "span".to_string()];
            header.extend(model.tasks.iter().map(|t| t.name.clone()));
            if self.explain {
                header.extend(model.tasks.iter().map(|t| format!("why {}", t.name)));
            }
            header.push("text".into());
            header
        }];
        for (index, sentence) in article.sentences.iter().enumerate() {
            let mut row = vec![
                index.to_string(),
                format!("{}-{}", sentence.span.start, sentence.span.end),
            ];
            for (t, prediction) in sentence.predictions.iter().enumerate() {
                let labels: Vec<String> = prediction
                    .labels
                    .iter()
                    .map(|&l| {
                        format!(
                            "{} {:.2}",
                            model.tasks[t].labels[l], prediction.probabilities[l]
                        )
                    })
                    .collect();
                row.push(if labels.is_empty() {
                    model.label_names(t, prediction).join(", ")
                } else {
                    labels.join(", ")
                });
            }
            if self.explain {
                row.extend(attribution_cells(model, sentence));
            }
            row.push(article.sentence_text(index).replace(['\n', '\r'], " "));
            rows.push(row);
        }
        write_aligned(&mut self.out, &rows)?;
        writeln!(self.out)
    }

    fn finish(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}
