"""The filters of the register and the statistics, once validated (tinhso.dossiers.reports.forms builds
them from a page's or the API's query string). `params()` gives them back as a query string, so links from
a number to its dossiers, the pages, and the Excel and PDF copies carry the same filters."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Q

from tinhso.core.models import AdministrativeUnit, Agency
from tinhso.dossiers.reports.periods import Period

GROUPS = ("agency", "commune", "procedure")
# the filter a row of the statistics adds to the links of its numbers, by grouping
ROW_FILTER = {"agency": "competent", "commune": "commune", "procedure": "procedure"}


@dataclass(frozen=True)
class ReportFilters:
    period: Period
    agency: Agency | None = None  # competent agency or receiving point
    competent: Agency | None = None  # competent agency only (a row of the statistics by agency)
    commune: AdministrativeUnit | None = None  # the competent agency's unit (a row by commune)
    commune_agency_ids: tuple[int, ...] = ()
    procedure_text: str = ""  # as typed: a code, or words of the name
    procedure_ids: tuple[int, ...] | None = None  # None: any procedure
    status: int | None = None
    channel: int | None = None
    measure: str = "received"
    group_by: str = "agency"

    def q(self) -> Q:
        """The filters other than the period and the measure, as one condition."""
        q = Q()
        if self.agency is not None:
            q &= Q(competent_agency_id=self.agency.pk) | Q(receiving_agency_id=self.agency.pk)
        if self.competent is not None:
            q &= Q(competent_agency_id=self.competent.pk)
        if self.commune is not None:
            q &= Q(competent_agency_id__in=list(self.commune_agency_ids))
        if self.procedure_ids is not None:
            q &= Q(procedure_id__in=list(self.procedure_ids))
        if self.status is not None:
            q &= Q(status=self.status)
        if self.channel is not None:
            q &= Q(channel=self.channel)
        return q

    def with_(self, **changes: Any) -> ReportFilters:
        return replace(self, **changes)

    def params(self, *, measure: bool = True, group: bool = False) -> dict[str, str]:
        out: dict[str, str] = {}
        if self.period.key:
            out["period"] = self.period.key
        else:
            out.update(
                period="custom", date_from=self.period.first.isoformat(), date_to=self.period.last.isoformat()
            )
        if self.agency is not None:
            out["agency"] = self.agency.code
        if self.competent is not None:
            out["competent"] = self.competent.code
        if self.commune is not None:
            out["commune"] = self.commune.code
        if self.procedure_text:
            out["procedure"] = self.procedure_text
        if self.status is not None:
            out["status"] = str(self.status)
        if self.channel is not None:
            out["channel"] = str(self.channel)
        if measure:
            out["measure"] = self.measure
        if group:
            out["group_by"] = self.group_by
        return out
