"""E-forms (tờ khai điện tử) as data: the fields an administrator defined for a procedure become a Django
form for the web, a JSON description for the API, and the server-side validation of both."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from tinhso.core.citizen_id import validate_citizen_id
from tinhso.core.notifications import normalize_phone
from tinhso.publicservices.models import FormField, Procedure

Kind = FormField.Kind

# A procedure without its own form still asks what the person wants.
GENERIC_FORM = [
    {
        "key": "noi_dung",
        "label": str(_("What you are asking for")),
        "kind": Kind.TEXTAREA,
        "required": True,
        "help_text": str(_("Describe your request; attach the papers the procedure lists below.")),
        "section": "",
        "choices": [],
        "max_length": 2000,
        "pattern": "",
        "pattern_message": "",
        "min_value": None,
        "max_value": None,
        "prefill": "",
    }
]


def _field_dict(f: FormField) -> dict[str, Any]:
    return {
        "key": f.key,
        "label": f.label,
        "kind": f.kind,
        "required": f.required,
        "help_text": f.help_text,
        "section": f.section,
        "choices": [line.strip() for line in f.choices.splitlines() if line.strip()],
        "max_length": f.max_length,
        "pattern": f.pattern,
        "pattern_message": f.pattern_message,
        "min_value": None if f.min_value is None else str(f.min_value),
        "max_value": None if f.max_value is None else str(f.max_value),
        "prefill": f.prefill,
    }


def form_spec(procedure: Procedure) -> list[dict[str, Any]]:
    fields = [_field_dict(f) for f in procedure.form_fields.order_by("position", "id")]
    return fields or [dict(f) for f in GENERIC_FORM]


def _citizen_id(value: str) -> None:
    validate_citizen_id(value)


def _phone(value: str) -> None:
    if normalize_phone(value) is None:
        raise ValidationError(_("Enter a Vietnamese mobile number, e.g. 0912 345 678."), code="phone")


def _django_field(spec: Mapping[str, Any]) -> forms.Field:
    common: dict[str, Any] = {
        "label": spec["label"],
        "required": bool(spec.get("required")),
        "help_text": spec.get("help_text") or "",
    }
    kind = spec["kind"]
    if kind == Kind.TEXTAREA:
        return forms.CharField(
            widget=forms.Textarea(attrs={"rows": 4}), max_length=spec.get("max_length") or 4000, **common
        )
    if kind == Kind.DATE:
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if kind == Kind.NUMBER:
        return forms.DecimalField(
            min_value=Decimal(spec["min_value"]) if spec.get("min_value") is not None else None,
            max_value=Decimal(spec["max_value"]) if spec.get("max_value") is not None else None,
            **common,
        )
    if kind == Kind.SELECT:
        choices = [("", "—")] + [(c, c) for c in spec.get("choices") or []]
        return forms.ChoiceField(choices=choices, **common)
    if kind == Kind.CHECKBOX:
        return forms.BooleanField(**common)
    if kind == Kind.CITIZEN_ID:
        return forms.CharField(
            max_length=12,
            validators=[_citizen_id],
            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            **common,
        )
    if kind == Kind.PHONE:
        return forms.CharField(
            max_length=20, validators=[_phone], widget=forms.TextInput(attrs={"type": "tel"}), **common
        )
    if kind == Kind.EMAIL:
        return forms.EmailField(**common)
    validators = []
    if spec.get("pattern"):
        message = spec.get("pattern_message") or _("The value is not in the expected form.")
        validators.append(RegexValidator(re.compile(rf"^(?:{spec['pattern']})$"), message))
    return forms.CharField(max_length=spec.get("max_length") or 300, validators=validators, **common)


def build_form(
    spec: list[dict[str, Any]],
    *,
    data: Mapping[str, Any] | None = None,
    initial: Mapping[str, Any] | None = None,
) -> forms.Form:
    form = forms.Form(data=data, initial=dict(initial or {}), prefix="f")
    for item in spec:
        form.fields[item["key"]] = _django_field(item)
    return form


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def validate(
    spec: list[dict[str, Any]], data: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Check submitted values (keys without the web form's prefix); return (clean JSON values, errors)."""
    prefixed = {f"f-{key}": value for key, value in data.items()}
    for item in spec:  # JSON true/false for tick boxes as the web form sends them
        value = prefixed.get(f"f-{item['key']}")
        if item["kind"] == Kind.CHECKBOX and isinstance(value, bool):
            prefixed[f"f-{item['key']}"] = "on" if value else ""
    form = build_form(spec, data=prefixed)
    if form.is_valid():
        return {k: _json_value(v) for k, v in form.cleaned_data.items()}, {}
    return {}, {key: [str(m) for m in messages] for key, messages in form.errors.items()}


def from_web(form: forms.Form) -> dict[str, Any]:
    return {k: _json_value(v) for k, v in form.cleaned_data.items()}


def prefill(spec: list[dict[str, Any]], user: Any) -> dict[str, Any]:
    """Initial values from the citizen's profile for the fields that ask for them."""
    values: dict[str, Any] = {}
    for item in spec:
        source = item.get("prefill")
        if not source:
            continue
        if source == "address":
            unit = getattr(user, "address_unit", None)
            parts = [getattr(user, "address_line", ""), unit.name if unit else ""]
            value: Any = ", ".join(p for p in parts if p)
        else:
            value = getattr(user, source, "") or ""
        if value:
            values[item["key"]] = value
    return values


def describe(spec: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The form as the API publishes it (labels in the current language where they are ours)."""
    return [dict(item) for item in spec]
