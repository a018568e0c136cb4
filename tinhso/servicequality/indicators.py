"""The indicators of the index, loaded from data/indicators.json for those that do not exist yet (an
administrator's edits are kept)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from tinhso.servicequality.models import Indicator

DATA = Path(__file__).parent / "data" / "indicators.json"


@transaction.atomic
def load_indicators(path: Path = DATA) -> dict[str, int]:
    data = json.loads(path.read_text(encoding="utf-8"))
    created = 0
    for position, entry in enumerate(data["indicators"]):
        source = data["_source"] + (f" {entry['note']}" if entry.get("note") else "")
        _row, new = Indicator.objects.get_or_create(
            code=entry["code"],
            defaults={
                "position": position,
                "group": entry["group"],
                "name": entry["name"],
                "max_points": Decimal(str(entry["max"])),
                "scope": entry.get("scope", Indicator.Scope.ALL),
                "kind": entry["kind"],
                "numerator": entry.get("numerator", ""),
                "denominator": entry.get("denominator", ""),
                "params": entry.get("params", {}),
                "source": source[:300],
                "unconfirmed": entry.get("unconfirmed", False),
            },
        )
        created += new
    return {"indicators": created}
