#!/usr/bin/env bash
# Runs every test: installs Azurite from the lock file, restores, builds with warnings as errors, and
# runs the suite (unit, integration against private Azurite instances, browser tests in Debian's chromium).
set -euo pipefail
cd "$(dirname "$0")/.."

# The browser tests drive the distribution's chromium (Playwright never downloads a browser here).
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium
  else
    echo "The browser tests need /usr/bin/chromium: run 'sudo apt-get install -y --no-install-recommends chromium' first." >&2
    exit 1
  fi
fi

npm ci --no-audit --no-fund --loglevel=error
dotnet restore MotCua.sln
dotnet build MotCua.sln --no-restore -c Release -nologo
# The log is long; whatever shows only its end (a CI summary) still sees which tests failed and why.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! dotnet test MotCua.sln --no-build -c Release -nologo --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log"; then
  echo "== Failed tests =="
  grep -A 12 -E '^\s+Failed [A-Za-z]' "$log" | cut -c 1-400 || true
  exit 1
fi
