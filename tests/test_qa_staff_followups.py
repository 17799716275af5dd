"""Follow-ups of a QA pass on the staff pages: the micro-grid rule's code is locked like the
other payouts'; the audit trail says 新建 for a creation, names the objects its entries are
about and the records a claim was made from; the reward form refuses 0 points in the browser
too; hours read 28, not 28.0, on the dashboard and in the exports; the staff menu says what
its count is and which section a sub-page is in."""

from __future__ import annotations

import importlib
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from friendlystreet.audit.services import audit_record
from points import services
from points.models import Category, Rule
from points.rewards import services as reward_services
from tests.exports.conftest import local, read_rows
from tests.factories import RiderFactory
from tests.points.factories import ClaimFactory, RuleFactory
from tests.points.rewards.factories import RewardFactory
from tests.venues.factories import CommunityFactory, TipFactory, VenueFactory
from tests.volunteers.factories import ActivityFactory, SignupFactory
from volunteers.models import Signup

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]
AUDIT = "/staff/audit/"


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- 1. the codes the system pays by ------------------------------------------------------------

# How a payout finds its rule: Rule.objects.filter(code=X ...) or rule_by_code(X), X a constant.
PAYOUT_LOOKUP = re.compile(r"(?:Rule\.objects\.filter\(code=|(?<!def )rule_by_code\()([A-Za-z_][A-Za-z0-9_.]*)")


def payout_codes() -> dict[str, str]:
    """{code: where} for every rule code the application code (not demos, tests or migrations)
    looks a rule up by, each constant resolved by importing it."""
    found = {}
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).parts
        if {".venv", "tests", "migrations", "bench"} & set(parts) or path.name == "demo.py":
            continue
        for name in PAYOUT_LOOKUP.findall(path.read_text(encoding="utf-8")):
            if name.startswith("Rule."):
                code = getattr(Rule, name.removeprefix("Rule."))
            else:
                module = importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts))
                code = getattr(module, name)
            found[code] = str(path.relative_to(ROOT))
    return found


def test_every_code_a_payout_finds_its_rule_by_is_a_system_code():
    from volunteers.reports.selectors import GRID_RULE

    codes = payout_codes()
    assert GRID_RULE in codes  # the scan finds the micro-grid members' payout
    assert {code: where for code, where in codes.items() if code not in Rule.SYSTEM_CODES} == {}
    assert GRID_RULE == Rule.REPORT_ACCEPTED_GRID


def test_the_grid_rules_code_is_read_only_on_its_form(client_for, street_admin):
    """规则 4 微网格员治理线索被采纳: volunteers pay micro-grid members by its code."""
    rule = Rule.objects.filter(code="report_accepted_grid").first() or RuleFactory(
        code="report_accepted_grid", name="微网格员治理线索被采纳", rider_claimable=False
    )
    staff = client_for(street_admin)
    page = staff.get(f"/staff/rules/{rule.pk}/").content.decode()
    code_input = re.search(r"<input[^>]*name=\"code\"[^>]*>", page).group(0)
    assert "disabled" in code_input
    assert "系统按此代码发放积分（活动、线索、贴士），不能修改。" in page

    fields = {f: getattr(rule, f) for f in services.RULE_FIELDS}
    fields = {k: ("" if v is None else ("on" if v is True else v)) for k, v in fields.items() if v is not False}
    fields["category"] = rule.category_id
    staff.post(f"/staff/rules/{rule.pk}/", {**fields, "code": "renamed"})
    rule.refresh_from_db()
    assert rule.code == "report_accepted_grid"


# --- 2. the audit trail -------------------------------------------------------------------------


def test_creating_a_category_a_reward_or_a_rule_reads_新建_not_修改(client_for, street_admin):
    staff = client_for(street_admin)
    assert staff.post("/staff/categories/new/", {"name": "夜间互助", "code": "", "order": "90"}).status_code == 302
    category = Category.objects.get(name="夜间互助")
    services.category_save(actor=street_admin, category=category, data={"name": "夜间互助队", "code": category.code, "order": 90})
    venue = VenueFactory(name="理发店")
    reward_services.reward_save(
        actor=street_admin, data={"venue": venue, "title": "免费快剪", "cost": 80, "stock": 10, "valid_days": 30}
    )

    rule_form = {"category": category.pk, "name": "夜间护送", "points": "12", "unit": "occurrence", "evidence": "none"}
    assert staff.post("/staff/rules/new/", rule_form).status_code == 302

    body = staff.get(AUDIT).content.decode()
    text = text_of(body)
    assert "新建类别" in text and "修改类别" in text and "新建奖品" in text and "新建积分规则" in text
    assert "修改奖品" not in text and "修改积分规则" not in text  # the reward and the rule were only created
    actions = re.findall(r'data-action="([^"]+)"', body)
    assert actions[:4] == ["points.rule_created", "points.reward_created", "points.category_saved", "points.category_created"]
    # The action filter names them too.
    assert '<option value="points.category_created">新建类别</option>' in body
    assert '<option value="points.reward_created">新建奖品</option>' in body


def test_each_entry_names_its_object_one_query_per_model(client_for, street_admin):
    def entries(n: int):
        for i in range(n):
            audit_record(actor=street_admin, action="volunteers.activity_updated", target=ActivityFactory(title=f"清洁{i}"))
            audit_record(actor=street_admin, action="venues.venue.update", target=VenueFactory(name=f"驿站{i}"))
            audit_record(actor=street_admin, action="points.reward_published", target=RewardFactory(title=f"快剪{i}"))
            audit_record(
                actor=street_admin, action="venues.tip.approve", target=TipFactory(text=f"东门可进{i}", author=RiderFactory())
            )

    staff = client_for(street_admin)
    entries(1)
    staff.get(AUDIT)  # warm up
    with CaptureQueriesContext(connection) as few:
        staff.get(AUDIT)
    entries(5)
    with CaptureQueriesContext(connection) as many:
        response = staff.get(AUDIT)
    assert len(many.captured_queries) == len(few.captured_queries)
    for table in ("volunteers_activity", "venues_venue", "points_reward", "venues_tip"):
        assert sum(f'FROM "{table}"' in q["sql"] for q in many.captured_queries) == 1, table

    text = text_of(response.content.decode())
    activity, venue, reward, tip = (ActivityFactory._meta.model.objects.get(title="清洁4"), None, None, None)
    assert f"活动 清洁4（#{activity.pk}）" in text
    venue = VenueFactory._meta.model.objects.get(name="驿站4")
    assert f"阵地 驿站4（#{venue.pk}）" in text
    reward = RewardFactory._meta.model.objects.get(title="快剪4")
    assert f"奖品 快剪4（#{reward.pk}）" in text
    tip = TipFactory._meta.model.objects.get(text="东门可进4")
    assert f"小区贴士 东门可进4（#{tip.pk}）" in text


def test_a_claim_made_from_a_sign_up_or_a_tip_names_its_record_in_words(client_for, street_admin, rider):
    rule = RuleFactory(points=10, rider_claimable=False)
    now = timezone.now()
    services.claim_create_from_source(
        rider=rider, rule=rule, source="activity", source_ref="signup-46", occurred_at=now, approve=False
    )
    services.claim_create_from_source(rider=rider, rule=rule, source="tip", source_ref="10", occurred_at=now, approve=False)

    body = client_for(street_admin).get(AUDIT, {"action": "points.claim_created"}).content.decode()
    text = text_of(body)
    assert "生成积分申请（活动、线索或贴士）" in text  # 贴士, the site's word, not 提示
    assert "关联记录 报名 #46" in text and "关联记录 小区贴士 #10" in text
    assert "signup-46" not in text


# --- 3. the reward form's cost ------------------------------------------------------------------


def test_the_reward_forms_cost_asks_at_least_1_in_the_browser(client_for, street_admin):
    from tests.points.test_staff_admin_review import as_posted, errors_of

    staff = client_for(street_admin)
    for url in ("/staff/rewards/new/", f"/staff/rewards/{RewardFactory(cost=50).pk}/"):
        page = staff.get(url).content.decode()
        cost_input = re.search(r'<input[^>]*name="cost"[^>]*>', page).group(0)
        assert 'min="1"' in cost_input, cost_input

    # A browser without the check (or a crafted post) still hears it from the server.
    url = f"/staff/rewards/{RewardFactory(cost=50).pk}/"
    response = staff.post(url, as_posted(staff.get(url), cost=0))
    assert errors_of(response, "cost") == ["所需积分至少为 1。"]


# --- 4. hours ------------------------------------------------------------------------------------


MARCH_2025 = {"start": date(2025, 3, 1), "end": date(2025, 3, 31)}  # a month gone by: its activities were held


def two_hours_volunteered_in_march(rider):
    community = CommunityFactory(name="东社区")
    start = local(2025, 3, 15, 9, 0)
    activity = ActivityFactory(
        venue=VenueFactory(community=community),
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        signup_deadline=start - timedelta(hours=1),
    )
    SignupFactory(activity=activity, rider=rider, attendance=Signup.Attendance.ATTENDED, checked_in_at=start)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_monthly_summary_writes_hours_without_a_trailing_0(fmt, rider, street_admin, django_capture_on_commit_callbacks):
    from friendlystreet.ledgers.services import export_request

    two_hours_volunteered_in_march(rider)
    with django_capture_on_commit_callbacks(execute=True):
        export = export_request(owner=street_admin, kind="monthly_summary", fmt=fmt, language="zh-hans", **MARCH_2025)
    export.refresh_from_db()
    rows = read_rows(export)
    header = next(i for i, row in enumerate(rows) if row[0] == "社区")
    hours = rows[header].index("志愿服务时长（小时）")  # each figure has its previous period and 环比 beside it
    # The table's rows (in the XLSX the notes under it are one cell each).
    shown = {row[0]: row[hours] for row in rows[header + 1 :] if len(row) > hours}
    if fmt == "csv":
        assert shown["东社区"] == "2" and shown["未归属社区"] == "0" and shown["全街道合计"] == "2", shown
    else:
        assert shown["东社区"] == 2 and shown["全街道合计"] == 2, shown


def test_the_dashboards_community_table_writes_hours_alike(client_for, street_admin, rider):
    from friendlystreet.dashboard.registry import FIGURE_KEYS

    two_hours_volunteered_in_march(rider)
    html = client_for(street_admin).get("/staff/?start=2025-03-01&end=2025-03-31").content.decode()
    table = html[html.index('data-testid="by-community"') : html.index("</table>", html.index('data-testid="by-community"'))]
    hours = FIGURE_KEYS.index("volunteer_hours")
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table, flags=re.S)[1:]
    shown = [re.findall(r'<td class="num">([^<]*)</td>', row)[hours] for row in rows]
    assert shown == ["2", "0", "2"], shown  # 东社区, no community, the street; not 2.0 beside 0


def test_one_helper_writes_numbers():
    from decimal import Decimal

    from friendlystreet.dashboard.numbers import plain_number

    assert [plain_number(v) for v in (28.0, 1.5, 0.0, 0, Decimal("8.0"), Decimal("1.50"), 30.6035, None, True)] == [
        28,
        1.5,
        0,
        0,
        8,
        Decimal("1.5"),
        30.6035,  # a coordinate in an export keeps its digits
        None,
        True,
    ]


# --- 5. the staff menu --------------------------------------------------------------------------


def test_the_closed_menu_shows_one_count_called_待办(client_for, reviewer, rider):
    for _ in range(3):
        ClaimFactory(rider=rider)
    staff = client_for(reviewer)
    staff.get("/staff/")  # records the counts
    html = staff.get("/staff/riders/").content.decode()
    start = html.index('data-testid="staff-menu-summary"')
    summary = html[start : html.index("</summary>", start)]
    assert re.findall(r'data-testid="menu-badge">([^<]*)<', summary) == ["待办 3"]
    # The open menu says which queue it is.
    assert re.search(
        r'href="/staff/claims/">[^<]*<span class="visually-hidden">待审核的积分申请</span>'
        r'<span class="badge nav-badge" data-testid="nav-badge" title="待审核的积分申请">3<',
        html,
    )


def test_a_sub_page_marks_its_section_in_the_menu(client_for, street_admin):
    html = client_for(street_admin).get("/staff/venues/import/").content.decode()
    assert re.search(r'<a aria-current="true" href="/staff/venues/"><b>阵地</b></a>', html)
    assert 'data-testid="staff-menu-where">阵地<' in html
    menu = html[html.index('class="staff-menu-links"') : html.index("</details>", html.index('class="staff-menu-links"'))]
    assert menu.count("aria-current=") == 1


def test_the_menu_and_the_export_page_call_it_by_one_name(client_for, street_admin):
    html = client_for(street_admin).get("/staff/exports/").content.decode()
    assert re.search(r'<a aria-current="page" href="/staff/exports/">导出台账</a>', html)
    assert re.search(r"<h1>\s*导出台账\s*</h1>", html)
    assert "台账导出" not in html


def test_a_vouchers_entry_names_its_reward_not_the_code_a_rider_pays_with(client_for, street_admin, rider):
    from tests.points.rewards.factories import give_points, issue

    give_points(rider, 100)
    voucher = issue(rider, RewardFactory(title="免费快剪", cost=50))

    body = client_for(street_admin).get(AUDIT, {"action": "points.voucher_issued"}).content.decode()
    assert f"兑换券 免费快剪（#{voucher.pk}）" in text_of(body)
    assert voucher.code not in body
