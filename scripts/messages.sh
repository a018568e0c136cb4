#!/usr/bin/env bash
# Refresh the Vietnamese catalogue from the source (needs GNU gettext). Translate new entries, then `make`.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python manage.py makemessages -l vi --no-location --no-obsolete \
  --ignore=.venv --ignore=node_modules --ignore=var --ignore=tests --ignore=benchmarks
echo "Now translate the empty entries in tinhso/locale/vi/LC_MESSAGES/django.po"
