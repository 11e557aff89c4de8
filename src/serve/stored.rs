//! Files as the preview keeps them in memory: the search files, which only the indexer
//! makes (pages are rendered when asked for, and not kept). Their text is kept gzipped: the
//! suggestions index alone is 1 MB at 10,000 entries, a fifth of that gzipped.

use std::borrow::Cow;
use std::io::{Read, Write};

use axum::body::Bytes;
use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;

/// One file of a served snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored {
    /// As made: files not worth compressing (the search index's own gzipped chunks, small
    /// files).
    Plain(Bytes),
    /// Gzipped: the bytes are a complete gzip stream of the file.
    Gzip(Bytes),
}

/// Files smaller than this are kept plain: a gzip stream's header and the saved bytes would
/// nearly cancel out.
const SMALLEST_COMPRESSED: usize = 1024;

impl Stored {
    /// The file's contents, unpacked when they are kept gzipped.
    pub fn contents(&self) -> std::io::Result<Cow<'_, [u8]>> {
        match self {
            Stored::Plain(bytes) => Ok(Cow::Borrowed(bytes)),
            Stored::Gzip(bytes) => {
                let mut contents = Vec::with_capacity(bytes.len() * 5);
                GzDecoder::new(&bytes[..]).read_to_end(&mut contents)?;
                Ok(Cow::Owned(contents))
            }
        }
    }

    /// The file gzipped, when it is worth it and not done yet; `None` otherwise.
    pub fn compacted(&self, path: &str) -> Option<Stored> {
        let Stored::Plain(bytes) = self else {
            return None;
        };
        if bytes.len() < SMALLEST_COMPRESSED || !is_text(path) {
            return None;
        }
        // The fastest level: the index is waited for, and level 1 already takes text to about
        // a fifth of its size.
        let mut encoder = GzEncoder::new(Vec::with_capacity(bytes.len() / 4), Compression::fast());
        encoder.write_all(bytes).ok()?;
        let mut compressed = encoder.finish().ok()?;
        compressed.shrink_to_fit();
        Some(Stored::Gzip(Bytes::from(compressed)))
    }
}

/// Whether `path` names a text file (pages, feeds, styles, scripts, JSON): what gzip shrinks.
fn is_text(path: &str) -> bool {
    let Some(mime) = mime_guess::from_path(path).first() else {
        return false;
    };
    mime.type_() == mime_guess::mime::TEXT
        || matches!(
            mime.subtype().as_str(),
            "javascript" | "json" | "xml" | "svg" | "manifest+json"
        )
}

/// Whether a request's `Accept-Encoding` takes gzip: listed, and not with `q=0`.
pub fn accepts_gzip(accept_encoding: &str) -> bool {
    accept_encoding.split(',').any(|coding| {
        let mut parts = coding.split(';').map(str::trim);
        let name = parts.next().unwrap_or_default();
        let refused = parts.any(|p| {
            p.strip_prefix("q=")
                .and_then(|q| q.parse::<f32>().ok())
                .is_some_and(|q| q == 0.0)
        });
        (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_gzipped_and_comes_back_unchanged() {
        let page = "<p>An answer that repeats itself. </p>".repeat(200);
        let plain = Stored::Plain(Bytes::from(page.clone()));
        let compacted = plain.compacted("a/index.html").unwrap();
        let Stored::Gzip(bytes) = &compacted else {
            panic!("not gzipped: {compacted:?}");
        };
        assert!(bytes.len() * 10 < page.len(), "{} bytes", bytes.len());
        assert_eq!(compacted.contents().unwrap(), page.as_bytes());
        assert_eq!(compacted.compacted("a/index.html"), None, "already done");
    }

    #[test]
    fn small_and_binary_files_stay_plain() {
        let big = Bytes::from(vec![b'a'; 4096]);
        assert!(Stored::Plain(big.clone()).compacted("logo.png").is_none());
        assert!(
            Stored::Plain(big.clone())
                .compacted("fonts/face.woff2")
                .is_none()
        );
        assert!(
            Stored::Plain(Bytes::from_static(b"<p>x</p>"))
                .compacted("index.html")
                .is_none()
        );
        for text in ["style.css", "search.js", "sitemap.xml", "q.json", "i.svg"] {
            assert!(
                Stored::Plain(big.clone()).compacted(text).is_some(),
                "{text}"
            );
        }
    }

    #[test]
    fn gzip_is_taken_unless_refused() {
        assert!(accepts_gzip("gzip, deflate, br, zstd"));
        assert!(accepts_gzip("br;q=1.0, GZIP;q=0.5"));
        assert!(accepts_gzip("*"));
        assert!(!accepts_gzip("gzip;q=0, br"));
        assert!(!accepts_gzip("br, deflate"));
        assert!(!accepts_gzip(""));
        assert!(!accepts_gzip("identity"));
    }
}
