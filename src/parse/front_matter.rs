//! Splits an entry into its YAML front matter and its Markdown body, keeping byte offsets so
//! positions inside either part can be reported as positions in the file.

/// The two parts of an entry file.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// Byte offset of `yaml` in the file.
    pub yaml_offset: usize,
    pub body: &'a str,
    /// Byte offset of `body` in the file.
    pub body_offset: usize,
}

/// Why a file has no usable front matter: the message and the byte range to point at.
#[derive(Debug, PartialEq, Eq)]
pub struct SplitError {
    pub message: &'static str,
    pub help: &'static str,
    pub span: std::ops::Range<usize>,
}

const FENCE: &str = "---";

/// Splits `text` at its `---` fences.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    if text.trim().is_empty() {
        return Err(SplitError {
            message: "empty file",
            help: "an entry starts with front matter, e.g. `---`, `question: How do I …?`, `---`, then the answer",
            span: 0..0,
        });
    }
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or_default();
    if first.trim_end() != FENCE {
        return Err(SplitError {
            message: "missing front matter: the file must start with a `---` line",
            help: "add `---`, `question: …?` and `---` lines above the answer",
            span: 0..first.trim_end().len(),
        });
    }
    let yaml_offset = first.len();
    let mut offset = yaml_offset;
    for line in lines {
        if line.trim_end() == FENCE {
            let body_offset = offset + line.len();
            return Ok(Split {
                yaml: &text[yaml_offset..offset],
                yaml_offset,
                body: &text[body_offset..],
                body_offset,
            });
        }
        offset += line.len();
    }
    Err(SplitError {
        message: "the front matter is not closed",
        help: "add a `---` line after the front matter, before the answer",
        span: 0..FENCE.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_with_offsets() {
        let text = "---\nquestion: Q?\n---\nAnswer.\n";
        let split = split(text).unwrap();
        assert_eq!(split.yaml, "question: Q?\n");
        assert_eq!(&text[split.yaml_offset..][..8], "question");
        assert_eq!(split.body, "Answer.\n");
        assert_eq!(&text[split.body_offset..], "Answer.\n");
    }

    #[test]
    fn handles_crlf_and_empty_front_matter() {
        let split = split("---\r\n---\r\nA\r\n").unwrap();
        assert_eq!((split.yaml, split.body), ("", "A\r\n"));
    }

    #[test]
    fn reports_missing_and_unclosed_fences() {
        assert_eq!(split("").unwrap_err().message, "empty file");
        assert!(
            split("question: Q?\n")
                .unwrap_err()
                .message
                .starts_with("missing front matter")
        );
        assert_eq!(
            split("---\nquestion: Q?\nAnswer\n").unwrap_err().message,
            "the front matter is not closed"
        );
    }
}
