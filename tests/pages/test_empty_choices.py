"""A select's empty choice says what it means ("请选择…" or "（无）"), never Django's
"---------", on every form of the project (they all build on CheckedForm)."""

from __future__ import annotations

import pytest
from django import forms
from django.utils import translation

from friendlystreet.inputs import CheckedForm
from venues.models import Community

pytestmark = pytest.mark.django_db


class Form(CheckedForm, forms.Form):
    community = forms.ModelChoiceField(queryset=Community.objects.all(), required=False)
    colour = forms.ChoiceField(choices=[("", "---------"), ("red", "红")])


def test_an_optional_choice_reads_none_and_a_required_one_asks_to_choose():
    with translation.override("zh-hans"):
        html = str(Form())
    assert "---------" not in html
    assert '<option value="" selected>（无）</option>' in html  # the optional community
    assert '<option value="" selected>请选择…</option>' in html  # the required colour


def test_the_staff_venue_form_and_the_riders_profile_have_no_dashes(client_for, street_admin, rider):
    venue_form = client_for(street_admin).get("/staff/venues/new/").content.decode()
    profile = client_for(rider).get("/profile/edit/").content.decode()
    assert "---------" not in venue_form and "（无）" in venue_form
    assert "---------" not in profile
