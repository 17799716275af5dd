"""The barber wants to pause his free haircut for the holiday. Since 3160417 the page that does
it opens on 本店的奖品, but every way to it was labelled 提议奖品 ("Propose a reward"): he had to
guess that pausing and restocking live under "propose". Every link to it now says where it
leads, 本店的奖品 / "Our rewards": on his home, in the top bar's menu, under the counter and on
his profile. One label for every operator, also for a clinic with no reward yet: it opens on
the proposal form there, which is how a shop's rewards begin, and the menu does not rename
itself under the owner once the street office publishes the first one."""

from __future__ import annotations

import re

import pytest

from tests.points.rewards.factories import RewardFactory

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def links_to_the_rewards_page(html: str) -> dict[str, str]:
    """Where on the page a link to /redeem/propose/ is, and what it says."""
    found = {}
    home = re.search(r'id="home-links".*?</nav>', html, re.S)
    if home:
        found["home"] = re.search(r'<a href="/redeem/propose/">([^<]+)</a>', home.group(0)).group(1)
    menu = re.search(r'<a href="/redeem/propose/" data-testid="partner-link">([^<]+)</a>', html)
    if menu:
        found["menu"] = menu.group(1)
    foot = re.search(r'<p class="redeem-links tap-links">.*?</p>', html, re.S)
    if foot:
        found["foot"] = re.search(r'<a href="/redeem/propose/">([^<]+)</a>', foot.group(0)).group(1)
    panel = re.search(r'<a href="/redeem/propose/" data-testid="operator-proposals">([^<]+)', html)
    if panel:
        found["profile"] = panel.group(1)
    return found


@pytest.mark.parametrize(("headers", "label"), [(ZH, "本店的奖品"), (EN, "Our rewards")])
def test_the_barber_finds_his_rewards_under_their_name_wherever_he_is(merchant_a, barber, client_for, headers, label):
    RewardFactory(venue=barber, title="免费快剪一次", title_en="A free quick haircut")
    shop = client_for(merchant_a)

    seen = {}
    for path in ("/home/", "/redeem/", "/profile/"):
        seen.update(links_to_the_rewards_page(shop.get(path, **headers).content.decode()))

    assert seen == {"home": label, "menu": label, "foot": label, "profile": label}
    page = shop.get("/redeem/propose/", **headers).content.decode()
    assert re.search(r"<h1[^>]*>(.*?)</h1>", page).group(1) == label  # the page he lands on says the same
    assert "提议奖品" not in str(seen) and "Propose" not in str(seen)


@pytest.mark.parametrize(
    ("headers", "label", "heading"), [(ZH, "本店的奖品", "提议奖品"), (EN, "Our rewards", "Propose a reward")]
)
def test_a_clinic_with_no_reward_yet_follows_the_same_link_to_the_proposal_form(
    merchant_b, hospital, client_for, headers, label, heading
):
    clinic = client_for(merchant_b)

    home = clinic.get("/home/", **headers).content.decode()
    assert links_to_the_rewards_page(home) == {"home": label, "menu": label}

    page = clinic.get("/redeem/propose/", **headers).content.decode()
    assert re.search(r"<h1[^>]*>(.*?)</h1>", page).group(1) == heading and 'id="propose-form"' in page
