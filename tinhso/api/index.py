"""/api/v1/index: the service-quality index (Decision 766) per scope and period, and the ranking of
communes and departments; for leaders of the agencies concerned and system administrators."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from tinhso.api.schemas import ErrorOut
from tinhso.core import permissions
from tinhso.servicequality import selectors
from tinhso.servicequality.index import (
    IndexResult,
    communes,
    compute_index,
    departments,
    parse_period_text,
    ranking,
)

router = Router(tags=["service-quality index"])


class IndicatorOut(Schema):
    code: str
    group: str
    name: str
    points: float
    max_points: float
    numerator: int | None
    denominator: int | None
    ratio: float | None
    no_data: bool
    unconfirmed: bool
    source: str


class GroupOut(Schema):
    group: str
    label: str
    points: float
    max_points: float


class IndexOut(Schema):
    scope: str
    scope_kind: str
    scope_label: str
    start: dt.date
    end: dt.date
    score: float
    groups: list[GroupOut]
    indicators: list[IndicatorOut]
    measures: dict[str, int]


class RankOut(Schema):
    rank: int
    scope: str
    label: str
    score: float


def _out(result: IndexResult) -> dict:  # type: ignore[type-arg]
    return {
        "scope": result.scope.key,
        "scope_kind": result.scope.kind,
        "scope_label": result.scope.label,
        "start": result.start,
        "end": result.end,
        "score": float(result.score),
        "groups": [
            {"group": g, "label": label, "points": float(p), "max_points": float(m)}
            for g, label, p, m in result.groups()
        ],
        "indicators": [
            {
                "code": i.indicator.code,
                "group": i.indicator.group,
                "name": i.indicator.name,
                "points": float(i.points),
                "max_points": float(i.max_points),
                "numerator": i.numerator,
                "denominator": i.denominator,
                "ratio": float(i.ratio) if i.ratio is not None else None,
                "no_data": i.no_data,
                "unconfirmed": i.indicator.unconfirmed,
                "source": i.indicator.source,
            }
            for i in result.indicators
        ],
        "measures": result.measures,
    }


@router.get(
    "/index",
    response={200: IndexOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="The index of a scope for a period",
    description="`scope`: `province`, a department's agency identifier or a commune's unit code; `period`: "
    "`2026-11`, `2026-Q4`, `2026` or `2026-10-01..2026-12-31`.",
)
@permissions.authenticated
def index(request: HttpRequest, scope: str = Query("province"), period: str = Query(...)) -> Status:
    if not selectors.may_view(request.user):
        return Status(403, {"detail": _("Only leaders see the service-quality index.")})
    found = selectors.scope_get(viewer=request.user, key=scope)
    if found is None:
        return Status(404, {"detail": _("You cannot see this scope.")})
    try:
        start, end = parse_period_text(period)
    except ValueError as exc:
        return Status(400, {"detail": str(exc)})
    return Status(200, _out(compute_index(found, start, end)))


@router.get(
    "/index/ranking",
    response={200: list[RankOut], 400: ErrorOut, 403: ErrorOut},
    summary="Communes or departments ranked by their index for a period (provincial leaders)",
)
@permissions.authenticated
def index_ranking(
    request: HttpRequest,
    kind: str = Query("commune", pattern="^(commune|department)$"),
    period: str = Query(...),
) -> Status:
    if not selectors.sees_province(request.user):
        return Status(403, {"detail": _("Only the province's leaders see the ranking.")})
    try:
        start, end = parse_period_text(period)
    except ValueError as exc:
        return Status(400, {"detail": str(exc)})
    rows = ranking(communes() if kind == "commune" else departments(), start, end)
    return Status(
        200,
        [
            {"rank": n, "scope": r.scope.key, "label": r.scope.label, "score": float(r.score)}
            for n, r in enumerate(rows, 1)
        ],
    )
