"""Citizen account pages: register with a one-time code, reset a password, edit the profile, declare
who you act for."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from tinhso.core import clock, permissions, selectors
from tinhso.core.middleware import address_of
from tinhso.core.models import OneTimeCode
from tinhso.core.services import accounts
from tinhso.core.services.accounts import CodeError, Contact, RateLimited
from tinhso.portal.forms_accounts import (
    CodeForm,
    ContactForm,
    NewPasswordForm,
    ProfileForm,
    RegistrationForm,
    RepresentationForm,
)

PENDING = "tinhso_pending_registration"
RESET = "tinhso_pending_reset"
BACKEND = "tinhso.core.backends.UsernameOrPhoneBackend"


def _send(request: HttpRequest, purpose: str, contact: Contact) -> int | None:
    """Send a code; on a rate limit show why and return 429."""
    try:
        accounts.otp_send(purpose=purpose, contact=contact, client_address=address_of(request))
    except RateLimited as exc:
        messages.error(request, exc.message)
        return 429
    return None


@permissions.public
@never_cache
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("portal:account")
    form = RegistrationForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            contact: Contact = form.cleaned_data["contact"]
            status = _send(request, OneTimeCode.Purpose.REGISTER, contact) or 200
            if status == 200:
                data = form.cleaned_data
                request.session[PENDING] = {
                    "channel": contact.channel,
                    "address": contact.address,
                    "password_hash": make_password(data["password1"]),
                    "data": {
                        "full_name": data["full_name"],
                        "citizen_id": data["citizen_id"],
                        "date_of_birth": data["date_of_birth"].isoformat(),
                        "address_unit_id": data["address_unit"].pk if data["address_unit"] else None,
                        "address_line": data["address_line"],
                    },
                    "started": clock.now().isoformat(),
                }
                return redirect("portal:register-verify")
        else:
            status = 409 if form.is_duplicate() else 400
    return render(request, "portal/register.html", {"form": form}, status=status)


@permissions.public
@never_cache
@require_http_methods(["GET", "POST"])
def register_verify(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PENDING)
    if not pending:
        return redirect("portal:register")
    contact = Contact(pending["channel"], pending["address"])
    form = CodeForm(request.POST if request.method == "POST" and "resend" not in request.POST else None)
    status = 200
    if request.method == "POST" and "resend" in request.POST:
        status = _send(request, OneTimeCode.Purpose.REGISTER, contact) or 200
        if status == 200:
            messages.info(request, _("A new code has been sent."))
    elif request.method == "POST":
        if form.is_valid():
            data = dict(
                pending["data"], date_of_birth=dt.date.fromisoformat(pending["data"]["date_of_birth"])
            )
            try:
                user = accounts.citizen_register(
                    data=data,
                    password_hash=pending["password_hash"],
                    contact=contact,
                    code=form.cleaned_data["code"],
                )
            except CodeError as exc:
                form.add_error("code", exc.message)
                status = 400
            except ValidationError as exc:
                form.add_error(None, exc)
                status = 409
            else:
                del request.session[PENDING]
                login(request, user, backend=BACKEND)
                messages.success(request, _("Your Thái Nguyên ID account is ready."))
                return redirect("portal:home")
        else:
            status = 400
    return render(
        request,
        "portal/register_verify.html",
        {"form": form, "contact": contact, "masked": _mask(contact)},
        status=status,
    )


def _mask(contact: Contact) -> str:
    if contact.channel == "sms":
        return contact.address[:3] + "****" + contact.address[-3:]
    name, _at, domain = contact.address.partition("@")
    return f"{name[:2]}***@{domain}"


@permissions.public
@never_cache
@require_http_methods(["GET", "POST"])
def password_forgot(request: HttpRequest) -> HttpResponse:
    form = ContactForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            contact = form.cleaned_data["contact"]
            # The same answer whether or not an account exists: this page must not reveal who has one.
            if accounts.user_for_contact(contact) is not None:
                status = _send(request, OneTimeCode.Purpose.RESET, contact) or 200
            if status == 200:
                request.session[RESET] = {"channel": contact.channel, "address": contact.address}
                return redirect("portal:password-reset")
        else:
            status = 400
    return render(request, "portal/password_forgot.html", {"form": form}, status=status)


@permissions.public
@never_cache
@require_http_methods(["GET", "POST"])
def password_reset(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(RESET)
    if not pending:
        return redirect("portal:password-forgot")
    contact = Contact(pending["channel"], pending["address"])
    form = NewPasswordForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                accounts.password_reset(
                    contact=contact,
                    code=form.cleaned_data["code"],
                    new_password=form.cleaned_data["password1"],
                )
            except CodeError as exc:
                form.add_error("code", exc.message)
                status = 400
            except ValidationError as exc:
                form.add_error("password1", exc)
                status = 400
            else:
                del request.session[RESET]
                messages.success(request, _("Your password has been changed. Please log in."))
                return redirect("portal:login")
        else:
            status = 400
    return render(
        request, "portal/password_reset.html", {"form": form, "masked": _mask(contact)}, status=status
    )


@permissions.citizen
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest) -> HttpResponse:
    user = permissions.acting_user(request)
    initial = {
        "full_name": user.full_name,
        "date_of_birth": user.date_of_birth,
        "address_unit": user.address_unit,
        "address_line": user.address_line,
    }
    form = ProfileForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            accounts.profile_update(
                actor=user,
                full_name=d["full_name"],
                date_of_birth=d["date_of_birth"],
                address_unit=d["address_unit"],
                address_line=d["address_line"],
            )
            messages.success(request, _("Your details have been saved."))
            return redirect("portal:account")
        return render(request, "portal/profile_edit.html", {"form": form}, status=400)
    return render(request, "portal/profile_edit.html", {"form": form})


@permissions.citizen
@require_http_methods(["GET", "POST"])
def representations(request: HttpRequest) -> HttpResponse:
    user = permissions.acting_user(request)
    form = (
        RepresentationForm(request.POST or None, request.FILES or None)
        if request.method == "POST"
        else RepresentationForm()
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                accounts.representation_declare(
                    actor=user,
                    relationship=d["relationship"],
                    full_name=d["full_name"],
                    date_of_birth=d["date_of_birth"],
                    citizen_id=d.get("citizen_id") or "",
                    valid_until=d.get("valid_until"),
                    authorisation=d.get("authorisation"),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
                status = 400
            else:
                messages.success(request, _("Saved. You can now submit dossiers for this person."))
                return redirect("portal:representations")
        else:
            status = 400
    rows = selectors.representations_of(viewer=user)
    return render(request, "portal/representations.html", {"form": form, "rows": rows}, status=status)


@permissions.citizen
@require_POST
def representation_end(request: HttpRequest, pk: int) -> HttpResponse:
    user = permissions.acting_user(request)
    row = selectors.representations_of(viewer=user).filter(pk=pk, ended_at__isnull=True).first()
    if row is None:
        raise Http404
    accounts.representation_end(actor=user, representation=row)
    messages.success(request, _("The declaration has been ended."))
    return redirect("portal:representations")
