"""The desk's intake form: who, how it arrived, where the result goes (the e-form is built from data)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tinhso.core.models import AdministrativeUnit
from tinhso.dossiers.models import Channel, Delivery


class IntakeForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    citizen_id = forms.CharField(
        label=_("Personal identification number"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Telephone"), max_length=20, required=False, widget=forms.TextInput(attrs={"type": "tel"})
    )
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    commune = forms.ModelChoiceField(
        label=_("Commune or ward whose People's Committee handles it"),
        queryset=AdministrativeUnit.objects.none(),
        empty_label=_("— Choose —"),
    )
    channel = forms.TypedChoiceField(
        label=_("How the dossier arrived"),
        choices=[(Channel.WALK_IN, Channel.WALK_IN.label), (Channel.POSTAL, Channel.POSTAL.label)],
        coerce=int,
        initial=Channel.WALK_IN,
        widget=forms.RadioSelect,
    )
    delivery = forms.ChoiceField(
        label=_("How the result is returned"),
        choices=Delivery.choices,
        initial=Delivery.DESK,
        widget=forms.RadioSelect,
    )
    delivery_address = forms.CharField(
        label=_("Postal address for the result"), max_length=300, required=False
    )

    def __init__(
        self, *args: Any, communes: QuerySet[AdministrativeUnit] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if communes is None:
            del self.fields["commune"]
        else:
            self.fields["commune"].queryset = communes  # type: ignore[attr-defined]
            self.fields["commune"].label_from_instance = lambda unit: unit.name  # type: ignore[attr-defined]
