//! Watches the site's sources and calls back once per batch of changes: a save is one
//! rebuild, even when an editor writes a temporary file and renames it over the original.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};

use crate::error::Error;

/// Changes closer together than this are one batch.
const QUIET: Duration = Duration::from_millis(15);

type Debouncer = notify_debouncer_full::Debouncer<
    notify::RecommendedWatcher,
    notify_debouncer_full::RecommendedCache,
>;

/// Keeps watching while it is alive.
pub struct Watcher {
    _debouncer: Arc<Mutex<Debouncer>>,
}

/// The folders of sources, watched with all they hold.
const SOURCE_FOLDERS: [&str; 3] = [
    crate::load::CONTENT_DIR,
    crate::theme::TEMPLATES_DIR,
    crate::theme::STATIC_DIR,
];

/// Calls `on_change` after each batch of relevant changes under `root`, on its own thread,
/// with the paths that changed.
pub fn watch(
    root: &Path,
    mut on_change: impl FnMut(Vec<PathBuf>) + Send + 'static,
) -> Result<Watcher, Error> {
    let root = root.canonicalize().map_err(watch_error(root))?;
    let (sender, receiver) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(QUIET, None, sender).map_err(watch_error(&root))?;
    // The root itself only for faqgen.toml and the source folders coming and going (not
    // recursively: it may hold public/ or target/).
    debouncer
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(watch_error(&root))?;
    let mut folders = Folders::default();
    folders.update(&root, &mut debouncer)?;
    let debouncer = Arc::new(Mutex::new(debouncer));
    // Weak: dropping the watcher ends the thread (the channel closes with the debouncer).
    let watching = Arc::downgrade(&debouncer);
    std::thread::spawn(move || {
        for batch in receiver {
            let Ok(events) = batch else { continue };
            if let Some(debouncer) = watching.upgrade()
                && let Ok(mut debouncer) = debouncer.lock()
            {
                // A folder that cannot be watched is told at the start; later, its
                // changes are picked up by the next rebuild that reads it.
                let _ = folders.update(&root, &mut debouncer);
            }
            let mut changed: Vec<PathBuf> = events
                .iter()
                .filter(|event| !matches!(event.kind, EventKind::Access(_)))
                .flat_map(|event| event.paths.iter())
                .filter(|p| is_source(&root, p))
                .cloned()
                .collect();
            changed.sort();
            changed.dedup();
            if !changed.is_empty() {
                on_change(changed);
            }
        }
    });
    Ok(Watcher {
        _debouncer: debouncer,
    })
}

/// How a failure to watch `path` is told.
fn watch_error<E: std::fmt::Display>(path: &Path) -> impl FnOnce(E) -> Error + '_ {
    move |e| Error::Watch {
        path: path.to_path_buf(),
        reason: e.to_string(),
    }
}

/// The source folders watched now. A folder made after the start (`templates/` for a first
/// override of the theme) is watched from then on, and one deleted is forgotten, so that it is
/// watched again if it comes back; its creation is itself a change of all it holds.
#[derive(Default)]
struct Folders(HashSet<PathBuf>);

impl Folders {
    fn update(&mut self, root: &Path, debouncer: &mut Debouncer) -> Result<(), Error> {
        for folder in SOURCE_FOLDERS {
            let path = root.join(folder);
            match (path.is_dir(), self.0.contains(&path)) {
                (true, false) => {
                    debouncer
                        .watch(&path, RecursiveMode::Recursive)
                        .map_err(watch_error(&path))?;
                    self.0.insert(path);
                }
                (false, true) => {
                    let _ = debouncer.unwatch(&path);
                    self.0.remove(&path);
                }
                _ => {}
            }
        }
        Ok(())
    }
}

/// Whether a change at `path` can change the site: `faqgen.toml`, or a file under `content/`,
/// `templates/` or `static/` that is not an editor's swap, backup or hidden file.
fn is_source(root: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = relative.components().filter_map(|c| match c {
        Component::Normal(part) => part.to_str(),
        _ => None,
    });
    let Some(first) = parts.next() else {
        return false;
    };
    let name = relative
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    if first == crate::config::FILE_NAME {
        return relative.components().count() == 1;
    }
    let in_sources = SOURCE_FOLDERS.contains(&first);
    let hidden = relative
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
    let scratch = name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.starts_with("#")
        || name == "4913";
    in_sources && !hidden && !scratch
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_and_scratch_files() {
        let root = Path::new("/site");
        let yes = [
            "/site/faqgen.toml",
            "/site/content/a/b.md",
            "/site/templates/entry.html",
            "/site/static/x.css",
            "/site/content/new-folder",
        ];
        let no = [
            "/site/public/index.html",
            "/site/target/x",
            "/site/content/.b.md.swp",
            "/site/content/b.md~",
            "/site/content/4913",
            "/site/content/#b.md#",
            "/site/content/.hidden/b.md",
            "/elsewhere/content/b.md",
            "/site/README.md",
        ];
        for path in yes {
            assert!(is_source(root, Path::new(path)), "{path}");
        }
        for path in no {
            assert!(!is_source(root, Path::new(path)), "{path}");
        }
    }
}
