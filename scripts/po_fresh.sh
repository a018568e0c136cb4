#!/usr/bin/env bash
# What `make messages` would produce, made on a copy and merged into the catalogue without reordering it
# (scripts/po_sync.py): new entries are appended, gone ones dropped. Prints the untranslated entries.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r tinhso manage.py "$tmp/"
(cd "$tmp" && TINHSO_VAR_DIR="$OLDPWD/var" PYTHONPATH="$tmp" "$OLDPWD/.venv/bin/python" manage.py makemessages \
  -l vi --no-location --no-obsolete --ignore=__pycache__ >/dev/null)
.venv/bin/python scripts/po_sync.py "$tmp/tinhso/locale/vi/LC_MESSAGES/django.po" "$@"
