from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tinhso.core.identity_numbers import parse_personal_number
from tinhso.core.vneid_sim import DEMO_IDENTITIES

OTHER = "other"


class ChooseIdentityForm(forms.Form):
    """The tester picks a demo citizen, or types one in."""

    identity = forms.ChoiceField(
        label=_("Log in as"),
        choices=[(i.citizen_id, i.full_name) for i in DEMO_IDENTITIES] + [(OTHER, _("Someone else"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose who logs in.")},
    )
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    citizen_id = forms.CharField(
        label=_("Personal identification number"),
        max_length=12,
        required=False,
        help_text=_("12 digits, e.g. 019090000123"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    level = forms.TypedChoiceField(
        label=_("Level of assurance"),
        choices=[(2, _("Level 2")), (1, _("Level 1"))],
        coerce=int,
        initial=2,
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("identity") != OTHER:
            return data
        if not (data.get("full_name") or "").strip():
            self.add_error("full_name", _("Please enter the full name."))
        if parse_personal_number(data.get("citizen_id") or "") is None:
            self.add_error(
                "citizen_id",
                _(
                    "A personal identification number has 12 digits and starts with the code of a "
                    "province (e.g. 019 for Thái Nguyên)."
                ),
            )
        if not data.get("level"):
            data["level"] = 2
        return data
