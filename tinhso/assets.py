"""Copy the front-end files we use from node_modules (installed by `npm ci`) into var/assets/vendor.

Nothing third-party is committed; the Makefile runs this only when package-lock.json changed.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
TARGET = Path(os.environ.get("TINHSO_VAR_DIR", BASE_DIR / "var")) / "assets" / "vendor"

# destination name -> file inside node_modules
FILES = {
    "htmx.min.js": "htmx.org/dist/htmx.min.js",
}


def main() -> int:
    TARGET.mkdir(parents=True, exist_ok=True)
    missing = []
    for name, source in FILES.items():
        path = BASE_DIR / "node_modules" / source
        if not path.exists():
            missing.append(source)
            continue
        shutil.copyfile(path, TARGET / name)
    if missing:
        print("Missing front-end files (run `npm ci`): " + ", ".join(missing), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
