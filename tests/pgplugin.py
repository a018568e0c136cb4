"""Loaded first (pyproject addopts: -p tests.pgplugin): start the embedded PostgreSQL once, before pytest-django
and the xdist workers read the settings, so parallel workers never race to initialise the cluster."""

from __future__ import annotations

import os


def pytest_load_initial_conftests(early_config, parser, args):  # type: ignore[no-untyped-def]
    if not os.environ.get("DATABASE_URL"):
        from tinhso import devdb

        devdb.ensure_running()
    # test runs never touch the installation's signing keys: each run (and its xdist workers) gets its own
    if "SIGNING_KEY_DIR" not in os.environ:
        import tempfile

        os.environ["SIGNING_KEY_DIR"] = tempfile.mkdtemp(prefix="tinhso-test-keys-")
