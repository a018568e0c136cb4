"""The audit log's hash chain: sealing (a periodic job) and verification (`tinhso audit-verify`).

Entries are written unsealed, by plain INSERTs, so a service never queues behind a lock. `audit_seal`
then takes a transaction-level advisory lock (only sealers wait for it), reads the unsealed entries in
id order and gives each the next `chain_seq` and

    entry_hash = sha256(prev_hash + canonical JSON of the entry's content, chain_seq included)

with the previous entry's hash (64 zeros before the first). Editing an entry changes its hash; deleting
one leaves a gap in `chain_seq`; rewriting an entry's hash breaks the next entry's link. Only rewriting
the whole tail of the chain goes unseen, unless someone kept an earlier head (`--anchor SEQ:HASH`): the
sealing job logs the head each time it seals. ADR 0008 explains the limits.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from tinhso.core import clock
from tinhso.core.models import AuditEntry

logger = logging.getLogger("tinhso.audit")

GENESIS = "0" * 64
# pg_advisory_xact_lock key for sealing ("TSAUDIT" in ASCII): no other part of the platform uses it
SEAL_LOCK = 0x54_53_41_55_44_49_54
CONTENT_FIELDS = (
    "id",
    "at",
    "actor_id",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "subject_id",
    "summary",
    "before",
    "after",
    "client_address",
)


def _canonical(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        # one spelling for one instant, whatever the session's time zone
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
    return value


def entry_hash(prev_hash: str, content: dict[str, Any], chain_seq: int) -> str:
    """The hash of one entry. `content` holds CONTENT_FIELDS as read back from the database, so the
    sealer and the verifier hash exactly the same values (jsonb and inet normalise what was written)."""
    payload = {name: _canonical(content[name]) for name in CONTENT_FIELDS}
    payload["chain_seq"] = chain_seq
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256((prev_hash + text).encode()).hexdigest()


def _chain_head() -> tuple[int, str]:
    head = (
        AuditEntry.objects.filter(chain_seq__isnull=False)
        .order_by("-chain_seq")
        .values_list("chain_seq", "entry_hash")
        .first()
    )
    if head is None or head[0] is None:
        return 0, GENESIS
    return int(head[0]), str(head[1])


def _seal_batch(limit: int) -> int:
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SEAL_LOCK])
        # read after taking the lock: a sealer that held it has committed, and we continue its chain
        seq, prev = _chain_head()
        rows = list(
            AuditEntry.objects.filter(chain_seq__isnull=True).order_by("id").values(*CONTENT_FIELDS)[:limit]
        )
        sealed_at = clock.now()
        updates = []
        for row in rows:
            seq += 1
            digest = entry_hash(prev, row, seq)
            updates.append(
                AuditEntry(
                    id=row["id"], chain_seq=seq, prev_hash=prev, entry_hash=digest, sealed_at=sealed_at
                )
            )
            prev = digest
        AuditEntry.objects.bulk_update(
            updates, ["chain_seq", "prev_hash", "entry_hash", "sealed_at"], batch_size=500
        )
    if rows:
        logger.info("audit chain head #%s %s", seq, prev)
    return len(rows)


def audit_seal(*, batch_size: int = 2000) -> int:
    """Seal every committed, unsealed entry; returns how many. Idempotent, safe to run concurrently.

    An entry whose transaction commits later than a higher id's is simply sealed in a later run: the
    chain's order is `chain_seq`, not `id`."""
    total = 0
    while True:
        sealed = _seal_batch(batch_size)
        total += sealed
        if sealed < batch_size:
            return total


# --- Verification ---


@dataclass(frozen=True)
class ChainProblem:
    kind: str  # edited | missing | broken_link | altered_unsealed | anchor
    chain_seq: int | None
    entry_id: int | None
    message: str


@dataclass
class AuditReport:
    checked: int = 0
    unsealed: int = 0
    head_seq: int = 0
    head_hash: str = GENESIS
    problems: list[ChainProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first_problem(self) -> ChainProblem | None:
        return self.problems[0] if self.problems else None


def _sealed_rows() -> Iterator[dict[str, Any]]:
    return (
        AuditEntry.objects.filter(chain_seq__isnull=False)
        .order_by("chain_seq")
        .values(*CONTENT_FIELDS, "chain_seq", "prev_hash", "entry_hash", "sealed_at")
        .iterator(chunk_size=2000)
    )


def audit_verify(*, anchor: tuple[int, str] | None = None, max_problems: int = 100) -> AuditReport:
    """Recompute the whole chain. Reports (up to `max_problems`, in chain order) edited entries, deleted
    ones (gaps in chain_seq), broken links, chain fields on unsealed rows, and a mismatch with `anchor`
    (a head recorded earlier: (chain_seq, entry_hash))."""
    report = AuditReport()
    problems = report.problems
    last_seq, last_hash = 0, GENESIS
    anchor_seen = False
    for row in _sealed_rows():
        seq, entry_id = row["chain_seq"], row["id"]
        report.checked += 1
        if seq != last_seq + 1:
            if seq - 1 == last_seq + 1:
                text = _("Entry #%(first)s of the chain is missing: it was deleted.")
            else:
                text = _("Entries #%(first)s to #%(last)s of the chain are missing: they were deleted.")
            problems.append(
                ChainProblem("missing", last_seq + 1, None, text % {"first": last_seq + 1, "last": seq - 1})
            )
        elif row["prev_hash"] != last_hash:
            problems.append(
                ChainProblem(
                    "broken_link",
                    seq,
                    entry_id,
                    _(
                        "Entry #%(seq)s (id %(id)s) no longer links to the entry before it: "
                        "that entry was changed and its hash rewritten."
                    )
                    % {"seq": seq, "id": entry_id},
                )
            )
        if not row["entry_hash"] or entry_hash(row["prev_hash"] or "", row, seq) != row["entry_hash"]:
            problems.append(
                ChainProblem(
                    "edited",
                    seq,
                    entry_id,
                    _(
                        "Entry #%(seq)s (id %(id)s) was changed after it was sealed: it no longer matches its hash."
                    )
                    % {"seq": seq, "id": entry_id},
                )
            )
        if anchor is not None and seq == anchor[0]:
            anchor_seen = True
            if row["entry_hash"] != anchor[1]:
                problems.append(_anchor_problem(anchor))
        last_seq, last_hash = seq, row["entry_hash"] or ""
        if len(problems) >= max_problems:
            break
    report.head_seq, report.head_hash = last_seq, last_hash
    if anchor is not None and not anchor_seen and len(problems) < max_problems:
        problems.append(_anchor_problem(anchor))
    unsealed = AuditEntry.objects.filter(chain_seq__isnull=True)
    report.unsealed = unsealed.count()
    altered = unsealed.filter(
        Q(prev_hash__isnull=False) | Q(entry_hash__isnull=False) | Q(sealed_at__isnull=False)
    ).values_list("id", flat=True)[:max_problems]
    for entry_id in altered:
        problems.append(
            ChainProblem(
                "altered_unsealed",
                None,
                entry_id,
                _(
                    "Entry id %(id)s carries chain fields but no place in the chain: it was taken out of the chain."
                )
                % {"id": entry_id},
            )
        )
    return report


def _anchor_problem(anchor: tuple[int, str]) -> ChainProblem:
    return ChainProblem(
        "anchor",
        anchor[0],
        None,
        _(
            "The chain does not contain entry #%(seq)s with the hash recorded earlier: "
            "entries were deleted or the chain was rewritten."
        )
        % {"seq": anchor[0]},
    )


def parse_anchor(text: str) -> tuple[int, str]:
    """`SEQ:HASH` as printed by `tinhso audit-verify` and logged by the sealing job."""
    seq, _sep, digest = text.strip().lstrip("#").partition(":")
    if not seq.isdigit() or len(digest) != 64:
        raise ValueError(_("An anchor is written SEQ:HASH, e.g. 1200:3f5a… (64 hexadecimal characters)."))
    return int(seq), digest.lower()
