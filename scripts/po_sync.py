"""Bring the Vietnamese catalogue up to date without reordering it: entries the source no longer has are
dropped, new ones are appended (translations taken from the given catalogues when they have them).

    python scripts/po_sync.py FRESH.po [OTHER.po ...]

FRESH.po is what `make messages` produced on a copy; OTHER catalogues (for example another branch's) lend
their translations. Untranslated new entries are printed, to be translated by hand."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parent.parent / "tinhso/locale/vi/LC_MESSAGES/django.po"


def _key(entry: polib.POEntry) -> tuple[str, str | None, str | None]:
    return (entry.msgid, entry.msgctxt, entry.msgid_plural or None)


def main(fresh_path: str, *others: str) -> int:
    fresh = polib.pofile(fresh_path)
    wanted = {_key(e) for e in fresh if not e.obsolete}
    ours = polib.pofile(str(CATALOGUE))
    lenders = [ours, *(polib.pofile(p) for p in others)]
    known: dict[tuple[str, str | None, str | None], polib.POEntry] = {}
    for catalogue in lenders:
        for entry in catalogue:
            if entry.translated() and "fuzzy" not in entry.flags:
                known.setdefault(_key(entry), entry)
    kept = [e for e in ours if _key(e) in wanted and not e.obsolete]
    have = {_key(e) for e in kept}
    for entry in [e for e in ours]:
        ours.remove(entry)
    for entry in kept:
        ours.append(entry)
    for entry in fresh:
        key = _key(entry)
        if key in have or entry.obsolete:
            continue
        new = polib.POEntry(msgid=entry.msgid, msgctxt=entry.msgctxt, msgid_plural=entry.msgid_plural)
        source = known.get(key)
        if source is not None:
            new.msgstr, new.msgstr_plural = source.msgstr, dict(source.msgstr_plural)
        elif entry.msgid_plural:
            new.msgstr_plural = {0: ""}
        new.flags = [f for f in entry.flags if f != "fuzzy"]
        ours.append(new)
        have.add(key)
    ours.wrapwidth = 79
    ours.save(str(CATALOGUE))
    if shutil.which("msgcat"):  # GNU gettext's own line wrapping, as makemessages writes it
        subprocess.run(["msgcat", "--no-location", "-o", str(CATALOGUE), str(CATALOGUE)], check=True)
    missing = [e.msgid for e in ours if not e.translated()]
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
