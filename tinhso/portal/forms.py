from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tinhso.core.models import NotificationChannel


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("Username or telephone"),
        max_length=150,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autocapitalize": "none", "autofocus": True}
        ),
        error_messages={"required": _("Please enter your username.")},
    )
    password = forms.CharField(
        label=_("Password"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Please enter your password.")},
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=100, required=False)


class NotificationSettingsForm(forms.Form):
    """One checkbox per channel, each described by the address messages go to (set in __init__)."""

    email = forms.BooleanField(label=NotificationChannel.EMAIL.label, required=False)
    sms = forms.BooleanField(label=NotificationChannel.SMS.label, required=False)
    zalo = forms.BooleanField(label=NotificationChannel.ZALO.label, required=False)
    zalo_address = forms.CharField(
        label=_("Telephone number for Zalo"),
        max_length=20,
        required=False,
        help_text=_("Leave empty to use your account's telephone number."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )

    def __init__(self, *args: Any, channels: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.rows = []
        for setting in channels:
            field = self.fields[setting.channel]
            field.initial = setting.enabled
            field.widget.attrs["aria-describedby"] = f"id_{setting.channel}_help"
            self.rows.append((self[setting.channel], setting))
        zalo = next((c for c in channels if c.channel == NotificationChannel.ZALO), None)
        if zalo is not None:
            self.fields["zalo_address"].initial = zalo.custom_address
        self.fields["zalo_address"].widget.attrs["aria-describedby"] = "id_zalo_address_help"
