//! `faqgen import`: an existing FAQ turned into entries, one file per question. Sources: a
//! plain-text document, CSV, Markdown with a heading per question, YAML or JSON data files
//! (Jekyll's `_data/faq.yml`, Hugo's `data/`), a Zola or Hugo content folder, and HTML pages
//! with schema.org `FAQPage` JSON-LD or microdata.
//!
//! Reading makes a [`Document`] per source (questions, sections, notes); [`plan`] places them
//! under `content/`, turns the links between questions into `@/` links and writes the files'
//! text; [`write`] writes the plan, or `--dry-run` prints it.

mod containers;
mod csv_file;
mod data_file;
mod folder;
mod html;
mod links;
mod markdown;
mod text;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// One question read from a source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Imported {
    pub question: String,
    /// The answer, as Markdown.
    pub answer: String,
    /// The section it is under: an index into [`Document::sections`].
    pub section: Option<usize>,
    pub tags: Vec<String>,
    /// The source's own order, when it has one; otherwise the document's order is written.
    pub weight: Option<i64>,
    pub draft: bool,
    /// A date of last change from the source (`YYYY-MM-DD`).
    pub updated: Option<String>,
    /// The addresses it had before (Zola's and Hugo's `aliases`): its `moved_from`.
    pub moved_from: Vec<String>,
    /// Where it starts in its source (1 when the source has no lines).
    pub line: usize,
    /// The line its answer starts on (0 when the source cannot say): notes about the answer
    /// point into it.
    pub answer_line: usize,
    /// The file it comes from, inside a folder that is imported whole.
    pub file: Option<String>,
    /// The name the source gave it (a content folder's file name): kept, so that its address
    /// stays what it was.
    pub slug: Option<String>,
    /// The names the source links it by (`#anchor`).
    pub anchors: Vec<String>,
    /// Anchors of headings inside the answer, with the id the entry's page gives them.
    pub answer_anchors: Vec<(String, String)>,
}

/// A section of a source: a category, under its parent section if it has one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Section {
    pub title: String,
    pub anchors: Vec<String>,
    pub parent: Option<usize>,
    pub line: usize,
    /// Its introduction, as Markdown.
    pub description: String,
    /// Questions below it, its subsections' included.
    pub questions: usize,
    /// The folder name the source gave it, kept so that its address stays what it was.
    pub slug: Option<String>,
}

/// What was read from one source.
#[derive(Debug, Default)]
pub struct Document {
    pub source: PathBuf,
    /// Its title: the category the questions go into.
    pub title: Option<String>,
    pub title_anchors: Vec<String>,
    pub intro: String,
    /// The heading level read as questions (Markdown only).
    pub question_level: Option<u8>,
    pub sections: Vec<Section>,
    pub entries: Vec<Imported>,
    /// What was dropped or changed, and why: `(line, message)`.
    pub notes: Vec<(usize, String)>,
    /// The language of a translation (a content folder's `renew.fr.md`, or its `fr/`
    /// folder); `None` for the site's own.
    pub language: Option<String>,
    /// The same questions in other languages, each entry matched to its original by
    /// [`Imported::file`]: written beside the originals as `renew.fr.md`.
    pub translations: Vec<Document>,
}

impl Document {
    fn new(source: &Path) -> Self {
        Self {
            source: source.to_path_buf(),
            ..Self::default()
        }
    }

    fn note(&mut self, line: usize, message: impl Into<String>) {
        self.notes.push((line, message.into()));
    }

    /// The section named `title` at the top level, made if it is not there yet.
    fn section_named(&mut self, title: &str, line: usize) -> usize {
        match self
            .sections
            .iter()
            .position(|s| s.title == title && s.parent.is_none())
        {
            Some(i) => i,
            None => {
                self.sections.push(Section {
                    title: title.to_string(),
                    line,
                    ..Section::default()
                });
                self.sections.len() - 1
            }
        }
    }
}

/// How to read and where to write.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// A folder under `content/`, e.g. `content/imported`.
    pub into: String,
    /// Replace entries that exist.
    pub force: bool,
    /// Where the sources are published: relative links become absolute against it.
    pub source_url: Option<url::Url>,
    /// The heading level that holds the questions in Markdown (1–6), instead of the guess.
    pub question_level: Option<u8>,
}

/// The question level of a Markdown document that has nothing to read as questions.
pub(crate) const HEADINGLESS: u8 = 0;

/// A document that cannot be read as an FAQ: where, and why.
pub(crate) fn malformed(path: &Path, line: usize, message: impl Into<String>) -> Error {
    Error::Import {
        path: path.to_path_buf(),
        line,
        message: message.into(),
    }
}

/// Reads the questions of `path` (a file, or a Zola or Hugo content folder), choosing the
/// format by its extension.
pub fn read(path: &Path, options: &Options) -> Result<Document, Error> {
    if path.is_dir() {
        return folder::read(path);
    }
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let document = if extension == "csv" {
        csv_file::read(path, &bytes)?
    } else {
        let text = utf8(path, bytes)?;
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
        match extension.as_str() {
            "md" | "markdown" | "mdown" => {
                // A page that declares its questions as schema.org FAQPage (microdata or
                // JSON-LD) says which of its headings are questions: none of them.
                let declared = (text.contains("schema.org/Question")
                    || text.contains("\"FAQPage\""))
                    && options.question_level.is_none();
                match declared
                    .then(|| html::read(path, text))
                    .and_then(Result::ok)
                {
                    Some(mut document) => {
                        markdown::read_front_matter(text, &mut document);
                        document.note(
                            1,
                            format!(
                                "read the page's schema.org FAQPage ({} questions), not its headings; --question-level N reads headings instead",
                                document.entries.len()
                            ),
                        );
                        document
                    }
                    None => markdown::read(path, text, options.question_level),
                }
            }
            "html" | "htm" => html::read(path, text)?,
            "yml" | "yaml" | "json" | "toml" => data_file::read(path, text, &extension)?,
            _ => text::read(path, text)?,
        }
    };
    if document.entries.is_empty() {
        let mut message = "no questions found".to_string();
        if document.question_level == Some(HEADINGLESS) {
            message.push_str(" (it has no headings, no paragraphs in bold and no definition lists to read as questions)");
        } else if let Some(level) = document.question_level {
            message.push_str(&format!(
                " (read the level-{level} headings as questions; --question-level N picks another level)"
            ));
        }
        return Err(malformed(path, 1, message));
    }
    Ok(document)
}

pub(crate) fn utf8(path: &Path, bytes: Vec<u8>) -> Result<String, Error> {
    String::from_utf8(bytes).map_err(|e| {
        let line = e.as_bytes()[..e.utf8_error().valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        malformed(path, line, "not valid UTF-8: save the file as UTF-8")
    })
}

/// One file an import writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    /// Relative to the site's folder.
    pub path: PathBuf,
    pub text: String,
    /// A category's `_index.md` (kept if it exists, even with `--force`).
    pub is_category: bool,
}

/// Every file of an import, and what it noticed on the way.
#[derive(Debug, Default)]
pub struct Plan {
    pub files: Vec<Planned>,
    /// `source:line: message`, in source order.
    pub notes: Vec<String>,
    /// What each source held.
    pub sources: Vec<SourceSummary>,
}

/// The counts of one source, for the import's summary.
#[derive(Debug, Default)]
pub struct SourceSummary {
    pub path: PathBuf,
    pub questions: usize,
    /// Of them, drafts (kept as drafts).
    pub drafts: usize,
    /// Sections in the source, and those skipped for having no question.
    pub sections: usize,
    pub skipped_sections: usize,
}

/// Places the documents' questions and sections under `options.into` and writes their text.
pub fn plan(documents: &[Document], options: &Options) -> Result<Plan, Error> {
    let into = checked_into(&options.into)?;
    let under_content = into
        .strip_prefix(crate::load::CONTENT_DIR)
        .unwrap_or_default()
        .trim_start_matches('/');
    let mut plan = Plan::default();
    let mut names = crate::slug::UniqueNames::default();
    let mut titled_into = false;
    for document in documents {
        let (folders, paths) = places(document, into, &mut names);
        let targets = link_targets(document, &paths);
        let source = document.source.display().to_string();
        let mut notes: Vec<(usize, String)> = document.notes.clone();
        // About answers: (the file inside the source folder, line, message).
        let mut answer_notes: Vec<(Option<&str>, usize, String)> = Vec::new();

        if let Some(title) = &document.title {
            if under_content.is_empty() || titled_into {
                notes.push((1, format!("title “{title}”: not written (the folder it would name is content/ itself, or is named by an earlier source)")));
            } else {
                titled_into = true;
                plan.files.push(Planned {
                    path: PathBuf::from(format!("{into}/{}", crate::load::CATEGORY_INDEX)),
                    text: category_file(
                        title,
                        &description(title, &document.intro, 1, &mut notes),
                        0,
                    ),
                    is_category: true,
                });
            }
        }
        if !document.intro.trim().is_empty() && document.title.is_none() {
            notes.push((
                1,
                "the text before the first heading is not imported (no title to describe)"
                    .to_string(),
            ));
        }
        let mut section_weight = 0;
        for (section, folder) in document.sections.iter().zip(&folders) {
            if section.questions == 0 {
                continue;
            }
            section_weight += 1;
            plan.files.push(Planned {
                path: PathBuf::from(format!("{folder}/{}", crate::load::CATEGORY_INDEX)),
                text: category_file(
                    &section.title,
                    &description(
                        &section.title,
                        &section.description,
                        section.line,
                        &mut notes,
                    ),
                    section_weight,
                ),
                is_category: true,
            });
        }
        let mut weights: HashMap<Option<usize>, i64> = HashMap::new();
        for (entry, path) in document.entries.iter().zip(&paths) {
            let weight = weights.entry(entry.section).or_insert(0);
            *weight += 1;
            let (answer, callouts) = containers::rewrite(&entry.answer);
            if callouts > 0 {
                answer_notes.push((
                    entry.file.as_deref(),
                    entry.line,
                    format!(
                        "“{}”: {callouts} callout{} (`::: tip`, `> [!NOTE]`) written as quotes",
                        entry.question,
                        if callouts == 1 { "" } else { "s" }
                    ),
                ));
            }
            let rewritten = links::rewrite(&answer, &targets, options.source_url.as_ref());
            for (offset, note) in rewritten.notes {
                // Lines are counted from the answer's first line, when the source knows it.
                // (An offset past a removed "back to top" paragraph may fall inside a
                // character here: the line is then the answer's first.)
                let line = match entry.answer_line {
                    0 => entry.line,
                    first => first + answer.get(..offset).map_or(0, |s| s.matches('\n').count()),
                };
                answer_notes.push((
                    entry.file.as_deref(),
                    line,
                    format!("“{}”: {note}", entry.question),
                ));
            }
            plan.files.push(Planned {
                path: PathBuf::from(path),
                text: entry_file(entry, &rewritten.text, entry.weight.unwrap_or(*weight)),
                is_category: false,
            });
        }
        answer_notes.extend(notes.into_iter().map(|(line, note)| (None, line, note)));
        let mut notes = answer_notes;
        notes.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        plan.notes
            .extend(notes.into_iter().map(|(file, line, note)| match file {
                Some(file) => format!("{source}/{file}:{line}: {note}"),
                None => format!("{source}:{line}: {note}"),
            }));
        plan.sources
            .push(summary_of(document, document.source.clone()));
        for translation in &document.translations {
            plan_translation(
                &mut plan,
                document,
                translation,
                (&folders, &paths),
                into,
                &mut names,
                options,
            );
        }
    }
    Ok(plan)
}

/// The counts of `document`, read from `path`.
fn summary_of(document: &Document, path: PathBuf) -> SourceSummary {
    SourceSummary {
        path,
        questions: document.entries.len(),
        drafts: document.entries.iter().filter(|e| e.draft).count(),
        sections: document.sections.len(),
        skipped_sections: document
            .sections
            .iter()
            .filter(|s| s.questions == 0)
            .count(),
    }
}

/// Places `translation`, a translation of `original` (whose sections' folders and entries'
/// paths are `placed`), beside it: `renew.fr.md` beside `renew.md`, `_index.fr.md` beside
/// `_index.md`. A question without an original goes where the original's would.
fn plan_translation(
    plan: &mut Plan,
    original: &Document,
    translation: &Document,
    (folders, paths): (&[String], &[String]),
    into: &str,
    names: &mut crate::slug::UniqueNames,
    options: &Options,
) {
    let language = translation.language.as_deref().unwrap_or_default();
    let suffixed = |path: &str| format!("{}.{language}.md", path.trim_end_matches(".md"));
    // Sections and entries are the original's when they have the same folder or file.
    let folder_of = |document: &Document, s: usize| section_path(document, s);
    let mut notes = translation.notes.clone();
    let section_folder: Vec<String> = (0..translation.sections.len())
        .map(|s| {
            let key = folder_of(translation, s);
            let same = (0..original.sections.len()).find(|&o| folder_of(original, o) == key);
            if same.is_none() && translation.sections[s].questions > 0 {
                let title = &translation.sections[s].title;
                notes.push((
                    translation.sections[s].line,
                    format!(
                        "section “{title}” ({key}) has no original: its questions go in {into}"
                    ),
                ));
            }
            same.map_or_else(|| into.to_string(), |o| folders[o].clone())
        })
        .collect();
    let t_paths: Vec<String> = translation
        .entries
        .iter()
        .map(|entry| {
            let same = original
                .entries
                .iter()
                .position(|o| o.file.is_some() && o.file == entry.file);
            match same {
                Some(o) => paths[o].clone(),
                None => {
                    notes.push((
                        entry.line,
                        format!(
                            "“{}” has no original: written as a translation alone",
                            entry.question
                        ),
                    ));
                    let folder = entry.section.map_or(into, |s| section_folder[s].as_str());
                    let slug =
                        crate::slug::slugify(entry.slug.as_deref().unwrap_or(&entry.question));
                    let base = match crate::slug::shorten(&slug, crate::slug::MAX_MADE_BYTES) {
                        "" => "question",
                        short => short,
                    };
                    format!("{}.md", names.claim(&format!("{folder}/{base}"), 2))
                }
            }
        })
        .collect();
    for (s, section) in translation.sections.iter().enumerate() {
        if section.questions == 0 || section_folder[s] == into {
            continue;
        }
        let description = description(
            &section.title,
            &section.description,
            section.line,
            &mut notes,
        );
        plan.files.push(Planned {
            path: PathBuf::from(format!("{}/_index.{language}.md", section_folder[s])),
            text: category_file(&section.title, &description, 0),
            is_category: true,
        });
    }
    // Links between questions lead to the originals' files, which the translation's site
    // resolves to its own translations.
    let targets = link_targets(translation, &t_paths);
    for (i, (entry, path)) in translation.entries.iter().zip(&t_paths).enumerate() {
        let (answer, _) = containers::rewrite(&entry.answer);
        let rewritten = links::rewrite(&answer, &targets, options.source_url.as_ref());
        let weight = entry.weight.unwrap_or(i as i64 + 1);
        plan.files.push(Planned {
            path: PathBuf::from(suffixed(path)),
            text: entry_file(entry, &rewritten.text, weight),
            is_category: false,
        });
    }
    let source = translation.source.display().to_string();
    plan.notes.extend(
        notes
            .into_iter()
            .map(|(line, note)| format!("{source}:{line}: {note}")),
    );
    plan.sources
        .push(summary_of(translation, translation.source.clone()));
}

/// The folder a section was read from, relative to its source: `loans/renewals`.
fn section_path(document: &Document, section: usize) -> String {
    let mut parts = Vec::new();
    let mut s = Some(section);
    while let Some(i) = s {
        let section = &document.sections[i];
        parts.push(
            section
                .slug
                .clone()
                .unwrap_or_else(|| section.title.clone()),
        );
        s = section.parent;
    }
    parts.reverse();
    parts.join("/")
}

/// Where each section (a folder) and each entry (a file) of `document` goes under `into`,
/// relative to the site's folder; names stay unique across every source of the import.
fn places(
    document: &Document,
    into: &str,
    names: &mut crate::slug::UniqueNames,
) -> (Vec<String>, Vec<String>) {
    // Each section's folder, relative to the site's folder.
    let mut folders: Vec<String> = Vec::with_capacity(document.sections.len());
    for (i, section) in document.sections.iter().enumerate() {
        let parent = section
            .parent
            .map_or(into.to_string(), |p| folders[p].clone());
        let slug = match crate::slug::slugify(section.slug.as_deref().unwrap_or(&section.title)) {
            s if s.is_empty() => format!("section-{}", i + 1),
            s => crate::slug::shorten(&s, crate::slug::MAX_MADE_BYTES).to_string(),
        };
        folders.push(names.claim(&format!("{parent}/{slug}"), 2));
    }
    let mut paths: Vec<String> = Vec::with_capacity(document.entries.len());
    for entry in &document.entries {
        let folder = entry
            .section
            .map_or(into.to_string(), |s| folders[s].clone());
        let slug = crate::slug::slugify(entry.slug.as_deref().unwrap_or(&entry.question));
        let base = match crate::slug::shorten(&slug, crate::slug::MAX_MADE_BYTES) {
            "" => "question",
            short => short,
        };
        paths.push(format!(
            "{}.md",
            names.claim(&format!("{folder}/{base}"), 2)
        ));
    }
    (folders, paths)
}

/// What each `#anchor` of `document` names on the new site, given its entries' `paths`.
fn link_targets<'a>(document: &'a Document, paths: &[String]) -> HashMap<&'a str, links::Target> {
    let content_path = |path: &str| {
        path.strip_prefix(crate::load::CONTENT_DIR)
            .unwrap_or(path)
            .trim_start_matches('/')
            .to_string()
    };
    let mut targets: HashMap<&str, links::Target> = HashMap::new();
    for anchor in &document.title_anchors {
        targets.insert(anchor, links::Target::NotAQuestion("the document's title"));
    }
    for section in &document.sections {
        for anchor in &section.anchors {
            targets.insert(anchor, links::Target::NotAQuestion("a section"));
        }
    }
    for (entry, path) in document.entries.iter().zip(paths) {
        for (anchor, id) in &entry.answer_anchors {
            targets.insert(
                anchor,
                links::Target::Entry(format!("@/{}#{id}", content_path(path))),
            );
        }
    }
    for (entry, path) in document.entries.iter().zip(paths) {
        for anchor in &entry.anchors {
            targets.insert(
                anchor,
                links::Target::Entry(format!("@/{}", content_path(path))),
            );
        }
    }
    targets
}

/// `into`, checked to be a folder under `content/`.
fn checked_into(into: &str) -> Result<&str, Error> {
    let into = into.trim_end_matches('/');
    let inside = Path::new(into)
        .strip_prefix(crate::load::CONTENT_DIR)
        .is_ok()
        && !into.split('/').any(|p| p == ".." || p == ".");
    if inside {
        Ok(into)
    } else {
        Err(Error::Option(format!(
            "--into {into}: give a folder under content/, e.g. content/imported"
        )))
    }
}

/// The first paragraph of a section's introduction, as one line of plain text: what a
/// category's description holds. What follows it is noted, not lost without a word.
fn description(
    title: &str,
    markdown: &str,
    line: usize,
    notes: &mut Vec<(usize, String)>,
) -> String {
    let mut paragraphs = markdown
        .trim()
        .split("\n\n")
        .filter(|p| !p.trim().is_empty());
    let first = paragraphs.next().unwrap_or_default();
    let rest = paragraphs.count();
    if rest > 0 {
        notes.push((
            line,
            format!("“{title}”: the first paragraph of its introduction is the category's description; the {rest} after it {} not imported", if rest == 1 { "is" } else { "are" }),
        ));
    }
    plain_text(first)
}

/// Markdown as one line of plain text: links, emphasis and code marks taken off (a reference
/// link whose definition is elsewhere keeps its text too).
fn plain_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let mut keep_text = |_: pulldown_cmark::BrokenLink<'_>| Some(("".into(), "".into()));
    let mut text = String::new();
    for event in Parser::new_with_broken_link_callback(
        markdown,
        crate::parse::markdown::options(),
        Some(&mut keep_text),
    ) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What an import wrote and what it left alone.
#[derive(Debug, Default)]
pub struct Report {
    /// Written, or in a dry run, to be written.
    pub written: Vec<PathBuf>,
    /// Entries that exist already, kept (`--force` replaces them).
    pub skipped: Vec<PathBuf>,
    /// Categories' `_index.md` that exist already: kept, even with `--force`.
    pub kept_categories: Vec<PathBuf>,
}

/// Writes the plan's files under `root`; never outside `content/`, never over a file unless
/// `force` (and never over a category's `_index.md`). A `dry_run` checks the same and says
/// what it would write, writing nothing.
pub fn write(root: &Path, plan: &Plan, force: bool, dry_run: bool) -> Result<Report, Error> {
    if !root.join(crate::config::FILE_NAME).is_file() {
        return Err(Error::NotASite {
            root: root.to_path_buf(),
            missing: crate::config::FILE_NAME,
        });
    }
    // Resolved for real: a symbolic link under content/ must not lead the files elsewhere.
    let resolve = |path: &Path| {
        crate::write::guard::resolve(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })
    };
    let content = resolve(&root.join(crate::load::CONTENT_DIR))?;
    let outside = |path: &Path| {
        Error::Refused(format!(
            "{} is outside the site's content/ (through a symbolic link); nothing was written there",
            path.display()
        ))
    };
    let mut report = Report::default();
    for file in &plan.files {
        let full = root.join(&file.path);
        if let Some(parent) = file.path.parent() {
            let parent_full = root.join(parent);
            if !resolve(&parent_full)?.starts_with(&content) {
                return Err(outside(parent));
            }
        }
        // A link in place of the file would carry the write to where it points.
        if std::fs::symlink_metadata(&full).is_ok_and(|m| m.is_symlink()) {
            return Err(outside(&file.path));
        }
        if full.exists() && file.is_category {
            report.kept_categories.push(file.path.clone());
            continue;
        }
        if full.exists() && !force {
            report.skipped.push(file.path.clone());
            continue;
        }
        if !dry_run {
            crate::scaffold::write_new(&full, &file.text, true)?;
        }
        report.written.push(file.path.clone());
    }
    Ok(report)
}

/// `text` with its first letter in upper case (`tip` → `Tip`).
pub(crate) fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

/// A JSON string is a valid YAML string: any question or title is safe in front matter.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

fn category_file(title: &str, description: &str, weight: i64) -> String {
    let mut text = format!("---\ntitle: {}\n", quoted(title));
    if !description.is_empty() {
        text.push_str(&format!("description: {}\n", quoted(description)));
    }
    if weight > 0 {
        text.push_str(&format!("weight: {weight}\n"));
    }
    text.push_str("---\n");
    text
}

/// The text of an entry file.
fn entry_file(entry: &Imported, answer: &str, weight: i64) -> String {
    let mut text = format!("---\nquestion: {}\n", quoted(&entry.question));
    if !entry.tags.is_empty() {
        let tags: Vec<String> = entry.tags.iter().map(|t| quoted(t)).collect();
        text.push_str(&format!("tags: [{}]\n", tags.join(", ")));
    }
    if let Some(updated) = &entry.updated {
        text.push_str(&format!("updated: {updated}\n"));
    }
    if !entry.moved_from.is_empty() {
        let old: Vec<String> = entry.moved_from.iter().map(|a| quoted(a)).collect();
        text.push_str(&format!("moved_from: [{}]\n", old.join(", ")));
    }
    text.push_str(&format!("weight: {weight}\n"));
    if entry.draft {
        text.push_str("draft: true\n");
    }
    text.push_str("---\n");
    text.push_str(answer.trim_end());
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 384, ..ProptestConfig::default() })]

        /// Whatever a document holds, reading and planning it never panics.
        #[test]
        fn any_document_is_read_and_planned_without_panic(
            text in "(#{1,4} |\\*\\*|`{1,3}|<h3 name=\"x\">|</h3>|<a name=\"y\"></a>|\\[[a-z ]*\\]\\(#?[a-z/.]*\\)|\\[x\\]: /a|\\{:toc\\}|::: tip|:::|---|: |> \\[!NOTE\\]|<style>|</style>|[a-zé? ]{0,12}|\n|\n\n){0,60}",
            level in proptest::option::of(1u8..=6),
        ) {
            let document = markdown::read(Path::new("f.md"), &text, level);
            let options = Options {
                into: "content/x".into(),
                source_url: url::Url::parse("https://github.com/o/r/blob/main/").ok(),
                ..Options::default()
            };
            let plan = plan(std::slice::from_ref(&document), &options);
            prop_assert!(plan.is_ok());
        }
    }

    #[test]
    fn entry_files_quote_what_yaml_would_misread() {
        let entry = Imported {
            question: "Is \"a: b\" ok?".into(),
            tags: vec!["x, y".into()],
            ..Imported::default()
        };
        assert_eq!(
            entry_file(&entry, "Yes.\n", 3),
            "---\nquestion: \"Is \\\"a: b\\\" ok?\"\ntags: [\"x, y\"]\nweight: 3\n---\nYes.\n"
        );
    }
}
