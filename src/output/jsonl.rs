use std::io::{self, Write};

use super::{with_rounded_text, RecordSink};
use crate::classify::ClassifiedArticle;
use crate::data::TaskKind;
use crate::model::{Model, TaskPrediction};

/// One JSON object per sentence: `doc`, `sentence`, `start`, `end`, `text`, one key per task (a
/// string for a single-label task, an array for a multi-label one), `scores`, and with
/// explanations `explain` (per task and assigned label, the features behind it:
/// `{"term", "surface", "contribution"}`, largest first). Written field by field: building a JSON
/// map per sentence would cost more than classifying it.
pub struct JsonlPrinter<W: Write> {
    out: W,
    explain: bool,
}

impl<W: Write> JsonlPrinter<W> {
    /// A printer writing to `out`.
    pub fn new(out: W) -> Self {
        JsonlPrinter {
            out,
            explain: false,
        }
    }

    /// Whether records also carry the features behind each label.
    pub fn explain(mut self, explain: bool) -> Self {
        self.explain = explain;
        self
    }

    fn string(&mut self, value: &str) -> io::Result<()> {
        serde_json::to_writer(&mut self.out, value).map_err(io::Error::from)
    }

    /// `,"explain":{"task":{"label":[{"term":..,"surface":..,"contribution":..},..]},..}`
    fn write_explanation(
        &mut self,
        model: &Model,
        predictions: &[TaskPrediction],
    ) -> io::Result<()> {
        self.out.write_all(b",\"explain\":{")?;
        for (t, (task, prediction)) in model.tasks.iter().zip(predictions).enumerate() {
            if t > 0 {
                self.out.write_all(b",")?;
            }
            self.string(&task.name)?;
            self.out.write_all(b":{")?;
            for (a, attribution) in prediction.attributions.iter().enumerate() {
                if a > 0 {
                    self.out.write_all(b",")?;
                }
                self.string(&task.labels[attribution.label])?;
                self.out.write_all(b":[")?;
                for (c, contribution) in attribution.contributions.iter().enumerate() {
                    if c > 0 {
                        self.out.write_all(b",")?;
                    }
                    self.out.write_all(b"{\"term\":")?;
                    self.string(model.feature_term(contribution.feature))?;
                    self.out.write_all(b",\"surface\":")?;
                    self.string(&model.feature_surface(contribution.feature))?;
                    self.out.write_all(b",\"contribution\":")?;
                    with_rounded_text(contribution.value, |text| {
                        self.out.write_all(text.as_bytes())
                    })?;
                    self.out.write_all(b"}")?;
                }
                self.out.write_all(b"]")?;
            }
            self.out.write_all(b"}")?;
        }
        self.out.write_all(b"}")
    }
}

impl<W: Write> RecordSink for JsonlPrinter<W> {
    fn write_article(&mut self, model: &Model, article: &ClassifiedArticle) -> io::Result<()> {
        for (index, sentence) in article.sentences.iter().enumerate() {
            self.out.write_all(b"{\"doc\":")?;
            self.string(&article.article.id)?;
            write!(
                self.out,
                ",\"sentence\":{index},\"start\":{},\"end\":{},\"text\":",
                sentence.span.start, sentence.span.end
            )?;
            self.string(article.sentence_text(index))?;
            for (t, (task, prediction)) in model.tasks.iter().zip(&sentence.predictions).enumerate()
            {
                self.out.write_all(b",")?;
                self.string(&task.name)?;
                self.out.write_all(b":")?;
                match task.kind {
                    // The label, or `uncertain` when the model abstained.
                    TaskKind::SingleLabel => self.string(model.label_names(t, prediction)[0])?,
                    TaskKind::MultiLabel => {
                        self.out.write_all(b"[")?;
                        for (i, &label) in prediction.labels.iter().enumerate() {
                            if i > 0 {
                                self.out.write_all(b",")?;
                            }
                            self.string(&task.labels[label])?;
                        }
                        self.out.write_all(b"]")?;
                    }
                }
            }
            self.out.write_all(b",\"scores\":{")?;
            for (t, (task, prediction)) in model.tasks.iter().zip(&sentence.predictions).enumerate()
            {
                if t > 0 {
                    self.out.write_all(b",")?;
                }
                self.string(&task.name)?;
                self.out.write_all(b":{")?;
                for (l, (label, &p)) in task
                    .labels
                    .iter()
                    .zip(&prediction.probabilities)
                    .enumerate()
                {
                    if l > 0 {
                        self.out.write_all(b",")?;
                    }
                    self.string(label)?;
                    self.out.write_all(b":")?;
                    with_rounded_text(p, |text| self.out.write_all(text.as_bytes()))?;
                }
                self.out.write_all(b"}")?;
            }
            self.out.write_all(b"}")?;
            if self.explain {
                self.write_explanation(model, &sentence.predictions)?;
            }
            self.out.write_all(b"}\n")?;
        }
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}
