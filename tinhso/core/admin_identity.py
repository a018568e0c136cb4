"""Linked external identities: administrators look and may remove a link; links are made by logging in."""

from __future__ import annotations

from django.contrib import admin

from tinhso.core.admin import AuditedAdmin
from tinhso.core.models import ExternalIdentity


@admin.register(ExternalIdentity)
class ExternalIdentityAdmin(AuditedAdmin):
    list_display = [
        "user",
        "provider",
        "level_of_assurance",
        "masked_citizen_id",
        "linked_at",
        "last_login_at",
    ]
    list_filter = ["provider", "level_of_assurance"]
    search_fields = ["user__username", "user__full_name", "citizen_id", "subject"]
    raw_id_fields = ["user"]
    list_select_related = ["user"]
    readonly_fields = [
        "user",
        "provider",
        "subject",
        "level_of_assurance",
        "citizen_id",
        "claims",
        "linked_at",
        "last_login_at",
    ]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
