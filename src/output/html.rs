//! A self-contained HTML report of classified articles: each article's text with its sentences
//! highlighted by their labels, a bar chart of its framing profile, and a side-by-side comparison
//! of the articles (or of their sources). No network, no script: inline CSS (with a print
//! stylesheet), inline SVG and `title` tooltips.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::RecordSink;
use crate::classify::{ArticleProfile, ClassifiedArticle};
use crate::data::TaskKind;
use crate::model::{ClassifiedSentence, Model, TaskPrediction};

/// Label colours, one palette per task (by task index, wrapping): the first for the highlighted
/// task, light enough behind text when tinted; the second darker, readable as badge text.
const LABEL_PALETTES: [&[&str]; 2] = [
    &[
        "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
        "#9c755f", "#bab0ac",
    ],
    &[
        "#6a3d9a", "#b15928", "#5f6b73", "#1f78b4", "#33a02c", "#e31a1c", "#a6761d", "#666666",
    ],
];

/// One colour per compared article or source.
const SERIES_PALETTE: &[&str] = &[
    "#1b6ca8", "#d1495b", "#2a9d8f", "#e9a03b", "#7b4fa0", "#5c6b73", "#8ab17d", "#c2185b",
];

/// Hex alpha appended to a label colour for the sentence tint.
const TINT: &str = "2e";

/// The colour of label `label` of task `task`.
fn label_color(task: usize, label: usize) -> &'static str {
    let palette = LABEL_PALETTES[task % LABEL_PALETTES.len()];
    palette[label % palette.len()]
}

/// `text` with `&`, `<`, `>`, `"` and `'` escaped: safe in element content and in quoted
/// attribute values.
///
/// ```
/// assert_eq!(
///     framing::output::html::escape(r#"<b>"Tom" & 'Jerry'</b>"#),
///     "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;"
/// );
/// ```
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// Writes the report: collects the articles and writes the whole page when finished (the
/// comparison comes first and needs every article).
pub struct HtmlPrinter<W: Write> {
    out: W,
    title: String,
    legend: String,
    articles: String,
    profiles: Vec<ArticleProfile>,
    sentences: usize,
}

impl<W: Write> HtmlPrinter<W> {
    /// A printer writing to `out`.
    pub fn new(out: W) -> Self {
        HtmlPrinter {
            out,
            title: "Framing report".into(),
            legend: String::new(),
            articles: String::new(),
            profiles: Vec::new(),
            sentences: 0,
        }
    }

    /// The page title (default "Framing report").
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }
}

/// The task whose labels colour the sentences: the first multi-label task (framing devices),
/// else the first task. The others are shown as badges.
fn highlighted_task(model: &Model) -> usize {
    model
        .tasks
        .iter()
        .position(|t| t.kind == TaskKind::MultiLabel)
        .unwrap_or(0)
}

impl<W: Write> RecordSink for HtmlPrinter<W> {
    fn write_header(&mut self, model: &Model) -> io::Result<()> {
        self.legend = legend(model);
        Ok(())
    }

    fn write_article(&mut self, model: &Model, article: &ClassifiedArticle) -> io::Result<()> {
        let profile = ArticleProfile::new(model, article);
        let index = self.profiles.len();
        self.articles
            .push_str(&article_section(model, article, &profile, index));
        self.sentences += article.sentences.len();
        self.profiles.push(profile);
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        let mut page = String::new();
        let title = escape(&self.title);
        let _ = write!(
            page,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta name=\"generator\" content=\"framing {}\">\n<title>{title}</title>\n\
             <style>{STYLE}</style>\n</head>\n<body>\n<header class=\"page\">\n<h1>{title}</h1>\n\
             <p class=\"meta\">{} article{}, {} sentences. Hover over a sentence for its \
             probabilities and the terms behind its labels.</p>\n</header>\n",
            env!("CARGO_PKG_VERSION"),
            self.profiles.len(),
            if self.profiles.len() == 1 { "" } else { "s" },
            self.sentences,
        );
        page.push_str(&self.legend);
        if self.profiles.len() > 1 {
            page.push_str(&comparison(&self.profiles));
        }
        page.push_str(&self.articles);
        page.push_str("</body>\n</html>\n");
        self.out.write_all(page.as_bytes())?;
        self.out.flush()
    }
}

/// A colour swatch per label of the highlighted task, a badge per label of the others.
fn legend(model: &Model) -> String {
    let highlighted = highlighted_task(model);
    let mut html = String::from("<section id=\"legend\" class=\"legend\" aria-label=\"Legend\">\n");
    for (t, task) in model.tasks.iter().enumerate() {
        let how = if t == highlighted {
            "sentence highlight"
        } else {
            "badge"
        };
        let _ = write!(
            html,
            "<div class=\"legend-task\"><h2>{} <small>({how})</small></h2><ul>",
            escape(&task.name)
        );
        for (l, label) in task.labels.iter().enumerate() {
            let color = label_color(t, l);
            if t == highlighted {
                let _ = write!(
                    html,
                    "<li><span class=\"swatch\" style=\"{}\"></span>{}</li>",
                    highlight_style(&[color]),
                    escape(label)
                );
            } else {
                let _ = write!(
                    html,
                    "<li><span class=\"badge\" style=\"{}\">{}</span></li>",
                    badge_style(color),
                    escape(label)
                );
            }
        }
        html.push_str("</ul></div>\n");
    }
    html.push_str("</section>\n");
    html
}

/// A light tint of the first colour behind the text and one underline band per colour, stacked.
fn highlight_style(colors: &[&str]) -> String {
    const BAND: usize = 3;
    let mut images = Vec::new();
    let mut sizes = Vec::new();
    let mut positions = Vec::new();
    for (i, color) in colors.iter().enumerate() {
        images.push(format!("linear-gradient({color},{color})"));
        sizes.push(format!("100% {BAND}px"));
        positions.push(format!("0 calc(100% - {}px)", i * BAND));
    }
    let tint = format!("{}{TINT}", colors[0]);
    images.push(format!("linear-gradient({tint},{tint})"));
    sizes.push("100% 100%".into());
    positions.push("0 0".into());
    format!(
        "background-image:{};background-size:{};background-position:{};padding-bottom:{}px",
        images.join(","),
        sizes.join(","),
        positions.join(","),
        colors.len() * BAND
    )
}

/// Coloured text and border on a tint: visible, but quieter than the highlighted text.
fn badge_style(color: &str) -> String {
    format!("color:{color};border-color:{color};background:{color}{TINT}")
}

/// One article: heading, profile chart, and the text with its sentences highlighted.
fn article_section(
    model: &Model,
    article: &ClassifiedArticle,
    profile: &ArticleProfile,
    index: usize,
) -> String {
    let mut html = String::new();
    let _ = write!(
        html,
        "<article class=\"doc\" id=\"doc-{index}\">\n<header><h2>{}</h2><p class=\"meta\">",
        escape(&article.article.id)
    );
    if let Some(source) = &article.article.source {
        let _ = write!(html, "<span class=\"source\">{}</span> · ", escape(source));
    }
    let _ = write!(
        html,
        "{} sentence{}</p></header>\n<div class=\"doc-body\">\n<div class=\"text\">\n<p>",
        profile.sentences,
        if profile.sentences == 1 { "" } else { "s" }
    );
    let text = &article.article.text;
    let mut previous_end = 0;
    for (s, sentence) in article.sentences.iter().enumerate() {
        let gap = &text[previous_end.min(sentence.span.byte_start)..sentence.span.byte_start];
        if s > 0 {
            html.push_str(match gap.matches('\n').count() {
                0 => " ",
                1 => "<br>\n",
                _ => "</p>\n<p>",
            });
        }
        previous_end = sentence.span.byte_end;
        html.push_str(&sentence_html(model, sentence, article.sentence_text(s)));
    }
    html.push_str("</p>\n</div>\n<aside class=\"profile\">\n<h3>Profile</h3>\n");
    html.push_str(&profile_chart(profile));
    html.push_str("</aside>\n</div>\n</article>\n");
    html
}

fn sentence_html(model: &Model, sentence: &ClassifiedSentence, text: &str) -> String {
    let highlighted = highlighted_task(model);
    let prediction = &sentence.predictions[highlighted];
    // The most probable assigned label first: it gives the tint.
    let mut labels = prediction.labels.clone();
    labels.sort_by(|&a, &b| prediction.probabilities[b].total_cmp(&prediction.probabilities[a]));
    let colors: Vec<&str> = labels
        .iter()
        .map(|&l| label_color(highlighted, l))
        .collect();
    let names: Vec<&str> = labels
        .iter()
        .map(|&l| model.tasks[highlighted].labels[l].as_str())
        .collect();
    let mut html = format!(
        "<span class=\"s\" data-labels=\"{}\" style=\"{}\" title=\"{}\">{}</span>",
        escape(&names.join(" ")),
        highlight_style(&colors),
        escape(&tooltip(model, &sentence.predictions)),
        escape(text)
    );
    for (t, prediction) in sentence.predictions.iter().enumerate() {
        if t == highlighted {
            continue;
        }
        for &l in &prediction.labels {
            let _ = write!(
                html,
                "<span class=\"badge\" style=\"{}\">{}</span>",
                badge_style(label_color(t, l)),
                escape(&model.tasks[t].labels[l])
            );
        }
    }
    html
}

/// Per task the probabilities, most probable first, then the terms behind each assigned label.
fn tooltip(model: &Model, predictions: &[TaskPrediction]) -> String {
    let mut lines = Vec::new();
    for (task, prediction) in model.tasks.iter().zip(predictions) {
        let mut order: Vec<usize> = (0..task.labels.len()).collect();
        order.sort_by(|&a, &b| prediction.probabilities[b].total_cmp(&prediction.probabilities[a]));
        let probabilities: Vec<String> = order
            .iter()
            .map(|&l| {
                format!(
                    "{} {}",
                    task.labels[l],
                    percent(prediction.probabilities[l])
                )
            })
            .collect();
        lines.push(format!("{}: {}", task.name, probabilities.join(", ")));
    }
    for (task, prediction) in model.tasks.iter().zip(predictions) {
        for attribution in &prediction.attributions {
            let terms: Vec<String> = attribution
                .contributions
                .iter()
                .map(|c| format!("{} {:+.2}", model.feature_surface(c.feature), c.value))
                .collect();
            lines.push(format!(
                "why {}: {}",
                task.labels[attribution.label],
                terms.join(", ")
            ));
        }
    }
    lines.join("\n")
}

/// One article's share of sentences per label, every task.
fn profile_chart(profile: &ArticleProfile) -> String {
    let mut rows = Vec::new();
    for (t, (task, shares)) in profile.shares.iter().enumerate() {
        rows.push(ChartRow::Heading(task.clone()));
        for (l, (label, share)) in shares.iter().enumerate() {
            rows.push(ChartRow::Group {
                label: label.clone(),
                bars: vec![Bar {
                    share: *share,
                    color: label_color(t, l),
                    tooltip: format!(
                        "{}: {label} in {} of sentences",
                        profile.doc,
                        percent(*share)
                    ),
                }],
            });
        }
    }
    bar_chart(
        &format!("Share of sentences per label in {}", profile.doc),
        &rows,
        ChartSize {
            width: 300.0,
            label_width: 104.0,
            bar_height: 13.0,
        },
    )
}

/// Articles compared side by side, one series per source (articles of the same source pooled,
/// weighted by their sentences) or per article when the input gives no source.
fn comparison(profiles: &[ArticleProfile]) -> String {
    let series = Series::of(profiles);
    let mut html = String::from(
        "<section id=\"comparison\" class=\"comparison\">\n<h2>Comparison</h2>\n\
         <p class=\"note\">Share of sentences carrying each label.</p>\n<ul class=\"series\">",
    );
    for (s, one) in series.iter().enumerate() {
        let _ = write!(
            html,
            "<li><span class=\"swatch\" style=\"background:{}\"></span>{}</li>",
            SERIES_PALETTE[s % SERIES_PALETTE.len()],
            escape(&one.name)
        );
    }
    html.push_str("</ul>\n");
    let mut rows = Vec::new();
    for (t, (task, labels)) in profiles[0].shares.iter().enumerate() {
        rows.push(ChartRow::Heading(task.clone()));
        for (l, (label, _)) in labels.iter().enumerate() {
            let bars = series
                .iter()
                .enumerate()
                .map(|(s, one)| Bar {
                    share: one.shares[t][l],
                    color: SERIES_PALETTE[s % SERIES_PALETTE.len()],
                    tooltip: format!("{}: {label} in {}", one.name, percent(one.shares[t][l])),
                })
                .collect();
            rows.push(ChartRow::Group {
                label: label.clone(),
                bars,
            });
        }
    }
    html.push_str(&bar_chart(
        "Share of sentences per label, compared",
        &rows,
        ChartSize {
            width: 1040.0,
            label_width: 130.0,
            bar_height: 12.0,
        },
    ));
    html.push_str("</section>\n");
    html
}

/// One compared series: a source, or an article without one.
struct Series {
    name: String,
    /// `shares[task][label]`.
    shares: Vec<Vec<f64>>,
}

impl Series {
    fn of(profiles: &[ArticleProfile]) -> Vec<Series> {
        // (key, articles, sentences, label counts)
        let mut pooled: Vec<(String, usize, usize, Vec<Vec<f64>>)> = Vec::new();
        for profile in profiles {
            let key = profile
                .source
                .clone()
                .unwrap_or_else(|| profile.doc.clone());
            let counts: Vec<Vec<f64>> = profile
                .shares
                .iter()
                .map(|(_, shares)| {
                    shares
                        .iter()
                        .map(|(_, share)| share * profile.sentences as f64)
                        .collect()
                })
                .collect();
            match pooled.iter_mut().find(|p| p.0 == key) {
                Some(p) => {
                    p.1 += 1;
                    p.2 += profile.sentences;
                    for (sum, add) in p.3.iter_mut().flatten().zip(counts.iter().flatten()) {
                        *sum += add;
                    }
                }
                None => pooled.push((key, 1, profile.sentences, counts)),
            }
        }
        pooled
            .into_iter()
            .map(|(key, articles, sentences, counts)| Series {
                name: if articles > 1 {
                    format!("{key} ({articles} articles)")
                } else {
                    key
                },
                shares: counts
                    .into_iter()
                    .map(|task| {
                        task.into_iter()
                            .map(|c| {
                                if sentences == 0 {
                                    0.0
                                } else {
                                    c / sentences as f64
                                }
                            })
                            .collect()
                    })
                    .collect(),
            })
            .collect()
    }
}

enum ChartRow {
    Heading(String),
    Group { label: String, bars: Vec<Bar> },
}

struct Bar {
    share: f64,
    color: &'static str,
    tooltip: String,
}

struct ChartSize {
    width: f64,
    label_width: f64,
    bar_height: f64,
}

/// Horizontal bars from 0 to 100%, in groups under task headings, as inline SVG.
fn bar_chart(title: &str, rows: &[ChartRow], size: ChartSize) -> String {
    const AXIS: f64 = 18.0;
    const HEADING: f64 = 24.0;
    const GROUP_GAP: f64 = 7.0;
    const VALUE_WIDTH: f64 = 38.0;
    let plot_x = size.label_width;
    let plot_width = size.width - size.label_width - VALUE_WIDTH;
    let mut body = String::new();
    let mut y = AXIS;
    for row in rows {
        match row {
            ChartRow::Heading(task) => {
                let _ = write!(
                    body,
                    "<text class=\"task\" x=\"0\" y=\"{:.1}\">{}</text>",
                    y + HEADING - 8.0,
                    escape(task)
                );
                y += HEADING;
            }
            ChartRow::Group { label, bars } => {
                let group_height = bars.len() as f64 * (size.bar_height + 1.0) - 1.0;
                let _ = write!(
                    body,
                    "<text class=\"label\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
                    plot_x - 6.0,
                    y + group_height / 2.0 + 4.0,
                    escape(label)
                );
                for bar in bars {
                    let width = (bar.share.clamp(0.0, 1.0) * plot_width).max(0.0);
                    let _ = write!(
                        body,
                        "<rect class=\"bar\" x=\"{plot_x:.1}\" y=\"{y:.1}\" width=\"{width:.1}\" \
                         height=\"{:.1}\" fill=\"{}\"><title>{}</title></rect>\
                         <text class=\"value\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
                        size.bar_height,
                        bar.color,
                        escape(&bar.tooltip),
                        plot_x + width + 4.0,
                        y + size.bar_height - 3.0,
                        percent(bar.share)
                    );
                    y += size.bar_height + 1.0;
                }
                y += GROUP_GAP;
            }
        }
    }
    let height = y + 2.0;
    let mut grid = String::new();
    for step in 0..=4 {
        let x = plot_x + plot_width * step as f64 / 4.0;
        let _ = write!(
            grid,
            "<line class=\"grid\" x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{x:.1}\" y2=\"{height:.1}\"/>\
             <text class=\"tick\" x=\"{x:.1}\" y=\"11\">{}%</text>",
            AXIS - 4.0,
            step * 25
        );
    }
    format!(
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" \
         viewBox=\"0 0 {w:.0} {height:.0}\" width=\"{w:.0}\" height=\"{height:.0}\" \
         aria-label=\"{t}\"><title>{t}</title>{grid}{body}</svg>\n",
        w = size.width,
        t = escape(title)
    )
}

const STYLE: &str = r#"
:root { --ink: #1d2329; --muted: #5f6b76; --rule: #dfe3e8; --paper: #ffffff; --panel: #f6f7f9; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; max-width: 1180px; padding: 28px 36px 48px; color: var(--ink); background: var(--paper);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 26px; margin: 0 0 4px; letter-spacing: -0.01em; }
h2 { font-size: 18px; margin: 0 0 8px; }
h3 { font-size: 13px; margin: 0 0 6px; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); }
.meta, .note { color: var(--muted); margin: 0 0 12px; font-size: 13px; }
header.page { border-bottom: 2px solid var(--ink); padding-bottom: 10px; margin-bottom: 18px; }
.legend { display: flex; flex-wrap: wrap; gap: 8px 36px; padding: 12px 16px; background: var(--panel);
  border-radius: 8px; margin-bottom: 22px; }
.legend h2 { font-size: 13px; text-transform: uppercase; letter-spacing: 0.06em; margin-bottom: 6px; }
.legend h2 small { text-transform: none; letter-spacing: 0; font-weight: normal; color: var(--muted); }
.legend ul, .series { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 6px 16px; font-size: 13px; }
.legend li, .series li { display: flex; align-items: center; gap: 6px; }
.swatch { display: inline-block; width: 22px; height: 14px; border-radius: 2px; }
.series { margin-bottom: 8px; }
.series .swatch { width: 14px; }
.comparison { margin-bottom: 28px; padding-bottom: 12px; border-bottom: 1px solid var(--rule); }
.doc { padding-top: 18px; margin-bottom: 28px; border-top: 1px solid var(--rule); }
.doc-body { display: grid; grid-template-columns: minmax(0, 1fr) 300px; gap: 32px; align-items: start; }
.text { font: 17px/1.95 Georgia, "Times New Roman", serif; max-width: 72ch; }
.text p { margin: 0 0 0.9em; }
.s { -webkit-box-decoration-break: clone; box-decoration-break: clone; background-repeat: no-repeat;
  border-radius: 2px; cursor: help; }
.s:hover { outline: 1px solid #8895a1; }
.badge { display: inline-block; margin: 0 0 0 5px; padding: 0 5px; border: 1px solid; border-radius: 8px;
  font: 600 9.5px/14px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  letter-spacing: 0.03em; vertical-align: 2px; }
.profile { position: sticky; top: 12px; }
.chart { display: block; max-width: 100%; height: auto; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
.chart .task { font-size: 12px; font-weight: 700; fill: var(--ink); text-transform: uppercase; letter-spacing: 0.05em; }
.chart .label { font-size: 11.5px; fill: var(--ink); text-anchor: end; }
.chart .value { font-size: 10.5px; fill: var(--muted); }
.chart .tick { font-size: 10px; fill: var(--muted); text-anchor: middle; }
.chart .grid { stroke: var(--rule); stroke-width: 1; }
@media (max-width: 820px) { .doc-body { grid-template-columns: 1fr; } .profile { position: static; } }
@page { margin: 14mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  .text { font-size: 11pt; line-height: 1.8; }
  .doc { break-before: page; border-top: none; }
  .doc-body { grid-template-columns: minmax(0, 1fr) 62mm; gap: 8mm; }
  .profile { position: static; }
  .chart, .legend, .comparison { break-inside: avoid; }
  .s:hover { outline: none; }
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        let cases = [
            ("plain", "plain"),
            ("a < b && c > d", "a &lt; b &amp;&amp; c &gt; d"),
            ("\"quoted\" 'single'", "&quot;quoted&quot; &#39;single&#39;"),
            (
                "<script>alert(1)</script>",
                "&lt;script&gt;alert(1)&lt;/script&gt;",
            ),
            ("“curly” — fine", "“curly” — fine"),
        ];
        for (text, escaped) in cases {
            assert_eq!(escape(text), escaped, "escaping {text:?}");
        }
    }

    #[test]
    fn several_labels_stack_one_band_each_over_the_first_tint() {
        let style = highlight_style(&["#111111", "#222222"]);
        assert!(style.contains("linear-gradient(#111111,#111111)"));
        assert!(style.contains("linear-gradient(#222222,#222222)"));
        assert!(style.contains(&format!("linear-gradient(#111111{TINT},#111111{TINT})")));
        assert!(style.ends_with("padding-bottom:6px"));
    }

    fn profile(doc: &str, source: Option<&str>, sentences: usize, share: f64) -> ArticleProfile {
        ArticleProfile {
            doc: doc.into(),
            source: source.map(String::from),
            sentences,
            shares: vec![(
                "stance".into(),
                vec![("a".into(), share), ("b".into(), 1.0 - share)],
            )],
        }
    }

    #[test]
    fn articles_of_one_source_are_pooled_by_sentences() {
        let profiles = [
            profile("x1", Some("wire"), 3, 1.0),
            profile("x2", Some("wire"), 1, 0.0),
            profile("y", None, 2, 0.5),
            profile("empty", None, 0, 0.0),
        ];
        let series = Series::of(&profiles);
        let names: Vec<&str> = series.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["wire (2 articles)", "y", "empty"]);
        assert_eq!(series[0].shares, [[0.75, 0.25]]);
        assert_eq!(series[1].shares, [[0.5, 0.5]]);
        assert_eq!(series[2].shares, [[0.0, 0.0]]);
    }

    #[test]
    fn a_bar_chart_has_a_bar_per_value_and_escapes_its_labels() {
        let rows = [
            ChartRow::Heading("task <1>".into()),
            ChartRow::Group {
                label: "a & b".into(),
                bars: vec![
                    Bar {
                        share: 0.5,
                        color: "#000000",
                        tooltip: "half".into(),
                    },
                    Bar {
                        share: 1.5,
                        color: "#ffffff",
                        tooltip: "clamped".into(),
                    },
                ],
            },
        ];
        let svg = bar_chart(
            "t",
            &rows,
            ChartSize {
                width: 238.0,
                label_width: 100.0,
                bar_height: 10.0,
            },
        );
        assert_eq!(svg.matches("class=\"bar\"").count(), 2);
        assert!(svg.contains(">task &lt;1&gt;<") && svg.contains(">a &amp; b<"));
        assert!(svg.contains("width=\"50.0\"") && svg.contains("width=\"100.0\""));
    }
}
