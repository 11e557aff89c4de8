//! What the index knows of the site's language: its stemmer (Snowball, from `rust-stemmers`)
//! and its stop words (NLTK's lists, from `stop-words`), picked by the primary subtag of the
//! site's `language` (`pt-BR` → `pt`). A language with neither is indexed word for word.

use rust_stemmers::{Algorithm, Stemmer};

pub struct Language {
    /// The primary subtag, lower case: `en`.
    pub code: String,
    stemmer: Option<Stemmer>,
    /// Folded, sorted.
    pub stop_words: Vec<String>,
}

impl Language {
    pub fn of(tag: &str) -> Language {
        let code = tag
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        let mut stop_words: Vec<String> = stop_words::lookup(&code)
            .unwrap_or_default()
            .iter()
            // As the index has them: "don't" is "dont".
            .flat_map(|word| super::words::all(word))
            .collect();
        stop_words.sort();
        stop_words.dedup();
        Language {
            stemmer: algorithm(&code).map(Stemmer::create),
            code,
            stop_words,
        }
    }

    /// The stem of a folded word: the form every inflection of it is indexed under
    /// ("stretches", "stretching" → "stretch"). Digits and ideographs are kept as they are.
    pub fn stem(&self, word: &str) -> String {
        match &self.stemmer {
            Some(stemmer)
                if word.chars().any(char::is_alphabetic)
                    && !word.chars().any(super::words::is_ideographic) =>
            {
                // The stemmer works on the folded word, as the browser only sees folded words;
                // folding again keeps what it returns inside the index's alphabet.
                super::words::fold(&stemmer.stem(word))
            }
            _ => word.to_string(),
        }
    }

    /// Whether `word` (folded) is one of the language's stop words.
    pub fn is_stop_word(&self, word: &str) -> bool {
        self.stop_words
            .binary_search_by(|w| w.as_str().cmp(word))
            .is_ok()
    }

    /// Whether the language has a stemmer.
    #[cfg(test)]
    pub fn stems(&self) -> bool {
        self.stemmer.is_some()
    }
}

/// The Snowball stemmer of a primary language subtag, when there is one.
fn algorithm(code: &str) -> Option<Algorithm> {
    Some(match code {
        "ar" => Algorithm::Arabic,
        "da" => Algorithm::Danish,
        "nl" => Algorithm::Dutch,
        "en" => Algorithm::English,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "hu" => Algorithm::Hungarian,
        "it" => Algorithm::Italian,
        "no" | "nb" | "nn" => Algorithm::Norwegian,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "es" => Algorithm::Spanish,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_inflections_share_a_stem() {
        let english = Language::of("en-GB");
        assert_eq!(english.code, "en");
        assert_eq!(english.stem("stretches"), english.stem("stretching"));
        assert_eq!(english.stem("spasms"), "spasm");
        assert!(english.stop_words.binary_search(&"how".to_string()).is_ok());
    }

    #[test]
    fn other_languages_stem_in_their_own_way() {
        let german = Language::of("de");
        assert_eq!(german.stem("ruckenschmerzen"), german.stem("ruckenschmerz"));
        let french = Language::of("fr-CA");
        assert_eq!(french.stem("etirements"), french.stem("etirement"));
        assert!(french.stop_words.binary_search(&"les".to_string()).is_ok());
    }

    #[test]
    fn a_language_without_a_stemmer_keeps_its_words() {
        let japanese = Language::of("ja");
        assert!(!japanese.stems());
        assert_eq!(japanese.stem("doctors"), "doctors");
        assert_eq!(Language::of("en").stem("2024"), "2024");
    }
}
