"""The audit log: append-only in the database, sealed into a hash chain, and tampering found by
`audit-verify`. Tampering is done as a DBA would: disable the trigger, edit or delete rows."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from tests import factories
from tinhso import cli
from tinhso.core import clock
from tinhso.core.audit import action_label, audit_record, audit_record_view
from tinhso.core.audit_chain import (
    CONTENT_FIELDS,
    GENESIS,
    audit_seal,
    audit_verify,
    entry_hash,
    parse_anchor,
)
from tinhso.core.models import AuditEntry, Role
from tinhso.core.services.positions import position_assign
from tinhso.core.tasks_audit import seal_audit_log

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db


def write_entries(n: int) -> list[AuditEntry]:
    actor = factories.UserFactory()
    return [
        audit_record(actor=actor, action="test.write", summary={"n": i, "tên": "Nguyễn Văn Ánh"})
        for i in range(n)
    ]


def dba(sql: str, params: list | None = None) -> None:
    """What someone with the database password can do: switch the guard off and change rows."""
    with connection.cursor() as cursor:
        # the test's own deferred foreign-key checks would otherwise block ALTER TABLE
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE core_auditentry DISABLE TRIGGER core_auditentry_append_only")
        cursor.execute(sql, params or [])
        cursor.execute("ALTER TABLE core_auditentry ENABLE TRIGGER core_auditentry_append_only")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


# --- writing ---


def test_entries_record_before_after_subject_and_address(commune_committee):
    admin, person = factories.sysadmin(), factories.UserFactory()
    position_assign(actor=admin, user=person, agency=commune_committee, role=Role.CLERK, title="Văn thư")
    position_assign(
        actor=admin, user=person, agency=commune_committee, role=Role.CLERK, title="Văn thư chính"
    )
    update = AuditEntry.objects.get(action="position.update")
    assert update.subject == person and update.actor == admin
    assert update.before["title"] == "Văn thư" and update.after["title"] == "Văn thư chính"
    assert AuditEntry.objects.get(action="position.assign").before is None


def test_the_old_signature_still_works():
    entry = audit_record(actor=None, action="system.tick", summary={"ok": True})
    assert entry.actor_label == "system" and entry.subject is None and entry.before is None


def test_reads_of_someone_elses_record_are_recorded_but_not_ones_own(commune_committee):
    person = factories.UserFactory()
    officer = factories.official(commune_committee, Role.ONE_STOP_OFFICER)
    assert audit_record_view(actor=person, obj=person, subject=person) is None
    entry = audit_record_view(actor=officer, obj=person, subject=person)
    assert entry is not None and entry.action == "user.view" and entry.subject == person


def test_actions_have_human_labels_with_a_generic_fallback():
    assert action_label("user.login") == "Đăng nhập"
    assert action_label("dossier.view", "core.user") == "Xem người dùng"
    assert action_label("something.odd") == "Thao tác khác với một bản ghi"


# --- append-only ---


def test_the_database_refuses_to_change_or_delete_an_entry():
    entry = write_entries(1)[0]
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(action="user.login")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    # nor can sealing be used to smuggle in a change, or be done twice
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(
            chain_seq=1, prev_hash=GENESIS, entry_hash="f" * 64, sealed_at=entry.at, summary={"n": 99}
        )
    audit_seal()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(entry_hash="0" * 64)
    entry.refresh_from_db()
    assert entry.action == "test.write" and entry.chain_seq is not None


# --- sealing ---


def test_sealing_links_entries_in_order_and_is_idempotent():
    audit_seal()  # what loading the reference data wrote (e.g. the first procedure versions)
    entries = write_entries(5)
    assert audit_seal() == 5
    assert audit_seal() == 0
    rows = list(AuditEntry.objects.filter(pk__in=[e.pk for e in entries]).order_by("chain_seq"))
    first = AuditEntry.objects.filter(chain_seq__isnull=False).order_by("chain_seq").first()
    assert first is not None and first.prev_hash == GENESIS
    assert [r.chain_seq for r in rows] == list(range(rows[0].chain_seq, rows[0].chain_seq + 5))
    assert all(b.prev_hash == a.entry_hash for a, b in itertools.pairwise(rows))
    later = write_entries(1)[0]
    seal_audit_log(timestamp=0)  # the periodic job, as the worker runs it
    later.refresh_from_db()
    assert later.chain_seq == rows[-1].chain_seq + 1 and later.prev_hash == rows[-1].entry_hash


def test_sealing_in_small_batches_gives_the_same_chain():
    write_entries(7)
    assert audit_seal(batch_size=3) == AuditEntry.objects.count()
    assert audit_verify().ok


def test_the_hash_covers_content_time_and_position():
    row = {
        "id": 1,
        "at": clock.now(),
        "actor_id": None,
        "actor_label": "system",
        "action": "a",
        "object_type": "",
        "object_id": "",
        "subject_id": None,
        "summary": {},
        "before": None,
        "after": None,
        "client_address": None,
    }
    base = entry_hash(GENESIS, row, 1)
    assert entry_hash(GENESIS, {**row, "action": "b"}, 1) != base
    assert entry_hash(GENESIS, row, 2) != base
    assert entry_hash("1" * 64, row, 1) != base


# --- verification ---


def sealed_chain(n: int) -> list[AuditEntry]:
    write_entries(n)
    audit_seal()
    return list(AuditEntry.objects.order_by("chain_seq"))


def test_an_intact_chain_verifies():
    rows = sealed_chain(4)
    report = audit_verify()
    assert report.ok and report.checked == len(rows) and report.head_seq == rows[-1].chain_seq
    assert audit_verify(anchor=(rows[1].chain_seq, rows[1].entry_hash)).ok


def test_an_edited_entry_is_found():
    rows = sealed_chain(5)
    dba("UPDATE core_auditentry SET summary = '{\"n\": 1000}' WHERE id = %s", [rows[2].pk])
    report = audit_verify()
    assert not report.ok
    first = report.first_problem
    assert first is not None and first.kind == "edited" and first.entry_id == rows[2].pk
    assert f"#{rows[2].chain_seq}" in first.message


def test_an_edit_with_a_recomputed_hash_breaks_the_next_link():
    rows = sealed_chain(5)
    victim = rows[2]
    content = AuditEntry.objects.filter(pk=victim.pk).values(*CONTENT_FIELDS).get()
    content["action"] = "user.login"
    forged = entry_hash(victim.prev_hash or "", content, victim.chain_seq or 0)
    dba(
        "UPDATE core_auditentry SET action = 'user.login', entry_hash = %s WHERE id = %s", [forged, victim.pk]
    )
    report = audit_verify()
    assert [p.kind for p in report.problems] == ["broken_link"]
    assert report.problems[0].entry_id == rows[3].pk


def test_a_deleted_entry_is_found():
    rows = sealed_chain(5)
    dba("DELETE FROM core_auditentry WHERE id = %s", [rows[1].pk])
    first = audit_verify().first_problem
    assert first is not None and first.kind == "missing" and first.chain_seq == rows[1].chain_seq


def test_a_deleted_tail_is_found_against_an_anchor():
    rows = sealed_chain(4)
    anchor = (rows[-1].chain_seq or 0, rows[-1].entry_hash or "")
    dba("DELETE FROM core_auditentry WHERE id = %s", [rows[-1].pk])
    assert audit_verify().ok  # without an anchor, a cut-off tail looks like a shorter chain
    report = audit_verify(anchor=anchor)
    assert [p.kind for p in report.problems] == ["anchor"]


def test_an_entry_taken_out_of_the_chain_is_found():
    rows = sealed_chain(3)
    dba("UPDATE core_auditentry SET chain_seq = NULL WHERE id = %s", [rows[1].pk])
    kinds = {p.kind for p in audit_verify().problems}
    assert kinds == {"missing", "altered_unsealed"}


def test_unsealed_entries_are_counted_not_blamed():
    sealed_chain(2)
    write_entries(3)
    report = audit_verify()
    assert report.ok and report.unsealed == 3


# --- the command and the CLI ---


def test_the_command_reports_an_intact_log(capsys):
    rows = sealed_chain(2)
    call_command("audit_verify")
    out = capsys.readouterr().out
    assert "toàn vẹn" in out and f"{rows[-1].chain_seq}:{rows[-1].entry_hash}" in out


def test_the_command_fails_with_the_first_bad_entry():
    rows = sealed_chain(3)
    dba("UPDATE core_auditentry SET actor_label = 'ai đó' WHERE id = %s", [rows[1].pk])
    with pytest.raises(CommandError) as caught:
        call_command("audit_verify")
    assert caught.value.returncode == 1
    assert f"#{rows[1].chain_seq}" in str(caught.value) and "bị sửa" in str(caught.value)


def test_a_malformed_anchor_is_refused():
    with pytest.raises(ValueError):
        parse_anchor("12:abc")
    assert parse_anchor("#12:" + "A" * 64) == (12, "a" * 64)


def test_tinhso_audit_verify_calls_the_command(capsys):
    rows = sealed_chain(2)
    assert cli.main(["audit-verify"]) == 0
    dba("DELETE FROM core_auditentry WHERE id = %s", [rows[0].pk])
    assert cli.main(["audit-verify"]) == 1
    assert "bị xóa" in capsys.readouterr().err


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="the child process uses the embedded server")
@pytest.mark.django_db(transaction=True)
def test_audit_verify_exits_with_1_in_a_real_process():
    # committed data, a separate process, exactly as an operator runs it (exit code 0 is tested in-process)
    rows = sealed_chain(3)
    env = {**os.environ, "TINHSO_DB_NAME": connection.settings_dict["NAME"]}
    env.pop("DATABASE_URL", None)
    argv = [sys.executable, "-m", "tinhso.cli", "audit-verify"]
    try:
        dba("UPDATE core_auditentry SET object_id = '42' WHERE id = %s", [rows[1].pk])
    finally:
        with connection.cursor() as cursor:  # dba() re-enables it; make sure even if the edit failed
            cursor.execute("ALTER TABLE core_auditentry ENABLE TRIGGER core_auditentry_append_only")
    result = subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 1, result.stderr
    assert f"#{rows[1].chain_seq}" in result.stderr
