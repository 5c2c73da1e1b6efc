//! The HTML report: every sentence (escaped), the legend and the comparison chart, in the file
//! and as a browser renders it (headless Chromium, skipped when it is not installed unless
//! `FRAMING_REQUIRE_BROWSER=1`).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{example, framing, json_lines, scratch, shared, small_model, stdout_of, write};

/// `text` escaped as the report escapes it.
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// `text` as a browser serializes a text node.
fn serialized(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\u{a0}', "&nbsp;")
}

/// Every sentence of `inputs`, as `classify` splits them.
fn sentences(inputs: &[&Path]) -> Vec<String> {
    let stdout = stdout_of(
        framing()
            .arg("classify")
            .arg("--model")
            .arg(small_model())
            .args(inputs),
    );
    json_lines(&stdout)
        .iter()
        .map(|r| r["text"].as_str().unwrap().to_string())
        .collect()
}

/// Writes the report of `inputs` to `name` in the scratch folder and returns its path.
fn report(name: &str, inputs: &[&Path]) -> PathBuf {
    let out = scratch().join(name);
    stdout_of(
        framing()
            .arg("report")
            .arg("--model")
            .arg(small_model())
            .args(inputs)
            .arg("--out")
            .arg(&out),
    );
    out
}

/// The part of `html` from the element with `id` to the end of its section.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id}"));
    let end = html[start..].find("</section>").expect("a closed section");
    &html[start..start + end]
}

/// Every label of every task of the small model.
fn model_labels() -> Vec<String> {
    let model: serde_json::Value =
        serde_json::from_slice(&std::fs::read(small_model()).unwrap()).unwrap();
    model["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|task| task["labels"].as_array().unwrap().clone())
        .map(|label| label.as_str().unwrap().to_string())
        .collect()
}

/// The checks shared by the file and the rendered page: every sentence, the legend, and a
/// comparison with one bar per label and compared series.
fn assert_complete(html: &str, sentences: &[String], series: usize, encode: fn(&str) -> String) {
    for sentence in sentences {
        assert!(
            html.contains(&encode(sentence)),
            "sentence missing: {sentence:?}"
        );
    }
    let labels = model_labels();
    let legend = section(html, "legend");
    for label in &labels {
        assert!(
            legend.contains(&format!(">{label}<")),
            "{label} not in the legend"
        );
    }
    let comparison = section(html, "comparison");
    assert!(comparison.contains("<svg"));
    assert_eq!(
        comparison.matches("class=\"bar\"").count(),
        labels.len() * series,
        "a bar per label and series"
    );
}

#[test]
fn the_report_holds_every_sentence_escaped_the_legend_and_the_comparison() {
    let input = write(
        "tricky.jsonl",
        concat!(
            "{\"id\": \"a<1>\", \"source\": \"wire & co\", \"text\": \"Officials said <b>Tom & 'Jerry'</b> denied it. \\\"We will act,\\\" she said.\"}\n",
            "{\"id\": \"a2\", \"source\": \"wire & co\", \"text\": \"Critics accused the council of lying.\\n\\nThe river rose.\"}\n",
            "{\"id\": \"b\", \"text\": \"Experts warned of floods.\"}\n",
        ),
    );
    let out = report("tricky.html", &[&input]);
    let html = std::fs::read_to_string(out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(
        !html.contains("<b>") && !html.contains("a<1>"),
        "raw markup leaked"
    );
    assert_complete(&html, &sentences(&[&input]), 2, escaped);
    let comparison = section(&html, "comparison");
    assert!(
        comparison.contains(">wire &amp; co (2 articles)<"),
        "pooled by source"
    );
    assert!(comparison.contains(">b<"));
    assert!(html.contains("</p>\n<p>"), "blank lines start paragraphs");
    assert!(html.contains("@media print"));
    for external in ["http://", "https://", "<script", "<link", "@import", "url("] {
        let outside_svg_namespace = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assert!(
            !outside_svg_namespace.contains(external),
            "{external} in the report"
        );
    }
}

#[test]
fn a_single_article_has_its_profile_but_no_comparison() {
    let out = report("one.html", &[&example("hedged-report.txt")]);
    let html = std::fs::read_to_string(out).unwrap();
    assert!(!html.contains("id=\"comparison\""));
    assert!(html.contains("<aside class=\"profile\">"));
    assert_eq!(html.matches("class=\"bar\"").count(), model_labels().len());
}

#[test]
fn tooltips_give_probabilities_and_the_terms_behind_the_labels() {
    let out = report("tooltips.html", &[&example("hedged-report.txt")]);
    let html = std::fs::read_to_string(out).unwrap();
    let title = html
        .split("class=\"s\"")
        .nth(1)
        .and_then(|s| s.split("title=\"").nth(1))
        .and_then(|s| s.split('"').next())
        .unwrap();
    assert!(title.starts_with("frame: "), "{title}");
    assert!(
        title.contains("\nstance: ") && title.contains("\nwhy "),
        "{title}"
    );
    assert!(title.contains('%'), "{title}");
}

/// The Chromium binary, or `None` (with a message) when it is not installed and not required.
fn chromium() -> Option<PathBuf> {
    let found = ["chromium", "chromium-browser"].iter().find_map(|name| {
        std::env::var_os("PATH").and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|dir| dir.join(name))
                .find(|path| path.is_file())
        })
    });
    if found.is_none() {
        assert!(
            std::env::var("FRAMING_REQUIRE_BROWSER").as_deref() != Ok("1"),
            "FRAMING_REQUIRE_BROWSER=1 but chromium is not installed"
        );
        eprintln!("skipped: chromium is not installed (set FRAMING_REQUIRE_BROWSER=1 to fail)");
    }
    found
}

/// The DOM of `page` after headless Chromium has loaded it.
fn rendered_dom(chromium: &Path, page: &Path) -> String {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.canonicalize().unwrap().display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || std::io::read_to_string(stdout).unwrap());
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("chromium did not finish within two minutes");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let dom = reader.join().unwrap();
    assert!(dom.contains("</html>"), "chromium printed no DOM");
    dom
}

fn assert_renders(name: &str, inputs: &[&Path]) {
    let Some(chromium) = chromium() else {
        return;
    };
    let page = report(name, inputs);
    let dom = rendered_dom(&chromium, &page);
    assert_complete(&dom, &sentences(inputs), inputs.len(), serialized);
}

#[test]
fn the_examples_render_in_a_browser() {
    assert_renders(
        "examples.html",
        &[
            &example("accusatory-report.txt"),
            &example("hedged-report.txt"),
        ],
    );
}

#[test]
fn the_founding_articles_render_in_a_browser() {
    let Some(seeds) = shared("seeds") else {
        return;
    };
    assert_renders(
        "seeds.html",
        &[
            &seeds.join("000_0a569aa48f4bb4b4.txt"),
            &seeds.join("004_42793ad116534b6d.txt"),
        ],
    );
}
