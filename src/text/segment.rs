//! Placeholder until the rule-based splitter lands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SentenceSpan {
    pub start: usize,
    pub end: usize,
    pub byte_start: usize,
    pub byte_end: usize,
}
impl SentenceSpan {
    pub fn text<'a>(&self, article: &'a str) -> &'a str {
        &article[self.byte_start..self.byte_end]
    }
}
pub trait Segmenter {
    fn segment(&self, article: &str) -> Vec<SentenceSpan>;
}
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RuleSegmenter {}
impl RuleSegmenter {
    pub fn new() -> Self {
        Self::default()
    }
}
impl Segmenter for RuleSegmenter {
    fn segment(&self, article: &str) -> Vec<SentenceSpan> {
        let mut spans = Vec::new();
        let mut start: Option<(usize, usize)> = None;
        let mut last = (0, 0);
        let mut chars = 0;
        let mut prev_end = false;
        for (b, c) in article.char_indices() {
            if !c.is_whitespace() {
                if start.is_none() || (prev_end && c.is_uppercase()) {
                    if let Some((sc, sb)) = start {
                        spans.push(SentenceSpan {
                            start: sc,
                            end: last.0,
                            byte_start: sb,
                            byte_end: last.1,
                        });
                    }
                    start = Some((chars, b));
                }
                prev_end = false;
                last = (chars + 1, b + c.len_utf8());
                if matches!(c, '.' | '!' | '?') {
                    prev_end = true;
                }
            } else if c == '\n' {
                prev_end = true;
            }
            chars += 1;
        }
        if let Some((sc, sb)) = start {
            spans.push(SentenceSpan {
                start: sc,
                end: last.0,
                byte_start: sb,
                byte_end: last.1,
            });
        }
        spans
    }
}
