"""张姐 paused her shop's 面馆加蛋券 for the holiday; meanwhile the street office switched it off.
Her 本店的奖品 page, still open, offers 恢复兑换; pressing it is refused, and the reward's row says
why in red: 街道办下架了此奖品：如需重新上架，请联系街道办。街道办联系方式：…。 Under it, the row's
state said 已下架 由街道办下架：如需重新上架，请联系街道办。 with the contact again: the same
sentence and the same phone number twice, one under the other. The state now says only 已下架
while the refusal stands above it; on the next visit (the refusal said once) the state says the
whole sentence with the contact, as before. The refusal keeps the contact: the API's message is
the same error's (DomainError.office_contact)."""

from __future__ import annotations

import re

import pytest

from points.models import Reward
from tests.points.rewards.factories import RewardFactory, barbers_counter

pytestmark = pytest.mark.django_db

CONTACT = "028-8888 0000（工作日 9:00–17:00）"
SAID = {
    "zh-hans": f"街道办下架了此奖品：如需重新上架，请联系街道办。街道办联系方式：{CONTACT}。",
    "en": f"The street office switched this reward off: ask them to offer it again. Street office contact: {CONTACT}.",
}
STATE = {
    "zh-hans": f"已下架 由街道办下架：如需重新上架，请联系街道办。 街道办联系方式：{CONTACT}。",
    "en": f"switched off by the street office: ask them to offer it again. Street office contact: {CONTACT}.",
}
SWITCHED_OFF = {"zh-hans": "已下架", "en": "switched off"}


def row_of(html: str, reward: Reward) -> str:
    return html[html.index(f'id="reward-{reward.pk}"') :].split("</li>")[0]


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def state_line(row: str) -> str:
    """The reward's state and what follows it, as read: from 已下架 to the row's buttons."""
    start = row.index('<span class="status" data-testid="reward-state"')
    return text(row[start:].split('<div class="operator-reward-actions">')[0])


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_refused_resumption_gives_the_street_offices_contact_once_in_the_rewards_row(
    client_for, street_admin, settings, language
):
    settings.STREET_OFFICE_CONTACT = CONTACT
    shop, owner, _rider = barbers_counter()
    reward = RewardFactory(venue=shop, title="面馆加蛋券", title_en="An extra egg")
    counter = client_for(owner)
    counter.post(f"/redeem/rewards/{reward.pk}/", {"action": "pause"})
    client_for(street_admin).post(f"/staff/rewards/{reward.pk}/switch-off/")

    refused = counter.post(f"/redeem/rewards/{reward.pk}/", {"action": "resume"}, follow=True, HTTP_ACCEPT_LANGUAGE=language)

    row = row_of(refused.content.decode(), reward)
    assert re.findall(r'data-testid="reward-said">(.*?)</p>', row, re.S) == [SAID[language]]
    assert row.count(CONTACT) == 1
    assert state_line(row) == SWITCHED_OFF[language]
    reward.refresh_from_db()
    assert not reward.active

    # The next visit: the refusal was said once; the state says why, with the contact.
    again = row_of(counter.get("/redeem/propose/", HTTP_ACCEPT_LANGUAGE=language).content.decode(), reward)
    assert 'data-testid="reward-said"' not in again
    assert state_line(again) == STATE[language]
