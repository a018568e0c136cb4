from .agencies import Agency, Department
from .audit import AuditEntry
from .identity import ExternalIdentity
from .ops import ApiToken, LoginFailure, WorkerHeartbeat
from .people import Position, Role, User
from .units import AdministrativeUnit

__all__ = [
    "AdministrativeUnit",
    "Agency",
    "ApiToken",
    "AuditEntry",
    "Department",
    "ExternalIdentity",
    "LoginFailure",
    "Position",
    "Role",
    "User",
    "WorkerHeartbeat",
]
