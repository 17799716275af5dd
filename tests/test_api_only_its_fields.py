"""Staff's API calls that change an object refuse a field they do not read, naming it and what
may be sent, and save nothing. They dropped it in silence and answered 200 (or 201) with the
object as it was: an app that sent back a field as the answer names it (`stock_left`,
`plaque`, `cancel_reason`) or a detail the API does not change (a report's `community`) took
the change as saved. The rider's own claim keeps ignoring what it does not read
(tests/points/test_claim_submission.py): a new claim is pending whatever is sent."""

from __future__ import annotations

import pytest

from friendlystreet.notifications.models import Notification
from points.models import Reward
from tests.factories import RiderFactory
from tests.points.rewards.factories import RewardFactory
from tests.venues.factories import VenueFactory
from tests.venues.test_venue_api_write import body as venue_body
from tests.volunteers.factories import ActivityFactory
from tests.volunteers.test_api_reports import a_report
from tests.volunteers.test_staff_activities import form_data as activity_body
from venues.models import Venue
from volunteers import services as volunteer_services
from volunteers.models import Activity, Report

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}

REWARD_FIELDS = (
    "venue, title, title_en, description, cost, stock, per_rider_monthly_limit, valid_days, available_from, available_to, active"
)
VENUE_FIELDS = (
    "name, name_en, kind, community, address, lat, lng, phone, description, amenities, services, hours, hours_note, "
    "plaque_number, plaque_date, partner_since, active"
)
ACTIVITY_FIELDS = (
    "title, title_en, description, category, venue, place, lat, lng, starts_at, ends_at, capacity, signup_deadline, "
    "rule, team_only, state"
)


def patch_a_reward(api):
    reward = RewardFactory(title="免费快剪一次", stock=None)
    response = api.patch(f"/api/v1/rewards/{reward.pk}/", {"title": "免费快剪", "stock_left": 5}, format="json", **ZH)
    reward.refresh_from_db()
    return response, (reward.title, reward.stock) == ("免费快剪一次", None)


def add_a_reward(api):
    venue = VenueFactory()
    sent = {"venue": venue.pk, "title": "免费快剪", "cost": 80, "stock_left": 5}
    response = api.post("/api/v1/rewards/", sent, format="json", **ZH)
    return response, not Reward.objects.exists()


def patch_a_venue(api):
    venue = VenueFactory(phone="028-85551234")
    sent = {"phone": "13900000009", "plaque": {"number": "CLL-NX-2024-009"}}
    response = api.patch(f"/api/v1/venues/{venue.pk}/update/", sent, format="json", **ZH)
    venue.refresh_from_db()
    return response, (venue.phone, venue.plaque_number) == ("028-85551234", "")


def add_a_venue(api):
    response = api.post(
        "/api/v1/venues/create/", venue_body(amenities=[], plaque={"number": "CLL-NX-2024-009"}), format="json", **ZH
    )
    return response, not Venue.objects.filter(name="暖新驿站").exists()


def patch_an_activity(api):
    activity = ActivityFactory(title="周末清洁")
    sent = {"title": "周末大扫除", "cancel_reason": "暴雨预警"}
    response = api.patch(f"/api/v1/activities/{activity.pk}/", sent, format="json", **ZH)
    activity.refresh_from_db()
    return response, activity.title == "周末清洁"


def add_an_activity(api):
    response = api.post("/api/v1/activities/", activity_body(venue=None, lat=None, lng=None, places_left=8), format="json", **ZH)
    return response, not Activity.objects.filter(title="春熙路文明劝导").exists()


def cancel_an_activity(api):
    # The answer names the reason `cancel_reason`; sent so, the riders were told without it.
    activity = ActivityFactory(title="周末清洁")
    rider = RiderFactory()
    volunteer_services.signup_create(rider=rider, activity=activity)
    told = Notification.objects.filter(recipient=rider).count()
    response = api.post(f"/api/v1/activities/{activity.pk}/cancel/", {"cancel_reason": "暴雨预警"}, format="json", **ZH)
    activity.refresh_from_db()
    return response, activity.state == Activity.State.PUBLISHED and Notification.objects.filter(recipient=rider).count() == told


def move_a_report(api):
    report = a_report(RiderFactory())
    sent = {"status": "accepted", "community": "驿都社区"}
    response = api.post(f"/api/v1/reports/{report.pk}/transition/", sent, format="json", **ZH)
    report.refresh_from_db()
    return response, (report.status, report.community_id) == (Report.Status.SUBMITTED, None)


@pytest.mark.parametrize(
    "send, staff, refused, message",
    [
        (patch_a_reward, "street_admin", "stock_left", f"工作人员只能设置奖品的这些信息：{REWARD_FIELDS}。"),
        (add_a_reward, "street_admin", "stock_left", f"工作人员只能设置奖品的这些信息：{REWARD_FIELDS}。"),
        (patch_a_venue, "street_admin", "plaque", f"工作人员只能设置阵地的这些信息：{VENUE_FIELDS}。"),
        (add_a_venue, "street_admin", "plaque", f"工作人员只能设置阵地的这些信息：{VENUE_FIELDS}。"),
        (
            patch_an_activity,
            "reviewer",
            "cancel_reason",
            f"工作人员只能设置活动的这些信息：{ACTIVITY_FIELDS}（结束和取消活动另有接口）。",
        ),
        (
            add_an_activity,
            "reviewer",
            "places_left",
            f"工作人员只能设置活动的这些信息：{ACTIVITY_FIELDS}（结束和取消活动另有接口）。",
        ),
        (cancel_an_activity, "reviewer", "cancel_reason", "取消活动只接受这些字段：reason。"),
        (move_a_report, "reviewer", "community", "这里只能修改线索的状态，可提交的字段：status, note, duplicate_of。"),
    ],
    ids=[
        "rewards_partial_update",
        "rewards_create",
        "venues_update",
        "venues_create",
        "activities_partial_update",
        "activities_create",
        "activities_cancel",
        "reports_transition",
    ],
)
def test_a_field_the_call_does_not_read_is_refused_by_name_and_nothing_changes(request, api_for, send, staff, refused, message):
    response, unchanged = send(api_for(request.getfixturevalue(staff)))

    assert response.status_code == 400, response.json()
    assert response.json() == {"message": "部分字段填写有误。", "code": "invalid", "fields": {refused: [message]}}
    assert unchanged


def test_the_schema_tells_a_client_to_send_no_other_field(client):
    schema = client.get("/api/schema/?format=json").json()
    bodies = [
        ("/api/v1/rewards/", "post"),
        ("/api/v1/rewards/{id}/", "patch"),
        ("/api/v1/venues/create/", "post"),
        ("/api/v1/venues/{id}/update/", "patch"),
        ("/api/v1/activities/", "post"),
        ("/api/v1/activities/{id}/", "patch"),
        ("/api/v1/activities/{id}/cancel/", "post"),
        ("/api/v1/reports/{id}/transition/", "post"),
    ]
    for path, method in bodies:
        ref = schema["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        assert schema["components"]["schemas"][ref.rsplit("/", 1)[1]]["additionalProperties"] is False, (path, method)
