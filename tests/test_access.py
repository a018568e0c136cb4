import pytest
from django.contrib.auth.models import AnonymousUser

from tests import factories
from tinhso.core import access, selectors
from tinhso.core.models import Role

pytestmark = pytest.mark.django_db


def test_citizens_see_no_officials(citizen, commune_committee):
    factories.official(commune_committee)
    assert not selectors.official_list(viewer=citizen).exists()
    assert not selectors.official_list(viewer=AnonymousUser()).exists()


def test_an_official_sees_colleagues_of_their_own_agency_only(commune_committee, justice_department):
    me = factories.official(commune_committee, Role.SPECIALIST)
    colleague = factories.official(commune_committee, Role.CLERK)
    elsewhere = factories.official(justice_department, Role.SPECIALIST)
    visible = set(selectors.official_list(viewer=me))
    assert {me, colleague} <= visible
    assert elsewhere not in visible


def test_a_provincial_leader_oversees_departments_and_communes(
    province_committee, justice_department, commune_committee
):
    leader = factories.official(province_committee, Role.AGENCY_LEADER)
    specialist = factories.official(justice_department)
    commune_clerk = factories.official(commune_committee, Role.CLERK)
    visible = set(selectors.official_list(viewer=leader))
    assert {specialist, commune_clerk} <= visible
    agencies = access.agencies_of(leader)
    assert agencies.filter(pk=commune_committee.pk).exists()
    # and the commune's service centre, one level further down
    assert agencies.filter(parent=commune_committee).exists()


def test_a_department_leader_does_not_see_other_departments(justice_department):
    leader = factories.official(justice_department, Role.AGENCY_LEADER)
    other = factories.official(factories.agency("19:dept:y-te"))
    assert other not in set(selectors.official_list(viewer=leader))


def test_ended_positions_grant_nothing(commune_committee):
    user = factories.official(commune_committee, Role.ONE_STOP_OFFICER)
    user.positions.update(is_active=False)
    assert not access.is_official(user)
    assert not access.agencies_of(user).exists()


def test_one_person_may_hold_positions_in_several_agencies(commune_committee, justice_department):
    user = factories.official(commune_committee, Role.SPECIALIST)
    from tinhso.core.models import Position

    Position.objects.create(user=user, agency=justice_department, role=Role.DEPARTMENT_HEAD)
    assert access.roles_of(user) == {Role.SPECIALIST, Role.DEPARTMENT_HEAD}
    assert set(access.agencies_of(user)) == {commune_committee, justice_department}


def test_position_assign_service_is_audited_and_idempotent(commune_committee):
    from tinhso.core.models import AuditEntry, User
    from tinhso.core.services.positions import position_assign

    admin = factories.sysadmin()
    user = factories.UserFactory()
    position_assign(actor=admin, user=user, agency=commune_committee, role=Role.CLERK, title="Văn thư")
    position_assign(actor=admin, user=user, agency=commune_committee, role=Role.CLERK, title="Văn thư")
    user.refresh_from_db()
    assert user.kind == User.Kind.OFFICIAL and user.positions.count() == 1
    assert list(
        AuditEntry.objects.filter(actor=admin, action__startswith="position.")
        .values_list("action", flat=True)
        .order_by("id")
    ) == [
        "position.assign",
        "position.update",
    ]


def test_only_sysadmins_assign_positions(commune_committee):
    from tinhso.core.services.positions import position_assign

    leader = factories.official(commune_committee, Role.AGENCY_LEADER)
    with pytest.raises(PermissionError):
        position_assign(actor=leader, user=factories.UserFactory(), agency=commune_committee, role=Role.CLERK)


def test_official_count_matches_the_list(province_committee, commune_committee, justice_department):
    leader = factories.official(province_committee, Role.AGENCY_LEADER)
    for agency_ in (commune_committee, justice_department):
        factories.official(agency_, Role.SPECIALIST)
    assert selectors.official_count(viewer=leader) == selectors.official_list(viewer=leader).count() == 3
    assert selectors.official_count(viewer=factories.UserFactory()) == 0
