from __future__ import annotations

import factory
from django.conf import settings

from tinhso.core.models import Agency, Position, Role, User

PASSWORD = "Mat-khau-tot-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Người dùng {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.vn")
    kind = User.Kind.CITIZEN
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create:
            obj.save()


def agency(ref: str) -> Agency:
    return Agency.objects.get(ref=ref)


def official(agency_: Agency, role: str = Role.SPECIALIST, **kwargs) -> User:  # type: ignore[no-untyped-def]
    user = UserFactory(kind=User.Kind.OFFICIAL, **kwargs)
    Position.objects.create(user=user, agency=agency_, role=role)
    return user


def sysadmin() -> User:
    user = UserFactory(kind=User.Kind.OFFICIAL, is_staff=True, is_superuser=True)
    Position.objects.create(
        user=user, agency=agency(f"{settings.TINHSO_PROVINCE_CODE}:committee"), role=Role.SYSADMIN
    )
    return user
