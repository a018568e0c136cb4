"""Load a certificate and its key from a PKCS#12 file issued by a real CA (production)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tinhso.core.models import Agency, User
from tinhso.dossiers.errors import DossierError
from tinhso.signing.services import credential_import


class Command(BaseCommand):
    help = "Import a signing certificate and key (PKCS#12) for an agency's seal or a leader's signature."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--agency", required=True, help="agency identifier, e.g. 000.00.03.H55")
        parser.add_argument("--user", help="username of the signer (a personal certificate)")
        parser.add_argument("--password-env", help="environment variable holding the file's password")
        parser.add_argument("--source", default="", help="where the certificate comes from (the CA)")

    def handle(self, *args: Any, **options: Any) -> None:
        agency = Agency.objects.filter(code=options["agency"]).first()
        if agency is None:
            raise CommandError("no agency has this identifier")
        user = None
        if options["user"]:
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError("no user has this username")
        password = os.environ.get(options["password_env"], "").encode() if options["password_env"] else None
        try:
            credential = credential_import(
                actor=None,
                data=options["file"].read_bytes(),
                password=password or None,
                agency=agency,
                user=user,
                source=options["source"] or str(options["file"].name),
            )
        except (ValueError, DossierError) as exc:
            raise CommandError(f"could not import: {exc}") from exc
        self.stdout.write(
            f"imported {credential.kind} certificate {credential.fingerprint[:16]}… for {agency.code}"
        )
