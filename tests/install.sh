#!/usr/bin/env bash
# Installs what the tests need when it is missing: Debian's Chromium and a Java runtime for the
# HTML checker (with apt-get, as root only), and the npm packages of tests/browser (`npm ci`,
# inside this clone). Run by `.ci/run` before the test command, and by tests/run.sh itself, so
# that the README's test command works on a fresh machine too; a second run does nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null || need+=(chromium)
command -v java >/dev/null || need+=(default-jre-headless)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "tests/install.sh: missing ${need[*]}: install with: sudo apt-get install -y ${need[*]}" >&2
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
