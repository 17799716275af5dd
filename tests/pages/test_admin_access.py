"""Django's admin: superusers reach it (street admins work on /staff/; tests/test_admin_policy.py),
anonymous visitors are asked to sign in, and
every other signed-in user gets a clear 403 page instead of a redirect loop
(/admin/ → /admin/login/ → /accounts/login/ → /admin/ …)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db

NOT_FOR_YOU = "This page is for the system administrator"


@pytest.fixture
def english(client_for):
    """client_for(user), with English chosen (the default language is Chinese)."""

    def make(user):
        client = client_for(user)
        client.post("/i18n/setlang/", {"language": "en", "next": "/"})
        return client

    return make


def test_an_anonymous_visitor_is_sent_to_the_sign_in_page(client):
    response = client.get("/admin/", follow=True)

    assert response.status_code == 200
    assert response.redirect_chain == [("/admin/login/?next=/admin/", 302), ("/accounts/login/?next=%2Fadmin%2F", 302)]
    assert response.request["PATH_INFO"] == "/accounts/login/"


@pytest.mark.parametrize("persona", ["rider", "merchant_a", "reviewer"])
def test_a_signed_in_user_without_admin_access_gets_a_403_page_not_a_loop(persona, request, english):
    user = request.getfixturevalue(persona)

    # follow=True raises RedirectCycleError on a loop.
    response = english(user).get("/admin/", follow=True)

    assert response.status_code == 403
    assert response.redirect_chain == [("/admin/login/?next=/admin/", 302)]
    html = response.content.decode()
    assert NOT_FOR_YOU in html
    assert f"You are signed in as {user}" in html
    assert 'href="/home/"' in html  # the way back to their own pages


@pytest.mark.parametrize("persona", ["rider", "merchant_a", "reviewer"])
def test_no_admin_page_loops_for_a_signed_in_user_without_access(persona, request, client_for):
    client = client_for(request.getfixturevalue(persona))
    for url in ("/admin/", "/admin/login/", "/admin/points/reward/", "/admin/password_change/", "/admin/logout/"):
        response = client.get(url, follow=True)
        assert response.status_code == 403, url
        assert len(response.redirect_chain) <= 2, (url, response.redirect_chain)


def test_a_reviewer_is_pointed_to_the_staff_area_and_a_rider_is_not(reviewer, rider, english):
    assert 'href="/staff/"' in english(reviewer).get("/admin/", follow=True).content.decode()
    assert 'href="/staff/"' not in english(rider).get("/admin/", follow=True).content.decode()


def test_the_403_page_is_in_chinese_by_default(rider, client_for):
    html = client_for(rider).get("/admin/", follow=True).content.decode()

    assert "此页面仅供系统管理员使用" in html
    assert "您当前登录的账号是张小骑，该账号无法打开站点管理。" in html
    assert "换一个账号登录" in html
    assert NOT_FOR_YOU not in html


def test_signing_in_with_another_account_signs_out_and_comes_back_to_the_admin(rider, client_for):
    client = client_for(rider)
    html = client.get("/admin/", follow=True).content.decode()
    assert 'name="next" value="/accounts/login/?next=%2Fadmin%2F"' in html

    response = client.post("/accounts/logout/", {"next": "/accounts/login/?next=%2Fadmin%2F"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    assert "_auth_user_id" not in client.session


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser(username="root", password="x-long-password-1")


def test_a_street_admin_is_sent_to_the_staff_area(street_admin, client_for):
    response = client_for(street_admin).get("/admin/", follow=True)
    assert response.status_code == 403
    assert 'href="/staff/"' in response.content.decode()


def test_a_superuser_reaches_the_admin(superuser, client_for):
    assert client_for(superuser).get("/admin/").status_code == 200


def test_a_signed_in_superuser_on_the_admin_sign_in_page_goes_straight_on(superuser, client_for):
    client = client_for(superuser)

    assert client.get("/admin/login/?next=/admin/points/")["Location"] == "/admin/points/"
    assert client.get("/admin/login/")["Location"] == "/admin/"
    # Never onwards to another site.
    assert client.get("/admin/login/?next=https://evil.example/")["Location"] == "/admin/"


def test_a_deactivated_superuser_is_not_let_in(superuser, client_for):
    client = client_for(superuser)
    superuser.is_active = False
    superuser.save()

    response = client.get("/admin/", follow=True)

    # Signed out at once (tests/accounts/test_access_ends_at_once.py): asked to sign in again.
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == "/accounts/login/"
