//! `faqgen serve`: a live preview that mirrors GitHub Pages. The site is linked in memory
//! (never written to `public/`), served under the same base path it will have when
//! published, linked again on every save, and open pages reload by themselves; a broken edit
//! keeps the last good site and shows its errors in the page. Pages are rendered when they
//! are asked for, from the site of the last good build, as Hugo's fast render mode does: an
//! edit is shown as fast at 10,000 entries whichever pages it touches, and no page is kept.
//! `faqgen build --watch` reuses the watcher.

mod http;
mod indexer;
mod inject;
mod stored;
mod watch;

use std::collections::{BTreeMap, HashMap};
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Instant;

use serde::Serialize;

use crate::engine::{Changes, Engine};
use crate::error::{BuildError, Error};
use crate::output::OutputFile;
use crate::render::OnDemand;
use crate::strings::Strings;
use crate::{BuildOptions, Diagnostic};
pub use stored::Stored;
pub use watch::watch;

/// What `faqgen serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub interface: IpAddr,
    /// `None`: the default port, or a free one if it is taken.
    pub port: Option<u16>,
    pub open: bool,
    pub drafts: bool,
}

/// The port tried first when none is given.
pub const DEFAULT_PORT: u16 = 1111;

/// One complete version of the site, swapped in whole: a request never sees half a rebuild.
#[derive(Default, Clone)]
pub struct Snapshot {
    /// The pages and other files of the last good build, each made when asked for (none
    /// before the first): the site in each of its languages, with the folder it is in
    /// (`""` for its own, `fr/`, …).
    pub pages: Vec<(String, Arc<OnDemand>)>,
    /// The search files by path (`search/index.json`, …), built beside the edits.
    pub search: HashMap<String, Stored>,
    /// Counts successful rebuilds; pages compare it with their own to know when to reload.
    pub generation: u64,
    /// The errors of the last build, if it failed (the files are then the last good ones).
    pub errors: Vec<ShownDiagnostic>,
    /// The error overlay's words (the theme's `preview_…` strings), by key without `preview_`.
    pub words: Arc<BTreeMap<String, String>>,
}

/// A file of a snapshot, found by its path.
pub enum Found<'a> {
    /// A search file, as kept.
    Kept(&'a Stored),
    /// A page or other file of the site, made for this request, or why it could not be.
    Made(Result<OutputFile, Error>),
}

impl Snapshot {
    /// The file at `path` (relative to the output root), if the output has one.
    pub fn find(&self, path: &str) -> Option<Found<'_>> {
        if let Some(stored) = self.search.get(path) {
            return Some(Found::Kept(stored));
        }
        let (pages, path) = self.language_of(path)?;
        pages.file(path).map(Found::Made)
    }

    /// Whether the output has a file at `path`, without making it.
    pub fn has(&self, path: &str) -> bool {
        self.search.contains_key(path)
            || self
                .language_of(path)
                .is_some_and(|(pages, path)| pages.has(path))
    }

    /// The folder of the language whose pages `path` is among (`fr/`), if not the site's own.
    pub fn folder_of(&self, path: &str) -> Option<&str> {
        self.pages
            .iter()
            .map(|(folder, _)| folder.as_str())
            .find(|folder| !folder.is_empty() && path.starts_with(folder))
    }

    /// The site whose folder `path` is in (a translation's, else the site's own), and the
    /// path within it.
    fn language_of<'a>(&self, path: &'a str) -> Option<(&OnDemand, &'a str)> {
        self.pages.iter().rev().find_map(|(folder, pages)| {
            let inner = path.strip_prefix(folder.as_str())?;
            (folder.is_empty() || pages.has(inner)).then_some((pages.as_ref(), inner))
        })
    }

    fn first() -> Snapshot {
        Snapshot {
            words: Arc::new(Strings::english().group(PREVIEW_WORDS)),
            ..Snapshot::default()
        }
    }
}

/// The prefix of the overlay's words in the table of strings.
const PREVIEW_WORDS: &str = "preview_";

/// A diagnostic as the error overlay shows it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ShownDiagnostic {
    pub location: String,
    pub message: String,
    pub source_line: String,
    pub help: Option<String>,
    pub warning: bool,
}

impl From<&Diagnostic> for ShownDiagnostic {
    fn from(d: &Diagnostic) -> Self {
        ShownDiagnostic {
            location: format!("{}:{}:{}", d.path.display(), d.line, d.column),
            message: d.message.clone(),
            source_line: d.source_line().to_string(),
            help: d.help.clone(),
            warning: !d.is_error(),
        }
    }
}

/// The site being served, shared by the rebuilds and the requests.
pub struct Live {
    snapshot: RwLock<Arc<Snapshot>>,
    /// The site's state; held for each build of the pages, so builds never overlap.
    engine: std::sync::Mutex<Engine>,
    /// Counts builds started; each search index is labelled with the build it belongs to.
    builds: std::sync::atomic::AtomicU64,
    indexer: indexer::Indexer,
    /// Tells connected pages about each new snapshot.
    changes: tokio::sync::watch::Sender<u64>,
}

impl Live {
    fn new(engine: Engine) -> Self {
        Live {
            snapshot: RwLock::new(Arc::new(Snapshot::first())),
            engine: std::sync::Mutex::new(engine),
            builds: std::sync::atomic::AtomicU64::new(0),
            indexer: indexer::Indexer::default(),
            changes: tokio::sync::watch::channel(0).0,
        }
    }

    pub fn current(&self) -> Arc<Snapshot> {
        self.snapshot
            .read()
            .map(|s| Arc::clone(&s))
            .unwrap_or_default()
    }

    /// Makes the next snapshot from the current one and tells the pages. The current one
    /// is taken, not copied, unless a request still holds it.
    fn replace(&self, update: impl FnOnce(Snapshot) -> Snapshot) {
        if let Ok(mut slot) = self.snapshot.write() {
            let current = std::mem::take(&mut *slot);
            let current = Arc::try_unwrap(current).unwrap_or_else(|shared| (*shared).clone());
            *slot = Arc::new(update(current));
        }
        self.changes.send_modify(|n| *n += 1);
    }
}

/// Links the site again after `changes` and serves it in `live`, then asks for its search
/// index; prints what happened. Returns the number of the build.
#[allow(clippy::print_stdout, clippy::print_stderr)]
fn rebuild(live: &Arc<Live>, changes: &Changes) -> u64 {
    use std::sync::atomic::Ordering;
    let mut engine = live
        .engine
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let build = live.builds.fetch_add(1, Ordering::SeqCst) + 1;
    let started = Instant::now();
    let linked = engine.update(changes).and_then(|linked| {
        // New templates or settings may break any page: each is rendered once, and thrown
        // away, so that the overlay shows what broke. An edit of content renders nothing
        // here; its pages are rendered as they are asked for.
        if engine.renders_everything_next() {
            engine.render(&|_| Ok(()))?;
        }
        Ok(linked)
    });
    match linked {
        Ok(linked) => {
            let search = linked.site.config.search;
            let words = Arc::new(preview_words(&engine).unwrap_or_default());
            let pages: Vec<(String, Arc<OnDemand>)> = match engine.theme() {
                Some(theme) => linked
                    .sites()
                    .map(|site| {
                        let folder = site.config.output_folder();
                        (
                            folder,
                            Arc::new(OnDemand::new(Arc::clone(site), Arc::clone(theme))),
                        )
                    })
                    .collect(),
                None => Vec::new(),
            };
            let folders: Vec<String> = pages.iter().map(|(folder, _)| folder.clone()).collect();
            let served = pages.clone();
            // What the last snapshot served, let go once the pages are told: at 10,000
            // entries, freeing the last site takes milliseconds.
            let mut retired = Vec::new();
            // Until the new search index is ready, the previous one is served.
            live.replace(|snapshot| {
                let mut search_files = snapshot.search;
                if !search {
                    search_files.clear();
                }
                // A language no longer listed takes its index with it.
                search_files.retain(|path, _| {
                    folders.iter().any(|folder| {
                        path.strip_prefix(folder.as_str())
                            .is_some_and(crate::search::is_index_file)
                    })
                });
                retired = snapshot.pages;
                Snapshot {
                    pages,
                    search: search_files,
                    generation: snapshot.generation + 1,
                    errors: Vec::new(),
                    words,
                }
            });
            // The pages are told from here on.
            let elapsed = started.elapsed();
            for (_, pages) in served {
                pages.prepare();
            }
            drop(retired);
            for warning in &linked.warnings {
                eprintln!("{warning}");
            }
            println!(
                "Built {} entries in {} ms",
                linked.sites().map(|site| site.entries.len()).sum::<usize>(),
                elapsed.as_millis()
            );
            if search {
                // The index takes longest: it is built beside the next edits, not in their way.
                live.indexer
                    .request(build, linked.sites().cloned().collect());
            }
        }
        Err(error) => {
            let diagnostics = match &error {
                BuildError::Content(diagnostics) => diagnostics.clone(),
                BuildError::Environment(_) => Vec::new(),
            };
            let mut shown: Vec<ShownDiagnostic> =
                diagnostics.iter().map(ShownDiagnostic::from).collect();
            match &error {
                BuildError::Content(_) => {
                    for d in &diagnostics {
                        eprintln!("{d}");
                    }
                    eprintln!("error: the site has errors; still serving the last good version");
                }
                BuildError::Environment(e) => {
                    eprintln!("error: {e}");
                    shown.push(ShownDiagnostic {
                        location: String::new(),
                        message: e.to_string(),
                        source_line: String::new(),
                        help: None,
                        warning: false,
                    });
                }
            }
            // The theme's words when it loaded, though the content did not.
            let words = preview_words(&engine).map(Arc::new);
            live.replace(|snapshot| Snapshot {
                errors: shown,
                words: words.unwrap_or_else(|| Arc::clone(&snapshot.words)),
                ..snapshot
            });
        }
    }
    build
}

/// The error overlay's words from the theme `engine` last loaded, if it loaded one.
fn preview_words(engine: &Engine) -> Option<BTreeMap<String, String>> {
    engine
        .theme()
        .map(|theme| theme.strings.group(PREVIEW_WORDS))
}

/// Runs the preview until the process is stopped.
#[allow(clippy::print_stdout, clippy::print_stderr)]
pub fn run(options: ServeOptions) -> Result<(), Error> {
    let (listener, default_taken) = bind(options.interface, options.port)?;
    let address = listener
        .local_addr()
        .map_err(|e| Error::Serve(e.to_string()))?;
    let config = match crate::config::load(&options.root)? {
        Ok(config) => config,
        Err(diagnostics) => return Err(Error::Serve(first_line(&diagnostics))),
    };
    let base_path = config.base_url.path().to_string();
    let preview_url = format!("http://{}{}", display_address(address), base_path);
    if let Some(why) = default_taken {
        println!(
            "Port {DEFAULT_PORT} {why}, so the preview uses port {} instead (--port chooses one)",
            address.port()
        );
    }
    if let Some(warning) = network_warning(options.interface) {
        eprintln!("{warning}");
    }
    let build_options = BuildOptions {
        root: options.root.clone(),
        output_dir: None,
        base_url: Some(preview_url.clone()),
        drafts: options.drafts,
        replace_output: false,
    };
    let live = Arc::new(Live::new(Engine::new(build_options)));
    let watched = Arc::clone(&live);
    // Watch before the first build, so an edit saved while it runs is built right after it.
    let _watcher = watch(&options.root, move |paths| {
        rebuild(&watched, &Changes::Paths(paths));
    })?;
    let indexing = Arc::clone(&live);
    std::thread::spawn(move || indexer::Indexer::run(&indexing));
    let first = rebuild(&live, &Changes::Everything);
    // Search works from the first page served.
    live.indexer.wait_for(first);
    println!(
        "Serving {} at {preview_url} (Ctrl+C to stop)",
        options.root.display()
    );
    if options.open {
        open_browser(&preview_url);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Serve(e.to_string()))?;
    let guard = http::HostGuard {
        loopback_only: options.interface.is_loopback(),
    };
    runtime.block_on(http::serve(listener, live, base_path, guard))
}

/// A warning when the preview can be reached from other machines.
fn network_warning(interface: IpAddr) -> Option<String> {
    (!interface.is_loopback()).then(|| format!(
        "warning: listening on {interface}: the preview is visible to every machine that can reach this address; without --interface it stays on this machine (127.0.0.1)"
    ))
}

fn first_line(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .first()
        .map(|d| d.to_string().lines().next().unwrap_or_default().to_string())
        .unwrap_or_default()
}

fn display_address(address: SocketAddr) -> String {
    match address.ip() {
        IpAddr::V6(ip) => format!("[{ip}]:{}", address.port()),
        IpAddr::V4(ip) => format!("{ip}:{}", address.port()),
    }
}

/// Binds the port asked for, or the default one, or (when none was asked for) a free one;
/// says why the default port could not be used, if it could not.
fn bind(
    interface: IpAddr,
    port: Option<u16>,
) -> Result<(std::net::TcpListener, Option<String>), Error> {
    let try_bind = |port: u16| std::net::TcpListener::bind(SocketAddr::new(interface, port));
    match port {
        Some(port) => try_bind(port).map(|l| (l, None)).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AddrInUse {
                Error::Serve(format!("port {port} on {interface} is already in use: stop what uses it, or pick another with --port"))
            } else {
                Error::Serve(format!("cannot listen on {interface}:{port}: {e}"))
            }
        }),
        None => match try_bind(DEFAULT_PORT) {
            Ok(listener) => Ok((listener, None)),
            Err(e) => {
                let why = if e.kind() == std::io::ErrorKind::AddrInUse {
                    "is in use by another program".to_string()
                } else {
                    format!("cannot be used ({e})")
                };
                try_bind(0)
                    .map(|l| (l, Some(why)))
                    .map_err(|e| Error::Serve(format!("cannot listen on {interface}: {e}")))
            }
        },
    }
}

/// Opens `url` in the reader's default browser; a preview that cannot open one still runs.
fn open_browser(url: &str) {
    let _ = opener::open_browser(url);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listening_beyond_this_machine_is_warned_about() {
        for open in ["0.0.0.0", "::", "192.168.1.20"] {
            let warning = network_warning(open.parse().unwrap()).unwrap();
            assert!(warning.contains("visible to every machine"), "{warning}");
        }
        for private in ["127.0.0.1", "::1", "127.0.0.2"] {
            assert_eq!(network_warning(private.parse().unwrap()), None);
        }
    }
}
