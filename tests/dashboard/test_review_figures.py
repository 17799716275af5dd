"""The staff dashboard after the staff review (findings 1, 2, 3, 6, 11, 12, 18, 19): a reviewer
reporting month-end figures upward compares each preset with the period people mean, follows
each card of today's work to a list of exactly what it counted, reads 兑换积分 net of refunds
and 已核销积分 as two named figures, waiting times in plain words, one number format, and
never a range running into days that have not come yet."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from friendlystreet.accounts.models import Verification
from friendlystreet.dashboard.ages import ago, waited
from friendlystreet.dashboard.periods import Period, parse, preset
from friendlystreet.days import local_today
from points.models import Claim
from points.rewards import services as rewards
from tests.dashboard.conftest import MARCH
from tests.dashboard.helpers import badge
from tests.factories import RiderFactory
from tests.points.factories import ClaimFactory
from tests.points.rewards.factories import RewardFactory, give_points
from tests.venues.factories import CommunityFactory, VenueFactory
from volunteers.models_reports import Report

pytestmark = pytest.mark.django_db


def period_line(html: str) -> str:
    """The sentence under the presets: 2026-11-01 至 2026-11-30，对比 2026-10-01 至 2026-10-31。"""
    match = re.search(r'data-testid="period">(.*?)</p>', html, re.S)
    assert match, "no period line"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1)))


def figure_cells(html: str, key: str) -> list[str]:
    """The figures table's row of `key`: this period, the previous one, the change (their text)."""
    row = re.search(rf'<tr data-figure="{key}">(.*?)</tr>', html, re.S).group(1)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r'<td class="num[^"]*">(.*?)</td>', row, re.S)]


# --- 1. each preset compares with the period people report against ---------------------------


def test_last_month_compares_with_the_whole_month_before_it():
    # The reviewer's day: Sunday 6 December 2026.
    november = preset("last_month", date(2026, 12, 6))
    assert (november.start, november.end) == (date(2026, 11, 1), date(2026, 11, 30))
    assert november.previous() == Period(date(2026, 10, 1), date(2026, 10, 31))  # 1 October included
    # In March, against the whole of February (not 28 days of January and February).
    assert preset("last_month", date(2027, 3, 15)).previous() == Period(date(2027, 1, 1), date(2027, 1, 31))
    assert preset("last_month", date(2027, 4, 2)).previous() == Period(date(2027, 2, 1), date(2027, 2, 28))


def test_this_year_compares_with_the_same_dates_last_year():
    assert preset("this_year", date(2026, 12, 6)).previous() == Period(date(2025, 1, 1), date(2025, 12, 6))
    # On 29 February, against the last day of February a year before.
    assert preset("this_year", date(2028, 2, 29)).previous() == Period(date(2027, 1, 1), date(2027, 2, 28))
    # In January the year so far is also the month so far: the preset says which is meant.
    assert preset("this_year", date(2027, 1, 6)).previous() == Period(date(2026, 1, 1), date(2026, 1, 6))


def test_this_month_compares_with_the_same_days_of_last_month_cut_at_its_end():
    assert preset("this_month", date(2026, 12, 6)).previous() == Period(date(2026, 11, 1), date(2026, 11, 6))
    assert preset("this_month", date(2027, 1, 6)).previous() == Period(date(2026, 12, 1), date(2026, 12, 6))
    # The 30th and the 31st of March against February's 28 days; on the last day of a month
    # (the day not over yet), still the same days of the month before.
    assert preset("this_month", date(2027, 3, 30)).previous() == Period(date(2027, 2, 1), date(2027, 2, 28))
    assert preset("this_month", date(2027, 4, 30)).previous() == Period(date(2027, 3, 1), date(2027, 3, 30))


def test_dates_typed_in_compare_as_their_shape_says():
    today = date(2026, 12, 6)
    # A whole month typed in reads as 上月 does; the 1st to a day of the month as 本月 does.
    assert parse("2026-11-01", "2026-11-30", today=today).previous() == Period(date(2026, 10, 1), date(2026, 10, 31))
    assert parse("2026-12-01", "2026-12-06", today=today).previous() == Period(date(2026, 11, 1), date(2026, 11, 6))
    assert parse("2026-01-01", "2026-12-06", today=today).previous() == Period(date(2025, 1, 1), date(2025, 12, 6))
    # Any other range: as many days, ending the day before.
    assert parse("2026-11-10", "2026-11-19", today=today).previous() == Period(date(2026, 10, 31), date(2026, 11, 9))


def test_the_page_says_which_period_last_month_is_compared_with(client_for, reviewer):
    first_of_this_month = local_today().replace(day=1)
    last_month_end = first_of_this_month - timedelta(days=1)
    month_before_end = last_month_end.replace(day=1) - timedelta(days=1)

    line = period_line(client_for(reviewer).get("/staff/?preset=last_month").content.decode())

    assert f"{last_month_end.replace(day=1):%Y-%m-%d} 至 {last_month_end:%Y-%m-%d}" in line
    assert f"对比 {month_before_end.replace(day=1):%Y-%m-%d} 至 {month_before_end:%Y-%m-%d}" in line


def test_the_api_compares_a_whole_month_with_the_whole_month_before(api_for, reviewer):
    body = api_for(reviewer).get("/api/v1/staff/figures/", {"start": "2025-11-01", "end": "2025-11-30"}).json()
    assert (body["previous_start"], body["previous_end"]) == ("2025-10-01", "2025-10-31")


def test_a_communitys_link_keeps_the_preset_and_its_comparison(client_for, reviewer):
    community = CommunityFactory(name="驿都社区")
    VenueFactory(community=community, lat=30.6, lng=104.1)
    street = client_for(reviewer).get("/staff/?preset=this_year").content.decode()
    assert f'href="?preset=this_year&amp;community={community.pk}"' in street

    # In January too (when the year so far is also the month so far), the community's page
    # compares with the same dates last year, as the street's does.
    one = period_line(client_for(reviewer).get(f"/staff/?preset=this_year&community={community.pk}").content.decode())
    assert f"对比 {local_today().year - 1}-01-01" in one and "驿都社区" in one


# --- 19. a range into the future is cut at today, and says so -----------------------------------


def test_a_range_ending_in_the_future_runs_to_today_and_says_so(client_for, reviewer):
    today = local_today()
    start, end = today - timedelta(days=2), today + timedelta(days=10)

    page = client_for(reviewer).get(f"/staff/?start={start:%Y-%m-%d}&end={end:%Y-%m-%d}")

    html = page.content.decode()
    assert page.context["period"].end == today
    assert f"{start:%Y-%m-%d} 至 {today:%Y-%m-%d}" in period_line(html)
    assert f"数据只统计到今天（{today:%Y-%m-%d}），之后的日期还没有到来。" in html


def test_a_range_starting_after_today_is_refused_in_words(client_for, reviewer, api_for):
    today = local_today()
    start, end = today + timedelta(days=4), today + timedelta(days=14)
    query = {"start": f"{start:%Y-%m-%d}", "end": f"{end:%Y-%m-%d}"}

    page = client_for(reviewer).get("/staff/", query)

    assert "所选时段从今天以后才开始，还没有数据。" in page.content.decode()
    assert page.context["period"] == preset("this_month")  # the figures shown are this month's
    response = api_for(reviewer).get("/api/v1/staff/figures/", query)
    assert response.status_code == 400
    assert response.json()["fields"]["end"] == ["所选时段从今天以后才开始，还没有数据。"]


def test_the_api_cuts_a_future_end_at_today(api_for, reviewer):
    today = local_today()
    body = api_for(reviewer).get("/api/v1/staff/figures/", {"start": f"{today:%Y-%m-01}", "end": "2099-12-31"}).json()
    assert body["end"] == f"{today:%Y-%m-%d}"


# --- 2. every card of today's work opens a list of what it counts -------------------------------


def test_the_new_reports_card_opens_the_list_of_exactly_the_new_reports(client_for, reviewer, rider):
    community = CommunityFactory()
    for status in (Report.Status.SUBMITTED, Report.Status.SUBMITTED, Report.Status.ACCEPTED, Report.Status.IN_PROGRESS):
        Report.objects.create(
            reporter=rider, category="other", description="路灯不亮", address="成龙大道", community=community, status=status
        )
    c = client_for(reviewer)
    html = c.get("/staff/").content.decode()
    card = re.search(r'data-queue="volunteers.new_reports">\s*<a href="([^"]+)">\s*<span[^>]*>(\d+)<', html)
    assert card, "no card of new reports"
    link, count = card.group(1).replace("&amp;", "&"), card.group(2)
    assert (link, count) == ("/staff/reports/?status=submitted", "2")

    listed = c.get(link).content.decode()
    assert '<span class="muted" id="report-count">(2)</span>' in listed
    assert listed.count('data-testid="report-row"') == 2
    # The menu's 治理线索 still counts the new reports.
    assert badge(html, "/staff/reports/") == 2


# --- 3. 兑换积分 is net of refunds; the points of used vouchers have their own name --------------


def test_points_redeemed_leave_out_the_points_given_back(client_for, reviewer, merchant_a):
    venue = VenueFactory(name="王师傅理发店", community=CommunityFactory(name="长柏社区"))
    venue.operators.add(merchant_a)
    haircut = RewardFactory(venue=venue, title="免费快剪", cost=40)
    shave = RewardFactory(venue=venue, title="修面一次", cost=20)
    gao, li = RiderFactory(display_name="高峰"), RiderFactory(display_name="李雷")
    give_points(gao, 200)
    give_points(li, 200)
    used = rewards.reward_redeem(rider=gao, reward=haircut).voucher
    rewards.voucher_confirm(operator=merchant_a, code=used.code)
    for _ in range(3):  # 60 points spent, then given back
        voucher = rewards.reward_redeem(rider=li, reward=shave).voucher
        rewards.voucher_cancel(rider=li, code=voucher.code)

    html = client_for(reviewer).get("/staff/").content.decode()

    # 100 points paid, 60 given back: 40 spent.
    assert figure_cells(html, "points_redeemed")[0] == "40"
    assert "兑换积分（扣除退回）" in html
    assert figure_cells(html, "vouchers_issued")[0] == "4"
    assert figure_cells(html, "vouchers_cancelled")[0] == "3"
    # The partners' table: the points of the voucher used, under its own name.
    partners = html[html.index('data-testid="partners"') :]
    assert "已核销积分" in partners and "兑换积分" not in partners
    row = re.search(r"王师傅理发店</th>(.*?)</tr>", partners).group(1)
    assert re.findall(r"<td[^>]*>([^<]*)</td>", row)[1:] == ["1", "40"]
    # The community's row says the same 40.
    row = re.search(r"长柏社区</a></th>(.*?)</tr>", html, re.S).group(1)
    heads = re.findall(r'<th scope="col">(.*?)</th>', html[html.index('data-testid="by-community"') :])
    cells = re.findall(r'<td class="num">(.*?)</td>', row)
    assert cells[heads.index("净兑换") - 1] == "40"


def test_the_api_keeps_points_redeemed_and_documents_it(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    figures = schema["components"]["schemas"]["Figures"]["properties"]
    assert "points_redeemed" in figures
    assert "net of refunds" in figures["points_redeemed"]["description"]


# --- 6. the reports chart says it shows today's state of the period's reports -----------------


def test_the_reports_chart_is_titled_for_what_it_counts(client_for, reviewer):
    html = client_for(reviewer).get("/staff/").content.decode()
    assert "本期收到的线索（按类别，当前状态）" in html
    assert "线索的状态与类别" not in html


# --- 12. weeks are calendar weeks, labelled by their days ---------------------------------------


def test_last_novembers_weeks_run_monday_to_sunday_and_the_cut_ones_say_so():
    november = Period(date(2026, 11, 1), date(2026, 11, 30))  # a Sunday to a Monday
    assert [week.week_label() for week in november.weeks()] == [
        "11-01（不满一周）",
        "11-02 至 11-08",
        "11-09 至 11-15",
        "11-16 至 11-22",
        "11-23 至 11-29",
        "11-30（不满一周）",
    ]
    december = Period(date(2026, 12, 1), date(2026, 12, 6))
    assert [week.week_label() for week in december.weeks()] == ["12-01 至 12-06（不满一周）"]


# --- 11. waiting times in plain words -------------------------------------------------------------


def test_waiting_times_read_as_people_say_them():
    now = timezone.now()
    assert waited(now - timedelta(days=3, hours=3, minutes=12), now) == "3 天 3 小时"
    assert waited(now - timedelta(days=2, minutes=5), now) == "2 天"
    assert waited(now - timedelta(seconds=20), now) == "不到 1 分钟"
    assert ago(now - timedelta(hours=20, minutes=2), now) == "20 小时前"
    assert ago(now - timedelta(minutes=7), now) == "7 分钟前"
    assert ago(now - timedelta(seconds=5), now) == "刚刚"


def test_the_claims_card_says_how_long_the_oldest_has_waited(client_for, reviewer, rider):
    claim = ClaimFactory(rider=rider)
    Claim.objects.filter(pk=claim.pk).update(created_at=timezone.now() - timedelta(days=3, hours=3, minutes=10))
    html = client_for(reviewer).get("/staff/").content.decode()
    assert "最长等待：3 天 3 小时" in html
    assert "日，" not in html


def test_the_oldest_wait_reads_naturally_whatever_its_age(client_for, reviewer, rider):
    """Staff review: the card read 最早一项已等待 不到 1 分钟, a space before 不到. Every age, from a
    few seconds to days, reads as a label and its value, in Chinese and in English; the rider
    queue's wait (the same helper, ages.waited) reads the same way."""
    claim = ClaimFactory(rider=rider)
    staff = client_for(reviewer)
    for delta, chinese, english in [
        (timedelta(seconds=20), "最长等待：不到 1 分钟", "oldest waiting less than a minute"),
        (timedelta(minutes=3), "最长等待：3 分钟", "oldest waiting 3 minutes"),
        (timedelta(hours=2), "最长等待：2 小时", "oldest waiting 2 hours"),
        (timedelta(days=1), "最长等待：1 天", "oldest waiting 1 day"),
    ]:
        Claim.objects.filter(pk=claim.pk).update(created_at=timezone.now() - delta)
        oldest = re.search(r'dash-oldest">([^<]*)<', staff.get("/staff/").content.decode()).group(1)
        assert oldest == chinese
        oldest = re.search(r'dash-oldest">([^<]*)<', staff.get("/staff/", HTTP_ACCEPT_LANGUAGE="en").content.decode()).group(1)
        assert oldest == english
    RiderFactory(verification=Verification.UNVERIFIED)  # signed up just now, waiting
    queue = staff.get("/staff/riders/").content.decode()
    assert re.search(r'data-testid="waiting-since">([^<（]*)', queue).group(1) == "等待时长：不到 1 分钟"


def test_the_reports_list_says_when_each_came_in(client_for, reviewer, rider):
    old = Report.objects.create(reporter=rider, category="other", description="井盖松动", address="成龙大道")
    Report.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=20, minutes=2))
    Report.objects.create(reporter=rider, category="other", description="路灯不亮", address="成龙大道")
    html = client_for(reviewer).get("/staff/reports/").content.decode()
    assert "20 小时前" in html and "刚刚" in html
    assert "分钟前" not in html


# --- 18. one way of writing numbers -----------------------------------------------------------


def test_every_table_writes_numbers_the_same_way_in_each_language(client_for, reviewer, rider):
    CommunityFactory(name="驿都社区")
    claim = ClaimFactory(rider=rider)
    Claim.objects.filter(pk=claim.pk).update(
        status="approved", points=6825, points_computed=6825, decided_at=timezone.now(), decided_by=reviewer
    )
    c = client_for(reviewer)
    english = c.get("/staff/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert figure_cells(english, "points_earned")[0] == "6,825"
    assert figure_cells(english, "points_earned")[2] == "+6,825"
    per_day = english[english.index('data-chart="points_per_day"') : english.index('data-chart="claims_by_category"')]
    assert '<td class="num">6,825</td>' in per_day
    assert '<td class="num">6825</td>' not in english

    chinese = c.get("/staff/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert figure_cells(chinese, "points_earned")[0] == "6825"
    assert figure_cells(chinese, "points_earned")[2] == "+6825"
    assert "6,825" not in chinese


def test_medians_always_have_one_decimal(client_for, reviewer, street):
    html = client_for(reviewer).get(f"/staff/?start={MARCH.start}&end={MARCH.end}").content.decode()
    # Accepted after 10 and 6 hours: 8; in February 4: a change of 4 (+100%).
    assert figure_cells(html, "median_hours_to_accept") == ["8.0", "4.0", "+4.0 (+100%)"]
    assert figure_cells(html, "median_hours_to_resolve") == ["48.0", "—", "—"]
    communities = html[html.index('data-testid="by-community"') :]
    assert '<td class="num">10.0</td>' in communities and '<td class="num">72.0</td>' in communities
