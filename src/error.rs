//! Errors of the environment rather than of the content: I/O, templates, a missing site.

use std::path::PathBuf;

use crate::diagnostic::Diagnostic;

/// Something outside the user's content went wrong; every I/O variant names its path.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(
        "no site at {root}: {missing} not found. To start one here, run `faqgen init`; for a site elsewhere, run faqgen with --root DIR (or from inside its folder)"
    )]
    NotASite {
        root: PathBuf,
        missing: &'static str,
    },
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Option(String),
    #[error("refusing to write the site into {}: {reason}; nothing was changed", path.display())]
    OutputRefused {
        path: PathBuf,
        reason: crate::write::Refusal,
    },
    #[error("{0}")]
    Serve(String),
    #[error("{0}")]
    Refused(String),
    #[error("{}:{line}: {message}", path.display())]
    Import {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("cannot watch {path}: {reason}")]
    Watch { path: PathBuf, reason: String },
    #[error("search index: {0}")]
    Search(String),
    #[error("template error: {0}")]
    Template(String),
}

/// Why a build produced no site: the content is wrong, or the environment is.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// Every problem found in the content; the previous output was left untouched.
    #[error("{} error(s) in the content", .0.iter().filter(|d| d.is_error()).count())]
    Content(Vec<Diagnostic>),
    #[error(transparent)]
    Environment(#[from] Error),
}
