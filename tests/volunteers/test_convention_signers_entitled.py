"""Who signs the tripartite convention (三方公约) for whom. Before, anyone signed in who was not a
rider chose a party and wrote any name: a merchant's operator or the street office's reviewer
signed "for" 望平社区 or any property company, and the page counted them as that party. Now a
party is the signer's by role or by link (texts.selectors.signing_rights): riders as couriers; a
community through the operators of its community station, for that community; a property company
through the operators of its property station, by the station's name. Everyone else is refused
(403 not_entitled, a message on the page), and nothing is signed."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from tests.factories import PartnerFactory
from tests.venues.factories import CommunityFactory, VenueFactory
from venues.models import VenueKind
from volunteers.models import PublicText, Signature, TextKind
from volunteers.texts import errors
from volunteers.texts.services import text_sign

pytestmark = pytest.mark.django_db

NOT_ENTITLED_ZH = "您不能代表这一方签署。社区由其暖新社区/驿站的工作人员代表签署"


@pytest.fixture
def convention() -> PublicText:
    return PublicText.objects.create(
        kind=TextKind.CONVENTION,
        title="三方公约",
        body="三方共同遵守。",
        issued_on=date(2026, 3, 5),
        issuer="街道办",
        published=True,
    )


@pytest.fixture
def wangping_operator():
    """A partner operator of 望平社区's community station."""
    operator = PartnerFactory(display_name="望平驿站")
    VenueFactory(community=CommunityFactory(name="望平社区")).operators.add(operator)
    return operator


def api_url(text: PublicText) -> str:
    return f"/api/v1/texts/{text.pk}/sign/"


def page_url(text: PublicText) -> str:
    return reverse("volunteers:text_detail", args=[text.pk])


def sign_url(text: PublicText) -> str:
    return reverse("volunteers:text_sign", args=[text.pk])


def test_nobody_signs_for_a_party_that_is_not_theirs_through_the_api(api_for, reviewer, merchant_a, convention):
    VenueFactory(kind=VenueKind.MERCHANT, community=CommunityFactory(name="望平社区")).operators.add(merchant_a)
    closed = PartnerFactory()  # operated a station that is no longer on the map
    VenueFactory(community=CommunityFactory(name="大观社区"), active=False).operators.add(closed)
    attempts = [
        (reviewer, {"party": "community", "organisation": "望平社区"}),  # the street office is no community
        (merchant_a, {"party": "community", "organisation": "望平社区"}),  # a merchant in it neither
        (merchant_a, {"party": "property", "organisation": "某某物业"}),
        (merchant_a, {"party": "courier"}),  # not a rider
        (closed, {"party": "community", "organisation": "大观社区"}),
    ]

    for user, data in attempts:
        response = api_for(user).post(api_url(convention), data, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert (response.status_code, response.json()["code"]) == (403, "not_entitled"), data
        assert response.json()["message"].startswith(NOT_ENTITLED_ZH)
    assert not Signature.objects.exists()


def test_a_community_station_signs_for_its_own_community_and_no_other(api_for, wangping_operator, convention):
    api = api_for(wangping_operator)

    other = api.post(api_url(convention), {"party": "community", "organisation": "大观社区"}, format="json")
    company = api.post(api_url(convention), {"party": "property", "organisation": "望平物业"}, format="json")
    assert (other.status_code, other.json()["fields"]) == (400, {"organisation": ["请选择您代表签署的一方：望平社区。"]})
    assert (company.status_code, company.json()["code"]) == (403, "not_entitled")
    assert not Signature.objects.exists()

    signed = api.post(api_url(convention), {"party": "community"}, format="json")  # its one community, filled in
    assert signed.status_code == 201
    mine = signed.json()["my_signature"]
    assert (mine["party"], mine["organisation"]) == ("community", "望平社区")


def test_a_property_station_signs_by_its_name(api_for, convention):
    operator = PartnerFactory()
    VenueFactory(name="锦绣天府物业暖新小站", kind=VenueKind.PROPERTY_STATION).operators.add(operator)

    response = api_for(operator).post(api_url(convention), {"party": "property"}, format="json")

    assert response.status_code == 201
    mine = response.json()["my_signature"]
    assert (mine["party"], mine["organisation"]) == ("property", "锦绣天府物业暖新小站")


def test_the_service_refuses_too(reviewer, convention):
    with pytest.raises(errors.NotEntitled):
        text_sign(user=reviewer, text=convention, party="community", organisation="望平社区")
    assert not Signature.objects.exists()


def test_the_page_offers_no_form_to_someone_who_is_no_party_and_refuses_their_post(client_for, reviewer, convention):
    client = client_for(reviewer)

    page = client.get(page_url(convention)).content.decode()
    sent = client.post(sign_url(convention), {"party": "community", "organisation": "望平社区"}, follow=True)

    assert 'data-testid="not-entitled"' in page and NOT_ENTITLED_ZH in page
    assert 'data-testid="sign"' not in page
    assert sent.redirect_chain == [(page_url(convention), 302)]
    assert NOT_ENTITLED_ZH in sent.content.decode()
    assert not Signature.objects.exists()


def test_the_page_offers_a_station_only_its_party_with_its_name(client_for, wangping_operator, convention):
    client = client_for(wangping_operator)

    page = client.get(page_url(convention)).content.decode()
    client.post(sign_url(convention), {"party": "community", "organisation": ""})

    assert 'value="community"' in page and 'value="property"' not in page and 'value="courier"' not in page
    assert 'value="望平社区"' in page and "您可以代表：望平社区。" in page
    signature = Signature.objects.get()
    assert (signature.signer, signature.party, signature.organisation) == (wangping_operator, "community", "望平社区")


@pytest.mark.parametrize(
    "data",
    [
        {"party": "community", "organisation": "望" * 5000},
        {"party": "community", "organisation": "望平\x00社区"},
        {"party": ["community", "property"]},
        {"organisation": {"name": "望平社区"}},
    ],
    ids=["long", "nul", "list", "object"],
)
def test_bad_input_is_a_400_never_a_500(api_for, client_for, wangping_operator, convention, data):
    response = api_for(wangping_operator).post(api_url(convention), data, format="json")
    assert response.status_code == 400
    if all(isinstance(v, str) for v in data.values()):
        page = client_for(wangping_operator).post(sign_url(convention), data)
        assert page.status_code in (302, 400)
    assert not Signature.objects.exists()
