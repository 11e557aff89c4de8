//! The engine: one value that owns a site's state between builds and brings it up to date
//! after each change. `build`, `build --watch`, `serve` and `check` all go through it, so the
//! stages are wired in one place ([`Engine::update`], then [`Engine::render`]), and an edit
//! costs about what it changes:
//!
//! - content: only the files the watcher names are read again, and only those whose text
//!   changed are parsed again (`content.rs`);
//! - link: given the last site, it reuses what front matter alone decides while no front
//!   matter changed, resolved links and answers' HTML while their inputs are the same, and
//!   related questions of entries that share no term with a changed one (`link`);
//! - render: each file is compared by a key of what it shows, and only files whose key
//!   changed are rendered again (`render::changed`).
//!
//! Settings or theme changed: everything is linked and rendered again. A clean build is the
//! same engine starting from nothing; the incremental result is proved equal to it, byte for
//! byte, by `tests/incremental.rs`.

mod content;

use std::path::PathBuf;
use std::sync::Arc;

use crate::config::{self, Config};
use crate::diagnostic::Diagnostic;
use crate::error::{BuildError, Error};
use crate::git_dates::GitDates;
use crate::highlight;
use crate::link::{self, Site};
use crate::output::OutputFile;
use crate::render;
use crate::theme::{self, Theme};
use crate::{BuildOptions, load, search};

/// What changed since the last update.
#[derive(Debug, Clone)]
pub enum Changes {
    /// Unknown: read everything (the first update always does).
    Everything,
    /// These files or folders, as the watcher reports them (absolute, or relative to the
    /// site's root).
    Paths(Vec<PathBuf>),
}

/// The site, linked, and the problems that did not stop it.
pub struct Linked {
    /// The site in its own language.
    pub site: Arc<Site>,
    /// The site in each of its other languages (`[languages]`), in order, each published in
    /// a folder of the root.
    pub translations: Vec<Arc<Site>>,
    pub warnings: Vec<Diagnostic>,
}

impl Linked {
    /// The site in every language, its own first.
    pub fn sites(&self) -> impl Iterator<Item = &Arc<Site>> {
        std::iter::once(&self.site).chain(&self.translations)
    }
}

/// A site's sources as last read, and what was made of them.
pub struct Engine {
    options: BuildOptions,
    /// The root as the watcher reports paths under it (resolved).
    resolved_root: PathBuf,
    /// `None` until read; the problems of a `faqgen.toml` that does not parse.
    config: Option<Result<Config, Vec<Diagnostic>>>,
    theme: Option<Arc<Theme>>,
    content: content::Content,
    /// Whether `content` was read whole without an error since; until then an update reads
    /// all of it.
    content_read: bool,
    /// The last site linked without errors, in each language (its own first), while config
    /// and theme stay the same: what the next link may reuse.
    sites: Vec<Arc<Site>>,
    /// What [`Engine::render`] last rendered.
    rendered: render::Fingerprints,
    /// Whether the settings or theme changed since: every file is then rendered again.
    rendered_stale: bool,
    /// The dates of the content's last commits (read once per config: a commit made while
    /// `serve` runs shows after a restart), and the warning of a shallow clone.
    git_dates: Arc<GitDates>,
    git_warning: Option<Diagnostic>,
    /// Highlighted blocks of code, kept for the next link (and, by a build, between builds).
    highlights: Arc<highlight::Cache>,
}

impl Engine {
    pub fn new(options: BuildOptions) -> Engine {
        let resolved_root = options
            .root
            .canonicalize()
            .unwrap_or_else(|_| options.root.clone());
        Engine {
            options,
            resolved_root,
            config: None,
            theme: None,
            content: content::Content::default(),
            content_read: false,
            sites: Vec::new(),
            rendered: render::Fingerprints::default(),
            rendered_stale: true,
            git_dates: Arc::default(),
            git_warning: None,
            highlights: Arc::default(),
        }
    }

    pub fn options(&self) -> &BuildOptions {
        &self.options
    }

    /// The highlighted blocks of code it keeps.
    pub fn highlights(&self) -> &highlight::Cache {
        &self.highlights
    }

    /// Uses the highlighted blocks of `cache` from now on (those an earlier build kept).
    pub fn keep_highlights(&mut self, cache: highlight::Cache) {
        self.highlights = Arc::new(cache);
    }

    /// The theme, once an update has loaded it.
    pub fn theme(&self) -> Option<&Arc<Theme>> {
        self.theme.as_ref()
    }

    /// Brings the site up to date with `changes`: config, theme, content (load and parse),
    /// then link. Every content problem is reported at once.
    pub fn update(&mut self, changes: &Changes) -> Result<Linked, BuildError> {
        let changed = self.sort(changes);
        if changed.config || self.config.is_none() {
            // Cleared first: a config that cannot be read is read again next time.
            self.config = None;
            self.sites.clear();
            self.rendered_stale = true;
            self.config = Some(self.read_config()?);
            let languages = match &self.config {
                Some(Ok(config)) => config.languages.iter().map(|t| t.code.clone()).collect(),
                _ => config::languages_written(&self.options.root),
            };
            if self.content.set_languages(languages) {
                self.content_read = false;
            }
            (self.git_dates, self.git_warning) = match &self.config {
                Some(Ok(config)) if config.git_dates => {
                    let (dates, warning) = GitDates::read(&self.options.root);
                    (Arc::new(dates), warning)
                }
                _ => (Arc::default(), None),
            };
        }
        // The theme speaks the config's language: it is loaded again when either changes. A
        // config with errors keeps the last theme, whose words the preview's overlay uses.
        if (changed.config || changed.theme || self.theme.is_none())
            && let Some(Ok(config)) = &self.config
        {
            self.theme = None;
            self.sites.clear();
            self.rendered_stale = true;
            self.theme = Some(Arc::new(theme::load(&self.options.root, config)?));
        }
        // Until content is read without an error, the next update reads all of it: the
        // paths of a batch that failed are not asked for again.
        let read_before = std::mem::replace(&mut self.content_read, false);
        let known = match &changed.content {
            Some(paths) if read_before => self.content.reload_files(&self.options.root, paths)?,
            _ => false,
        };
        if !known {
            self.content.reload_all(&self.options.root)?;
        }
        self.content_read = true;
        self.link()
    }

    /// Renders the files of the last site linked that changed since the last call, handing
    /// each to `sink`; returns the paths of the files it rendered before that are gone. (Of a
    /// multilingual site, the other languages only when everything is rendered.)
    pub fn render(
        &mut self,
        sink: &(dyn Fn(OutputFile) -> Result<(), Error> + Sync),
    ) -> Result<Vec<String>, Error> {
        let (Some(site), Some(theme)) = (self.sites.first(), &self.theme) else {
            return Err(Error::Template("render before a site was linked".into()));
        };
        let nothing = render::Fingerprints::default();
        let previous = if self.rendered_stale {
            &nothing
        } else {
            &self.rendered
        };
        let everything = self.rendered_stale;
        let rendered = render::changed(site, theme, previous, sink)?;
        // The other languages are rendered whole when everything is (settings or theme
        // changed): what `serve` asks for, to show what a template broke in any language.
        if everything {
            for translation in self.sites.iter().skip(1) {
                let folder = translation.config.output_folder();
                render::each(translation, theme, &|mut file: OutputFile| {
                    file.path = format!("{folder}{}", file.path);
                    sink(file)
                })?;
            }
        }
        let removed = self
            .rendered
            .removed_in(&rendered)
            .map(String::from)
            .collect();
        self.rendered = rendered;
        self.rendered_stale = false;
        Ok(removed)
    }

    /// Whether the next [`Engine::render`] renders every file: the settings or the theme
    /// changed since the last, or there was none.
    pub fn renders_everything_next(&self) -> bool {
        self.rendered_stale
    }

    fn read_config(&self) -> Result<Result<Config, Vec<Diagnostic>>, Error> {
        let mut config = config::load(&self.options.root)?;
        if let (Ok(config), Some(url)) = (&mut config, &self.options.base_url) {
            config.base_url = crate::url::BaseUrl::parse(url)
                .map_err(|e| Error::Option(format!("--base-url: {e}")))?;
            config.site_url = config.base_url.clone();
        }
        Ok(config)
    }

    fn link(&mut self) -> Result<Linked, BuildError> {
        let mut parsed = self.content.parsed();
        let mut diagnostics = std::mem::take(&mut parsed[0].diagnostics);
        let (config, theme) = match (&self.config, &self.theme) {
            (Some(Ok(config)), Some(theme)) => (config.clone(), Arc::clone(theme)),
            (Some(Err(problems)), _) => {
                diagnostics.extend(problems.iter().cloned());
                Diagnostic::sort(&mut diagnostics);
                return Err(BuildError::Content(diagnostics));
            }
            _ => return Err(BuildError::Content(diagnostics)),
        };
        let theme_files: Vec<String> = theme.static_files.iter().map(|(p, _)| p.clone()).collect();
        diagnostics.extend(theme.warnings.iter().cloned());
        diagnostics.extend(self.git_warning.iter().cloned());
        let configs = std::iter::once(config.clone())
            .chain(config.languages.iter().map(|t| config.translated(t)));
        let mut sites = Vec::new();
        for (i, (config, parsed)) in configs.zip(parsed).enumerate() {
            let heading_link = theme.strings_for(&config.language).get("heading_link");
            let settings = link::Settings {
                drafts: self.options.drafts,
                theme_files: &theme_files,
                heading_link: &heading_link,
                original: sites.first(),
                git_dates: &self.git_dates,
                highlights: &self.highlights,
            };
            let previous = self.sites.get(i).map(Arc::as_ref);
            let (site, problems) = link::site(config, parsed, settings, previous);
            diagnostics.extend(problems);
            if site.config.search {
                diagnostics.extend(search::warnings(&site));
            }
            sites.push(site);
        }
        diagnostics.extend(language_folders_taken(&sites[0]));
        Diagnostic::sort(&mut diagnostics);
        if diagnostics.iter().any(Diagnostic::is_error) {
            return Err(BuildError::Content(diagnostics));
        }
        let names = sites
            .iter()
            .map(|site| {
                theme
                    .strings_for(&site.config.language)
                    .get("language_name")
            })
            .collect();
        let alternates = Arc::new(link::alternates::Alternates::new(
            &sites.iter().collect::<Vec<_>>(),
            names,
        ));
        let mut sites: Vec<Arc<Site>> = sites
            .into_iter()
            .map(|mut site| {
                site.alternates = Arc::clone(&alternates);
                Arc::new(site)
            })
            .collect();
        self.sites = sites.clone();
        let site = sites.remove(0);
        Ok(Linked {
            site,
            translations: sites,
            warnings: diagnostics,
        })
    }

    /// Which inputs `changes` touch.
    fn sort(&self, changes: &Changes) -> Changed {
        let paths = match changes {
            Changes::Everything => {
                return Changed {
                    config: true,
                    theme: true,
                    content: None,
                };
            }
            Changes::Paths(paths) => paths,
        };
        let mut changed = Changed {
            config: false,
            theme: false,
            content: Some(Vec::new()),
        };
        for path in paths {
            let relative = if path.is_relative() {
                Ok(path.as_path())
            } else {
                path.strip_prefix(&self.resolved_root)
                    .or_else(|_| path.strip_prefix(&self.options.root))
            };
            let Ok(relative) = relative else {
                // A path the engine cannot place: anything may have changed.
                return self.sort(&Changes::Everything);
            };
            let source = load::source_path(relative);
            let (first, rest) = source.split_once('/').unwrap_or((&source, ""));
            if first == config::FILE_NAME && rest.is_empty() {
                changed.config = true;
            } else if first == theme::TEMPLATES_DIR || first == theme::STATIC_DIR {
                changed.theme = true;
            } else if first == load::CONTENT_DIR {
                match (&mut changed.content, rest) {
                    // content/ itself: anything may have changed.
                    (content, "") => *content = None,
                    (Some(list), rest) => list.push(rest.to_string()),
                    (None, _) => {}
                }
            }
        }
        changed
    }
}

/// An error for each page of the site's own language at the address of another language's
/// folder (a top-level category or entry named `fr` on a site with `[languages.fr]`).
fn language_folders_taken(site: &Site) -> Vec<Diagnostic> {
    let folder = |t: &config::Translation| format!("{}/", t.code);
    let taken = |path: &str| site.config.languages.iter().find(|t| folder(t) == path);
    let categories = site.categories.iter().filter_map(|c| {
        let t = taken(&c.path)?;
        let path = PathBuf::from(load::CONTENT_DIR).join(&c.folder);
        Some(
            Diagnostic::file_error(
                &path,
                1,
                1,
                format!(
                    "the folder `{}` takes the address of the site's `{}` pages",
                    c.folder, t.code
                ),
            )
            .with_help("rename the folder"),
        )
    });
    let entries = site.entries.iter().filter_map(|e| {
        let t = taken(&e.path)?;
        Some(
            Diagnostic::file_error(
                &e.entry.file.path,
                1,
                1,
                format!(
                    "this entry takes the address of the site's `{}` pages",
                    t.code
                ),
            )
            .with_help("give it another `slug`"),
        )
    });
    // An old address in a language's folder would be hidden by, or hide, its pages.
    let redirects = site.redirects().iter().filter_map(|r| {
        let t = site
            .config
            .languages
            .iter()
            .find(|t| r.file.starts_with(&folder(t)))?;
        let file = &site.entries[r.entry].entry.file;
        Some(
            Diagnostic::error(
                &file.path,
                &file.text,
                r.span.clone(),
                format!(
                    "the old address /{} is in the folder of the site's `{}` pages",
                    r.file.trim_end_matches(crate::reserved::INDEX_PAGE),
                    t.code
                ),
            )
            .with_help(format!(
                "an old address of the `{0}` pages goes in the `moved_from` of their translation (`x.{0}.md`)",
                t.code
            )),
        )
    });
    categories.chain(entries).chain(redirects).collect()
}

/// The inputs a batch of changes touches.
struct Changed {
    config: bool,
    theme: bool,
    /// Files and folders under `content/` (relative to it); `None`: read it all again.
    content: Option<Vec<String>>,
}
