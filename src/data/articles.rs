//! Articles to classify, read lazily from `.txt` files, folders of them, JSONL, CSV or standard
//! input (JSONL), in the order given.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::error::{Error, Position, Result};

use super::labels::csv_error;

/// One article to classify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// Its identifier (file stem, or the `id` field/column).
    pub id: String,
    /// Its outlet or source, when the input gives one (`source` field/column).
    pub source: Option<String>,
    /// The article text.
    pub text: String,
    /// True when the input was not valid UTF-8 and invalid bytes were replaced by U+FFFD.
    pub decoded_lossily: bool,
}

/// Where articles come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A `.txt`, `.jsonl`/`.ndjson` or `.csv` file, or a folder of `.txt` files.
    Path(PathBuf),
    /// Standard input, as JSONL.
    Stdin,
}

impl Input {
    /// `-` is standard input; anything else a path.
    pub fn parse(arg: &str) -> Input {
        if arg == "-" {
            Input::Stdin
        } else {
            Input::Path(PathBuf::from(arg))
        }
    }
}

/// Field and column names for JSONL and CSV inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleFields {
    /// The identifier field (default `id`); when a record lacks it, the id is `FILE:LINE`.
    pub id: String,
    /// The text field (default `text`).
    pub text: String,
    /// The optional source/outlet field (default `source`).
    pub source: String,
}

impl Default for ArticleFields {
    fn default() -> Self {
        ArticleFields {
            id: "id".into(),
            text: "text".into(),
            source: "source".into(),
        }
    }
}

/// Reads all `inputs` in order, one article at a time; an error ends the stream after it is
/// yielded.
pub fn read_articles(
    inputs: Vec<Input>,
    fields: ArticleFields,
) -> impl Iterator<Item = Result<Article>> + Send {
    let mut failed = false;
    inputs
        .into_iter()
        .flat_map(move |input| open_input(input, fields.clone()))
        .take_while(move |item| {
            let keep = !failed;
            failed |= item.is_err();
            keep
        })
}

type Articles = Box<dyn Iterator<Item = Result<Article>> + Send>;

fn open_input(input: Input, fields: ArticleFields) -> Articles {
    match input {
        Input::Stdin => Box::new(JsonLines::new(
            PathBuf::from("<stdin>"),
            Box::new(BufReader::new(std::io::stdin())),
            fields,
        )),
        Input::Path(path) => match open_path(&path, fields) {
            Ok(articles) => articles,
            Err(error) => Box::new(std::iter::once(Err(error))),
        },
    }
}

fn open_path(path: &Path, fields: ArticleFields) -> Result<Articles> {
    let metadata = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if metadata.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| Error::io(path, e))?
            .map(|entry| entry.map(|e| e.path()).map_err(|e| Error::io(path, e)))
            .collect::<Result<Vec<_>>>()?
            .into_iter()
            .filter(|p| p.is_file() && is_folder_article(p))
            .collect();
        files.sort();
        if files.is_empty() {
            return Err(Error::input(
                Position::file(path),
                "folder holds no .txt files",
            ));
        }
        return Ok(Box::new(
            files.into_iter().map(|file| read_text_file(&file)),
        ));
    }
    match extension(path).as_str() {
        "txt" | "text" => Ok(Box::new(std::iter::once(read_text_file(path)))),
        "jsonl" | "ndjson" => {
            let file = File::open(path).map_err(|e| Error::io(path, e))?;
            Ok(Box::new(JsonLines::new(path.to_path_buf(), Box::new(BufReader::new(file)), fields)))
        }
        "csv" => Ok(Box::new(CsvArticles::open(path, fields)?)),
        other => Err(Error::input(
            Position::file(path),
            format!("unsupported input type `.{other}`: give .txt, .jsonl, .csv, a folder of .txt files, or - for JSONL on standard input"),
        )),
    }
}

/// Whether a file in a folder given as input is read as an article: the `.txt` files directly
/// inside it.
pub fn is_folder_article(path: &Path) -> bool {
    extension(path) == "txt"
}

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

fn decode(bytes: Vec<u8>) -> (String, bool) {
    match String::from_utf8(bytes) {
        Ok(text) => (text, false),
        Err(error) => (String::from_utf8_lossy(error.as_bytes()).into_owned(), true),
    }
}

fn read_text_file(path: &Path) -> Result<Article> {
    let mut bytes = Vec::new();
    File::open(path)
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .map_err(|e| Error::io(path, e))?;
    let (text, decoded_lossily) = decode(bytes);
    Ok(Article {
        id: path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        source: None,
        text,
        decoded_lossily,
    })
}

/// JSON lines, one article object per line; blank lines are skipped.
struct JsonLines {
    path: PathBuf,
    reader: Box<dyn BufRead + Send>,
    fields: ArticleFields,
    line: u64,
    buffer: Vec<u8>,
}

impl JsonLines {
    fn new(path: PathBuf, reader: Box<dyn BufRead + Send>, fields: ArticleFields) -> Self {
        JsonLines {
            path,
            reader,
            fields,
            line: 0,
            buffer: Vec::new(),
        }
    }

    fn parse_line(&self, bytes: Vec<u8>) -> Result<Article> {
        let position = || Position::line(&self.path, self.line);
        let (line, decoded_lossily) = decode(bytes);
        let value: serde_json::Value = serde_json::from_str(&line).map_err(|e| {
            Error::input(
                position().with_column(e.column()),
                format!("malformed JSON: {e}"),
            )
        })?;
        let object = value.as_object().ok_or_else(|| {
            Error::input(position(), "expected a JSON object with `id` and `text`")
        })?;
        let text = match object.get(&self.fields.text) {
            Some(serde_json::Value::String(text)) => text.clone(),
            Some(_) => {
                return Err(Error::input(
                    position(),
                    format!("`{}` is not a string", self.fields.text),
                ))
            }
            None => {
                return Err(Error::input(
                    position(),
                    format!("no `{}` field", self.fields.text),
                ))
            }
        };
        let scalar = |key: &str| match object.get(key) {
            Some(serde_json::Value::String(s)) => Some(s.clone()),
            Some(serde_json::Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        Ok(Article {
            id: scalar(&self.fields.id)
                .unwrap_or_else(|| format!("{}:{}", self.path.display(), self.line)),
            source: scalar(&self.fields.source),
            text,
            decoded_lossily,
        })
    }
}

impl Iterator for JsonLines {
    type Item = Result<Article>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            self.buffer.clear();
            match self.reader.read_until(b'\n', &mut self.buffer) {
                Ok(0) => return None,
                Ok(_) => {
                    self.line += 1;
                    if self.buffer.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    let bytes = std::mem::take(&mut self.buffer);
                    return Some(self.parse_line(bytes));
                }
                Err(e) => return Some(Err(Error::io(&self.path, e))),
            }
        }
    }
}

/// A CSV file with a header row; one article per row.
struct CsvArticles {
    path: PathBuf,
    reader: csv::Reader<File>,
    text: usize,
    id: Option<usize>,
    source: Option<usize>,
}

impl CsvArticles {
    fn open(path: &Path, fields: ArticleFields) -> Result<Self> {
        let mut reader = csv::ReaderBuilder::new()
            .from_path(path)
            .map_err(|e| csv_error(path, e))?;
        let headers: Vec<String> = reader
            .byte_headers()
            .map_err(|e| csv_error(path, e))?
            .iter()
            .map(|h| String::from_utf8_lossy(h).trim().to_string())
            .collect();
        let find = |name: &str| headers.iter().position(|h| h == name);
        let text = find(&fields.text).ok_or_else(|| {
            Error::input(
                Position::line(path, 1),
                format!(
                    "no `{}` column (columns: {})",
                    fields.text,
                    headers.join(", ")
                ),
            )
        })?;
        Ok(CsvArticles {
            path: path.to_path_buf(),
            reader,
            text,
            id: find(&fields.id),
            source: find(&fields.source),
        })
    }
}

impl Iterator for CsvArticles {
    type Item = Result<Article>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut record = csv::ByteRecord::new();
        match self.reader.read_byte_record(&mut record) {
            Ok(false) => None,
            Err(e) => Some(Err(csv_error(&self.path, e))),
            Ok(true) => {
                let line = record.position().map_or(0, |p| p.line());
                let (text, decoded_lossily) = decode(record[self.text].to_vec());
                let cell = |index: Option<usize>| {
                    index.map(|i| String::from_utf8_lossy(&record[i]).trim().to_string())
                };
                Some(Ok(Article {
                    id: cell(self.id).unwrap_or_else(|| format!("{}:{line}", self.path.display())),
                    source: cell(self.source).filter(|s| !s.is_empty()),
                    text,
                    decoded_lossily,
                }))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jsonl(text: &str) -> Vec<Result<Article>> {
        JsonLines::new(
            PathBuf::from("in.jsonl"),
            Box::new(std::io::Cursor::new(text.as_bytes().to_vec())),
            ArticleFields::default(),
        )
        .collect()
    }

    #[test]
    fn json_lines_give_ids_sources_and_skip_blank_lines() {
        let articles =
            jsonl("{\"id\": 7, \"text\": \"A.\", \"source\": \"wire\"}\n\n{\"text\": \"B.\"}\n");
        let articles: Vec<Article> = articles.into_iter().map(Result::unwrap).collect();
        assert_eq!(articles[0].id, "7");
        assert_eq!(articles[0].source.as_deref(), Some("wire"));
        assert_eq!(articles[1].id, "in.jsonl:3");
    }

    #[test]
    fn malformed_json_lines_name_the_line() {
        let results = jsonl("{\"id\": 1, \"text\": \"ok\"}\n{\"id\": 2, \"text\": \n");
        assert!(results[0].is_ok());
        let message = results[1].as_ref().unwrap_err().to_string();
        assert!(message.starts_with("in.jsonl:2 (column "), "{message}");
        assert!(message.contains("malformed JSON"), "{message}");
        let missing = jsonl("{\"id\": 1}\n");
        assert_eq!(
            missing[0].as_ref().unwrap_err().to_string(),
            "in.jsonl:1: no `text` field"
        );
    }

    #[test]
    fn invalid_utf8_is_decoded_lossily_and_flagged() {
        let (text, lossy) = decode(b"caf\xe9 society".to_vec());
        assert_eq!(text, "caf\u{FFFD} society");
        assert!(lossy);
    }
}
