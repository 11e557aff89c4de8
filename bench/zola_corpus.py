#!/usr/bin/env python3
"""Turns a generated FAQ corpus in faqgen's format into the same FAQ as a Zola site, for
bench/compare.sh: one section per category, one page per entry (its question as title, its tags
as a taxonomy, its weight), the same answers (`@/` links work in Zola as in faqgen), minimal
templates like the Hugo site's, and Zola's own search index on (`build_search_index`).

    bench/zola_corpus.py FAQGEN_SITE ZOLA_SITE

Aliases are left out: Zola's `aliases` are redirects from old URLs, not other phrasings.
"""

import os
import sys

TEMPLATES = {
    "base.html": '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{% block title %}{{ config.title }}{% endblock %}</title></head>'
                 "<body>{% block content %}{% endblock %}</body></html>\n",
    "index.html": '{% extends "base.html" %}{% block content %}<h1>{{ config.title }}</h1><ul>'
                  '{% for s in section.subsections %}{% set sub = get_section(path=s) %}'
                  '<li><a href="{{ sub.permalink }}">{{ sub.title }}</a></li>{% endfor %}</ul>{% endblock %}\n',
    "section.html": '{% extends "base.html" %}{% block content %}<h1>{{ section.title }}</h1><ul>'
                    '{% for p in section.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a></li>{% endfor %}</ul>{% endblock %}\n',
    "page.html": '{% extends "base.html" %}{% block content %}<h1>{{ page.title }}</h1>{{ page.content | safe }}'
                 '<ul>{% if page.taxonomies.tags %}{% for t in page.taxonomies.tags %}<li>{{ t }}</li>{% endfor %}{% endif %}</ul>{% endblock %}\n',
    "taxonomy_list.html": '{% extends "base.html" %}{% block content %}<ul>{% for t in terms %}'
                          '<li><a href="{{ t.permalink }}">{{ t.name }}</a></li>{% endfor %}</ul>{% endblock %}\n',
    "taxonomy_single.html": '{% extends "base.html" %}{% block content %}<h1>{{ term.name }}</h1><ul>'
                            '{% for p in term.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a></li>{% endfor %}</ul>{% endblock %}\n',
}


def front_matter(text):
    """The YAML front matter of a generated file as a dict of its simple keys, and the body."""
    _, front, body = text.split("---\n", 2)
    values = {}
    for line in front.splitlines():
        if line.startswith(" ") or ":" not in line:
            continue
        key, value = line.split(":", 1)
        values[key.strip()] = value.strip()
    return values, body


def toml_string(value):
    if value.startswith('"'):
        return value  # the generator writes JSON-style strings, which TOML reads alike
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    source, out = sys.argv[1], sys.argv[2]
    base_url = "https://example.org/my-faq"
    with open(os.path.join(source, "faqgen.toml"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("base_url"):
                base_url = line.split("=", 1)[1].strip().strip('"').rstrip("/")
    write(f"{out}/config.toml",
          f'base_url = "{base_url}"\ntitle = "Generated FAQ"\ncompile_sass = false\n'
          'build_search_index = true\ngenerate_feeds = false\ntaxonomies = [{ name = "tags" }]\n')
    for name, body in TEMPLATES.items():
        write(f"{out}/templates/{name}", body)
    write(f"{out}/content/_index.md", "+++\ntitle = \"Generated FAQ\"\n+++\n")
    content = os.path.join(source, "content")
    for folder in sorted(os.listdir(content)):
        for name in sorted(os.listdir(os.path.join(content, folder))):
            with open(os.path.join(content, folder, name), encoding="utf-8") as f:
                values, body = front_matter(f.read())
            if name == "_index.md":
                write(f"{out}/content/{folder}/_index.md",
                      f"+++\ntitle = {toml_string(values['title'])}\nweight = {values.get('weight', 0)}\n"
                      'sort_by = "weight"\n+++\n')
                continue
            tags = [t.strip() for t in values.get("tags", "[]").strip("[]").split(",") if t.strip()]
            tag_list = ", ".join(toml_string(t) for t in tags)
            write(f"{out}/content/{folder}/{name}",
                  f"+++\ntitle = {toml_string(values['question'])}\nweight = {values.get('weight', 0)}\n"
                  f"[taxonomies]\ntags = [{tag_list}]\n+++\n{body}")


if __name__ == "__main__":
    main()
