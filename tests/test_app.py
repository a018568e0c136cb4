"""The citizen side installs as an app: manifest, service worker, offline page."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_manifest_makes_the_portal_installable():
    response = Client().get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    body = response.json()
    assert body["display"] == "standalone" and body["start_url"].startswith("/") and body["icons"]
    assert body["name"] == "C-Thái Nguyên"


def test_every_page_links_the_manifest_and_the_app_script():
    html = Client().get("/").content.decode()
    assert 'rel="manifest" href="/manifest.webmanifest"' in html and "js/app.js" in html


def test_service_worker_is_served_from_the_root_with_the_shell():
    response = Client().get("/sw.js")
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/" and response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    assert '"/ngoai-tuyen/"' in body and "css/tinhso.css" in body
    # pages with other people's data or secrets are never kept on the phone
    assert '"/can-bo/"' in body and '"/api/"' in body


def test_offline_page_in_vietnamese():
    assert "Bạn đang ngoại tuyến" in Client().get("/ngoai-tuyen/").content.decode()


def test_logout_clears_the_browser_cache(citizen_client):
    response = citizen_client.post("/dang-xuat/")
    assert response["Clear-Site-Data"] == '"cache"'
