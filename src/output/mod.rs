//! Printing. Classification results are pushed into a [`RecordSink`]; the JSONL, CSV and table
//! printers implement it, and so do the article-profile summary and the HTML report. Evaluation reports are
//! printed as aligned tables by [`report`], each row's predictions beside its truth by
//! [`predictions`], the strongest features of a model by [`explain`].

mod csv_printer;
pub mod explain;
pub mod html;
mod jsonl;
pub mod predictions;
pub mod report;
pub mod suggestions;
mod summary;
mod table;

use std::io;

pub use csv_printer::CsvPrinter;
pub use html::HtmlPrinter;
pub use jsonl::JsonlPrinter;
pub use summary::SummaryPrinter;
pub use table::TablePrinter;

use crate::classify::ClassifiedArticle;
use crate::model::{ClassifiedSentence, Model, TaskPrediction};

/// A CSV writer's error as the I/O error it (almost always) is.
fn csv_io(error: csv::Error) -> io::Error {
    match error.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// Receives classified articles in input order.
pub trait RecordSink {
    /// Writes what comes before the first article (a CSV header); nothing by default.
    fn write_header(&mut self, _model: &Model) -> io::Result<()> {
        Ok(())
    }

    /// Writes one article's sentence records.
    fn write_article(&mut self, model: &Model, article: &ClassifiedArticle) -> io::Result<()>;

    /// Flushes what is buffered; called once after the last article.
    fn finish(&mut self) -> io::Result<()>;
}

/// The sentence-record formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One JSON object per sentence.
    Jsonl,
    /// A CSV row per sentence, with a probability column per label.
    Csv,
    /// An aligned table for terminals.
    Table,
}

/// How sentence records are printed: a format, and whether each record also shows the features
/// behind its labels (the sentences must then be classified with explanations,
/// [`ClassifiedArticle::explained`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordStyle {
    /// The format.
    pub format: Format,
    /// Whether records carry the features behind each assigned label.
    pub explain: bool,
}

impl From<Format> for RecordStyle {
    fn from(format: Format) -> Self {
        RecordStyle {
            format,
            explain: false,
        }
    }
}

impl RecordStyle {
    /// A printer of this style writing to `out`.
    pub fn printer<'w>(self, out: Box<dyn io::Write + 'w>) -> Box<dyn RecordSink + 'w> {
        match self.format {
            Format::Jsonl => Box::new(JsonlPrinter::new(out).explain(self.explain)),
            Format::Csv => Box::new(CsvPrinter::new(out).explain(self.explain)),
            Format::Table => Box::new(TablePrinter::new(out).explain(self.explain)),
        }
    }

    /// The bytes written before the first article.
    pub fn header(self, model: &Model) -> io::Result<Vec<u8>> {
        self.render_with(|printer| printer.write_header(model))
    }

    /// One article's records as bytes, so that articles can be rendered in parallel and written
    /// in order.
    pub fn render(self, model: &Model, article: &ClassifiedArticle) -> io::Result<Vec<u8>> {
        self.render_with(|printer| printer.write_article(model, article))
    }

    fn render_with(
        self,
        write: impl FnOnce(&mut dyn RecordSink) -> io::Result<()>,
    ) -> io::Result<Vec<u8>> {
        let mut bytes = Vec::new();
        {
            let mut printer = self.printer(Box::new(&mut bytes));
            write(printer.as_mut())?;
            printer.finish()?;
        }
        Ok(bytes)
    }
}

/// One cell per task: the features behind the sentence's labels ([`attribution_cell`]).
fn attribution_cells<'a>(
    model: &'a Model,
    sentence: &'a ClassifiedSentence,
) -> impl Iterator<Item = String> + 'a {
    sentence
        .predictions
        .iter()
        .enumerate()
        .map(|(t, p)| attribution_cell(model, t, p))
}

/// The features behind a prediction's labels, for one cell: `label: term (0.12), ...; label: ...`.
fn attribution_cell(model: &Model, task: usize, prediction: &TaskPrediction) -> String {
    prediction
        .attributions
        .iter()
        .map(|attribution| {
            let terms: Vec<String> = attribution
                .contributions
                .iter()
                .map(|c| format!("{} ({:.2})", model.feature_surface(c.feature), c.value))
                .collect();
            format!(
                "{}: {}",
                model.tasks[task].labels[attribution.label],
                terms.join(", ")
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A probability rounded for printing (4 decimals keeps files small and diffs readable).
fn rounded(p: f64) -> f64 {
    (p * 1e4).round() / 1e4
}

/// `use_text` of `value` rounded (see [`rounded`]) and spelled as `Display` spells it (`1`,
/// `0.25`, `-0`), without `Display`'s search for the shortest digits (9% of classification time
/// in a profile): below 10^15 ten-thousandths, a rounded value's shortest spelling is its decimal
/// digits.
fn with_rounded_text<R>(value: f64, use_text: impl FnOnce(&str) -> R) -> R {
    let ten_thousandths = (value * 1e4).round();
    // Also NaN and the infinities.
    if ten_thousandths.is_nan() || ten_thousandths.abs() >= 1e15 {
        return use_text(&rounded(value).to_string());
    }
    let count = ten_thousandths.abs() as u64;
    let (mut whole, mut fraction) = (count / 10_000, count % 10_000);
    // Written backwards from the end: at most 11 digits, a point, 4 digits and a sign.
    let mut text = [0u8; 17];
    let mut start = text.len();
    let mut put = |byte: u8| {
        start -= 1;
        text[start] = byte;
    };
    if fraction > 0 {
        let mut places = 4;
        while fraction % 10 == 0 {
            fraction /= 10;
            places -= 1;
        }
        for _ in 0..places {
            put(b'0' + (fraction % 10) as u8);
            fraction /= 10;
        }
        put(b'.');
    }
    loop {
        put(b'0' + (whole % 10) as u8);
        whole /= 10;
        if whole == 0 {
            break;
        }
    }
    if ten_thousandths.is_sign_negative() {
        put(b'-');
    }
    use_text(std::str::from_utf8(&text[start..]).expect("ASCII digits"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounded_text_is_spelled_as_display_spells_it() {
        let mut values = vec![
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.5,
            0.25,
            1e-4,
            4e-5,
            6e-5,
            0.99996,
            0.123_449_9,
            0.123_45,
            12.3456,
            -3.000_04,
            1e15,
            1e16,
            1e17,
            1e22,
            -2.5e19,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        // Probabilities over [0, 1] at a step that is not a multiple of the rounding, and
        // values of every magnitude up to and past the fast path's limit.
        values.extend((0..=20_000).map(|i| i as f64 * 0.000_049_7));
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        for exponent in -6..=13 {
            for _ in 0..2_000 {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1);
                let unit = (state >> 11) as f64 / (1u64 << 53) as f64 - 0.5;
                values.push(unit * 10f64.powi(exponent));
            }
        }
        for value in values {
            assert_eq!(
                with_rounded_text(value, str::to_owned),
                rounded(value).to_string(),
                "{value}"
            );
        }
    }
}
