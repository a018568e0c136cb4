"""Dossiers apologised for before `original_due_at` existed: the appointment the apology moved is read back
from the first "apologised" event (its last line is "HH:MM dd/mm/YYYY → HH:MM dd/mm/YYYY", local time),
else taken from `late_since` (set to the missed appointment). Reversing leaves the column to be dropped."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import migrations

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def _missed(note: str) -> dt.datetime | None:
    line = note.strip().splitlines()[-1] if note.strip() else ""
    before, _arrow, _after = line.partition(" → ")
    try:
        return dt.datetime.strptime(before.strip(), "%H:%M %d/%m/%Y").replace(tzinfo=VIETNAM)
    except ValueError:
        return None


def backfill(apps, schema_editor):  # type: ignore[no-untyped-def]
    Dossier = apps.get_model("dossiers", "Dossier")
    DossierEvent = apps.get_model("dossiers", "DossierEvent")
    done: set[int] = set()
    rows = DossierEvent.objects.filter(kind="apologised", dossier__original_due_at__isnull=True)
    for event in rows.order_by("dossier_id", "at", "id").iterator():
        if event.dossier_id in done:
            continue
        done.add(event.dossier_id)
        dossier = Dossier.objects.get(pk=event.dossier_id)
        missed = _missed(event.note) or dossier.late_since
        if missed is not None:
            Dossier.objects.filter(pk=dossier.pk).update(original_due_at=missed)


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0008_registers_statistics")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
