"""The first street admin of a new install (deploy/README.md, step 6): the IT contractor runs
`manage.py create_street_admin --phone … --name …` on the server, and the admin signs in with
an SMS code to that number, into the staff area and Django admin, and opens their colleagues'
accounts on /staff/users/new/. createsuperuser's account (no phone) could sign in nowhere."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from friendlystreet.accounts import roles
from friendlystreet.accounts.models import User
from friendlystreet.audit.models import AuditEntry
from friendlystreet.sms.models import OutboxMessage
from tests.accounts.helpers import last_code
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def create(*args: str) -> str:
    out = StringIO()
    call_command("create_street_admin", *args, stdout=out)
    return out.getvalue()


def test_the_first_street_admin_signs_in_by_sms_code_and_opens_a_colleagues_account(client):
    said = create("--phone", "139 1234 5678", "--name", "王主任")
    assert "139****5678" in said and "/staff/users/new/" in said and "13912345678" not in said

    admin = User.objects.get(phone="+8613912345678")
    assert admin.phone_verified and admin.is_superuser and admin.is_staff and not admin.has_usable_password()
    assert admin.username == "rider13912345678"  # sign-up's rule, as for an account opened on the page
    assert set(admin.groups.values_list("name", flat=True)) == {roles.STREET_ADMIN}
    # The audit entry of every opened account, with the server as the actor and the flags it gave.
    entry = AuditEntry.objects.get(action="accounts.account_created", target_id=str(admin.pk))
    assert entry.actor is None
    assert entry.data == {
        "changes": {roles.STREET_ADMIN: [False, True], "phone": ["", "139****5678"], "is_superuser": [False, True]},
        "reason": "manage.py create_street_admin",
    }
    assert not OutboxMessage.objects.exists()  # the person at the server is told, on the terminal

    # Django admin sends them to the sign-in page; they ask for a code and type it.
    assert "/accounts/login/" in client.get("/admin/", follow=True).redirect_chain[-1][0]
    assert client.post("/accounts/login/code/", {"phone": "13912345678"}).status_code == 302
    response = client.post("/accounts/login/code/confirm/", {"code": last_code("+8613912345678")})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert client.get("/staff/").status_code == 200

    response = client.post(
        "/staff/users/new/",
        {"display_name": "李审核", "phone": "13700001111", "roles": [roles.REVIEWER]},
    )
    assert response.status_code == 302
    colleague = User.objects.get(phone="+8613700001111")
    assert set(colleague.groups.values_list("name", flat=True)) == {roles.REVIEWER}


def test_with_a_password_the_admin_signs_in_with_it_too(client, monkeypatch):
    typed = iter(["a-Strong-pass-2026", "a-Strong-pass-2026"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(typed))
    create("--phone", "13912345678", "--name", "王主任", "--password")
    response = client.post("/accounts/login/", {"login": "13912345678", "password": "a-Strong-pass-2026"})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_number_that_has_an_account_is_refused_and_nothing_is_created(rider):
    with pytest.raises(CommandError, match=r"\*\*\*\*"):
        create("--phone", rider.phone, "--name", "王主任")
    assert User.objects.count() == 1
    assert not User.objects.filter(is_superuser=True).exists()


@pytest.mark.parametrize("phone", ["12345", "+1 415 555 0100"])
def test_a_number_that_is_not_a_mainland_mobile_is_refused(phone):
    with pytest.raises(CommandError, match="11"):
        create("--phone", phone, "--name", "王主任")
    assert not User.objects.exists()


def test_a_blank_name_is_refused_in_the_services_words_before_a_password_is_asked(monkeypatch):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": pytest.fail("a password was asked for nothing"))
    with translation.override("en"), pytest.raises(CommandError, match=r"^Give the person's name\.$"):
        create("--phone", "13912345678", "--name", "  ", "--password")
    assert not User.objects.exists()


def test_the_username_made_of_the_number_may_be_left_by_an_earlier_change(client):
    # An account that changed its number before usernames followed it still holds the name:
    # the new admin gets a name of their own, as an account opened on the page does.
    UserFactory(username="rider13912345678", phone="+8613700000001")

    create("--phone", "13912345678", "--name", "王主任")

    admin = User.objects.get(phone="+8613912345678")
    assert admin.username.startswith("rider13912345678") and admin.username != "rider13912345678"
    assert client.post("/accounts/login/code/", {"phone": "13912345678"}).status_code == 302
    assert client.post("/accounts/login/code/confirm/", {"code": last_code(admin.phone)}).status_code == 302
    assert client.get("/staff/users/").status_code == 200


def test_a_weak_password_is_asked_again_and_three_misses_create_nothing(monkeypatch):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "12345678")
    with pytest.raises(CommandError, match="No password set"):
        create("--phone", "13912345678", "--name", "王主任", "--password")
    assert not User.objects.exists()


def test_an_account_without_a_number_is_told_why_it_cannot_sign_in(client):
    UserFactory(username="superuser", phone=None, is_superuser=True, is_staff=True)
    response = client.post("/accounts/login/", {"login": "superuser", "password": TEST_PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/"
    told = [str(m) for m in response.context["messages"]]
    assert told == [
        "此账号没有登记手机号，而本站每次登录都需要用手机号验证。请街道管理员在“用户与角色”中用你的手机号为你开设账号。"
    ]
    assert not response.wsgi_request.user.is_authenticated
