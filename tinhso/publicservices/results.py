"""Result templates: what a procedure's result document says. Loaded from data/result_templates.json for
those that do not exist yet (an administrator's edits are kept) and given to the listed procedures while
they have none. The template in force when the result is signed is the one used: a document issued today
follows today's wording."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import transaction
from django.template import Context, Engine

from tinhso.publicservices.models import Procedure, ResultTemplate

DATA = Path(__file__).parent / "data" / "result_templates.json"
FIELDS = (
    "name",
    "title",
    "intro",
    "lines",
    "closing",
    "authority",
    "signer_title",
    "series",
    "document_type",
)
# a template engine of its own: no loaders, no tags beyond the built-ins, plain values in the context
_ENGINE = Engine(autoescape=False, string_if_invalid="")


@transaction.atomic
def load_result_templates(path: Path = DATA) -> int:
    data = json.loads(path.read_text(encoding="utf-8"))
    created = 0
    for entry in data["templates"]:
        template, new = ResultTemplate.objects.get_or_create(
            code=entry["code"],
            defaults={
                **{name: entry[name] for name in FIELDS},
                "is_default": entry["is_default"]
                and not ResultTemplate.objects.filter(is_default=True).exists(),
                "source": data["_source"][:300],
            },
        )
        created += new
        if entry["procedures"]:
            Procedure.objects.filter(code__in=entry["procedures"], result_template__isnull=True).update(
                result_template=template
            )
    return created


def template_for(procedure: Procedure) -> ResultTemplate | None:
    if procedure.result_template_id:
        return procedure.result_template
    return ResultTemplate.objects.filter(is_default=True).first()


def fill(text: str, values: dict[str, Any]) -> str:
    """A template text with the dossier's values (plain strings and dicts only)."""
    return _ENGINE.from_string(text).render(Context(values, autoescape=False)).strip()


def result_lines(template: ResultTemplate, values: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value) for each line whose value is not empty."""
    rows = []
    for line in template.lines.splitlines():
        label, _, value = line.partition("|")
        filled = fill(value, values)
        if label.strip() and filled:
            rows.append((label.strip(), filled))
    return rows
