"""Background sealing of the audit log into its hash chain (tinhso/core/audit_chain.py)."""

from __future__ import annotations

from procrastinate.contrib.django import app

from tinhso.core.audit_chain import audit_seal


@app.periodic(cron="* * * * *", periodic_id="audit-seal")
@app.task(queue="periodic", queueing_lock="audit-seal")
def seal_audit_log(timestamp: int) -> None:
    """Every minute: entries written since the last run join the chain. Idempotent; writes never wait."""
    audit_seal()
