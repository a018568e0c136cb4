"""DATABASE_URL switches to an external PostgreSQL; here the embedded server plays the external one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

from tinhso import devdb

ROOT = Path(__file__).resolve().parent.parent
PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.db import connection
with connection.cursor() as c:
    c.execute("SELECT current_database()")
    name = c.fetchone()[0]
print(json.dumps({"name": name, "engine": settings.DATABASES["default"]["ENGINE"]}))
"""


def test_database_url_selects_an_external_server():
    server = devdb.ensure_running()
    devdb.ensure_database(server, "tinhso_external")
    url = f"postgres://postgres@{quote(server.socket_dir, safe='')}:{server.port}/tinhso_external"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "tinhso.settings"}
    out = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    assert json.loads(out.strip().splitlines()[-1]) == {
        "name": "tinhso_external",
        "engine": "django.db.backends.postgresql",
    }
