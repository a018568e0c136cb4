"""The counters behind dossier codes and register numbers, visible but never editable: a hand-edited
counter would issue a number twice."""

from __future__ import annotations

from django.contrib import admin

from tinhso.core.admin import ReadOnlyAdmin
from tinhso.core.models import Sequence


@admin.register(Sequence)
class SequenceAdmin(ReadOnlyAdmin):
    list_display = ["scope", "period", "last_value"]
    search_fields = ["scope", "period"]
    ordering = ["scope", "-period"]
