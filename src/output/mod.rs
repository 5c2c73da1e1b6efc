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
}

/// A probability rounded for printing (4 decimals keeps files small and diffs readable).
fn rounded(p: f64) -> f64 {
    (p * 1e4).round() / 1e4
}
