#!/usr/bin/env bash
# `make test`: every quality gate, then the whole test suite (unit, integration and browser) in one pytest run.
set -euo pipefail
cd "$(dirname "$0")/.."
V=.venv/bin
started=$(date +%s)

# Debian packages the suite needs on a bare machine: Chromium for browser tests, gettext for the catalogue check.
need=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
command -v xgettext >/dev/null 2>&1 || need+=(gettext)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing ${need[*]} (Debian packages)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" fonts-dejavu-core >/dev/null
  else
    echo "!! missing ${need[*]} and not root: the tests that need them will be skipped (and fail under CI=true)"
  fi
fi

echo "== ruff"
$V/ruff check .
$V/ruff format --check .
echo "== mypy"
$V/mypy tinhso
echo "== migrations are committed"
$V/python manage.py makemigrations --check --dry-run -v 1
echo "== pytest (parallel, each worker with its own test database)"
workers=${PYTEST_WORKERS:-2}
set +e
$V/pytest -n "$workers" --dist loadgroup -p no:cacheprovider "$@"
status=$?
set -e
echo "== make test took $(( $(date +%s) - started )) s"
exit $status
