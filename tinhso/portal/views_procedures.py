"""The procedure catalog for citizens: find a procedure, read everything about it."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from tinhso.core import permissions
from tinhso.core.models import Role
from tinhso.portal.forms import SearchForm
from tinhso.publicservices import selectors
from tinhso.publicservices.catalog import fee_wording, time_wording
from tinhso.publicservices.models import Procedure, ProcessStep
from tinhso.publicservices.process import process_spec


def _start_url(procedure: Procedure) -> str | None:
    """Where online submission of this procedure starts, or None while that page does not exist
    (core.links.reverse_or_none takes no arguments) or the procedure is not offered online."""
    if procedure.online_level == Procedure.OnlineLevel.NONE:
        return None
    try:
        return reverse("portal:dossier_start", kwargs={"code": procedure.code})
    except NoReverseMatch:
        return None


@permissions.public
def procedures(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    level = request.GET.get("level", "") if request.GET.get("level") in Procedure.Level.values else ""
    online = (
        request.GET.get("online", "") if request.GET.get("online") in Procedure.OnlineLevel.values else ""
    )
    fields = selectors.procedure_fields(viewer=request.user)
    field = request.GET.get("field", "") if request.GET.get("field") in fields else ""
    agencies = list(selectors.procedure_agencies(viewer=request.user).values_list("code", "name"))
    agency = request.GET.get("agency", "")
    agency = agency if agency in {code for code, _name in agencies} else ""
    rows = selectors.procedure_list(
        viewer=request.user, q=q, level=level, online_level=online, field=field, agency=agency
    )
    page = Paginator(rows, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/procedures/list.html",
        {
            "page": page,
            "q": q,
            "level": level,
            "online": online,
            "field": field,
            "fields": fields,
            "agency": agency,
            "agencies": agencies,
            "levels": [c for c in Procedure.Level.choices if c[0] != Procedure.Level.UNKNOWN],
            "onlines": [c for c in Procedure.OnlineLevel.choices if c[0] != Procedure.OnlineLevel.UNKNOWN],
        },
    )


@permissions.public
def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    procedure = selectors.procedure_get_full(viewer=request.user, code=code)
    if procedure is None:
        raise Http404
    components = list(procedure.components.all())
    steps = [
        {
            "name": step["name"],
            "who": Role(step["role"]).label,
            "where": ProcessStep.Place(step["place"]).label,
        }
        for step in process_spec(procedure)["steps"]
    ]
    return render(
        request,
        "portal/procedures/detail.html",
        {
            "procedure": procedure,
            "time_text": time_wording(procedure),
            "fee_text": fee_wording(procedure),
            # the source separates list items with " | "
            "fee_lines": [line for line in procedure.fee_detail.split(" | ") if line.strip()],
            "result_lines": [line for line in procedure.result.split(" | ") if line.strip()],
            "time_lines": [line for line in procedure.processing_time_detail.split(" | ") if line.strip()],
            "receiving_points": list(procedure.receiving_points.all()),
            "steps": steps,
            "start_url": _start_url(procedure),
            # mandatory papers first, then the others in the published order
            "to_submit": sorted((c for c in components if c.kind == "submit"), key=lambda c: not c.required),
            "to_show": [c for c in components if c.kind == "present"],
            "notes": [c for c in components if c.kind == "note"],
        },
    )
