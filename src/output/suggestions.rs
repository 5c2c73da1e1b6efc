//! Labelling suggestions as a labels CSV: `id,text`, an empty column per task for a person to
//! fill, and the model's guess per task (`guess_<task>`, labels joined with `|`).

use std::io::{self, Write};

use crate::model::Model;
use crate::suggest::Suggestion;

/// Writes `suggestions` as a labels CSV.
pub fn write_suggestions(
    out: impl Write,
    model: &Model,
    suggestions: &[Suggestion],
) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let mut header = vec!["id".to_string(), "text".into()];
    header.extend(model.tasks.iter().map(|t| t.name.clone()));
    header.extend(model.tasks.iter().map(|t| format!("guess_{}", t.name)));
    writer.write_record(&header)?;
    for suggestion in suggestions {
        let mut row = vec![suggestion.id(), suggestion.text.replace(['\n', '\r'], " ")];
        row.extend(model.tasks.iter().map(|_| String::new()));
        row.extend(
            suggestion
                .predictions
                .iter()
                .enumerate()
                .map(|(t, p)| model.label_names(t, p).join("|")),
        );
        writer.write_record(&row)?;
    }
    writer.flush()
}
