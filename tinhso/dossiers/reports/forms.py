"""The filter form of the register and the statistics, shared by the back office and the API: the same
names (`period`, `date_from`, `date_to`, `agency`, `competent`, `commune`, `procedure`, `status`,
`channel`, `measure`, `group_by`), the same checks, the same messages.

A `period` key ("2026-11", "2026-Q4", "2026") wins over dates; with `period=custom` (or none) and dates,
the range of days is used; with nothing, the default period (this month, or this quarter)."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tinhso.core.access import AnyUser, agencies_of
from tinhso.core.models import AdministrativeUnit, Agency
from tinhso.dossiers.models import Channel, Status
from tinhso.dossiers.reports import measures
from tinhso.dossiers.reports.filters import GROUPS, ReportFilters
from tinhso.dossiers.reports.periods import (
    Period,
    month_of,
    parse_period,
    period_choices,
    quarter_of,
    range_error,
)
from tinhso.publicservices.models import Procedure

CUSTOM = "custom"
MAX_PROCEDURES = 200  # words matching more procedures than this are too vague to filter on
FORBIDDEN = "forbidden"


class FastSelect(forms.Select):
    """A select drawn in one pass: Django's per-option templates cost tens of milliseconds for the few
    hundred agencies a provincial leader may choose among, on every page of the register."""

    def render(  # type: ignore[override]
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> str:
        chosen = set(self.format_value(value))
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        parts: list[str] = []  # each one made by format_html: escaped

        def option(v: Any, label: Any) -> str:
            v = "" if v is None else str(v)
            selected = " selected" if v in chosen else ""
            return format_html('<option value="{}"{}>{}</option>', v, selected, label)

        for v, label in self.choices:
            if isinstance(label, list | tuple):
                inner = "".join(option(sub, sub_label) for sub, sub_label in label)
                parts.append(format_html('<optgroup label="{}">{}</optgroup>', v, mark_safe(inner)))  # noqa: S308
            else:
                parts.append(option(v, label))
        return format_html("<select{}>{}</select>", flatatt(final), mark_safe("".join(parts)))  # noqa: S308


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReportFilterForm(forms.Form):
    period = forms.CharField(label=_("Period"), required=False, max_length=10)
    date_from = forms.DateField(label=_("From"), required=False, widget=_date_input())
    date_to = forms.DateField(label=_("To"), required=False, widget=_date_input())
    agency = forms.CharField(label=_("Agency"), required=False, max_length=13)
    procedure = forms.CharField(
        label=_("Procedure"),
        required=False,
        max_length=100,
        help_text=_("Its code, or words of its name."),
    )
    status = forms.TypedChoiceField(
        label=_("Status"), required=False, coerce=int, empty_value=None, widget=FastSelect
    )
    channel = forms.TypedChoiceField(
        label=_("Channel"), required=False, coerce=int, empty_value=None, widget=FastSelect
    )
    measure = forms.ChoiceField(label=_("Show"), required=False, widget=FastSelect)
    group_by = forms.ChoiceField(label=_("Group by"), required=False, widget=FastSelect)
    competent = forms.CharField(required=False, max_length=13, widget=forms.HiddenInput)
    commune = forms.CharField(required=False, max_length=10, widget=forms.HiddenInput)

    def __init__(self, data: Any, *, viewer: AnyUser, today: dt.date, default: str = "month") -> None:
        data = data.copy()
        if not any(data.get(name) for name in ("period", "date_from", "date_to")):
            data["period"] = (quarter_of if default == "quarter" else month_of)(today).key
        data.setdefault("measure", "received")
        data.setdefault("group_by", GROUPS[0])
        super().__init__(data)
        self.viewer = viewer
        self.today = today
        self.visible = agencies_of(viewer).filter(is_active=True).only("id", "code", "name", "sort_key")
        none = [("", _("All"))]
        self.fields["period"].widget = FastSelect(
            choices=[*period_choices(today), (CUSTOM, _("Custom range"))]
        )
        self.fields["agency"].widget = FastSelect(choices=[*none, *((a.code, a.name) for a in self.visible)])
        self._choices("status").choices = [*none, *((s.value, s.label) for s in Status if s != Status.DRAFT)]
        self._choices("channel").choices = [*none, *Channel.choices]
        self._choices("measure").choices = [(m.key, measures.full_label(m.key)) for m in measures.MEASURES]
        self._choices("group_by").choices = [
            ("agency", pgettext_lazy("statistics", "Competent agency")),
            ("commune", _("Commune or ward")),
            ("procedure", pgettext_lazy("statistics", "Procedure")),
        ]

    def _choices(self, name: str) -> forms.ChoiceField:
        return cast(forms.ChoiceField, self.fields[name])

    # --- fields ---

    def clean_agency(self) -> Agency | None:
        code = self.cleaned_data["agency"].strip()
        if not code:
            return None
        found = Agency.objects.filter(code=code).first()
        if found is None:
            raise ValidationError(_("No agency has this identifier."))
        if not self.visible.filter(pk=found.pk).exists():
            raise ValidationError(_("You may not see the dossiers of this agency."), code=FORBIDDEN)
        return found

    def clean_competent(self) -> Agency | None:
        code = self.cleaned_data["competent"].strip()
        if not code:
            return None
        found = Agency.objects.filter(code=code).first()
        if found is None:
            raise ValidationError(_("No agency has this identifier."))
        return found  # visibility still applies: only the dossiers the viewer sees are counted

    def clean_commune(self) -> AdministrativeUnit | None:
        code = self.cleaned_data["commune"].strip()
        if not code:
            return None
        found = AdministrativeUnit.objects.filter(code=code, valid_to__isnull=True).first()
        if found is None:
            raise ValidationError(_("No administrative unit has this code."))
        return found

    def clean_procedure(self) -> tuple[str, tuple[int, ...] | None]:
        text = " ".join(self.cleaned_data["procedure"].split())
        if not text:
            return "", None
        exact = Procedure.objects.filter(code=text).values_list("id", flat=True).first()
        if exact is not None:
            return text, (exact,)
        words = Q()
        for word in text.split():
            words &= Q(name__icontains=word)
        ids = tuple(
            Procedure.objects.filter(words).order_by("id").values_list("id", flat=True)[: MAX_PROCEDURES + 1]
        )
        if not ids:
            raise ValidationError(_("No procedure has this code or these words in its name."))
        if len(ids) > MAX_PROCEDURES:
            raise ValidationError(_("Too many procedures match: give more words or the procedure's code."))
        return text, ids

    def clean_measure(self) -> str:
        return self.cleaned_data["measure"] or "received"

    def clean_group_by(self) -> str:
        return self.cleaned_data["group_by"] or GROUPS[0]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        key = (data.get("period") or "").strip()
        first, last = data.get("date_from"), data.get("date_to")
        period: Period | None = None
        if key and key != CUSTOM:
            period = parse_period(key)
            if period is None:
                self.add_error("period", _("Choose a month (2026-11), a quarter (2026-Q4) or a year (2026)."))
        elif first or last:
            if first is None or last is None:
                self.add_error(
                    "date_from" if first is None else "date_to", _("Give both dates of the range.")
                )
            elif error := range_error(first, last):
                self.add_error("date_to", error)
            else:
                period = Period(first, last)
        else:
            self.add_error("date_from", _("Give both dates of the range."))
        data["period_value"] = period
        return data

    # --- results ---

    def forbidden(self) -> bool:
        """The only problem is an agency the viewer may not see (the API answers 403, not 400)."""
        return any(e.code == FORBIDDEN for e in self.errors.as_data().get("agency", []))

    def error_messages(self) -> dict[str, list[str]]:
        return {name: [str(m) for m in messages] for name, messages in self.errors.items()}

    def filters(self) -> ReportFilters:
        data = self.cleaned_data
        commune = data.get("commune")
        procedure_text, procedure_ids = data.get("procedure") or ("", None)
        return ReportFilters(
            period=data["period_value"],
            agency=data.get("agency"),
            competent=data.get("competent"),
            commune=commune,
            commune_agency_ids=(
                tuple(Agency.objects.filter(unit=commune).values_list("id", flat=True)) if commune else ()
            ),
            procedure_text=procedure_text,
            procedure_ids=procedure_ids,
            status=data.get("status"),
            channel=data.get("channel"),
            measure=data.get("measure") or "received",
            group_by=data.get("group_by") or GROUPS[0],
        )
