"""The procedure catalog: loaded from the published data, searched the way people type."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tinhso.core.vietnamese import sort_key
from tinhso.publicservices import selectors
from tinhso.publicservices.catalog import load_catalog, parse_components
from tinhso.publicservices.models import Component, Procedure, Synonym
from tinhso.publicservices.search import normalise

pytestmark = pytest.mark.django_db


def names(q: str, **filters: str) -> list[str]:
    body = Client().get("/api/v1/procedures", {"q": q, "limit": 5, **filters}).json()
    return [item["name"] for item in body["items"]]


def test_all_published_procedures_are_loaded_and_reloading_changes_nothing():
    assert Procedure.objects.count() == 55
    assert Procedure.objects.filter(fully_described=True).count() == 36
    components = Component.objects.count()
    load_catalog()
    assert Procedure.objects.count() == 55 and Component.objects.count() == components


def test_catalog_only_procedures_keep_unknown_fields_empty():
    p = Procedure.objects.get(code="3.000347")  # Đổi giấy phép lái xe: name and field only
    assert not p.fully_described and p.processing_time is None and p.fee_vnd is None
    assert p.online_level == Procedure.OnlineLevel.UNKNOWN


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("dang ky khai sinh", "Thủ tục đăng ký khai sinh"),
        ("Đăng kí khai sinh", "Thủ tục đăng ký khai sinh"),
        ("khia sinh", None),  # a typing slip still finds birth registration
        ("đăng ký kết hôn", "Thủ tục đăng ký kết hôn"),
        ("tam vang", "Khai báo tạm vắng"),
        ("1.001193", "Thủ tục đăng ký khai sinh"),
    ],
)
def test_search_ranks_what_people_type(query, first):
    found = names(query)
    if first is None:
        assert any("khai sinh" in n for n in found[:2])
    else:
        assert found[0] == first


def test_everyday_words_reach_the_official_procedures():
    assert any("thường trú" in n for n in names("hộ khẩu")[:3])


def test_nonsense_finds_nothing_and_filters_apply():
    assert names("xyz qwerty") == []
    body = Client().get("/api/v1/procedures", {"online": "full", "limit": 100}).json()
    assert body["count"] == 8


def test_component_lists_are_read_with_their_kinds():
    items = parse_components(
        "[* Giấy tờ phải nộp:] Giấy chứng sinh (bản chính: 1, bản sao: 0) | "
        "[* Lưu ý:] Ghi chú (bản chính: 0, bản sao: 0) | "
        "[* Giấy tờ phải xuất trình:] Căn cước (bản chính: 1, bản sao: 0)"
    )
    assert [i["kind"] for i in items] == ["submit", "note", "present"]


def test_procedure_page_tells_a_citizen_everything():
    html = Client().get(reverse("portal:procedure", args=["1.001193"])).content.decode()
    assert "Thủ tục đăng ký khai sinh" in html and "Giấy khai sinh" in html
    assert "Giấy tờ phải nộp" in html and "1 ngày làm việc" in html
    # a fee the source does not state is never shown as 0 đồng
    assert "0 đồng" not in html and "chưa công bố" in html


def test_catalog_page_searches_and_the_home_tile_lights_up():
    html = Client().get(reverse("portal:procedures"), {"q": "khai sinh"}).content.decode()
    assert "Thủ tục đăng ký khai sinh" in html
    assert 'href="/thu-tuc/"' in Client().get("/").content.decode()
    assert Client().get(reverse("portal:procedure", args=["9.999999"])).status_code == 404
    assert Client().get("/api/v1/procedures/9.999999").status_code == 404


def test_catalog_page_query_count_does_not_grow(django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        Client().get(reverse("portal:procedures"))


@pytest.fixture
def _fresh_catalog_snapshots():
    """Synonyms and fields are kept per process; a test's rolled-back rows must not linger in them."""
    selectors.catalog_invalidate()
    yield
    selectors.catalog_invalidate()


def _more_procedures(count: int) -> None:
    """Procedures that share words with the queries below, so the matches grow with the catalog."""
    Procedure.objects.bulk_create(
        Procedure(
            code=f"9.{n:06d}",
            name=name,
            field="Hộ tịch",
            search_text=normalise(f"{name} 9.{n:06d}"),
            sort_key=sort_key(name, 400),
        )
        for n in range(1, count + 1)
        for name in [f"Đăng ký khai sinh và cấp thẻ số {n} cho cư trú {n % 7}"]
    )


@pytest.mark.usefixtures("_fresh_catalog_snapshots")
@pytest.mark.parametrize("url", ["/api/v1/procedures", "/thu-tuc/"])
def test_search_query_count_does_not_grow_with_the_catalog(url, django_assert_max_num_queries):
    client = Client()
    for query in ["khai sinh", "hộ khẩu"]:
        with django_assert_max_num_queries(10):  # savepoint, plan setting, ranking, count, page, …
            assert client.get(url, {"q": query}).status_code == 200
    _more_procedures(300)
    for query in ["khai sinh", "hộ khẩu"]:
        with django_assert_max_num_queries(10):
            response = client.get(url, {"q": query})
        assert response.status_code == 200
    assert names("khai sinh")[0] == "Thủ tục đăng ký khai sinh"
    # synonyms and fields are read once per process, not once per request
    with django_assert_max_num_queries(9):  # whole words first, the trigram ranking only when none match
        client.get(url, {"q": "hộ khẩu"})


@pytest.mark.usefixtures("_fresh_catalog_snapshots")
def test_synonyms_and_fields_follow_edits():
    assert not any("khai sinh" in n for n in names("giấy chào đời"))
    Synonym.objects.create(term="giấy chào đời", means="khai sinh")
    assert any("khai sinh" in n for n in names("giấy chào đời"))
    Procedure.objects.create(code="9.999998", name="Thủ tục thử", field="Lĩnh vực thử")
    html = Client().get(reverse("portal:procedures")).content.decode()
    assert "Lĩnh vực thử" in html
