"""How the citizen's pages put the dossier's events and the rating questions into words."""

from django.utils.translation import gettext_lazy

# What each event means for the citizen. Kinds not listed here (internal steps) are not shown.
EVENT_WORDING = {
    "submitted": gettext_lazy("You submitted the dossier online."),
    "received": gettext_lazy("The one-stop desk received the dossier and issued the receipt."),
    "supplement_requested": gettext_lazy("You are asked to supplement or complete the dossier."),
    "supplemented": gettext_lazy("You sent the supplements."),
    "resumed": gettext_lazy("The dossier is being handled again with your supplements."),
    "refused": gettext_lazy("The dossier was not received."),
    "processing": gettext_lazy("The competent agency is processing the dossier."),
    "payment_requested": gettext_lazy("You are asked to fulfil a financial obligation."),
    "payment_fulfilled": gettext_lazy("The financial obligation is fulfilled; processing goes on."),
    "processed": gettext_lazy("Processing is finished: the result is ready."),
    "returned": gettext_lazy("The result has been returned to you."),
    "returned_online": gettext_lazy("The signed electronic result is in your account: download it below."),
    "payment_received": gettext_lazy("Your payment was received."),
    "withdrawn": gettext_lazy("You withdrew the dossier."),
    "rated": gettext_lazy("You rated the service. Thank you."),
    "apologised": gettext_lazy("The agency apologised for the delay and set a new appointment."),
    "handed_over": gettext_lazy("The dossier was passed on to the partner agency (inter-agency procedure):"),
    "stopped": gettext_lazy("The competent agency stopped processing the dossier."),
}
RATING_QUESTIONS = [
    ("attitude", gettext_lazy("The officials' attitude")),
    ("timeliness", gettext_lazy("The time it took")),
    ("guidance", gettext_lazy("How clearly you were guided")),
    ("overall", gettext_lazy("Overall")),
]
EVENT_NOTES_SHOWN = {
    "supplement_requested",
    "supplemented",
    "refused",
    "payment_requested",
    "withdrawn",
    "apologised",
    "handed_over",
    "stopped",
    "returned",
    "payment_received",
}
