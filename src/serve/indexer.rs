//! The preview's search index, built beside the edits: one index at a time, always of the
//! newest site waiting, and each one swapped in whole. Until a newer index is complete, the
//! last complete one stays served, so a search file never answers 404 while a rebuild runs,
//! however fast the saves come.

use std::sync::{Arc, Condvar, Mutex};

use axum::body::Bytes;

use super::{Live, Snapshot, Stored};
use crate::link::Site;
use crate::search::{self, IndexSource};

/// Sites waiting for their index, and how far the served index has come.
#[derive(Default)]
pub struct Indexer {
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Default)]
struct State {
    /// The newest site without its index yet, with the number of its build; an older one
    /// still waiting is replaced, since its index would be out of date before it is served.
    waiting: Option<(u64, Vec<Arc<Site>>)>,
    /// The build whose index is served (0: none yet).
    served: u64,
    /// The build whose index is being made.
    running: Option<u64>,
}

impl Indexer {
    /// Asks for the indexes of build `build`'s site, one per language (its own first).
    pub fn request(&self, build: u64, sites: Vec<Arc<Site>>) {
        if let Ok(mut state) = self.state.lock() {
            state.waiting = Some((build, sites));
            self.changed.notify_all();
        }
    }

    /// Waits until the index of build `build` (or of a later one) is served, or no index is
    /// on its way. The first build of `serve` waits here, so that search works from the start.
    pub fn wait_for(&self, build: u64) {
        let Ok(state) = self.state.lock() else { return };
        let _done = self.changed.wait_while(state, |s| {
            s.served < build && (s.waiting.is_some() || s.running.is_some())
        });
    }

    /// Builds indexes for `live` as they are asked for, until the process ends.
    pub fn run(live: &Arc<Live>) {
        // The fingerprint of the records of each language's index served, by its folder.
        let mut served: std::collections::HashMap<String, u64> = Default::default();
        loop {
            let Some((build, sites)) = live.indexer.next_job() else {
                return;
            };
            // Marks the build finished however it ends, a panic included: `wait_for` must
            // never wait for an index that will not come.
            let finished = Finished {
                indexer: &live.indexer,
                build,
            };
            for site in sites {
                let folder = site.config.output_folder();
                let previous = served
                    .get(&folder)
                    .map_or(search::Previous::Nothing, |&f| search::Previous::Served(f));
                let result = search::files(&site, previous);
                drop(site);
                match result {
                    Ok(files) => {
                        served.insert(folder.clone(), files.fingerprint);
                        live.replace(|old| with_index(old, files, &folder));
                    }
                    Err(error) => log_error(&error),
                }
            }
            drop(finished);
        }
    }

    fn next_job(&self) -> Option<(u64, Vec<Arc<Site>>)> {
        let state = self.state.lock().ok()?;
        let mut state = self
            .changed
            .wait_while(state, |s| s.waiting.is_none())
            .ok()?;
        let job = state.waiting.take()?;
        state.running = Some(job.0);
        Some(job)
    }

    fn finished(&self, build: u64) {
        if let Ok(mut state) = self.state.lock() {
            state.running = None;
            state.served = state.served.max(build);
            self.changed.notify_all();
        }
    }
}

/// Calls [`Indexer::finished`] when dropped.
struct Finished<'a> {
    indexer: &'a Indexer,
    build: u64,
}

impl Drop for Finished<'_> {
    fn drop(&mut self) {
        self.indexer.finished(self.build);
    }
}

/// `snapshot` with the search files of the language in `folder` (`""`, `fr/`, …) replaced
/// by `search`'s.
fn with_index(mut snapshot: Snapshot, search: search::SearchFiles, folder: &str) -> Snapshot {
    if search.index != IndexSource::Unchanged {
        snapshot
            .search
            .retain(|path, _| !path.strip_prefix(folder).is_some_and(search::is_index_file));
    }
    snapshot.search.extend(search.files.into_iter().map(|f| {
        let plain = Stored::Plain(Bytes::from(f.contents));
        let stored = plain.compacted(&f.path).unwrap_or(plain);
        (format!("{folder}{}", f.path), stored)
    }));
    snapshot
}

#[allow(clippy::print_stderr)]
fn log_error(error: &crate::Error) {
    eprintln!("error: {error}");
}
