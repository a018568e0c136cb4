"""Demo accounts for Thái Nguyên: one per role, so a newcomer can see every side of the platform.

Names are fictional. The password comes from TINHSO_DEMO_PASSWORD and is printed by `tinhso run`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from tinhso.core import oidc, vneid_sim
from tinhso.core.models import Agency, Department, Role, User
from tinhso.core.notifications import notification_send
from tinhso.core.services.identity import external_identity_link
from tinhso.core.services.positions import position_assign

# Phường Phan Đình Phùng (code 05443) is the provincial capital's central ward: the demo commune.
DEMO_COMMUNE = "05443"
DEMO_PROVINCE = 19


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: str | None  # None: a citizen
    agency_ref: str = ""
    department: str = ""
    title: str = ""


DEMO_ACCOUNTS = [
    DemoAccount("quantri", "Đỗ Minh Quân", Role.SYSADMIN, "19:committee", "Văn phòng", "Quản trị hệ thống"),
    DemoAccount(
        "lanhdao.tinh", "Hoàng Văn Thành", Role.AGENCY_LEADER, "19:committee", "", "Phó Chủ tịch UBND tỉnh"
    ),
    DemoAccount(
        "vanthu.tinh", "Lê Thị Hạnh", Role.CLERK, "19:dept:vpubnd", "Phòng Hành chính – Tổ chức", "Văn thư"
    ),
    DemoAccount(
        "motcua.tinh",
        "Phạm Thu Trang",
        Role.ONE_STOP_OFFICER,
        "19:centre",
        "Bộ phận Tiếp nhận và Trả kết quả",
        "Công chức tiếp nhận",
    ),
    DemoAccount("lanhdao.stp", "Nguyễn Quốc Hưng", Role.AGENCY_LEADER, "19:dept:tu-phap", "", "Giám đốc Sở"),
    DemoAccount(
        "truongphong.stp",
        "Trần Thị Mai",
        Role.DEPARTMENT_HEAD,
        "19:dept:tu-phap",
        "Phòng Hành chính tư pháp",
        "Trưởng phòng",
    ),
    DemoAccount(
        "chuyenvien.stp",
        "Vũ Đức Long",
        Role.SPECIALIST,
        "19:dept:tu-phap",
        "Phòng Hành chính tư pháp",
        "Chuyên viên",
    ),
    DemoAccount(
        "lanhdao.ca",
        "Đinh Quang Vinh",
        Role.AGENCY_LEADER,
        "19:dept:cong-an",
        "",
        "Phó Giám đốc Công an tỉnh",
    ),
    DemoAccount(
        "chuyenvien.ca",
        "Trịnh Văn Dũng",
        Role.SPECIALIST,
        "19:dept:cong-an",
        "Phòng Cảnh sát quản lý hành chính về trật tự xã hội",
        "Cán bộ đăng ký cư trú",
    ),
    DemoAccount(
        "lanhdao.pdp",
        "Ngô Văn Bình",
        Role.AGENCY_LEADER,
        f"{DEMO_COMMUNE}:committee",
        "",
        "Chủ tịch UBND phường",
    ),
    DemoAccount(
        "chuyenvien.pdp",
        "Đặng Thị Lan",
        Role.SPECIALIST,
        f"{DEMO_COMMUNE}:committee",
        "Phòng Văn hóa – Xã hội",
        "Công chức Tư pháp – Hộ tịch",
    ),
    DemoAccount(
        "vanthu.pdp",
        "Bùi Thị Ngọc",
        Role.CLERK,
        f"{DEMO_COMMUNE}:committee",
        "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân",
        "Văn thư",
    ),
    DemoAccount(
        "motcua.pdp",
        "Lý Thị Hoa",
        Role.ONE_STOP_OFFICER,
        f"{DEMO_COMMUNE}:centre",
        "Bộ phận Tiếp nhận và Trả kết quả",
        "Công chức tiếp nhận",
    ),
    DemoAccount("congdan", "Nguyễn Văn An", None),
]


@transaction.atomic
def load_demo_people() -> list[DemoAccount]:
    password = settings.TINHSO_DEMO_PASSWORD
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(username=account.username).first()
        created = user is None
        if user is None:
            user = User(username=account.username)
            user.set_password(password)
        user.full_name = account.full_name
        user.kind = User.Kind.CITIZEN if account.role is None else User.Kind.OFFICIAL
        user.email = f"{account.username}@demo.tinhso.vn"
        user.is_staff = user.is_superuser = account.role == Role.SYSADMIN
        if account.role is None:
            user.phone = "0912345678"
        user.save()
        if account.role is None:
            if created:  # as registration does, so the demo citizen's inbox is not empty
                notification_send(actor=None, recipient=user, event="account.welcome", context={})
            _link_demo_vneid(user)
            continue
        agency = Agency.objects.get(ref=account.agency_ref)
        department = (
            Department.objects.get(agency=agency, name=account.department) if account.department else None
        )
        position_assign(
            actor=None,
            user=user,
            agency=agency,
            role=account.role,
            department=department,
            title=account.title,
        )
    return DEMO_ACCOUNTS


def _link_demo_vneid(user: User) -> None:
    """With the simulator, the demo citizen's account is linked to the simulator's citizen of the same
    name, so "Log in with VNeID" opens it. Never with a real VNeID: a subject is the provider's to give."""
    if not oidc.is_simulated():
        return
    identity = next((i for i in vneid_sim.DEMO_IDENTITIES if i.full_name == user.full_name), None)
    if identity is None or user.external_identities.exists():
        return
    external_identity_link(
        actor=None, user=user, provider=oidc.PROVIDER, claims=vneid_sim.demo_claims(identity)
    )
