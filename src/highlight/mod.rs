//! Code in answers, highlighted when the site is built, so readers get colours without any
//! script. Each fenced block is read with its language's grammar, and every run of tokens gets
//! one short class for its kind (`hl-k` keyword, `hl-s` string, …) that the stylesheet colours
//! in light and dark. One class per run, not a span per token, keeps the HTML small, and every
//! colour in CSS, where the dark scheme changes it.
//!
//! The grammars are tree-sitter's for the languages most FAQs show (shell, JSON, YAML, Python,
//! JavaScript, Rust, …: [`tree`]), and TextMate grammars for the 200-odd others ([`textmate`]).

mod cache;
mod textmate;
mod tree;

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{LazyLock, Mutex, PoisonError};

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};

pub use cache::Cache;

/// The kinds of token the stylesheet colours, as the suffix of their class (`hl-k`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Text, operators, most punctuation: no class.
    Plain,
    Comment,
    String,
    /// Numbers, `true`, `null`, escapes.
    Number,
    Keyword,
    Function,
    Type,
    Tag,
    /// Attributes, keys of a mapping, parameters.
    Attribute,
    /// Lines a diff adds, removes, and its headers.
    Inserted,
    Deleted,
    Heading,
    /// A prompt in a shell session: `$ ` before a command, `> ` before a line it goes on to.
    Prompt,
    /// What the commands of a shell session print.
    Output,
}

impl Kind {
    fn class(self) -> &'static str {
        match self {
            Kind::Plain => "",
            Kind::Comment => "hl-c",
            Kind::String => "hl-s",
            Kind::Number => "hl-n",
            Kind::Keyword => "hl-k",
            Kind::Function => "hl-f",
            Kind::Type => "hl-t",
            Kind::Tag => "hl-g",
            Kind::Attribute => "hl-a",
            Kind::Inserted => "hl-i",
            Kind::Deleted => "hl-d",
            Kind::Heading => "hl-h",
            Kind::Prompt => "hl-p",
            Kind::Output => "hl-o",
        }
    }
}

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
    ("jsonc", "json"),
];

/// A block longer than this, or with a line longer than [`MAX_LINE`], is shown plain
/// ([`too_long`]).
const MAX_CODE: usize = 100_000;
const MAX_LINE: usize = 5_000;

/// A grammar faqgen has.
#[derive(Debug, Clone, Copy)]
pub enum Grammar {
    Tree(&'static tree::Grammar),
    TextMate(textmate::Grammar),
}

impl Grammar {
    /// The grammar's own name for its language.
    pub fn name(&self) -> &'static str {
        match self {
            Grammar::Tree(grammar) => grammar.name(),
            Grammar::TextMate(grammar) => grammar.name(),
        }
    }
}

/// What the info string of a fenced block asks for.
#[derive(Debug, Clone, Copy)]
pub enum Language {
    /// No language, or one that says the block is not code (`text`, `console`).
    Plain,
    /// A language faqgen has a grammar for.
    Known(Grammar),
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

/// The language of a fenced block with info string `info`: a tree-sitter grammar when faqgen
/// has one for it, else a TextMate one.
pub fn language(info: &str) -> Language {
    let name = name(info);
    if name.is_empty() || PLAIN.iter().any(|plain| plain.eq_ignore_ascii_case(name)) {
        return Language::Plain;
    }
    let token = ALIASES
        .iter()
        .find(|(alias, _)| alias.eq_ignore_ascii_case(name))
        .map_or(name, |(_, token)| token);
    if let Some(grammar) = tree::find(token) {
        return Language::Known(Grammar::Tree(grammar));
    }
    textmate::find(token).map_or(Language::Unknown, |grammar| {
        Language::Known(Grammar::TextMate(grammar))
    })
}

/// Every name a block's language may be written with that is long enough to be a typo's
/// target: one- and two-letter extensions (`c`, `mm`) are not.
static KNOWN_NAMES: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut names: Vec<String> = textmate::names()
        .chain(ALIASES.iter().map(|(alias, _)| alias.to_string()))
        .chain(PLAIN.iter().map(|plain| plain.to_string()))
        .filter(|name| name.len() > 2)
        .collect();
    names.sort_unstable();
    names.dedup();
    names
});

/// The language name faqgen knows closest to `name`, for a warning's help: a grammar's file
/// extension or one-word name, an alias, or a plain name. Found once per name: a site that
/// uses a language faqgen lacks (`mermaid`) tends to use it in many answers.
pub fn closest_known(name: &str) -> Option<String> {
    static FOUND: LazyLock<Mutex<HashMap<String, Option<String>>>> = LazyLock::new(Mutex::default);
    let name = name.to_ascii_lowercase();
    let mut found = FOUND.lock().unwrap_or_else(PoisonError::into_inner);
    found
        .entry(name)
        .or_insert_with_key(|name| {
            let candidates = KNOWN_NAMES.iter().map(String::as_str);
            crate::diagnostic::closest(name, candidates).map(str::to_string)
        })
        .clone()
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
            _ if highlight && is_session(name, &code) => {
                cache.get_or_make(name, &code, || session_html(name, &code))
            }
            Language::Known(grammar) if highlight => {
                cache.get_or_make(name, &code, || block_html(name, grammar, &code))
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

/// Languages whose blocks are a session at a shell when a line starts with the prompt `$ `,
/// or, for [`SHELLS`], when the first line does (a script may hold `$ ` in a here-document).
const SESSIONS: &[&str] = &["console", "terminal", "shell-session"];
const SHELLS: &[&str] = &["bash", "sh", "shell", "zsh"];

/// Whether `code`, in language `name`, is a session at a shell: commands after a `$ ` prompt,
/// each followed by its output.
fn is_session(name: &str, code: &str) -> bool {
    let is = |names: &[&str]| names.iter().any(|n| n.eq_ignore_ascii_case(name));
    if is(SESSIONS) {
        code.lines().any(|line| line.starts_with("$ "))
    } else if is(SHELLS) {
        code.lines()
            .find(|line| !line.trim().is_empty())
            .is_some_and(|line| line.starts_with("$ "))
    } else {
        false
    }
}

/// A session at a shell: its commands highlighted as bash, their output as written. Prompts
/// (`$ `, and `> ` on the lines a command goes on to) are dimmed and, like the output, left
/// out by *Copy*, so that what it copies can be pasted into a shell; a selection leaves out
/// the prompts. A command goes on to the next line after a `\` or when that line starts with
/// `> `.
fn session_html(name: &str, code: &str) -> Option<String> {
    if too_long(code) {
        return None;
    }
    let bash = tree::find("bash")?;
    let mut html = String::with_capacity(code.len() * 2 + 64);
    open_block(&mut html, name);
    let mut output = String::new();
    let mut lines = code.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        let Some(first) = line.strip_prefix("$ ") else {
            output.push_str(line);
            continue;
        };
        if !output.is_empty() {
            push_span(&mut html, Kind::Output, &std::mem::take(&mut output));
        }
        let mut command = first.to_string();
        let mut prompts = vec![(0, "$ ")];
        while let Some(next) = lines.peek() {
            if next.starts_with("$ ") {
                break;
            }
            if let Some(rest) = next.strip_prefix("> ") {
                prompts.push((command.len(), "> "));
                command.push_str(rest);
            } else if ends_with_escaped_newline(&command) {
                command.push_str(next);
            } else {
                break;
            }
            lines.next();
        }
        tree::highlight_with_prompts(bash, &command, &prompts, &mut html)?;
    }
    if !output.is_empty() {
        push_span(&mut html, Kind::Output, &output);
    }
    html.push_str("</code></pre>\n");
    Some(html)
}

/// Whether `text` ends with a `\` that escapes its line's end: an odd number of them.
fn ends_with_escaped_newline(text: &str) -> bool {
    let Some(line) = text.strip_suffix('\n') else {
        return false;
    };
    let line = line.strip_suffix('\r').unwrap_or(line);
    line.bytes().rev().take_while(|&b| b == b'\\').count() % 2 == 1
}

/// `text`, escaped, in a span of `kind`'s class.
fn push_span(html: &mut String, kind: Kind, text: &str) {
    open_span(html, kind);
    push_escaped(html, text);
    html.push_str("</span>");
}

fn open_span(html: &mut String, kind: Kind) {
    html.push_str("<span class=\"");
    html.push_str(kind.class());
    html.push_str("\">");
}

/// Whether `code` is too long to highlight: a grammar's time grows with it, and one pasted
/// log must not stall the build.
fn too_long(code: &str) -> bool {
    code.len() > MAX_CODE || code.lines().any(|line| line.len() > MAX_LINE)
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

/// `<pre><code>` of `code` highlighted with `grammar`; `None` when it is too long to
/// highlight or the grammar fails on it, and the block is shown plain.
fn block_html(name: &str, grammar: Grammar, code: &str) -> Option<String> {
    if too_long(code) {
        return None;
    }
    let grammar = match grammar {
        Grammar::Tree(tree) if !tree.can_read(code) => {
            Grammar::TextMate(textmate::find(tree.name())?)
        }
        grammar => grammar,
    };
    let mut html = String::with_capacity(code.len() * 2 + 64);
    open_block(&mut html, name);
    match grammar {
        Grammar::Tree(grammar) => tree::highlight(grammar, code, &mut html)?,
        Grammar::TextMate(grammar) => textmate::highlight(grammar, code, &mut html)?,
    }
    html.push_str("</code></pre>\n");
    Some(html)
}

/// Tokens of one kind in a row share one span; so do the spaces after them.
struct Run {
    kind: Kind,
}

impl Default for Run {
    fn default() -> Run {
        Run { kind: Kind::Plain }
    }
}

impl Run {
    fn push(&mut self, html: &mut String, kind: Kind, text: &str) {
        if kind != self.kind && !text.trim().is_empty() {
            self.close(html);
            if kind != Kind::Plain {
                open_span(html, kind);
            }
            self.kind = kind;
        }
        push_escaped(html, text);
    }

    fn close(&mut self, html: &mut String) {
        if self.kind != Kind::Plain {
            html.push_str("</span>");
        }
        self.kind = Kind::Plain;
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
    fn names_come_from_the_first_word_of_the_info_string() {
        assert_eq!(name("rust,ignore"), "rust");
        assert_eq!(name("python {linenos=true}"), "python");
        assert_eq!(name("{.haskell}"), "haskell");
        assert_eq!(name(""), "");
    }

    #[test]
    fn languages_are_known_plain_or_unknown() {
        assert!(matches!(language("rust"), Language::Known(g) if g.name() == "rust"));
        assert!(matches!(language("TOML"), Language::Known(g) if g.name() == "toml"));
        assert!(matches!(language("ps1"), Language::Known(g) if g.name() == "PowerShell"));
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
    fn languages_without_a_tree_sitter_grammar_use_a_textmate_one() {
        let html = highlighted("```dockerfile\nFROM debian:13\nRUN make\n```\n");
        assert!(html.contains("<span class=\"hl-k\">FROM</span>"), "{html}");
        assert!(matches!(
            language("dockerfile"),
            Language::Known(Grammar::TextMate(_))
        ));
        assert!(matches!(language("yml"), Language::Known(Grammar::Tree(_))));
    }

    #[test]
    fn a_shell_session_has_its_commands_highlighted_and_its_output_plain() {
        for name in ["console", "sh", "zsh"] {
            let html = highlighted(&format!(
                "```{name}\n$ rg --version # which?\nripgrep 14.1.0 (rev 'x')\n$ echo \"a\" \\\n    | wc -l\n1\n```\n"
            ));
            let prompt = "<span class=\"hl-p\">$ </span>";
            assert!(
                html.contains(&format!("{prompt}<span class=\"hl-f\">rg</span>")),
                "{html}"
            );
            assert!(html.contains("<span class=\"hl-c\"># which?"), "{html}");
            // Output is not code; the line after a `\` is the same command.
            assert!(
                html.contains("<span class=\"hl-o\">ripgrep 14.1.0 (rev 'x')\n</span>"),
                "{html}"
            );
            assert!(html.contains("| <span class=\"hl-f\">wc</span>"), "{html}");
            assert!(
                html.contains("<span class=\"hl-o\">1\n</span></code>"),
                "{html}"
            );
        }
        // A script, with no prompt, is highlighted whole; `console` without one stays plain.
        let script = highlighted("```bash\necho hi\n```\n");
        assert!(
            script.contains("<span class=\"hl-f\">echo</span>"),
            "{script}"
        );
        assert!(!highlighted("```console\nripgrep 14.1.0\n```\n").contains("hl-"));
    }

    #[test]
    fn a_session_command_goes_on_after_an_escaped_line_end_or_a_second_prompt() {
        let html = highlighted(
            "```console\n$ for i in 1 2; do\n> echo \"$i\"\n> done\n1\n$ echo a\\\\\na\\\\\n$ echo b\\ \nb\n```\n",
        );
        // `> ` lines are the same command, their prompts marked.
        assert!(
            html.contains("<span class=\"hl-p\">&gt; </span><span class=\"hl-f\">echo "),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"hl-p\">&gt; </span><span class=\"hl-k\">done"),
            "{html}"
        );
        // `\\` escapes a backslash, not the line's end; `\ ` escapes a space: output follows.
        assert!(
            html.contains("<span class=\"hl-o\">a\\\\\n</span>"),
            "{html}"
        );
        assert!(html.contains("<span class=\"hl-o\">b\n</span>"), "{html}");
        assert_eq!(
            html.matches("<span class=\"hl-p\">$ </span>").count(),
            3,
            "{html}"
        );
    }

    #[test]
    fn a_script_with_a_prompt_in_a_here_document_is_no_session() {
        let html = highlighted(
            "```bash\ncat > README <<EOF\nInstall:\n$ npm install\nEOF\nchmod +x run.sh\n```\n",
        );
        assert!(!html.contains("hl-p"), "{html}");
        assert!(html.contains("<span class=\"hl-f\">chmod</span>"), "{html}");
    }

    #[test]
    fn code_is_escaped() {
        let html = highlighted("```html\n<script>alert(1)</script>\n```\n");
        assert!(!html.contains("<script"), "{html}");
        let session = highlighted("```console\n$ cat x.html\n</code></pre><script>&\n```\n");
        assert!(
            session.contains(
                "<span class=\"hl-o\">&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;&amp;\n</span>"
            ),
            "{session}"
        );
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
