"""The barber changes his phone and his Monday at once and makes a mistake in each (a digit
missing from the phone, Monday 营业 without its times). Saving said only what was wrong with
Monday; once he had fixed it and saved again, a second refusal said the phone was wrong: the
phone was checked only once everything else had passed. Both are said at the first save, and
what he typed stays in the form."""

from __future__ import annotations

import pytest

from tests.venues.test_venue_editing_by_operator import details, url, week

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
PHONE_REFUSED = "请输入电话号码，如手机 138 0000 0000"


def test_a_wrong_phone_and_a_wrong_day_are_said_at_the_first_save(shop, merchant_a, client_for):
    data = details(phone="1390000003", description="新的简介", **week(d0={"mode": "open"}))

    response = client_for(merchant_a).post(url(shop), data, **ZH)

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "hours_text" in errors
    assert PHONE_REFUSED in " ".join(errors["phone"])
    page = response.content.decode()
    assert 'value="1390000003"' in page and "新的简介" in page
    shop.refresh_from_db()
    assert shop.phone == "028-85551234"


def test_a_wrong_phone_alone_is_still_refused_in_words(shop, merchant_a, client_for):
    response = client_for(merchant_a).post(url(shop), details(phone="1390000003"), **ZH)

    assert response.status_code == 400
    assert PHONE_REFUSED in response.content.decode()
