from .agencies import Agency, Department
from .audit import AuditEntry
from .notifications import (
    Delivery,
    Notification,
    NotificationChannel,
    NotificationPreference,
    NotificationTemplate,
)
from .ops import ApiToken, LoginFailure, WorkerHeartbeat
from .people import Position, Role, User
from .units import AdministrativeUnit

__all__ = [
    "AdministrativeUnit",
    "Agency",
    "ApiToken",
    "AuditEntry",
    "Delivery",
    "Department",
    "LoginFailure",
    "Notification",
    "NotificationChannel",
    "NotificationPreference",
    "NotificationTemplate",
    "Position",
    "Role",
    "User",
    "WorkerHeartbeat",
]
