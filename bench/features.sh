#!/usr/bin/env bash
# What highlighting code and writing the site for assistants cost a build: the 10,000-entry
# corpus, plain and with code blocks (bench/code_corpus.py: a third of the answers get one),
# each built with the feature on and off, runs alternated, output on a RAM disk. Every build
# is from scratch (no .faqgen-cache/), but `code-rebuild`, which keeps the blocks the last
# build highlighted, as a rebuild after an edit does.
#
#   bench/features.sh [RUNS] [SIZE]           defaults: 7 runs, 10000 entries
#   BEFORE=path/to/older/faqgen bench/features.sh   also times an older binary on both corpora
#
# Prints a Markdown table of median wall times (ms), with the spread, and output sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
size=${2:-10000}
gen=${GEN_CORPUS:-../shared/bench/gen_corpus.py}
work=$PWD/target/bench
mkdir -p "$work"
cargo build --release --quiet
bin=$PWD/target/release/faqgen
plain=$work/corpus-$size
code=$work/corpus-$size-code
[ -d "$plain" ] || python3 "$gen" "$size" "$plain" >/dev/null
[ -d "$code" ] || python3 bench/code_corpus.py "$plain" "$code"
out_root=$(mktemp -d "${OUT_ROOT:-/dev/shm}/faqgen-features-XXXXXX")
trap 'rm -rf "$out_root"' EXIT

# A copy of the site at $1 with the line $2 added to its faqgen.toml.
variant() {
  local dir=$out_root/site-$3
  mkdir -p "$dir"
  ln -s "$1/content" "$dir/content"
  { cat "$1/faqgen.toml"; printf '%s\n' "$2"; } > "$dir/faqgen.toml"
  echo "$dir"
}

declare -A root binary
root[plain]=$plain;                                      binary[plain]=$bin
root[plain-no-llms]=$(variant "$plain" $'llms_txt = false\nmarkdown_pages = false' a); binary[plain-no-llms]=$bin
root[code]=$code;                                        binary[code]=$bin
root[code-no-highlight]=$(variant "$code" 'highlight_code = false' b); binary[code-no-highlight]=$bin
# The same, built again with what the last build kept (its highlighted blocks).
root[code-rebuild]=$(variant "$code" '' c);                binary[code-rebuild]=$bin
"$bin" --root "${root[code-rebuild]}" build --output-dir "$out_root/out" >/dev/null 2>&1
names=(plain plain-no-llms code code-no-highlight code-rebuild)
if [ -n "${BEFORE:-}" ]; then
  root[plain-before]=$plain; binary[plain-before]=$BEFORE
  root[code-before]=$code;   binary[code-before]=$BEFORE
  names+=(plain-before code-before)
fi

declare -A times sizes files
for _ in $(seq "$runs"); do
  for name in "${names[@]}"; do
    rm -rf "$out_root/out"
    # A build from scratch, but for `code-rebuild`, which keeps .faqgen-cache/.
    [ "$name" = code-rebuild ] || rm -rf "${root[$name]}/.faqgen-cache"
    start=$(date +%s%N)
    "${binary[$name]}" --root "${root[$name]}" build --output-dir "$out_root/out" >/dev/null 2>&1
    end=$(date +%s%N)
    times[$name]+="$(( (end - start) / 1000000 )) "
    sizes[$name]=$(du -sm "$out_root/out" | cut -f1)
    files[$name]=$(find "$out_root/out" -type f | wc -l)
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
spread() { tr ' ' '\n' | grep -v '^$' | sort -n | awk 'NR==1{min=$1} {max=$1} END {print min "–" max}'; }
echo "| build ($size entries, $runs runs) | median | spread | files | output |"
echo "|---|---:|---:|---:|---:|"
for name in "${names[@]}"; do
  echo "| $name | $(echo "${times[$name]}" | median) ms | $(echo "${times[$name]}" | spread) ms | ${files[$name]} | ${sizes[$name]} MB |"
done
