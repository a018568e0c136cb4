"""Documents issued for a dossier (forms 01–05), rendered from the dossier and kept with it."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from typing import Any

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from tinhso.core import clock
from tinhso.core.models import Agency, User
from tinhso.core.sequences import document_number, register_number_label
from tinhso.documents import (
    ApologyData,
    ComponentLine,
    Header,
    Party,
    ReceiptData,
    RefusalData,
    StopData,
    SupplementItem,
    SupplementRequestData,
    render_apology,
    render_receipt,
    render_refusal,
    render_stop,
    render_supplement_request,
)
from tinhso.dossiers.models import Delivery, Dossier, DossierDocument
from tinhso.dossiers.storage import current_batch
from tinhso.signing.errors import SigningError
from tinhso.signing.models import Credential
from tinhso.signing.pdf import sign_pdf

log = logging.getLogger(__name__)
# issued in the name of the competent agency; the others by the receiving point's desk
BY_COMPETENT_AGENCY = frozenset({DossierDocument.Kind.APOLOGY, DossierDocument.Kind.STOP})

SERIES: dict[str, str] = {
    DossierDocument.Kind.RECEIPT: "GTN",
    DossierDocument.Kind.SUPPLEMENT: "PBS",
    DossierDocument.Kind.REFUSAL: "PTC",
    DossierDocument.Kind.APOLOGY: "PXL",
    DossierDocument.Kind.STOP: "TBD",
}
DELIVERY_WORDING = {
    Delivery.ONLINE: "Trực tuyến, trên tài khoản của người nộp hồ sơ tại Cổng Dịch vụ công",
    Delivery.DESK: "Trực tiếp tại Bộ phận Tiếp nhận và Trả kết quả",
    Delivery.POST: "Qua dịch vụ bưu chính công ích",
}


def lookup_url(dossier: Dossier) -> str:
    try:
        path = reverse("portal:dossier_lookup")
    except NoReverseMatch:  # a deployment without the portal (API only)
        path = "/"
    return settings.TINHSO_SITE_URL.rstrip("/") + path + f"?ma={dossier.number}"


def _header(agency: Agency, kind: str, at: dt.datetime) -> Header:
    local = timezone.localtime(at)
    number = document_number(issuer=agency.code, year=local.year, series=SERIES[kind])
    parent = agency.parent.name if agency.parent_id and agency.parent else ""
    return Header(
        issuer_parent=parent,
        issuer=agency.name,
        number=f"{register_number_label(number)}/{SERIES[kind]}",
        place=settings.TINHSO_PROVINCE_PLACE,
        date=local.date(),
    )


def _party(dossier: Dossier) -> Party:
    person = dossier.applicant
    unit = person.address_unit
    address = ", ".join(p for p in [person.address_line, unit.name if unit else ""] if p)
    return Party(
        name=dossier.applicant_name,
        citizen_id=person.citizen_id or "",
        address=address or dossier.delivery_address,
        phone=person.phone,
        email=person.email,
    )


def _components(dossier: Dossier) -> list[ComponentLine]:
    attached = {f.component_id for f in dossier.files.all()}
    lines = []
    for c in dossier.version.snapshot.get("components", []):
        if c["id"] in attached:
            lines.append(
                ComponentLine(
                    name=c["name"], originals=c["originals"], copies=c["copies"], note="Bản điện tử"
                )
            )
    if dossier.files.filter(is_authorisation=True).exists():
        lines.append(ComponentLine(name="Văn bản ủy quyền", originals=1, copies=0, note="Bản điện tử"))
    return lines


def _statutory(snapshot: dict[str, Any]) -> str:
    amount, kind = snapshot.get("time_amount"), snapshot.get("time_kind")
    if kind == "same_day":
        return "Trong ngày"
    if amount is None:
        return ""
    unit = {"working_days": "ngày làm việc", "working_hours": "giờ làm việc", "days": "ngày"}.get(
        kind or "", ""
    )
    return f"{amount} {unit}".strip()


def render(
    dossier: Dossier,
    kind: str,
    *,
    actor: User,
    items: str = "",
    at: dt.datetime | None = None,
    previous_due: dt.datetime | None = None,
) -> bytes:
    at = at or clock.now()
    desk = dossier.receiving_agency
    if kind == DossierDocument.Kind.APOLOGY:  # issued by the agency that is late, signed by its head
        assert dossier.received_at and dossier.due_at and previous_due
        return render_apology(
            ApologyData(
                header=_header(dossier.competent_agency, kind, at),
                dossier_code=dossier.number,
                procedure=dossier.version.snapshot.get("name", ""),
                applicant=_party(dossier),
                received_at=dossier.received_at,
                due_at=previous_due,
                new_due_at=dossier.due_at,
                reason=items,
                officer=actor.full_name or actor.username,
                lookup_url=lookup_url(dossier),
            )
        )
    if kind == DossierDocument.Kind.STOP:  # the competent agency stops, signed by its head
        assert dossier.received_at and dossier.due_at
        return render_stop(
            StopData(
                header=_header(dossier.competent_agency, kind, at),
                dossier_code=dossier.number,
                procedure=dossier.version.snapshot.get("name", ""),
                applicant=_party(dossier),
                received_at=dossier.received_at,
                due_at=dossier.due_at,
                reason=items,
                officer=actor.full_name or actor.username,
                lookup_url=lookup_url(dossier),
            )
        )
    common = {
        "header": _header(desk, kind, at),
        "dossier_code": dossier.number,
        "procedure": dossier.version.snapshot.get("name", ""),
        "applicant": _party(dossier),
        "officer": actor.full_name or actor.username,
        "lookup_url": lookup_url(dossier),
    }
    if kind == DossierDocument.Kind.RECEIPT:
        assert dossier.received_at and dossier.due_at
        return render_receipt(
            ReceiptData(
                **common,
                components=_components(dossier),
                received_at=dossier.received_at,
                appointment_at=dossier.due_at,
                delivery=DELIVERY_WORDING.get(Delivery(dossier.delivery), "")
                + (f": {dossier.delivery_address}" if dossier.delivery == Delivery.POST else ""),
                statutory_time=_statutory(dossier.version.snapshot),
            )
        )
    if kind == DossierDocument.Kind.SUPPLEMENT:
        lines = [line.strip(" -•\t") for line in items.splitlines() if line.strip(" -•\t")]
        return render_supplement_request(
            SupplementRequestData(
                **common,
                items=[SupplementItem(what=line) for line in lines],
                contact=", ".join(p for p in [desk.name, desk.phone] if p),
            )
        )
    return render_refusal(RefusalData(**common, reason=items))


def issue_document(
    dossier: Dossier, kind: str, *, actor: User, items: str = "", previous_due: dt.datetime | None = None
) -> DossierDocument:
    """Render and keep the document, inside the service's atomic_with_files block."""
    data = render(dossier, kind, actor=actor, items=items, previous_due=previous_due)
    issuer = dossier.competent_agency if kind in BY_COMPETENT_AGENCY else dossier.receiving_agency
    signed_at = None
    seal = Credential.objects.filter(kind=Credential.Kind.ORGANISATION, agency=issuer, is_active=True).first()
    if seal is not None:  # the organisation's signature; an agency without a certificate issues unsigned
        try:
            with translation.override(settings.LANGUAGE_CODE):
                reason = str(DossierDocument.Kind(kind).label)
            data = sign_pdf(data, organisation=seal, reason=reason)
            signed_at = clock.now()
        except SigningError:
            log.warning("form %s of dossier %s issued unsigned: signing failed", kind, dossier.pk)
    name = current_batch().save(f"issued/{dossier.reference}/{kind}-{dossier.lock_version}.pdf", data)
    return DossierDocument.objects.create(
        dossier=dossier,
        kind=kind,
        file=name,
        issued_at=clock.now(),
        issued_by=actor,
        items=items,
        sha256=hashlib.sha256(data).hexdigest(),
        signed_at=signed_at,
    )


def control_sheet(dossier: Dossier, *, viewer: User) -> bytes:
    """Form 06, made when asked for (not kept): the steps as they ran, on time or late."""
    from tinhso.documents.control_sheet import ControlRow, ControlSheetData, render_control_sheet

    steps = dossier.steps.select_related("agency", "assignee", "finished_by").order_by("id")
    rows = [
        ControlRow(
            step=s.name,
            agency=s.agency.name,
            person=_who(s.finished_by or s.assignee),
            started_at=s.started_at,
            due_at=s.due_at,
            finished_at=s.finished_at,
        )
        for s in steps
    ]
    agency = dossier.competent_agency
    local_now = timezone.localtime(clock.now())
    return render_control_sheet(
        ControlSheetData(
            header=Header(
                issuer_parent=agency.parent.name if agency.parent_id and agency.parent else "",
                issuer=agency.name,
                number="",
                place=settings.TINHSO_PROVINCE_PLACE,
                date=local_now.date(),
            ),
            dossier_code=dossier.number,
            procedure=dossier.version.snapshot.get("name", ""),
            applicant=dossier.applicant_name,
            received_at=dossier.received_at,
            due_at=dossier.due_at,
            rows=rows,
            officer=viewer.full_name or viewer.username,
            lookup_url=lookup_url(dossier),
        )
    )


def _who(user: User | None) -> str:
    return (user.full_name or user.username) if user is not None else ""
