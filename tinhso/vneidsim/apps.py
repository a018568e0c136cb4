from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core import checks


class VneidSimConfig(AppConfig):
    name = "tinhso.vneidsim"
    label = "vneidsim"

    def ready(self) -> None:
        checks.register(simulator_is_off_in_production, checks.Tags.security, deploy=True)


def simulator_is_off_in_production(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """`manage.py check --deploy` warns: with the simulator on, anyone can log in as any citizen."""
    if not settings.VNEID_SIMULATOR:
        return []
    return [
        checks.Warning(
            "VNEID_SIMULATOR is on: anyone can log in as any citizen through /vneid-sim/.",
            hint="Set VNEID_ISSUER, VNEID_CLIENT_ID and VNEID_CLIENT_SECRET for the real VNeID, "
            "or VNEID_SIMULATOR=false.",
            id="tinhso.W010",
        )
    ]
