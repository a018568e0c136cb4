"""Compile a .po catalogue into .mo without GNU gettext, so a bare machine can run the platform."""

from __future__ import annotations

import sys

import polib


def main(argv: list[str]) -> int:
    source, target = argv
    polib.pofile(source).save_as_mofile(target)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
