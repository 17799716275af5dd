"""The new-account form of Users and roles, in English, as the accounts review read it
(December 2026): its first field was labelled "name *", lower case, among "Mobile number *"
and "Roles *"."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def label_of(page: str, field: str) -> str:
    html = re.search(rf'<label[^>]*for="id_{field}"[^>]*>(.*?)</label>', page, re.S).group(1)
    return re.sub(r"<[^>]+>|\s+", " ", html).strip()


@pytest.mark.parametrize(("language", "name"), [("en", "Name"), ("zh-hans", "姓名")])
def test_the_name_field_is_labelled_like_the_others(client_for, street_admin, language, name):
    response = client_for(street_admin).get("/staff/users/new/", HTTP_ACCEPT_LANGUAGE=language)

    page = response.content.decode()
    assert response.status_code == 200
    assert label_of(page, "display_name").startswith(name), label_of(page, "display_name")
