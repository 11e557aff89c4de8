//! Stage 2, parse: each source file on its own, in parallel. Splits front matter from the
//! answer, checks the front matter's keys and types, and renders the answer's Markdown.

pub mod front_matter;
pub mod markdown;
pub mod yaml;

use std::ops::Range;

use rayon::prelude::*;
use serde::Deserialize;

use crate::diagnostic::{self, Diagnostic};
use crate::load::{SourceFile, Sources};
pub use markdown::{Answer, Heading, Link, Style};

/// One question and its answer, parsed.
#[derive(Debug)]
pub struct Entry {
    /// Its file. For a translation (`renew.fr.md`), `file.source` is the original's
    /// (`renew.md`), which links and URLs are made from; `file.path` is the file's own.
    pub file: SourceFile,
    /// The language of a translation; `None` in the site's own language.
    pub language: Option<String>,
    pub question: String,
    /// The last segment of the entry's URL.
    pub slug: String,
    /// Where the question, the slug and the aliases are written.
    pub spans: FrontSpans,
    /// Tags, each with where it is written.
    pub tags: Vec<Spanned<String>>,
    /// Other ways people ask the same question.
    pub aliases: Vec<String>,
    /// Entries named in `related:`, by source path, not yet checked.
    pub related: Vec<RelatedPath>,
    /// Addresses the entry had before (`moved_from:`), as written: each gets a page that
    /// sends readers on to the entry's address now.
    pub moved_from: Vec<Spanned<String>>,
    pub weight: i64,
    pub updated: Option<Updated>,
    pub draft: bool,
    /// Shown on the home page among the most important questions (`featured: true`).
    pub featured: bool,
    pub answer: Answer,
    /// A hash of the file's text, which everything above is made from: pages compare it to
    /// know whether the entry changed.
    pub text_hash: u64,
    /// A hash of the front matter alone (the file up to its answer): while no entry's front
    /// matter changes, the site's categories, addresses and tags stay the same.
    pub front_hash: u64,
}

/// Where an entry's values are written in its file (byte ranges), as the YAML parser found
/// them: diagnostics point there without looking for the text again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontSpans {
    pub question: Range<usize>,
    /// `None` when the slug comes from the file name.
    pub slug: Option<Range<usize>>,
    /// One per alias, in order.
    pub aliases: Vec<Range<usize>>,
    pub updated: Option<Range<usize>>,
}

/// When an answer was last updated: a day, or a moment with the offset it was written in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Updated {
    /// The day as written (in the writer's own offset): shown on the page, used by lint.
    pub date: jiff::civil::Date,
    /// The moment: as written, or midnight UTC of a bare day. Orders the feed.
    pub at: jiff::Timestamp,
    /// As written, a W3C datetime: `2026-11-26` or `2026-11-26T23:30:00-08:00`.
    pub written: String,
    /// Taken from the last commit of the entry's file, not written in it.
    pub from_git: bool,
}

impl Updated {
    /// `text` as a date, or as a date and time with an offset (RFC 3339); a time without an
    /// offset is refused rather than guessed.
    pub fn parse(text: &str) -> Result<Updated, &'static str> {
        let text = text.trim();
        let date: jiff::civil::Date = text
            .get(..10)
            .and_then(|day| day.parse().ok())
            .ok_or("write the date as YYYY-MM-DD, e.g. `updated: 2026-11-25`")?;
        if text.len() == 10 {
            let at = date
                .to_zoned_datetime(jiff::tz::TimeZone::UTC)
                .map_err(|_| "write the date as YYYY-MM-DD")?
                .timestamp();
            return Ok(Updated {
                date,
                at,
                written: text.to_string(),
                from_git: false,
            });
        }
        match text.parse::<jiff::Timestamp>() {
            // The text goes as written into the sitemap and the feed, which take RFC 3339 only.
            Ok(_) if !is_rfc3339(text) => {
                Err("write a date and time as `2026-11-26T23:30:00-08:00` (or with `Z` for UTC)")
            }
            Ok(at) => Ok(Updated {
                date,
                at,
                written: text.to_string(),
                from_git: false,
            }),
            Err(_) if text.parse::<jiff::civil::DateTime>().is_ok() => Err(
                "a time needs its offset, e.g. `2026-11-26T23:30:00-08:00` or `…Z`; or write only the date",
            ),
            Err(_) => Err(
                "write the date as YYYY-MM-DD, or a date and time with its offset (`2026-11-26T23:30:00-08:00`)",
            ),
        }
    }
}

/// `2026-11-26T23:30:00-08:00`, `…:00.5Z`: the shape RFC 3339 gives a date and time.
fn is_rfc3339(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        b.get(range)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    let fixed = b.len() >= 19
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19);
    if !fixed {
        return false;
    }
    let mut rest = &text[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let n = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &fraction[n..];
    }
    let o = rest.as_bytes();
    rest == "Z"
        || (o.len() == 6
            && matches!(o[0], b'+' | b'-')
            && o[1..3].iter().all(u8::is_ascii_digit)
            && o[3] == b':'
            && o[4..6].iter().all(u8::is_ascii_digit))
}

/// A value of the front matter and where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    /// Byte range in the file.
    pub span: Range<usize>,
}

/// A `related:` path and where it is written, for reporting it if it leads nowhere.
#[derive(Debug, Clone)]
pub struct RelatedPath {
    pub source: String,
    pub span: Range<usize>,
}

/// What a category's `_index.md` says about it.
#[derive(Debug, Clone, Hash)]
pub struct CategoryInfo {
    /// The category's folder, relative to `content/`.
    pub folder: String,
    /// The file it was read from, relative to `content/`: `causes/_index.md`, or a
    /// translation's `causes/_index.fr.md`.
    pub source: String,
    /// The language of a translation; `None` in the site's own language.
    pub language: Option<String>,
    pub title: Option<String>,
    pub description: String,
    pub weight: i64,
}

/// Everything parsed, plus what could not be.
#[derive(Debug, Default)]
pub struct Parsed {
    pub entries: Vec<std::sync::Arc<Entry>>,
    pub categories: Vec<CategoryInfo>,
    /// Every folder under `content/` (each is a category).
    pub folders: Vec<String>,
    /// Source paths of entries that failed to parse: still valid link targets, so one broken
    /// file does not also produce "no such entry" errors everywhere it is linked from.
    pub failed: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
}

/// The front-matter keys of an entry, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryFrontMatter {
    question: Option<String>,
    slug: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    related: Vec<String>,
    #[serde(default)]
    moved_from: Vec<String>,
    #[serde(default)]
    weight: i64,
    updated: Option<String>,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    featured: bool,
}

const ENTRY_KEYS: &[&str] = &[
    "question",
    "slug",
    "tags",
    "aliases",
    "related",
    "moved_from",
    "weight",
    "updated",
    "draft",
    "featured",
];

/// The front-matter keys of a category's `_index.md`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoryFrontMatter {
    title: Option<String>,
    #[serde(default)]
    description: String,
    #[serde(default)]
    weight: i64,
}

const CATEGORY_KEYS: &[&str] = &["title", "description", "weight"];

/// Parses every file of `sources`, collecting every problem.
pub fn content(sources: Sources) -> Parsed {
    let Sources {
        entries,
        category_indexes,
        folders,
        diagnostics,
    } = sources;
    let results: Vec<_> = entries.into_par_iter().map(entry).collect();
    let mut parsed = Parsed {
        folders,
        diagnostics,
        ..Parsed::default()
    };
    for result in results {
        match result {
            Ok(entry) => parsed.entries.push(std::sync::Arc::new(entry)),
            Err((source, problems)) => {
                parsed.failed.push(source);
                parsed.diagnostics.extend(problems);
            }
        }
    }
    for file in &category_indexes {
        match category(file) {
            Ok(info) => parsed.categories.push(info),
            Err(problems) => parsed.diagnostics.extend(problems),
        }
    }
    parsed
}

/// A hash of a source file's text (the same on every run and machine).
pub fn text_hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = crate::stable_hash::hasher();
    text.hash(&mut hasher);
    hasher.finish()
}

/// Parses one entry file; on failure, returns its source path and every problem found.
pub fn entry(file: SourceFile) -> Result<Entry, (String, Vec<Diagnostic>)> {
    let hash = text_hash(&file.text);
    hashed_entry(file, hash)
}

/// [`entry`], given the [`text_hash`] of the file's text.
pub fn hashed_entry(file: SourceFile, text_hash: u64) -> Result<Entry, (String, Vec<Diagnostic>)> {
    match parse_entry(&file) {
        Ok((front, body_offset)) => {
            let answer = markdown::parse(&file.text[body_offset..], body_offset);
            Ok(Entry {
                text_hash,
                front_hash: crate::parse::text_hash(&file.text[..body_offset]),
                file,
                answer,
                ..front
            })
        }
        Err(problems) => Err((file.source, problems)),
    }
}

/// The entry's front matter (with an empty answer) and where its Markdown body starts.
fn parse_entry(file: &SourceFile) -> Result<(Entry, usize), Vec<Diagnostic>> {
    let error = |span: Range<usize>, message: String| {
        Diagnostic::error(&file.path, &file.text, span, message)
    };
    let split = front_matter::split(&file.text)
        .map_err(|e| vec![error(e.span, e.message.to_string()).with_help(e.help)])?;
    let front: EntryFrontMatter = yaml::from_str(split.yaml)
        .map_err(|e| vec![yaml_diagnostic(file, split.yaml_offset, e, ENTRY_KEYS)])?;
    let layout = yaml::layout(split.yaml);
    let shift = |r: Range<usize>| r.start + split.yaml_offset..r.end + split.yaml_offset;
    let at = |key: &str| layout.value(key).map(shift);
    // A list's values, each with where the parser found it (the list itself when its items
    // cannot be told apart); empty values are dropped.
    let listed = |key: &str, values: Vec<String>| -> Vec<Spanned<String>> {
        let items = layout.items(key);
        let aligned = items.len() == values.len();
        let whole = at(key).unwrap_or(0..3);
        values
            .into_iter()
            .enumerate()
            .map(|(i, value)| Spanned {
                value: value.trim().to_string(),
                span: match items.get(i) {
                    Some(item) if aligned => shift(item.clone()),
                    _ => whole.clone(),
                },
            })
            .filter(|v| !v.value.is_empty())
            .collect()
    };
    let mut problems = Vec::new();

    let question = front
        .question
        .map(|q| q.trim().to_string())
        .unwrap_or_default();
    if question.is_empty() {
        let (span, message) = match at("question") {
            Some(span) => (span, "`question` is empty"),
            None => (0..3, "missing `question`"),
        };
        problems.push(
            error(span, message.into())
                .with_help("add a line `question: How do I …?` to the front matter"),
        );
    }
    let question_span = at("question").unwrap_or(0..3);
    let slug_span = front.slug.as_ref().and_then(|_| at("slug"));
    let slug = match front.slug {
        Some(slug) if !crate::slug::is_valid(&slug) => {
            let suggestion = crate::slug::slugify(&slug);
            problems.push(
                error(
                    at("slug").unwrap_or(0..3),
                    format!("`{slug}` cannot be used as a slug"),
                )
                .with_help(format!("use letters, digits and `-`, e.g. `{suggestion}`")),
            );
            suggestion
        }
        Some(slug) => slug,
        None if crate::slug::is_valid(file.stem()) => file.stem().to_string(),
        None => crate::slug::slugify(file.stem()),
    };
    if slug.is_empty() {
        problems.push(
            error(0..3, "cannot make a slug from the file name".into())
                .with_help("add `slug: some-name` to the front matter"),
        );
    }
    let updated = front.updated.and_then(|text| match Updated::parse(&text) {
        Ok(updated) => Some(updated),
        Err(help) => {
            problems.push(
                error(
                    at("updated").unwrap_or(0..3),
                    format!("`{}` is not a date", text.trim()),
                )
                .with_help(help),
            );
            None
        }
    });
    let tags = listed("tags", front.tags);
    let (aliases, alias_spans) = listed("aliases", front.aliases)
        .into_iter()
        .map(|alias| (alias.value, alias.span))
        .unzip();
    let related = listed("related", front.related)
        .into_iter()
        .map(|path| RelatedPath {
            source: path.value.trim_start_matches("@/").to_string(),
            span: path.span,
        })
        .collect();
    let moved_from = listed("moved_from", front.moved_from);
    let body = split.body;
    if body.trim().is_empty() {
        let end = split.body_offset.min(file.text.len());
        problems.push(
            error(end.saturating_sub(4)..end, "the answer is empty".into())
                .with_help("write the answer in Markdown below the closing `---`"),
        );
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let entry = Entry {
        file: file.clone(),
        language: None,
        question,
        spans: FrontSpans {
            question: question_span,
            slug: slug_span,
            aliases: alias_spans,
            updated: at("updated"),
        },
        slug,
        tags,
        aliases,
        related,
        moved_from,
        weight: front.weight,
        updated,
        draft: front.draft,
        featured: front.featured,
        answer: Answer::default(),
        text_hash: 0,
        front_hash: 0,
    };
    Ok((entry, split.body_offset))
}

/// Parses a category's `_index.md`.
pub fn category(file: &SourceFile) -> Result<CategoryInfo, Vec<Diagnostic>> {
    let split = front_matter::split(&file.text).map_err(|e| {
        vec![Diagnostic::error(&file.path, &file.text, e.span, e.message).with_help(
            "a category's _index.md holds front matter: `---`, `title: …`, `description: …`, `weight: 1`, `---`",
        )]
    })?;
    let front: CategoryFrontMatter = yaml::from_str(split.yaml)
        .map_err(|e| vec![yaml_diagnostic(file, split.yaml_offset, e, CATEGORY_KEYS)])?;
    Ok(CategoryInfo {
        folder: file.folder().to_string(),
        source: file.source.clone(),
        language: None,
        title: front
            .title
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty()),
        description: front.description.trim().to_string(),
        weight: front.weight,
    })
}

fn yaml_diagnostic(
    file: &SourceFile,
    yaml_offset: usize,
    e: yaml::YamlError,
    keys: &[&str],
) -> Diagnostic {
    let start = yaml_offset + e.offset;
    match diagnostic::unknown_key(&e.message, keys) {
        Some((message, help)) => {
            let key_len = message.len().saturating_sub("unknown key ``".len());
            Diagnostic::error(&file.path, &file.text, start..start + key_len, message)
                .with_help(help)
        }
        None => Diagnostic::error(&file.path, &file.text, start..start + 1, e.message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn file(source: &str, text: &str) -> SourceFile {
        SourceFile {
            path: PathBuf::from("content").join(source),
            source: source.into(),
            text: text.into(),
        }
    }

    fn errors(text: &str) -> Vec<(usize, usize, String)> {
        let (_, problems) = entry(file("a/b.md", text)).unwrap_err();
        problems
            .into_iter()
            .map(|d| (d.line, d.column, d.message))
            .collect()
    }

    #[test]
    fn parses_a_full_entry() {
        let text = "---\nquestion: Why?\ntags: [x, y]\nrelated:\n  - a/c.md\nupdated: 2026-01-02\nweight: 3\n---\nBecause.\n";
        let entry = entry(file("a/b.md", text)).unwrap();
        assert_eq!(
            (entry.question.as_str(), entry.slug.as_str(), entry.weight),
            ("Why?", "b", 3)
        );
        let tags: Vec<_> = entry.tags.iter().map(|t| &text[t.span.clone()]).collect();
        assert_eq!(tags, ["x", "y"]);
        assert_eq!(&text[entry.related[0].span.clone()], "a/c.md");
        assert_eq!(
            entry.updated.map(|d| d.date.to_string()).as_deref(),
            Some("2026-01-02")
        );
        assert_eq!(entry.answer.text, "Because.");
    }

    #[test]
    fn a_date_with_a_time_keeps_its_offset() {
        let late = Updated::parse("2026-11-26T23:30:00-08:00").unwrap();
        assert_eq!(late.date.to_string(), "2026-11-26");
        assert_eq!(late.at.to_string(), "2026-11-27T07:30:00Z");
        assert_eq!(late.written, "2026-11-26T23:30:00-08:00");
        let day = Updated::parse(" 2026-11-26 ").unwrap();
        assert_eq!(day.at.to_string(), "2026-11-26T00:00:00Z");
        assert!(
            Updated::parse("2026-11-26T23:30:00")
                .unwrap_err()
                .contains("offset")
        );
        assert!(
            Updated::parse("2026-11-26 23:30")
                .unwrap_err()
                .contains("offset")
        );
        assert!(Updated::parse("26/11/2026").is_err());
        assert!(Updated::parse("2026-11-26T23:30:00.25Z").is_ok());
        for loose in [
            "2026-11-26 23:30:00-08:00",
            "2026-11-26T23:30-08:00",
            "2026-11-26T23:30:00-08:00[America/Los_Angeles]",
        ] {
            assert!(Updated::parse(loose).is_err(), "{loose}");
        }
        assert!(Updated::parse("2026-02-30").is_err());
    }

    #[test]
    fn block_list_values_are_found_after_their_key() {
        let text = "---\nquestion: Why?\ntags:\n  - a\n  - t\nrelated:\n  - e.md\n---\nA.\n";
        let entry = entry(file("a/b.md", text)).unwrap();
        let at = |span: &Range<usize>| text[..span.start].matches('\n').count() + 1;
        let lines: Vec<_> = entry.tags.iter().map(|t| at(&t.span)).collect();
        assert_eq!(lines, [4, 5]);
        assert_eq!(at(&entry.related[0].span), 7);
    }

    #[test]
    fn spans_come_from_the_parser_not_from_looking_for_the_text() {
        // A comment and the question both mention the tag's word before the tag itself.
        let text = "---\nquestion: \"Is sleep good?\"\naliases: [Sleep good?, \"\"]\ntags:\n  # sleep, mostly\n  - sleep\nupdated: 2024-01-01\n---\nA.\n";
        let entry = entry(file("a/b.md", text)).unwrap();
        let written = |span: &Range<usize>| &text[span.clone()];
        assert_eq!(written(&entry.spans.question), "\"Is sleep good?\"");
        assert_eq!(entry.aliases, ["Sleep good?"]);
        assert_eq!(
            entry.spans.aliases.iter().map(written).collect::<Vec<_>>(),
            ["Sleep good?"]
        );
        let tag = &entry.tags[0].span;
        assert_eq!(written(tag), "sleep");
        assert_eq!(text[..tag.start].matches('\n').count() + 1, 6);
        assert_eq!(
            entry.spans.updated.as_ref().map(written),
            Some("2024-01-01")
        );
    }

    #[test]
    fn yaml_errors_are_at_the_file_line() {
        let found = errors("---\nquestion: Why?\ntags: [x\n---\nA\n");
        assert_eq!(found.len(), 1);
        assert!(found[0].0 >= 3, "{found:?}");
    }

    #[test]
    fn unknown_key_points_at_the_key() {
        assert_eq!(
            errors("---\nquestion: Why?\ntgas: [x]\n---\nA\n"),
            [(3, 1, "unknown key `tgas`".into())]
        );
    }

    #[test]
    fn several_problems_in_one_file_are_all_reported() {
        let found = errors("---\nupdated: soon\n---\n\n");
        let messages: Vec<_> = found.iter().map(|f| f.2.as_str()).collect();
        assert_eq!(
            messages,
            [
                "missing `question`",
                "`soon` is not a date",
                "the answer is empty"
            ]
        );
        assert_eq!((found[1].0, found[1].1), (2, 10));
    }

    /// Every combination of awkward fragments parses or fails with diagnostics: never a panic.
    #[test]
    fn never_panics_on_odd_input() {
        let pieces = [
            "---",
            "\n",
            "\r\n",
            "question: Q?",
            "question:",
            "tags: [",
            "- x",
            ": :",
            "é",
            "\u{FEFF}",
            "related: [@/x.md]",
            "updated: 2026-02-30",
            "slug: ../..",
            "&a *a",
            "{}",
            "# H {#id}",
            "[^1]",
            "`",
            "|a|\n|-|",
            "  ",
            "\t",
            "---\n---",
            "<!--",
            "\0",
        ];
        let mut seed = 7u64;
        for _ in 0..5000 {
            let mut text = String::new();
            for _ in 0..(seed % 12) {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
            let _ = entry(file("a/b.md", &text));
            let _ = category(&file("a/_index.md", &text));
        }
    }

    #[test]
    fn wrong_type_is_reported() {
        let found = errors("---\nquestion: Why?\ntags: 5\n---\nA\n");
        assert_eq!(found[0].0, 3);
        assert!(found[0].2.contains("invalid type"), "{found:?}");
    }
}
