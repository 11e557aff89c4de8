//! Problems in the user's content, located at `path:line:col`, collected from every stage so
//! that one run reports all of them.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// How bad a diagnostic is: errors fail the build, warnings do not.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in one source file, with the offending line kept for display. Serialized for
/// the record of the last build, which prints its warnings again when nothing changed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path as the user sees it: relative to the site root, e.g. `content/causes/x.md`.
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    pub message: String,
    /// Advice on how to fix it, e.g. "did you mean `tags`?".
    pub help: Option<String>,
    /// The whole line the problem is on, without its line break.
    source_line: String,
    /// Columns the problem spans on that line (at least one).
    width: usize,
}

impl Diagnostic {
    /// An error at the byte range `span` of `text`, the contents of the file at `path`.
    pub fn error(path: &Path, text: &str, span: Range<usize>, message: impl Into<String>) -> Self {
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let end = floor_char_boundary(text, span.end.clamp(start, text.len()));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let source_line = text[line_start..line_end]
            .trim_end_matches('\r')
            .to_string();
        let column = text[line_start..start].chars().count() + 1;
        let width = text[start..end.min(line_end)].chars().count().max(1);
        Diagnostic {
            severity: Severity::Error,
            path: path.to_path_buf(),
            line: text[..start].matches('\n').count() + 1,
            column,
            message: message.into(),
            help: None,
            source_line,
            width,
        }
    }

    /// An error about a whole file that has no useful text to point into (binary, not UTF-8).
    pub fn file_error(path: &Path, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.to_path_buf(),
            line,
            column,
            message: message.into(),
            help: None,
            source_line: String::new(),
            width: 1,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The text the diagnostic points at (for tests and the serve overlay).
    pub fn source_line(&self) -> &str {
        &self.source_line
    }

    /// Sorts diagnostics by file and position so output is stable whatever order stages ran in.
    pub fn sort(diagnostics: &mut [Diagnostic]) {
        diagnostics.sort_by(|a, b| {
            (&a.path, a.line, a.column, &a.message).cmp(&(&b.path, b.line, b.column, &b.message))
        });
    }
}

impl fmt::Display for Diagnostic {
    /// `path:line:col: error: message`, then the line with a caret under the problem.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(
            f,
            "{}:{}:{}: {label}: {}",
            self.path.display(),
            self.line,
            self.column,
            self.message
        )?;
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let mut group = Group::with_level(level.clone());
        if !self.source_line.is_empty() {
            let start = char_to_byte(&self.source_line, self.column - 1);
            let end = char_to_byte(&self.source_line, self.column - 1 + self.width);
            group = group.element(
                Snippet::source(&self.source_line)
                    .line_start(self.line)
                    .annotation(AnnotationKind::Primary.span(start..end)),
            );
        }
        if let Some(help) = &self.help {
            group = group.element(Level::HELP.message(help));
        }
        if self.source_line.is_empty() && self.help.is_none() {
            return Ok(());
        }
        write!(f, "{}", Renderer::plain().render(&[group]))
    }
}

fn char_to_byte(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| i)
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// The known name closest to `unknown`, if one is close enough to be a likely typo.
pub fn closest<'a>(unknown: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(unknown, candidate), candidate))
        .filter(|(score, _)| *score > 0.75)
        // Ties go to the first name in order, so a suggestion never depends on hash order.
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, candidate)| candidate)
}

/// Rewrites serde's "unknown field `x`, expected one of …" into our message and a suggestion.
/// Both the TOML config and YAML front matter reject unknown keys through serde.
pub fn unknown_key(serde_message: &str, known: &[&str]) -> Option<(String, String)> {
    let rest = serde_message.trim().strip_prefix("unknown field `")?;
    let key = &rest[..rest.find('`')?];
    let help = match closest(key, known.iter().copied()) {
        Some(candidate) => format!("did you mean `{candidate}`?"),
        None => format!(
            "the known keys are {}",
            known
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Some((format!("unknown key `{key}`"), help))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let text = "---\nquestion: é?\ntgas: [a]\n";
        let offset = text.find("tgas").unwrap_or_default();
        let d = Diagnostic::error(Path::new("a.md"), text, offset..offset + 4, "unknown key");
        assert_eq!((d.line, d.column), (3, 1));
        let offset = text.find('?').unwrap_or_default();
        let d = Diagnostic::error(Path::new("a.md"), text, offset..offset + 1, "x");
        assert_eq!((d.line, d.column, d.source_line()), (2, 12, "question: é?"));
    }

    #[test]
    fn display_starts_with_path_line_column_and_shows_the_line() {
        let text = "a\nbad line\n";
        let d =
            Diagnostic::error(Path::new("content/x.md"), text, 2..5, "oops").with_help("fix it");
        let shown = d.to_string();
        assert!(
            shown.starts_with("content/x.md:2:1: error: oops\n"),
            "{shown}"
        );
        assert!(shown.contains("bad line"), "{shown}");
        assert!(shown.contains("^^^"), "{shown}");
        assert!(shown.contains("help: fix it"), "{shown}");
    }

    #[test]
    fn closest_suggests_typos_only() {
        let keys = ["question", "tags", "aliases"];
        assert_eq!(closest("tgas", keys), Some("tags"));
        assert_eq!(closest("qestion", keys), Some("question"));
        assert_eq!(closest("zzzzzz", keys), None);
    }

    #[test]
    fn unknown_key_reads_serde_messages() {
        let msg = "unknown field `tgas`, expected one of `question`, `tags`";
        let (message, help) = unknown_key(msg, &["question", "tags"]).unwrap();
        assert_eq!(message, "unknown key `tgas`");
        assert_eq!(help, "did you mean `tags`?");
        assert_eq!(unknown_key("invalid type: string", &["tags"]), None);
    }
}
