"""A rider's claim form is sent once, and a refused one says what to fix: a double tap or a
resubmitted page makes one claim (the form's idempotency key, as the rewards' redeem form);
an invalid form opens with a summary at the top, and says when the chosen photos were lost."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from points.models import Claim, ClaimPhoto

pytestmark = pytest.mark.django_db


def when(**delta) -> str:
    return (timezone.localtime() - timedelta(**delta)).strftime("%Y-%m-%dT%H:%M")


def the_key(page: str) -> str:
    return re.search(r'name="idempotency_key" value="([^"]+)"', page).group(1)


def test_sending_the_same_form_twice_makes_one_claim(client_for, rider, rule):
    client = client_for(rider)
    page = client.get("/points/claims/new/").content.decode()
    assert 'id="claim-form"' in page and 'data-once="1"' in page.split('id="claim-form"')[1].split(">")[0]
    form = {
        "rule": rule.pk,
        "quantity": "1",
        "occurred_at": when(hours=2),
        "description": "劝导闯红灯的行人",
        "idempotency_key": the_key(page),
    }

    first = client.post("/points/claims/new/", form)
    second = client.post("/points/claims/new/", form)  # the double tap, or the page sent again

    claim = Claim.objects.get(rider=rider)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == f"/points/claims/{claim.pk}/"
    assert claim.status == "pending"


def test_a_double_tap_with_photos_stores_the_photos_once(client_for, rider, photo_rule, jpeg):
    client = client_for(rider)
    key = the_key(client.get("/points/claims/new/").content.decode())
    form = {"rule": photo_rule.pk, "quantity": "1", "occurred_at": when(hours=2), "idempotency_key": key}
    client.post("/points/claims/new/", {**form, "photos": [jpeg("a.jpg")]})
    client.post("/points/claims/new/", {**form, "photos": [jpeg("a.jpg")]})
    claim = Claim.objects.get(rider=rider)
    assert ClaimPhoto.objects.filter(claim=claim).count() == 1


def test_each_new_form_is_a_new_claim(client_for, rider, rule):
    client = client_for(rider)
    for description in ("早上劝导", "下午劝导"):
        key = the_key(client.get("/points/claims/new/").content.decode())
        form = {"rule": rule.pk, "quantity": "1", "occurred_at": when(hours=2), "description": description}
        client.post("/points/claims/new/", {**form, "idempotency_key": key})
    assert sorted(Claim.objects.filter(rider=rider).values_list("description", flat=True)) == ["下午劝导", "早上劝导"]


def test_another_riders_key_is_not_ours(client_for, rider, other_rider, rule):
    key = the_key(client_for(rider).get("/points/claims/new/").content.decode())
    form = {"rule": rule.pk, "quantity": "1", "occurred_at": when(hours=2), "idempotency_key": key}
    client_for(rider).post("/points/claims/new/", form)
    client_for(other_rider).post("/points/claims/new/", form)
    assert Claim.objects.filter(rider=rider).count() == 1
    assert Claim.objects.filter(rider=other_rider).count() == 1


def test_a_refused_form_says_so_at_the_top_and_that_the_photos_were_not_kept(client_for, rider, rule, jpeg):
    client = client_for(rider)
    response = client.post(
        "/points/claims/new/",
        {"rule": rule.pk, "quantity": "1", "occurred_at": when(days=400), "photos": [jpeg("wallet.jpg")]},
    )
    assert response.status_code == 200
    assert not Claim.objects.exists()
    body = response.content.decode()
    summary = body.split('id="error-summary"')[1].split("</p>")[0]
    assert 'role="alert"' in summary
    assert "请检查标出的内容。" in summary and "照片没有保留，请重新选择。" in summary
    # The summary comes before the first field; the photo field says it again.
    assert body.index('id="error-summary"') < body.index('id="field-rule"')
    assert 'id="photos-lost"' in body.split('id="field-photos"')[1]


def test_a_refused_form_without_photos_does_not_talk_about_photos(client_for, rider, rule):
    response = client_for(rider).post("/points/claims/new/", {"rule": "", "quantity": "1", "occurred_at": when(hours=1)})
    body = response.content.decode()
    assert "请检查标出的内容。" in body
    assert "照片没有保留" not in body


def test_the_empty_form_has_no_summary(client_for, rider, rule):
    body = client_for(rider).get("/points/claims/new/").content.decode()
    assert 'id="error-summary"' not in body and "照片没有保留" not in body


def test_an_app_retrying_with_the_same_idempotency_key_gets_the_first_claim(api_for, rider, rule):
    """The app lost the answer on a bad connection and sends the claim again with the same key."""
    api = api_for(rider)
    body = {"rule": rule.pk, "occurred_at": (timezone.now() - timedelta(hours=1)).isoformat(), "description": "扶老人过马路"}

    first = api.post("/api/v1/claims/", body, format="json", HTTP_IDEMPOTENCY_KEY="app-7f3a")
    again = api.post("/api/v1/claims/", body, format="json", HTTP_IDEMPOTENCY_KEY="app-7f3a")
    other = api.post("/api/v1/claims/", body, format="json", HTTP_IDEMPOTENCY_KEY="app-7f3b")

    assert (first.status_code, again.status_code, other.status_code) == (201, 200, 201)
    assert again.json()["id"] == first.json()["id"] != other.json()["id"]
    assert Claim.objects.filter(rider=rider).count() == 2


def test_a_key_too_long_is_a_clear_400_not_a_500(api_for, rider, rule):
    body = {"rule": rule.pk, "occurred_at": (timezone.now() - timedelta(hours=1)).isoformat()}

    response = api_for(rider).post("/api/v1/claims/", body, format="json", HTTP_IDEMPOTENCY_KEY="k" * 65)

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_idempotency_key"
    assert not Claim.objects.filter(rider=rider).exists()
