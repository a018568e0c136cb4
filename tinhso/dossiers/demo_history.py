"""A year of past dossiers for the demo ward, so the leaders' index, the register and the statistics show
something on the first run: submitted online by a few demo citizens, received at the ward's desk, reviewed
and signed by the ward's demo officials — early, on time or late, some rated (a few dissatisfied).

They are made by the real services with the clock moved back (time-machine, a development dependency: a
production install without it, even with TINHSO_DEMO=1, gets no history). TINHSO_DEMO_HISTORY sets how many
(0: none, as the browser journeys want). Idempotent: nothing is added once the history's citizens exist."""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Max

from tinhso.core import clock, workcalendar
from tinhso.core.demo import DEMO_COMMUNE
from tinhso.core.models import AdministrativeUnit, User
from tinhso.dossiers.demo import _scan, _values
from tinhso.dossiers.errors import DossierError
from tinhso.dossiers.models import Dossier, Status
from tinhso.dossiers.portal_sync import send_pending
from tinhso.dossiers.services import (
    dossier_attach,
    dossier_finish,
    dossier_forward,
    dossier_rate,
    dossier_receive,
    dossier_save_draft,
    dossier_start,
    dossier_submit,
)
from tinhso.dossiers.services.submission import papers_to_upload
from tinhso.publicservices.models import Procedure
from tinhso.signing.models import Credential

VN = ZoneInfo("Asia/Ho_Chi_Minh")
# commune civil-status procedures that carry no fee, so a dossier goes from submission to result unpaid
PROCEDURES = ("1.001193", "1.000656")
CITIZENS = (
    ("lichsu.01", "Trần Văn Hùng"),
    ("lichsu.02", "Lê Thị Thu Hà"),
    ("lichsu.03", "Phạm Minh Tuấn"),
    ("lichsu.04", "Hoàng Thị Lan Anh"),
    ("lichsu.05", "Vũ Đức Thắng"),
    ("lichsu.06", "Đỗ Thị Hồng Nhung"),
)


def _citizens() -> list[User]:
    unit = AdministrativeUnit.objects.get(code=DEMO_COMMUNE, level=AdministrativeUnit.Level.COMMUNE)
    made = []
    for n, (username, name) in enumerate(CITIZENS, start=1):
        user = User(
            username=username,
            full_name=name,
            kind=User.Kind.CITIZEN,
            phone=f"09880000{n:02d}",
            address_unit=unit,
            address_line=f"Tổ {n + 2}",
        )
        user.set_unusable_password()  # history only: nobody logs in as them
        user.save()
        made.append(user)
    return made


def _moments(count: int, rng: random.Random, days: int) -> list[dt.datetime]:
    """Office-hour mornings on working days over the last `days`, oldest first, none in the last week."""
    today = clock.today()
    out: list[dt.datetime] = []
    while len(out) < count:
        day = today - dt.timedelta(days=rng.randrange(7, days))
        if workcalendar.is_working_day(day):
            minutes = rng.randrange(0, 180)
            out.append(dt.datetime.combine(day, dt.time(8, 0), tzinfo=VN) + dt.timedelta(minutes=minutes))
    return sorted(out)


def _submit(citizen: User, procedure: Procedure, at: dt.datetime) -> Dossier:
    commune = AdministrativeUnit.objects.get(code=DEMO_COMMUNE, level=AdministrativeUnit.Level.COMMUNE)
    dossier = dossier_start(actor=citizen, procedure=procedure, commune=commune)
    values = {
        key: ((at - dt.timedelta(days=3)).date().isoformat() if value == "2026-11-18" else value)
        for key, value in _values(procedure).items()
    }
    dossier_save_draft(actor=citizen, dossier=dossier, form_data=values)
    for item in papers_to_upload(dossier.version.snapshot):
        if item["required"]:
            dossier_attach(
                actor=citizen, dossier=dossier, component_id=item["id"], uploads=[_scan(item["name"][:40])]
            )
    return dossier_submit(actor=citizen, dossier=dossier)


def _one(
    travel, people: dict[str, User], citizen: User, procedure: Procedure, at, rng: random.Random
) -> bool:  # type: ignore[no-untyped-def]
    dossier = _submit(citizen, procedure, at)
    send_pending(
        dossier.pk
    )  # each change reaches the national portal when it happens, as the worker sends it
    travel.shift(dt.timedelta(minutes=rng.randrange(20, 90)))
    dossier = dossier_receive(actor=people["desk"], dossier=dossier)
    send_pending(dossier.pk)
    travel.shift(dt.timedelta(minutes=rng.randrange(10, 60)))
    dossier = dossier_forward(actor=people["officer"], dossier=dossier)
    send_pending(dossier.pk)
    roll = rng.random()
    if roll < 0.12 and dossier.due_at:  # late: signed after the appointment
        travel.move_to(dossier.due_at + dt.timedelta(hours=rng.randrange(2, 30)))
    else:
        travel.shift(dt.timedelta(minutes=rng.randrange(15, 120)))
    dossier = dossier_finish(actor=people["leader"], dossier=dossier, pin=settings.TINHSO_DEMO_SIGNING_PIN)
    send_pending(dossier.pk)
    if rng.random() < 0.45:
        travel.shift(dt.timedelta(hours=rng.randrange(2, 48)))
        unhappy = roll < 0.12 and rng.random() < 0.5
        score = 1 if unhappy else rng.choice((3, 3, 3, 2))
        dossier_rate(
            actor=citizen,
            dossier=Dossier.objects.get(pk=dossier.pk),
            attitude=score,
            timeliness=1 if unhappy else 3,
            guidance=score,
            overall=score,
            comment="Giải quyết chậm so với ngày hẹn." if unhappy else "",
        )
    return dossier.status in (Status.PROCESSED, Status.RETURNED)


def load_demo_history() -> int:
    count = int(getattr(settings, "TINHSO_DEMO_HISTORY", 0))
    try:
        import time_machine
    except ImportError:
        return 0
    if count <= 0 or User.objects.filter(username=CITIZENS[0][0]).exists():
        return 0
    people = {
        role: User.objects.filter(username=username).first()
        for role, username in (
            ("desk", "motcua.pdp"),
            ("officer", "chuyenvien.pdp"),
            ("leader", "lanhdao.pdp"),
        )
    }
    procedures = list(Procedure.objects.filter(code__in=PROCEDURES, is_active=True))
    if not procedures or any(user is None for user in people.values()):
        return 0
    # results are signed when they were made: only as far back as every demo certificate is valid (a set-up
    # made before the certificates were backdated gets no history)
    valid_from = Credential.objects.filter(is_active=True).aggregate(latest=Max("not_before"))["latest"]
    days = min(365, (clock.now() - valid_from).days - 1) if valid_from else 0
    if days < 60:
        return 0
    rng = random.Random(766)  # noqa: S311 - demo data, reproducible
    citizens = _citizens()
    made = 0
    for at in _moments(count, rng, days):
        with time_machine.travel(at, tick=False) as travel:
            try:
                made += _one(travel, people, rng.choice(citizens), rng.choice(procedures), at, rng)  # type: ignore[arg-type]
            except DossierError:  # a rule of the catalog this history does not follow: skip that one
                continue
    return made
