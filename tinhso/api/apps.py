from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core import checks


class ApiConfig(AppConfig):
    name = "tinhso.api"
    label = "tinhso_api"

    def ready(self) -> None:
        checks.register(bench_endpoints_are_off_in_production, checks.Tags.security, deploy=True)


def bench_endpoints_are_off_in_production(
    app_configs: Any = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """`manage.py check --deploy` warns when the benchmarks' endpoints are mounted."""
    if not settings.TINHSO_BENCH_ENDPOINTS:
        return []
    return [
        checks.Warning(
            "TINHSO_BENCH_ENDPOINTS is on: /api/v1/bench/… is mounted.",
            hint="Only the benchmarks' own server sets it; unset it in a deployment.",
            id="tinhso.W011",
        )
    ]
