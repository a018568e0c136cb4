import pytest
from django.test import Client
from django.urls import reverse

from tests import factories
from tinhso.core.models import Role

pytestmark = pytest.mark.django_db


def test_home_is_vietnamese_by_default_with_service_tiles():
    html = Client().get("/").content.decode()
    assert '<html lang="vi">' in html
    assert "Cơ quan hành chính" in html and "Đăng nhập" in html
    assert 'href="/co-quan/"' in html
    assert 'href="/thong-bao/"' in html and "#i-bell" in html  # the notifications tile
    # services not built yet are listed as coming, never as dead links
    assert "Sắp ra mắt" in html


def test_english_switch_translates_the_page():
    client = Client()
    response = client.post(reverse("portal:set-language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html and "Agencies" in html and "Log in" in html


def test_home_greets_a_logged_in_citizen(citizen_client):
    assert "Xin chào, An" in citizen_client.get("/").content.decode()


def test_agency_directory_search_and_filter():
    html = Client().get(reverse("portal:agencies"), {"q": "Tư pháp"}).content.decode()
    assert "Sở Tư pháp" in html
    html = Client().get(reverse("portal:agencies"), {"kind": "department"}).content.decode()
    assert "15 cơ quan" in html


def test_agency_page_shows_departments_and_provisional_codes():
    html = Client().get(reverse("portal:agency", args=["000.00.03.H55"])).content.decode()
    assert "Phòng Hành chính tư pháp" in html and "tạm thời" in html
    assert Client().get(reverse("portal:agency", args=["khong-co"])).status_code == 404


def test_units_page_lists_the_92_units_in_vietnamese_order():
    html = Client().get(reverse("portal:units")).content.decode()
    assert "92 đơn vị" in html
    assert html.index(">Bạch Thông<") < html.index(">Bắc Kạn<") < html.index(">Đại Phúc<")


def test_backoffice_navigation_depends_on_the_role(commune_committee):
    officer, clerk = Client(), Client()
    officer.force_login(factories.official(commune_committee, Role.ONE_STOP_OFFICER))
    clerk.force_login(factories.official(commune_committee, Role.CLERK))
    officer_html = officer.get(reverse("backoffice:home")).content.decode()
    clerk_html = clerk.get(reverse("backoffice:home")).content.decode()
    assert "Tiếp nhận hồ sơ" in officer_html and "Văn bản đến" not in officer_html
    assert "Văn bản đến" in clerk_html and "Tiếp nhận hồ sơ" not in clerk_html


def test_list_pages_do_not_grow_queries_with_rows(commune_committee, django_assert_max_num_queries):
    viewer = factories.official(commune_committee, Role.AGENCY_LEADER)
    for role in (Role.SPECIALIST, Role.CLERK, Role.ONE_STOP_OFFICER):
        factories.official(commune_committee, role)
    client = Client()
    client.force_login(viewer)
    with django_assert_max_num_queries(14):
        client.get(reverse("backoffice:officials"))
    with django_assert_max_num_queries(8):
        Client().get(reverse("portal:agencies"))
    with django_assert_max_num_queries(8):
        Client().get(reverse("portal:units"))


def test_tokens_page_shows_a_new_token_once(commune_committee):
    client = Client()
    client.force_login(factories.official(commune_committee))
    response = client.post(reverse("backoffice:tokens"), {"name": "báo cáo tuần"})
    assert response.status_code == 200 and 'id="new-token"' in response.content.decode()
    assert 'id="new-token"' not in client.get(reverse("backoffice:tokens")).content.decode()
    assert client.post(reverse("backoffice:tokens"), {"name": ""}).status_code == 400


def test_error_pages_are_friendly_and_translated():
    response = Client().get("/khong-ton-tai/")
    assert response.status_code == 404 and "Không tìm thấy trang" in response.content.decode()


def test_dates_are_read_day_first():
    from django.forms import DateField
    from django.utils import translation

    with translation.override("vi"):
        assert DateField().clean("04/03/2026").isoformat() == "2026-03-04"
