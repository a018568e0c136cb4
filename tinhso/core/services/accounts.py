"""Citizen accounts (the "Thái Nguyên ID"): one-time codes, registration, password reset, profile,
and acting for another person."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.core import clock
from tinhso.core.audit import audit_record
from tinhso.core.links import reverse_or_none
from tinhso.core.messaging import DeliveryError, message_send
from tinhso.core.models import AdministrativeUnit, OneTimeCode, Representation, User
from tinhso.core.notifications import notification_send

PHONE_RE = re.compile(r"^0[35789]\d{8}$")


class RateLimited(Exception):
    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


class CodeError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Contact:
    channel: str  # "sms" or "email"
    address: str


def parse_contact(value: str) -> Contact:
    """A Vietnamese mobile number (0xxxxxxxxx or +84xxxxxxxxx) or an e-mail address."""
    raw = (value or "").strip()
    compact = re.sub(r"[\s.\-()]", "", raw)
    if compact.startswith("+84"):
        compact = "0" + compact[3:]
    elif compact.startswith("84") and len(compact) == 11:
        compact = "0" + compact[2:]
    if compact.isdigit():
        if not PHONE_RE.match(compact):
            raise ValidationError(
                _("Enter a 10-digit mobile number, for example 0912 345 678."), code="phone"
            )
        return Contact("sms", compact)
    try:
        validate_email(raw)
    except ValidationError:
        raise ValidationError(_("Enter a mobile number or an e-mail address."), code="contact") from None
    return Contact("email", raw.lower())


def _code_hash(code_id: int, code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"{code_id}:{code}".encode(), hashlib.sha256).hexdigest()


def _otp_text(purpose: str, code: str) -> tuple[str, str]:
    minutes = settings.OTP_TTL_SECONDS // 60
    if purpose == OneTimeCode.Purpose.RESET:
        subject = _("Your password reset code")
        body = _(
            "%(code)s is your code to reset the Thái Nguyên ID password. It is valid for %(minutes)d "
            "minutes. Never give this code to anyone."
        )
    else:
        subject = _("Your registration code")
        body = _(
            "%(code)s is your code to register a Thái Nguyên ID account. It is valid for %(minutes)d "
            "minutes. Never give this code to anyone."
        )
    return subject, body % {"code": code, "minutes": minutes}


def otp_send(*, purpose: str, contact: Contact, client_address: str | None) -> OneTimeCode:
    """Send a fresh code, within the rate limits (per address and per client), and return its record."""
    now = clock.now()
    hour_ago = now - dt.timedelta(hours=1)
    recent = OneTimeCode.objects.filter(address=contact.address, created_at__gte=hour_ago)
    last = recent.order_by("-created_at").first()
    if last is not None:
        wait = settings.OTP_RESEND_SECONDS - int((now - last.created_at).total_seconds())
        if wait > 0:
            raise RateLimited(
                _("Please wait %(seconds)d seconds before asking for a new code.") % {"seconds": wait}, wait
            )
    if recent.count() >= settings.OTP_MAX_PER_HOUR or (
        client_address
        and OneTimeCode.objects.filter(client_address=client_address, created_at__gte=hour_ago).count()
        >= settings.OTP_MAX_PER_HOUR_PER_CLIENT
    ):
        raise RateLimited(_("Too many codes were requested. Please try again in an hour."), 3600)
    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():
        record = OneTimeCode.objects.create(
            purpose=purpose,
            channel=contact.channel,
            address=contact.address,
            code_hash="-",
            created_at=now,
            expires_at=now + dt.timedelta(seconds=settings.OTP_TTL_SECONDS),
            client_address=client_address,
        )
        record.code_hash = _code_hash(record.pk, code)
        record.save(update_fields=["code_hash"])
    subject, body = _otp_text(purpose, code)
    try:
        message_send(
            channel=contact.channel, to=contact.address, subject=subject, body=body, meta={"purpose": purpose}
        )
    except (DeliveryError, OSError):
        # the code never left: it must not count against the person's limits
        OneTimeCode.objects.filter(pk=record.pk).delete()
        raise RateLimited(
            _("We could not send the code just now. Please try again in a few minutes."), 60
        ) from None
    return record


def otp_verify(*, purpose: str, contact: Contact, code: str) -> OneTimeCode:
    """Consume the latest code for this address; wrong guesses count and are kept even though we raise."""
    now = clock.now()
    record = (
        OneTimeCode.objects.filter(purpose=purpose, address=contact.address, used_at__isnull=True)
        .order_by("-created_at")
        .first()
    )
    if record is None or record.expires_at <= now:
        raise CodeError(_("The code has expired. Please ask for a new one."))
    if record.attempts >= settings.OTP_MAX_ATTEMPTS:
        raise CodeError(_("Too many wrong codes. Please ask for a new one."))
    given = re.sub(r"\D", "", code or "")
    if not hmac.compare_digest(record.code_hash, _code_hash(record.pk, given)):
        # an atomic increment: parallel wrong guesses must all count
        OneTimeCode.objects.filter(pk=record.pk).update(attempts=F("attempts") + 1)
        left = settings.OTP_MAX_ATTEMPTS - record.attempts - 1
        if left <= 0:
            raise CodeError(_("Too many wrong codes. Please ask for a new one."))
        raise CodeError(_("The code is not correct. %(left)d attempts left.") % {"left": left})
    updated = OneTimeCode.objects.filter(pk=record.pk, used_at__isnull=True).update(used_at=now)
    if not updated:  # a parallel request used it first
        raise CodeError(_("The code has already been used. Please ask for a new one."))
    return record


def contact_taken(contact: Contact) -> bool:
    if contact.channel == "sms":
        return User.objects.filter(phone=contact.address).exists()
    return User.objects.filter(email__iexact=contact.address).exists()


def check_password_rules(password: str, *, user: User | None = None) -> None:
    """Django's validators (length ≥ 8, not common, not all digits, not like the name) plus letters and digits."""
    validate_password(password, user=user)
    if not (re.search(r"[^\W\d_]", password) and re.search(r"\d", password)):
        raise ValidationError(_("The password must contain both letters and digits."), code="password_mix")


def citizen_register(*, data: dict[str, Any], password_hash: str, contact: Contact, code: str) -> User:
    """Create the account once the code proves the person controls the telephone number or e-mail."""
    record = otp_verify(purpose=OneTimeCode.Purpose.REGISTER, contact=contact, code=code)
    now = clock.now()
    user = User(
        username=_username_for(contact),
        full_name=data["full_name"],
        kind=User.Kind.CITIZEN,
        citizen_id=data["citizen_id"],
        date_of_birth=data["date_of_birth"],
        address_unit=AdministrativeUnit.objects.filter(pk=data.get("address_unit_id") or 0).first(),
        address_line=data.get("address_line", ""),
        password=password_hash,
    )
    if contact.channel == "sms":
        user.phone, user.phone_verified_at = contact.address, now
    else:
        user.email, user.email_verified_at = contact.address, now
    try:
        with transaction.atomic():
            user.save()
            audit_record(
                actor=user,
                action="user.register",
                obj=user,
                subject=user,
                summary={"channel": contact.channel, "code": record.pk},
            )
            notification_send(
                actor=user,
                recipient=user,
                event="account.welcome",
                context={},
                url=reverse_or_none("portal:account") or "",
            )
    except IntegrityError:
        raise ValidationError(
            _(
                "An account with this telephone number, e-mail address or identification number already exists."
            ),
            code="duplicate",
        ) from None
    return user


def _username_for(contact: Contact) -> str:
    base = contact.address if contact.channel == "sms" else re.sub(r"[^\w.@+-]", "", contact.address)[:140]
    candidate, n = base, 1
    while User.objects.filter(username=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def user_for_contact(contact: Contact) -> User | None:
    query = Q(phone=contact.address) if contact.channel == "sms" else Q(email__iexact=contact.address)
    return User.objects.filter(query, is_active=True, kind=User.Kind.CITIZEN).first()


def password_reset(*, contact: Contact, code: str, new_password: str) -> User:
    otp_verify(purpose=OneTimeCode.Purpose.RESET, contact=contact, code=code)
    user = user_for_contact(contact)
    if user is None:  # codes are only sent to existing accounts, so this is a race with a deletion
        raise CodeError(_("The code has expired. Please ask for a new one."))
    check_password_rules(new_password, user=user)
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        audit_record(actor=user, action="user.password_reset", obj=user, subject=user)
        changed_at = timezone.localtime(clock.now())
        notification_send(
            actor=user,
            recipient=user,
            event="account.password_changed",
            context={"changed_at": f"{changed_at:%H:%M} ngày {changed_at:%d/%m/%Y}"},
        )
    return user


def profile_update(
    *,
    actor: User,
    full_name: str,
    date_of_birth: dt.date | None,
    address_unit: AdministrativeUnit | None,
    address_line: str,
) -> User:
    before = {
        "full_name": actor.full_name,
        "date_of_birth": str(actor.date_of_birth),
        "address_unit": actor.address_unit_id,
        "address_line": actor.address_line,
    }
    with transaction.atomic():
        actor.full_name, actor.date_of_birth = full_name, date_of_birth
        actor.address_unit, actor.address_line = address_unit, address_line
        actor.save()
        after = {
            "full_name": full_name,
            "date_of_birth": str(date_of_birth),
            "address_unit": address_unit.pk if address_unit else None,
            "address_line": address_line,
        }
        audit_record(
            actor=actor,
            action="user.profile_update",
            obj=actor,
            subject=actor,
            summary={"changed": sorted(k for k in after if after[k] != before[k])},
        )
    return actor


def representation_declare(
    *,
    actor: User,
    relationship: str,
    full_name: str,
    date_of_birth: dt.date,
    citizen_id: str = "",
    valid_until: dt.date | None = None,
    authorisation: UploadedFile | None = None,
) -> Representation:
    """Declare that `actor` acts for someone. An authorisation needs its document; a parent acts for a
    child under 18 only. The file is removed again if the transaction fails, so nothing is orphaned."""
    today = clock.today()
    if relationship == Representation.Relationship.AUTHORISED and authorisation is None:
        raise ValidationError(_("Attach the authorisation document."), code="authorisation")
    if relationship == Representation.Relationship.PARENT:
        age = (
            today.year
            - date_of_birth.year
            - ((today.month, today.day) < (date_of_birth.month, date_of_birth.day))
        )
        if age >= 18:
            raise ValidationError(
                _("A parent acts for a child under 18; for an adult, attach an authorisation."), code="adult"
            )
    if date_of_birth > today:
        raise ValidationError(_("The date of birth is in the future."), code="future")
    representation = Representation(
        representative=actor,
        relationship=relationship,
        full_name=full_name.strip(),
        citizen_id=citizen_id,
        date_of_birth=date_of_birth,
        valid_until=valid_until,
        created_at=clock.now(),
    )
    stored_name = None
    try:
        with transaction.atomic():
            if authorisation is not None:
                representation.authorisation.save(authorisation.name or "uy-quyen", authorisation, save=False)
                stored_name = representation.authorisation.name
            representation.save()
            audit_record(
                actor=actor,
                action="representation.declare",
                obj=representation,
                subject=actor,
                summary={"relationship": relationship},
            )
    except Exception:
        if stored_name:
            representation.authorisation.storage.delete(stored_name)
        raise
    return representation


def representation_end(*, actor: User, representation: Representation) -> None:
    if representation.representative_id != actor.pk:
        raise PermissionError(_("You can only end your own declarations."))
    with transaction.atomic():
        representation.ended_at = clock.now()
        representation.save(update_fields=["ended_at"])
        audit_record(actor=actor, action="representation.end", obj=representation, subject=actor)
