"""Vietnamese is the default language and its catalogue must be complete; English comes from the msgids."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "tinhso" / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def test_vietnamese_catalogue_is_complete():
    po = polib.pofile(str(CATALOGUE))
    assert not po.untranslated_entries(), [e.msgid for e in po.untranslated_entries()]
    assert not po.fuzzy_entries(), [e.msgid for e in po.fuzzy_entries()]


def test_placeholders_survive_translation():
    import re

    for entry in polib.pofile(str(CATALOGUE)):
        names = set(re.findall(r"%\((\w+)\)", entry.msgid))
        translations = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
        for text in translations:
            assert set(re.findall(r"%\((\w+)\)", text)) == names, entry.msgid


def test_every_string_in_the_source_is_in_the_catalogue(tmp_path):
    """Run makemessages on a copy of the source and compare: a new string without translation fails here."""
    if not shutil.which("xgettext"):
        if os.environ.get("CI") == "true":
            pytest.fail("GNU gettext is missing in CI (make test installs it)")
        pytest.skip("GNU gettext is not installed")
    copy = tmp_path / "src"
    shutil.copytree(ROOT / "tinhso", copy / "tinhso", ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    shutil.copy(ROOT / "manage.py", copy / "manage.py")
    env = {**os.environ, "TINHSO_VAR_DIR": str(ROOT / "var"), "PYTHONPATH": str(copy)}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "vi", "--no-location", "--no-obsolete"],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    fresh = {e.msgid for e in polib.pofile(str(copy / "tinhso/locale/vi/LC_MESSAGES/django.po"))}
    translated = {e.msgid for e in polib.pofile(str(CATALOGUE)) if e.translated()}
    assert not fresh - translated, f"untranslated strings: {sorted(fresh - translated)}"
