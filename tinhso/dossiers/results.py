"""The result document of a dossier: filled from the procedure's result template, signed by the approving
leader (personal signature) and by their agency (seal), kept with the dossier and findable by the verifier
through its digest or the code its QR carries. A preview is the same document, unsigned, marked as such,
and consumes no number."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from tinhso.core import clock
from tinhso.core.models import Agency, User
from tinhso.core.sequences import document_number, register_number_label
from tinhso.documents.layout import Header
from tinhso.documents.result import ResultData, render_result
from tinhso.dossiers.errors import DossierError
from tinhso.dossiers.models import Dossier, DossierDocument
from tinhso.dossiers.storage import current_batch
from tinhso.publicservices.models import ResultTemplate
from tinhso.publicservices.results import fill, result_lines, template_for
from tinhso.signing.errors import SigningError
from tinhso.signing.pdf import seal_of, sign_pdf, signature_of

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def new_verify_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))


def verify_url(code: str) -> str:
    try:
        path = reverse("portal:verify_code", kwargs={"code": code})
    except NoReverseMatch:  # a deployment without the portal
        path = f"/xac-thuc/{code}/"
    return settings.TINHSO_SITE_URL.rstrip("/") + path


def _day(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    return date_format(value, "d/m/Y")


def _form_values(dossier: Dossier) -> dict[str, str]:
    kinds = {item["key"]: item.get("kind") for item in dossier.version.snapshot.get("form", [])}
    values: dict[str, str] = {}
    for key, value in (dossier.form_data or {}).items():
        if kinds.get(key) == "date" and isinstance(value, str) and value:
            try:
                values[key] = _day(dt.date.fromisoformat(value))
                continue
            except ValueError:
                pass
        values[key] = "" if value in (None, True, False) else str(value)
    return values


def result_values(dossier: Dossier, agency: Agency) -> dict[str, Any]:
    """What a template may use: plain strings only, never model objects."""
    return {
        "agency": agency.name,
        "applicant_name": dossier.applicant_name,
        "subject_name": dossier.subject_name,
        "procedure_name": dossier.version.snapshot.get("name", ""),
        "dossier_code": dossier.number,
        "received_date": _day(dossier.received_at),
        "today": _day(clock.now()),
        "form": _form_values(dossier),
    }


def _render(
    dossier: Dossier,
    template: ResultTemplate,
    *,
    agency: Agency,
    signer: User,
    number: str,
    code: str,
    preview: bool,
) -> bytes:
    values = result_values(dossier, agency)
    parent = agency.parent.name if agency.parent_id and agency.parent else ""
    recipients = [f"Ông/Bà {dossier.applicant_name}"]
    return render_result(
        ResultData(
            header=Header(
                issuer_parent=parent,
                issuer=agency.name,
                number=number,
                place=settings.TINHSO_PROVINCE_PLACE,
                date=timezone.localtime(clock.now()).date(),
            ),
            title=fill(template.title, values),
            dossier_code=dossier.number,
            intro=fill(template.intro, values),
            lines=result_lines(template, values),
            closing=fill(template.closing, values),
            authority=template.authority,
            signer_title=template.signer_title,
            signer=signer.full_name or signer.username,
            agency=agency.name,
            place=settings.TINHSO_PROVINCE_PLACE,
            verify_url=verify_url(code),
            verify_code=code,
            recipients=recipients,
            preview=preview,
        )
    )


def _template(dossier: Dossier) -> ResultTemplate:
    template = template_for(dossier.procedure)
    if template is None:
        raise DossierError(_("No result template is configured: ask the system administrator."))
    return template


def result_preview(dossier: Dossier, *, signer: User, agency: Agency) -> bytes:
    template = _template(dossier)
    return _render(
        dossier,
        template,
        agency=agency,
        signer=signer,
        number=f"…/{template.series}",
        code="XEMTRUOC",
        preview=True,
    )


def issue_result(dossier: Dossier, *, signer: User, agency: Agency) -> DossierDocument:
    """Render, sign (the signer's certificate, then the agency's seal) and keep the result, inside the
    caller's atomic_with_files block: if signing fails nothing is kept and the dossier does not change."""
    template = _template(dossier)
    personal = signature_of(signer, agency)
    if personal is None:
        raise DossierError(
            _("You have no personal signing certificate for %(agency)s: ask the system administrator."),
            agency=agency.name,
        )
    try:
        seal = seal_of(agency)
    except SigningError as exc:
        raise DossierError(
            _("%(agency)s has no organisation certificate: ask the system administrator."), agency=agency.name
        ) from exc
    now = clock.now()
    sequence = document_number(issuer=agency.code, year=timezone.localtime(now).year, series=template.series)
    number = f"{register_number_label(sequence)}/{template.series}"
    code = new_verify_code()
    draft = _render(dossier, template, agency=agency, signer=signer, number=number, code=code, preview=False)
    try:
        signed = sign_pdf(
            draft,
            organisation=seal,
            personal=personal,
            reason=template.title,
            location=settings.TINHSO_PROVINCE_PLACE,
        )
    except SigningError as exc:
        raise DossierError(
            _("The result could not be signed; the dossier is unchanged. Try again later.")
        ) from exc
    name = current_batch().save(f"results/{dossier.reference}/{code}.pdf", signed)
    title = fill(template.title, result_values(dossier, agency))[:200]
    if template.document_type:
        from tinhso.dossiers.services.store import capture_result

        capture_result(
            dossier,
            document_type=template.document_type,
            title=title.capitalize(),
            data=signed,
            agency=agency,
        )
    return DossierDocument.objects.create(
        dossier=dossier,
        kind=DossierDocument.Kind.RESULT,
        file=name,
        issued_at=now,
        issued_by=signer,
        number=number,
        title=title,
        document_type=template.document_type,
        sha256=hashlib.sha256(signed).hexdigest(),
        verify_code=code,
        signed_at=now,
        signed_by=signer,
    )
