"""An app submits through the queued API path on the real server; the real worker registers it: the citizen
sees the dossier under the reference she was given, and a submission with a damaged photo as "could not be
registered", with the reason, on her phone."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import urllib.request
import uuid

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from tests.e2e.conftest import RESULTS, ROOT
from tests.e2e.test_accessibility import log_in, violations

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]
BOUNDARY = "----tinhso-e2e-queued"


def _token(server_python) -> tuple[str, int, str]:  # type: ignore[no-untyped-def]
    """A bearer token for the demo citizen, the birth certificate paper's id and the e-form, from the server's
    database."""
    out = server_python(
        "import json\n"
        "from tinhso.core.models import User\n"
        "from tinhso.core.services.tokens import api_token_create\n"
        "from tinhso.publicservices.models import Procedure\n"
        "from tinhso.publicservices.versions import version_current\n"
        "from tinhso.dossiers.services.submission import papers_to_upload\n"
        "u = User.objects.get(username='congdan')\n"
        "_t, raw = api_token_create(actor=u, user=u, name='e2e app')\n"
        "snap = version_current(Procedure.objects.get(code='1.001193')).snapshot\n"
        "paper = next(c for c in papers_to_upload(snap) if c['required'])\n"
        "print(json.dumps([raw, paper['id'], snap.get('form', [])]))\n"
    )
    raw, paper, form = json.loads(out.strip().splitlines()[-1])
    return raw, paper, form


def _values(form: list[dict]) -> dict[str, object]:
    values: dict[str, object] = {}
    for item in form:
        kind = item["kind"]
        values[item["key"]] = {
            "date": "2026-11-20",
            "select": (item.get("choices") or [""])[0],
            "citizen_id": "019190000123",
            "phone": "0912345678",
            "email": "me@example.vn",
            "number": "1",
            "checkbox": True,
        }.get(kind, "Nguyễn Minh Khang")
    return values


def _post(url: str, token: str, paper: int, form: dict[str, object], image: bytes) -> dict:
    fields = {"procedure": "1.001193", "form": json.dumps(form, ensure_ascii=False), "commune": "05443"}
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    parts.append(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="component_{paper}"; filename="anh.jpg"\r\n'
        "Content-Type: image/jpeg\r\n\r\n".encode()
        + image
        + b"\r\n"
    )
    parts.append(f"--{BOUNDARY}--\r\n".encode())
    request = urllib.request.Request(  # noqa: S310 - the local test server
        url + "/api/v1/dossiers",
        data=b"".join(parts),
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
            "Prefer": "respond-async",
            "Idempotency-Key": str(uuid.uuid4()),
        },
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        assert response.status == 202
        return json.loads(response.read())


def test_queued_submissions_are_registered_by_the_worker(phone: Page, server_url, server_env, server_python):  # type: ignore[no-untyped-def]
    # given an app holding the demo citizen's token
    token, paper, form = _token(server_python)
    good = io.BytesIO()
    Image.new("RGB", (1200, 1600), (236, 232, 220)).save(good, "JPEG", quality=85)
    # when it sends a birth registration with a photo, and one whose photo is damaged
    sent = _post(server_url, token, paper, _values(form), good.getvalue())
    broken = _post(server_url, token, paper, _values(form), b"\xff\xd8\xff\xe0" + b"\x13" * 5000)
    assert sent["state"] == "waiting" and broken["state"] == "waiting"
    # and the real worker runs the intake queue until it is empty
    subprocess.run(
        [sys.executable, "-m", "django", "procrastinate", "worker", "-q", "intake", "--one-shot"],
        env=server_env,
        cwd=ROOT,
        check=True,
        timeout=120,
        capture_output=True,
    )
    # then, on her phone, the dossier is in "my dossiers" under the reference the app was given
    log_in(phone, server_url, "congdan")
    phone.goto(server_url + f"/ho-so/{sent['reference']}/")
    expect(phone.get_by_role("heading", level=1)).to_contain_text("khai sinh")
    expect(phone.get_by_text("Mới đăng ký").first).to_be_visible()
    phone.goto(server_url + "/ho-so/")
    # and the damaged one is listed as not registered, with why and a way to submit again
    pending = phone.locator("section[aria-labelledby='pending-title']")
    expect(pending).to_contain_text(broken["reference"])
    expect(pending).to_contain_text("Chưa vào được hệ thống")
    expect(pending.get_by_role("link", name="Nộp lại")).to_be_visible()
    assert sent["reference"] not in pending.inner_text()
    RESULTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(RESULTS / "queued-intake-phone.png"), full_page=True)
    assert not violations(phone)
