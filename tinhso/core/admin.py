"""Django admin: configuration by system administrators. Writes that carry rules go through services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import models
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from tinhso.core.audit import audit_record, audit_record_view
from tinhso.core.models import AdministrativeUnit, Agency, ApiToken, Department, Position, User
from tinhso.core.services.positions import sync_official_flags

admin.site.site_header = format_lazy("Tỉnh số · {}", _("configuration"))
admin.site.site_title = "Tỉnh số"
admin.site.index_title = _("Configuration")


def _admin_login(request, extra_context=None):  # type: ignore[no-untyped-def]
    """The admin has no login of its own: everyone logs in through the platform's login (lockout, audit)."""
    from django.contrib.auth.views import redirect_to_login

    return redirect_to_login(request.GET.get("next") or reverse("admin:index"), reverse("portal:login"))


admin.site.login = _admin_login  # type: ignore[method-assign]


def _jsonable(value: Any) -> Any:
    """A form value as the audit log stores it: related objects by key, so before and after compare."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.QuerySet | list | tuple | set):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _form_values(form: Any, source: dict[str, Any]) -> dict[str, Any]:
    # never a password or its hash, even if a form lists it as changed
    return {f: _jsonable(source.get(f)) for f in sorted(form.changed_data) if "password" not in f}


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records written by the platform: administrators look, they do not edit."""

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


class AuditedAdmin(admin.ModelAdmin):
    """Admin edits are writes too: each one leaves an audit entry with the changed values."""

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action=f"{obj._meta.model_name}.{'update' if change else 'create'}",
            obj=obj,
            summary={"fields": sorted(form.changed_data)},
            before=_form_values(form, form.initial) if change else None,
            after=_form_values(form, form.cleaned_data),
            subject=obj if isinstance(obj, User) else None,
        )

    def delete_model(self, request, obj):  # type: ignore[no-untyped-def]
        audit_record(actor=request.user, action=f"{obj._meta.model_name}.delete", obj=obj)
        super().delete_model(request, obj)


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(AuditedAdmin):
    list_display = ["name", "code", "division_type", "parent", "valid_from", "valid_to", "is_served"]
    list_filter = ["level", "is_served", "division_type"]
    search_fields = ["name", "code", "codename"]
    raw_id_fields = ["parent"]
    filter_horizontal = ["successors"]
    list_select_related = ["parent"]


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0


@admin.register(Agency)
class AgencyAdmin(AuditedAdmin):
    list_display = ["name", "code", "code_is_official", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active", "code_is_official"]
    search_fields = ["name", "short_name", "code"]
    raw_id_fields = ["parent", "unit"]
    inlines = [DepartmentInline]
    list_select_related = ["parent"]


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    raw_id_fields = ["agency", "department"]


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
    list_display = ["username", "full_name", "kind", "email", "phone", "is_active"]
    list_filter = ["kind", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "email", "phone"]
    ordering = ["sort_key"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("full_name", "kind", "email", "phone")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "full_name", "kind", "password1", "password2")}),
    )
    inlines = [PositionInline]

    def change_view(self, request, object_id, form_url="", extra_context=None):  # type: ignore[no-untyped-def]
        response = super().change_view(request, object_id, form_url, extra_context)
        # an administrator opening someone's account is a read of their record: they see it in their log
        if request.method == "GET" and response.status_code == 200:
            person = self.get_object(request, unquote(object_id))
            if person is not None:
                audit_record_view(actor=request.user, obj=person, subject=person)
        return response

    def save_formset(self, request, form, formset, change):  # type: ignore[no-untyped-def]
        super().save_formset(request, form, formset, change)
        sync_official_flags(form.instance)
        for obj in formset.new_objects + [o for o, _fields in formset.changed_objects]:
            audit_record(
                actor=request.user,
                action="position.admin_save",
                obj=obj,
                summary={"user": form.instance.username, "agency": obj.agency.code, "role": obj.role},
                subject=form.instance,
            )
        for obj in formset.deleted_objects:
            audit_record(actor=request.user, action="position.admin_delete", obj=obj, subject=form.instance)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]
    raw_id_fields = ["user"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False  # created with `tinhso token` or the API, so the raw token can be shown once


from tinhso.core import (  # noqa: E402 - these modules register their pages after the base classes
    admin_audit,  # noqa: F401
    admin_calendar,  # noqa: F401
    admin_identity,  # noqa: F401
    admin_notifications,  # noqa: F401
    admin_sequences,  # noqa: F401
)
