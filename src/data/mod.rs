//! Data in: labelled sentences for training and evaluation, articles for classification.

pub mod articles;
pub mod labels;

pub use articles::{is_folder_article, read_articles, Article, ArticleFields, Input};
pub use labels::{LabelledSet, LabelsOptions, Task, TaskKind};
