"""Notification texts: Django template text an administrator edits, with built-in Vietnamese defaults.

Templates are rendered by a sandboxed engine: no template loaders (so no {% include %} or {% extends %} of
files), no tag libraries beyond the built-in ones, no autoescaping (the texts are plain text; pages
escape them when they show them). Context values are reduced to plain text, numbers, dates, lists and
dicts before rendering, so a template cannot reach a model's methods or fields it was not given.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.template import Context, Engine, TemplateSyntaxError
from django.utils.translation import gettext as _

from tinhso.core.models import NotificationChannel, NotificationTemplate

log = logging.getLogger(__name__)

DEFAULTS_FILE = Path(__file__).parent / "data" / "notification_templates.json"
TEXT_FIELDS = ("title", "body", "sms_text", "zalo_text")

ENGINE = Engine(loaders=[], app_dirs=False, libraries={}, autoescape=False, debug=False)


@dataclass(frozen=True)
class TemplateTexts:
    """The four texts of a template, from the database or from the built-in defaults."""

    title: str
    body: str
    sms_text: str = ""
    zalo_text: str = ""


@dataclass(frozen=True)
class RenderedTexts:
    title: str
    body: str
    sms: str
    zalo: str

    def for_channel(self, channel: str) -> str:
        if channel == NotificationChannel.EMAIL:
            return self.body
        if channel == NotificationChannel.SMS:
            return self.sms
        return self.zalo


def template_error(text: str) -> str | None:
    """None when `text` compiles, else the template engine's reason (for the admin form)."""
    try:
        ENGINE.from_string(text)
    except TemplateSyntaxError as exc:
        return str(exc)
    return None


def plain(value: Any) -> Any:
    """A value a template may safely see: model instances and other objects become their text."""
    if value is None or isinstance(value, str | int | float | bool | decimal.Decimal | dt.date):
        return value
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return str(value)


def _render(text: str, context: dict[str, Any]) -> str:
    if not text:
        return ""
    return ENGINE.from_string(text).render(Context(context, autoescape=False)).strip()


def render_texts(source: TemplateTexts, context: dict[str, Any]) -> RenderedTexts:
    """Render all four texts (raises the template engine's errors; callers fall back)."""
    safe = plain(context)
    title = " ".join(_render(source.title, safe).split())[:300]
    body = _render(source.body, safe)
    sms = _render(source.sms_text, safe) or title
    zalo = _render(source.zalo_text, safe) or _render(source.sms_text, safe) or f"{title}\n\n{body}".strip()
    return RenderedTexts(title=title, body=body, sms=sms, zalo=zalo)


@functools.cache
def builtin_templates() -> dict[str, dict[str, Any]]:
    rows = json.loads(DEFAULTS_FILE.read_text(encoding="utf-8"))
    return {row["event"]: row for row in rows}


def _builtin_texts(event: str) -> TemplateTexts | None:
    row = builtin_templates().get(event)
    if row is None:
        return None
    return TemplateTexts(**{name: row.get(name, "") for name in TEXT_FIELDS})


def render_event(event: str, context: dict[str, Any]) -> RenderedTexts:
    """The texts for `event`: the administrator's active template, else the built-in default (logged), else
    a generic text (logged as an error: a caller sent an event nobody wrote a text for)."""
    template = NotificationTemplate.objects.filter(event=event, is_active=True).first()
    if template is not None:
        try:
            return render_texts(TemplateTexts(*(getattr(template, f) for f in TEXT_FIELDS)), context)
        except Exception:
            # An edited template that compiled may still fail on real data (a filter on a wrong type):
            # the person must still be told, so fall back to the built-in text.
            log.exception("notification template %s failed to render; using the built-in text", event)
    else:
        log.warning("no active notification template for %s; using the built-in text", event)
    builtin = _builtin_texts(event)
    if builtin is not None:
        return render_texts(builtin, context)
    log.error("no notification text at all for event %s", event)
    return render_texts(TemplateTexts(title=_("You have a new notification"), body=""), context)


def template_preview(template: NotificationTemplate) -> RenderedTexts | str:
    """The template rendered against its sample data, or the reason it cannot be (for the admin)."""
    sample = template.sample_context if isinstance(template.sample_context, dict) else {}
    try:
        return render_texts(TemplateTexts(*(getattr(template, f) for f in TEXT_FIELDS)), sample)
    except Exception as exc:
        return str(exc)


@transaction.atomic
def load_notification_templates() -> dict[str, int]:
    """Create the built-in templates that do not exist yet (idempotent; an administrator's edits are kept)."""
    existing = set(NotificationTemplate.objects.values_list("event", flat=True))
    fields = (*TEXT_FIELDS, "sample_context", "source", "notes")
    new = [
        NotificationTemplate(
            event=event, **{name: row.get(name, {} if name == "sample_context" else "") for name in fields}
        )
        for event, row in builtin_templates().items()
        if event not in existing
    ]
    NotificationTemplate.objects.bulk_create(new, ignore_conflicts=True)
    return {"created": len(new), "templates": len(builtin_templates())}
