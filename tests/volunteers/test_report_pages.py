"""A rider reports a neighbourhood problem from the street: with a photo and a pin, or only an
address; sees first whether it is already reported within 200 m and says "me too" instead;
follows their reports. Nobody else sees them; the public map shows what was resolved, never
who reported it nor what they wrote."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.points.factories import image_bytes
from tests.venues.factories import CommunityFactory
from volunteers.models import MeToo, Report
from volunteers.reports.services import report_submit, report_transition

pytestmark = pytest.mark.django_db

HERE = (30.6080, 104.1260)
METRES_PER_DEGREE_LAT = 111_195  # on a sphere of 6371 km, as the venues' distance
NEW = reverse("volunteers:report_new")
NEARBY = reverse("volunteers:report_nearby")


def north_of(point: tuple[float, float], metres: float) -> tuple[float, float]:
    return (point[0] + metres / METRES_PER_DEGREE_LAT, point[1])


def jpeg(name: str = "IMG_0001.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes("JPEG"), content_type="image/jpeg")


def a_report(rider, *, at=HERE, category="sanitation", **kwargs) -> Report:
    return report_submit(rider=rider, category=category, description="路口垃圾堆了三天", lat=at[0], lng=at[1], **kwargs).report


def form_value(html: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', html)
    return match.group(1) if match else ""


# --- filing a report ------------------------------------------------------------------------------


def test_rider_files_a_report_with_a_photo_and_a_pin(rider, client_for):
    community = CommunityFactory(name="锦华社区")
    client = client_for(rider)
    assert client.get(NEW).status_code == 200

    response = client.post(
        NEW,
        {
            "category": "fire_lane",
            "description": "消防通道被三辆电动车堵住",
            "lat": "30.608123",
            "lng": "104.126456",
            "address": "",
            "community": community.pk,
            "photos": [jpeg()],
        },
    )

    report = Report.objects.get(reporter=rider)
    assert response.status_code == 302
    assert response["Location"] == reverse("volunteers:report_detail", args=[report.pk])
    assert (report.category, report.status, report.community) == ("fire_lane", "submitted", community)
    assert (report.lat, report.lng) == (30.608123, 104.126456)
    photo = report.photos.get()
    page = client.get(response["Location"]).content.decode()
    assert "消防通道被三辆电动车堵住" in page
    assert reverse("volunteers:report_photo", args=[photo.pk]) in page
    assert 'data-pin-lat="30.608123"' in page
    assert 'data-status="submitted"' in page  # the first dated update: the submission

    served = client.get(reverse("volunteers:report_photo", args=[photo.pk]))
    assert served.status_code == 200
    assert served["Content-Type"] == "image/jpeg"
    assert served["Cache-Control"].startswith("private")
    assert served.content[:3] == b"\xff\xd8\xff"


def test_rider_files_a_report_with_an_address_only(rider, client_for):
    response = client_for(rider).post(
        NEW, {"category": "public_facility", "description": "路灯不亮", "address": "龙湖小区2号门旁", "lat": "", "lng": ""}
    )

    report = Report.objects.get(reporter=rider)
    assert response.status_code == 302
    assert (report.lat, report.lng, report.address, report.community) == (None, None, "龙湖小区2号门旁", None)
    assert not report.photos.exists()


def test_an_error_keeps_what_was_typed_and_asks_for_the_photos_again(rider, client_for):
    community = CommunityFactory(name="锦华社区")
    # Neither a pin nor an address: the service refuses, the page comes back with everything.
    response = client_for(rider).post(
        NEW,
        {
            "category": "traffic_parking",
            "description": "路口车辆乱停，骑手无法通行",
            "lat": "",
            "lng": "",
            "address": "",
            "community": community.pk,
            "photos": [jpeg()],
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert not Report.objects.exists()
    assert 'class="errorlist' in html
    assert ">路口车辆乱停，骑手无法通行</textarea>" in html
    assert re.search(r'value="traffic_parking" checked', html)
    assert re.search(rf'<option value="{community.pk}" selected>', html)
    assert 'class="rp-photos-lost"' in html  # "choose them again"


def test_a_form_error_keeps_the_pin(rider, client_for):
    response = client_for(rider).post(NEW, {"category": "other", "description": "", "lat": "30.61", "lng": "104.12"})

    html = response.content.decode()
    assert response.status_code == 200
    assert not Report.objects.exists()
    assert (form_value(html, "lat"), form_value(html, "lng")) == ("30.61", "104.12")
    assert 'class="rp-photos-lost"' not in html  # no photos were chosen


def test_a_refusal_of_the_service_is_a_message_and_keeps_the_text(rider, client_for, settings):
    # Twenty reports a day are plenty; the twenty-first is refused (TooManyReports).
    for _ in range(20):
        a_report(rider)
    response = client_for(rider).post(NEW, {"category": "other", "description": "第二十一条", "address": "成龙路"})

    html = response.content.decode()
    assert response.status_code == 200
    assert Report.objects.filter(reporter=rider).count() == 20
    assert 'class="msg error"' in html
    assert ">第二十一条</textarea>" in html


def test_an_unverified_rider_is_told_why_instead_of_a_form(rider, client_for):
    rider.verification = "pending"
    rider.save()
    client = client_for(rider)

    assert 'id="not-verified"' in client.get(NEW).content.decode()
    client.post(NEW, {"category": "other", "description": "x", "address": "成龙路"})
    assert not Report.objects.exists()


def test_a_rider_waiting_for_verification_is_shown_the_way_to_send_the_screenshot(rider, client_for):
    rider.verification = "pending"
    rider.save()

    html = client_for(rider).get(NEW).content.decode()

    assert 'href="/profile/evidence/" id="evidence-link"' in html


# --- "is this the same problem?" and "me too" -----------------------------------------------------


def test_nearby_finds_open_reports_of_the_category_within_200_m_and_not_beyond(rider, other_rider, client_for):
    near = a_report(other_rider, at=north_of(HERE, 150))
    far = a_report(other_rider, at=north_of(HERE, 300))
    other_kind = a_report(other_rider, at=north_of(HERE, 150), category="dispute")
    closed = a_report(other_rider, at=north_of(HERE, 100))
    Report.objects.filter(pk=closed.pk).update(status=Report.Status.RESOLVED)

    response = client_for(rider).get(NEARBY, {"category": "sanitation", "lat": HERE[0], "lng": HERE[1]})

    html = response.content.decode()
    ids = [int(i) for i in re.findall(r'data-testid="nearby" data-id="(\d+)"', html)]
    assert response.status_code == 200
    assert ids == [near.pk]
    assert far.pk not in ids and other_kind.pk not in ids and closed.pk not in ids
    assert re.search(r"(?<!\d)150(?!\d)", html)  # the distance in metres
    assert reverse("volunteers:report_me_too", args=[near.pk]) in html
    assert other_rider.display_name not in html


def test_nearby_says_the_distance_as_the_venue_list_does(rider, other_rider, client_for):
    a_report(other_rider, at=north_of(HERE, 147))

    html = (
        client_for(rider)
        .get(NEARBY, {"category": "sanitation", "lat": HERE[0], "lng": HERE[1]}, HTTP_ACCEPT_LANGUAGE="zh-hans")
        .content.decode()
    )

    assert "150米外" in html and "147" not in html


def test_nearby_with_nothing_close_is_empty_and_bad_input_is_refused(rider, client_for):
    client = client_for(rider)
    empty = client.get(NEARBY, {"category": "sanitation", "lat": HERE[0], "lng": HERE[1]})
    assert empty.status_code == 200
    assert 'data-testid="nearby"' not in empty.content.decode()
    for bad in ({"category": "arson", "lat": 30.6, "lng": 104.1}, {"category": "other", "lat": "nan", "lng": 104.1}, {}):
        assert client.get(NEARBY, bad).status_code == 400


def test_nearby_offers_no_me_too_on_ones_own_report(rider, client_for):
    mine = a_report(rider, at=north_of(HERE, 50))

    html = client_for(rider).get(NEARBY, {"category": "sanitation", "lat": HERE[0], "lng": HERE[1]}).content.decode()

    assert f'data-id="{mine.pk}"' in html
    assert reverse("volunteers:report_me_too", args=[mine.pk]) not in html


def test_me_too_counts_once_per_rider(rider, other_rider, client_for):
    report = a_report(other_rider)
    client = client_for(rider)
    url = reverse("volunteers:report_me_too", args=[report.pk])

    first = client.post(url)
    second = client.post(url)

    assert first.status_code == second.status_code == 302
    assert MeToo.objects.filter(report=report).count() == 1
    # The nearby list now says so instead of offering the button again.
    html = client.get(NEARBY, {"category": "sanitation", "lat": HERE[0], "lng": HERE[1]}).content.decode()
    assert url not in html


def test_me_too_from_the_form_answers_in_place(rider, other_rider, client_for):
    report = a_report(other_rider)
    client = client_for(rider)
    url = reverse("volunteers:report_me_too", args=[report.pk])

    ok = client.post(url, headers={"X-Requested-With": "fetch"})
    again = client.post(url, headers={"X-Requested-With": "fetch"})

    assert ok.status_code == 200 and 'class="status ok"' in ok.content.decode()
    assert again.status_code == 409 and "rp-me-too-refused" in again.content.decode()
    assert MeToo.objects.filter(report=report).count() == 1


def test_me_too_is_never_on_ones_own_report(rider, client_for):
    report = a_report(rider)

    response = client_for(rider).post(reverse("volunteers:report_me_too", args=[report.pk]), follow=True)

    assert not MeToo.objects.exists()
    assert 'class="msg error"' in response.content.decode()


# --- who sees a report -------------------------------------------------------------------------------


def test_another_rider_gets_404_on_someone_elses_report_and_photo(rider, other_rider, merchant_a, client_for):
    report = a_report(rider, photos=[jpeg()])
    photo = report.photos.get()
    for outsider in (other_rider, merchant_a):
        client = client_for(outsider)
        assert client.get(reverse("volunteers:report_detail", args=[report.pk])).status_code == 404
        assert client.get(reverse("volunteers:report_photo", args=[photo.pk])).status_code == 404
    assert client_for(rider).get(reverse("volunteers:report_photo", args=[photo.pk])).status_code == 200


def test_triage_staff_see_the_report_and_its_photo(rider, reviewer, client_for):
    report = a_report(rider, photos=[jpeg()])
    client = client_for(reviewer)

    page = client.get(reverse("volunteers:report_detail", args=[report.pk]))

    assert page.status_code == 200
    assert rider.display_name in page.content.decode()  # staff see who reported
    assert client.get(reverse("volunteers:report_photo", args=[report.photos.get().pk])).status_code == 200


def test_the_rider_sees_the_dated_update_and_its_note(rider, reviewer, client_for):
    report = a_report(rider)
    report_transition(actor=reviewer, report=report, status=Report.Status.ACCEPTED, note="已派城管队员今天下午清理")

    html = client_for(rider).get(reverse("volunteers:report_detail", args=[report.pk])).content.decode()

    assert 'data-status="accepted"' in html
    assert "已派城管队员今天下午清理" in html
    assert reviewer.display_name not in html  # the reporter sees the street office, not who
    assert reverse("points:passbook") in html


def test_the_list_shows_only_the_riders_own_reports_with_their_state(rider, other_rider, reviewer, client_for):
    mine = a_report(rider)
    theirs = a_report(other_rider)
    report_transition(actor=reviewer, report=mine, status=Report.Status.REJECTED, note="不属于本街道")

    html = client_for(rider).get(reverse("volunteers:report_list")).content.decode()

    assert f'data-id="{mine.pk}"' in html
    assert f'data-id="{theirs.pk}"' not in html
    assert 'class="status rejected"' in html


# --- the public map --------------------------------------------------------------------------------


def test_the_public_map_never_shows_the_reporter_nor_the_description(rider, reviewer, client):
    report = report_submit(
        rider=rider, category="public_facility", description="井盖松动，张小骑差点摔倒", lat=30.608456, lng=104.126789
    ).report
    report_transition(actor=reviewer, report=report, status=Report.Status.ACCEPTED)
    report_transition(actor=reviewer, report=report, status=Report.Status.RESOLVED, note="已更换井盖")
    open_one = a_report(rider, at=(30.7, 104.2))

    response = client.get(reverse("volunteers:report_map"))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('data-testid="resolved"') == 1
    assert '"lat": 30.608, "lng": 104.127' in html  # on the map, rounded to about 100 m
    assert "30.608456" not in html and "104.126789" not in html
    for secret in (rider.display_name, rider.phone, rider.phone[3:], rider.username, "井盖松动", "已更换井盖"):
        assert secret not in html
    assert reverse("volunteers:report_detail", args=[report.pk]) not in html
    assert str(open_one.lat) not in html


# --- queries -----------------------------------------------------------------------------------------


def test_the_list_takes_a_fixed_number_of_queries(rider, other_rider, client_for, django_assert_num_queries):
    community = CommunityFactory(name="锦华社区")
    for _ in range(3):
        report = a_report(rider, community=community)
        MeToo.objects.create(report=report, rider=other_rider)
    client = client_for(rider)
    client.get(reverse("volunteers:report_list"))  # warm the session and the navigation
    # the user (sessions are cached), their permissions, the count, the unread notices in the
    # top bar, the page of reports with their communities and me-too counts, the reports the
    # rider said "me too" on (with their final answers)
    with django_assert_num_queries(6):
        response = client.get(reverse("volunteers:report_list"))
    assert response.content.decode().count('data-testid="report"') == 3


def test_the_report_page_takes_a_fixed_number_of_queries(rider, reviewer, client_for, django_assert_num_queries):
    report = a_report(rider, photos=[jpeg("a.jpg"), jpeg("b.jpg")], community=CommunityFactory(name="锦华社区"))
    report_transition(actor=reviewer, report=report, status=Report.Status.ACCEPTED, note="受理")
    client = client_for(rider)
    client.get(reverse("volunteers:report_detail", args=[report.pk]))
    # the user (sessions are cached), their permissions, the report with its community and
    # me-too count, its photos, its updates, the unread notices in the top bar
    with django_assert_num_queries(6):
        response = client.get(reverse("volunteers:report_detail", args=[report.pk]))
    assert response.content.decode().count('data-testid="update"') == 2


def resolve(report, reviewer):
    report_transition(actor=reviewer, report=report, status=Report.Status.ACCEPTED)
    return report_transition(actor=reviewer, report=report, status=Report.Status.RESOLVED, note="已处理")


def test_the_public_map_shows_a_year_of_resolved_problems(rider, reviewer, client):
    from datetime import timedelta

    from django.utils import timezone

    old = resolve(a_report(rider, at=(30.61, 104.11)), reviewer)
    resolve(a_report(rider, at=(30.62, 104.12)), reviewer)
    Report.objects.filter(pk=old.pk).update(resolved_at=timezone.now() - timedelta(days=400))
    report_transition(actor=reviewer, report=a_report(rider), status=Report.Status.ACCEPTED)  # a change: the map is built again

    html = client.get(reverse("volunteers:report_map")).content.decode()

    assert html.count('data-testid="resolved"') == 1
    assert '"lat": 30.62, "lng": 104.12' in html and '"lat": 30.61,' not in html


def test_the_public_map_is_built_once_and_again_as_soon_as_a_problem_is_resolved(
    rider, reviewer, client, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    resolve(a_report(rider, at=(30.61, 104.11)), reviewer)
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("volunteers:report_map"))
    with CaptureQueriesContext(connection) as again:
        html = client.get(reverse("volunteers:report_map")).content.decode()
    assert html.count('data-testid="resolved"') == 1
    assert not [q for q in again.captured_queries if "volunteers_report" in q["sql"]]
    assert [q for q in first.captured_queries if "volunteers_report" in q["sql"]]

    resolve(a_report(rider, at=(30.62, 104.12)), reviewer)
    assert client.get(reverse("volunteers:report_map")).content.decode().count('data-testid="resolved"') == 2


def test_the_public_maps_table_comes_in_pages_of_fifty_and_the_map_has_every_pin(rider, reviewer, client):
    import json

    from tests.factories import RiderFactory

    for i in range(51):  # a rider reports a few problems a day at most: 51 riders
        resolve(a_report(RiderFactory(), at=(30.6 + i / 1000, 104.1)), reviewer)

    first = client.get(reverse("volunteers:report_map")).content.decode()
    second = client.get(reverse("volunteers:report_map"), {"page": 2}).content.decode()

    assert first.count('data-testid="resolved"') == 50 and second.count('data-testid="resolved"') == 1
    markers = re.search(r'<script id="resolved-markers" type="application/json">(.*?)</script>', first).group(1)
    assert len(json.loads(markers)) == 51


def test_the_public_table_names_the_community_not_coordinates(rider, reviewer, client):
    """Residents read 锦华社区, not 30.615, 104.115 (the map shows the place)."""
    resolve(a_report(rider, at=(30.6151, 104.1152), community=CommunityFactory(name="锦华社区")), reviewer)
    resolve(a_report(rider, at=(30.62, 104.12)), reviewer)  # the reporter was not sure

    rows = re.findall(r'<tr data-testid="resolved">(.*?)</tr>', client.get(reverse("volunteers:report_map")).content.decode())

    assert len(rows) == 2
    assert any("<td>锦华社区</td>" in row for row in rows) and any("<td>—</td>" in row for row in rows)
    assert not any("30.6" in row for row in rows)


def test_a_reporter_whose_report_waited_too_long_reads_that_it_is_overdue(rider, client_for, reviewer):
    waiting = a_report(rider)
    client = client_for(rider)
    fresh = client.get(f"/reports/{waiting.pk}/").content.decode()
    assert "街道争取在 48 小时内答复。每次进展都会通知您。" in fresh and 'id="report-overdue"' not in fresh

    Report.objects.filter(pk=waiting.pk).update(created_at=waiting.created_at - timedelta(hours=49))
    late = client.get(f"/reports/{waiting.pk}/").content.decode()
    notice = re.search(r'<p class="notice" id="report-overdue">(.*?)</p>', late, re.S).group(1)
    assert notice == "街道争取在 48 小时内答复，您的上报已等待更久，在街道办的列表中已标为超时。每次进展都会通知您。"
    assert "街道争取在 48 小时内答复。每次进展" not in late

    report_transition(actor=reviewer, report=waiting, status="accepted")  # answered: no longer overdue
    assert 'id="report-overdue"' not in client.get(f"/reports/{waiting.pk}/").content.decode()
