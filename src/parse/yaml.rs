//! The only use of `serde_yaml` (unmaintained upstream): swapping the YAML crate touches this
//! file alone.

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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

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
