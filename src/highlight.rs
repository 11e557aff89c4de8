//! Code in answers, highlighted when the site is built, so readers get colours without any
//! script. syntect reads each fenced block with its language's grammar, and every token gets
//! one short class for its kind (`hl-k` keyword, `hl-s` string, …) that the stylesheet colours
//! in light and dark.
//!
//! The grammars are syntect's own (about 75 languages), then, for languages it lacks, those
//! `bat` ships (two-face: TOML, TypeScript, Dockerfile, … 200-odd in all). syntect's come
//! first because they are about twice as fast on the same code, and highlighting is most of
//! what a build of a code-heavy FAQ costs.
//!
//! The theme handed to syntect holds kinds, not colours: its scope selectors decide which kind
//! a token is (the most specific selector wins, as in any editor theme), and the kind's number
//! travels in the red channel of the foreground. That keeps the HTML small (one class per run
//! of tokens, not a span per scope) and every colour in CSS, where the dark scheme changes it.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::path::Path;
use std::str::FromStr;
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};
use syntect::highlighting::{
    Color, HighlightIterator, HighlightState, Highlighter, ScopeSelectors, StyleModifier, Theme,
    ThemeItem, ThemeSettings,
};
use syntect::parsing::{ParseState, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

/// The kinds of token the stylesheet colours: the class suffix and the scopes that have it.
/// Scopes not listed (plain text, operators, most punctuation) stay in the text colour.
const KINDS: &[(&str, &str)] = &[
    (
        "",
        "keyword.operator, punctuation.separator, punctuation.terminator",
    ),
    ("c", "comment"),
    ("s", "string, constant.other.symbol"),
    (
        "n",
        "constant.numeric, constant.language, constant.character, constant.other.placeholder",
    ),
    ("k", "keyword, storage, variable.language"),
    (
        "f",
        "entity.name.function, support.function, variable.function",
    ),
    (
        "t",
        "entity.name.type, entity.name.class, entity.name.struct, entity.name.enum, \
         entity.other.inherited-class, support.type, support.class",
    ),
    ("g", "entity.name.tag, meta.mapping.key string"),
    (
        "a",
        "entity.other.attribute-name, support.type.property-name, variable.parameter",
    ),
    ("i", "markup.inserted"),
    ("d", "markup.deleted"),
    ("h", "markup.heading, meta.diff.range, meta.diff.header"),
];

/// Info strings that mean "not code": shown plain, without a warning.
const PLAIN: &[&str] = &[
    "text",
    "txt",
    "plain",
    "plaintext",
    "none",
    "nohighlight",
    "output",
    "console",
    "terminal",
];

/// Names people write for languages the grammars know under another name.
const ALIASES: &[(&str, &str)] = &[
    ("shell", "bash"),
    ("zsh", "bash"),
    ("shell-session", "bash"),
    ("jsx", "js"),
    ("javascriptreact", "js"),
    ("csharp", "cs"),
    ("c#", "cs"),
    ("c++", "cpp"),
    ("golang", "go"),
    ("batch", "bat"),
    ("docker", "dockerfile"),
    ("yml", "yaml"),
    ("jsonc", "json"),
];

/// A block longer than this, or with a line longer than [`MAX_LINE`], is shown plain: a
/// grammar's time grows with it, and one pasted log must not stall the build.
const MAX_CODE: usize = 100_000;
const MAX_LINE: usize = 5_000;

static SYNTECT: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);
static BAT: LazyLock<SyntaxSet> = LazyLock::new(two_face::syntax::extra_newlines);

static THEME: LazyLock<Theme> = LazyLock::new(|| {
    let colour = |kind: usize| Color {
        r: u8::try_from(kind).unwrap_or_default(),
        g: 0,
        b: 0,
        a: 255,
    };
    let scopes = KINDS
        .iter()
        .enumerate()
        .filter_map(|(kind, (_, selectors))| {
            Some(ThemeItem {
                scope: ScopeSelectors::from_str(selectors).ok()?,
                style: StyleModifier {
                    foreground: Some(colour(kind)),
                    background: None,
                    font_style: None,
                },
            })
        })
        .collect();
    Theme {
        settings: ThemeSettings {
            foreground: Some(colour(0)),
            ..ThemeSettings::default()
        },
        scopes,
        ..Theme::default()
    }
});

static HIGHLIGHTER: LazyLock<Highlighter<'static>> = LazyLock::new(|| Highlighter::new(&THEME));

/// What the info string of a fenced block asks for.
#[derive(Debug, Clone, Copy)]
pub enum Language {
    /// No language, or one that says the block is not code (`text`, `console`).
    Plain,
    /// A language faqgen has a grammar for, and the set of grammars it is in.
    Known(&'static SyntaxReference, &'static SyntaxSet),
    /// A language faqgen has no grammar for: shown plain, with a warning.
    Unknown,
}

/// A fenced block whose language faqgen cannot highlight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownLanguage {
    /// The language as written, located in the entry's file.
    pub span: Range<usize>,
    pub name: String,
}

/// The language named by a fenced block's info string: its first word, as in ```` ```rust ````,
/// ```` ```rust,ignore ```` (mdBook) or ```` ```python {linenos} ```` (Zola).
pub fn name(info: &str) -> &str {
    let info = info.trim_start().trim_start_matches(['{', '.']);
    let end = info
        .find(|c: char| c.is_whitespace() || c == ',' || c == '{' || c == '}')
        .unwrap_or(info.len());
    &info[..end]
}

/// The language of a fenced block with info string `info`.
pub fn language(info: &str) -> Language {
    let name = name(info);
    if name.is_empty() || PLAIN.iter().any(|plain| plain.eq_ignore_ascii_case(name)) {
        return Language::Plain;
    }
    let token = ALIASES
        .iter()
        .find(|(alias, _)| alias.eq_ignore_ascii_case(name))
        .map_or(name, |(_, token)| token);
    for set in [&*SYNTECT, &*BAT] {
        if let Some(syntax) = set.find_syntax_by_token(token) {
            return Language::Known(syntax, set);
        }
    }
    Language::Unknown
}

/// The language name faqgen knows closest to `name`, for a warning's help: a grammar's file
/// extension or one-word name, an alias, or a plain name.
pub fn closest_known(name: &str) -> Option<String> {
    let names: Vec<String> = BAT
        .syntaxes()
        .iter()
        .flat_map(|syntax| {
            let own = (!syntax.name.contains(' ')).then(|| syntax.name.to_ascii_lowercase());
            syntax.file_extensions.iter().cloned().chain(own)
        })
        .chain(ALIASES.iter().map(|(alias, _)| alias.to_string()))
        .chain(PLAIN.iter().map(|plain| plain.to_string()))
        .collect();
    // One- and two-letter extensions (`c`, `mm`) are too short to be taken for a typo.
    let candidates = names.iter().map(String::as_str).filter(|n| n.len() > 2);
    crate::diagnostic::closest(&name.to_ascii_lowercase(), candidates).map(str::to_string)
}

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
const CACHE_FORMAT: u32 = 1;

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
    fn get_or_make(
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

/// `events` with every block of code written as faqgen writes it: focusable, so that a block
/// wider than the screen scrolls from the keyboard too, and, when `highlight` is on, in a known
/// language, highlighted (from `cache` when it holds the block).
/// An answer without code (most) is handed back as it is, not copied.
pub fn code_blocks<'e>(
    events: &'e [Event<'static>],
    highlight: bool,
    cache: &Cache,
) -> std::borrow::Cow<'e, [Event<'static>]> {
    if !events
        .iter()
        .any(|e| matches!(e, Event::Start(Tag::CodeBlock(_))))
    {
        return std::borrow::Cow::Borrowed(events);
    }
    let mut out = Vec::with_capacity(events.len());
    let mut events = events.iter();
    while let Some(event) = events.next() {
        let Event::Start(Tag::CodeBlock(kind)) = event else {
            out.push(event.clone());
            continue;
        };
        let mut code = String::new();
        for next in events.by_ref() {
            match next {
                Event::Text(text) => code.push_str(text),
                Event::End(TagEnd::CodeBlock) => break,
                _ => {}
            }
        }
        let (name, language) = match kind {
            CodeBlockKind::Fenced(info) => (name(info), language(info)),
            CodeBlockKind::Indented => ("", Language::Plain),
        };
        let highlighted = match language {
            Language::Known(syntax, set) if highlight => {
                cache.get_or_make(name, &code, || block_html(name, syntax, set, &code))
            }
            _ => None,
        };
        let html = match highlighted {
            Some(html) => html.to_string(),
            None => plain_block_html(name, &code),
        };
        out.push(Event::Html(CowStr::from(html)));
    }
    std::borrow::Cow::Owned(out)
}

/// The opening tags of a block of code in language `name` (none when empty).
fn open_block(html: &mut String, name: &str) {
    html.push_str("<pre tabindex=\"0\"><code");
    if !name.is_empty() {
        html.push_str(" class=\"language-");
        push_escaped(html, name);
        html.push('"');
    }
    html.push('>');
}

fn plain_block_html(name: &str, code: &str) -> String {
    let mut html = String::with_capacity(code.len() + 64);
    open_block(&mut html, name);
    push_escaped(&mut html, code);
    html.push_str("</code></pre>\n");
    html
}

/// `<pre><code>` of `code` highlighted with `syntax`; `None` when it is too long to highlight
/// or the grammar fails on it, and the block is shown plain.
fn block_html(name: &str, syntax: &SyntaxReference, set: &SyntaxSet, code: &str) -> Option<String> {
    if code.len() > MAX_CODE || code.lines().any(|line| line.len() > MAX_LINE) {
        return None;
    }
    let mut html = String::with_capacity(code.len() * 2 + 64);
    open_block(&mut html, name);
    let mut parser = ParseState::new(syntax);
    let mut state = HighlightState::new(&HIGHLIGHTER, ScopeStack::new());
    let mut run = Run::default();
    for line in LinesWithEndings::from(code) {
        let operations = parser.parse_line(line, set).ok()?;
        for (style, text) in HighlightIterator::new(&mut state, &operations, line, &HIGHLIGHTER) {
            run.push(&mut html, usize::from(style.foreground.r), text);
        }
    }
    run.close(&mut html);
    html.push_str("</code></pre>\n");
    Some(html)
}

/// Tokens of one kind in a row share one span.
#[derive(Default)]
struct Run {
    kind: usize,
}

impl Run {
    fn push(&mut self, html: &mut String, kind: usize, text: &str) {
        // Kinds past the table cannot occur (the theme holds no others); they stay plain.
        let kind = if kind < KINDS.len() { kind } else { 0 };
        if kind != self.kind && !text.trim().is_empty() {
            self.close(html);
            if kind != 0 {
                html.push_str("<span class=\"hl-");
                html.push_str(KINDS[kind].0);
                html.push_str("\">");
            }
            self.kind = kind;
        }
        push_escaped(html, text);
    }

    fn close(&mut self, html: &mut String) {
        if self.kind != 0 {
            html.push_str("</span>");
        }
        self.kind = 0;
    }
}

fn push_escaped(html: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '"' => html.push_str("&quot;"),
            c => html.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn highlighted(markdown: &str) -> String {
        let events: Vec<_> = pulldown_cmark::Parser::new(markdown)
            .map(Event::into_static)
            .collect();
        let mut html = String::new();
        pulldown_cmark::html::push_html(
            &mut html,
            code_blocks(&events, true, &Cache::default())
                .iter()
                .cloned(),
        );
        html
    }

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

    #[test]
    fn names_come_from_the_first_word_of_the_info_string() {
        assert_eq!(name("rust,ignore"), "rust");
        assert_eq!(name("python {linenos=true}"), "python");
        assert_eq!(name("{.haskell}"), "haskell");
        assert_eq!(name(""), "");
    }

    #[test]
    fn languages_are_known_plain_or_unknown() {
        assert!(matches!(language("rust"), Language::Known(s, _) if s.name == "Rust"));
        assert!(matches!(language("TOML"), Language::Known(s, _) if s.name == "TOML"));
        assert!(matches!(language("shell"), Language::Known(..)));
        assert!(matches!(language(""), Language::Plain));
        assert!(matches!(language("console"), Language::Plain));
        assert!(matches!(language("rusty"), Language::Unknown));
        assert_eq!(closest_known("pyhton").as_deref(), Some("python"));
        assert_eq!(closest_known("rusty").as_deref(), Some("rust"));
    }

    #[test]
    fn tokens_get_one_class_per_kind() {
        let html = highlighted("```rust\n// note\nfn main() { let s = \"x\"; }\n```\n");
        assert!(
            html.starts_with("<pre tabindex=\"0\"><code class=\"language-rust\">"),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"hl-c\">// note\n</span>"),
            "{html}"
        );
        // Spaces join the run before them: fewer spans.
        assert!(html.contains("<span class=\"hl-k\">fn </span>"), "{html}");
        assert!(html.contains("<span class=\"hl-f\">main</span>"), "{html}");
        assert!(
            html.contains("<span class=\"hl-s\">&quot;x&quot;</span>"),
            "{html}"
        );
    }

    #[test]
    fn code_is_escaped() {
        let html = highlighted("```html\n<script>alert(1)</script>\n```\n");
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;"), "{html}");
        let plain = highlighted("```nosuchlanguage\n<b>&</b>\n```\n");
        assert!(plain.contains("&lt;b&gt;&amp;&lt;/b&gt;"), "{plain}");
    }

    #[test]
    fn every_block_can_be_scrolled_from_the_keyboard() {
        for markdown in [
            "```rust\nfn f() {}\n```\n",
            "```\nplain\n```\n",
            "    indented\n",
        ] {
            assert!(
                highlighted(markdown).starts_with("<pre tabindex=\"0\"><code"),
                "{markdown}"
            );
        }
        let events: Vec<_> = pulldown_cmark::Parser::new("```rust\nfn f() {}\n```\n")
            .map(Event::into_static)
            .collect();
        let mut off = String::new();
        pulldown_cmark::html::push_html(
            &mut off,
            code_blocks(&events, false, &Cache::default())
                .iter()
                .cloned(),
        );
        assert_eq!(
            off,
            "<pre tabindex=\"0\"><code class=\"language-rust\">fn f() {}\n</code></pre>\n"
        );
    }

    #[test]
    fn unknown_plain_and_oversized_blocks_stay_as_written() {
        for markdown in [
            "```nosuchlanguage\nx = 1\n```\n",
            "```text\nfn main() {}\n```\n",
            "    fn indented() {}\n",
        ] {
            assert!(!highlighted(markdown).contains("hl-"), "{markdown}");
        }
        let long = format!("```rust\nlet x = \"{}\";\n```\n", "a".repeat(MAX_LINE + 1));
        assert!(!highlighted(&long).contains("hl-"));
    }
}
