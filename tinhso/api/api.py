"""/api/v1/: thin endpoints over selectors and services. OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query, Router, Status
from ninja.errors import AuthenticationError, ValidationError
from ninja.pagination import LimitOffsetPagination, paginate

from tinhso.api import datastore as datastore_api
from tinhso.api import dossier_decisions as dossier_decisions_api
from tinhso.api import dossiers as dossiers_api
from tinhso.api import index as index_api
from tinhso.api import intake as intake_api
from tinhso.api import lookup as lookup_api
from tinhso.api import notifications as notifications_api
from tinhso.api import payments as payments_api
from tinhso.api import procedures as procedures_api
from tinhso.api import reports as reports_api
from tinhso.api import submissions as submissions_api
from tinhso.api import verify as verify_api
from tinhso.api.auth import AUTH, session
from tinhso.api.schemas import (
    AgencyDetailOut,
    AgencyOut,
    AuditLineOut,
    AuditPageOut,
    ErrorOut,
    MeOut,
    OfficialOut,
    PositionOut,
    TokenIn,
    TokenOut,
    UnitOut,
)
from tinhso.core import access, permissions, selectors
from tinhso.core.audit import audit_line
from tinhso.core.health import health_report
from tinhso.core.models import AdministrativeUnit, Agency, Position
from tinhso.core.services.tokens import api_token_create, api_token_revoke
from tinhso.dossiers.errors import DossierError

api = NinjaAPI(
    title="Tỉnh số API",
    version="1",
    description="Digital Province platform — public services, agencies and administrative units.",
    urls_namespace="api-1",
    auth=AUTH,
    docs_url="/docs",
)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(
        request, {"detail": _("The data sent is not valid."), "errors": exc.errors}, status=422
    )


@api.exception_handler(AuthenticationError)
def auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": _("Please log in or send a valid API token.")}, status=401)


@api.exception_handler(PermissionError)
def permission_error(request: HttpRequest, exc: PermissionError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or _("You do not have permission.")}, status=403)


@api.exception_handler(DossierError)
def dossier_error(request: HttpRequest, exc: DossierError) -> HttpResponse:
    """A refused dossier action: 400 (with field errors), 403 (NotAllowed) or 409 (StaleAction)."""
    return api.create_response(request, dossiers_api.error_body(exc), status=exc.status_code)


def _position(p: Position) -> PositionOut:
    return PositionOut(
        agency_code=p.agency.code,
        agency_name=p.agency.name,
        department=p.department.name if p.department else None,
        role=p.role,
        role_label=str(p.get_role_display()),
        title=p.title,
    )


platform = Router(tags=["platform"])


@platform.get("/health", auth=None, summary="Database and worker status")
@permissions.public
def health(request: HttpRequest) -> dict:
    return health_report()


@platform.get("/me", response=MeOut, summary="The logged-in user and their positions")
def me(request: HttpRequest) -> MeOut:
    user = permissions.acting_user(request)
    positions = [_position(p) for p in selectors.positions_of(viewer=user)]
    return MeOut(
        username=user.username,
        full_name=user.get_full_name(),
        kind=user.kind,
        email=user.email,
        positions=positions,
    )


@platform.get("/me/audit", response=AuditPageOut, summary="Who viewed or changed your records, newest first")
def my_audit(
    request: HttpRequest, limit: int = Query(50, ge=1, le=200), offset: int = Query(0, ge=0)
) -> AuditPageOut:
    viewer = permissions.acting_user(request)
    rows = selectors.audit_for_subject(viewer=viewer)
    lines = [audit_line(entry, viewer=viewer) for entry in rows[offset : offset + limit]]
    return AuditPageOut(
        count=rows.count(),
        items=[
            AuditLineOut(
                at=line.at,
                action=line.action,
                action_label=line.what,
                actor=line.who,
                actor_positions=line.positions,
                by_self=line.by_self,
            )
            for line in lines
        ],
    )


@platform.post(
    "/tokens", response={201: TokenOut}, auth=[session], summary="Create an API token for yourself"
)
def token_create(request: HttpRequest, payload: TokenIn) -> Status:
    user = permissions.acting_user(request)
    token, raw = api_token_create(actor=user, user=user, name=payload.name)
    return Status(201, TokenOut(id=token.pk, name=token.name, prefix=token.prefix, token=raw))


@platform.delete(
    "/tokens/{token_id}", response={204: None, 404: ErrorOut}, summary="Revoke one of your tokens"
)
def token_delete(request: HttpRequest, token_id: int) -> Status:
    token = selectors.api_token_list(viewer=request.user).filter(pk=token_id, revoked_at__isnull=True).first()
    if token is None:
        return Status(404, {"detail": _("No such token.")})
    api_token_revoke(actor=permissions.acting_user(request), token=token)
    return Status(204, None)


directory = Router(tags=["directory"])


@directory.get("/units", response=list[UnitOut], auth=None, summary="Administrative units in force")
@permissions.public
@paginate(LimitOffsetPagination)
def units(
    request: HttpRequest,
    province: str | None = None,
    level: str | None = None,
    q: str = Query("", max_length=100),
) -> QuerySet[AdministrativeUnit]:
    if level is not None and level not in AdministrativeUnit.Level.values:
        level = "__none__"
    return selectors.unit_list(viewer=request.user, province_code=province, level=level, q=q)


@directory.get("/agencies", response=list[AgencyOut], auth=None, summary="The public directory of agencies")
@permissions.public
@paginate(LimitOffsetPagination)
def agencies(
    request: HttpRequest, kind: str | None = None, q: str = Query("", max_length=100)
) -> QuerySet[Agency]:
    if kind is not None and kind not in Agency.Kind.values:
        kind = "__none__"
    return selectors.agency_list(viewer=request.user, kind=kind, q=q)


@directory.get(
    "/agencies/{code}",
    response={200: AgencyDetailOut, 404: ErrorOut},
    auth=None,
    summary="One agency with its internal departments",
)
@permissions.public
def agency(request: HttpRequest, code: str) -> Status:
    found = selectors.agency_get(viewer=request.user, code=code)
    if found is None:
        return Status(404, {"detail": _("No agency has this identifier.")})
    return Status(200, found)


@directory.get(
    "/officials",
    response={200: list[OfficialOut], 403: ErrorOut},
    summary="Officials of your agencies (staff only)",
)
def officials(request: HttpRequest, q: str = Query("", max_length=100)) -> Status:
    if not (access.is_official(request.user) or access.is_sysadmin(request.user)):
        return Status(403, {"detail": _("Only officials can see this list.")})
    rows = selectors.official_list(viewer=request.user, q=q)[:500]
    return Status(
        200,
        [
            {
                "username": u.username,
                "full_name": u.full_name,
                "positions": [_position(p) for p in u.visible_positions],  # type: ignore[attr-defined]
            }
            for u in rows
        ],
    )


api.add_router("/", platform)
api.add_router("/", directory)
api.add_router("/", notifications_api.router)
api.add_router("/", procedures_api.router)
api.add_router("/", dossiers_api.router)
api.add_router("/", submissions_api.router)
api.add_router("/", intake_api.router)
api.add_router("/", dossier_decisions_api.router)
api.add_router("/", verify_api.router)
api.add_router("/", payments_api.router)
api.add_router("/", datastore_api.router)
api.add_router("/", index_api.router)
api.add_router("/", lookup_api.router)
if settings.TINHSO_BENCH_ENDPOINTS:  # the benchmarks' server only (benchmarks/common.py), never a deployment
    from tinhso.api.bench import bench_router

    api.add_router("/", bench_router())
api.add_router("/", reports_api.router)
