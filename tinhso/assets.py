"""Copy the third-party files we use from node_modules (installed by `npm ci`) into var/assets.

Front-end scripts go to var/assets/vendor (served as static files); the DejaVu TrueType fonts, which
cover Vietnamese, go to var/assets/fonts for the PDF forms (tinhso.documents). Nothing third-party is
committed; the Makefile runs this only when package-lock.json or this file changed.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
TARGET = Path(os.environ.get("TINHSO_VAR_DIR", BASE_DIR / "var")) / "assets"

# destination under var/assets -> file inside node_modules
FILES = {
    "vendor/htmx.min.js": "htmx.org/dist/htmx.min.js",
    "vendor/chart.umd.min.js": "chart.js/dist/chart.umd.min.js",
    "fonts/DejaVuSans.ttf": "dejavu-fonts-ttf/ttf/DejaVuSans.ttf",
    "fonts/DejaVuSans-Bold.ttf": "dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf",
    "fonts/DejaVuSans-Oblique.ttf": "dejavu-fonts-ttf/ttf/DejaVuSans-Oblique.ttf",
    "fonts/DejaVuSans-BoldOblique.ttf": "dejavu-fonts-ttf/ttf/DejaVuSans-BoldOblique.ttf",
}


def main() -> int:
    missing = []
    for name, source in FILES.items():
        path = BASE_DIR / "node_modules" / source
        if not path.exists():
            missing.append(source)
            continue
        destination = TARGET / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, destination)
    if missing:
        print("Missing third-party files (run `npm ci`): " + ", ".join(missing), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
