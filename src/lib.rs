//! faqgen turns a folder of Markdown entries, one question each, into a static FAQ site.
//!
//! The build is a chain of stages, each a module returning a new value:
//!
//! ```text
//! config  faqgen.toml            -> Config      (settings, checked; problems are Diagnostics)
//! theme   templates/ + static/   -> Theme       (the built-in theme under the site's own files)
//! load    content/ on disk       -> Sources     (the only reading of content)
//! parse   each source file       -> Entry       (front matter + Markdown, per file, in parallel)
//! link    Entries + Config       -> Site        (categories, URLs, answers' HTML, tags, related)
//! render  Site + Theme           -> OutputFile  (each page handed on as soon as it is made)
//! search  Site                   -> SearchFiles (the full-text index, beside the pages)
//! write   OutputFiles            -> public/     (staging folder + swap; the only writing)
//! ```
//!
//! The [`engine::Engine`] owns the state between runs and wires config to link in one place
//! ([`engine::Engine::update`]): a build is one update from nothing, `serve` and
//! `build --watch` update it after each change, `check` stops after linking. Before a build,
//! [`up_to_date::Record`] (the last build's inputs and output, kept in `.faqgen-cache/`) tells
//! whether there is anything to do at all.
//!
//! Content problems are [`Diagnostic`]s, collected from every stage and reported together;
//! problems of the environment are [`Error`]s.

// The stages, in pipeline order.
pub mod config;

pub mod theme;

pub mod load;

pub mod parse;

pub mod link;

pub mod render;

pub mod search;

pub mod write;

// The engine that runs them, and what the stages use.
pub mod engine;

// What the stages use, and the commands built on them.
pub mod cache;
pub mod diagnostic;
pub mod error;
pub mod external;
pub mod git_dates;
pub mod highlight;
pub mod import;
pub mod lint;
pub mod output;
pub mod paging;
pub mod reserved;
pub mod sanitize;
pub mod scaffold;
pub mod serve;
pub mod slug;
pub mod stable_hash;
pub mod strings;
pub mod up_to_date;
pub mod url;
pub mod vanished;

use std::path::PathBuf;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

pub use diagnostic::Diagnostic;
pub use error::{BuildError, Error};

/// What `faqgen build` was asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site: the folder holding `faqgen.toml` and `content/`.
    pub root: PathBuf,
    /// Where to write the site; `public/` under the root by default.
    pub output_dir: Option<PathBuf>,
    /// Replaces the config's `base_url`, for preview builds.
    pub base_url: Option<String>,
    /// Keep entries marked `draft: true`.
    pub drafts: bool,
    /// Replace the output folder even if faqgen did not write it.
    pub replace_output: bool,
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    pub entries: usize,
    pub categories: usize,
    pub pages: usize,
    pub output_dir: PathBuf,
    pub elapsed: Duration,
    /// Problems that did not stop the build.
    pub warnings: Vec<Diagnostic>,
    /// Where the full-text index came from; None without search.
    pub search_index: Option<search::IndexSource>,
    /// Nothing changed since the last build, whose output is still intact: nothing was
    /// written, and the counts and warnings are that build's.
    pub unchanged: bool,
    /// Every file written, relative to the output (none when unchanged).
    pub written: Vec<String>,
}

/// Builds the site from nothing: load → parse → link → render → write; or nothing at all when
/// the record of the last build shows that its inputs and output are unchanged.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    // A folder as the last build left it is faqgen's: whose files it holds need not be asked.
    let output = write::guard::output_place(&options.root, &requested_output(options))?;
    if let Some(record) = up_to_date::Record::matching(options, &output) {
        write::tidy(&output);
        return Ok(BuildReport {
            entries: record.entries,
            categories: record.categories,
            pages: record.pages,
            output_dir: output,
            elapsed: started.elapsed(),
            warnings: record.warnings,
            search_index: None,
            unchanged: true,
            written: Vec::new(),
        });
    }
    // Taken before anything is read: an edit made during the build then makes the record
    // stale, never the output.
    let inputs = up_to_date::Inputs::scan(options);
    let report = build_with(
        &mut engine::Engine::new(options.clone()),
        &engine::Changes::Everything,
    )?;
    if let Some(inputs) = inputs {
        let counts = (report.entries, report.categories, report.pages);
        let record = up_to_date::Record::new(
            inputs,
            &report.output_dir,
            &report.written,
            counts,
            report.warnings.clone(),
        );
        if let Some(record) = record {
            record.save(&options.root, &report.output_dir);
        }
    }
    Ok(report)
}

/// Brings `engine` up to date with `changes` and writes the whole site.
pub fn build_with(
    engine: &mut engine::Engine,
    changes: &engine::Changes,
) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let output_dir = output_dir(engine.options())?;
    let engine_root = engine.options().root.clone();
    // Blocks of code highlighted by the last build into this output are read once; a watch's
    // later builds keep them in memory.
    let highlights = cache::file(&engine_root, &output_dir, "highlight", "bin");
    if !engine.highlights().is_read() {
        engine.keep_highlights(highlight::Cache::read(&highlights));
    }
    let linked = engine.update(changes)?;
    let theme = engine
        .theme()
        .ok_or_else(|| Error::Template("no theme".into()))?;
    // Pages are written as they are rendered, into a staging folder that replaces the output
    // only once everything is written.
    let staging = write::Staging::create(&output_dir)?;
    let pages = AtomicUsize::new(0);
    let mut index = None;
    let mut stamps = Vec::new();
    // Each language of the site is a site of its own, in its folder of the output.
    for site in linked.sites() {
        let folder = site.config.output_folder();
        let write = |file: &output::OutputFile| match folder.is_empty() {
            true => staging.write(file),
            false => staging.write(&output::OutputFile {
                path: format!("{folder}{}", file.path),
                contents: file.contents.clone(),
            }),
        };
        // The search index is mostly one thread's work: it is built beside the pages.
        let (search, rendered) = rayon::join(
            || {
                site.config
                    .search
                    .then(|| {
                        let previous = search::Previous::Folder {
                            root: &engine_root,
                            output: &output_dir.join(&folder),
                        };
                        search::files(site, previous)
                    })
                    .transpose()
            },
            || {
                render::each(site, theme, &|file| {
                    if file.is_page() {
                        pages.fetch_add(1, Ordering::Relaxed);
                    }
                    write(&file)
                })
            },
        );
        rendered?;
        let search = search?;
        if let Some(search) = &search {
            use rayon::prelude::*;
            search.files.par_iter().try_for_each(write)?;
        }
        if let Some(search) = search {
            if let Some(stamp) = search.stamp {
                stamps.push((output_dir.join(&folder), stamp));
            }
            if !site.config.is_translation() {
                index = Some(search.index);
            }
        }
    }
    let site = &linked.site;
    up_to_date::Record::forget(&engine_root, &output_dir);
    let written = staging.commit()?;
    for (output, stamp) in &stamps {
        stamp.save(&engine_root, output);
    }
    engine.highlights().save(&highlights);
    Ok(BuildReport {
        entries: linked.sites().map(|s| s.entries.len()).sum(),
        categories: site.categories.iter().filter(|c| c.depth > 0).count(),
        pages: pages.into_inner(),
        search_index: index,
        output_dir,
        elapsed: started.elapsed(),
        warnings: linked.warnings,
        unchanged: false,
        written,
    })
}

/// What `faqgen check` was asked to do.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// The site, as for a build. Check writes nothing: the output folder is the last build's,
    /// whose sitemaps it compares with the site now.
    pub site: BuildOptions,
    /// Also fetch every external link, within these limits.
    pub external: Option<external::Limits>,
}

/// What `faqgen check` found.
#[derive(Debug)]
pub struct CheckReport {
    /// Entries checked (0 when the content could not be linked).
    pub entries: usize,
    /// Errors and warnings, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
}

/// Runs every check of the build, then FAQ lint and, if asked, external links; writes nothing.
pub fn check(options: &CheckOptions) -> Result<CheckReport, Error> {
    let mut engine = engine::Engine::new(options.site.clone());
    match engine.update(&engine::Changes::Everything) {
        Ok(linked) => {
            let today = jiff::ZonedDateTime::now().date();
            let mut diagnostics = linked.warnings.clone();
            let sites: Vec<&link::Site> = linked.sites().map(AsRef::as_ref).collect();
            diagnostics.extend(lint::translations(&sites));
            let output = requested_output(&options.site);
            let shown = output.strip_prefix(&options.site.root).unwrap_or(&output);
            diagnostics.extend(vanished::check(&output, shown, &sites));
            for site in linked.sites() {
                diagnostics.extend(lint::site(site, today));
                if let Some(limits) = options.external {
                    diagnostics.extend(external::check(site, limits));
                }
            }
            Diagnostic::sort(&mut diagnostics);
            Ok(CheckReport {
                entries: linked.sites().map(|s| s.entries.len()).sum(),
                diagnostics,
            })
        }
        Err(BuildError::Content(diagnostics)) => Ok(CheckReport {
            entries: 0,
            diagnostics,
        }),
        Err(BuildError::Environment(error)) => Err(error),
    }
}

/// The output folder, resolved, refused if replacing it could lose anything of the user's.
fn output_dir(options: &BuildOptions) -> Result<PathBuf, Error> {
    write::guard::output_dir(
        &options.root,
        &requested_output(options),
        options.replace_output,
    )
}

/// The output folder as asked for: `public/` under the root unless told otherwise.
fn requested_output(options: &BuildOptions) -> PathBuf {
    options
        .output_dir
        .clone()
        .unwrap_or_else(|| options.root.join("public"))
}
