"""Endpoints that exist only on the benchmarks' server (`TINHSO_BENCH_ENDPOINTS`, set by benchmarks/common.py),
mounted under /api/v1/bench/ by tinhso/api/api.py and left out of the OpenAPI document.

`POST /bench/intake-ceiling` is the ceiling of `benchmarks/intake.py`: the least an online submission could
cost on this stack. It is served by the same process, behind the same middleware and the same bearer-token
authentication as `POST /dossiers`, reads a multipart body of the same size, checks what arrives as the
submission does before any work of its own (a JSON object for the form, each file's size and type by its
first bytes) and inserts one row. The row goes to `CEILING_TABLE`, which the benchmark creates in its own
database (`CEILING_TABLE_SQL`): there is no model for it and no migration, so a normal deployment has neither
the endpoint nor the table."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import HttpRequest
from ninja import Form, Router, Schema, Status

from tinhso.api.auth import AUTH
from tinhso.api.schemas import ErrorOut
from tinhso.core import clock, permissions
from tinhso.core.files import validate_upload
from tinhso.core.models import User

CEILING_TABLE = "bench_intake_ceiling"
CEILING_TABLE_SQL = f"""
CREATE TABLE IF NOT EXISTS {CEILING_TABLE} (
    id bigserial PRIMARY KEY,
    user_id bigint NOT NULL,
    procedure varchar(40) NOT NULL,
    form jsonb NOT NULL,
    files smallint NOT NULL,
    bytes integer NOT NULL,
    created_at timestamptz NOT NULL
)"""


class CeilingOut(Schema):
    id: int


def bench_router() -> Router:
    """A new router each call (a router belongs to one API): api.py mounts it only when the setting is on."""
    router = Router(tags=["bench"])

    @router.post(
        "/bench/intake-ceiling",
        auth=AUTH,  # explicit: a logged-in user or a bearer token, as POST /dossiers
        response={201: CeilingOut, 400: ErrorOut, 403: ErrorOut},
        include_in_schema=False,
        summary="Benchmark ceiling for online submission (benchmark server only)",
    )
    def intake_ceiling(request: HttpRequest, procedure: Form[str], form: Form[str] = "{}") -> Status:
        user = permissions.acting_user(request)
        if user.kind != User.Kind.CITIZEN:
            return Status(403, {"detail": "citizens only"})
        try:
            values: Any = json.loads(form or "{}")
        except ValueError:
            values = None
        if not isinstance(values, dict):
            return Status(400, {"detail": "form"})
        files = 0
        size = 0
        for name in request.FILES:
            for upload in request.FILES.getlist(name):
                try:
                    validate_upload(upload)
                except ValidationError:
                    return Status(400, {"detail": name})
                files += 1
                size += upload.size or 0
        if size > settings.DOSSIER_MAX_BYTES:
            return Status(400, {"detail": "size"})
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {CEILING_TABLE} (user_id, procedure, form, files, bytes, created_at) "  # noqa: S608
                "VALUES (%s, %s, %s, %s, %s, %s) RETURNING id",
                [user.pk, procedure[:40], json.dumps(values), files, size, clock.now()],
            )
            (row_id,) = cursor.fetchone()
        return Status(201, {"id": row_id})

    return router
