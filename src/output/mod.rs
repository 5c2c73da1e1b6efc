//! Printing. Classification results are pushed into a [`RecordSink`]; the JSONL, CSV and table
//! printers implement it, and so does the article-profile summary. Evaluation reports are
//! printed as aligned tables by [`report`].

mod csv_printer;
mod jsonl;
pub mod report;
mod summary;
mod table;

use std::io;

pub use csv_printer::CsvPrinter;
pub use jsonl::JsonlPrinter;
pub use summary::SummaryPrinter;
pub use table::TablePrinter;

use crate::classify::ClassifiedArticle;
use crate::model::Model;

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

impl Format {
    /// A printer of this format writing to `out`.
    pub fn printer<'w>(self, out: Box<dyn io::Write + 'w>) -> Box<dyn RecordSink + 'w> {
        match self {
            Format::Jsonl => Box::new(JsonlPrinter::new(out)),
            Format::Csv => Box::new(CsvPrinter::new(out)),
            Format::Table => Box::new(TablePrinter::new(out)),
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

/// A probability rounded for printing (4 decimals keeps files small and diffs readable).
fn rounded(p: f64) -> f64 {
    (p * 1e4).round() / 1e4
}
