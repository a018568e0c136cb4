"""The installable app: web manifest, service worker and the offline page."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _

from tinhso.core import permissions

SHELL_ASSETS = ["css/tinhso.css", "js/app.js", "vendor/htmx.min.js", "img/icon.svg"]


@lru_cache(maxsize=1)
def shell_version() -> str:
    """Changes whenever a shell file changes, so phones drop the old cache on the next visit."""
    digest = hashlib.sha256()
    for name in SHELL_ASSETS:
        path = finders.find(name)
        if path:
            with open(path, "rb") as handle:
                digest.update(handle.read())
    return digest.hexdigest()[:12]


@permissions.public
def manifest(request: HttpRequest) -> JsonResponse:
    icon = static("img/icon.svg")
    response = JsonResponse(
        {
            "name": "C-Thái Nguyên",
            "short_name": "C-Thái Nguyên",
            "description": _("Thái Nguyên province public services"),
            "lang": settings.LANGUAGE_CODE,
            "start_url": "/?source=app",
            "scope": "/",
            "display": "standalone",
            "background_color": "#f5f7fa",
            "theme_color": "#0a4f8f",
            "icons": [
                {"src": icon, "sizes": "any", "type": "image/svg+xml", "purpose": "any"},
                {"src": icon, "sizes": "192x192", "type": "image/svg+xml", "purpose": "any"},
                {"src": icon, "sizes": "512x512", "type": "image/svg+xml", "purpose": "any"},
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )
    response["Content-Type"] = "application/manifest+json"
    return response


@permissions.public
def service_worker(request: HttpRequest) -> HttpResponse:
    body = render_to_string(
        "portal/sw.js",
        {
            "version": shell_version(),
            "shell": json.dumps([reverse("portal:offline"), *[static(a) for a in SHELL_ASSETS]]),
            "offline_url": reverse("portal:offline"),
        },
    )
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@permissions.public
def offline(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/offline.html")
