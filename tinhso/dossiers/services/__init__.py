"""Every write to a dossier: `dossier_<verb>(*, actor, ...)`, transactional, audited, recorded as an event."""

from tinhso.dossiers.services.citizen import dossier_rate, dossier_withdraw
from tinhso.dossiers.services.desk import dossier_receive, dossier_refuse, dossier_request_supplements
from tinhso.dossiers.services.engine import (
    dossier_finish,
    dossier_finish_many,
    dossier_forward,
    dossier_request_payment,
    dossier_resume_after_payment,
    dossier_return_result,
    dossier_send_back,
)
from tinhso.dossiers.services.intake import Person, dossier_intake
from tinhso.dossiers.services.late import dossier_apologise
from tinhso.dossiers.services.routing import dossier_accept_handover, dossier_reject_handover
from tinhso.dossiers.services.stop import dossier_stop
from tinhso.dossiers.services.submission import (
    dossier_attach,
    dossier_discard_draft,
    dossier_remove_file,
    dossier_save_draft,
    dossier_start,
    dossier_submit,
    dossier_submit_online,
    dossier_supplement,
)

__all__ = [
    "Person",
    "dossier_accept_handover",
    "dossier_apologise",
    "dossier_attach",
    "dossier_discard_draft",
    "dossier_finish",
    "dossier_finish_many",
    "dossier_forward",
    "dossier_intake",
    "dossier_rate",
    "dossier_receive",
    "dossier_refuse",
    "dossier_reject_handover",
    "dossier_remove_file",
    "dossier_request_payment",
    "dossier_request_supplements",
    "dossier_resume_after_payment",
    "dossier_return_result",
    "dossier_save_draft",
    "dossier_send_back",
    "dossier_start",
    "dossier_stop",
    "dossier_submit",
    "dossier_submit_online",
    "dossier_supplement",
    "dossier_withdraw",
]
