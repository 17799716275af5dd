"""张姐 pauses the fourth of her noodle shop's rewards on her phone, resumes it, then sets its
stock. The page went back to that reward (#reward-<id>) and said what became of it at the top
of the page, out of view above three other rewards: she saw her row but not "已暂停兑换" and
wondered whether it had worked. It is now said in the reward's own row, where the page opens,
once: not at the top, not again on the next visit. A change refused by the street office's
rule (resuming what they switched off) is said there too."""

from __future__ import annotations

import pytest

from points.models import Reward
from tests.browser.steps import no_sideways_scroll
from tests.browser.venue_pages import signed_in_phone
from tests.points.rewards.factories import RewardFactory, barbers_counter

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def in_view(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("locale", "paused", "resumed", "stocked"),
    [
        (
            "zh-CN",
            "“卤蛋一个”已暂停兑换：骑手现在无法兑换。已发放的兑换券仍然有效。",
            "骑手可以再次兑换“卤蛋一个”了。",
            "“卤蛋一个”的库存已保存。",
        ),
        (
            "en-GB",
            "Redeeming “A braised egg” is paused: riders cannot redeem it now. Vouchers already issued stay valid.",
            "Riders can redeem “A braised egg” again.",
            "The stock of “A braised egg” is saved.",
        ),
    ],
)
def test_the_owner_reads_what_became_of_her_change_in_the_rewards_row(live_server, browser, locale, paused, resumed, stocked):
    shop, owner, _rider = barbers_counter()
    for n in range(3):
        RewardFactory(venue=shop, title=f"免费牛肉面一碗{n}", cost=50, stock=30)
    egg = RewardFactory(venue=shop, title="卤蛋一个", title_en="A braised egg", cost=5, stock=None)
    page = signed_in_phone(browser, live_server, owner, "/redeem/propose/", locale=locale)
    page.wait_for_load_state("load")
    row = page.locator(f"#reward-{egg.pk}")

    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_test_id("pause-reward").click()
    page.wait_for_url(f"**/redeem/propose/#reward-{egg.pk}")
    page.wait_for_load_state("load")
    said = row.get_by_test_id("reward-said")
    assert said.inner_text() == paused and in_view(page, said)
    assert page.locator(".messages").count() == 0  # not at the top as well
    assert not Reward.objects.get(pk=egg.pk).active

    row.get_by_test_id("resume-reward").click()
    page.wait_for_load_state("load")
    assert said.inner_text() == resumed and in_view(page, said)

    page.locator(f"#stock-{egg.pk}").fill("12")
    row.get_by_test_id("save-stock").click()
    page.wait_for_load_state("load")
    assert said.inner_text() == stocked and in_view(page, said)
    assert Reward.objects.get(pk=egg.pk).stock == 12
    assert no_sideways_scroll(page)

    page.reload()
    page.wait_for_load_state("load")
    assert page.get_by_test_id("reward-said").count() == 0  # said once


def test_a_resumption_the_street_office_refuses_is_said_at_the_reward(client_for, street_admin):
    shop, owner, _rider = barbers_counter()
    reward = RewardFactory(venue=shop, title="面馆加蛋券")
    other = RewardFactory(venue=shop, title="免费牛肉面一碗")
    client_for(street_admin).post(f"/staff/rewards/{reward.pk}/switch-off/")
    counter = client_for(owner)

    response = counter.post(f"/redeem/rewards/{reward.pk}/", {"action": "resume"}, **ZH)
    assert response["Location"] == f"/redeem/propose/#reward-{reward.pk}"
    html = counter.get("/redeem/propose/", **ZH).content.decode()

    row = html[html.index(f'id="reward-{reward.pk}"') :].split("</li>")[0]
    assert '<p class="msg error" role="status" data-testid="reward-said">街道办下架了此奖品' in row
    assert html.count('data-testid="reward-said"') == 1 and 'class="messages"' not in html
    assert 'data-testid="reward-said"' not in html[html.index(f'id="reward-{other.pk}"') :].split("</li>")[0]
