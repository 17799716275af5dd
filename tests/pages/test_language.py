from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_pages_are_in_chinese_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-hans">' in html
    assert "友好街道" in html
    assert "暖心" in html or "暖新" in html or "驿站" in html


def test_pages_are_in_english_when_chosen(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Friendly Street" in html
    assert "Warm venues" in html


def test_login_page_is_in_chinese(client):
    html = client.get("/accounts/login/").content.decode()
    assert "登录" in html
