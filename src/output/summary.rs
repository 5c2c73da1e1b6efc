use std::io::{self, Write};

use serde_json::{json, Map, Value};

use super::{rounded, with_rounded_text, RecordSink};
use crate::classify::{ArticleProfile, ClassifiedArticle};
use crate::model::Model;

/// Writes one profile per article: JSONL (`doc`, `source`, `sentences`, then per task an object of
/// label shares) or CSV (`doc,source,sentences,task:label,...`).
pub enum SummaryPrinter<W: Write> {
    /// JSONL profiles.
    Jsonl(W),
    /// CSV profiles.
    Csv(Box<csv::Writer<W>>),
}

impl<W: Write> SummaryPrinter<W> {
    /// JSONL profiles.
    pub fn jsonl(out: W) -> Self {
        SummaryPrinter::Jsonl(out)
    }

    /// CSV profiles.
    pub fn csv(out: W) -> Self {
        SummaryPrinter::Csv(Box::new(csv::Writer::from_writer(out)))
    }
}

impl<W: Write> RecordSink for SummaryPrinter<W> {
    fn write_header(&mut self, model: &Model) -> io::Result<()> {
        if let SummaryPrinter::Csv(writer) = self {
            let mut header = vec!["doc".to_string(), "source".into(), "sentences".into()];
            for (t, task) in model.tasks.iter().enumerate() {
                header.extend(
                    model
                        .outcome_names(t)
                        .into_iter()
                        .map(|label| format!("{}:{label}", task.name)),
                );
            }
            writer.write_record(&header)?;
        }
        Ok(())
    }

    fn write_article(&mut self, model: &Model, article: &ClassifiedArticle) -> io::Result<()> {
        let profile = ArticleProfile::new(model, article);
        match self {
            SummaryPrinter::Csv(writer) => {
                let mut row = vec![
                    profile.doc.clone(),
                    profile.source.clone().unwrap_or_default(),
                    profile.sentences.to_string(),
                ];
                for (_, shares) in &profile.shares {
                    row.extend(
                        shares
                            .iter()
                            .map(|(_, share)| with_rounded_text(*share, str::to_owned)),
                    );
                }
                writer.write_record(&row)?;
            }
            SummaryPrinter::Jsonl(out) => {
                let mut record = Map::new();
                record.insert("doc".into(), json!(profile.doc));
                if let Some(source) = &profile.source {
                    record.insert("source".into(), json!(source));
                }
                record.insert("sentences".into(), json!(profile.sentences));
                for (task, shares) in &profile.shares {
                    let shares: Map<String, Value> = shares
                        .iter()
                        .map(|(l, s)| (l.clone(), json!(rounded(*s))))
                        .collect();
                    record.insert(task.clone(), Value::Object(shares));
                }
                serde_json::to_writer(&mut *out, &record)?;
                out.write_all(b"\n")?;
            }
        }
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        match self {
            SummaryPrinter::Csv(writer) => writer.flush(),
            SummaryPrinter::Jsonl(out) => out.flush(),
        }
    }
}
