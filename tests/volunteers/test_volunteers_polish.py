"""Leftovers of the reviews of activities, reports and the staff's ledgers, each told as its user
meets it:

- the reports ledger (治理线索台账) names the venue a "wrong venue information" report is about
  (阵地), as the staff's report page does;
- the activities API says what attending pays (参加可得 10 积分, or per hour), from the same
  function the pages use, and declares it in the schema;
- a bulk "duplicates of #n" on the staff's list first says which reports close as duplicates
  of which original, and what their reporters read; nothing is written until staff confirm;
- the report form says how large a photo may be (8.0 MB, the limit the server applies) and
  which kinds it takes, on the ordinary form and on a venue's.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from django.contrib.messages import constants as message_levels
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from friendlystreet.audit.models import AuditEntry
from friendlystreet.ledgers.models import Export
from friendlystreet.notifications.models import Notification
from points.models import Rule
from points.selectors import balance_of
from tests.factories import RiderFactory
from tests.points.factories import RuleFactory, image_bytes
from tests.venues.factories import CommunityFactory, VenueFactory
from tests.volunteers.factories import ActivityFactory, attendance_rule
from volunteers.models import Report, ReportUpdate

pytestmark = pytest.mark.django_db

S = Report.Status
LIST = reverse("volunteers:staff_report_list")
BULK = reverse("volunteers:staff_report_bulk_duplicate")
NEW = reverse("volunteers:report_new")


def a_report(reporter, status=S.SUBMITTED, **fields) -> Report:
    """A report as the rider's form leaves it (its first update is the submission), then put in
    `status` as if staff had moved it there."""
    values = {"category": "safety_hazard", "description": "成龙大道井盖破损，电动车经过会颠起来", "address": "成龙大道二段"}
    report = Report.objects.create(reporter=reporter, status=status, **(values | fields))
    ReportUpdate.objects.create(report=report, status=S.SUBMITTED, author=reporter)
    return report


def messages_of(response) -> list[tuple[int, str]]:
    return [(m.level, str(m)) for m in get_messages(response.wsgi_request)]


# --- the reports ledger names the venue -------------------------------------------------------


def test_the_reports_ledger_names_the_venue_a_report_is_about(client_for, reviewer, rider, django_capture_on_commit_callbacks):
    station = VenueFactory(name="成龙路暖新驿站", address="成龙大道二段88号", community=CommunityFactory(name="成龙社区"))
    about_venue = a_report(rider, category="venue_info", description="写着 8 点开门，9 点半还锁着", venue=station)
    manhole = a_report(rider)
    client = client_for(reviewer)
    today = timezone.localdate()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/staff/exports/", {"kind": "reports", "format": "csv", "start": today, "end": today})
    assert response.status_code == 302
    export = Export.objects.filter(owner=reviewer).latest("id")
    assert export.status == Export.Status.DONE, export.error
    file = client.get(f"/staff/exports/{export.pk}/download/")
    rows = list(csv.DictReader(io.StringIO(b"".join(file.streaming_content).decode("utf-8-sig"))))

    venues = {int(row["线索编号"]): row["阵地"] for row in rows}
    assert venues == {about_venue.pk: "成龙路暖新驿站", manhole.pk: ""}
    # Beside the address it was reported at.
    header = list(rows[0])
    assert header.index("阵地") == header.index("地址") + 1


# --- the activities API says what attending pays ----------------------------------------------


def test_the_activities_api_says_what_attending_pays_as_the_page_does(api_for, client_for, rider):
    hourly = RuleFactory(name="志愿服务时长", points=10, unit=Rule.Unit.HOUR, rider_claimable=False)
    once = ActivityFactory(title="消防通道巡查")  # the attendance rule: 10 points, once
    start = timezone.now() + timedelta(days=2)
    cleanup = ActivityFactory(title="街道清洁", rule=hourly, starts_at=start, ends_at=start + timedelta(hours=1, minutes=30))

    listed = {a["id"]: a["points_offer"] for a in api_for(rider).get("/api/v1/activities/").json()["results"]}

    assert listed[once.pk] == {"points": 10, "per_hour": None, "text": "参加可得 10 积分"}
    assert listed[cleanup.pk] == {"points": 15, "per_hour": 10, "text": "每小时 10 积分，本次约 15 积分"}
    for activity in (once, cleanup):
        # The detail says the same, and so does the activity's page.
        assert api_for(rider).get(f"/api/v1/activities/{activity.pk}/").json()["points_offer"] == listed[activity.pk]
        page = client_for(rider).get(reverse("volunteers:activity_detail", args=[activity.pk])).content.decode()
        assert listed[activity.pk]["text"] in page
    # In English for a caller who asks for it.
    english = api_for(None).get(f"/api/v1/activities/{cleanup.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["points_offer"]["text"] == "10 points an hour, about 15 points this time"


def test_an_activity_whose_rule_is_switched_off_promises_nothing(api_for, client_for, rider):
    activity = ActivityFactory()
    Rule.objects.filter(pk=attendance_rule().pk).update(active=False)

    assert api_for(rider).get(f"/api/v1/activities/{activity.pk}/").json()["points_offer"] is None
    page = client_for(rider).get(reverse("volunteers:activity_detail", args=[activity.pk])).content.decode()
    assert 'data-testid="points-offer"' not in page


def test_the_schema_declares_what_attending_pays(client):
    schemas = client.get("/api/schema/?format=json").json()["components"]["schemas"]

    field = schemas["ActivityOutput"]["properties"]["points_offer"]
    assert field["nullable"] is True and "points_offer" in schemas["ActivityOutput"]["required"]
    assert field["allOf"] == [{"$ref": "#/components/schemas/ActivityPointsOffer"}]
    offer = schemas["ActivityPointsOffer"]
    assert set(offer["properties"]) == {"points", "per_hour", "text"}
    assert offer["properties"]["per_hour"]["nullable"] is True


# --- bulk duplicates: first what will happen, then staff confirm ------------------------------


def nothing_written(*reports: Report) -> bool:
    for report in reports:
        before = report.status
        report.refresh_from_db()
        if report.status != before or report.duplicate_of_id is not None:
            return False
    return (
        not ReportUpdate.objects.filter(status=S.DUPLICATE).exists()
        and not Notification.objects.exists()
        and not AuditEntry.objects.filter(action="volunteers.report_duplicate").exists()
    )


def test_staff_see_which_reports_close_as_duplicates_of_which_before_anything_is_written(staff, rider, other_rider):
    original = a_report(rider)
    first = a_report(other_rider, description="理发店旁边的井盖是活动的，踩上去会响")
    second = a_report(RiderFactory(display_name="王二"), S.ACCEPTED, category="public_facility")
    data = {"ids": [first.pk, second.pk, original.pk], "duplicate_of": original.pk, "next": f"{LIST}?category=safety_hazard"}

    response = staff.post(BULK, data)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="bulk-duplicate-confirm"' in html
    assert "这些是同一个问题吗？" in html
    assert f"2 条线索将标记为与线索 #{original.pk} 重复。" in html
    closing = response.context["rows"]
    assert [row["report"].pk for row in closing] == [first.pk, second.pk]
    assert [row["other_category"] for row in closing] == [False, True]  # 公共设施, not 安全隐患: said plainly
    assert html.count('data-testid="other-category"') == 1
    # The original itself was ticked too: it stays as it is.
    assert f"线索 #{original.pk} 就是原线索，保持不变。" in html
    # What the reporters read when staff wrote nothing: the default note.
    assert "您没有填写说明" in html and f"已经有人上报（第{original.pk}号线索）" in html
    assert f"确认，将 2 条线索标记为与 #{original.pk} 重复" in html
    assert f'<input type="hidden" name="confirmed_original" value="{original.pk}">' in html
    assert nothing_written(original, first, second)

    confirmed = staff.post(BULK, {**data, "confirmed_original": original.pk})

    assert confirmed.status_code == 302 and confirmed["Location"] == data["next"]
    assert messages_of(confirmed) == [(message_levels.SUCCESS, f"已将 2 条线索标记为 #{original.pk} 的重复。")]
    for report in (first, second):
        report.refresh_from_db()
        assert (report.status, report.duplicate_of_id) == (S.DUPLICATE, original.pk)
    original.refresh_from_db()
    assert original.status == S.SUBMITTED
    assert Notification.objects.filter(kind="volunteers_report_updated").count() == 2


def test_an_original_that_is_itself_a_duplicate_is_followed_and_said(staff, rider, other_rider):
    first_report = a_report(rider)
    repeat = a_report(other_rider, S.DUPLICATE, duplicate_of=None)
    Report.objects.filter(pk=repeat.pk).update(duplicate_of=first_report)
    third = a_report(RiderFactory())
    data = {"ids": [third.pk], "duplicate_of": repeat.pk}

    response = staff.post(BULK, data)

    html = response.content.decode()
    assert f"线索 #{repeat.pk} 本身是线索 #{first_report.pk} 的重复" in html
    assert response.context["original"] == first_report
    # Confirming the number typed, not the original shown, asks again and writes nothing.
    again = staff.post(BULK, {**data, "confirmed_original": repeat.pk})
    assert again.status_code == 200 and 'data-testid="bulk-duplicate-confirm"' in again.content.decode()
    assert nothing_written(third)

    staff.post(BULK, {**data, "confirmed_original": first_report.pk})
    third.refresh_from_db()
    assert third.duplicate_of_id == first_report.pk


def test_a_report_closed_meanwhile_leaves_every_report_as_it_was(staff, reviewer, rider, other_rider):
    original = a_report(rider)
    first, second = a_report(other_rider), a_report(other_rider)
    data = {"ids": [first.pk, second.pk], "duplicate_of": original.pk, "confirmed_original": original.pk}
    assert staff.post(BULK, {**data, "confirmed_original": ""}).status_code == 200
    # While the page was open, another member of staff rejected the second one.
    Report.objects.filter(pk=second.pk).update(status=S.REJECTED)

    response = staff.post(BULK, data)

    assert response.status_code == 302
    (level, text), *_ = messages_of(response)
    assert level == message_levels.ERROR
    assert f"线索 #{second.pk} 已是“不予受理”，不能再标记为重复。" in text and "未做任何更改" in text
    first.refresh_from_db()
    assert (first.status, first.duplicate_of_id) == (S.SUBMITTED, None)
    assert not Notification.objects.exists()


def test_a_closed_report_is_refused_before_staff_are_asked(staff, rider, other_rider):
    original = a_report(rider)
    open_one, resolved = a_report(other_rider), a_report(other_rider, S.RESOLVED)

    response = staff.post(BULK, {"ids": [open_one.pk, resolved.pk], "duplicate_of": original.pk})

    assert response.status_code == 302
    assert messages_of(response)[0][0] == message_levels.ERROR
    assert f"线索 #{resolved.pk} 已是“已办结”" in messages_of(response)[0][1]
    assert nothing_written(open_one)


def test_only_the_original_selected_is_refused(staff, rider):
    original = a_report(rider)

    response = staff.post(BULK, {"ids": [original.pk], "duplicate_of": original.pk})

    assert response.status_code == 302
    assert messages_of(response)[0] == (message_levels.ERROR, "线索不能与自己重复。未做任何更改。")
    assert nothing_written(original)


def test_the_list_says_that_the_bulk_action_is_shown_before_it_is_saved(staff, rider):
    a_report(rider)

    html = staff.get(LIST).content.decode()

    assert "保存前会先列出这些线索和原线索供您核对。" in html


# --- the photo limits on the report form ------------------------------------------------------


@pytest.mark.parametrize("venue", [False, True], ids=["ordinary", "venue"])
def test_the_report_form_says_how_large_a_photo_may_be(client_for, rider, venue):
    url = f"{NEW}?venue={VenueFactory().pk}" if venue else NEW

    html = client_for(rider).get(url).content.decode()

    assert "最多 3 张照片（JPEG、PNG 或 WebP），每张不超过 8.0\xa0MB。照片中的位置信息会被删除。" in html
    # The browser's check (static/js/uploads.js, one for every photo input) reads the same
    # limits and the server's own words, from the photo input itself.
    photos = re.search(r'<input type="file" name="photos"[^>]*>', html).group()
    assert f'data-max-bytes="{8 * 1024 * 1024}"' in photos
    assert 'data-too-large="文件过大（最大 8.0\xa0MB）。"' in photos
    assert 'data-max-files="3"' in photos
    assert 'data-too-many="最多上传 3 张照片。"' in photos
    assert "js/uploads.js" in html


def test_the_size_the_form_says_is_the_size_the_server_refuses(client_for, rider, settings):
    settings.UPLOAD_IMAGE_MAX_BYTES = 4096
    client = client_for(rider)
    assert "每张不超过 4.0\xa0KB" in client.get(NEW).content.decode()

    big = SimpleUploadedFile("big.png", image_bytes("PNG", size=(400, 400), color=(10, 200, 30)) + b"\0" * 5000)
    response = client.post(
        NEW, {"category": "sanitation", "description": "垃圾堆了三天", "address": "成龙路1号", "photos": [big]}
    )

    assert response.status_code == 200
    assert "文件过大（最大 4.0\xa0KB）。" in response.content.decode()
    assert not Report.objects.exists()


# --- the reporter's notice in their own language ----------------------------------------------


def test_staff_working_in_chinese_tell_an_english_speaking_reporter_the_new_state_in_english(staff, client_for, rider):
    client_for(rider).post("/notifications/language/", {"language": "en", "next": "/home/"})
    report = a_report(rider)

    response = staff.post(
        reverse("volunteers:staff_report_transition", args=[report.pk]), {"status": "rejected", "note": "不属于街道职责"}
    )

    assert response.status_code == 302
    told = Notification.objects.get(recipient=rider, kind="volunteers_report_updated")
    assert told.title == f"Your report #{report.pk}: Rejected"  # not 不予受理, the staff page's language


# --- one event, one notice ----------------------------------------------------------------------


@pytest.fixture
def acceptance_rule(db):
    rule = Rule.objects.filter(code=Rule.REPORT_ACCEPTED).first()
    Rule.objects.filter(pk=rule.pk).update(points=20, active=True, max_per_day=None, max_per_month=None)
    rule.refresh_from_db()
    return rule


def test_an_accepted_report_is_one_notice_that_names_the_points(staff, rider, acceptance_rule):
    report = a_report(rider)

    staff.post(reverse("volunteers:staff_report_transition", args=[report.pk]), {"status": "accepted", "note": "已转交社区"})

    (told,) = Notification.objects.filter(recipient=rider)
    assert told.kind == "volunteers_report_updated"
    assert told.title == f"您上报的第{report.pk}号线索：已受理，获得 20 积分"
    assert told.body == "已转交社区"
    assert balance_of(rider) == 20


def test_an_acceptance_that_pays_nothing_says_only_the_state(staff, rider, acceptance_rule):
    Rule.objects.filter(pk=acceptance_rule.pk).update(active=False)
    report = a_report(rider)

    staff.post(reverse("volunteers:staff_report_transition", args=[report.pk]), {"status": "accepted", "note": ""})

    (told,) = Notification.objects.filter(recipient=rider)
    assert told.title == f"您上报的第{report.pk}号线索：已受理"
