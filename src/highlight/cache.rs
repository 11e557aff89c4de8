//! Highlighted blocks kept between builds, in `.faqgen-cache/`.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

/// Highlighted blocks kept between builds (in `.faqgen-cache/`): parsing code with a grammar
/// is most of what a build of a code-heavy FAQ costs, and a rebuild after an edit finds almost
/// every block the same. A block is found by a hash of its language and code, and of faqgen's
/// binary, so a newer faqgen never reuses an older one's HTML. What a build did not use is
/// not kept.
#[derive(Debug, Default)]
pub struct Cache {
    blocks: Mutex<HashMap<u64, Arc<str>>>,
    used: Mutex<HashSet<u64>>,
    /// Whether it was read from a file (or found none there), not made empty.
    read: bool,
}

/// Bumped when the HTML of a block changes: a cache of another format is not read.
const CACHE_FORMAT: u32 = 2;

impl Cache {
    /// The blocks kept at `path`; none when it is missing, old or damaged.
    pub fn read(path: &Path) -> Cache {
        let blocks = std::fs::read(path)
            .ok()
            .and_then(|bytes| decode(&bytes))
            .unwrap_or_default();
        Cache {
            blocks: Mutex::new(blocks),
            used: Mutex::default(),
            read: true,
        }
    }

    /// Whether it was read from a file (an empty one was made, not read).
    pub fn is_read(&self) -> bool {
        self.read
    }

    /// Keeps at `path` the blocks used since the cache was read or last saved.
    pub fn save(&self, path: &Path) {
        let blocks = self.blocks.lock().unwrap_or_else(PoisonError::into_inner);
        let mut used = self.used.lock().unwrap_or_else(PoisonError::into_inner);
        let mut bytes = Vec::new();
        bytes.extend_from_slice(&CACHE_FORMAT.to_le_bytes());
        bytes.extend_from_slice(&binary_identity().to_le_bytes());
        for key in used.iter() {
            if let Some(html) = blocks.get(key) {
                bytes.extend_from_slice(&key.to_le_bytes());
                bytes.extend_from_slice(&u32::try_from(html.len()).unwrap_or(0).to_le_bytes());
                bytes.extend_from_slice(html.as_bytes());
            }
        }
        used.clear();
        crate::cache::save(path, &bytes);
    }

    /// The HTML of `code` in language `name`: kept, or made by `make` and kept.
    pub(super) fn get_or_make(
        &self,
        name: &str,
        code: &str,
        make: impl FnOnce() -> Option<String>,
    ) -> Option<Arc<str>> {
        let mut hasher = crate::stable_hash::hasher();
        (name, code).hash(&mut hasher);
        let key = hasher.finish();
        let kept = self
            .blocks
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&key)
            .cloned();
        let html = match kept {
            Some(html) => html,
            None => {
                let html: Arc<str> = Arc::from(make()?);
                let mut blocks = self.blocks.lock().unwrap_or_else(PoisonError::into_inner);
                blocks.insert(key, Arc::clone(&html));
                html
            }
        };
        self.used
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(key);
        Some(html)
    }
}

/// faqgen's binary, by its size and time: a rebuilt faqgen may write other HTML.
fn binary_identity() -> u64 {
    let mut hasher = crate::stable_hash::hasher();
    (CACHE_FORMAT, env!("CARGO_PKG_VERSION")).hash(&mut hasher);
    if let Some(meta) = std::env::current_exe()
        .ok()
        .and_then(|exe| std::fs::metadata(exe).ok())
    {
        meta.len().hash(&mut hasher);
        meta.modified().ok().hash(&mut hasher);
    }
    hasher.finish()
}

/// The blocks of a saved cache, if it is whole and of this faqgen.
fn decode(bytes: &[u8]) -> Option<HashMap<u64, Arc<str>>> {
    let mut rest = bytes;
    let mut take = |n: usize| -> Option<&[u8]> {
        let (head, tail) = (rest.get(..n)?, rest.get(n..)?);
        rest = tail;
        Some(head)
    };
    let format = u32::from_le_bytes(take(4)?.try_into().ok()?);
    let identity = u64::from_le_bytes(take(8)?.try_into().ok()?);
    if format != CACHE_FORMAT || identity != binary_identity() {
        return None;
    }
    let mut blocks = HashMap::new();
    while let Some(key) = take(8) {
        let key = u64::from_le_bytes(key.try_into().ok()?);
        let len = u32::from_le_bytes(take(4)?.try_into().ok()?) as usize;
        let html = std::str::from_utf8(take(len)?).ok()?;
        blocks.insert(key, Arc::from(html));
    }
    Some(blocks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_blocks_are_read_back_and_used() {
        let dir = std::env::temp_dir().join(format!("faqgen-highlight-{}", std::process::id()));
        let path = dir.join("highlight.bin");
        let cache = Cache::default();
        let made = cache.get_or_make("rust", "fn f() {}", || Some("<made>".into()));
        assert_eq!(made.as_deref(), Some("<made>"));
        cache.save(&path);
        let read = Cache::read(&path);
        let kept = read.get_or_make("rust", "fn f() {}", || panic!("made again"));
        assert_eq!(kept.as_deref(), Some("<made>"));
        // Another block is made; a damaged file is an empty cache.
        assert!(read.get_or_make("rust", "fn g() {}", || None).is_none());
        std::fs::write(&path, b"\x01\x00").unwrap();
        assert!(Cache::read(&path).blocks.lock().unwrap().is_empty());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
