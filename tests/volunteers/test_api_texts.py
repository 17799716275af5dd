"""The texts API: the initiatives, the party letter and the convention with its signatures by
party; drafts for staff only; signing once (riders as couriers, the others for the organisation
they name) and withdrawing — exact shapes, every refusal code, refusals that change nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone, translation

from friendlystreet.audit.models import AuditEntry
from tests.factories import PartnerFactory, RiderFactory
from tests.venues.factories import CommunityFactory, VenueFactory, jpeg_bytes
from venues.models import VenueKind
from volunteers.models import PublicText, SignatoryParty, Signature, TextKind

pytestmark = pytest.mark.django_db

LIST = "/api/v1/texts/"


def make_text(**fields) -> PublicText:
    values = {
        "kind": TextKind.INITIATIVE,
        "title": "致辖区居民的倡议书",
        "body": "亲爱的居民朋友们：\n\n请为骑手**留一扇门**。<script>alert(1)</script>",
        "issued_on": date(2026, 3, 5),
        "issuer": "成龙路街道办事处",
        "published": True,
    }
    return PublicText.objects.create(**(values | fields))


@pytest.fixture
def convention(db) -> PublicText:
    return make_text(kind=TextKind.CONVENTION, title="社区、物业、快递小哥三方公约", body="第一条", order=1)


def url(text: PublicText, action: str = "") -> str:
    return f"/api/v1/texts/{text.pk}/" + (f"{action}/" if action else "")


def kind_name(kind: str) -> str:
    with translation.override("zh-hans"):
        return str(TextKind(kind).label)


def sign(text: PublicText, user, party: str, organisation: str = "") -> Signature:
    return Signature.objects.create(text=text, signer=user, party=party, organisation=organisation)


# --- reading ------------------------------------------------------------------------------------


def test_the_list_shows_published_texts_with_the_signatures_by_party(api_for, convention):
    letter = make_text()
    make_text(title="草稿", published=False)
    sign(convention, RiderFactory(), SignatoryParty.COURIER)
    sign(convention, RiderFactory(), SignatoryParty.COURIER)
    sign(convention, PartnerFactory(), SignatoryParty.PROPERTY, "某某物业")

    response = api_for(None).get(LIST)

    assert response.status_code == 200
    assert response.json() == [
        {
            "id": convention.pk,
            "kind": "convention",
            "kind_name": kind_name("convention"),
            "title": "社区、物业、快递小哥三方公约",
            "issued_on": "2026-03-05",
            "issuer": "成龙路街道办事处",
            "signable": True,
            "signatures": {"community": 0, "property": 1, "courier": 2},
            "published": True,
            "image_url": None,
        },
        {
            "id": letter.pk,
            "kind": "initiative",
            "kind_name": kind_name("initiative"),
            "title": "致辖区居民的倡议书",
            "issued_on": "2026-03-05",
            "issuer": "成龙路街道办事处",
            "signable": False,
            "signatures": {"community": 0, "property": 0, "courier": 0},
            "published": True,
            "image_url": None,
        },
    ]


def test_a_kind_filters_the_list_and_an_unknown_one_is_a_400(api_for, convention):
    make_text()

    assert [t["id"] for t in api_for(None).get(LIST, {"kind": "convention"}).json()] == [convention.pk]
    refused = api_for(None).get(LIST, {"kind": "manifesto"})
    assert refused.status_code == 400 and list(refused.json()["fields"]) == ["kind"]


def test_drafts_are_for_staff_who_manage_texts(api_for, rider, reviewer, street_admin):
    draft = make_text(title="尚未发布", published=False)

    for user in (None, rider, reviewer):
        assert draft.pk not in [t["id"] for t in api_for(user).get(LIST).json()]
        assert api_for(user).get(url(draft)).status_code == 404
    shown = api_for(street_admin).get(url(draft)).json()
    assert (shown["id"], shown["published"]) == (draft.pk, False)


def test_the_detail_has_the_markdown_its_safe_html_and_my_signature(api_for, rider, convention):
    signature = sign(convention, rider, SignatoryParty.COURIER)
    convention.image.save("poster.jpg", ContentFile(jpeg_bytes()))

    body = api_for(rider).get(url(convention)).json()

    assert body["body"] == "第一条"
    assert body["html"] == "<p>第一条</p>\n"
    assert body["my_signature"] == {
        "party": "courier",
        "organisation": "",
        "created_at": timezone.localtime(signature.created_at).isoformat(),
    }
    assert body["signatures"] == {"community": 0, "property": 0, "courier": 1}
    assert body["image_url"] == f"http://testserver/initiatives/{convention.pk}/image/"
    assert api_for(None).get(url(convention)).json()["my_signature"] is None


def test_html_in_the_body_is_escaped(api_for):
    text = make_text()

    html = api_for(None).get(url(text)).json()["html"]

    assert "<strong>留一扇门</strong>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_the_list_costs_two_queries_whatever_the_number_of_texts(api_for, convention, django_assert_num_queries):
    for n in range(5):
        make_text(title=f"倡议书{n}")
        sign(convention, RiderFactory(), SignatoryParty.COURIER)
    client = api_for(None)

    # The texts, and the signatures counted by text and party.
    with django_assert_num_queries(2):
        assert len(client.get(LIST).json()) == 6


# --- signing ------------------------------------------------------------------------------------


def test_a_rider_signs_as_a_courier_whatever_they_send(api_for, rider, convention):
    response = api_for(rider).post(url(convention, "sign"), {"party": "property", "organisation": "某某物业"}, format="json")

    assert response.status_code == 201
    body = response.json()
    assert body["my_signature"]["party"] == "courier" and body["my_signature"]["organisation"] == ""
    assert body["signatures"] == {"community": 0, "property": 0, "courier": 1}
    signature = Signature.objects.get()
    assert (signature.signer, signature.party) == (rider, SignatoryParty.COURIER)
    assert AuditEntry.objects.filter(action="volunteers.text_signed", actor=rider).count() == 1


@pytest.fixture
def stations(merchant_a):
    """merchant_a operates 望平社区's community station and two property stations."""
    VenueFactory(community=CommunityFactory(name="望平社区")).operators.add(merchant_a)
    for name in ("锦江物业暖新小站", "东方花园物业暖新小站"):
        VenueFactory(name=name, kind=VenueKind.PROPERTY_STATION).operators.add(merchant_a)


def test_a_community_signs_with_its_name(api_for, merchant_a, stations, convention):
    response = api_for(merchant_a).post(url(convention, "sign"), {"party": "community", "organisation": "望平社区"})

    assert response.status_code == 201
    assert response.json()["my_signature"]["organisation"] == "望平社区"
    assert response.json()["signatures"]["community"] == 1


@pytest.mark.parametrize(
    "data, field",
    [
        ({}, "party"),
        ({"party": "government"}, "party"),
        ({"party": "property"}, "organisation"),  # two stations: which one?
        ({"party": "community", "organisation": "x" * 121}, "organisation"),
        ({"party": "community", "organisation": "望平\x00社区"}, "organisation"),
    ],
    ids=["no party", "unknown party", "no organisation", "long", "nul"],
)
def test_a_signature_without_its_party_or_organisation_is_a_400_and_signs_nothing(
    api_for, merchant_a, stations, convention, data, field
):
    response = api_for(merchant_a).post(url(convention, "sign"), data, format="json")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == [field]
    assert not Signature.objects.exists()


def test_one_signs_once(api_for, rider, convention):
    api_for(rider).post(url(convention, "sign"))
    first = Signature.objects.get()

    again = api_for(rider).post(url(convention, "sign"), {"party": "courier"})

    assert (again.status_code, again.json()["code"]) == (409, "already_signed")
    assert list(Signature.objects.all()) == [first]


def test_only_the_convention_is_signed(api_for, rider):
    letter = make_text()

    response = api_for(rider).post(url(letter, "sign"))

    assert (response.status_code, response.json()["code"]) == (409, "not_signable")
    assert not Signature.objects.exists()


def test_a_draft_cannot_be_signed(api_for, rider, street_admin):
    draft = make_text(kind=TextKind.CONVENTION, published=False)

    assert api_for(rider).post(url(draft, "sign")).status_code == 404
    refused = api_for(street_admin).post(url(draft, "sign"))
    assert (refused.status_code, refused.json()["code"]) == (409, "not_signable")
    assert not Signature.objects.exists()


def test_signing_needs_a_signed_in_user(api_for, convention):
    assert api_for(None).post(url(convention, "sign"), {"party": "courier"}).status_code == 401
    assert api_for(None).delete(url(convention, "sign")).status_code == 401
    assert not Signature.objects.exists()


def test_a_signature_is_withdrawn_once(api_for, rider, other_rider, convention):
    sign(convention, rider, SignatoryParty.COURIER)
    kept = sign(convention, other_rider, SignatoryParty.COURIER)

    response = api_for(rider).delete(url(convention, "sign"))
    again = api_for(rider).delete(url(convention, "sign"))

    assert response.status_code == 200
    assert response.json()["my_signature"] is None
    assert response.json()["signatures"]["courier"] == 1
    assert (again.status_code, again.json()["code"]) == (409, "not_signed")
    assert list(Signature.objects.all()) == [kept]
