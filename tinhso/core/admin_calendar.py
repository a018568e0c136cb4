"""Admin pages of the working-day calendar: overrides of the public holidays, and office hours.

Every save and delete makes this process re-read the calendar at once (workcalendar.calendar_invalidate);
other processes see the change within TINHSO_CALENDAR_CHECK_SECONDS (ADR 0007).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminDateWidget
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from tinhso.core import workcalendar
from tinhso.core.admin import AuditedAdmin
from tinhso.core.audit import audit_record
from tinhso.core.models import CalendarOverride, OfficeHours, OfficePeriod
from tinhso.core.models.calendar import WEEKDAY_CHOICES, validate_periods


def _invalidate() -> None:
    workcalendar.calendar_invalidate()
    transaction.on_commit(workcalendar.calendar_invalidate)


class CalendarAdmin(AuditedAdmin):
    """Audited like every configuration edit, and the calendar re-read after it."""

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        super().save_model(request, obj, form, change)
        _invalidate()

    def save_related(self, request, form, formsets, change):  # type: ignore[no-untyped-def]
        super().save_related(request, form, formsets, change)
        _invalidate()

    def delete_model(self, request, obj):  # type: ignore[no-untyped-def]
        super().delete_model(request, obj)
        _invalidate()

    def delete_queryset(self, request, queryset):  # type: ignore[no-untyped-def]
        # the bulk "delete selected" action bypasses delete_model: audit each row here
        for obj in queryset:
            audit_record(actor=request.user, action=f"{obj._meta.model_name}.delete", obj=obj)
        super().delete_queryset(request, queryset)
        _invalidate()


# Django's "vi" locale parses 04/03/2026 as 3 April (US order): state the Vietnamese order here.
VIETNAMESE_DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class CalendarOverrideForm(forms.ModelForm):
    day = forms.DateField(
        label=_("day"),
        input_formats=VIETNAMESE_DATE_FORMATS,
        widget=AdminDateWidget(format=VIETNAMESE_DATE_FORMATS[0]),
        help_text=_("Day/month/year, e.g. 02/09/2026."),
    )

    class Meta:
        model = CalendarOverride
        fields = ["day", "kind", "name", "source"]


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(CalendarAdmin):
    form = CalendarOverrideForm
    list_display = ["day", "kind", "name", "source"]
    list_filter = ["kind"]
    search_fields = ["name", "source"]
    date_hierarchy = "day"
    readonly_fields = ["created_at", "updated_at"]


class OfficePeriodFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        periods = [
            (form.cleaned_data["start"], form.cleaned_data["end"])
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        validate_periods(periods)


class OfficePeriodInline(admin.TabularInline):
    model = OfficePeriod
    formset = OfficePeriodFormSet
    fields = ["start", "end"]
    extra = 0
    min_num = 1


class OfficeHoursForm(forms.ModelForm):
    weekdays = forms.TypedMultipleChoiceField(
        label=_("working weekdays"),
        choices=WEEKDAY_CHOICES,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = OfficeHours
        fields = ["name", "from_day", "from_month", "to_day", "to_month", "weekdays", "is_active"]


@admin.register(OfficeHours)
class OfficeHoursAdmin(CalendarAdmin):
    form = OfficeHoursForm
    list_display = ["name", "applies", "periods_text", "hours_per_day", "is_active"]
    list_filter = ["is_active"]
    inlines = [OfficePeriodInline]

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        return super().get_queryset(request).prefetch_related("periods")

    @admin.display(description=_("applies"))
    def applies(self, obj: OfficeHours) -> str:
        return f"{obj.from_day:02d}/{obj.from_month:02d} – {obj.to_day:02d}/{obj.to_month:02d}"

    @admin.display(description=_("periods"))
    def periods_text(self, obj: OfficeHours) -> str:
        return ", ".join(str(period) for period in obj.periods.all())

    @admin.display(description=_("hours per day"))
    def hours_per_day(self, obj: OfficeHours) -> str:
        minutes = sum(
            (p.end.hour * 60 + p.end.minute) - (p.start.hour * 60 + p.start.minute) for p in obj.periods.all()
        )
        return f"{minutes / 60:g}"
