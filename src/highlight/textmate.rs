//! The TextMate grammars, read by syntect: its own (about 75 languages), then, for languages
//! it lacks, those `bat` ships (two-face: Dockerfile, PowerShell, Kotlin, … 200-odd in all).
//! They cover what the tree-sitter grammars do not; syntect's come before bat's because they
//! are about twice as fast on the same code.
//!
//! The theme handed to syntect holds kinds, not colours: its scope selectors decide which kind
//! a token is (the most specific selector wins, as in any editor theme), and the kind's number
//! travels in the red channel of the foreground.

use std::str::FromStr;
use std::sync::LazyLock;

use syntect::highlighting::{
    Color, HighlightIterator, HighlightState, Highlighter, ScopeSelectors, StyleModifier, Theme,
    ThemeItem, ThemeSettings,
};
use syntect::parsing::{ParseState, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use super::{Kind, Run};

/// The kinds of token and the scopes that have them. Scopes not listed (plain text, operators,
/// most punctuation) stay in the text colour.
const KINDS: &[(Kind, &str)] = &[
    (
        Kind::Plain,
        "keyword.operator, punctuation.separator, punctuation.terminator",
    ),
    (Kind::Comment, "comment"),
    (Kind::String, "string, constant.other.symbol"),
    (
        Kind::Number,
        "constant.numeric, constant.language, constant.character, constant.other.placeholder",
    ),
    (Kind::Keyword, "keyword, storage, variable.language"),
    (
        Kind::Function,
        "entity.name.function, support.function, variable.function",
    ),
    (
        Kind::Type,
        "entity.name.type, entity.name.class, entity.name.struct, entity.name.enum, \
         entity.other.inherited-class, support.type, support.class",
    ),
    (Kind::Tag, "entity.name.tag, meta.mapping.key string"),
    (
        Kind::Attribute,
        "entity.other.attribute-name, support.type.property-name, variable.parameter",
    ),
    (Kind::Inserted, "markup.inserted"),
    (Kind::Deleted, "markup.deleted"),
    (
        Kind::Heading,
        "markup.heading, meta.diff.range, meta.diff.header",
    ),
];

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

/// A TextMate grammar and the set it is in.
#[derive(Debug, Clone, Copy)]
pub struct Grammar {
    syntax: &'static SyntaxReference,
    set: &'static SyntaxSet,
}

impl Grammar {
    pub fn name(&self) -> &'static str {
        &self.syntax.name
    }
}

/// The grammar whose name or file extension is `token` (case aside).
pub fn find(token: &str) -> Option<Grammar> {
    [&*SYNTECT, &*BAT].into_iter().find_map(|set| {
        set.find_syntax_by_token(token)
            .map(|syntax| Grammar { syntax, set })
    })
}

/// The names a block's language may be written with: file extensions and one-word names.
pub fn names() -> impl Iterator<Item = String> {
    BAT.syntaxes().iter().flat_map(|syntax| {
        let own = (!syntax.name.contains(' ')).then(|| syntax.name.to_ascii_lowercase());
        syntax.file_extensions.iter().cloned().chain(own)
    })
}

/// `code` highlighted with `grammar` into `html`; `None` when the grammar fails on it.
pub fn highlight(grammar: Grammar, code: &str, html: &mut String) -> Option<()> {
    let mut parser = ParseState::new(grammar.syntax);
    let mut state = HighlightState::new(&HIGHLIGHTER, ScopeStack::new());
    let mut run = Run::default();
    for line in LinesWithEndings::from(code) {
        let operations = parser.parse_line(line, grammar.set).ok()?;
        for (style, text) in HighlightIterator::new(&mut state, &operations, line, &HIGHLIGHTER) {
            // Kinds past the table cannot occur (the theme holds no others); they stay plain.
            let kind = KINDS
                .get(usize::from(style.foreground.r))
                .map_or(Kind::Plain, |(kind, _)| *kind);
            run.push(html, kind, text);
        }
    }
    run.close(html);
    Some(())
}
