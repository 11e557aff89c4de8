//! The tree-sitter grammars, for the languages most FAQs show: they read a block two to three
//! times faster than the TextMate grammars (highlighting is most of what a first build of a
//! code-heavy FAQ costs), and from a real parse. Each is its grammar crate's parser and the
//! highlight queries it ships (TypeScript's after JavaScript's, which it extends), but for
//! JSON and TOML, whose queries are faqgen's own.

use std::cell::RefCell;
use std::sync::OnceLock;

use tree_sitter_highlight::{HighlightConfiguration, HighlightEvent, Highlighter};
use tree_sitter_javascript as js;
use tree_sitter_typescript as ts;

use super::{Kind, Run};

/// The capture names of the queries that faqgen colours, and their kinds. A capture takes the
/// most specific name it has all the parts of (`function.method` is a `function`);
/// `punctuation`, `operator`, `variable`, `constant` and the like stay in the text colour.
const CAPTURES: &[(&str, Kind)] = &[
    ("comment", Kind::Comment),
    ("string", Kind::String),
    ("string.special.key", Kind::Attribute),
    ("string.escape", Kind::Number),
    ("escape", Kind::Number),
    ("number", Kind::Number),
    ("float", Kind::Number),
    ("boolean", Kind::Number),
    ("constant.builtin", Kind::Number),
    ("keyword", Kind::Keyword),
    ("conditional", Kind::Keyword),
    ("storageclass", Kind::Keyword),
    ("type.qualifier", Kind::Keyword),
    ("variable.builtin", Kind::Keyword),
    // CSS's at-rules.
    ("import", Kind::Keyword),
    ("media", Kind::Keyword),
    ("keyframes", Kind::Keyword),
    ("charset", Kind::Keyword),
    ("supports", Kind::Keyword),
    ("namespace", Kind::Keyword),
    ("function", Kind::Function),
    ("type", Kind::Type),
    ("constructor", Kind::Type),
    ("tag", Kind::Tag),
    // A key of YAML or CSS, a shell variable, but a field in most languages: a grammar whose
    // `property` is a field does not report it (`Grammar::keys`), so every `property` that
    // reaches the page, in a block or in a language embedded in it, is a key.
    ("property", Kind::Attribute),
    ("attribute", Kind::Attribute),
    ("variable.parameter", Kind::Attribute),
    ("parameter", Kind::Attribute),
    // What is code inside a string (`${b + 1}`, `$(date)`, `{x}` in an f-string), and the
    // marks around it: back in the text colour.
    ("embedded", Kind::Plain),
    ("punctuation.special", Kind::Plain),
];

/// A language's parser and queries, and what they compile to, once, when a block first needs
/// them.
pub struct Grammar {
    /// The names a block may give it (case aside), its own first.
    names: &'static [&'static str],
    language: fn() -> tree_sitter::Language,
    /// Joined in this order: where two patterns take the same text, the last wins, so a
    /// language's own queries come after those of the language it extends.
    highlights: &'static [&'static str],
    injections: &'static str,
    locals: &'static str,
    /// Whether what its queries call a `property` is a key or a variable (coloured), not a
    /// field (left plain).
    keys: bool,
    compiled: OnceLock<Option<HighlightConfiguration>>,
}

impl std::fmt::Debug for Grammar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.names[0])
    }
}

impl Grammar {
    const fn new(
        names: &'static [&'static str],
        language: fn() -> tree_sitter::Language,
        highlights: &'static [&'static str],
    ) -> Grammar {
        Grammar {
            names,
            language,
            highlights,
            injections: "",
            locals: "",
            keys: false,
            compiled: OnceLock::new(),
        }
    }

    const fn with(mut self, injections: &'static str, locals: &'static str) -> Grammar {
        self.injections = injections;
        self.locals = locals;
        self
    }

    /// Its `property` captures are keys or variables, coloured as attributes.
    const fn with_keys(mut self) -> Grammar {
        self.keys = true;
        self
    }

    pub fn name(&self) -> &'static str {
        self.names[0]
    }

    /// The kind of the capture `highlight` (an index into [`CAPTURES`]).
    fn kind(highlight: usize) -> Kind {
        CAPTURES
            .get(highlight)
            .map_or(Kind::Plain, |(_, kind)| *kind)
    }

    /// The entry of [`CAPTURES`] a query's capture `name` takes, as tree-sitter-highlight
    /// matches names: the one with the most parts, all of them in `name`, the first of equals.
    fn entry_of(name: &str) -> Option<usize> {
        let parts: Vec<&str> = name.split('.').collect();
        CAPTURES
            .iter()
            .enumerate()
            .filter(|(_, (known, _))| known.split('.').all(|part| parts.contains(&part)))
            .rev()
            .max_by_key(|(_, (known, _))| known.split('.').count())
            .map(|(index, _)| index)
    }

    /// The kind of a query's capture `name`, when it colours something.
    #[cfg(test)]
    fn kind_of(name: &str) -> Kind {
        Self::entry_of(name).map_or(Kind::Plain, Self::kind)
    }

    /// Whether the capture `name` colours nothing: faqgen has no kind for it, or it is a
    /// `property` this language leaves plain.
    fn colours_nothing(&self, name: &str) -> bool {
        match Self::entry_of(name) {
            None => true,
            Some(index) => CAPTURES[index].0 == "property" && !self.keys,
        }
    }

    /// Whether its parser can read `code` safely. tree-sitter-yaml 0.7.2's scanner aborts the
    /// process (an assertion in C, which no Rust code can catch) when a block is nested about
    /// 250 levels deep; such a block goes to the TextMate grammar instead.
    pub fn can_read(&self, code: &str) -> bool {
        const DEEPEST_YAML: usize = 128;
        self.name() != "yaml"
            || code.lines().all(|line| {
                line.bytes()
                    .take_while(|b| matches!(b, b' ' | b'\t' | b'-' | b'?' | b':'))
                    .count()
                    < DEEPEST_YAML
            })
    }

    /// The compiled queries; `None` if they do not compile (a grammar crate's bug: its
    /// blocks are then shown plain).
    fn config(&self) -> Option<&HighlightConfiguration> {
        self.compiled
            .get_or_init(|| {
                let mut config = HighlightConfiguration::new(
                    (self.language)(),
                    self.names[0],
                    &self.highlights.join("\n"),
                    self.injections,
                    self.locals,
                )
                .ok()?;
                config.configure(&CAPTURES.iter().map(|(name, _)| *name).collect::<Vec<_>>());
                // Where two patterns take the same text the last wins, but many grammars
                // list a catch-all (`(identifier) @variable`) after the patterns that colour
                // it: a capture that colours nothing would undo the colour of a function.
                // Dropped, it cannot, and a block is read faster.
                let plain: Vec<String> = config
                    .query
                    .capture_names()
                    .iter()
                    .filter(|name| {
                        !name.starts_with("local.")
                            && !name.starts_with("injection.")
                            && self.colours_nothing(name)
                    })
                    .map(|name| name.to_string())
                    .collect();
                for name in plain {
                    config.query.disable_capture(&name);
                }
                Some(config)
            })
            .as_ref()
    }
}

/// faqgen's own queries for JSON and TOML: theirs were written for a highlighter where the
/// first pattern wins, and would colour JSON's keys as strings and TOML's not at all.
const JSON_QUERY: &str = r#"
(string) @string
(escape_sequence) @escape
(number) @number
[(true) (false) (null)] @constant.builtin
(comment) @comment
(pair key: (string) @property)
"#;

const TOML_QUERY: &str = r#"
(string) @string
(escape_sequence) @escape
[(integer) (float)] @number
(boolean) @constant.builtin
[(offset_date_time) (local_date_time) (local_date) (local_time)] @number
(comment) @comment
(pair [(bare_key) (dotted_key) (quoted_key)] @property)
(table [(bare_key) (dotted_key) (quoted_key)] @type)
(table_array_element [(bare_key) (dotted_key) (quoted_key)] @type)
"#;

static GRAMMARS: [Grammar; 13] = [
    Grammar::new(
        &["bash", "sh"],
        || tree_sitter_bash::LANGUAGE.into(),
        &[tree_sitter_bash::HIGHLIGHT_QUERY],
    )
    .with_keys(),
    Grammar::new(
        &["c", "h"],
        || tree_sitter_c::LANGUAGE.into(),
        &[tree_sitter_c::HIGHLIGHT_QUERY],
    ),
    Grammar::new(
        &["css"],
        || tree_sitter_css::LANGUAGE.into(),
        &[tree_sitter_css::HIGHLIGHTS_QUERY],
    )
    .with_keys(),
    Grammar::new(
        &["go"],
        || tree_sitter_go::LANGUAGE.into(),
        &[tree_sitter_go::HIGHLIGHTS_QUERY],
    ),
    Grammar::new(
        &["html", "htm", "xhtml"],
        || tree_sitter_html::LANGUAGE.into(),
        &[tree_sitter_html::HIGHLIGHTS_QUERY],
    )
    .with(tree_sitter_html::INJECTIONS_QUERY, ""),
    Grammar::new(
        &["java"],
        || tree_sitter_java::LANGUAGE.into(),
        &[tree_sitter_java::HIGHLIGHTS_QUERY],
    ),
    Grammar::new(
        &["javascript", "js", "mjs", "cjs"],
        || js::LANGUAGE.into(),
        &[js::HIGHLIGHT_QUERY, js::JSX_HIGHLIGHT_QUERY],
    )
    .with(js::INJECTIONS_QUERY, js::LOCALS_QUERY),
    Grammar::new(
        &["json"],
        || tree_sitter_json::LANGUAGE.into(),
        &[JSON_QUERY],
    )
    .with_keys(),
    Grammar::new(
        &["python", "py"],
        || tree_sitter_python::LANGUAGE.into(),
        &[tree_sitter_python::HIGHLIGHTS_QUERY],
    ),
    Grammar::new(
        &["rust", "rs"],
        || tree_sitter_rust::LANGUAGE.into(),
        &[tree_sitter_rust::HIGHLIGHTS_QUERY],
    )
    .with(tree_sitter_rust::INJECTIONS_QUERY, ""),
    Grammar::new(
        &["toml"],
        || tree_sitter_toml_ng::LANGUAGE.into(),
        &[TOML_QUERY],
    )
    .with_keys(),
    Grammar::new(
        &["typescript", "ts", "mts", "cts"],
        || ts::LANGUAGE_TYPESCRIPT.into(),
        &[js::HIGHLIGHT_QUERY, ts::HIGHLIGHTS_QUERY],
    )
    .with("", ts::LOCALS_QUERY),
    Grammar::new(
        &["yaml", "yml"],
        || tree_sitter_yaml::LANGUAGE.into(),
        &[tree_sitter_yaml::HIGHLIGHTS_QUERY],
    )
    .with_keys(),
];

/// The grammar `token` names (case aside).
pub fn find(token: &str) -> Option<&'static Grammar> {
    GRAMMARS.iter().find(|grammar| {
        grammar
            .names
            .iter()
            .any(|name| name.eq_ignore_ascii_case(token))
    })
}

thread_local! {
    /// A parser per thread: the threads that render answers highlight side by side.
    static HIGHLIGHTER: RefCell<Highlighter> = RefCell::new(Highlighter::new());
}

/// `code` highlighted with `grammar` into `html`; `None` when the grammar cannot read it.
pub fn highlight(grammar: &'static Grammar, code: &str, html: &mut String) -> Option<()> {
    highlight_with_prompts(grammar, code, &[], html)
}

/// [`highlight`], with each of `prompts` (an offset in `code`, in order, and a shell's prompt)
/// written before the code at its offset: a command a shell session spreads over lines.
pub fn highlight_with_prompts(
    grammar: &'static Grammar,
    code: &str,
    prompts: &[(usize, &str)],
    html: &mut String,
) -> Option<()> {
    let config = grammar.config()?;
    HIGHLIGHTER.with_borrow_mut(|highlighter| {
        // A language embedded in another (a script in HTML) is highlighted when faqgen has
        // its grammar.
        let events = highlighter
            .highlight(config, code.as_bytes(), None, None, |name| {
                find(name).and_then(Grammar::config)
            })
            .ok()?;
        let mut kinds: Vec<Kind> = Vec::new();
        let mut run = Run::default();
        let mut prompts = prompts.iter().peekable();
        for event in events {
            match event.ok()? {
                HighlightEvent::HighlightStart(highlight) => {
                    kinds.push(Grammar::kind(highlight.0));
                }
                HighlightEvent::HighlightEnd => {
                    kinds.pop();
                }
                HighlightEvent::Source { start, end } => {
                    let kind = kinds.last().copied().unwrap_or(Kind::Plain);
                    let mut at = start;
                    while let Some((offset, prompt)) = prompts.next_if(|(offset, _)| *offset < end)
                    {
                        let offset = (*offset).max(at);
                        run.push(html, kind, code.get(at..offset)?);
                        // Never inside a token's span: a line the command goes on to.
                        run.close(html);
                        super::push_span(html, Kind::Prompt, prompt);
                        at = offset;
                    }
                    run.push(html, kind, code.get(at..end)?);
                }
            }
        }
        run.close(html);
        // A prompt on an empty last line.
        for (_, prompt) in prompts {
            super::push_span(html, Kind::Prompt, prompt);
        }
        Some(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_grammar_compiles_its_queries() {
        for grammar in &GRAMMARS {
            assert!(grammar.config().is_some(), "{}", grammar.name());
        }
    }

    fn highlighted(language: &str, code: &str) -> String {
        let mut html = String::new();
        highlight(find(language).unwrap(), code, &mut html).unwrap();
        html
    }

    #[test]
    fn a_catch_all_pattern_does_not_undo_a_colour() {
        // Go's queries name functions, then every identifier and field a `variable` or a
        // `property`; Python's name a method call, then every attribute a `property`.
        let go = highlighted("go", "func main() { fmt.Println(\"hi\", 42) }\n");
        assert!(go.contains("<span class=\"hl-f\">main</span>"), "{go}");
        assert!(go.contains("<span class=\"hl-f\">Println</span>"), "{go}");
        assert!(go.contains("<span class=\"hl-n\">42</span>"), "{go}");
        let python = highlighted("python", "name = self.title.strip()\n");
        assert!(
            python.contains("<span class=\"hl-f\">strip</span>"),
            "{python}"
        );
        assert!(!python.contains("title</span>"), "{python}");
    }

    #[test]
    fn keys_are_attributes_where_the_language_has_keys() {
        let yaml = highlighted("yaml", "question: Why?\nweight: 3\n");
        assert!(
            yaml.contains("<span class=\"hl-a\">question</span>"),
            "{yaml}"
        );
        assert!(yaml.contains("<span class=\"hl-n\">3"), "{yaml}");
        let json = highlighted("json", "{\"a\": [1, true, \"b\"]}\n");
        assert!(
            json.contains("<span class=\"hl-a\">&quot;a&quot;</span>"),
            "{json}"
        );
        assert!(
            json.contains("<span class=\"hl-s\">&quot;b&quot;</span>"),
            "{json}"
        );
        let toml = highlighted("toml", "[site]\ntitle = \"FAQ\" # why\nsize.max = 2\n");
        assert!(toml.contains("<span class=\"hl-t\">site</span>"), "{toml}");
        assert!(
            toml.contains("<span class=\"hl-a\">title</span> ="),
            "{toml}"
        );
        assert!(
            toml.contains("<span class=\"hl-a\">size.max</span>"),
            "{toml}"
        );
        assert!(toml.contains("<span class=\"hl-c\"># why"), "{toml}");
    }

    #[test]
    fn a_script_and_a_style_in_html_are_highlighted() {
        let html = highlighted(
            "html",
            "<p class=\"x\">Hi</p>\n<script>const n = a.b;</script>\n<style>p { color: red }</style>\n",
        );
        assert!(html.contains("<span class=\"hl-g\">p </span>"), "{html}");
        assert!(html.contains("<span class=\"hl-k\">const</span>"), "{html}");
        assert!(html.contains("a.b;"), "{html}");
        assert!(html.contains("<span class=\"hl-a\">color</span>"), "{html}");
    }

    #[test]
    fn a_language_embedded_in_another_keeps_its_own_kinds() {
        // CSS's properties are keys; JavaScript's are fields, left plain.
        let js = highlighted("js", "const s = css`color: red;`; a.b = 1;\n");
        assert!(js.contains("<span class=\"hl-a\">color</span>"), "{js}");
        assert!(js.contains("a.b ="), "{js}");
    }

    #[test]
    fn code_a_grammar_cannot_parse_is_still_all_there() {
        let code = "fn main( { let = ; }}} \"unclosed\n";
        let html = highlighted("rust", code);
        let text = html
            .replace("<span class=\"hl-k\">", "")
            .replace("<span class=\"hl-s\">", "")
            .replace("<span class=\"hl-f\">", "")
            .replace("</span>", "");
        assert_eq!(text, code.replace('"', "&quot;"));
    }

    #[test]
    fn captures_take_the_most_specific_kind() {
        let python = find("py").unwrap();
        assert_eq!(Grammar::kind_of("function.method.builtin"), Kind::Function);
        assert_eq!(Grammar::kind_of("string.special.key"), Kind::Attribute);
        assert_eq!(Grammar::kind_of("string.special"), Kind::String);
        assert_eq!(Grammar::kind_of("constant"), Kind::Plain);
        assert_eq!(Grammar::kind_of("constant.builtin"), Kind::Number);
        assert!(python.colours_nothing("variable"));
        assert!(python.colours_nothing("property"));
        assert!(!python.colours_nothing("embedded"));
        assert!(!find("yaml").unwrap().colours_nothing("property"));
    }

    #[test]
    fn code_inside_a_string_is_not_coloured_as_the_string() {
        let js = highlighted("js", "const s = `x ${b + 1} y`;\n");
        assert!(
            js.contains("<span class=\"hl-s\">`x </span>${b + <span class=\"hl-n\">1</span>}"),
            "{js}"
        );
        let bash = highlighted("bash", "echo \"today: $(date +%F)\"\n");
        assert!(bash.contains("<span class=\"hl-f\">date</span>"), "{bash}");
        assert!(
            !bash.contains("<span class=\"hl-s\">&quot;today: $(date"),
            "{bash}"
        );
    }

    #[test]
    fn yaml_nested_deeper_than_its_scanner_copes_with_is_not_given_to_it() {
        let yaml = find("yaml").unwrap();
        assert!(yaml.can_read("a:\n  - b: 1\n"));
        let deep = format!("{}x\n", "- ".repeat(254));
        assert!(!yaml.can_read(&deep));
        let indented: String = (0..300)
            .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
            .collect();
        assert!(!yaml.can_read(&indented));
        assert!(find("python").unwrap().can_read(&deep));
    }

    #[test]
    fn no_name_is_taken_twice() {
        let mut names: Vec<&str> = GRAMMARS
            .iter()
            .flat_map(|g| g.names.iter().copied())
            .collect();
        let count = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), count);
    }
}
