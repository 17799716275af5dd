"""Wording a newcomer trips over (staff-content review #13): a gate's hours are its 开放时间 in
the staff form, as the guide says (营业时间 is a venue's); the import page's syntax paragraph
says it is about the 营业时间 column."""

from __future__ import annotations

import re

import pytest

from tests.venues.factories import CompoundFactory, GateFactory

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def test_a_gates_hours_are_its_opening_hours_in_the_form_as_on_the_guide(client_for, street_admin, client):
    compound = CompoundFactory()
    gate = GateFactory(compound=compound, name="南门", hours="Mo-Su 06:00-23:00")

    form = client_for(street_admin).get(f"/staff/venues/compounds/{compound.pk}/", **ZH).content.decode()
    guide = client.get(f"/compounds/{compound.pk}/", **ZH).content.decode()

    assert '<label class="fs-label" for="id_gates-0-hours">开放时间</label>' in form
    assert '<label class="fs-label" for="id_gates-1-hours">开放时间</label>' in form  # the new row's too
    assert "营业时间</label>" not in form.split('id="gates-formset"')[1]
    assert f'data-gate-id="{gate.pk}"' in guide and "开放时间：" in guide


def test_the_import_pages_hours_paragraph_names_its_column(client_for, street_admin):
    page = client_for(street_admin).get("/staff/venues/import/", **ZH).content.decode()

    notes = re.search(r'<li id="import-hours">(.*?)</li>', page, re.S).group(1)
    assert notes.startswith("“营业时间”一列： 每行一条规则")
    assert "营业时间还不清楚时请留空" in notes
