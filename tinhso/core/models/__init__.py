from .accounts import OneTimeCode, Representation
from .agencies import Agency, Department
from .audit import AuditEntry
from .calendar import CalendarOverride, OfficeHours, OfficePeriod
from .ops import ApiToken, LoginFailure, WorkerHeartbeat
from .people import Position, Role, User
from .units import AdministrativeUnit

__all__ = [
    "AdministrativeUnit",
    "Agency",
    "ApiToken",
    "AuditEntry",
    "CalendarOverride",
    "Department",
    "LoginFailure",
    "OfficeHours",
    "OfficePeriod",
    "OneTimeCode",
    "Position",
    "Representation",
    "Role",
    "User",
    "WorkerHeartbeat",
]
