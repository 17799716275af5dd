"""The export form, from the street admin's month-end review (staffdash #4, #8, #14):

- under the 台账 select, the chosen ledger's description says what it lists and by which date;
  every option carries its own, for the script to show as the choice changes;
- 本月 and 上月 fill in the days; after 导出 the form keeps the ledger, format and days chosen,
  so the next ledger of the month is one change away (never the reason for unmasking);
- the message says what is true: 已生成 when the file was written at once, 正在生成 otherwise;
- the help text of the unmasking choice says staff are always shown in full.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape

import pytest
from django.utils import timezone

from friendlystreet.ledgers.models import Export

pytestmark = pytest.mark.django_db

EXPORTS = "/staff/exports/"
NOVEMBER = {"kind": "vouchers", "format": "csv", "start": "2026-11-01", "end": "2026-11-30"}


def form_html(html: str) -> str:
    start = html.index('<form method="post" id="export-form"')
    return html[start : html.index("</form>", start)]


def selected(html: str, name: str) -> str:
    select = re.search(rf'<select name="{name}".*?</select>', html, flags=re.S).group(0)
    return re.search(r'<option value="([^"]*)"[^>]*selected', select).group(1)


def value_of(html: str, name: str) -> str:
    return re.search(rf'<input type="date" name="{name}" value="([^"]*)"', html).group(1)


def kind_help(html: str) -> str:
    return unescape(re.search(r'<p class="helptext" id="id_kind_helptext">(.*?)</p>', html, flags=re.S).group(1))


def test_each_ledger_says_what_it_lists_and_by_which_date(client_for, reviewer):
    html = client_for(reviewer).get(EXPORTS).content.decode()

    # The first ledger is chosen: its description is under the select.
    assert kind_help(form_html(html)) == (
        "所选日期内（按记账时间）的每一笔积分变动：获得、兑换、退回、过期、调整。"
        "社区为骑手的常住社区，与工作台统计获得积分的口径一致。"
    )
    descriptions = {
        value: unescape(text)
        for value, text in re.findall(r'<option value="([^"]+)"[^>]*data-description="([^"]*)"', form_html(html))
    }
    assert set(descriptions) == {"ledger", "claims", "vouchers", "activities", "reports", "riders", "monthly_summary"}
    assert "按提交时间" in descriptions["claims"]
    assert "发放、使用、取消或过期" in descriptions["vouchers"]
    assert "按开始时间" in descriptions["activities"]
    assert "按上报时间" in descriptions["reports"] and "每条线索一行" in descriptions["reports"]
    assert "截至结束日期已注册的全部骑手" in descriptions["riders"]


def test_after_an_export_the_form_keeps_the_ledger_format_and_days(client_for, street_admin, django_capture_on_commit_callbacks):
    client = client_for(street_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(EXPORTS, {**NOVEMBER, "reason": "rider_request"})

    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    form = form_html(page)
    assert selected(form, "kind") == "vouchers"
    assert selected(form, "format") == "csv"
    assert (value_of(form, "start"), value_of(form, "end")) == ("2026-11-01", "2026-11-30")
    # The chosen ledger's description with it; and unmasking is asked for anew each time.
    assert "发放、使用、取消或过期" in kind_help(form)
    assert selected(form, "reason") == ""


def test_this_month_and_last_month_fill_in_the_days(client_for, reviewer):
    today = timezone.localdate()
    first = today.replace(day=1)
    last_month_end = first - timedelta(days=1)
    client = client_for(reviewer)

    html = client.get(f"{EXPORTS}?kind=reports&format=xlsx").content.decode()

    presets = re.findall(
        r'<a class="button secondary" href="\?([^"]+)" data-start="([^"]+)" data-end="([^"]+)"[^>]*>(.*?)</a>', html
    )
    assert [(label, start, end) for _query, start, end, label in presets] == [
        ("本月", first.isoformat(), today.isoformat()),
        ("上月", last_month_end.replace(day=1).isoformat(), last_month_end.isoformat()),
    ]
    # Without the script a preset is a link: the page comes back with its days and the ledger kept.
    last_month = client.get(f"{EXPORTS}?{unescape(presets[1][0])}").content.decode()
    form = form_html(last_month)
    assert selected(form, "kind") == "reports" and selected(form, "format") == "xlsx"
    assert value_of(form, "start") == last_month_end.replace(day=1).isoformat()
    assert value_of(form, "end") == last_month_end.isoformat()


def test_odd_addresses_leave_the_usual_choices(client_for, reviewer):
    html = client_for(reviewer).get(f"{EXPORTS}?kind=nope&format=pdf&start=2026-13-01&end=1999-01-01").content.decode()

    form = form_html(html)
    assert selected(form, "format") == "xlsx"
    assert value_of(form, "start") == timezone.localdate().replace(day=1).isoformat()


def test_while_the_file_is_being_written_the_message_says_so(client_for, reviewer, django_capture_on_commit_callbacks):
    # With a broker the task runs later: the request returns while the export is queued.
    client = client_for(reviewer)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(EXPORTS, NOVEMBER, follow=True)

    assert Export.objects.get(owner=reviewer).status == Export.Status.QUEUED
    assert "正在生成台账，完成后会显示在下方。" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_when_the_file_was_written_at_once_the_message_says_it_is_ready(client_for):
    from tests.factories import ReviewerFactory

    reviewer = ReviewerFactory(display_name="审核员")
    # No broker: the task runs as the request commits, before the page answers.
    response = client_for(reviewer).post(EXPORTS, NOVEMBER, follow=True)

    page = response.content.decode()
    assert Export.objects.get(owner=reviewer).status == Export.Status.DONE
    assert "台账已生成，请在下方下载。" in page
    assert "正在生成台账" not in page
    assert 'data-testid="export-download"' in page


def test_the_unmasking_choice_says_staff_are_always_shown_in_full(client_for, street_admin):
    html = client_for(street_admin).get(EXPORTS).content.decode()

    help_text = unescape(re.search(r'<p class="helptext" id="id_reason_helptext">(.*?)</p>', html, flags=re.S).group(1))
    assert help_text == (
        "适用于所有列出骑手的台账。街道工作人员和合作商户（审核人、核销人、处理人等）始终完整显示。"
        "完整显示骑手信息会连同原因记入操作记录。"
    )
    assert "其他台账中的操作人、审核人、核销人、处理人也按此显示" not in html


def test_the_month_presets_follow_the_calendar(client_for, reviewer, monkeypatch):
    # On 2026-03-31 last month is all of February, 28 days.
    from datetime import datetime
    from zoneinfo import ZoneInfo

    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 3, 31, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai")))

    html = client_for(reviewer).get(EXPORTS).content.decode()

    dates = re.findall(r'data-start="([^"]+)" data-end="([^"]+)"', html)
    assert dates == [("2026-03-01", "2026-03-31"), ("2026-02-01", "2026-02-28")]
    assert date(2026, 3, 1).isoformat() == value_of(form_html(html), "start")
