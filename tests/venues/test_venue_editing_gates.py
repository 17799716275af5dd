"""A new gate's e-bike rule and way in start as 不详 (staff-content review #7): a street admin
who types a gate's name only publishes no guess (电动车禁入 · 开放，可直接进入 before); riders
read nothing about them on the guide and in the API until staff set them, and the gate's dot
on the map is grey. Gates that had values keep them (migration 0011)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.venues.factories import CompoundFactory, GateFactory, compound_form
from venues.models import Compound, EntryMethod, Gate

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def new_compound(**gate) -> dict:
    """北门 with its name, hours and point only; `gate` sets its other fields."""
    given = {"hours": "周一至周日 06:00-23:00", "lat": "30.6046", "lng": "104.1271", **gate}
    return compound_form(**{f"gates-0-{name}": value for name, value in given.items()})


def test_a_new_gate_row_offers_not_known_for_both(client_for, street_admin):
    page = client_for(street_admin).get("/staff/venues/compounds/new/", **ZH).content.decode()

    assert '<option value="unknown" selected>不详</option>' in page
    assert '<option value="" selected>不详</option>' in page
    assert '<option value="true">电动车可进</option>' in page and '<option value="false">电动车禁入</option>' in page


def test_a_gate_given_a_name_only_says_nothing_about_e_bikes_or_the_way_in(client_for, street_admin, rider):
    response = client_for(street_admin).post("/staff/venues/compounds/new/", new_compound(), **ZH)

    assert response.status_code == 302, response.context and response.context["gates"].errors
    gate = Gate.objects.get()
    assert (gate.ebikes_allowed, gate.entry_method) == (None, "")

    client = client_for(rider)
    page = client.get(f"/compounds/{gate.compound_id}/", **ZH).content.decode()
    card = page[page.index(f'data-gate-id="{gate.id}"') :]
    card = card[: card.index("</li>")]
    assert "北门" in card and "06:00" in card
    for guess in ("电动车禁入", "电动车可进", "开放，可直接进入", "开放，步行可直接进入", 'data-testid="gate-entry"'):
        assert guess not in card
    # The map's dot is grey, and the legend says what grey means.
    assert '"open": null' in page
    assert "大门：电动车能否进入尚不清楚" in page

    data = client.get(f"/api/v1/compounds/{gate.compound_id}/", **ZH).json()
    assert data["gates"][0]["ebikes_allowed"] is None
    assert data["gates"][0]["entry_method"] is None


def test_once_staff_know_riders_read_it(client_for, street_admin, rider):
    client_for(street_admin).post("/staff/venues/compounds/new/", new_compound())
    compound = Compound.objects.get()
    edit = new_compound(ebikes_allowed="false", entry_method="open")
    edit["gates-INITIAL_FORMS"] = "0"

    assert client_for(street_admin).post(f"/staff/venues/compounds/{compound.pk}/", edit).status_code == 302

    page = client_for(rider).get(f"/compounds/{compound.pk}/", **ZH).content.decode()
    assert "电动车禁入" in page and "开放，步行可直接进入" in page
    data = client_for(rider).get(f"/api/v1/compounds/{compound.pk}/").json()
    assert (data["gates"][0]["ebikes_allowed"], data["gates"][0]["entry_method"]) == (False, "open")
    assert "大门：电动车能否进入尚不清楚" not in page


def test_the_edit_form_shows_a_gates_rules_as_stored(client_for, street_admin):
    compound = CompoundFactory()
    GateFactory(compound=compound, name="南门", ebikes_allowed=False, entry_method=EntryMethod.FACE)
    GateFactory(compound=compound, name="东门", ebikes_allowed=None, entry_method="")

    response = client_for(street_admin).get(f"/staff/venues/compounds/{compound.pk}/", **ZH)

    south, east = response.context["gates"].forms[:2]
    assert (south["ebikes_allowed"].value(), south["entry_method"].value()) == (False, "face")
    assert (east["ebikes_allowed"].value(), east["entry_method"].value()) == (None, "")
    page = response.content.decode()
    rows = page.split('name="gates-0-ebikes_allowed"')[1], page.split('name="gates-1-ebikes_allowed"')[1]
    assert '<option value="false" selected>电动车禁入</option>' in rows[0].split("</select>")[0]
    assert '<option value="unknown" selected>不详</option>' in rows[1].split("</select>")[0]


@pytest.mark.django_db(transaction=True)
def test_gates_stored_before_keep_their_rules():
    executor = MigrationExecutor(connection)
    before, after = ("venues", "0010_coordinates_one_rule"), ("venues", "0011_gates_rules_not_known")
    executor.migrate([before])
    old = executor.loader.project_state([before]).apps
    compound = old.get_model("venues", "Compound").objects.create(name="老小区", address="长柏路1号", lat=30.6, lng=104.12)
    old.get_model("venues", "Gate").objects.create(compound=compound, name="老门", ebikes_allowed=False, entry_method="open")
    old.get_model("venues", "Gate").objects.create(compound=compound, name="新门", ebikes_allowed=True, entry_method="face")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([after])
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert sorted(Gate.objects.values_list("name", "ebikes_allowed", "entry_method")) == [
        ("新门", True, "face"),
        ("老门", False, "open"),
    ]
