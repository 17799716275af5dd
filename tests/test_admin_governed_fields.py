"""What a service governs cannot be changed in Django's admin (/admin/), even by the superuser:
the admin would skip the service's checks, its audit entry and its notices
(friendlystreet/accounts/admin_policy.py: ReadOnlyAdmin, ServiceGoverned).

- A rider's verification, claims, balances, the ledger, vouchers and reports are read-only there,
  and activities and their sign-ups are not in it at all; a street admin does not get in.
- Where the superuser still edits a row, the fields a service checks are shown read-only with
  the staff page that changes them: a venue's name and address (no venue entered twice), its
  plaque number (each plaque its own), its services and opening hours, an amenity's code, a
  reply template's words.
- Nothing is deleted there that the staff pages retire or keep (venues, amenities, compound
  guides, reply templates, a venue's photos), nor a community that something names; a session
  row, whose deletion there would not sign anyone out, is only looked at."""

from __future__ import annotations

import re

import pytest
from allauth.usersessions.models import UserSession

from friendlystreet.accounts.models import User, Verification
from points.models import Account, Claim, LedgerEntry, Voucher
from tests.factories import RiderFactory, StreetAdminFactory
from tests.points.factories import ClaimFactory
from tests.points.rewards.factories import RewardFactory, give_points, issue
from tests.venues.factories import AmenityFactory, CommunityFactory, CompoundFactory, VenueFactory, VenuePhotoFactory
from venues.models import Amenity, Community, Compound, OpeningHours, Venue, VenuePhoto
from volunteers.models import ReplyTemplate, Report, RiderProfile
from volunteers.reports.services import report_submit

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def no_inlines(*prefixes: str) -> dict:
    return {f"{p}-{key}": 0 for p in prefixes for key in ("TOTAL_FORMS", "INITIAL_FORMS")}


def venue_form(venue: Venue, **changed) -> dict:
    """The venue's admin change form as the browser sends it, with `changed` typed in."""
    data = {
        "name": venue.name,
        "kind": venue.kind,
        "address": venue.address,
        "lat": venue.lat,
        "lng": venue.lng,
        "phone": venue.phone,
        "services": "[]",
        "active": "on",
        **no_inlines("hours", "photos"),
    }
    return {**data, **changed}


# --- what the services govern is read-only --------------------------------------------------


@pytest.fixture
def governed_rows(rider, reviewer):
    """A pending claim, an account with an entry, a voucher, a submitted report."""
    give_points(rider, 300)
    voucher = issue(rider, RewardFactory(cost=80))
    report = report_submit(rider=rider, category="sanitation", description="消防通道旁堆满了装修垃圾", address="成龙路168号")
    return {
        "claim": ClaimFactory(rider=rider),
        "account": Account.objects.get(pk=rider.pk),
        "entry": LedgerEntry.objects.filter(account_id=rider.pk).first(),
        "voucher": voucher,
        "report": report.report,
    }


# (admin path, row, what the superuser types, how to read it back)
GOVERNED = [
    ("points/claim", "claim", {"status": Claim.Status.APPROVED, "points": 500}, lambda c: (c.status, c.points)),
    ("points/account", "account", {"balance": 100000}, lambda a: a.balance),
    ("points/ledgerentry", "entry", {"amount": 100000, "balance_after": 100000}, lambda e: (e.amount, e.balance_after)),
    ("points/voucher", "voucher", {"status": Voucher.Status.REDEEMED}, lambda v: v.status),
    ("volunteers/report", "report", {"status": Report.Status.RESOLVED}, lambda r: r.status),
]


@pytest.mark.parametrize(("path", "row", "typed", "read"), GOVERNED, ids=[g[0] for g in GOVERNED])
def test_the_superuser_cannot_change_what_a_service_decides(root, governed_rows, path, row, typed, read):
    obj = governed_rows[row]
    before = read(obj)
    url = f"/admin/{path}/{obj.pk}/change/"

    page = root.get(url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert root.post(url, typed).status_code == 403
    assert root.post(f"/admin/{path}/{obj.pk}/delete/", {"post": "yes"}).status_code == 403

    obj.refresh_from_db()
    assert read(obj) == before


def test_a_riders_verification_is_decided_on_the_staff_page_not_in_the_admin(root):
    rider = RiderFactory(verification=Verification.UNVERIFIED)
    url = f"/admin/accounts/user/{rider.pk}/change/"

    page = root.get(url)
    assert 'name="verification"' not in page.content.decode()
    assert "待认证骑手" in text_of(page) and "/staff/riders/" in text_of(page)  # where it is decided

    saved = root.post(url, {"email": "", "verification": Verification.VERIFIED, "verification_note": "已核对"})

    assert saved.status_code == 302
    rider = User.objects.get(pk=rider.pk)
    assert (rider.verification, rider.verification_note) == (Verification.UNVERIFIED, "")


def test_a_street_admin_cannot_post_to_the_admins_change_forms(client_for, governed_rows):
    street_admin = StreetAdminFactory(is_staff=True)
    rider = RiderFactory(verification=Verification.UNVERIFIED)
    admin = client_for(street_admin)

    claim = governed_rows["claim"]
    # Sent to the admin's sign-in page, which tells them the staff area covers their work.
    for url, typed in (
        (f"/admin/points/claim/{claim.pk}/change/", {"status": "approved"}),
        (f"/admin/accounts/user/{rider.pk}/change/", {"verification": "verified"}),
    ):
        assert admin.post(url, typed, follow=True).status_code == 403, url

    claim.refresh_from_db()
    assert claim.status == Claim.Status.PENDING
    assert User.objects.get(pk=rider.pk).verification == Verification.UNVERIFIED


def test_activities_and_their_sign_ups_are_not_in_the_admin(root):
    for path in ("volunteers/activity", "volunteers/signup"):
        assert root.get(f"/admin/{path}/").status_code == 404, path


# --- a venue: the superuser edits it, but not what the staff page checks ----------------------


def test_a_venues_plaque_number_is_changed_on_the_staff_page_not_in_the_admin(root):
    VenueFactory(name="王师傅理发店", plaque_number="CLL-NX-05")
    venue = VenueFactory(name="暖新驿站")
    url = f"/admin/venues/venue/{venue.pk}/change/"

    page = root.get(url)
    assert 'name="plaque_number"' not in page.content.decode()
    assert "不允许使用其他牌匾已有的编号" in text_of(page) and "/staff/venues/" in text_of(page)

    saved = root.post(url, venue_form(venue, plaque_number="CLL-NX-05", lat="30.6"))

    assert saved.status_code == 302
    venue.refresh_from_db()
    assert venue.plaque_number == "" and venue.lat == 30.6  # the rest of the form is saved
    assert Venue.objects.filter(plaque_number__iexact="CLL-NX-05").count() == 1


def test_a_venue_cannot_take_another_venues_name_and_address_in_the_admin(root):
    first = VenueFactory(name="王师傅理发店", address="成龙大道二段1号")
    venue = VenueFactory(name="理发店", address="成龙大道二段2号")

    page = root.get(f"/admin/venues/venue/{venue.pk}/change/")
    assert 'name="name"' not in page.content.decode() and 'name="address"' not in page.content.decode()

    root.post(f"/admin/venues/venue/{venue.pk}/change/", venue_form(venue, name=first.name, address=first.address))

    venue.refresh_from_db()
    assert (venue.name, venue.address) == ("理发店", "成龙大道二段2号")


def test_a_venues_services_stay_a_list_of_short_texts(root):
    venue = VenueFactory(services=["免费充电"])

    root.post(f"/admin/venues/venue/{venue.pk}/change/", venue_form(venue, services='{"a": 1}'))

    venue.refresh_from_db()
    assert venue.services == ["免费充电"]


def test_overlapping_opening_hours_cannot_be_added_in_the_admin(root):
    venue = VenueFactory(hours="Mo-Su 08:00-20:00")
    overlapping = {
        "hours-TOTAL_FORMS": 1,
        "hours-INITIAL_FORMS": 0,
        "hours-0-day": 0,
        "hours-0-start": 9 * 60,
        "hours-0-end": 10 * 60,
        "hours-0-venue": venue.pk,
    }

    saved = root.post(f"/admin/venues/venue/{venue.pk}/change/", {**venue_form(venue), **overlapping})

    assert saved.status_code == 302
    assert OpeningHours.objects.filter(venue=venue).count() == 7


def test_a_venue_photo_is_not_deleted_in_the_admin(root):
    photo = VenuePhotoFactory(caption="门头")
    venue = photo.venue
    data = {
        **venue_form(venue),
        "photos-TOTAL_FORMS": 1,
        "photos-INITIAL_FORMS": 1,
        "photos-0-id": photo.pk,
        "photos-0-venue": venue.pk,
        "photos-0-caption": "门头（新）",
        "photos-0-position": 0,
        "photos-0-DELETE": "on",
    }

    assert root.post(f"/admin/venues/venue/{venue.pk}/change/", data).status_code == 302

    photo = VenuePhoto.objects.get(pk=photo.pk)  # kept: the staff page deletes it with its files
    assert photo.caption == "门头（新）"


def test_venues_amenities_and_compound_guides_are_retired_not_deleted_in_the_admin(root):
    venue, amenity, compound = VenueFactory(), AmenityFactory(code="toilet"), CompoundFactory()

    for path, obj in (("venue", venue), ("amenity", amenity), ("compound", compound)):
        assert root.post(f"/admin/venues/{path}/{obj.pk}/delete/", {"post": "yes"}).status_code == 403, path
        listing = root.post(f"/admin/venues/{path}/", {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"})
        assert listing.status_code in (200, 302), path

    assert Venue.objects.filter(pk=venue.pk).exists()
    assert Amenity.objects.filter(pk=amenity.pk).exists()
    assert Compound.objects.filter(pk=compound.pk).exists()
    assert root.get("/admin/venues/venue/add/").status_code == 403  # made on /staff/venues/new/


def test_an_amenitys_code_never_changes_in_the_admin(root):
    amenity = AmenityFactory(code="toilet", name="厕所")
    url = f"/admin/venues/amenity/{amenity.pk}/change/"
    assert 'name="code"' not in root.get(url).content.decode()

    root.post(url, {"code": "wc", "name": "公共厕所", "name_en": "", "position": 0, "active": "on"})

    amenity.refresh_from_db()
    assert (amenity.code, amenity.name) == ("toilet", "公共厕所")


def test_a_community_that_is_a_riders_home_is_not_deleted_in_the_admin(root):
    home = CommunityFactory(name="驿都社区")
    unused = CommunityFactory(name="录错的社区")
    rider = RiderFactory()
    RiderProfile.objects.update_or_create(rider=rider, defaults={"home_community": home})

    assert root.post(f"/admin/venues/community/{home.pk}/delete/", {"post": "yes"}).status_code == 403
    root.post("/admin/venues/community/", {"action": "delete_selected", "_selected_action": [home.pk], "post": "yes"})
    assert Community.objects.filter(pk=home.pk).exists()
    assert RiderProfile.objects.get(rider=rider).home_community == home

    # One nothing names goes, as on /staff/venues/communities/.
    assert root.post(f"/admin/venues/community/{unused.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not Community.objects.filter(pk=unused.pk).exists()


# --- reply templates and sessions -------------------------------------------------------------


def test_a_reply_templates_words_are_checked_on_the_staff_page_and_only_switched_off_here(root):
    template = ReplyTemplate.objects.create(category="", status="resolved", title="已转交环卫", text="已转交环卫处理。")
    url = f"/admin/volunteers/replytemplate/{template.pk}/change/"
    page = root.get(url)
    assert 'name="text"' not in page.content.decode() and "/staff/reports/templates/" in text_of(page)

    saved = root.post(url, {"category": "", "status": "submitted", "title": "\x07", "text": "\x1b[2J"})

    assert saved.status_code == 302
    template.refresh_from_db()
    assert (template.status, template.title, template.text) == ("resolved", "已转交环卫", "已转交环卫处理。")
    assert not template.active  # what the admin still changes here
    assert root.post(f"/admin/volunteers/replytemplate/{template.pk}/delete/", {"post": "yes"}).status_code == 403
    assert root.get("/admin/volunteers/replytemplate/add/").status_code == 403
    assert ReplyTemplate.objects.filter(pk=template.pk).exists()


def test_a_session_is_only_looked_at_in_the_admin(root, rider, client_for):
    signed_in = client_for(rider)
    # The row allauth writes when someone signs in through its pages (force_login does not).
    session = UserSession.objects.create(user=rider, ip="127.0.0.1", session_key=signed_in.session.session_key, user_agent="手机")

    assert root.get("/admin/usersessions/usersession/").status_code == 200
    # Deleting the row here left the session signed in; staff deactivate on /staff/users/.
    assert root.post(f"/admin/usersessions/usersession/{session.pk}/delete/", {"post": "yes"}).status_code == 403
    assert root.get("/admin/usersessions/usersession/add/").status_code == 403
    assert UserSession.objects.filter(pk=session.pk).exists()
