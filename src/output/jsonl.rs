use std::io::{self, Write};

use serde_json::{json, Map, Value};

use super::{rounded, RecordSink};
use crate::classify::ClassifiedArticle;
use crate::data::TaskKind;
use crate::model::Model;

/// One JSON object per sentence: `doc`, `sentence`, `start`, `end`, `text`, one key per task (a
/// string for a single-label task, an array for a multi-label one) and `scores`.
pub struct JsonlPrinter<W: Write> {
    out: W,
}

impl<W: Write> JsonlPrinter<W> {
    /// A printer writing to `out`.
    pub fn new(out: W) -> Self {
        JsonlPrinter { out }
    }
}

impl<W: Write> RecordSink for JsonlPrinter<W> {
    fn write_article(&mut self, model: &Model, article: &ClassifiedArticle) -> io::Result<()> {
        for (index, sentence) in article.sentences.iter().enumerate() {
            let mut record = Map::new();
            record.insert("doc".into(), json!(article.article.id));
            record.insert("sentence".into(), json!(index));
            record.insert("start".into(), json!(sentence.span.start));
            record.insert("end".into(), json!(sentence.span.end));
            record.insert("text".into(), json!(article.sentence_text(index)));
            let mut scores = Map::new();
            for (t, (task, prediction)) in model.tasks.iter().zip(&sentence.predictions).enumerate()
            {
                let names = model.label_names(t, prediction);
                let value = match task.kind {
                    TaskKind::SingleLabel => json!(names[0]),
                    TaskKind::MultiLabel => json!(names),
                };
                record.insert(task.name.clone(), value);
                let probabilities: Map<String, Value> = task
                    .labels
                    .iter()
                    .zip(&prediction.probabilities)
                    .map(|(label, &p)| (label.clone(), json!(rounded(p))))
                    .collect();
                scores.insert(task.name.clone(), Value::Object(probabilities));
            }
            record.insert("scores".into(), Value::Object(scores));
            serde_json::to_writer(&mut self.out, &record)?;
            self.out.write_all(b"\n")?;
        }
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}
