use std::io::{self, Write};

use super::{attribution_cells, csv_io, with_rounded_text, RecordSink};
use crate::classify::ClassifiedArticle;
use crate::model::Model;

/// A CSV row per sentence: `doc,sentence,start,end,text`, one column per task (labels joined with
/// `|`), then one `task:label` probability column per label; with explanations, then one
/// `task:explain` column per task (`label: term (0.12), ...`).
pub struct CsvPrinter<W: Write> {
    out: csv::Writer<W>,
    explain: bool,
}

impl<W: Write> CsvPrinter<W> {
    /// A printer writing to `out`.
    pub fn new(out: W) -> Self {
        CsvPrinter {
            out: csv::Writer::from_writer(out),
            explain: false,
        }
    }

    /// Whether rows also show the features behind each label.
    pub fn explain(mut self, explain: bool) -> Self {
        self.explain = explain;
        self
    }
}

impl<W: Write> RecordSink for CsvPrinter<W> {
    fn write_header(&mut self, model: &Model) -> io::Result<()> {
        let mut header: Vec<String> = ["doc", "sentence", "start", "end", "text"]
            .map(String::from)
            .to_vec();
        header.extend(model.tasks.iter().map(|t| t.name.clone()));
        for task in &model.tasks {
            header.extend(task.labels.iter().map(|l| format!("{}:{l}", task.name)));
        }
        if self.explain {
            header.extend(model.tasks.iter().map(|t| format!("{}:explain", t.name)));
        }
        self.out.write_record(&header).map_err(csv_io)
    }

    fn write_article(&mut self, model: &Model, article: &ClassifiedArticle) -> io::Result<()> {
        for (index, sentence) in article.sentences.iter().enumerate() {
            let mut row = vec![
                article.article.id.clone(),
                index.to_string(),
                sentence.span.start.to_string(),
                sentence.span.end.to_string(),
                article.sentence_text(index).to_string(),
            ];
            row.extend(
                sentence
                    .predictions
                    .iter()
                    .enumerate()
                    .map(|(t, p)| model.label_names(t, p).join("|")),
            );
            for prediction in &sentence.predictions {
                row.extend(
                    prediction
                        .probabilities
                        .iter()
                        .map(|&p| with_rounded_text(p, str::to_owned)),
                );
            }
            if self.explain {
                row.extend(attribution_cells(model, sentence));
            }
            self.out.write_record(&row).map_err(csv_io)?;
        }
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}
