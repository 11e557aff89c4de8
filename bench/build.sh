#!/usr/bin/env bash
# Build time and peak memory of `faqgen build`: the example site and generated corpora.
# Usage: bench/build.sh [RUNS] [SIZES...]     (defaults: 3 runs; 1000 and 10000 entries)
# Then the median time of each stage (load, parse, link, related questions, render, search).
# Prints a Markdown table of medians. Corpora come from ../shared/bench/gen_corpus.py.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
shift || true
sizes=("${@:-1000 10000}")
sizes=(${sizes[*]})
gen=${GEN_CORPUS:-../shared/bench/gen_corpus.py}
work=target/bench
mkdir -p "$work"
cargo build --release --quiet
bin=target/release/faqgen

# median of the numbers on stdin
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

measure() { # name root
  local name=$1 root=$2 times=() mems=()
  for _ in $(seq "$runs"); do
    local start end
    # A clean build each time: with its output kept, a build with nothing changed does nothing.
    rm -rf "$work/out-$name"
    start=$(date +%s%N)
    /usr/bin/time -f '%M' -o "$work/time.txt" "$bin" --root "$root" build --output-dir "$work/out-$name" >/dev/null
    end=$(date +%s%N)
    times+=("$(( (end - start) / 1000000 ))"); mems+=("$(cat "$work/time.txt")")
  done
  local entries pages size
  entries=$(find "$root/content" -name '*.md' ! -name _index.md | wc -l)
  pages=$(find "$work/out-$name" -name '*.html' | wc -l)
  size=$(du -sm "$work/out-$name" | cut -f1)
  printf '| %s | %s | %s | %s ms | %s MB | %s MB |\n' "$name" "$entries" "$pages" \
    "$(printf '%s\n' "${times[@]}" | median)" \
    "$(printf '%s\n' "${mems[@]}" | median | awk '{printf "%.0f", $1/1024}')" "$size"
}

echo "faqgen $($bin --version | cut -d' ' -f2), $(nproc) cores, $(date -u +%Y-%m-%d), median of $runs runs"
echo
echo "| site | entries | pages | build time | peak memory | output |"
echo "|---|---:|---:|---:|---:|---:|"
measure example .
for n in "${sizes[@]}"; do
  [ -d "$work/corpus-$n" ] || python3 "$gen" "$n" "$work/corpus-$n" >/dev/null
  measure "corpus-$n" "$work/corpus-$n"
done

# Per-stage medians (link and related-questions steps included), from benches/stages.rs.
for n in "${sizes[@]}"; do
  echo
  cargo bench --quiet --bench stages -- "$work/corpus-$n" "$runs" 2>/dev/null
done
