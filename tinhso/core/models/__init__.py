from .accounts import OneTimeCode, Representation
from .agencies import Agency, Department
from .audit import AuditEntry
from .calendar import CalendarOverride, OfficeHours, OfficePeriod
from .identity import ExternalIdentity
from .notifications import (
    Delivery,
    Notification,
    NotificationChannel,
    NotificationPreference,
    NotificationTemplate,
)
from .ops import ApiToken, LoginFailure, RateBudget, WorkerHeartbeat
from .people import Position, Role, User
from .sequences import Sequence
from .units import AdministrativeUnit

__all__ = [
    "AdministrativeUnit",
    "Agency",
    "ApiToken",
    "AuditEntry",
    "CalendarOverride",
    "Delivery",
    "Department",
    "ExternalIdentity",
    "LoginFailure",
    "Notification",
    "NotificationChannel",
    "NotificationPreference",
    "NotificationTemplate",
    "OfficeHours",
    "OfficePeriod",
    "OneTimeCode",
    "Position",
    "RateBudget",
    "Representation",
    "Role",
    "Sequence",
    "User",
    "WorkerHeartbeat",
]
