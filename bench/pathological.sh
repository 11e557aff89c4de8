#!/usr/bin/env bash
# Hostile inputs that used to cost quadratic time or gigabytes: time and peak memory of the
# release binary on each, generated here (medians of RUNS runs).
# Usage: bench/pathological.sh [RUNS]     (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
work=target/bench/pathological
rm -rf "$work" && mkdir -p "$work"
cargo build --release --quiet
bin=$PWD/target/release/faqgen

python3 - "$work" <<'PY'
import os, sys
work = sys.argv[1]
def site(name, files):
    os.makedirs(f"{work}/{name}/content", exist_ok=True)
    with open(f"{work}/{name}/faqgen.toml", "w") as f:
        f.write('title = "Hostile"\nbase_url = "https://example.org/h/"\n')
    for path, text in files:
        os.makedirs(os.path.dirname(f"{work}/{name}/content/{path}"), exist_ok=True)
        with open(f"{work}/{name}/content/{path}", "w") as f:
            f.write(text)
def entry(body, question="How big can an answer be?"):
    return f"---\nquestion: {question}\ntags: [x]\n---\n{body}"
site("headings-20000", [("a/x.md", entry("## Same\n\nText.\n\n" * 20000))])
site("list-100000-deep", [("a/x.md", entry("- " * 100000 + "deep\n"))])
site("quotes-100000-deep", [("a/x.md", entry("> " * 100000 + "deep\n"))])
words, size = [], 0
while size < 20_000_000:
    words.append(f"w{len(words)}x"); size += len(words[-1]) + 1
site("answer-20MB", [("a/x.md", entry(" ".join(words) + "\n"))])
site("questions-20000-identical", [(f"a/q{i}.md", entry("The same answer, in a few words.\n", "Same question?")) for i in range(20000)])
with open(f"{work}/rows-20000.csv", "w") as f:
    f.write("question,answer\n" + "Same question?,Same answer.\n" * 20000)
PY

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# measure NAME COMMAND...: median seconds and peak MB of COMMAND over the runs
measure() {
  local name=$1 times=() mems=()
  shift
  for _ in $(seq "$runs"); do
    /usr/bin/time -f '%e %M' -o "$work/time.txt" "$@" >/dev/null 2>&1 || true
    read -r t m < "$work/time.txt"
    times+=("$t"); mems+=("$m")
  done
  printf '| %s | %s s | %s MB |\n' "$name" \
    "$(printf '%s\n' "${times[@]}" | median)" \
    "$(( $(printf '%s\n' "${mems[@]}" | median | cut -d. -f1) / 1024 ))"
}

echo "| input | time | peak memory |"
echo "|---|---:|---:|"
for name in headings-20000 list-100000-deep quotes-100000-deep answer-20MB questions-20000-identical; do
  measure "build: $name" "$bin" --root "$work/$name" build
done
measure "check: questions-20000-identical" "$bin" --root "$work/questions-20000-identical" check
mkdir -p "$work/import/content" && cp "$work/headings-20000/faqgen.toml" "$work/import/"
# --force: every run writes all 20,000 entries again.
measure "import: 20,000 identical CSV rows" "$bin" --root "$work/import" import "$work/rows-20000.csv" --into content/faq --force
