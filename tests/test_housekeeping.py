"""The hourly housekeeping removes what has passed and keeps the rest."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
import time_machine
from django.contrib.sessions.backends.db import SessionStore

from tinhso.core import ratelimit
from tinhso.core.housekeeping import housekeeping_run
from tinhso.core.models import OneTimeCode

NOW = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)


def _code(expires_at: dt.datetime) -> OneTimeCode:
    return OneTimeCode.objects.create(
        purpose=OneTimeCode.Purpose.REGISTER,
        channel="sms",
        address="0912345678",
        code_hash="-",
        created_at=expires_at - dt.timedelta(minutes=5),
        expires_at=expires_at,
    )


@pytest.mark.django_db
def test_passed_codes_sessions_messages_and_windows_go_and_the_rest_stays(settings, tmp_path: Path):
    # given an old and a fresh one of each
    settings.OUTBOX_DIR = tmp_path
    old_code, fresh_code = _code(NOW - dt.timedelta(days=2)), _code(NOW - dt.timedelta(hours=2))
    with time_machine.travel(NOW - dt.timedelta(days=30), tick=False):
        old_session = SessionStore()
        old_session.set_expiry(60)
        old_session.create()
        ratelimit.allow("t", "a", limit=3, window=60)
    fresh_session = SessionStore()
    fresh_session.create()
    (tmp_path / "sms").mkdir()
    old_message, fresh_message = tmp_path / "sms" / "old.json", tmp_path / "sms" / "new.json"
    for path in (old_message, fresh_message):
        path.write_text("{}")
    stamp = (NOW - dt.timedelta(days=8)).timestamp()
    os.utime(old_message, (stamp, stamp))
    # when the job runs
    with time_machine.travel(NOW, tick=False):
        removed = housekeeping_run()
    # then only what has passed is gone
    assert removed == {"one_time_codes": 1, "sessions": 1, "outbox_messages": 1, "rate_windows": 1}
    assert list(OneTimeCode.objects.values_list("pk", flat=True)) == [fresh_code.pk]
    assert not OneTimeCode.objects.filter(pk=old_code.pk).exists()
    assert SessionStore().exists(fresh_session.session_key)
    assert fresh_message.exists() and not old_message.exists()
