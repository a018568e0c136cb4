"""The counters behind dossier codes and register numbers, visible but never editable: a hand-edited
counter would issue a number twice."""

from __future__ import annotations

from django.contrib import admin

from tinhso.core.models import Sequence


@admin.register(Sequence)
class SequenceAdmin(admin.ModelAdmin):
    list_display = ["scope", "period", "last_value"]
    search_fields = ["scope", "period"]
    ordering = ["scope", "-period"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
