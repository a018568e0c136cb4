from __future__ import annotations

import datetime
import datetime as dt
from typing import Any

from ninja import Field, Schema


class UnitOut(Schema):
    code: str
    name: str
    division_type: str
    level: str
    province_code: str | None = Field(None, alias="parent.code")


class DepartmentOut(Schema):
    id: int
    name: str


class AgencyOut(Schema):
    code: str
    code_is_official: bool
    name: str
    short_name: str
    kind: str
    kind_label: str
    parent_code: str | None = Field(None, alias="parent.code")
    unit_code: str = Field(..., alias="unit.code")
    unit_name: str = Field(..., alias="unit.name")

    @staticmethod
    def resolve_kind_label(obj: Any) -> str:
        return str(obj.get_kind_display())


class AgencyDetailOut(AgencyOut):
    address: str
    phone: str
    email: str
    departments: list[DepartmentOut]

    @staticmethod
    def resolve_departments(obj: Any) -> list[Any]:
        return list(obj.departments.all())


class PositionOut(Schema):
    agency_code: str
    agency_name: str
    department: str | None
    role: str
    role_label: str
    title: str


class MeOut(Schema):
    username: str
    full_name: str
    kind: str
    email: str
    positions: list[PositionOut]


class OfficialOut(Schema):
    username: str
    full_name: str
    positions: list[PositionOut]


class TokenIn(Schema):
    name: str


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    token: str | None = None


class ErrorOut(Schema):
    detail: str


class NotificationOut(Schema):
    id: int
    event: str
    title: str
    body: str
    url: str
    created_at: datetime.datetime
    read_at: datetime.datetime | None
    is_read: bool


class ReadAllOut(Schema):
    marked: int


class AuditLineOut(Schema):
    at: dt.datetime
    action: str
    action_label: str
    actor: str
    actor_positions: list[str]
    by_self: bool


class AuditPageOut(Schema):
    count: int
    items: list[AuditLineOut]
