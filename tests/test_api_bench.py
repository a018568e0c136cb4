"""The benchmarks' ceiling endpoint: absent from a normal deployment, authenticated where it is mounted, and
checking what it is sent before inserting its one row."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from PIL import Image

from tests import factories
from tests.bench_urls import api as bench_api
from tinhso.api.api import api
from tinhso.api.bench import CEILING_TABLE, CEILING_TABLE_SQL
from tinhso.core.models import Role
from tinhso.core.services.tokens import api_token_create

pytestmark = pytest.mark.django_db
URL = "/api/v1/bench/intake-ceiling"


def jpeg() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (240, 235, 220)).save(buffer, "JPEG")
    return SimpleUploadedFile("anh.jpg", buffer.getvalue(), content_type="image/jpeg")


def bearer(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    _token, raw = api_token_create(actor=user, user=user, name="bench")
    return {"Authorization": f"Bearer {raw}"}


def rows() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {CEILING_TABLE}")  # noqa: S608 - a constant
        return int(cursor.fetchone()[0])


def test_a_normal_deployment_has_no_bench_endpoint():
    # given the default settings (TINHSO_BENCH_ENDPOINTS off)
    citizen = factories.UserFactory()
    # when a citizen with a token posts to the ceiling endpoint
    response = Client().post(URL, {"procedure": "1.001193"}, headers=bearer(citizen))
    # then it does not exist, and the API document does not mention it
    assert response.status_code == 404
    assert not [p for p in Client().get("/api/v1/openapi.json").json()["paths"] if "/bench/" in p]


def test_where_it_is_mounted_every_bench_operation_requires_authentication():
    operations = [
        operation
        for router in bench_api._get_bound_routers()
        for path_view in router.path_operations.values()
        for operation in path_view.operations
    ]
    assert operations and all(op.auth_callbacks for op in operations)
    assert not [r for r in api._get_bound_routers() if "bench" in (r.tags or [])]


@pytest.mark.urls("tests.bench_urls")
def test_the_ceiling_checks_the_payload_and_inserts_one_row():
    # given the benchmark's table and a citizen with a token
    with connection.cursor() as cursor:
        cursor.execute(CEILING_TABLE_SQL)
    citizen = factories.UserFactory()
    headers = bearer(citizen)
    form = json.dumps({"ho_ten_tre": "Nguyễn Minh Khang"})
    # when the citizen posts a form and a photo
    ok = Client().post(URL, {"procedure": "1.001193", "form": form, "component_5": jpeg()}, headers=headers)
    # then one row is inserted
    assert ok.status_code == 201, ok.content
    assert rows() == 1
    # and anonymous posts, officials, a file that is no image and a form that is no object are refused
    assert Client().post(URL, {"procedure": "1.001193", "form": form}).status_code == 401
    official = factories.official(factories.agency("05443:centre"), Role.ONE_STOP_OFFICER)
    assert Client().post(URL, {"procedure": "x"}, headers=bearer(official)).status_code == 403
    text = SimpleUploadedFile("a.jpg", b"not an image", content_type="image/jpeg")
    assert Client().post(URL, {"procedure": "x", "component_5": text}, headers=headers).status_code == 400
    assert Client().post(URL, {"procedure": "x", "form": "[1]"}, headers=headers).status_code == 400
    assert rows() == 1
