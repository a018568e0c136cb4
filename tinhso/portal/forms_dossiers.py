"""Forms of the citizen's dossier pages: who the dossier is for and where it goes, the public lookup."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tinhso.core.models import AdministrativeUnit, Representation
from tinhso.portal.forms_accounts import CommuneChoiceField

SELF = "self"


class DossierStartForm(forms.Form):
    """ "For myself" or "for someone I act for", and for commune-level procedures the commune or ward."""

    applicant = forms.ChoiceField(label=_("Who is the dossier for?"), widget=forms.RadioSelect)
    commune = CommuneChoiceField(
        label=_("Commune or ward where you submit"),
        queryset=AdministrativeUnit.objects.none(),
        empty_label=_("— Choose —"),
        help_text=_("The commune or ward whose People's Committee handles the procedure."),
    )

    def __init__(
        self,
        *args: Any,
        representations: list[Representation],
        communes: QuerySet[AdministrativeUnit] | None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.representations = {str(r.pk): r for r in representations}
        choices: list[tuple[str, str]] = [(SELF, str(_("For myself")))]
        for r in representations:
            label = _("For %(name)s (%(relationship)s)") % {
                "name": r.full_name,
                "relationship": r.get_relationship_display(),
            }
            choices.append((str(r.pk), str(label)))
        self.fields["applicant"].choices = choices  # type: ignore[attr-defined]
        self.fields["applicant"].initial = SELF
        if communes is None:
            del self.fields["commune"]
        else:
            self.fields["commune"].queryset = communes  # type: ignore[attr-defined]

    def representation(self) -> Representation | None:
        value = self.cleaned_data.get("applicant")
        return None if value in (None, SELF) else self.representations.get(value)


class LookupForm(forms.Form):
    ma = forms.CharField(
        label=_("Dossier code or submission reference"),
        max_length=40,
        help_text=_(
            "As printed on the receipt, e.g. 000.00.19.H55-261122-0001, or the 10-character reference."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        error_messages={"required": _("Enter the dossier code or submission reference.")},
    )
    so = forms.RegexField(
        label=_("Last 4 digits of the applicant's telephone or identification number"),
        regex=r"^\s*\d{4}\s*$",
        max_length=8,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9]*"}),
        error_messages={
            "required": _("Enter the last 4 digits."),
            "invalid": _("Enter exactly 4 digits."),
        },
    )


class SupplementForm(forms.Form):
    note = forms.CharField(
        label=_("Explanation for the desk (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
