//! Cue lexicons: words and phrases that signal a framing device or a stance. A sentence's tokens
//! gain one marker token per cue family found (`#cue:hedge`), so that the model can carry what it
//! learns from the cue words it saw in training to the other words of the same family.

use rustc_hash::FxHashMap as HashMap;

use super::tokenize::QUOTE_TOKEN;

/// Marker tokens start with this character, which no word token contains; the featurizer uses
/// markers as single terms, never inside n-grams.
pub const MARKER_PREFIX: char = '#';

/// The cue families and their phrases (lowercase, unstemmed; stemmed when the lexicon is built).
const FAMILIES: &[(&str, &[&str])] = &[
    (
        "#cue:reporting-verb",
        &[
            "said",
            "says",
            "say",
            "told",
            "tells",
            "stated",
            "states",
            "according to",
            "reported",
            "reports",
            "cited",
            "quoted",
            "quoting",
            "announced",
            "added",
            "noted",
            "stressed",
            "explained",
            "insisted",
            "wrote",
            "writes",
            "tweeted",
            "posted",
            "argued",
            "acknowledged",
            "admitted",
            "confirmed",
            "asserted",
            "declared",
            "remarked",
            "commented",
            "testified",
            "recalled",
            "suggested",
            "replied",
            "in a statement",
            "told reporters",
            "spokesman",
            "spokeswoman",
            "spokesperson",
            "claimed",
            "claims",
            "believes",
            "thinks",
            "estimated",
            "found",
            "showed",
            "concluded",
            "predicted",
            "observed",
        ],
    ),
    (
        "#cue:hedge",
        &[
            "reportedly",
            "allegedly",
            "alleged",
            "purportedly",
            "apparently",
            "so-called",
            "unconfirmed",
            "unverified",
            "independently verified",
            "without evidence",
            "without providing evidence",
            "supposedly",
            "rumoured",
            "rumored",
            "claimed",
            "could not be verified",
            "it is unclear",
            "it was not clear",
            "unnamed",
            "anonymous",
            "media reports",
            "reports say",
            "is said to",
            "are said to",
            "was said to",
            "dubbed",
            "what it called",
            "what he called",
            "what she called",
        ],
    ),
    (
        "#cue:expert",
        &[
            "expert",
            "experts",
            "analyst",
            "analysts",
            "professor",
            "researcher",
            "researchers",
            "scientist",
            "scientists",
            "economist",
            "economists",
            "scholar",
            "scholars",
            "dr",
            "institute",
            "university",
            "think tank",
            "study",
            "studies",
            "specialist",
            "specialists",
            "commentator",
            "political scientist",
            "epidemiologist",
            "historian",
            "lecturer",
            "fellow at",
            "research",
            "academy",
            "observers",
            "center for",
            "centre for",
            "director of",
            "general director",
            "head of research",
            "analyst at",
            "pollster",
            "pollsters",
            "specialist in",
            "interlocutor",
        ],
    ),
    (
        "#cue:call",
        &[
            "urged",
            "urges",
            "urge",
            "urging",
            "called on",
            "calls on",
            "called for",
            "calls for",
            "demanded",
            "demands",
            "demand",
            "appealed",
            "appeals",
            "must",
            "should",
            "need to",
            "needs to",
            "let us",
            "it is time",
            "petition",
            "insist that",
            "pressed",
            "implored",
            "exhorted",
            "ought to",
        ],
    ),
    (
        "#cue:denial",
        &[
            "denied",
            "deny",
            "denies",
            "denying",
            "rejected",
            "rejects",
            "refuted",
            "refutes",
            "dismissed",
            "dismisses",
            "no evidence",
            "false",
            "baseless",
            "untrue",
            "unfounded",
            "fabricated",
            "no truth",
            "not true",
            "categorically",
            "groundless",
            "fake news",
            "nonsense",
        ],
    ),
    (
        "#cue:warning",
        &[
            "warned",
            "warns",
            "warn",
            "warning",
            "threat",
            "threatens",
            "threaten",
            "risk",
            "risks",
            "danger",
            "dangerous",
            "could lead",
            "could trigger",
            "may trigger",
            "alarm",
            "alarming",
            "catastrophe",
            "catastrophic",
            "crisis",
            "fears",
            "feared",
            "jeopardise",
            "jeopardize",
            "looming",
            "peril",
        ],
    ),
    (
        "#cue:accusation",
        &[
            "accused",
            "accuse",
            "accuses",
            "accusing",
            "blame",
            "blamed",
            "blames",
            "responsible for",
            "provoke",
            "provoking",
            "aggression",
            "lied",
            "lies",
            "lying",
            "corrupt",
            "corruption",
            "fraud",
            "crime",
            "crimes",
            "charged",
            "guilty",
            "sabotage",
            "interference",
            "meddling",
            "plot",
            "conspiracy",
            "attack",
            "hostile",
            "propaganda",
            "manipulate",
            "exploit",
            "betrayed",
            "illegal",
            "abuse",
            "cover-up",
            "destabilize",
            "destabilise",
            "destabilizing",
            "destabilising",
            "interfere",
            "interfering",
            "undermine",
            "undermining",
            "orchestrated",
            "sponsored",
            "hybrid war",
            "subversion",
            "incite",
            "incited",
            "fuelling",
            "fueling",
            "stoking",
            "rigged",
            "smear",
            "bullied",
            "hegemony",
            "meddled",
            "sabotaged",
            "blackmail",
            "bribed",
            "bribes",
            "war crimes",
            "terrorist",
            "provocation",
            "provocations",
            "plunder",
            "looted",
            "deceive",
            "deceived",
            "aggressor",
        ],
    ),
    (
        "#cue:loaded",
        &[
            "obviously",
            "clearly",
            "undeniably",
            "of course",
            "obvious",
            "fact",
            "regime",
            "puppet",
            "shameful",
            "outrageous",
            "disgraceful",
            "reckless",
            "brazen",
            "disastrous",
            "absurd",
            "cynical",
            "so-called",
            "hysteria",
            "scandal",
            "shocking",
            "farce",
            "pathetic",
            "heroic",
            "treacherous",
        ],
    ),
];

/// The cue phrases, stemmed the way the tokenizer stems, indexed by their first token.
#[derive(Debug, Clone, Default)]
pub struct CueLexicon {
    by_first_token: HashMap<String, Vec<(Vec<String>, &'static str)>>,
}

impl CueLexicon {
    /// Builds the lexicon, turning each phrase into tokens with `tokenize`.
    pub fn new(tokenize: impl Fn(&str) -> Vec<String>) -> Self {
        let mut by_first_token: HashMap<String, Vec<(Vec<String>, &'static str)>> =
            HashMap::default();
        for &(marker, phrases) in FAMILIES {
            for phrase in phrases {
                let tokens = tokenize(phrase);
                if let Some(first) = tokens.first() {
                    by_first_token
                        .entry(first.clone())
                        .or_default()
                        .push((tokens, marker));
                }
            }
        }
        CueLexicon { by_first_token }
    }

    /// Puts into `found` (emptied first) one marker per cue family found in `tokens`, plus
    /// `#quote:pair` when the sentence holds two or more double quotation marks and
    /// `#quote:opens` when it starts with one; sorted.
    pub fn markers(&self, tokens: &[String], found: &mut Vec<&'static str>) {
        found.clear();
        for (i, token) in tokens.iter().enumerate() {
            for (phrase, marker) in self.by_first_token.get(token).into_iter().flatten() {
                if tokens[i..].starts_with(phrase) && !found.contains(marker) {
                    found.push(marker);
                }
            }
        }
        let quotes = tokens.iter().filter(|t| *t == QUOTE_TOKEN).count();
        if quotes >= 2 {
            found.push("#quote:pair");
        }
        if tokens.first().is_some_and(|t| t == QUOTE_TOKEN) {
            found.push("#quote:opens");
        }
        found.sort_unstable();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{Tokenizer, TokenizerConfig};

    #[test]
    fn markers_name_each_family_found_once() {
        let tokenizer = Tokenizer::new(TokenizerConfig {
            cues: false,
            ..TokenizerConfig::default()
        });
        let lexicon = CueLexicon::new(|p| tokenizer.tokenize(p));
        let tokens = tokenizer.tokenize(
            "“Nonsense,” the ministry said, according to reports, reportedly denying it.",
        );
        let mut markers = Vec::new();
        lexicon.markers(&tokens, &mut markers);
        assert_eq!(
            markers,
            [
                "#cue:denial",
                "#cue:hedge",
                "#cue:reporting-verb",
                "#quote:opens",
                "#quote:pair"
            ]
        );
    }

    #[test]
    fn phrases_match_only_whole() {
        let tokenizer = Tokenizer::new(TokenizerConfig {
            cues: false,
            ..TokenizerConfig::default()
        });
        let lexicon = CueLexicon::new(|p| tokenizer.tokenize(p));
        let tokens = tokenizer.tokenize("They called the meeting to order.");
        let mut markers = Vec::new();
        lexicon.markers(&tokens, &mut markers);
        assert!(!markers.contains(&"#cue:call"), "{markers:?}");
    }
}
