"""Compound tips, the rider's side: a tip sent twice is one tip (a double tap, a retry, Back and
send again; the page and the API follow one rule, services.tip_submit), the author takes back
a tip still waiting for review, the form says what an approved tip pays (the hook tip
moderation reads) and offers only the photos the server takes."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from friendlystreet.audit.models import AuditEntry
from tests.test_uploads import jpeg_with_gps
from tests.venues.factories import CompoundFactory, TipFactory
from tests.venues.test_venue_editing_tips import tip_points_rule
from venues import services
from venues.models import Tip, TipStatus

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
TEXT = "3号门22点后可进电动车"


@pytest.fixture
def compound():
    return CompoundFactory(name="成龙锦苑")


def page_key(html: str) -> str:
    return re.search(r'name="idempotency_key" value="([^"]+)"', html).group(1)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def guide(client, compound) -> str:
    return client.get(f"/compounds/{compound.pk}/", **ZH).content.decode()


# --- sent twice, one tip ----------------------------------------------------------------------


def test_a_form_sent_twice_makes_one_tip(client_for, rider, compound):
    client = client_for(rider)
    html = guide(client, compound)
    assert re.search(r'<form [^>]*id="tip-form"[^>]*data-once', html)  # a second tap while the first travels: nothing
    form = {"text": TEXT, "idempotency_key": page_key(html)}

    first = client.post(f"/compounds/{compound.pk}/tips/", form, follow=True, **ZH)
    again = client.post(f"/compounds/{compound.pk}/tips/", form, follow=True, **ZH)

    tip = Tip.objects.get()
    assert (tip.author, tip.text, tip.status) == (rider, TEXT, TipStatus.PENDING)
    assert messages_of(first) == ["谢谢！您的贴士经街道办审核后即会显示。"]
    assert messages_of(again) == ["这条贴士您已经发送过，只会发送一次。"]
    assert again.redirect_chain[-1][0] == f"/compounds/{compound.pk}/#my-tips"
    assert again.content.decode().count(TEXT) == 1  # listed once among the author's tips
    assert AuditEntry.objects.filter(action="venues.tip.create", actor=rider).count() == 1


def test_the_same_text_from_a_second_page_minutes_later_is_the_first_tip(client_for, rider, compound):
    client = client_for(rider)
    client.post(f"/compounds/{compound.pk}/tips/", {"text": TEXT, "idempotency_key": page_key(guide(client, compound))})
    # Another tab, or the guide opened again: a new key, the same words.
    response = client.post(
        f"/compounds/{compound.pk}/tips/", {"text": f"  {TEXT}\n", "idempotency_key": page_key(guide(client, compound))}
    )

    assert response.status_code == 302
    assert Tip.objects.count() == 1


def test_the_same_text_is_a_new_tip_once_the_first_is_older_than_the_window(client_for, rider, compound):
    client = client_for(rider)
    client.post(f"/compounds/{compound.pk}/tips/", {"text": TEXT})
    Tip.objects.update(created_at=timezone.now() - timedelta(minutes=11))

    client.post(f"/compounds/{compound.pk}/tips/", {"text": TEXT})

    assert Tip.objects.count() == 2


def test_another_text_another_compound_or_another_rider_is_another_tip(client_for, rider, other_rider, compound):
    client_for(rider).post(f"/compounds/{compound.pk}/tips/", {"text": TEXT})
    client_for(rider).post(f"/compounds/{compound.pk}/tips/", {"text": "12栋的门朝北开"})
    client_for(rider).post(f"/compounds/{CompoundFactory().pk}/tips/", {"text": TEXT})
    client_for(other_rider).post(f"/compounds/{compound.pk}/tips/", {"text": TEXT})

    assert Tip.objects.count() == 4


def test_a_refused_page_keeps_its_key_so_the_corrected_tip_is_sent_once(client_for, rider, compound):
    client = client_for(rider)
    key = page_key(guide(client, compound))

    refused = client.post(f"/compounds/{compound.pk}/tips/", {"text": "  ", "idempotency_key": key}, **ZH)
    assert refused.status_code == 400
    assert page_key(refused.content.decode()) == key
    assert not Tip.objects.exists()

    client.post(f"/compounds/{compound.pk}/tips/", {"text": TEXT, "idempotency_key": key})
    client.post(f"/compounds/{compound.pk}/tips/", {"text": TEXT, "idempotency_key": key})
    assert Tip.objects.count() == 1


def test_the_api_sent_again_answers_200_with_the_first_tip(api_for, rider, compound):
    api = api_for(rider)
    url = f"/api/v1/compounds/{compound.pk}/tips/"

    first = api.post(url, {"text": TEXT}, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    retry = api.post(url, {"text": TEXT}, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    keyless = api.post(url, {"text": TEXT}, format="json")  # a client without keys, a moment later
    other = api.post(url, {"text": "12栋的门朝北开"}, format="json")

    assert (first.status_code, retry.status_code, keyless.status_code, other.status_code) == (201, 200, 200, 201)
    assert first.json()["id"] == retry.json()["id"] == keyless.json()["id"] != other.json()["id"]
    assert retry.json() == {"id": first.json()["id"], "status": "pending", "text": TEXT, "has_photo": False}
    assert Tip.objects.count() == 2


def test_a_key_that_is_no_key_is_refused_in_the_callers_language(api_for, rider, compound):
    url = f"/api/v1/compounds/{compound.pk}/tips/"
    response = api_for(rider).post(url, {"text": TEXT}, format="json", HTTP_IDEMPOTENCY_KEY="k" * 65, **ZH)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_idempotency_key"
    assert response.json()["message"] == "Idempotency-Key 最多 64 个字符，且不能含不可见字符。"
    assert not Tip.objects.exists()


# --- the author takes a tip back --------------------------------------------------------------


def test_the_author_withdraws_a_pending_tip_and_nobody_sees_it(
    client_for, rider, reviewer, compound, django_capture_on_commit_callbacks
):
    client = client_for(rider)
    photo = SimpleUploadedFile("gate.jpg", jpeg_with_gps(), content_type="image/jpeg")
    client.post(f"/compounds/{compound.pk}/tips/", {"text": TEXT, "photo": photo})
    tip = Tip.objects.get()
    stored = tip.photo.name
    html = guide(client, compound)
    assert f'action="/compounds/tips/{tip.pk}/withdraw/"' in html
    assert 'data-confirm="撤回这条贴士？街道办将不再审核它，也不会有人看到它。"' in html

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/compounds/tips/{tip.pk}/withdraw/", follow=True, **ZH)

    assert response.redirect_chain[-1][0] == f"/compounds/{compound.pk}/#my-tips"
    assert messages_of(response) == ["贴士已撤回：街道办不会审核它，也不会有人看到它。"]
    tip.refresh_from_db()
    assert (tip.status, tip.photo.name) == (TipStatus.RETRACTED, "")
    assert not default_storage.exists(stored)
    entry = AuditEntry.objects.get(action="venues.tip.retract")
    assert (entry.actor, entry.target_id) == (rider, str(tip.pk))
    assert TEXT not in guide(client, compound)  # gone from the author's list too
    assert f'data-tip-id="{tip.pk}"' not in client_for(reviewer).get("/staff/venues/tips/").content.decode()
    # Written again, it is a new tip: the first was taken back.
    client.post(f"/compounds/{compound.pk}/tips/", {"text": TEXT})
    assert Tip.objects.filter(status=TipStatus.PENDING).count() == 1


def test_a_reviewed_tip_cannot_be_withdrawn_by_its_author(client_for, rider, reviewer, compound):
    tip = TipFactory(author=rider, compound=compound)
    services.tip_approve(reviewer=reviewer, tip=tip)

    response = client_for(rider).post(f"/compounds/tips/{tip.pk}/withdraw/", follow=True, **ZH)

    assert messages_of(response) == ["这条贴士已经审核过，无法再撤回。"]
    tip.refresh_from_db()
    assert tip.status == TipStatus.APPROVED
    assert not AuditEntry.objects.filter(action="venues.tip.retract").exists()


def test_nobody_else_can_withdraw_a_tip(client_for, rider, other_rider, reviewer, compound):
    tip = TipFactory(author=rider, compound=compound)

    assert client_for(other_rider).post(f"/compounds/tips/{tip.pk}/withdraw/").status_code == 404
    assert client_for(reviewer).post(f"/compounds/tips/{tip.pk}/withdraw/").status_code == 404
    anonymous = client_for(None).post(f"/compounds/tips/{tip.pk}/withdraw/")
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    assert client_for(rider).get(f"/compounds/tips/{tip.pk}/withdraw/").status_code == 405
    tip.refresh_from_db()
    assert tip.status == TipStatus.PENDING


def test_the_api_withdraws_the_authors_pending_tip_only(api_for, rider, other_rider, reviewer, compound):
    tip = TipFactory(author=rider, compound=compound)
    reviewed = TipFactory(author=rider, compound=compound)
    services.tip_approve(reviewer=reviewer, tip=reviewed)

    assert api_for(other_rider).post(f"/api/v1/compounds/tips/{tip.pk}/withdraw/").status_code == 404
    done = api_for(rider).post(f"/api/v1/compounds/tips/{tip.pk}/withdraw/")
    again = api_for(rider).post(f"/api/v1/compounds/tips/{tip.pk}/withdraw/", **ZH)
    refused = api_for(rider).post(f"/api/v1/compounds/tips/{reviewed.pk}/withdraw/", HTTP_ACCEPT_LANGUAGE="en")

    assert done.status_code == 200 and done.json()["status"] == "retracted"
    assert again.status_code == 409
    assert again.json()["code"] == "tip_not_pending" and again.json()["status"] == "retracted"
    assert refused.status_code == 409
    assert refused.json()["message"] == "This tip has already been reviewed, so it can no longer be withdrawn."
    assert refused.json()["status"] == "approved"
    assert AuditEntry.objects.filter(action="venues.tip.retract", actor=rider).count() == 1


# --- what the form says -----------------------------------------------------------------------


@pytest.mark.usefixtures(tip_points_rule.__name__)
def test_the_form_says_what_an_approved_tip_pays(client_for, rider, compound):
    html = guide(client_for(rider), compound)  # the programme's rule: 5 points an approved tip

    assert re.search(r'data-testid="tip-points">贴士审核通过后，您可获得 5 积分。<', html)


@pytest.mark.usefixtures(tip_points_rule.__name__)
def test_the_form_says_nothing_of_points_without_the_rule(client_for, rider, compound):
    from points.models import Rule

    Rule.objects.filter(code=Rule.COMPOUND_TIP_APPROVED).update(active=False)
    assert 'data-testid="tip-points"' not in guide(client_for(rider), compound)


def test_the_photo_picker_offers_what_the_server_takes(client_for, rider, compound):
    html = guide(client_for(rider), compound)
    assert 'accept="image/jpeg,image/png,image/webp"' in html
    assert 'accept="image/*"' not in html
    help_text = "JPEG、PNG 或 WebP 格式，不超过 8.0\xa0MB。照片中的位置信息会被删除。"
    assert f'<span class="helptext" id="id_photo_helptext">{help_text}</span>' in html
