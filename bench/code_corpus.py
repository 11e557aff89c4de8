#!/usr/bin/env python3
"""Adds fenced code blocks to a copy of a generated faqgen corpus, for timing highlighting.

    code_corpus.py SRC DST [--every N]

Copies the site at SRC (made by gen_corpus.py) to DST and appends one block of code to every
Nth entry (default 3: a third of the answers, as in a software project's FAQ), cycling through
shell, YAML, JSON, TOML, Python, Rust, JavaScript and SQL blocks of 3 to 12 lines, and one in
ten in a language no grammar knows, which stays plain. Each block holds its entry's number,
so no two are the same. Same SRC, same bytes.
"""
import argparse
import os
import shutil

BLOCKS = [
    ("bash", """# install and build
cargo install faqgen --locked --version "0.{n}.0"
faqgen build --base-url "https://example.github.io/faq{n}/" && echo "built $(date)"
for f in public/*.html; do grep -c '<h1' "$f"; done
"""),
    ("yaml", """---
question: How do I renew loan {n}?
tags: [loans, renewals]
updated: 2026-10-04
aliases:
  - Can I extend a loan?
weight: 3
"""),
    ("json", """{
  "name": "faq",
  "version": "1.{n}.0",
  "private": true,
  "scripts": { "build": "faqgen build", "serve": "faqgen serve --port 8000" },
  "tags": ["help", "support", 42, null, false]
}
"""),
    ("toml", """title = "Library FAQ {n}"
base_url = "https://library.example.org/faq/"
language = "en"
page_size = 20

[languages.fr]
title = "FAQ de la bibliothèque"
"""),
    ("python", """import json
from pathlib import Path

def questions_{n}(root: Path) -> list[str]:
    \"\"\"Every question under root, sorted.\"\"\"
    found = []
    for path in root.rglob("*.md"):
        if path.name != "_index.md":
            found.append(path.read_text(encoding="utf-8").split("\\n")[1])
    return sorted(found)

print(json.dumps(questions_{n}(Path("content")), indent=2))
"""),
    ("rust", """use std::collections::HashMap;

/// Counts the words of an answer.
fn count_{n}(text: &str) -> HashMap<&str, usize> {
    let mut counts = HashMap::new();
    for word in text.split_whitespace() {
        *counts.entry(word).or_insert(0) += 1;
    }
    counts
}
"""),
    ("js", """const search = document.querySelector("[data-search] input");
search.addEventListener("input", (event) => {
  const query = event.target.value.trim();
  if (query.length < {n}) return;
  fetch(`/search/index.json?q=${encodeURIComponent(query)}`)
    .then((response) => response.json())
    .then((results) => console.log(results.length, "results"));
});
"""),
    ("sql", """SELECT q.title, COUNT(v.id) AS views
FROM questions AS q
LEFT JOIN views AS v ON v.question_id = q.id
WHERE q.id > {n} AND q.updated > '2026-01-01'
GROUP BY q.title
ORDER BY views DESC
LIMIT 10;
"""),
    ("bash", """$ faqgen check
content/loans/renew-{n}.md:4:1: warning: not updated for {n} days
"""),
    ("nosuchlanguage", """this block names a language no grammar knows
so it stays plain ({n})
"""),
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("src")
    parser.add_argument("dst")
    parser.add_argument("--every", type=int, default=3)
    args = parser.parse_args()
    if os.path.exists(args.dst):
        shutil.rmtree(args.dst)
    shutil.copytree(args.src, args.dst)
    n = 0
    for folder, _, files in sorted(os.walk(os.path.join(args.dst, "content"))):
        for name in sorted(files):
            if not name.endswith(".md") or name.startswith("_index"):
                continue
            n += 1
            if n % args.every:
                continue
            language, code = BLOCKS[(n // args.every) % len(BLOCKS)]
            with open(os.path.join(folder, name), "a", encoding="utf-8") as f:
                # Each block is its own (a number in it), as in a real FAQ: no two the same.
                f.write(f"\n```{language}\n{code.replace('{n}', str(n))}```\n")


if __name__ == "__main__":
    main()
