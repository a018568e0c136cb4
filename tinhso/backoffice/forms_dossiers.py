"""The forms behind the back office's dossier actions. Each carries the `lock_version` the page was drawn
with, so an action on a dossier someone else has just changed is refused (409) instead of applied twice."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tinhso.core import clock
from tinhso.core.models import User

NOTE_MAX = 2000


class ActionForm(forms.Form):
    lock_version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    confirm_label: Any = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"id_%s_{self.prefix_name()}")
        super().__init__(*args, **kwargs)
        if self.confirm_label is not None:
            self.fields["confirm"] = forms.BooleanField(
                label=self.confirm_label,
                error_messages={"required": _("Tick the box to confirm.")},
            )

    @classmethod
    def prefix_name(cls) -> str:
        return cls.__name__.removesuffix("Form").lower()

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("confirm", None)
        return data


class ReceiveForm(ActionForm):
    def __init__(self, *args: Any, ask_appointment: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if ask_appointment:
            self.fields["due_at"] = forms.DateTimeField(
                label=_("Appointment to return the result"),
                help_text=_("The procedure publishes no processing time: set the date and time."),
                input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
                widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
                error_messages={"required": _("Set the appointment date and time.")},
            )

    def clean_due_at(self) -> Any:
        value = self.cleaned_data.get("due_at")
        if value is not None and value <= clock.now():
            raise forms.ValidationError(_("The appointment must be in the future."))
        return value


class SupplementForm(ActionForm):
    items = forms.CharField(
        label=_("What the citizen must supplement"),
        help_text=_("One item per line."),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("List what the citizen must supplement or complete.")},
    )


class RefuseForm(ActionForm):
    reason = forms.CharField(
        label=_("Reason for refusing"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for refusing the dossier.")},
    )
    confirm_label = _("I confirm that this dossier is refused (form 03 is sent to the citizen).")


class ForwardForm(ActionForm):
    to_user = forms.TypedChoiceField(label=_("Send to"), required=False, coerce=int, empty_value=None)
    note = forms.CharField(
        label=_("Note for the next step"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, people: list[User] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {p.pk: p for p in people or []}
        field = self.fields["to_user"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Anyone who handles the next step"))] + [
            (p.pk, p.full_name or p.username) for p in people or []
        ]

    def person(self) -> User | None:
        pk = self.cleaned_data.get("to_user")
        return self.people.get(pk) if pk is not None else None


class SendBackForm(ActionForm):
    note = forms.CharField(
        label=_("Why is it sent back?"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the dossier is sent back.")},
    )


class PaymentForm(ActionForm):
    amount = forms.IntegerField(
        label=_("Amount (đồng)"),
        required=False,
        min_value=1,
        max_value=10**12,
        help_text=_("With an amount the citizen pays by VietQR and processing goes on by itself once paid."),
    )
    note = forms.CharField(
        label=_("The financial obligation"),
        help_text=_("What, how much, and where to pay."),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Describe the financial obligation (what, how much, where to pay).")},
    )


class ResumeForm(ActionForm):
    pass


class FinishForm(ActionForm):
    note = forms.CharField(
        label=_("Note"), required=False, max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )
    pin = forms.CharField(
        label=_("Your signing PIN"),
        help_text=_(
            "Read the result (preview above) first: the PIN signs it with your certificate and the agency's seal."
        ),
        max_length=8,
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"required": _("Enter your signing PIN.")},
    )


class ReturnForm(ActionForm):
    tracking = forms.CharField(
        label=_("Postal tracking number"),
        required=False,
        max_length=40,
        help_text=_("Required when the result goes by post."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX,
        help_text=_("For example: handed over at the desk to the person's representative."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AcceptHandoverForm(ActionForm):
    note = forms.CharField(
        label=_("Note"), required=False, max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )


class RejectHandoverForm(ActionForm):
    reason = forms.CharField(
        label=_("Why does your agency not take it?"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the dossier is returned to the sending agency.")},
    )
    confirm_label = _("I confirm that the dossier goes back to the agency that sent it.")


class StopForm(forms.Form):
    """Form 05: why processing stops."""

    lock_version = forms.IntegerField(min_value=0, widget=forms.HiddenInput, required=False)
    reason = forms.CharField(
        label=_("Reason for stopping"),
        help_text=_("It is printed in the notice (form 05) sent to the citizen."),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for stopping the processing.")},
    )
    confirm = forms.BooleanField(
        label=_("I confirm that processing stops; the dossier is closed (status 8)."),
        error_messages={"required": _("Tick the box to confirm.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_%s_stop")
        super().__init__(*args, **kwargs)


FORMS: dict[str, type[ActionForm]] = {
    "receive": ReceiveForm,
    "request-supplements": SupplementForm,
    "refuse": RefuseForm,
    "forward": ForwardForm,
    "send-back": SendBackForm,
    "request-payment": PaymentForm,
    "resume": ResumeForm,
    "finish": FinishForm,
    "return": ReturnForm,
    "accept-handover": AcceptHandoverForm,
    "reject-handover": RejectHandoverForm,
}


class ApologyForm(forms.Form):
    """Form 04: why the dossier is late and the new appointment."""

    lock_version = forms.IntegerField(min_value=0, widget=forms.HiddenInput, required=False)
    reason = forms.CharField(
        label=_("Reason for the delay"), max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    new_due_at = forms.DateTimeField(
        label=_("New appointment"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
    )
