from .agencies import Agency, Department
from .audit import AuditEntry
from .ops import ApiToken, LoginFailure, WorkerHeartbeat
from .people import Position, Role, User
from .sequences import Sequence
from .units import AdministrativeUnit

__all__ = [
    "AdministrativeUnit",
    "Agency",
    "ApiToken",
    "AuditEntry",
    "Department",
    "LoginFailure",
    "Position",
    "Role",
    "Sequence",
    "User",
    "WorkerHeartbeat",
]
