"""The procedure catalog for citizens: find a procedure, read everything about it."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from tinhso.core import permissions
from tinhso.portal.forms import SearchForm
from tinhso.publicservices import selectors
from tinhso.publicservices.models import Procedure


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
    rows = selectors.procedure_list(viewer=request.user, q=q, level=level, online_level=online, field=field)
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
            "levels": [c for c in Procedure.Level.choices if c[0] != Procedure.Level.UNKNOWN],
            "onlines": [c for c in Procedure.OnlineLevel.choices if c[0] != Procedure.OnlineLevel.UNKNOWN],
        },
    )


@permissions.public
def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    procedure = selectors.procedure_get(viewer=request.user, code=code)
    if procedure is None:
        raise Http404
    components = list(procedure.components.all())
    return render(
        request,
        "portal/procedures/detail.html",
        {
            "procedure": procedure,
            "to_submit": [c for c in components if c.kind == "submit"],
            "to_show": [c for c in components if c.kind == "present"],
            "notes": [c for c in components if c.kind == "note"],
        },
    )
