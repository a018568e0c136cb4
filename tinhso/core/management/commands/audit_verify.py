"""`manage.py audit_verify` (also `tinhso audit-verify`): recompute the audit log's hash chain.

Exit code 0 when intact, 1 when an entry was changed or deleted (the first problem is named)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tinhso.core.audit_chain import audit_verify, parse_anchor


class Command(BaseCommand):
    help = "Verify the audit log's hash chain; exit code 1 if an entry was changed or deleted."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--anchor",
            help="SEQ:HASH of a chain head recorded earlier (printed by this command, logged by the "
            "sealing job): detects a deleted or rewritten tail of the chain",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            anchor = parse_anchor(options["anchor"]) if options["anchor"] else None
        except ValueError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        report = audit_verify(anchor=anchor)
        first = report.first_problem
        if first is None:
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "The audit log is intact: %(checked)d sealed entries checked, %(unsealed)d waiting "
                        "to be sealed. Chain head (keep it to check later with --anchor): %(seq)d:%(hash)s"
                    )
                    % {
                        "checked": report.checked,
                        "unsealed": report.unsealed,
                        "seq": report.head_seq,
                        "hash": report.head_hash,
                    }
                )
            )
            return
        for problem in report.problems[1:20]:
            self.stderr.write(problem.message)
        raise CommandError(
            ngettext(
                "The audit log has been tampered with (%(count)d problem): %(first)s",
                "The audit log has been tampered with (%(count)d problems). First: %(first)s",
                len(report.problems),
            )
            % {"count": len(report.problems), "first": first.message},
            returncode=1,
        )
