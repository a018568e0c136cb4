"""Demo signing: the demo CA's certificates for every agency and leader, and the leaders' signing PIN
(TINHSO_DEMO_SIGNING_PIN), so a newcomer can sign a result on the first run."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import make_password

from tinhso.core.models import Position, Role
from tinhso.signing.authority import demo_credentials_ensure
from tinhso.signing.models import SigningPin


def load_demo_signing() -> dict[str, int]:
    issued = demo_credentials_ensure()
    pins = 0
    leaders = Position.objects.filter(role=Role.AGENCY_LEADER, is_active=True, user__username__contains=".")
    for position in leaders.select_related("user"):
        _row, created = SigningPin.objects.get_or_create(
            user=position.user, defaults={"pin_hash": make_password(settings.TINHSO_DEMO_SIGNING_PIN)}
        )
        pins += created
    return {**issued, "pins": pins}
