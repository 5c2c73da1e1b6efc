//! Training settings shared by `train` and `evaluate --cv`.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use framing::data::LabelsOptions;
use framing::features::TfidfConfig;
use framing::learn::{ClassWeight, Learner, LearnerConfig, LinfaLearner, SparseLearner};
use framing::text::{StemLanguage, TokenizerConfig};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Solver {
    /// L-BFGS on sparse rows (fast; the default).
    Sparse,
    /// linfa-logistic on dense rows (the reference; slow and memory-hungry on big vocabularies).
    Linfa,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ClassWeightArg {
    /// Every row counts once.
    None,
    /// Rows weighted inversely to their class frequency.
    Balanced,
}

/// How to read the labels and train the pipeline.
#[derive(Debug, Clone, Args)]
pub struct TrainingArgs {
    /// Labels CSV: a text column and one column per task.
    #[arg(long, value_name = "FILE")]
    pub labels: PathBuf,
    /// Name of the text column.
    #[arg(long, default_value = "text", value_name = "NAME")]
    pub text_column: String,
    /// Train only these task columns (comma-separated); default: every non-metadata column.
    #[arg(long, value_delimiter = ',', value_name = "TASK,...")]
    pub tasks: Option<Vec<String>>,
    /// Inverse regularisation strength (scikit-learn's C; the L2 penalty is 1/C).
    #[arg(long = "c", default_value_t = 10.0, value_name = "C")]
    pub c: f64,
    /// Iteration cap of the solver.
    #[arg(long, default_value_t = 1000, value_name = "N")]
    pub max_iter: u64,
    /// Stop when the gradient's largest component falls below this times the number of rows
    /// (scikit-learn's `tol`).
    #[arg(long, default_value_t = 1e-4, value_name = "TOL")]
    pub tolerance: f64,
    /// The learner.
    #[arg(long, value_enum, default_value_t = Solver::Sparse)]
    pub solver: Solver,
    /// Word n-gram lengths, MIN-MAX.
    #[arg(long, default_value = "1-2", value_parser = parse_range, value_name = "MIN-MAX")]
    pub word_ngrams: (usize, usize),
    /// Character n-gram lengths inside words, MIN-MAX (off by default).
    #[arg(long, value_parser = parse_range, value_name = "MIN-MAX")]
    pub char_ngrams: Option<(usize, usize)>,
    /// Drop terms found in fewer sentences than this.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub min_df: usize,
    /// Drop terms found in more than this fraction of sentences.
    #[arg(long, default_value_t = 1.0, value_name = "FRACTION")]
    pub max_df: f64,
    /// Keep only the N most frequent terms.
    #[arg(long, value_name = "N")]
    pub max_features: Option<usize>,
    /// Use raw term counts instead of 1 + ln(count).
    #[arg(long)]
    pub no_sublinear_tf: bool,
    /// Drop words rarer than --min-df from word n-grams instead of writing them as `<unknown>`
    /// (as scikit-learn does).
    #[arg(long)]
    pub no_unknown_words: bool,
    /// Stemmer language (any rust-stemmers algorithm), or `none`.
    #[arg(long, default_value = "english", value_parser = parse_stemmer, value_name = "LANGUAGE")]
    pub stemmer: Stemmer,
    /// Weight rows by class: `none`, or `balanced` (n / (classes × class count), as
    /// scikit-learn).
    #[arg(long, value_enum, default_value_t = ClassWeightArg::None)]
    pub class_weight: ClassWeightArg,
    /// Do not add cue-lexicon marker features.
    #[arg(long)]
    pub no_cues: bool,
}

fn parse_range(s: &str) -> Result<(usize, usize), String> {
    let (low, high) = s.split_once('-').unwrap_or((s, s));
    let number = |v: &str| {
        v.trim()
            .parse::<usize>()
            .map_err(|_| format!("`{s}` is not a range like 1-2"))
    };
    Ok((number(low)?, number(high)?))
}

/// A stemming language or none (clap reads a bare `Option` as an optional argument).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stemmer(Option<StemLanguage>);

fn parse_stemmer(s: &str) -> Result<Stemmer, String> {
    if s.eq_ignore_ascii_case("none") {
        Ok(Stemmer(None))
    } else {
        s.parse().map(|language| Stemmer(Some(language)))
    }
}

impl TrainingArgs {
    pub fn labels_options(&self) -> LabelsOptions {
        LabelsOptions {
            text_column: self.text_column.clone(),
            tasks: self.tasks.clone(),
        }
    }

    pub fn tokenizer(&self) -> TokenizerConfig {
        TokenizerConfig {
            stemmer: self.stemmer.0,
            cues: !self.no_cues,
        }
    }

    pub fn tfidf(&self) -> framing::Result<TfidfConfig> {
        TfidfConfig::builder()
            .word_ngrams(self.word_ngrams.0, self.word_ngrams.1)
            .char_ngrams(self.char_ngrams)
            .min_df(self.min_df)
            .max_df(self.max_df)
            .max_features(self.max_features)
            .sublinear_tf(!self.no_sublinear_tf)
            .unknown_words(!self.no_unknown_words)
            .build()
    }

    pub fn learner(&self) -> framing::Result<Box<dyn Learner>> {
        let config = LearnerConfig::new()
            .c(self.c)
            .max_iterations(self.max_iter)
            .gradient_tolerance(self.tolerance)
            .class_weight(match self.class_weight {
                ClassWeightArg::None => ClassWeight::None,
                ClassWeightArg::Balanced => ClassWeight::Balanced,
            });
        config.validate()?;
        Ok(match self.solver {
            Solver::Sparse => Box::new(SparseLearner::new(config)),
            Solver::Linfa => Box::new(LinfaLearner::new(config)),
        })
    }
}
