from django.contrib import admin

from tinhso.core.admin import AuditedAdmin
from tinhso.publicservices.models import Component, Procedure, Synonym


class ComponentInline(admin.TabularInline):
    model = Component
    extra = 0


@admin.register(Procedure)
class ProcedureAdmin(AuditedAdmin):
    list_display = ["code", "name", "field", "level", "online_level", "fully_described", "is_active"]
    list_filter = ["level", "online_level", "fully_described", "is_active", "field"]
    search_fields = ["code", "name", "field"]
    inlines = [ComponentInline]


@admin.register(Synonym)
class SynonymAdmin(AuditedAdmin):
    list_display = ["term", "means"]
    search_fields = ["term", "means"]
