//! What a word is, for the index and for the browser: the same rule on both sides, or a word
//! indexed one way would be looked up another. `search.js` (`words` and `fold`) implements it
//! again; `tests/browser/search.mjs` checks that both split and fold the same text alike.
//!
//! - A word is a run of letters, marks and digits. An apostrophe inside a word is dropped
//!   ("can't" is "cant"), so that "dont" and "don't" are one word.
//! - Chinese and Japanese are written without spaces: a run of ideographs or kana is indexed
//!   as its overlapping pairs of characters ("背部痉挛" → "背部", "部痉", "痉挛"), and a single one
//!   alone. A query split the same way finds the text without a dictionary.
//! - Words are folded: lower case, accents removed ("Café" → "cafe").

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Calls `each` with every word of `text`, folded, in order.
pub fn each(text: &str, mut each: impl FnMut(&str)) {
    let mut word = String::new();
    let mut chars = text.chars().peekable();
    let mut ideographs: Vec<char> = Vec::new();
    while let Some(c) = chars.next() {
        if is_ideographic(c) {
            flush(&mut word, &mut each);
            ideographs.push(c);
            continue;
        }
        flush_ideographs(&mut ideographs, &mut each);
        if is_word_char(c) {
            word.push(c);
        } else if is_apostrophe(c)
            && !word.is_empty()
            && chars.peek().is_some_and(|&next| is_word_char(next))
        {
            // Dropped: the word goes on after it.
        } else {
            flush(&mut word, &mut each);
        }
    }
    flush(&mut word, &mut each);
    flush_ideographs(&mut ideographs, &mut each);
}

/// The words of `text`, folded.
pub fn all(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    each(text, |word| words.push(word.to_string()));
    words
}

fn flush(word: &mut String, each: &mut impl FnMut(&str)) {
    if word.is_empty() {
        return;
    }
    if word.is_ascii() {
        // The common case, folded in place: no allocation per word.
        word.make_ascii_lowercase();
        each(word);
    } else {
        each(&fold(word));
    }
    word.clear();
}

fn flush_ideographs(run: &mut Vec<char>, each: &mut impl FnMut(&str)) {
    match run.len() {
        0 => {}
        1 => each(&run[0].to_string()),
        _ => {
            for pair in run.windows(2) {
                each(&pair.iter().collect::<String>());
            }
        }
    }
    run.clear();
}

/// Lower case, accents removed. ASCII, the common case, needs no normalization.
pub fn fold(word: &str) -> String {
    let lower = word.to_lowercase();
    if lower.is_ascii() {
        return lower;
    }
    lower
        .nfd()
        .filter(|&c| !is_combining_mark(c))
        .nfc()
        .collect()
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Han ideographs, hiragana and katakana: scripts written without spaces between words.
/// `search.js` tests the same ranges with `\p{Script=Han}`, `Hiragana` and `Katakana`.
pub fn is_ideographic(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{309F}' // Hiragana
        | '\u{30A0}'..='\u{30FF}' // Katakana
        | '\u{31F0}'..='\u{31FF}' // Katakana phonetic extensions
        | '\u{3400}'..='\u{4DBF}' // Han, extension A
        | '\u{4E00}'..='\u{9FFF}' // Han, unified
        | '\u{F900}'..='\u{FAFF}' // Han, compatibility
        | '\u{FF66}'..='\u{FF9F}' // Katakana, half width
        | '\u{20000}'..='\u{2FA1F}' // Han, supplementary planes
    )
}

/// The start of `text`, at most `max` bytes, cut at its last white space when there is one:
/// how much of a long answer the index reads, and keeps for excerpts.
pub fn cut(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let cut = &text[..end];
    cut.rfind(char::is_whitespace)
        .map_or(cut, |space| &cut[..space])
}

/// The length of `text` in UTF-16 code units: how the browser counts and slices strings.
pub fn utf16_len(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cases `search.js` is tested against too (`tests/browser/search.mjs`).
    #[test]
    fn the_shared_cases_hold() {
        let fixture: serde_json::Value =
            serde_json::from_str(include_str!("../../tests/fixtures/words.json")).unwrap();
        for case in fixture["cases"].as_array().unwrap() {
            let text = case[0].as_str().unwrap();
            let expected: Vec<&str> = case[1]
                .as_array()
                .unwrap()
                .iter()
                .map(|w| w.as_str().unwrap())
                .collect();
            assert_eq!(all(text), expected, "{text:?}");
        }
    }

    #[test]
    fn words_are_runs_of_letters_and_digits_folded() {
        assert_eq!(
            all("Can't sleep: back-spasms, 2 NIGHTS (Café)?"),
            ["cant", "sleep", "back", "spasms", "2", "nights", "cafe"]
        );
    }

    #[test]
    fn apostrophes_join_only_inside_words() {
        assert_eq!(all("'quoted' don’t l'"), ["quoted", "dont", "l"]);
    }

    #[test]
    fn ideographs_are_indexed_in_pairs() {
        assert_eq!(all("背部痉挛 is 痛"), ["背部", "部痉", "痉挛", "is", "痛"]);
        assert_eq!(all("カタカナ"), ["カタ", "タカ", "カナ"]);
    }

    #[test]
    fn folding_removes_accents_and_keeps_other_scripts() {
        assert_eq!(fold("Éléphant"), "elephant");
        assert_eq!(fold("Straße"), "straße");
        assert_eq!(fold("ΣΟΦΌΣ"), "σοφος");
    }

    #[test]
    fn utf16_lengths_count_surrogate_pairs() {
        assert_eq!(utf16_len("a😀"), 3);
    }
}
