"""The procedure catalog as administrators edit it. Every save that changes what a dossier depends on
(time, fee, agencies, papers, e-form, process) publishes a new procedure version; dossiers keep theirs."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from tinhso.core.admin import AuditedAdmin
from tinhso.core.audit import audit_record
from tinhso.publicservices.models import (
    Component,
    FormField,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    ProcessTemplate,
    Synonym,
)
from tinhso.publicservices.process import template_for
from tinhso.publicservices.versions import version_publish


class ComponentInline(admin.TabularInline):
    model = Component
    extra = 0
    fields = ["position", "kind", "name", "originals", "copies", "required", "document_type", "template"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}}


class FormFieldInline(admin.TabularInline):
    model = FormField
    extra = 0
    fields = [
        "position",
        "section",
        "key",
        "label",
        "kind",
        "required",
        "choices",
        "prefill",
        "help_text",
        "max_length",
        "min_value",
        "max_value",
        "pattern",
        "pattern_message",
    ]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 24})}}


class VersionInline(admin.TabularInline):
    """Published versions: read only (a dossier refers to them)."""

    model = ProcedureVersion
    extra = 0
    can_delete = False
    fields = ["number", "created_at", "created_by", "note"]
    readonly_fields = ["number", "created_at", "created_by", "note"]
    ordering = ["-number"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


def _formset_changes(formsets: list[Any]) -> dict[str, dict[str, int]]:
    """What the inlines changed, for the audit log and the version note."""
    changes: dict[str, dict[str, int]] = {}
    for formset in formsets:
        counts = {
            "added": len(getattr(formset, "new_objects", [])),
            "changed": len(getattr(formset, "changed_objects", [])),
            "deleted": len(getattr(formset, "deleted_objects", [])),
        }
        if any(counts.values()):
            changes[str(formset.model._meta.verbose_name_plural)] = counts
    return changes


@admin.register(Procedure)
class ProcedureAdmin(AuditedAdmin):
    list_display = [
        "code",
        "name",
        "field",
        "level",
        "time_kind",
        "fee_kind",
        "competent_agency",
        "version",
        "is_active",
    ]
    list_filter = ["level", "online_level", "time_kind", "fee_kind", "fully_described", "is_active", "field"]
    search_fields = ["code", "name", "field"]
    list_select_related = ["competent_agency"]
    autocomplete_fields = ["competent_agency"]
    filter_horizontal = ["receiving_points"]
    readonly_fields = ["version"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = (
        (
            _("Procedure"),
            {
                "fields": (
                    "code",
                    "name",
                    "field",
                    "level",
                    "online_level",
                    "channels",
                    "subjects",
                    "result",
                    "is_active",
                )
            },
        ),
        (
            _("Processing time"),
            {
                "fields": (
                    "time_kind",
                    "time_amount",
                    "processing_time",
                    "processing_time_unit",
                    "processing_time_detail",
                )
            },
        ),
        (_("Fees and charges"), {"fields": ("fee_kind", "fee_vnd", "fee_detail")}),
        (_("Agencies"), {"fields": ("implementing_agency", "competent_agency", "receiving_points")}),
        (_("Internal process"), {"fields": ("process",)}),
        (
            _("Publication"),
            {
                "fields": (
                    "promulgating_body",
                    "decision_no",
                    "published_on",
                    "legal_basis",
                    "version",
                    "fully_described",
                    "source_url",
                    "source_note",
                )
            },
        ),
    )
    inlines = [ComponentInline, FormFieldInline, VersionInline]

    def save_related(self, request, form, formsets, change):  # type: ignore[no-untyped-def]
        super().save_related(request, form, formsets, change)
        procedure = form.instance
        changes = _formset_changes(formsets)
        if changes:
            audit_record(
                actor=request.user,
                action="procedure.parts_update",
                obj=procedure,
                summary={"code": procedure.code, "parts": changes},
            )
        edited = [str(form.fields[name].label) for name in form.changed_data if name in form.fields]
        edited += list(changes)
        before = procedure.version
        version = version_publish(
            actor=request.user,
            procedure=procedure,
            note=gettext("Edited in the administration: %(what)s") % {"what": ", ".join(edited) or "—"},
        )
        if version.number != before:
            self.message_user(
                request, gettext("Published version %(n)s") % {"n": version.number}, messages.SUCCESS
            )


class ProcessStepInline(admin.TabularInline):
    model = ProcessStep
    extra = 0
    fields = [
        "position",
        "name",
        "kind",
        "role",
        "place",
        "partner_agency",
        "department",
        "budget_hours",
        "budget_share",
    ]
    autocomplete_fields = ["partner_agency"]


@admin.register(ProcessTemplate)
class ProcessTemplateAdmin(AuditedAdmin):
    list_display = ["name", "code", "source"]
    search_fields = ["name", "code"]
    inlines = [ProcessStepInline]

    def save_related(self, request, form, formsets, change):  # type: ignore[no-untyped-def]
        """A procedure's version includes its process: publish the procedures that use this one."""
        super().save_related(request, form, formsets, change)
        template = form.instance
        changes = _formset_changes(formsets)
        if changes:
            audit_record(
                actor=request.user,
                action="processtemplate.steps_update",
                obj=template,
                summary={"code": template.code, "parts": changes},
            )
        published = 0
        note = gettext("Internal process changed: %(name)s") % {"name": template.name}
        for procedure in Procedure.objects.select_related("process", "competent_agency"):
            used = template_for(procedure)
            if used is None or used.pk != template.pk:
                continue
            before = procedure.version
            published += version_publish(actor=request.user, procedure=procedure, note=note).number != before
        if published:
            self.message_user(
                request,
                ngettext(
                    "Published a new version of %(n)s procedure",
                    "Published a new version of %(n)s procedures",
                    published,
                )
                % {"n": published},
                messages.SUCCESS,
            )


@admin.register(Synonym)
class SynonymAdmin(AuditedAdmin):
    list_display = ["term", "means"]
    search_fields = ["term", "means"]
