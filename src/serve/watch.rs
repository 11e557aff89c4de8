//! Watches the site's sources and calls back once per batch of changes: a save is one
//! rebuild, even when an editor writes a temporary file and renames it over the original.

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};

use crate::error::Error;

/// Changes closer together than this are one batch.
const QUIET: Duration = Duration::from_millis(15);

/// Keeps watching while it is alive.
pub struct Watcher {
    _debouncer: notify_debouncer_full::Debouncer<
        notify::RecommendedWatcher,
        notify_debouncer_full::RecommendedCache,
    >,
}

/// Calls `on_change` after each batch of relevant changes under `root`, on its own thread,
/// with the paths that changed.
pub fn watch(
    root: &Path,
    mut on_change: impl FnMut(Vec<PathBuf>) + Send + 'static,
) -> Result<Watcher, Error> {
    let root = root.canonicalize().map_err(|e| Error::Watch {
        path: root.to_path_buf(),
        reason: e.to_string(),
    })?;
    let (sender, receiver) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(QUIET, None, sender).map_err(|e| Error::Watch {
        path: root.clone(),
        reason: e.to_string(),
    })?;
    // The root itself only for faqgen.toml (not recursively: it may hold public/ or target/).
    let mut targets = vec![(root.clone(), RecursiveMode::NonRecursive)];
    for folder in [
        crate::load::CONTENT_DIR,
        crate::theme::TEMPLATES_DIR,
        crate::theme::STATIC_DIR,
    ] {
        let path = root.join(folder);
        if path.is_dir() {
            targets.push((path, RecursiveMode::Recursive));
        }
    }
    for (path, mode) in targets {
        debouncer.watch(&path, mode).map_err(|e| Error::Watch {
            path: path.clone(),
            reason: e.to_string(),
        })?;
    }
    std::thread::spawn(move || {
        for batch in receiver {
            let Ok(events) = batch else { continue };
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
    let in_sources = [
        crate::load::CONTENT_DIR,
        crate::theme::TEMPLATES_DIR,
        crate::theme::STATIC_DIR,
    ]
    .contains(&first);
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
