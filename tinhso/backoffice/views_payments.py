"""Payments in the back office: the desk collects a fee in cash, and the reconciliation of an agency's
payment requests with the banks' notices by day (on screen and as Excel)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tinhso.backoffice.views import _render
from tinhso.core import clock, permissions
from tinhso.core.models import Role
from tinhso.dossiers import selectors as dossier_selectors
from tinhso.dossiers.errors import DossierError
from tinhso.dossiers.services.common import holds_any
from tinhso.dossiers.services.fees import subject_of
from tinhso.payments import selectors
from tinhso.payments.models import BankNotice, PaymentRequest
from tinhso.payments.services import payment_collect_cash

ROLES = (Role.ONE_STOP_OFFICER, Role.AGENCY_LEADER, Role.DEPARTMENT_HEAD, Role.SYSADMIN)
MAX_DAYS = 93


@permissions.staff(Role.ONE_STOP_OFFICER)
@require_POST
def collect_cash(request: HttpRequest, dossier_id: int, reference: str) -> HttpResponse:
    dossier = dossier_selectors.dossier_for_staff(viewer=request.user, pk=dossier_id)
    if dossier is None:
        raise Http404
    row = selectors.requests_for_staff(subject=subject_of(dossier)).filter(reference=reference).first()
    if row is None:
        raise Http404
    if not holds_any(
        request.user, [dossier.receiving_agency, dossier.competent_agency], Role.ONE_STOP_OFFICER
    ):
        raise permissions.PermissionDenied
    try:
        payment_collect_cash(actor=permissions.acting_user(request), request=row)
    except DossierError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The payment is recorded; the electronic receipt has been issued."))
    return redirect("backoffice:dossier", dossier_id=dossier_id)


class PeriodForm(forms.Form):
    agency = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Agency"), empty_label=None)  # type: ignore[arg-type,var-annotated]
    start = forms.DateField(label=gettext_lazy("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=gettext_lazy("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, agencies, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]

    def clean(self) -> dict:  # type: ignore[type-arg]
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and (end < start or (end - start).days > MAX_DAYS):
            raise forms.ValidationError(_("Choose a period of at most three months, ending after it starts."))
        return data


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    zone = timezone.get_current_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=zone),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone),
    )


@permissions.staff(*ROLES)
def reconciliation(request: HttpRequest) -> HttpResponse:
    agencies = selectors.reconciliation_agencies(viewer=request.user)
    today = timezone.localtime(clock.now()).date()
    initial: dict[str, Any] = {"agency": agencies.first(), "start": today.replace(day=1), "end": today}
    form = PeriodForm(request.GET or None, agencies=agencies, initial=initial)
    result = None
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
    else:
        values: dict[str, Any] = form.cleaned_data if form.is_bound else initial
        if values["agency"] is not None:
            start, end = _bounds(values["start"], values["end"])
            result = selectors.reconciliation(
                viewer=request.user, agency=values["agency"], start=start, end=end
            )
            if request.GET.get("xuat") == "xlsx":
                return _excel(result, values)
    return _render(
        request,
        "backoffice/payments/reconciliation.html",
        {"form": form, "result": result, "states": PaymentRequest.State, "outcomes": BankNotice.Outcome},
        status=status,
    )


def _excel(result: selectors.Reconciliation, values: dict) -> HttpResponse:  # type: ignore[type-arg]
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Yêu cầu thanh toán"
    sheet.append(
        [
            "Ngày",
            "Mã thanh toán",
            "Hồ sơ",
            "Người nộp",
            "Nội dung",
            "Số tiền",
            "Trạng thái",
            "Hình thức",
            "Thanh toán lúc",
            "Biên lai",
        ]
    )
    for row in result.requests:
        sheet.append(
            [
                timezone.localtime(row.created_at).strftime("%d/%m/%Y"),
                row.reference,
                row.subject_label,
                row.payer.full_name,
                row.description,
                row.amount,
                str(PaymentRequest.State(row.state).label),
                str(PaymentRequest.Method(row.method).label) if row.method else "",
                timezone.localtime(row.paid_at).strftime("%H:%M %d/%m/%Y") if row.paid_at else "",
                row.receipt_number,
            ]
        )
    notices = book.create_sheet("Giao dịch cần đối soát")
    notices.append(
        ["Nhận lúc", "Ngân hàng", "Mã giao dịch", "Số tiền", "Tài khoản", "Nội dung chuyển khoản", "Kết quả"]
    )
    for notice in result.notices:
        notices.append(
            [
                timezone.localtime(notice.received_at).strftime("%H:%M %d/%m/%Y"),
                notice.bank_bin,
                notice.transaction_id,
                notice.amount,
                notice.account_number,
                notice.description,
                str(BankNotice.Outcome(notice.outcome).label),
            ]
        )
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"doi-soat-{values['agency'].code}-{values['start']:%Y%m%d}-{values['end']:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
