"""The street office hears of what a partner operator changes on their own venue: the barber may
now change his shop's phone, description, hours and photos himself, and a wrong number or
anything at all in the description would otherwise go unnoticed. The staff who manage venues
get one notice per save, naming the venue and what changed, which opens the venue's staff page;
there "经营者最近的修改" lists his last edits (who, when, before → after, photos added or
removed). Staff's own edits tell nobody and are not listed there."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from friendlystreet.dashboard.queues import queues_refresh
from friendlystreet.notifications.models import Notification
from tests.factories import StreetAdminFactory
from tests.venues.factories import jpeg_bytes
from tests.venues.test_staff_venues import form_data
from tests.venues.test_venue_editing_by_operator import details
from venues import hours as h
from venues import services
from venues.models import VenuePhoto

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
KIND = "venues.operator_edited"


def staff_page(venue) -> str:
    return f"/staff/venues/{venue.pk}/"


def told(user) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, kind=KIND).order_by("id"))


def photo(name: str = "shop.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes(), content_type="image/jpeg")


def test_the_barbers_new_phone_is_told_to_the_street_admins_and_shown_on_the_venues_staff_page(
    shop, merchant_a, street_admin, reviewer, client_for
):
    other_admin = StreetAdminFactory(display_name="另一位管理员")

    response = client_for(merchant_a).post(f"/venues/{shop.pk}/details/", details(description=shop.description), **ZH)
    assert response.status_code == 302

    # One notice to each street admin (who manage venues), none to a reviewer nor to the barber.
    for admin in (street_admin, other_admin):
        [notice] = told(admin)
        assert notice.link == f"/staff/venues/{shop.pk}/#operator-edits"
        assert "王师傅理发店" in notice.title
        assert "电话" in notice.body and "营业时间" in notice.body and "简介" not in notice.body
    assert told(reviewer) == [] and told(merchant_a) == []

    # The notice's link: the change, before and after, and who made it (as staff pages name a partner).
    html = client_for(street_admin).get(notice.link, **ZH).content.decode()
    section = html[html.index('id="operator-edits"') :]
    assert "经营者最近的修改" in section
    assert section.count('data-testid="operator-edit"') == 1
    assert f"商家甲 @{merchant_a.username}" in section
    assert "<del>028-85551234</del>" in section and "<ins>13900000003</ins>" in section
    assert f'href="/staff/audit/?target_type=venues.venue&amp;target_id={shop.pk}"' in section


def test_the_audit_trail_the_page_links_to_lists_the_barbers_edit(shop, merchant_a, street_admin, client_for):
    client_for(merchant_a).post(f"/venues/{shop.pk}/details/", details(), **ZH)

    trail = client_for(street_admin).get(f"/staff/audit/?target_type=venues.venue&target_id={shop.pk}", **ZH)

    assert trail.status_code == 200
    html = trail.content.decode()
    assert html.count('data-testid="audit-entry"') == 1 and "13900000003" in html
    assert "由阵地的合作商户修改" in html  # the mark the staff page lists the operator's edits by


def test_a_change_through_the_merchant_api_is_told_too(shop, merchant_a, street_admin, api_for, client_for):
    response = api_for(merchant_a).patch(f"/api/v1/merchant/venues/{shop.pk}/", {"description": "理发八折"}, format="json", **ZH)
    assert response.status_code == 200

    [notice] = told(street_admin)
    assert "简介" in notice.body and "电话" not in notice.body
    html = client_for(street_admin).get(staff_page(shop), **ZH).content.decode()
    assert "<ins>理发八折</ins>" in html


def test_a_photo_added_and_one_deleted_by_the_barber_are_told_and_listed(shop, merchant_a, street_admin, client_for):
    client = client_for(merchant_a)
    client.post(f"/venues/{shop.pk}/details/", details(phone=shop.phone, photo=photo(), photo_caption="店门口"), **ZH)
    kept = VenuePhoto.objects.get(venue=shop)
    client.post(f"/venues/{shop.pk}/details/", details(phone=shop.phone, photo=photo("second.jpg")), **ZH)
    gone = VenuePhoto.objects.filter(venue=shop).exclude(pk=kept.pk).get()
    client.post(f"/venues/{shop.pk}/details/photos/{gone.pk}/delete/", **ZH)

    bodies = [n.body for n in told(street_admin)]
    assert len(bodies) == 3  # one per save: the details with a photo, a second photo, a deletion
    assert "新增一张照片" in bodies[0] and "营业时间" in bodies[0]
    assert "新增一张照片" in bodies[1] and "营业时间" not in bodies[1]
    assert "删除一张照片" in bodies[2]

    html = client_for(street_admin).get(staff_page(shop), **ZH).content.decode()
    section = html[html.index('id="operator-edits"') : html.index('id="venue-form"')]
    assert section.count("添加了一张照片") == 2 and section.count("删除了一张照片") == 1
    # The photo he kept shows as a thumbnail; the deleted one cannot.
    assert section.count('data-testid="operator-edit-photo"') == 1
    assert f"/venues/photos/{kept.pk}/list/" in section


def test_a_save_that_changes_nothing_tells_nobody_and_is_not_listed(shop, merchant_a, street_admin, client_for):
    services.venue_details_update(actor=merchant_a, venue=shop, data={"phone": shop.phone, "description": shop.description})

    assert told(street_admin) == []
    html = client_for(street_admin).get(staff_page(shop), **ZH).content.decode()
    assert 'id="operator-edits"' not in html


def test_a_street_admins_own_edit_tells_nobody_and_is_not_listed(shop, street_admin, client_for):
    other_admin = StreetAdminFactory()
    client = client_for(street_admin)

    response = client.post(staff_page(shop), form_data(name=shop.name, address=shop.address, phone="13900000009"), **ZH)
    assert response.status_code == 302
    shop.refresh_from_db()
    assert shop.phone == "13900000009"
    # Nor a photo the street office deletes.
    VenuePhoto.objects.create(venue=shop, image="venues/x.jpg")
    client.post(f"/staff/venues/photos/{shop.photos.get().pk}/delete/", **ZH)

    assert Notification.objects.filter(kind=KIND).count() == 0
    assert told(other_admin) == []
    html = client.get(staff_page(shop), **ZH).content.decode()
    assert 'id="operator-edits"' not in html


def test_the_staff_venue_page_runs_the_same_queries_however_many_edits_it_lists(
    shop, merchant_a, street_admin, client_for, django_assert_num_queries
):
    services.venue_details_update(actor=merchant_a, venue=shop, data={"phone": "13900000001"})
    queues_refresh()
    client = client_for(street_admin)
    client.get(staff_page(shop))  # the session's first page: nothing left to load lazily

    # The staff shell (user, permissions, the bell, the menu's counts: 4); the venue and the
    # form's own 9 (its amenities, operators, photo count, hours, photos, the choices of
    # communities, amenities and operators); the operator's edits with who made each: 1; the
    # venue's rewards (points' staff panel, venues.hooks): 1.
    with django_assert_num_queries(16):
        one = client.get(staff_page(shop)).content.decode()
    assert one.count('data-testid="operator-edit"') == 1

    for i in range(2, 9):
        services.venue_details_update(
            actor=merchant_a,
            venue=shop,
            data={"phone": f"1390000000{i}", "hours": h.parse_hours(f"Mo 0{i}:00-20:00")},
            photo=services.photo_prepare(photo()) if i % 3 == 0 else None,
        )
    with django_assert_num_queries(16):
        many = client.get(staff_page(shop)).content.decode()
    assert many.count('data-testid="operator-edit"') == services.selectors.RECENT_OPERATOR_EDITS


def test_the_photo_help_on_the_operators_page_says_changsuo_not_the_programmes_zhendi(shop, merchant_a, street_admin, client_for):
    operator_page = client_for(merchant_a).get(f"/venues/{shop.pk}/details/", **ZH).content.decode()
    form = operator_page[operator_page.index('id="venue-details-form"') :]
    assert "每个场所最多 12 张照片，您的场所已有 0 张。" in form
    assert "阵地" not in form

    # The street office's own form keeps its word.
    staff = client_for(street_admin).get(staff_page(shop), **ZH).content.decode()
    assert "每个阵地最多 12 张照片，此阵地已有 0 张。" in staff
