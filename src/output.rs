//! What render and search make and write writes: files of the output, in memory. Its own
//! module, so that the stages that make files and the one that writes them need not know
//! each other.

/// Every file of the built site.
#[derive(Debug, Default)]
pub struct Output {
    pub files: Vec<OutputFile>,
}

/// One file of the output: its path relative to the output root (`/` separators) and bytes.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub path: String,
    pub contents: Vec<u8>,
}

impl OutputFile {
    pub fn is_page(&self) -> bool {
        self.path.ends_with(".html")
    }
}
