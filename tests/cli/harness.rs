//! A small fluent harness: copy a fixture site to a temporary folder, change files, run the
//! real `faqgen` binary on it and assert on what it printed and wrote.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc as Rc;

use scraper::{Html, Selector};

pub struct SiteTest {
    dir: Rc<tempfile::TempDir>,
    /// The site's folder: the temporary folder, or a folder inside it.
    root: PathBuf,
}

impl SiteTest {
    /// A copy of `tests/fixtures/<fixture>`.
    pub fn new(fixture: &str) -> Self {
        Self::new_in(fixture, "")
    }

    /// A copy of `tests/fixtures/<fixture>` in the folder `sub` of a temporary folder, so that
    /// the folder above the site is a temporary one too.
    pub fn new_in(fixture: &str, sub: &str) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join(sub);
        let source = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(fixture);
        copy_dir(&source, &root);
        SiteTest {
            dir: Rc::new(dir),
            root,
        }
    }

    /// A site with settings and an empty `content/`, for `new` and `import`.
    pub fn with_no_entries() -> Self {
        Self::empty()
            .file(
                "faqgen.toml",
                "title = \"Imported\"\nbase_url = \"https://x.org/faq/\"\n",
            )
            .file("content/.keep", "")
    }

    /// An empty folder.
    pub fn empty() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        SiteTest {
            root: dir.path().to_path_buf(),
            dir: Rc::new(dir),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Writes `contents` to `path` (relative to the site root), creating folders.
    pub fn file(self, path: &str, contents: impl AsRef<[u8]>) -> Self {
        let path = self.root().join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("create folders");
        std::fs::write(path, contents).expect("write fixture file");
        self
    }

    pub fn remove(self, path: &str) -> Self {
        let path = self.root().join(path);
        if path.is_dir() {
            std::fs::remove_dir_all(path).expect("remove folder");
        } else {
            std::fs::remove_file(path).expect("remove file");
        }
        self
    }

    /// `faqgen --root <site> build <args>`.
    pub fn build(&self) -> Run {
        self.build_with(&[])
    }

    pub fn build_with(&self, args: &[&str]) -> Run {
        let mut all = vec!["build"];
        all.extend_from_slice(args);
        self.run(&all)
    }

    pub fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_faqgen"))
            .arg("--root")
            .arg(self.root())
            .args(args)
            .output()
            .expect("run faqgen");
        Run {
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            out: self.root().join("public"),
            _site: Rc::clone(&self.dir),
        }
    }
}

/// What one run of faqgen did.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub out: PathBuf,
    /// Keeps the site's folder alive as long as its output is looked at.
    _site: Rc<tempfile::TempDir>,
}

impl Run {
    pub fn succeeds(self) -> Self {
        assert_eq!(
            self.code,
            Some(0),
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    pub fn fails(self) -> Self {
        assert_eq!(
            self.code,
            Some(1),
            "expected exit code 1\nstdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    pub fn stderr_has(self, text: &str) -> Self {
        assert!(
            self.stderr.contains(text),
            "stderr lacks {text:?}:\n{}",
            self.stderr
        );
        self
    }

    pub fn stderr_lacks(self, text: &str) -> Self {
        assert!(
            !self.stderr.contains(text),
            "stderr has {text:?}:\n{}",
            self.stderr
        );
        self
    }

    pub fn stdout_has(self, text: &str) -> Self {
        assert!(
            self.stdout.contains(text),
            "stdout lacks {text:?}:\n{}",
            self.stdout
        );
        self
    }

    pub fn stdout_lacks(self, text: &str) -> Self {
        assert!(
            !self.stdout.contains(text),
            "stdout has {text:?}:\n{}",
            self.stdout
        );
        self
    }

    /// The lines of stderr that start a diagnostic (`path:line:col: …`).
    pub fn diagnostic_lines(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| {
                ["content/", "faqgen.toml", "public/"]
                    .iter()
                    .any(|start| l.starts_with(start))
            })
            .collect()
    }

    /// The output file at `path`, as text.
    pub fn text(&self, path: &str) -> String {
        std::fs::read_to_string(self.out.join(path)).unwrap_or_else(|e| panic!("read {path}: {e}"))
    }

    pub fn html(&self, path: &str) -> Page {
        Page(Html::parse_document(&self.text(path)))
    }

    pub fn exists(&self, path: &str) -> bool {
        self.out.join(path).exists()
    }
}

/// A parsed HTML page.
pub struct Page(pub Html);

impl Page {
    /// The text of every element matching `selector`, whitespace collapsed.
    pub fn texts(&self, selector: &str) -> Vec<String> {
        let selector = Selector::parse(selector).expect("valid selector");
        self.0
            .select(&selector)
            .map(|e| {
                e.text()
                    .collect::<String>()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    /// The text of every element matching `selector`, exactly as it is (code, say).
    pub fn exact_texts(&self, selector: &str) -> Vec<String> {
        let selector = Selector::parse(selector).expect("valid selector");
        self.0
            .select(&selector)
            .map(|e| e.text().collect())
            .collect()
    }

    pub fn text(&self, selector: &str) -> String {
        let texts = self.texts(selector);
        assert!(!texts.is_empty(), "no element matches {selector}");
        texts[0].clone()
    }

    /// The values of `attribute` on every element matching `selector`.
    pub fn attrs(&self, selector: &str, attribute: &str) -> Vec<String> {
        let selector = Selector::parse(selector).expect("valid selector");
        self.0
            .select(&selector)
            .filter_map(|e| e.value().attr(attribute).map(str::to_string))
            .collect()
    }

    pub fn count(&self, selector: &str) -> usize {
        self.texts(selector).len()
    }

    /// Every JSON-LD block, parsed.
    pub fn json_ld(&self) -> Vec<serde_json::Value> {
        let selector = Selector::parse(r#"script[type="application/ld+json"]"#).expect("selector");
        self.0
            .select(&selector)
            .map(|e| serde_json::from_str(&e.text().collect::<String>()).expect("JSON-LD parses"))
            .collect()
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let target = to.join(entry.path().strip_prefix(from).expect("inside fixture"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create folder");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy fixture file");
        }
    }
}

/// Every file under `dir` with its bytes, for byte-for-byte comparisons.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().to_path_buf(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect();
    files.sort();
    files
}

/// A `faqgen` that keeps running (`serve`, `build --watch`), killed when dropped, even when the
/// test fails. Its output is read as it comes, so that it never blocks on a full pipe.
pub struct Running {
    child: std::process::Child,
    /// Lines of stderr as they come.
    errors: std::sync::Mutex<std::sync::mpsc::Receiver<String>>,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Running {
    /// `faqgen --root ROOT <args>`, read on stdout until `until` says a line is the one
    /// awaited; returns it with the lines printed up to it.
    pub fn start(
        root: &Path,
        args: &[&str],
        until: impl Fn(&str) -> bool,
    ) -> (Running, Vec<String>) {
        use std::io::BufRead;
        use std::process::Stdio;
        let mut child = Command::new(env!("CARGO_BIN_EXE_faqgen"))
            .arg("--root")
            .arg(root)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("faqgen starts");
        let stderr = std::io::BufReader::new(child.stderr.take().expect("stderr"));
        let (sender, errors) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in stderr.lines().map_while(Result::ok) {
                let _ = sender.send(line);
            }
        });
        let mut lines = std::io::BufReader::new(child.stdout.take().expect("stdout")).lines();
        let mut printed = Vec::new();
        loop {
            let line = lines
                .next()
                .expect("faqgen printed the line awaited")
                .expect("stdout");
            printed.push(line);
            if until(printed.last().map_or("", String::as_str)) {
                break;
            }
        }
        std::thread::spawn(move || lines.for_each(drop));
        let running = Running {
            child,
            errors: std::sync::Mutex::new(errors),
        };
        (running, printed)
    }

    /// Waits (at most 10 s) for a line of stderr that contains `text`.
    pub fn wait_for_stderr(&self, text: &str) -> String {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        let errors = self.errors.lock().expect("stderr lines");
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match errors.recv_timeout(left) {
                Ok(line) if line.contains(text) => return line,
                Ok(_) => {}
                Err(_) => panic!("faqgen printed no line with {text:?} on stderr"),
            }
        }
    }

    /// Forgets the lines of stderr printed so far.
    pub fn skip_stderr(&self) {
        let errors = self.errors.lock().expect("stderr lines");
        while errors.try_recv().is_ok() {}
    }
}
