"""The initiatives and the tripartite convention: what the public, riders and staff see, how one
signs (once, with the right party), and the profile panel of what a rider has signed."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from friendlystreet.audit.models import AuditEntry
from tests.venues.factories import CommunityFactory, VenueFactory, jpeg_bytes
from venues.models import VenueKind
from volunteers.models import PublicText, SignatoryParty, Signature, TextKind
from volunteers.texts import services

pytestmark = pytest.mark.django_db


def make_text(**fields) -> PublicText:
    values = {
        "kind": TextKind.INITIATIVE,
        "title": "致辖区居民的倡议书",
        "body": "亲爱的居民朋友们：\n\n请为骑手**留一扇门**。",
        "issued_on": date(2026, 3, 5),
        "issuer": "成龙路街道办事处",
        "published": True,
    }
    values.update(fields)
    return PublicText.objects.create(**values)


@pytest.fixture
def convention(db) -> PublicText:
    return make_text(kind=TextKind.CONVENTION, title="社区、物业、快递小哥三方公约", order=1)


@pytest.fixture
def draft(db) -> PublicText:
    return make_text(title="尚未发布的倡议书", published=False)


def test_the_list_names_its_groups_in_english_by_how_many_they_hold(client):
    make_text(kind=TextKind.CONVENTION, title="三方公约")
    make_text(title="致辖区居民的倡议书")
    make_text(title="致物业企业的倡议书")
    make_text(kind=TextKind.PARTY_LETTER, title="致党员骑手的一封信")
    client.cookies["django_language"] = "en"
    html = client.get(reverse("volunteers:text_list")).content.decode()
    assert re.findall(r"<h2>(.*?)</h2>", html) == ["Convention", "Initiative letters", "Letter to party members"]


# --- drafts -------------------------------------------------------------------------------------


def test_the_public_sees_published_texts_but_not_drafts(client, convention, draft):
    initiative = make_text()
    page = client.get(reverse("volunteers:text_list")).content.decode()
    assert initiative.title in page and convention.title in page
    assert draft.title not in page
    assert client.get(reverse("volunteers:text_detail", args=[draft.pk])).status_code == 404


def test_a_rider_cannot_open_a_draft_or_its_image(client_for, rider, draft, street_admin):
    services.text_save(actor=street_admin, text=draft, image=_upload())
    rider_client = client_for(rider)
    assert rider_client.get(reverse("volunteers:text_detail", args=[draft.pk])).status_code == 404
    assert rider_client.get(reverse("volunteers:text_image", args=[draft.pk])).status_code == 404
    assert draft.title not in rider_client.get(reverse("volunteers:text_list")).content.decode()


def test_text_staff_see_drafts_marked_as_such(client_for, street_admin, draft):
    staff = client_for(street_admin)
    detail = staff.get(reverse("volunteers:text_detail", args=[draft.pk]))
    assert detail.status_code == 200
    assert 'data-testid="draft"' in detail.content.decode()
    assert draft.title in staff.get(reverse("volunteers:text_list")).content.decode()
    assert draft.title in staff.get(reverse("volunteers:staff_text_list")).content.decode()


def test_a_reviewer_without_the_texts_permission_cannot_manage_texts(client_for, reviewer, draft):
    assert client_for(reviewer).get(reverse("volunteers:staff_text_list")).status_code == 403
    assert client_for(reviewer).get(reverse("volunteers:text_detail", args=[draft.pk])).status_code == 404


# --- staff publish ------------------------------------------------------------------------------


def _upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("poster.jpg", jpeg_bytes(), content_type="image/jpeg")


def test_staff_publish_a_text_with_an_image_and_the_public_sees_it(client_for, client, street_admin):
    response = client_for(street_admin).post(
        reverse("volunteers:staff_text_new"),
        {
            "kind": TextKind.PARTY_LETTER,
            "title": "致流动党员的一封信",
            "body": "## 亮明身份\n\n同志们好！",
            "issued_on": "2026-04-01",
            "issuer": "成龙路街道党工委",
            "published": "on",
            "order": "10",
            "image": _upload(),
        },
    )
    assert response.status_code == 302
    text = PublicText.objects.get(title="致流动党员的一封信")
    assert text.published and text.image
    assert AuditEntry.objects.filter(action="volunteers.text_saved", target_id=str(text.pk)).exists()
    page = client.get(reverse("volunteers:text_detail", args=[text.pk])).content.decode()
    assert "<h2>亮明身份</h2>" in page
    image = client.get(reverse("volunteers:text_image", args=[text.pk]))
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    assert image.content[:2] == b"\xff\xd8"


def test_a_new_image_replaces_the_old_one_whose_file_goes(street_admin, settings, tmp_path, django_capture_on_commit_callbacks):
    from django.core.files.storage import default_storage

    settings.MEDIA_ROOT = tmp_path
    text = make_text()
    with django_capture_on_commit_callbacks(execute=True):
        services.text_save(actor=street_admin, text=text, image=_upload())
    first = PublicText.objects.get(pk=text.pk).image.name
    with django_capture_on_commit_callbacks(execute=True):
        services.text_save(actor=street_admin, text=text, image=_upload())
    second = PublicText.objects.get(pk=text.pk).image.name

    assert second != first and default_storage.exists(second)
    assert not default_storage.exists(first)


def test_a_text_without_a_title_is_refused_and_nothing_is_saved(client_for, street_admin):
    response = client_for(street_admin).post(
        reverse("volunteers:staff_text_new"),
        {"kind": TextKind.INITIATIVE, "title": "", "body": "x", "issued_on": "2026-04-01", "issuer": "街道", "order": "1"},
    )
    assert response.status_code == 400
    assert not PublicText.objects.exists()


@pytest.mark.parametrize(
    "field, typed, said",
    [
        ("order", "99999", "请填写 0 到 999 之间的整数。"),  # beyond the column: a 500 on PostgreSQL
        ("issued_on", "0001-01-01", "请输入 2000 年至 2099 年之间的日期。"),
    ],
)
def test_an_order_or_a_date_nobody_means_is_refused_by_its_field(client_for, street_admin, field, typed, said):
    data = {"kind": TextKind.INITIATIVE, "title": "致居民的倡议书", "body": "x", "issued_on": "2026-04-01", "issuer": "街道"}

    response = client_for(street_admin).post(reverse("volunteers:staff_text_new"), {**data, "order": "1", field: typed})

    assert response.status_code == 400
    assert response.context["form"].errors == {field: [said]}
    assert not PublicText.objects.exists()


def test_staff_edit_a_text_and_can_unpublish_it(client_for, client, street_admin):
    text = make_text()
    response = client_for(street_admin).post(
        reverse("volunteers:staff_text_edit", args=[text.pk]),
        {
            "kind": text.kind,
            "title": "改过的标题",
            "body": text.body,
            "issued_on": "2026-03-05",
            "issuer": text.issuer,
            "order": "5",
        },
    )
    assert response.status_code == 302
    text.refresh_from_db()
    assert text.title == "改过的标题" and not text.published
    assert client.get(reverse("volunteers:text_detail", args=[text.pk])).status_code == 404


# --- safe Markdown ------------------------------------------------------------------------------


def test_markdown_cannot_inject_html_or_script(client):
    text = make_text(
        body=(
            "<script>alert('x')</script>\n\n"
            '<img src=x onerror="alert(1)">\n\n'
            "[点我](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=)\n\n"
            "[街道官网](https://example.org/)"
        )
    )
    page = client.get(reverse("volunteers:text_detail", args=[text.pk])).content.decode()
    body = page.split('data-testid="text-body">', 1)[1].split("</div>", 1)[0]
    assert "<script" not in body and "&lt;script&gt;" in body
    assert "<img" not in body
    assert "javascript:" not in body.replace("[点我](javascript:alert(1))", "")
    assert 'href="javascript' not in body and 'href="data:' not in body
    assert '<a href="https://example.org/">街道官网</a>' in body


# --- signing ------------------------------------------------------------------------------------


def test_a_rider_signs_as_a_courier_whatever_they_send(client_for, rider, convention):
    response = client_for(rider).post(
        reverse("volunteers:text_sign", args=[convention.pk]), {"party": "property", "organisation": "某某物业"}
    )
    assert response.status_code == 302
    signature = Signature.objects.get(signer=rider)
    assert signature.party == SignatoryParty.COURIER and signature.organisation == ""


def test_a_rider_is_not_asked_for_a_party(client_for, rider, convention):
    page = client_for(rider).get(reverse("volunteers:text_detail", args=[convention.pk])).content.decode()
    assert 'data-testid="preset-party"' in page
    assert 'name="organisation"' not in page


def community_station(operator, community: str = "望平社区"):
    VenueFactory(community=CommunityFactory(name=community)).operators.add(operator)


def property_station(operator, name: str):
    VenueFactory(name=name, kind=VenueKind.PROPERTY_STATION).operators.add(operator)


def test_a_community_signs_with_its_organisation(client_for, merchant_a, convention):
    community_station(merchant_a)
    response = client_for(merchant_a).post(
        reverse("volunteers:text_sign", args=[convention.pk]), {"party": "community", "organisation": "望平社区"}
    )
    assert response.status_code == 302
    signature = Signature.objects.get(signer=merchant_a)
    assert (signature.party, signature.organisation) == ("community", "望平社区")


def test_the_people_of_two_property_stations_say_which_one_signs(client_for, merchant_a, convention):
    property_station(merchant_a, "锦江物业暖新小站")
    property_station(merchant_a, "东方花园物业暖新小站")
    response = client_for(merchant_a).post(reverse("volunteers:text_sign", args=[convention.pk]), {"party": "property"})
    assert response.status_code == 400
    assert "请选择您代表签署的一方：东方花园物业暖新小站、锦江物业暖新小站。" in response.content.decode()
    assert not Signature.objects.exists()


def test_a_party_that_does_not_exist_is_refused(client_for, merchant_a, convention):
    response = client_for(merchant_a).post(reverse("volunteers:text_sign", args=[convention.pk]), {"party": "mayor"})
    assert response.status_code == 400
    assert not Signature.objects.exists()


def test_one_signs_only_once(client_for, rider, convention):
    rider_client = client_for(rider)
    url = reverse("volunteers:text_sign", args=[convention.pk])
    rider_client.post(url, {})
    second = rider_client.post(url, {}, follow=True)
    assert Signature.objects.filter(signer=rider).count() == 1
    assert "already signed" in second.content.decode() or "已经签署" in second.content.decode()


def test_an_initiative_letter_cannot_be_signed(client_for, rider):
    letter = make_text()
    client_for(rider).post(reverse("volunteers:text_sign", args=[letter.pk]), {})
    assert not Signature.objects.exists()
    assert 'data-testid="sign"' not in client_for(rider).get(reverse("volunteers:text_detail", args=[letter.pk])).content.decode()


def test_signing_is_in_the_audit_trail(rider, convention):
    services.text_sign(user=rider, text=convention)
    entry = AuditEntry.objects.get(action="volunteers.text_signed")
    assert entry.actor == rider and entry.target_id == str(convention.pk) and entry.data == {"party": "courier"}


def test_withdrawing_a_signature(client_for, rider, convention):
    services.text_sign(user=rider, text=convention)
    response = client_for(rider).post(reverse("volunteers:text_unsign", args=[convention.pk]))
    assert response.status_code == 302
    assert not Signature.objects.exists()
    assert AuditEntry.objects.filter(action="volunteers.text_unsigned", actor=rider).exists()
    # and one can sign again
    services.text_sign(user=rider, text=convention)
    assert Signature.objects.count() == 1


def test_the_page_counts_signatures_by_party_and_masks_names(client, rider, other_rider, merchant_a, street_admin, convention):
    services.text_sign(user=rider, text=convention)
    services.text_sign(user=other_rider, text=convention)
    property_station(merchant_a, "锦江物业")
    community_station(street_admin)
    services.text_sign(user=merchant_a, text=convention, party="property", organisation="锦江物业")
    services.text_sign(user=street_admin, text=convention, party="community", organisation="望平社区")
    page = client.get(reverse("volunteers:text_detail", args=[convention.pk])).content.decode()
    counts = page.split('data-testid="counts"', 1)[1].split("</ul>", 1)[0]
    assert '<li data-party="courier"><span class="tx-count">2</span>' in counts
    assert '<li data-party="property"><span class="tx-count">1</span>' in counts
    assert '<li data-party="community"><span class="tx-count">1</span>' in counts
    latest = page.split('data-testid="latest"', 1)[1].split("</ul>", 1)[0]
    assert "张小骑" not in page and rider.masked_name in latest
    assert "锦江物业" in latest
    listing = client.get(reverse("volunteers:text_list")).content.decode()
    assert 'data-party="courier">' in listing and "4" in listing.split('data-testid="list-counts"', 1)[1]


def test_the_profile_panel_lists_what_the_rider_signed(client_for, rider, convention):
    panel_before = client_for(rider).get(reverse("profile")).content.decode()
    assert 'data-testid="signatures-panel"' in panel_before and 'data-testid="my-signed-text"' not in panel_before
    services.text_sign(user=rider, text=convention)
    page = client_for(rider).get(reverse("profile")).content.decode()
    panel = page.split('data-testid="signatures-panel"', 1)[1].split("</section>", 1)[0]
    assert convention.title in panel


def test_someone_who_signed_nothing_and_is_not_a_rider_has_no_panel(client_for, reviewer):
    assert 'data-testid="signatures-panel"' not in client_for(reviewer).get(reverse("profile")).content.decode()


# --- query counts -------------------------------------------------------------------------------


def test_the_public_pages_take_a_fixed_number_of_queries(client, rider, other_rider, convention, django_assert_num_queries):
    for n in range(3):
        make_text(title=f"倡议书{n}")
    services.text_sign(user=rider, text=convention)
    services.text_sign(user=other_rider, text=convention)
    with django_assert_num_queries(2):  # the texts, the counts of the convention
        client.get(reverse("volunteers:text_list"))
    with django_assert_num_queries(3):  # the text, the counts, the latest signatures with signers
        client.get(reverse("volunteers:text_detail", args=[convention.pk]))


def test_a_superuser_has_every_permission_but_is_not_taken_for_a_rider(client_for, street_admin, convention):
    street_admin.is_superuser = True
    street_admin.save()
    page = client_for(street_admin).get(reverse("volunteers:text_detail", args=[convention.pk])).content.decode()
    assert 'name="organisation"' in page
    services.text_sign(user=street_admin, text=convention, party="community", organisation="成龙路街道办事处")
    assert Signature.objects.get(signer=street_admin).party == SignatoryParty.COMMUNITY
