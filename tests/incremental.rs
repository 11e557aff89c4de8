//! The incremental engine equals a clean build, byte for byte: random sequences of edits
//! (answers, questions, tags, related entries, slugs; entries and folders added, renamed and
//! deleted; YAML broken and fixed; settings and templates changed) are applied to a site on
//! disk, the engine is told what the watcher would tell it, and after every step its output
//! and its diagnostics are compared with those of an engine that builds from nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use faqgen::engine::{Changes, Engine};
use faqgen::render::OnDemand;
use faqgen::{BuildError, BuildOptions};
use proptest::prelude::*;

/// One change to the site, as a person makes it. Indexes pick among what exists at the time
/// (modulo its number), so that every sequence means something and shrinks well.
#[derive(Debug, Clone)]
enum Edit {
    Answer(usize, usize),
    Question(usize, usize),
    Tags(usize, Vec<usize>),
    Related(usize, usize),
    Slug(usize, Option<usize>),
    Weight(usize, i8),
    Updated(usize, Option<u8>),
    LinkTo(usize, usize),
    Add(usize, usize),
    Rename(usize, usize),
    Delete(usize),
    BreakYaml(usize),
    AddFolder(usize),
    RenameFolder(usize, usize),
    DeleteFolder(usize),
    CategoryTitle(usize, usize),
    Config(usize),
    Template(usize),
}

const WORDS: &[&str] = &[
    "spasm",
    "stretch",
    "heat",
    "ice",
    "rest",
    "doctor",
    "posture",
    "sleep",
    "pillow",
    "water",
    "magnesium",
    "massage",
    "desk",
    "chair",
    "shoulder",
    "blade",
    "neck",
    "walk",
];
const TAGS: &[&str] = &["self-care", "Sleep", "desk work", "pain", "Self care"];
const FOLDERS: &[&str] = &["causes", "relief", "when-to-worry", "relief/at-night", "zz"];

fn edit() -> impl Strategy<Value = Edit> {
    let i = 0..64usize;
    prop_oneof![
        4 => (i.clone(), i.clone()).prop_map(|(a, b)| Edit::Answer(a, b)),
        3 => (i.clone(), i.clone()).prop_map(|(a, b)| Edit::Question(a, b)),
        3 => (i.clone(), proptest::collection::vec(0..TAGS.len(), 0..3))
            .prop_map(|(a, t)| Edit::Tags(a, t)),
        2 => (i.clone(), i.clone()).prop_map(|(a, b)| Edit::Related(a, b)),
        2 => (i.clone(), proptest::option::of(0..4usize)).prop_map(|(a, s)| Edit::Slug(a, s)),
        1 => (i.clone(), -2..3i8).prop_map(|(a, w)| Edit::Weight(a, w)),
        2 => (i.clone(), proptest::option::of(1..29u8)).prop_map(|(a, d)| Edit::Updated(a, d)),
        2 => (i.clone(), i.clone()).prop_map(|(a, b)| Edit::LinkTo(a, b)),
        3 => (i.clone(), i.clone()).prop_map(|(a, b)| Edit::Add(a, b)),
        2 => (i.clone(), i.clone()).prop_map(|(a, b)| Edit::Rename(a, b)),
        2 => i.clone().prop_map(Edit::Delete),
        2 => i.clone().prop_map(Edit::BreakYaml),
        1 => i.clone().prop_map(Edit::AddFolder),
        1 => (i.clone(), i.clone()).prop_map(|(a, b)| Edit::RenameFolder(a, b)),
        1 => i.clone().prop_map(Edit::DeleteFolder),
        1 => (i.clone(), i.clone()).prop_map(|(a, b)| Edit::CategoryTitle(a, b)),
        1 => i.clone().prop_map(Edit::Config),
        1 => i.prop_map(Edit::Template),
    ]
}

/// The site on disk, and the paths the last edit touched.
struct Site {
    root: PathBuf,
    _dir: tempfile::TempDir,
    touched: Vec<PathBuf>,
    made: usize,
}

impl Site {
    fn new() -> Site {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let mut site = Site {
            root,
            _dir: dir,
            touched: Vec::new(),
            made: 0,
        };
        site.write(
            "faqgen.toml",
            "title = \"Test FAQ\"\nbase_url = \"https://example.org/faq/\"\nrelated_count = 3\nhome_questions = 2\npage_size = 2\n",
        );
        for folder in &FOLDERS[..3] {
            std::fs::create_dir_all(site.root.join("content").join(folder)).unwrap();
        }
        // Each entry links to the next and names the one after as related, so that most
        // edits change what other entries show.
        let source = |n: usize| format!("{}/q{n}.md", FOLDERS[n % 3]);
        for n in 0..9 {
            let (next, after) = (source((n + 1) % 9), source((n + 2) % 9));
            site.write_entry(&source(n), n, &[n % 5], Some(&after), Some(&next));
        }
        site.touched.clear();
        site
    }

    fn write(&mut self, relative: &str, text: &str) {
        let path = self.root.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        self.touched.push(path);
    }

    fn remove(&mut self, relative: &str) {
        let path = self.root.join(relative);
        let _ = std::fs::remove_file(&path);
        self.touched.push(path);
    }

    fn write_entry(
        &mut self,
        source: &str,
        n: usize,
        tags: &[usize],
        related: Option<&str>,
        link: Option<&str>,
    ) {
        let tags: Vec<String> = tags.iter().map(|&t| format!("\"{}\"", TAGS[t])).collect();
        let mut text = format!(
            "---\nquestion: \"How does {} help with {}?\"\ntags: [{}]\n",
            WORDS[n % WORDS.len()],
            WORDS[(n * 7 + 3) % WORDS.len()],
            tags.join(", ")
        );
        if let Some(related) = related {
            text.push_str(&format!("related: [\"{related}\"]\n"));
        }
        if !n.is_multiple_of(3) {
            text.push_str(&format!("updated: 2026-01-{:02}\n", n % 28 + 1));
        }
        text.push_str("---\n");
        text.push_str(&answer(n));
        if let Some(link) = link {
            text.push_str(&format!("\nSee also [this answer](@/{link}).\n"));
        }
        self.write(&format!("content/{source}"), &text);
    }

    /// Every entry file, by source path under `content/`, sorted.
    fn entries(&self) -> Vec<String> {
        self.files_under("content")
            .into_iter()
            .filter(|s| s.ends_with(".md") && !s.ends_with("_index.md"))
            .collect()
    }

    fn folders(&self) -> Vec<String> {
        let content = self.root.join("content");
        let mut folders: Vec<String> = walkdir::WalkDir::new(&content)
            .min_depth(1)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_dir())
            .map(|e| slash(e.path().strip_prefix(&content).unwrap()))
            .collect();
        folders.sort();
        folders
    }

    fn files_under(&self, dir: &str) -> Vec<String> {
        let base = self.root.join(dir);
        let mut files: Vec<String> = walkdir::WalkDir::new(&base)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| slash(e.path().strip_prefix(&base).unwrap()))
            .collect();
        files.sort();
        files
    }

    fn read(&self, source: &str) -> String {
        std::fs::read_to_string(self.root.join("content").join(source)).unwrap_or_default()
    }

    /// Replaces the front-matter line starting with `key:` (or adds it), keeping the rest.
    fn set_key(&mut self, source: &str, key: &str, value: Option<String>) {
        let text = self.read(source);
        let Some(rest) = text.strip_prefix("---\n") else {
            return;
        };
        let Some((front, body)) = rest.split_once("\n---\n") else {
            return;
        };
        let mut lines: Vec<String> = front
            .lines()
            .filter(|l| !l.starts_with(&format!("{key}:")))
            .map(String::from)
            .collect();
        if let Some(value) = value {
            lines.push(format!("{key}: {value}"));
        }
        let text = format!("---\n{}\n---\n{body}", lines.join("\n"));
        self.write(&format!("content/{source}"), &text);
    }

    fn apply(&mut self, edit: &Edit) {
        self.touched.clear();
        let entries = self.entries();
        let pick = |i: usize| (!entries.is_empty()).then(|| entries[i % entries.len()].clone());
        match edit {
            Edit::Answer(i, n) => {
                if let Some(source) = pick(*i) {
                    let text = self.read(&source);
                    if let Some((front, _)) = text.rsplit_once("\n---\n") {
                        let text = format!("{front}\n---\n{}", answer(*n));
                        self.write(&format!("content/{source}"), &text);
                    }
                }
            }
            Edit::Question(i, n) => {
                if let Some(source) = pick(*i) {
                    let question = format!("\"Is {} good for {n}?\"", WORDS[n % WORDS.len()]);
                    self.set_key(&source, "question", Some(question));
                }
            }
            Edit::Tags(i, tags) => {
                if let Some(source) = pick(*i) {
                    let tags: Vec<String> =
                        tags.iter().map(|&t| format!("\"{}\"", TAGS[t])).collect();
                    self.set_key(&source, "tags", Some(format!("[{}]", tags.join(", "))));
                }
            }
            Edit::Related(i, j) => {
                if let (Some(source), Some(target)) = (pick(*i), pick(*j)) {
                    self.set_key(&source, "related", Some(format!("[\"{target}\"]")));
                }
            }
            Edit::Slug(i, slug) => {
                if let Some(source) = pick(*i) {
                    self.set_key(&source, "slug", slug.map(|s| format!("custom-{s}")));
                }
            }
            Edit::Weight(i, weight) => {
                if let Some(source) = pick(*i) {
                    self.set_key(&source, "weight", Some(weight.to_string()));
                }
            }
            Edit::Updated(i, day) => {
                if let Some(source) = pick(*i) {
                    self.set_key(&source, "updated", day.map(|d| format!("2026-02-{d:02}")));
                }
            }
            Edit::LinkTo(i, j) => {
                if let (Some(source), Some(target)) = (pick(*i), pick(*j)) {
                    let text = self.read(&source);
                    // Sometimes to the target's heading, which an edit of its answer may remove.
                    let heading = self.read(&target).lines().find_map(|l| {
                        l.strip_prefix("## ")
                            .map(|h| h.to_lowercase().replace(' ', "-"))
                    });
                    let fragment = match heading {
                        Some(id) if j % 2 == 1 => format!("#{id}"),
                        _ => String::new(),
                    };
                    let text = format!("{text}\nMore in [another answer](@/{target}{fragment}).\n");
                    self.write(&format!("content/{source}"), &text);
                }
            }
            Edit::Add(folder, n) => {
                let folders = self.folders();
                let folder = if folders.is_empty() || folder % 4 == 0 {
                    String::new()
                } else {
                    format!("{}/", folders[folder % folders.len()])
                };
                self.made += 1;
                let source = format!("{folder}new-{}.md", self.made);
                let link = pick(*n);
                self.write_entry(&source, *n, &[n % TAGS.len()], None, link.as_deref());
            }
            Edit::Rename(i, n) => {
                if let Some(source) = pick(*i) {
                    let folder = source.rsplit_once('/').map_or("", |(f, _)| f);
                    let target = if folder.is_empty() {
                        format!("renamed-{n}.md")
                    } else {
                        format!("{folder}/renamed-{n}.md")
                    };
                    let from = self.root.join("content").join(&source);
                    let to = self.root.join("content").join(&target);
                    std::fs::rename(&from, &to).unwrap();
                    self.touched.extend([from, to]);
                }
            }
            Edit::Delete(i) => {
                if let Some(source) = pick(*i) {
                    self.remove(&format!("content/{source}"));
                }
            }
            Edit::BreakYaml(i) => {
                if let Some(source) = pick(*i) {
                    let text = self.read(&source);
                    // Breaks the file; a second break of the same file fixes it.
                    let text = match text.strip_prefix("---\nquestion: [unclosed\n") {
                        Some(rest) => format!("---\n{rest}"),
                        None => text.replacen("---\n", "---\nquestion: [unclosed\n", 1),
                    };
                    self.write(&format!("content/{source}"), &text);
                }
            }
            Edit::AddFolder(n) => {
                let folder = FOLDERS[n % FOLDERS.len()];
                let path = self.root.join("content").join(folder);
                std::fs::create_dir_all(&path).unwrap();
                self.touched.push(path);
                self.made += 1;
                let source = format!("{folder}/made-{}.md", self.made);
                self.write_entry(&source, *n, &[], None, None);
            }
            Edit::RenameFolder(i, n) => {
                let folders = self.folders();
                if !folders.is_empty() {
                    let folder = &folders[i % folders.len()];
                    let parent = folder.rsplit_once('/').map_or("", |(p, _)| p);
                    let target = if parent.is_empty() {
                        format!("moved-{n}")
                    } else {
                        format!("{parent}/moved-{n}")
                    };
                    let from = self.root.join("content").join(folder);
                    let to = self.root.join("content").join(&target);
                    if !to.exists() {
                        std::fs::rename(&from, &to).unwrap();
                        self.touched.extend([from, to]);
                    }
                }
            }
            Edit::DeleteFolder(i) => {
                let folders = self.folders();
                if !folders.is_empty() {
                    let path = self.root.join("content").join(&folders[i % folders.len()]);
                    std::fs::remove_dir_all(&path).unwrap();
                    self.touched.push(path);
                }
            }
            Edit::CategoryTitle(i, n) => {
                let folders = self.folders();
                if !folders.is_empty() {
                    let folder = folders[i % folders.len()].clone();
                    let text = if n % 3 == 0 {
                        "---\ntitle: [broken\n---\n".to_string()
                    } else {
                        format!("---\ntitle: \"Section {n}\"\nweight: {}\n---\n", n % 4)
                    };
                    self.write(&format!("content/{folder}/_index.md"), &text);
                }
            }
            Edit::Config(n) => {
                let text = format!(
                    "title = \"Test FAQ {n}\"\nbase_url = \"https://example.org/faq/\"\nrelated_count = {}\nhome_questions = {}\npage_size = {}\n",
                    n % 4,
                    n % 3 + 1,
                    n % 3 + 1
                );
                self.write("faqgen.toml", &text);
            }
            Edit::Template(n) => {
                if n % 2 == 0 {
                    self.remove("templates/404.html");
                } else {
                    self.write(
                        "templates/404.html",
                        &format!(
                            "<!doctype html><title>Lost {n}</title><p>{{{{ site.title }}}}</p>\n"
                        ),
                    );
                }
            }
        }
    }

    fn options(&self) -> BuildOptions {
        BuildOptions {
            root: self.root.clone(),
            output_dir: None,
            base_url: None,
            drafts: false,
            replace_output: false,
        }
    }
}

fn answer(n: usize) -> String {
    let words: Vec<&str> = (0..12)
        .map(|k| WORDS[(n * 5 + k * k) % WORDS.len()])
        .collect();
    format!(
        "{} helps.\n\n## Why {}\n\nBecause {} and {}.\n",
        words[..6].join(" "),
        words[6],
        words[7..9].join(" "),
        words[9..].join(" ")
    )
}

fn slash(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// What a build makes: every output file, or every diagnostic (as printed).
#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    Files(BTreeMap<String, String>),
    Errors(Vec<String>),
}

/// A clean build's outcome: every file rendered from nothing.
fn clean(options: BuildOptions) -> Outcome {
    let mut engine = Engine::new(options);
    match engine.update(&Changes::Everything) {
        Ok(linked) => {
            let theme = engine.theme().expect("a theme after an update");
            let output = faqgen::render::site(&linked.site, theme).expect("renders");
            let files = output
                .files
                .into_iter()
                .map(|f| (f.path, String::from_utf8_lossy(&f.contents).into_owned()))
                .collect();
            files_and_warnings(files, &linked.warnings)
        }
        Err(error) => errors(&error),
    }
}

/// The outcome of an update of `engine`, twice: its output as `faqgen build --watch` keeps it
/// in `written` (only the files rendered again replace the last ones, and those gone are
/// removed), and as `faqgen serve` makes it (each file rendered when it is asked for).
fn incremental(
    engine: &mut Engine,
    changes: &Changes,
    written: &mut BTreeMap<String, String>,
) -> (Outcome, Outcome) {
    match engine.update(changes) {
        Ok(linked) => {
            let changed = std::sync::Mutex::new(Vec::new());
            let removed = engine
                .render(&|file| {
                    changed.lock().unwrap().push(file);
                    Ok(())
                })
                .expect("renders");
            for path in removed {
                written.remove(&path);
            }
            for file in changed.into_inner().unwrap() {
                written.insert(
                    file.path,
                    String::from_utf8_lossy(&file.contents).into_owned(),
                );
            }
            let theme = engine.theme().expect("a theme after an update");
            let pages = OnDemand::new(Arc::clone(&linked.site), Arc::clone(theme));
            let served = pages
                .all_paths()
                .map(|path| {
                    let file = pages.file(path).expect("listed").expect("renders");
                    (
                        file.path,
                        String::from_utf8_lossy(&file.contents).into_owned(),
                    )
                })
                .collect();
            (
                files_and_warnings(written.clone(), &linked.warnings),
                files_and_warnings(served, &linked.warnings),
            )
        }
        Err(error) => (errors(&error), errors(&error)),
    }
}

fn files_and_warnings(
    mut files: BTreeMap<String, String>,
    warnings: &[faqgen::Diagnostic],
) -> Outcome {
    let warnings: Vec<String> = warnings.iter().map(|d| d.to_string()).collect();
    files.insert("(warnings)".into(), warnings.join("\n"));
    Outcome::Files(files)
}

fn errors(error: &BuildError) -> Outcome {
    match error {
        BuildError::Content(diagnostics) => {
            Outcome::Errors(diagnostics.iter().map(|d| d.to_string()).collect())
        }
        BuildError::Environment(error) => Outcome::Errors(vec![error.to_string()]),
    }
}

fn first_difference(incremental: &Outcome, clean: &Outcome) -> String {
    match (incremental, clean) {
        (Outcome::Files(a), Outcome::Files(b)) => {
            for (path, text) in b {
                match a.get(path) {
                    None => return format!("{path} is missing"),
                    Some(other) if other != text => {
                        let at = other
                            .chars()
                            .zip(text.chars())
                            .take_while(|(x, y)| x == y)
                            .count();
                        let around = |s: &str| {
                            s.chars()
                                .skip(at.saturating_sub(80))
                                .take(200)
                                .collect::<String>()
                        };
                        return format!(
                            "{path} differs at char {at}:\nincremental: {}\nclean:       {}",
                            around(other),
                            around(text)
                        );
                    }
                    Some(_) => {}
                }
            }
            let extra: Vec<&String> = a.keys().filter(|p| !b.contains_key(*p)).collect();
            format!("files only in the incremental output: {extra:?}")
        }
        _ => format!(
            "incremental: {}\nclean: {}",
            summary(incremental),
            summary(clean)
        ),
    }
}

fn summary(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Files(files) => format!("{} files", files.len()),
        Outcome::Errors(errors) => format!("errors: {errors:#?}"),
    }
}

proptest! {
    // A fixed seed, so that a run in CI is the run that passed here; INCREMENTAL_SEED picks
    // another sequence of edits (and INCREMENTAL_CASES how many), to look for more.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("INCREMENTAL_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(64),
        rng_seed: proptest::test_runner::RngSeed::Fixed(
            std::env::var("INCREMENTAL_SEED").ok().and_then(|n| n.parse().ok()).unwrap_or(13),
        ),
        max_shrink_iters: 2000,
        ..ProptestConfig::default()
    })]

    #[test]
    fn incremental_updates_equal_a_clean_build(edits in proptest::collection::vec(edit(), 1..12)) {
        let mut site = Site::new();
        let mut engine = Engine::new(site.options());
        let mut written = BTreeMap::new();
        let (first, first_served) = incremental(&mut engine, &Changes::Everything, &mut written);
        prop_assert_eq!(&first, &clean(site.options()));
        prop_assert_eq!(&first_served, &first);
        for (step, edit) in edits.iter().enumerate() {
            site.apply(edit);
            let changes = Changes::Paths(std::mem::take(&mut site.touched));
            let (incremental, served) = incremental(&mut engine, &changes, &mut written);
            let clean = clean(site.options());
            prop_assert!(
                incremental == clean,
                "after step {} ({:?}): {}",
                step + 1,
                edit,
                first_difference(&incremental, &clean)
            );
            prop_assert!(
                served == clean,
                "after step {} ({:?}), rendered on demand: {}",
                step + 1,
                edit,
                first_difference(&served, &clean)
            );
        }
    }
}
