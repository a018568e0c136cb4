"""Online submissions over HTTP: what the platform takes in at once, beside the most this stack could take.

Metrics:
- intake_per_s: online submissions taken in per second, 16 concurrent clients, each a different citizen with
  a bearer token, through the real `POST /api/v1/dossiers` with `Prefer: respond-async` (birth registration
  1.001193, its 18-field e-form filled in, an `Idempotency-Key` each): a photo of the birth certificate (JPEG,
  1200 × 1600 px, about 200 KB, as the portal's script sends a phone photo) and a scanned paper (a PDF of one
  A4 page, about 200 KB). Each answer (202) comes after everything that needs no file opened is checked as a
  direct submission checks it (procedure, agency, e-form values, required papers, each file's type by its
  first bytes, sizes), the files are stored, the submission row, its audit entry and its job are written;
- intake_ceiling_per_s: the same clients sending the same multipart body to `POST /api/v1/bench/intake-
  ceiling` (tinhso/api/bench.py): same server processes, middleware and token authentication; it checks the
  form is JSON and the files' sizes and types, and inserts one row into a table this benchmark creates;
- intake_ratio_to_ceiling: the first ÷ the second (target ≥ 0.5);
- intake_direct_per_s, intake_direct_ratio_to_ceiling: the same submissions without `Prefer` (the dossier,
  its converted files, events, first step, audit entries and notification made within the request);
- intake_registered_per_s: after the HTTP rounds, one worker (`procrastinate worker -q intake`, concurrency 1)
  turns the queued submissions into dossiers: dossiers registered per second, from the first registration
  to the last (worker start-up not counted). Every queued submission must end registered, none failed.

Ceiling, queued and direct submissions alternate in rounds (quick: 2, full: 3) so that noise from other work
on the machine falls on all three.
"""

from __future__ import annotations

import http.client
import io
import json
import random
import threading
import uuid
from collections.abc import Callable
from typing import Any

from benchmarks.common import concurrently, emit, gunicorn, prepare_database, setup_django

CLIENTS = 16
PROCEDURE = "1.001193"  # birth registration: a commune procedure with an 18-field e-form
COMMUNE = "05443"  # tinhso.core.demo.DEMO_COMMUNE (not importable before Django is set up)
TARGET_BYTES = 200_000
BOUNDARY = "----tinhso-bench-7a0c2e"


# --- the papers: a phone photo and a scanned page, about 200 KB each ---------------------------------------


def _paper_image(width: int, height: int, seed: int):  # type: ignore[no-untyped-def]
    """A photographed or scanned page: uneven light, lines of dark words, sensor noise, a slight blur."""
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(seed)
    image = Image.linear_gradient("L").resize((width, height)).point(lambda v: 196 + v // 8)
    draw = ImageDraw.Draw(image)
    line = int(height * 0.03)
    for y in range(int(height * 0.08), int(height * 0.92), line):
        x = int(width * 0.08)
        while x < width * 0.9:
            word = rng.randint(int(width * 0.02), int(width * 0.09))
            draw.rectangle([x, y, x + word, y + int(line * 0.4)], fill=rng.randint(30, 90))
            x += word + int(width * 0.012)
    image = Image.blend(image, Image.effect_noise((width, height), 24), 0.14)
    return image.filter(ImageFilter.GaussianBlur(0.7))


def _closest(make: Callable[[int], bytes]) -> bytes:
    """The output, among JPEG qualities 50 … 95, whose size is closest to TARGET_BYTES."""
    best = b""
    for quality in range(50, 96, 5):
        data = make(quality)
        if not best or abs(len(data) - TARGET_BYTES) < abs(len(best) - TARGET_BYTES):
            best = data
    return best


def photo_jpeg() -> bytes:
    """A colour phone photo of a paper as the portal's script sends it (long side 1600 px, JPEG)."""
    from PIL import Image

    grey = _paper_image(1200, 1600, seed=1)
    colour = Image.merge("RGB", (grey, grey.point(lambda v: v * 0.97), grey.point(lambda v: v * 0.91)))

    def encode(quality: int) -> bytes:
        out = io.BytesIO()
        colour.save(out, "JPEG", quality=quality)
        return out.getvalue()

    return _closest(encode)


def scan_pdf() -> bytes:
    """One A4 page scanned at 150 dpi into a PDF (grey JPEG inside, binary streams), as a scanner app makes
    it."""
    from reportlab import rl_config
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    page = _paper_image(1240, 1754, seed=2)

    def encode(quality: int) -> bytes:
        out = io.BytesIO()
        page.save(out, "JPEG", quality=quality)
        return out.getvalue()

    jpeg = _closest(encode)  # the page's JPEG is nearly all of the PDF
    rl_config.useA85 = 0  # this process's setting, whatever the platform's code set (it does the same)
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4)
    canvas.setCreator("Bench Scanner")
    canvas.drawImage(ImageReader(io.BytesIO(jpeg)), 0, 0, *A4)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


# --- the citizens, the form and the request ----------------------------------------------------------------


def _form_values(spec: list[dict[str, Any]], n: int) -> dict[str, Any]:
    """Plausible values for every field of the e-form, the requester's own for citizen n."""
    values: dict[str, Any] = {}
    for item in spec:
        kind, key = item["kind"], item["key"]
        if kind == "date":
            values[key] = "2026-11-20"
        elif kind == "select":
            values[key] = (item.get("choices") or [""])[0]
        elif kind == "citizen_id":
            values[key] = f"0191900{n:05d}"
        elif kind == "phone":
            values[key] = f"097{n:07d}"
        elif kind == "email":
            values[key] = f"bench{n}@example.vn"
        elif kind == "number":
            values[key] = "1"
        elif kind == "checkbox":
            values[key] = True
        else:
            values[key] = "Nguyễn Minh Khang"
    return values


def _citizens(count: int) -> list[tuple[str, int]]:
    """`count` citizens of the demo commune, each with an API token made by the service: (token, n)."""
    from tinhso.core.models import AdministrativeUnit, User
    from tinhso.core.services.tokens import api_token_create

    unit = AdministrativeUnit.objects.get(code=COMMUNE, level=AdministrativeUnit.Level.COMMUNE)
    have = User.objects.filter(username__startswith="intake").count()
    out = []
    for n in range(have + 1, have + count + 1):
        user = User(
            username=f"intake{n}",
            full_name=f"Công dân nộp hồ sơ {n}",
            kind=User.Kind.CITIZEN,
            phone=f"097{n:07d}",
            citizen_id=f"0191900{n:05d}",
            address_unit=unit,
        )
        user.set_unusable_password()
        user.save()
        _token, raw = api_token_create(actor=user, user=user, name="bench intake")
        out.append((raw, n))
    return out


def _multipart(fields: dict[str, str], files: list[tuple[str, str, str, bytes]]) -> bytes:
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, filename, content_type, data in files:
        head = (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        )
        parts.append(head.encode() + data + b"\r\n")
    parts.append(f"--{BOUNDARY}--\r\n".encode())
    return b"".join(parts)


class Bodies:
    """One multipart body per citizen (their own form values), the same two papers in each."""

    def __init__(self, citizens: list[tuple[str, int]]) -> None:
        from tinhso.dossiers.services.submission import papers_to_upload
        from tinhso.publicservices.models import Procedure
        from tinhso.publicservices.versions import version_current

        snapshot = version_current(Procedure.objects.get(code=PROCEDURE)).snapshot
        papers = papers_to_upload(snapshot)
        required = next(c for c in papers if c.get("required"))
        other = next(c for c in papers if c["id"] != required["id"])
        photo, scan = photo_jpeg(), scan_pdf()
        self.sizes = {"photo_bytes": len(photo), "pdf_bytes": len(scan)}
        self.queue = list(citizens)
        self.lock = threading.Lock()
        self.bodies = {
            token: _multipart(
                {
                    "procedure": PROCEDURE,
                    "form": json.dumps(_form_values(snapshot.get("form", []), n), ensure_ascii=False),
                    "delivery": "online",
                    "commune": COMMUNE,
                },
                [
                    (f"component_{required['id']}", "giay-chung-sinh.jpg", "image/jpeg", photo),
                    (f"component_{other['id']}", "giay-to-kem-theo.pdf", "application/pdf", scan),
                ],
            )
            for token, n in citizens
        }

    def take(self) -> tuple[str, bytes]:
        with self.lock:
            token, _n = self.queue.pop()
        return token, self.bodies[token]


def _poster(
    port: int, bodies: Bodies, path: str, expect: int, extra: dict[str, str]
) -> Callable[[], Callable[[], bool]]:
    """Each client thread is one citizen; each submission opens its own connection, as phones do (and as a
    reverse proxy passes them on), so the server's processes share the clients."""

    def make_step() -> Callable[[], bool]:
        token, body = bodies.take()
        headers = {
            "Authorization": f"Bearer {token}",
            "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
            "Connection": "close",
            **extra,
        }

        def step() -> bool:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            try:
                conn.request(
                    "POST", path, body=body, headers={**headers, "Idempotency-Key": str(uuid.uuid4())}
                )
                response = conn.getresponse()
                response.read()
                return response.status == expect
            except OSError:
                return False
            finally:
                conn.close()

        return step

    return make_step


def _create_ceiling_table() -> None:
    from django.db import connection

    from tinhso.api.bench import CEILING_TABLE_SQL

    with connection.cursor() as cursor:
        cursor.execute(CEILING_TABLE_SQL)


ASYNC = {"Prefer": "respond-async"}


def _register_with_one_worker(expected: int) -> tuple[float, int]:
    """Start one worker on the intake queue, wait until every queued submission is registered or failed;
    (dossiers per second from the first registration to the last, failures)."""
    import subprocess
    import time

    from benchmarks.common import ROOT, bench_env
    from tinhso.cli import worker_argv
    from tinhso.dossiers.models import Submission

    mine = Submission.objects.filter(applicant__username__startswith="intake")
    worker = subprocess.Popen(
        [*worker_argv(), "-q", "intake", "-c", "1"],
        env=bench_env(),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 600
        while mine.filter(state=Submission.State.WAITING).exists():
            if time.monotonic() > deadline or worker.poll() is not None:
                raise RuntimeError("the worker did not register the queued submissions")
            time.sleep(0.5)
    finally:
        worker.terminate()
        worker.wait(timeout=20)
    moments = sorted(mine.values_list("registered_at", flat=True))
    assert len(moments) == expected, (len(moments), expected)
    span = (moments[-1] - moments[0]).total_seconds()
    return ((len(moments) - 1) / span if span else 0.0), mine.filter(state=Submission.State.FAILED).count()


def run(quick: bool = False) -> None:
    rounds = 2 if quick else 3
    submissions = 2 if quick else 6  # per client and round
    ceiling_requests = 6 if quick else 12
    prepare_database()
    setup_django()
    from tinhso.dossiers.models import Dossier

    _create_ceiling_table()
    citizens = _citizens(CLIENTS)
    before = Dossier.objects.filter(applicant__username__startswith="intake").count()
    with gunicorn() as port:
        bodies = Bodies(citizens)

        def batch(path: str, expect: int, per_client: int, extra: dict[str, str]):  # type: ignore[no-untyped-def]
            bodies.queue = list(citizens)
            return concurrently(
                _poster(port, bodies, path, expect, extra), clients=CLIENTS, per_client=per_client
            )

        # warm every server process and thread on every path
        batch("/api/v1/dossiers", 202, 1, ASYNC)
        batch("/api/v1/dossiers", 201, 1, {})
        batch("/api/v1/bench/intake-ceiling", 201, 1, {})
        done = {"intake": [0, 0.0], "direct": [0, 0.0], "ceiling": [0, 0.0]}
        errors = 0
        for _ in range(rounds):
            for name, path, expect, per_client, extra in (
                ("ceiling", "/api/v1/bench/intake-ceiling", 201, ceiling_requests, {}),
                ("intake", "/api/v1/dossiers", 202, submissions, ASYNC),
                ("direct", "/api/v1/dossiers", 201, submissions, {}),
            ):
                result = batch(path, expect, per_client, extra)
                done[name][0] += len(result.latencies_ms)
                done[name][1] += result.seconds
                errors += result.errors
    assert errors == 0, errors
    queued = CLIENTS * (1 + rounds * submissions)
    registered_per_s, failed = _register_with_one_worker(queued)
    assert failed == 0, failed
    made = Dossier.objects.filter(applicant__username__startswith="intake").count() - before
    assert made == 2 * queued, made
    intake = done["intake"][0] / done["intake"][1]
    direct = done["direct"][0] / done["direct"][1]
    ceiling = done["ceiling"][0] / done["ceiling"][1]
    emit(
        "intake_per_s",
        intake,
        "submissions/s",
        clients=CLIENTS,
        submissions=done["intake"][0],
        files_per_dossier=2,
        **bodies.sizes,
    )
    emit("intake_ceiling_per_s", ceiling, "requests/s", clients=CLIENTS, requests=done["ceiling"][0])
    emit("intake_ratio_to_ceiling", intake / ceiling if ceiling else 0.0, "ratio", target=0.5)
    emit("intake_direct_per_s", direct, "dossiers/s", clients=CLIENTS, submissions=done["direct"][0])
    emit("intake_direct_ratio_to_ceiling", direct / ceiling if ceiling else 0.0, "ratio")
    emit("intake_registered_per_s", registered_per_s, "dossiers/s", workers=1, submissions=queued)
