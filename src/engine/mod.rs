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
    pub site: Arc<Site>,
    pub warnings: Vec<Diagnostic>,
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
    /// The last site linked without errors, while config and theme stay the same: what the
    /// next link may reuse.
    site: Option<Arc<Site>>,
    /// What [`Engine::render`] last rendered.
    rendered: render::Fingerprints,
    /// Whether the settings or theme changed since: every file is then rendered again.
    rendered_stale: bool,
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
            site: None,
            rendered: render::Fingerprints::default(),
            rendered_stale: true,
        }
    }

    pub fn options(&self) -> &BuildOptions {
        &self.options
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
            self.site = None;
            self.rendered_stale = true;
            self.config = Some(self.read_config()?);
        }
        // The theme speaks the config's language: it is loaded again when either changes. A
        // config with errors keeps the last theme, whose words the preview's overlay uses.
        if (changed.config || changed.theme || self.theme.is_none())
            && let Some(Ok(config)) = &self.config
        {
            self.theme = None;
            self.site = None;
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
    /// each to `sink`; returns the paths of the files it rendered before that are gone.
    pub fn render(
        &mut self,
        sink: &(dyn Fn(OutputFile) -> Result<(), Error> + Sync),
    ) -> Result<Vec<String>, Error> {
        let (Some(site), Some(theme)) = (&self.site, &self.theme) else {
            return Err(Error::Template("render before a site was linked".into()));
        };
        let nothing = render::Fingerprints::default();
        let previous = if self.rendered_stale {
            &nothing
        } else {
            &self.rendered
        };
        let rendered = render::changed(site, theme, previous, sink)?;
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
        }
        Ok(config)
    }

    fn link(&mut self) -> Result<Linked, BuildError> {
        let mut parsed = self.content.parsed();
        let mut diagnostics = std::mem::take(&mut parsed.diagnostics);
        let (config, theme) = match (&self.config, &self.theme) {
            (Some(Ok(config)), Some(theme)) => (config.clone(), theme),
            (Some(Err(problems)), _) => {
                diagnostics.extend(problems.iter().cloned());
                Diagnostic::sort(&mut diagnostics);
                return Err(BuildError::Content(diagnostics));
            }
            _ => return Err(BuildError::Content(diagnostics)),
        };
        let theme_files: Vec<String> = theme.static_files.iter().map(|(p, _)| p.clone()).collect();
        let heading_link = theme.strings.get("heading_link");
        let settings = link::Settings {
            drafts: self.options.drafts,
            theme_files: &theme_files,
            heading_link: &heading_link,
        };
        diagnostics.extend(theme.warnings.iter().cloned());
        let (site, problems) = link::site(config, parsed, settings, self.site.as_deref());
        diagnostics.extend(problems);
        if site.config.search {
            diagnostics.extend(search::warnings(&site));
        }
        Diagnostic::sort(&mut diagnostics);
        if diagnostics.iter().any(Diagnostic::is_error) {
            return Err(BuildError::Content(diagnostics));
        }
        let site = Arc::new(site);
        self.site = Some(Arc::clone(&site));
        Ok(Linked {
            site,
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

/// The inputs a batch of changes touches.
struct Changed {
    config: bool,
    theme: bool,
    /// Files and folders under `content/` (relative to it); `None`: read it all again.
    content: Option<Vec<String>>,
}
