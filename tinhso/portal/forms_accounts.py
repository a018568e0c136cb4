"""Forms of the citizen account pages. They validate; services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tinhso.core import clock
from tinhso.core.citizen_id import validate_citizen_id
from tinhso.core.files import validate_upload
from tinhso.core.models import AdministrativeUnit, Representation, User
from tinhso.core.services.accounts import check_password_rules, contact_taken, parse_contact


def served_communes() -> Any:
    return AdministrativeUnit.objects.filter(
        level=AdministrativeUnit.Level.COMMUNE, is_served=True, valid_to__isnull=True
    ).order_by("sort_key")


class CommuneChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: AdministrativeUnit) -> str:  # type: ignore[override]
        return obj.name


class DateField(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("input_formats", ["%Y-%m-%d", "%d/%m/%Y"])
        kwargs.setdefault("error_messages", {"invalid": _("Enter a valid date.")})
        super().__init__(**kwargs)


def new_password_field(label: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,
        help_text=_("At least 8 characters, with letters and digits."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Please choose a password.")},
    )


def repeat_password_field() -> forms.CharField:
    return forms.CharField(
        label=_("Repeat the password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Please repeat the password.")},
    )


class ProfileFields(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Please enter your full name.")},
    )
    date_of_birth = DateField(
        label=_("Date of birth"), error_messages={"required": _("Please enter your date of birth.")}
    )
    address_unit = CommuneChoiceField(
        label=_("Commune or ward of residence"),
        queryset=served_communes(),
        required=False,
        empty_label=_("— Choose —"),
    )
    address_line = forms.CharField(
        label=_("House number, street, hamlet"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )

    def clean_date_of_birth(self) -> Any:
        value = self.cleaned_data["date_of_birth"]
        if value and value > clock.today():
            raise ValidationError(_("The date of birth is in the future."))
        return value


class RegistrationForm(ProfileFields):
    contact = forms.CharField(
        label=_("Mobile number or e-mail"),
        max_length=254,
        help_text=_("We send a code to it to check that it is yours."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "inputmode": "email"}),
        error_messages={"required": _("Please enter a mobile number or an e-mail address.")},
    )
    citizen_id = forms.CharField(
        label=_("Personal identification number"),
        max_length=14,
        help_text=_("The 12 digits on your citizen identity card (căn cước)."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"required": _("Please enter your personal identification number.")},
    )
    password1 = new_password_field(_("Password"))
    password2 = repeat_password_field()

    field_order = [
        "full_name",
        "contact",
        "citizen_id",
        "date_of_birth",
        "address_unit",
        "address_line",
        "password1",
        "password2",
    ]

    def clean_contact(self) -> Any:
        contact = parse_contact(self.cleaned_data["contact"])
        if contact_taken(contact):
            raise ValidationError(
                _("An account already uses this mobile number or e-mail. Log in, or reset the password."),
                code="duplicate",
            )
        return contact

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "citizen_id" in data:
            try:
                data["citizen_id"] = validate_citizen_id(
                    data["citizen_id"], date_of_birth=data.get("date_of_birth"), today=clock.today()
                )
            except ValidationError as exc:
                self.add_error("citizen_id", exc)
            else:
                if User.objects.filter(citizen_id=data["citizen_id"]).exists():
                    self.add_error(
                        "citizen_id",
                        ValidationError(
                            _("An account already exists for this identification number."), code="duplicate"
                        ),
                    )
        password = data.get("password1")
        if password:
            if password != data.get("password2"):
                self.add_error("password2", _("The two passwords do not match."))
            else:
                try:
                    check_password_rules(
                        password,
                        user=User(full_name=data.get("full_name", ""), username=str(data.get("contact", ""))),
                    )
                except ValidationError as exc:
                    self.add_error("password1", exc)
        return data

    def is_duplicate(self) -> bool:
        return any(e.code == "duplicate" for errors in self.errors.as_data().values() for e in errors)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=12,
        help_text=_("The 6 digits we sent you."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
        error_messages={"required": _("Please enter the code.")},
    )


class ContactForm(forms.Form):
    contact = forms.CharField(
        label=_("Mobile number or e-mail"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
        error_messages={"required": _("Please enter a mobile number or an e-mail address.")},
    )

    def clean_contact(self) -> Any:
        return parse_contact(self.cleaned_data["contact"])


class NewPasswordForm(CodeForm):
    password1 = new_password_field(_("New password"))
    password2 = repeat_password_field()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords do not match."))
        return data


class ProfileForm(ProfileFields):
    pass


class RepresentationForm(forms.Form):
    relationship = forms.ChoiceField(
        label=_("You act as"), choices=Representation.Relationship.choices, widget=forms.RadioSelect
    )
    full_name = forms.CharField(
        label=_("Full name of the person"),
        max_length=150,
        error_messages={"required": _("Please enter the person's full name.")},
    )
    date_of_birth = DateField(
        label=_("Their date of birth"), error_messages={"required": _("Please enter their date of birth.")}
    )
    citizen_id = forms.CharField(
        label=_("Their personal identification number"),
        max_length=14,
        required=False,
        help_text=_("Optional for a young child without one."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    valid_until = DateField(label=_("Authorisation valid until"), required=False)
    authorisation = forms.FileField(
        label=_("Authorisation document (PDF, JPEG or PNG)"),
        required=False,
        help_text=_("Needed when you act under an authorisation."),
    )

    def clean_authorisation(self) -> Any:
        upload = self.cleaned_data.get("authorisation")
        if upload:
            validate_upload(upload)
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("citizen_id"):
            try:
                data["citizen_id"] = validate_citizen_id(
                    data["citizen_id"], date_of_birth=data.get("date_of_birth")
                )
            except ValidationError as exc:
                self.add_error("citizen_id", exc)
        return data
