#!/usr/bin/env bash
# Installs what the test suite needs beyond Python packages; quick when all is there.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests ..."
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

if [ -f package.json ] && { [ ! -d node_modules ] || [ package.json -nt node_modules ]; }; then
  echo "Installing npm packages for the browser and calendar tests ..."
  npm install --no-audit --no-fund --silent
  touch node_modules
fi

# ical.js, the second independent iCalendar parser of the feed conformance tests.
if [ ! -d calendars/tests/js/node_modules ]; then
  npm ci --prefix calendars/tests/js --no-audit --no-fund --silent
fi

# PostgreSQL is on every machine here; start it if it is down. The tests themselves decide
# whether a missing server is a skip (developer machine) or a failure (CI=true).
if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -q -h 127.0.0.1 -p 5432; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  fi
fi
