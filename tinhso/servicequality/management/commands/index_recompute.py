"""Recompute the service-quality index's daily table from the records and report any difference with what
the events built (there must be none); `--apply` replaces the table with the recomputation."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from tinhso.servicequality import counters


class Command(BaseCommand):
    help = "Check (or rebuild with --apply) the service-quality index's daily counters against the records."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--apply", action="store_true", help="replace the table with the recomputation")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        found = counters.differences()
        for (agency, day), counter, have, fresh in found[:50]:
            self.stdout.write(f"agency {agency} {day} {counter}: stored {have}, recomputed {fresh}")
        if len(found) > 50:
            self.stdout.write(f"… and {len(found) - 50} more")
        self.stdout.write(f"{len(found)} difference(s) in {time.monotonic() - started:.1f} s")
        if options["apply"]:
            cells = counters.recompute()
            self.stdout.write(f"rebuilt {cells} cells")
        elif found:
            raise SystemExit(1)
