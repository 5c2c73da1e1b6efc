//! The library's error type: every variant says what went wrong and, where the problem is in a
//! file, where (file, line, column).

use std::fmt;
use std::path::PathBuf;

/// Where in an input file a problem is. Lines are 1-based, as editors show them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    /// The file, or `<stdin>`.
    pub file: PathBuf,
    /// 1-based line number, when known.
    pub line: Option<u64>,
    /// The column (a CSV column name or a 1-based field/character number), when known.
    pub column: Option<String>,
}

impl Position {
    /// A position naming only the file.
    pub fn file(file: impl Into<PathBuf>) -> Self {
        Position {
            file: file.into(),
            line: None,
            column: None,
        }
    }

    /// A position naming the file and a 1-based line.
    pub fn line(file: impl Into<PathBuf>, line: u64) -> Self {
        Position {
            line: Some(line),
            ..Position::file(file)
        }
    }

    /// The same position, narrowed to a column.
    pub fn with_column(mut self, column: impl fmt::Display) -> Self {
        self.column = Some(column.to_string());
        self
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(column) = &self.column {
            write!(f, " (column {column})")?;
        }
        Ok(())
    }
}

/// Everything that can go wrong in `framing`.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be opened, read or written.
    #[error("{path}: {cause}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's reason (part of the message, so not repeated as a source).
        cause: std::io::Error,
    },
    /// An input file (labels CSV, articles JSONL or CSV) is malformed at a position.
    #[error("{position}: {message}")]
    Input {
        /// Where the problem is.
        position: Position,
        /// What is wrong there.
        message: String,
    },
    /// A model file cannot be used.
    #[error("{path}: {message}")]
    Model {
        /// The model file.
        path: PathBuf,
        /// Why it cannot be loaded.
        message: String,
    },
    /// A setting is out of range or inconsistent.
    #[error("invalid setting: {0}")]
    Config(String),
    /// The labels cannot support the requested training or evaluation.
    #[error("{0}")]
    Data(String),
    /// The learner failed.
    #[error("training task `{task}`: {message}")]
    Training {
        /// The task being trained.
        task: String,
        /// The learner's message.
        message: String,
    },
}

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, cause: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            cause,
        }
    }

    /// Whether this is a broken pipe (the reader went away), which is not a failure.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Io { cause, .. } if cause.kind() == std::io::ErrorKind::BrokenPipe)
    }

    /// A malformed-input error at `position`.
    pub fn input(position: Position, message: impl Into<String>) -> Self {
        Error::Input {
            position,
            message: message.into(),
        }
    }
}

/// `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
