//! The only use of `serde_yaml` (unmaintained upstream): swapping the YAML crate touches this
//! file alone. `serde_yaml` deserializes; it keeps no positions, so `layout` reads where each
//! key and value is written from the events of a YAML parser (`saphyr-parser`).

use std::ops::Range;

use saphyr_parser::{Event, Parser, Span};
use serde::de::DeserializeOwned;

/// A YAML error: its message without position, and the byte offset in the parsed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub message: String,
    pub offset: usize,
}

/// Deserializes `text`; an empty document is read as an empty mapping.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    let text = if text.trim().is_empty() { "{}" } else { text };
    serde_yaml::from_str(text).map_err(|error| {
        let offset = error.location().map_or(0, |l| l.index());
        let mut message = error.to_string();
        // serde_yaml appends " at line L column C"; we report positions ourselves.
        if let Some(at) = message.find(" at line ") {
            message.truncate(at);
        }
        YamlError {
            message,
            offset: offset.min(text.len()),
        }
    })
}

/// Where the keys of a top-level mapping and their values are written: byte ranges in the
/// parsed text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layout {
    keys: Vec<KeyLayout>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct KeyLayout {
    name: String,
    key: Range<usize>,
    value: Range<usize>,
    /// The items of a list value, in order.
    items: Vec<Range<usize>>,
}

impl Layout {
    fn find(&self, name: &str) -> Option<&KeyLayout> {
        self.keys.iter().find(|k| k.name == name)
    }

    /// The value of `name`, or the key itself when its value is empty.
    pub fn value(&self, name: &str) -> Option<Range<usize>> {
        self.find(name).map(|k| {
            if k.value.is_empty() {
                k.key.clone()
            } else {
                k.value.clone()
            }
        })
    }

    /// The items of the list `name` (none when it is written another way).
    pub fn items(&self, name: &str) -> &[Range<usize>] {
        self.find(name).map_or(&[], |k| k.items.as_slice())
    }
}

/// The layout of `text`'s top-level mapping, as far as it parses (`from_str` reports errors).
pub fn layout(text: &str) -> Layout {
    let bytes = ByteOffsets::new(text);
    let range = |span: &Span| bytes.of(span.start.index())..bytes.of(span.end.index());
    let mut keys: Vec<KeyLayout> = Vec::new();
    // Depth of nesting: 1 inside the top-level mapping.
    let mut depth = 0usize;
    let mut pending_key: Option<(String, Range<usize>)> = None;
    let mut list: Option<usize> = None;
    for event in Parser::new_from_str(text) {
        let Ok((event, span)) = event else { break };
        match event {
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                if depth == 1
                    && let Some((name, key)) = pending_key.take()
                {
                    let is_list = matches!(event, Event::SequenceStart(..));
                    keys.push(KeyLayout {
                        name,
                        key,
                        value: range(&span),
                        items: Vec::new(),
                    });
                    list = is_list.then(|| keys.len() - 1);
                }
                depth += 1;
            }
            Event::MappingEnd | Event::SequenceEnd => {
                depth = depth.saturating_sub(1);
                if depth == 1
                    && let Some(at) = list.take().or(keys.len().checked_sub(1))
                {
                    keys[at].value.end = keys[at].value.end.max(range(&span).end);
                }
            }
            Event::Scalar(..) | Event::Alias(..) => {
                let written = range(&span);
                if depth == 1 {
                    match pending_key.take() {
                        None => {
                            let name = match event {
                                Event::Scalar(value, ..) => value.into_owned(),
                                _ => String::new(),
                            };
                            pending_key = Some((name, written));
                        }
                        Some((name, key)) => keys.push(KeyLayout {
                            name,
                            key,
                            value: written,
                            items: Vec::new(),
                        }),
                    }
                } else if depth == 2
                    && let Some(at) = list
                {
                    keys[at].items.push(written);
                }
            }
            _ => {}
        }
    }
    Layout { keys }
}

/// The parser counts characters; diagnostics need bytes.
struct ByteOffsets(Option<Vec<usize>>);

impl ByteOffsets {
    fn new(text: &str) -> Self {
        if text.is_ascii() {
            return ByteOffsets(None);
        }
        let mut offsets: Vec<usize> = text.char_indices().map(|(at, _)| at).collect();
        offsets.push(text.len());
        ByteOffsets(Some(offsets))
    }

    fn of(&self, chars: usize) -> usize {
        match &self.0 {
            None => chars,
            Some(offsets) => offsets
                .get(chars)
                .copied()
                .unwrap_or_else(|| offsets.last().copied().unwrap_or(0)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn layout_has_keys_values_and_list_items_in_bytes() {
        let text = "question: \"Café?\"\ntags: [é, 'b c']\nrelated:\n  - x.md\n  - y.md\nslug:\nnested: {a: [1]}\n";
        let layout = layout(text);
        let at = |r: Range<usize>| &text[r];
        assert_eq!(at(layout.value("question").unwrap()), "\"Café?\"");
        let tags: Vec<_> = layout.items("tags").iter().map(|r| at(r.clone())).collect();
        assert_eq!(tags, ["é", "'b c'"]);
        assert_eq!(at(layout.value("tags").unwrap()), "[é, 'b c']");
        let related: Vec<_> = layout
            .items("related")
            .iter()
            .map(|r| at(r.clone()))
            .collect();
        assert_eq!(related, ["x.md", "y.md"]);
        // An empty value: the key.
        assert_eq!(at(layout.value("slug").unwrap()), "slug");
        assert!(layout.items("nested").is_empty());
        assert_eq!(layout.value("missing"), None);
    }

    #[test]
    fn layout_of_broken_yaml_keeps_what_came_before() {
        let layout = layout("question: Why?\ntags: [a\n");
        assert_eq!(layout.value("question"), Some(10..14));
    }

    #[test]
    fn syntax_error_has_offset_and_bare_message() {
        let error = from_str::<BTreeMap<String, String>>("a: b\nc: [d\n").unwrap_err();
        assert!(!error.message.contains("at line"), "{}", error.message);
        assert!(error.offset >= 5, "{error:?}");
    }

    #[test]
    fn empty_is_an_empty_mapping() {
        let map: BTreeMap<String, String> = from_str("\n").unwrap();
        assert!(map.is_empty());
    }
}
