"""Browsing the audit log in the admin: filters by action, actor and date, and each entry's chain status."""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from tinhso.core.admin import ReadOnlyAdmin
from tinhso.core.models import AuditEntry, User


class SealedFilter(admin.SimpleListFilter):
    title = _("chain")
    parameter_name = "sealed"

    def lookups(self, request, model_admin):  # type: ignore[no-untyped-def]
        return [("yes", _("Sealed")), ("no", _("Waiting to be sealed"))]

    def queryset(self, request, queryset):  # type: ignore[no-untyped-def]
        if self.value() == "yes":
            return queryset.filter(chain_seq__isnull=False)
        if self.value() == "no":
            return queryset.filter(chain_seq__isnull=True)
        return queryset


class ActorFilter(admin.SimpleListFilter):
    """By kind of actor. A list of every actor would scan the whole log on each page; one person is found
    by searching their username."""

    title = _("actor")
    parameter_name = "actor_kind"

    def lookups(self, request, model_admin):  # type: ignore[no-untyped-def]
        return [("system", _("The system")), *User.Kind.choices]

    def queryset(self, request, queryset):  # type: ignore[no-untyped-def]
        if self.value() == "system":
            return queryset.filter(actor__isnull=True)
        if self.value() in User.Kind.values:
            return queryset.filter(actor__kind=self.value())
        return queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    # The log is append-only, even for administrators (and the database refuses changes anyway).
    list_display = [
        "at",
        "actor_label",
        "action",
        "object_type",
        "object_id",
        "subject",
        "client_address",
        "chain",
    ]
    list_filter = [
        "action",
        ActorFilter,
        ("at", admin.DateFieldListFilter),
        SealedFilter,
    ]
    search_fields = ["=actor_label", "=object_id", "action"]
    date_hierarchy = "at"
    list_select_related = ["subject"]
    show_full_result_count = False  # counting millions of rows on every page is the slow part

    @admin.display(description=_("chain"), ordering="chain_seq")
    def chain(self, obj: AuditEntry) -> str:
        # whether the chain still holds is `tinhso audit-verify`'s job (it reads the whole chain)
        if obj.chain_seq is None:
            return str(_("waiting to be sealed"))
        return format_html(
            '#{} <span title="{}">{}…</span>', obj.chain_seq, obj.entry_hash, (obj.entry_hash or "")[:12]
        )
