"""The amenity form (staff-content review #12): the code says what it is before it fails; a
code another amenity has is refused by that amenity's name (not 具有 代码 的 便民设施 已存在。);
the order's bounds are in words, the same in the form and the service, in one round with the
other fields' errors. Riders' filters only ever get the amenities saved."""

from __future__ import annotations

import pytest

from tests.venues.factories import AmenityFactory, amenity
from venues import services
from venues.models import Amenity

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
LIST = "/staff/venues/amenities/"


def test_the_code_field_says_what_it_is_and_the_order_its_bounds(client_for, street_admin):
    page = client_for(street_admin).get(LIST, **ZH).content.decode()

    assert "小写英文字母、数字、“_”或“-”，例如 phone_charging：接口和筛选按代码识别便民设施，创建后不能修改。" in page
    assert "0 到 999：数字小的在筛选和阵地页面中排在前面。" in page


def test_a_duplicate_code_names_the_amenity_that_has_it(client_for, street_admin, client):
    AmenityFactory(code="toilet", name="卫生间")

    response = client_for(street_admin).post(LIST, {"code": "Toilet", "name": "厕所", "position": "1", "active": "on"}, **ZH)

    assert response.status_code == 400
    assert response.context["form"].errors["code"] == ["代码“toilet”已被便民设施“卫生间”使用，请换一个。"]
    assert "具有 代码 的 便民设施 已存在" not in response.content.decode()
    assert Amenity.objects.count() == 1
    assert [a["code"] for a in client.get("/api/v1/amenities/").json()] == ["toilet"]


@pytest.mark.parametrize("position", ["-5", "1000"])
def test_an_order_out_of_bounds_is_said_in_words_in_the_same_round(client_for, street_admin, position):
    amenity("toilet")

    response = client_for(street_admin).post(LIST, {"code": "toilet", "name": "", "position": position}, **ZH)

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["position"] == ["请填写 0 到 999 之间的整数。"]
    assert "code" in errors and "name" in errors  # one round: every field's error at once
    assert Amenity.objects.count() == 1


def test_the_service_holds_the_same_bounds_and_the_same_duplicate_rule(street_admin):
    amenity("toilet")

    with pytest.raises(services.ValidationError) as refused:
        services.amenity_create(actor=street_admin, code="toilet", name="厕所", position=5000)

    assert set(refused.value.message_dict) == {"code", "position"}


def test_a_good_amenity_is_added_and_riders_can_filter_by_it(client_for, street_admin, client):
    response = client_for(street_admin).post(LIST, {"code": "Shower", "name": "淋浴", "position": "999", "active": "on"})

    assert response.status_code == 302
    assert Amenity.objects.get(name="淋浴").code == "shower"  # stored in lower case, as the help says
    assert "shower" in [a["code"] for a in client.get("/api/v1/amenities/").json()]


def test_editing_keeps_the_code_and_holds_the_order_to_its_bounds(client_for, street_admin):
    shower = amenity("shower")

    response = client_for(street_admin).post(f"{LIST}{shower.pk}/", {"name": "淋浴", "position": "-1"}, **ZH)

    assert response.status_code == 400
    assert response.context["form"].errors["position"] == ["请填写 0 到 999 之间的整数。"]
