"""A rider finds "修改我的资料" next to their details at the top of /profile/ and edits them
on a form that says what each field is for; a name cannot be left blank."""

from __future__ import annotations

import pytest
from django.urls import reverse

from friendlystreet.accounts.models import User

pytestmark = pytest.mark.django_db

PROFILE = reverse("profile")
EDIT = reverse("volunteers:profile_edit")


def test_the_edit_link_sits_with_the_details_at_the_top_and_only_once(client_for, rider):
    html = client_for(rider).get(PROFILE).content.decode()

    assert html.count(f'href="{EDIT}"') == 1
    link = html.index(f'href="{EDIT}"')
    assert html.index('data-testid="profile-name"') < link < html.index('data-testid="volunteer-panel"')
    assert "姓名" in html


def test_staff_have_no_edit_link(client_for, reviewer):
    assert f'href="{EDIT}"' not in client_for(reviewer).get(PROFILE).content.decode()


def test_the_form_has_labels_above_fields_and_help_text(client_for, rider):
    html = client_for(rider).get(EDIT).content.decode()

    assert 'class="fs-form"' in html
    assert 'class="fs-label" for="id_display_name">姓名<span class="fs-req"' in html
    assert "名称:" not in html and "姓名:" not in html  # no half-width colons
    assert "街道办会与您的平台个人资料核对" in html
    assert "如：美团、饿了么、顺丰、滴滴" in html
    assert 'aria-describedby="id_display_name_helptext"' in html


def test_a_blank_name_is_refused_and_the_name_is_kept(client_for, rider):
    page = client_for(rider).post(EDIT, {"display_name": "   ", "platform": "美团", "work_type": "", "home_community": ""})

    html = page.content.decode()
    assert page.status_code == 200
    assert "请填写姓名。" in html
    assert User.objects.get(pk=rider.pk).display_name == "张小骑"


def test_after_saving_the_greeting_uses_the_new_name(client_for, rider):
    signed_in = client_for(rider)

    page = signed_in.post(
        EDIT, {"display_name": "张新名", "platform": "美团", "work_type": "delivery", "home_community": ""}, follow=True
    )

    assert page.redirect_chain == [(PROFILE, 302)]
    assert '<dd data-testid="profile-name">张新名</dd>' in page.content.decode()
