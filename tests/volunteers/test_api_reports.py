"""The neighbourhood reports API: a rider reports with a pin and photos and follows their own
reports; "is this the same problem?" within 200 m without the reporter; me-too once and never on
one's own; staff triage and move reports (409 invalid_transition) — the same services as the
pages, so the rules are tested there and here the answers: exact shapes, every refusal code,
refusals that change nothing, bad input as 400 with fields, and pinned query counts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from friendlystreet.accounts.models import Verification
from points.models import Claim
from tests.factories import RiderFactory
from tests.venues.factories import CommunityFactory, jpeg_bytes
from venues.selectors import METRES_PER_DEGREE
from volunteers.models import GridAppointment, MeToo, Report, ReportCategory, ReportPhoto, ReportUpdate
from volunteers.reports.services import report_post_update

pytestmark = pytest.mark.django_db

S = Report.Status
LIST = "/api/v1/reports/"
NEARBY = "/api/v1/reports/nearby/"
HERE = (30.6578, 104.0812)  # 成龙路

# A signed-in API call loads the user, and has_perm() their permissions (in one query).
AUTH = 2


def when(value) -> str:
    return timezone.localtime(value).isoformat()


def category(code: str) -> dict:
    with translation.override("zh-hans"):
        return {"code": code, "name": str(ReportCategory(code).label)}


def north(metres: float) -> tuple[float, float]:
    return (HERE[0] + metres / METRES_PER_DEGREE, HERE[1])


def a_report(reporter, status=S.SUBMITTED, *, age: timedelta | None = None, **fields) -> Report:
    """A report as the rider's form leaves it (its first update is the submission), put in
    `status` as if staff had moved it there; `age` backdates it."""
    values = {"category": "sanitation", "description": "消防通道旁堆满了装修垃圾", "address": "成龙路168号"} | fields
    report = Report.objects.create(reporter=reporter, status=status, **values)
    ReportUpdate.objects.create(report=report, status=S.SUBMITTED, author=reporter)
    if age is not None:
        Report.objects.filter(pk=report.pk).update(created_at=timezone.now() - age)
        report.refresh_from_db()
    return report


def photo(name: str = "p.jpg", data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data if data is not None else jpeg_bytes(), content_type="image/jpeg")


def report_data(**changes) -> dict:
    return {"category": "fire_lane", "description": "电动车堵住了消防通道", "lat": HERE[0], "lng": HERE[1]} | changes


def url(report: Report, action: str = "") -> str:
    return f"/api/v1/reports/{report.pk}/" + (f"{action}/" if action else "")


def photo_url(picture: ReportPhoto) -> str:
    return f"http://testserver/api/v1/reports/{picture.report_id}/photos/{picture.pk}/"


# --- reporting ----------------------------------------------------------------------------------


def test_a_rider_reports_with_a_pin_and_a_photo_and_gets_the_report_back(api_for, rider):
    community = CommunityFactory(name="龙华社区")
    data = report_data(address="成龙路168号", community=community.pk, photos=[photo()])

    response = api_for(rider).post(LIST, data, format="multipart")

    assert response.status_code == 201
    report = Report.objects.get()
    picture = ReportPhoto.objects.get()
    update = report.updates.get()
    assert response.json() == {
        "id": report.pk,
        "category": category("fire_lane"),
        "description": "电动车堵住了消防通道",
        "lat": HERE[0],
        "lng": HERE[1],
        "address": "成龙路168号",
        "community": {"id": community.pk, "name": "龙华社区"},
        "venue": None,
        "status": "submitted",
        "duplicate_of": None,
        "me_too_count": 0,
        "photos": [photo_url(picture)],
        "updates": [{"status": "submitted", "progress": False, "note": "", "created_at": when(update.created_at)}],
        "created_at": when(report.created_at),
        "responded_at": None,
        "resolved_at": None,
        "overdue": None,  # staff only
        "reporter": None,  # staff only: the reporter knows who they are
    }
    assert (report.reporter, report.community, picture.content_type) == (rider, community, "image/jpeg")
    assert len(picture.token) == 32  # the column's length, which PostgreSQL enforces


def test_a_report_may_give_an_address_instead_of_a_pin(api_for, rider):
    response = api_for(rider).post(LIST, {"category": "sanitation", "description": "垃圾堆了三天", "address": "望平街12号"})

    assert response.status_code == 201
    assert (response.json()["lat"], response.json()["address"]) == (None, "望平街12号")


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"lat": "北纬30度"}, "lat"),
        ({"lat": "NaN"}, "lat"),
        ({"lat": 91}, "lat"),
        ({"lng": -181}, "lng"),
        ({"lng": ""}, "lat"),  # a pin without its longitude
        ({"lat": "", "lng": ""}, "address"),  # neither a pin nor an address
        ({"category": "graffiti"}, "category"),
        ({"description": "   "}, "description"),
        ({"description": "x" * 2001}, "description"),
        ({"community": "9223372036854775808"}, "community"),
        ({"community": "99999"}, "community"),
        ({"photos": [photo(f"{n}.jpg") for n in range(4)]}, "photos"),
        ({"photos": [photo("notes.jpg", b"%PDF-1.4 not an image")]}, "photos"),
    ],
    ids=lambda v: v if isinstance(v, str) else ",".join(v),
)
def test_bad_input_is_a_400_naming_the_field_and_reports_nothing(api_for, rider, changes, field):
    response = api_for(rider).post(LIST, report_data(**changes), format="multipart")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert list(body["fields"]) == [field]
    assert not Report.objects.exists() and not ReportPhoto.objects.exists()


def test_a_json_body_without_photos_is_accepted_and_a_photo_in_it_is_refused(api_for, rider):
    assert api_for(rider).post(LIST, report_data(), format="json").status_code == 201
    refused = api_for(rider).post(LIST, report_data(photos=["data:image/jpeg;base64,AAAA"]), format="json")
    assert refused.status_code == 400 and list(refused.json()["fields"]) == ["photos"]
    assert Report.objects.count() == 1


def test_an_unverified_rider_is_refused_and_nothing_is_reported(api_for):
    newcomer = RiderFactory(verification=Verification.UNVERIFIED)

    response = api_for(newcomer).post(LIST, report_data(), format="multipart")

    assert response.status_code == 409
    assert response.json()["code"] == "not_verified"
    assert not Report.objects.exists()


def test_only_riders_report(api_for, reviewer, merchant_a):
    assert api_for(None).post(LIST, report_data()).status_code == 401
    assert api_for(reviewer).post(LIST, report_data()).status_code == 403
    assert api_for(merchant_a).post(LIST, report_data()).status_code == 403
    assert not Report.objects.exists()


# --- the rider's own reports --------------------------------------------------------------------


def test_a_rider_lists_their_own_reports_newest_first_and_never_anothers(api_for, rider, other_rider):
    older = a_report(rider, age=timedelta(days=2))
    newer = a_report(rider, S.ACCEPTED)
    a_report(other_rider)

    body = api_for(rider).get(LIST).json()

    assert body["count"] == 2
    assert [r["id"] for r in body["results"]] == [newer.pk, older.pk]
    assert all(r["reporter"] is None and r["overdue"] is None for r in body["results"])
    detail = api_for(rider).get(url(newer)).json()
    assert body["results"][0] == detail


def test_a_riders_filters_are_checked_and_ignored(api_for, rider):
    mine = a_report(rider, S.RESOLVED)

    assert [r["id"] for r in api_for(rider).get(LIST, {"status": "submitted"}).json()["results"]] == [mine.pk]
    refused = api_for(rider).get(LIST, {"status": "lost"})
    assert refused.status_code == 400 and list(refused.json()["fields"]) == ["status"]


def test_the_riders_list_runs_a_fixed_number_of_queries(api_for, rider, django_assert_num_queries):
    for _ in range(3):
        report = a_report(rider, lat=HERE[0], lng=HERE[1])
        ReportPhoto.objects.create(report=report, image="reports/x.jpg", content_type="image/jpeg")
        MeToo.objects.create(report=report, rider=RiderFactory())
    client = api_for(rider)

    # The count, the page, its photos, its updates.
    with django_assert_num_queries(AUTH + 4):
        body = client.get(LIST).json()
    assert body["count"] == 3 and all(len(r["photos"]) == 1 and r["me_too_count"] == 1 for r in body["results"])


def test_the_reporter_sees_each_update_with_its_note(api_for, rider, reviewer):
    report = a_report(rider)
    api_for(reviewer).post(url(report, "transition"), {"status": "accepted", "note": "已转交社区处理"})
    api_for(reviewer).post(url(report, "transition"), {"status": "in_progress", "note": ""})
    report_post_update(actor=reviewer, report=report, note="施工队周三进场")

    body = api_for(rider).get(url(report)).json()

    assert body["status"] == "in_progress"
    assert [(u["status"], u["progress"], u["note"]) for u in body["updates"]] == [
        ("submitted", False, ""),
        ("accepted", False, "已转交社区处理"),
        ("in_progress", False, ""),
        ("in_progress", True, "施工队周三进场"),  # 进展: a note in the same state, as on the pages
    ]
    assert body["responded_at"] is not None and body["reporter"] is None


def test_anothers_report_is_404_to_a_rider_and_to_a_partner(api_for, rider, other_rider, merchant_a):
    report = a_report(other_rider)

    for user in (rider, merchant_a):
        response = api_for(user).get(url(report))
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
    assert api_for(merchant_a).get(LIST).json()["code"] == "rider_only"  # a partner operator reports nothing
    assert api_for(None).get(url(report)).status_code == 401


# --- staff: the triage list ----------------------------------------------------------------------


def test_staff_see_every_open_report_with_the_masked_reporter_overdue_then_more_me_toos_first(
    api_for, reviewer, rider, other_rider
):
    old = a_report(rider, age=timedelta(hours=50))
    popular = a_report(other_rider)
    quiet = a_report(other_rider)
    for _ in range(2):
        MeToo.objects.create(report=popular, rider=RiderFactory())
    a_report(rider, S.RESOLVED)

    body = api_for(reviewer).get(LIST).json()

    # The staff page's order (selectors.triage): overdue first, then more me-toos, then the oldest.
    assert [r["id"] for r in body["results"]] == [old.pk, popular.pk, quiet.pk]
    first, second, _third = body["results"]
    assert (first["overdue"], first["reporter"]["masked_name"]) == (True, rider.masked_name)
    assert second["reporter"] == {"id": other_rider.pk, "masked_name": other_rider.masked_name}
    assert (second["me_too_count"], second["overdue"]) == (2, False)
    assert rider.display_name not in str(body)  # masked: 张*, never 张小骑


def test_staff_filter_by_status_category_community_overdue_and_micro_grid_members(api_for, street_admin, rider, other_rider):
    east = CommunityFactory(name="东社区")
    fresh = a_report(rider, category="dispute", community=east)
    late = a_report(other_rider, age=timedelta(hours=49))
    done = a_report(rider, S.RESOLVED)
    GridAppointment.objects.create(rider=other_rider, area="成龙路北段", appointed_on=date(2025, 1, 1), certificate_number="WG-1")
    client = api_for(street_admin)

    def ids(**query) -> set[int]:
        response = client.get(LIST, query)
        assert response.status_code == 200, response.json()
        return {r["id"] for r in response.json()["results"]}

    assert ids() == {fresh.pk, late.pk}
    assert ids(status="resolved") == {done.pk}
    assert ids(category="dispute") == {fresh.pk}
    assert ids(community=east.pk) == {fresh.pk}
    assert ids(overdue="true") == {late.pk}
    assert ids(grid="1") == {late.pk}


@pytest.mark.parametrize(
    "query, field",
    [
        ({"status": "open"}, "status"),
        ({"category": "x"}, "category"),
        ({"community": "east"}, "community"),
        ({"community": "9223372036854775808"}, "community"),
        ({"overdue": "perhaps"}, "overdue"),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_a_bad_filter_is_a_400_naming_it(api_for, reviewer, query, field):
    response = api_for(reviewer).get(LIST, query)

    assert response.status_code == 400
    assert list(response.json()["fields"]) == [field]


def test_the_triage_list_runs_a_fixed_number_of_queries(api_for, reviewer, django_assert_num_queries):
    for _ in range(4):
        report = a_report(RiderFactory(), community=CommunityFactory())
        ReportPhoto.objects.create(report=report, image="reports/x.jpg", content_type="image/jpeg")
    client = api_for(reviewer)

    # The count, the page (reporter, community and assignee joined), its photos, its updates.
    with django_assert_num_queries(AUTH + 4):
        body = client.get(LIST).json()
    assert body["count"] == 4 and all(r["reporter"] and r["community"] for r in body["results"])


# --- "is this the same problem?" --------------------------------------------------------------


def test_nearby_finds_open_reports_of_the_category_within_200_m_without_the_reporter(api_for, rider, other_rider):
    near = a_report(other_rider, category="fire_lane", lat=north(150)[0], lng=HERE[1], description="x" * 100)
    nearer = a_report(rider, S.ACCEPTED, category="fire_lane", lat=north(20)[0], lng=HERE[1])
    MeToo.objects.create(report=near, rider=RiderFactory())
    a_report(other_rider, category="fire_lane", lat=north(250)[0], lng=HERE[1])  # beyond 200 m
    a_report(other_rider, category="sanitation", lat=HERE[0], lng=HERE[1])  # another category
    a_report(other_rider, S.RESOLVED, category="fire_lane", lat=HERE[0], lng=HERE[1])  # closed
    a_report(other_rider, category="fire_lane")  # an address, no pin

    response = api_for(rider).get(NEARBY, {"lat": HERE[0], "lng": HERE[1], "category": "fire_lane"})

    assert response.status_code == 200
    assert response.json() == [
        {
            "id": nearer.pk,
            "category": category("fire_lane"),
            "excerpt": "消防通道旁堆满了装修垃圾",
            "status": "accepted",
            "distance_m": 20,
            "me_too_count": 0,
            "created_at": when(nearer.created_at),
            "mine": True,
        },
        {
            "id": near.pk,
            "category": category("fire_lane"),
            "excerpt": "x" * 40 + "…",
            "status": "submitted",
            "distance_m": 150,
            "me_too_count": 1,
            "created_at": when(near.created_at),
            "mine": False,
        },
    ]
    assert other_rider.display_name not in response.content.decode()
    assert other_rider.masked_name not in response.content.decode()


@pytest.mark.parametrize(
    "query, fields",
    [
        ({"lat": HERE[0], "category": "fire_lane"}, ["lng"]),
        ({"lat": "三十", "lng": HERE[1], "category": "fire_lane"}, ["lat"]),
        ({"lat": 95, "lng": 190, "category": "fire_lane"}, ["lat", "lng"]),
        ({"lat": HERE[0], "lng": HERE[1]}, ["category"]),
        ({"lat": HERE[0], "lng": HERE[1], "category": "noise"}, ["category"]),
    ],
    ids=["no lng", "not a number", "off the Earth", "no category", "unknown category"],
)
def test_nearby_refuses_bad_input_with_a_400(api_for, rider, query, fields):
    response = api_for(rider).get(NEARBY, query)

    assert response.status_code == 400
    assert sorted(response.json()["fields"]) == fields


def test_nearby_is_for_those_who_report(api_for, reviewer):
    query = {"lat": HERE[0], "lng": HERE[1], "category": "fire_lane"}
    assert api_for(None).get(NEARBY, query).status_code == 401
    assert api_for(reviewer).get(NEARBY, query).status_code == 403


# --- me too -------------------------------------------------------------------------------------


def test_another_rider_says_me_too_once(api_for, rider, other_rider):
    report = a_report(other_rider, lat=HERE[0], lng=HERE[1])  # open, pinned: nearby shows it

    first = api_for(rider).post(url(report, "me-too"))
    again = api_for(rider).post(url(report, "me-too"))

    assert first.status_code == 201
    assert first.json() == {"id": report.pk, "me_too_count": 1}
    assert (again.status_code, again.json()["code"]) == (409, "already_me_too")
    assert MeToo.objects.filter(report=report).count() == 1


def test_me_too_is_refused_on_ones_own_report_and_on_a_closed_one(api_for, rider, other_rider):
    own = a_report(rider)
    # Closed since the rider said "me too" on it: they follow it in their list, so they know of it
    # (a closed report they never saw is 404: test_reports_me_too_only_what_riders_see.py).
    closed = a_report(other_rider, lat=HERE[0], lng=HERE[1])
    assert api_for(rider).post(url(closed, "me-too")).status_code == 201
    Report.objects.filter(pk=closed.pk).update(status=S.REJECTED)

    for report, code in ((own, "own_report"), (closed, "report_closed")):
        response = api_for(rider).post(url(report, "me-too"))
        assert (response.status_code, response.json()["code"]) == (409, code)
    assert list(MeToo.objects.values_list("report_id", flat=True)) == [closed.pk]


def test_an_unverified_rider_cannot_move_a_report_up_with_me_too(api_for, client_for, other_rider):
    report = a_report(other_rider, lat=HERE[0], lng=HERE[1])
    newcomer = RiderFactory(verification=Verification.UNVERIFIED)

    response = api_for(newcomer).post(url(report, "me-too"))
    page = client_for(newcomer).post(reverse("volunteers:report_me_too", args=[report.pk]), follow=True)

    assert (response.status_code, response.json()["code"]) == (409, "not_verified")
    assert "您的账号尚未通过街道办认证，暂时不能上报线索。请在“我的资料”中完成认证。" in page.content.decode()
    assert not MeToo.objects.exists()


def test_me_too_needs_a_rider_and_a_report(api_for, rider, reviewer, other_rider):
    report = a_report(other_rider)
    assert api_for(None).post(url(report, "me-too")).status_code == 401
    assert api_for(reviewer).post(url(report, "me-too")).status_code == 403
    assert api_for(rider).post("/api/v1/reports/999999/me-too/").status_code == 404
    assert not MeToo.objects.exists()


# --- staff: transitions -------------------------------------------------------------------------


def test_staff_accept_a_report_which_pays_the_reporter_once(api_for, reviewer, rider):
    report = a_report(rider)

    response = api_for(reviewer).post(url(report, "transition"), {"status": "accepted", "note": "已派单"}, format="json")

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["overdue"], body["reporter"]["id"]) == ("accepted", False, rider.pk)
    assert [(u["status"], u["note"]) for u in body["updates"]] == [("submitted", ""), ("accepted", "已派单")]
    assert Claim.objects.filter(rider=rider, source_ref=f"report-{report.pk}").count() == 1


def test_a_move_the_state_machine_forbids_is_409_and_changes_nothing(api_for, reviewer, rider):
    report = a_report(rider, S.RESOLVED)

    response = api_for(reviewer).post(url(report, "transition"), {"status": "accepted"}, format="json")

    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"
    report.refresh_from_db()
    assert report.status == S.RESOLVED and report.updates.count() == 1
    assert not Claim.objects.exists()


def test_a_duplicate_names_its_original(api_for, reviewer, rider, other_rider):
    original = a_report(other_rider)
    report = a_report(rider)

    response = api_for(reviewer).post(
        url(report, "transition"), {"status": "duplicate", "duplicate_of": original.pk}, format="json"
    )

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["duplicate_of"]) == ("duplicate", original.pk)


@pytest.mark.parametrize(
    "data, field",
    [
        ({"status": "rejected", "note": ""}, "note"),  # the reporter must read why
        ({"status": "duplicate"}, "duplicate_of"),
        ({"status": "duplicate", "duplicate_of": 999999}, "duplicate_of"),
        ({"status": "duplicate", "duplicate_of": 2**63}, "duplicate_of"),
        ({"status": "closed"}, "status"),
        ({"status": "accepted", "note": "x" * 2001}, "note"),
        ({"status": "accepted", "note": "a\x00b"}, "note"),
    ],
    ids=["rejected without note", "duplicate of nothing", "duplicate of none", "huge id", "unknown", "long", "nul"],
)
def test_bad_transitions_are_400_naming_the_field_and_change_nothing(api_for, reviewer, rider, data, field):
    report = a_report(rider)

    response = api_for(reviewer).post(url(report, "transition"), data, format="json")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == [field]
    report.refresh_from_db()
    assert report.status == S.SUBMITTED and report.updates.count() == 1


def test_transitions_are_for_staff(api_for, rider, other_rider, reviewer):
    report = a_report(other_rider)
    move = {"status": "accepted"}

    assert api_for(None).post(url(report, "transition"), move).status_code == 401
    assert api_for(rider).post(url(report, "transition"), move).status_code == 403
    assert api_for(reviewer).post("/api/v1/reports/999999/transition/", move).status_code == 404
    report.refresh_from_db()
    assert report.status == S.SUBMITTED
