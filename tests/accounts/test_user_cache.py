"""The signed-in user, their permissions and the bell's count come from the per-user cache
(friendlystreet/user_cache.py) after the first request, and every change that matters
reaches the very next request: a page never serves a stale user, role or count."""

from __future__ import annotations

from contextlib import suppress

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import transaction

from friendlystreet.accounts import roles
from friendlystreet.notifications.services import notifications_mark_all_read, notify
from friendlystreet.user_cache import PerUserCache

pytestmark = pytest.mark.django_db


def test_after_the_first_request_a_signed_in_page_costs_no_query(client_for, rider, django_assert_num_queries):
    client = client_for(rider)
    client.get("/home/")
    # The session and the user (with permissions and the bell) come from the cache, in one
    # round trip (friendlystreet/accounts/sessions.py)
    with django_assert_num_queries(0):
        assert client.get("/home/").status_code == 200


def test_a_deactivated_rider_is_signed_out_on_their_next_request(client_for, rider):
    client = client_for(rider)
    assert client.get("/home/").status_code == 200
    rider.is_active = False
    rider.save()
    response = client.get("/home/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_new_password_ends_the_sessions_signed_in_with_the_old_one(client_for, rider):
    client = client_for(rider)
    assert client.get("/home/").status_code == 200
    rider.set_password("a-brand-new-secret-2026")
    rider.save()
    assert client.get("/home/").status_code == 302


def test_a_reviewer_who_loses_the_role_loses_the_staff_area_at_once(client_for, reviewer):
    client = client_for(reviewer)
    assert client.get("/staff/").status_code == 200
    reviewer.groups.remove(Group.objects.get(name=roles.REVIEWER))
    assert client.get("/staff/").status_code == 403


def test_removing_a_permission_from_a_group_reaches_its_members_at_once(client_for, reviewer):
    client = client_for(reviewer)
    assert client.get("/staff/").status_code == 200
    app_label, codename = roles.STAFF_AREA.split(".")
    permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
    Group.objects.get(name=roles.REVIEWER).permissions.remove(permission)
    assert client.get("/staff/").status_code == 403


def test_a_rider_added_to_a_group_from_the_groups_side_gets_its_permissions(client_for, rider):
    client = client_for(rider)
    assert client.get("/staff/").status_code == 403
    Group.objects.get(name=roles.REVIEWER).user_set.add(rider)
    assert client.get("/staff/").status_code == 200
    Group.objects.get(name=roles.REVIEWER).user_set.clear()
    assert client.get("/staff/").status_code == 403


def test_the_bell_counts_a_new_notification_and_clears_when_read(client_for, rider):
    client = client_for(rider)
    before = client.get("/home/").content.decode()
    assert 'data-unread="0"' in before
    notify(rider, "welcome")
    assert 'data-unread="1"' in client.get("/home/").content.decode()
    notifications_mark_all_read(user=rider)
    assert 'data-unread="0"' in client.get("/home/").content.decode()


# --- the mechanism ---------------------------------------------------------------------------


class Builds:
    def __init__(self):
        self.count = 0

    def __call__(self):
        self.count += 1
        return f"value {self.count}"


def test_a_value_is_built_once_and_again_after_forget():
    values = PerUserCache("test:values")
    build = Builds()
    assert values.get(7, build) == "value 1"
    assert values.get(7, build) == "value 1"
    assert values.get(8, build) == "value 2"  # another user: their own value
    values.forget(7)
    assert values.get(7, build) == "value 3"
    assert values.get(8, build) == "value 2"


def test_parts_are_separate_values_forgotten_together():
    values = PerUserCache("test:parts")
    build = Builds()
    assert values.get(7, build, part="en") == "value 1"
    assert values.get(7, build, part="zh-hans") == "value 2"
    assert values.get(7, build, part="en") == "value 1"
    values.forget(7)
    assert values.get(7, build, part="en") == "value 3"
    assert values.get(7, build, part="zh-hans") == "value 4"


def test_a_value_rebuilt_before_the_writer_commits_is_dropped_at_commit(django_capture_on_commit_callbacks):
    values = PerUserCache("test:commit")
    build = Builds()
    values.get(7, build)
    with django_capture_on_commit_callbacks(execute=True):
        values.forget(7)
        # A reader in between may see the writer's data half-done (or not yet): its value
        # must not survive the commit.
        assert values.get(7, build) == "value 2"
    assert values.get(7, build) == "value 3"


def test_a_transactions_renewals_reach_the_cache_together_at_commit(django_capture_on_commit_callbacks, monkeypatch):
    first, second = PerUserCache("test:batch-a"), PerUserCache("test:batch-b")
    build = Builds()
    first.get(7, build), second.get(7, build)
    published = cache.get(first.version_key(7))
    writes = RoundTrips(monkeypatch, names=("set", "set_many")).calls
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        first.forget(7)
        second.forget(7)
        # The writer sees its own writes at once; everyone else keeps the committed data's
        # token (and value) until the commit: nothing is sent yet.
        assert first.get(7, build) == "value 3"
        assert cache.get(first.version_key(7)) == published
        assert writes == []
    assert writes == ["set_many"]  # both in one round trip at commit
    assert cache.get(first.version_key(7)) != published
    assert first.get(7, build) == "value 4" and second.get(7, build) == "value 5"


@pytest.mark.django_db(transaction=True)
def test_renewals_of_writes_committed_on_their_own_reach_the_cache_together(monkeypatch):
    from friendlystreet.cache_versions import renewals_together

    first, second = PerUserCache("test:together-a"), PerUserCache("test:together-b")
    build = Builds()
    first.get(7, build), second.get(7, build)
    writes = RoundTrips(monkeypatch, names=("set", "set_many")).calls
    with renewals_together():  # as after one statement in autocommit (points_redeem())
        first.forget(7)
        second.forget(7)
        assert writes == []
    assert writes == ["set_many"]
    assert first.get(7, build) == "value 3" and second.get(7, build) == "value 4"
    writes.clear()
    first.forget(7)  # and on its own, at once
    assert writes == ["set"]


def test_a_renewal_after_a_rolled_back_savepoint_is_still_sent_at_commit(django_capture_on_commit_callbacks):
    first, second = PerUserCache("test:savepoint-a"), PerUserCache("test:savepoint-b")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        with suppress(RuntimeError), transaction.atomic():
            first.forget(7)  # its commit-time renewal goes with the savepoint
            raise RuntimeError
        second.forget(7)
        token_before_commit = cache.get(second.version_key(7))
    assert cache.get(second.version_key(7)) != token_before_commit


def test_a_value_depends_on_other_users_caches_and_global_versions():
    from friendlystreet.cache_versions import CacheVersion

    ledger = PerUserCache("test:ledger")
    everyone = CacheVersion("test:everyone")
    page = PerUserCache("test:page", depends_on=[ledger, everyone])
    build = Builds()
    page.get(7, build)
    ledger.forget(8)
    assert page.get(7, build) == "value 1"  # another rider's ledger: nothing to do with 7
    ledger.forget(7)
    assert page.get(7, build) == "value 2"
    everyone.bump()
    assert page.get(7, build) == "value 3"


def test_an_evicted_version_token_never_revives_an_old_value():
    values = PerUserCache("test:evicted")
    build = Builds()
    values.get(7, build)
    cache.delete(values.version_key(7))
    assert values.get(7, build) == "value 2"


def test_without_a_shared_cache_nothing_is_kept(settings):
    settings.USER_CACHE = False
    values = PerUserCache("test:off")
    build = Builds()
    values.get(7, build)
    assert values.get(7, build) == "value 2"


def test_a_value_built_inside_a_transaction_is_not_kept_it_may_roll_back():
    from django.db import transaction

    values = PerUserCache("test:rollback")
    build = Builds()
    with transaction.atomic():
        assert values.get(7, build) == "value 1"  # say, a balance the transaction just moved
        transaction.set_rollback(True)
    assert values.get(7, build) == "value 2"
    assert values.get(7, build) == "value 2"


def test_an_app_token_is_checked_from_the_cache_and_a_revoked_one_stops_at_once(client, rider, django_assert_num_queries):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=rider)
    auth = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    assert client.get("/api/v1/me/", **auth).json()["id"] == rider.id
    # The token's owner, the rider with their permissions, their balance: all cached; only
    # their roles (groups) are read.
    with django_assert_num_queries(1):
        assert client.get("/api/v1/me/", **auth).status_code == 200
    token.delete()
    response = client.get("/api/v1/me/", **auth)
    assert response.status_code == 401
    assert client.get("/api/v1/me/", HTTP_AUTHORIZATION="Token not-a-token").status_code == 401


def kept_until_evicted(key: str) -> bool:
    """Whether `key` is in the cache with no expiry (Redis on PostgreSQL runs, local memory
    on SQLite)."""
    full = cache.make_key(key)
    if hasattr(cache, "_expire_info"):
        return full in cache._expire_info and cache._expire_info[full] is None
    return cache._cache.get_client(full).ttl(full) == -1


def test_forged_app_tokens_leave_nothing_in_the_cache_for_ever(client, rider):
    from friendlystreet.api.authentication import TOKEN_OWNER, token_digest

    forged = [f"forged-{n:036d}" for n in range(3)]
    for key in forged:
        assert client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
    for key in forged:
        kept = TOKEN_OWNER.keys(token_digest(key))
        assert any(cache.get(k) is not None for k in kept), "nothing was looked up"
        assert not [k for k in kept if kept_until_evicted(k)]


def test_a_users_token_renewed_by_a_write_stays(rider, django_capture_on_commit_callbacks):
    from friendlystreet.notifications.selectors import UNREAD_COUNT

    UNREAD_COUNT.get(rider, lambda: 0)  # a read makes the token (kept a day)
    assert cache.get(UNREAD_COUNT.version_key(rider.pk)) is not None
    assert not kept_until_evicted(UNREAD_COUNT.version_key(rider.pk))
    with django_capture_on_commit_callbacks(execute=True):
        UNREAD_COUNT.forget(rider)  # a write replaces it: as before, until evicted
    assert kept_until_evicted(UNREAD_COUNT.version_key(rider.pk))


def test_an_app_token_of_a_deactivated_rider_stops_at_once(client, rider):
    from rest_framework.authtoken.models import Token

    auth = {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=rider).key}"}
    assert client.get("/api/v1/me/", **auth).status_code == 200
    rider.is_active = False
    rider.save()
    assert client.get("/api/v1/me/", **auth).status_code == 401


def test_within_a_request_versions_are_read_once_and_the_requests_own_bumps_count():
    # What Django's request_started and request_finished signals call (sending them here
    # would also close the test's database connection).
    from friendlystreet.cache_versions import CacheVersion, _request_finished, _request_started

    venues, rewards = CacheVersion("test:venues"), CacheVersion("test:rewards")
    _request_started()
    try:
        first = venues.current()
        cache.set(venues.key, "changed-by-another-process", None)
        assert venues.current() == first  # one snapshot per request
        before = rewards.current()
        rewards.bump()  # this request's own write
        assert rewards.current() != before
    finally:
        _request_finished()
    assert venues.current() == "changed-by-another-process"  # the next request reads again


class RoundTrips:
    """Counts the calls to the cache (each is a round trip to Redis in production; the
    local-memory cache's get_many calls its own get, which is not counted again)."""

    def __init__(self, monkeypatch, names=("get", "get_many")):
        self.calls = []
        self.depth = 0
        for name in names:
            original = getattr(cache, name)
            monkeypatch.setattr(cache, name, self._counting(name, original))

    def _counting(self, name, original):
        def call(*args, **kwargs):
            if not self.depth:
                self.calls.append(name)
            self.depth += 1
            try:
                return original(*args, **kwargs)
            finally:
                self.depth -= 1

        return call


def test_a_signed_in_page_reads_its_session_and_user_in_one_round_trip(client_for, rider, monkeypatch):
    client = client_for(rider)
    client.get("/home/")  # this process learns whose session it is
    trips = RoundTrips(monkeypatch)
    assert client.get("/home/").status_code == 200
    assert trips.calls == ["get_many"]


def test_a_wrong_guess_of_the_sessions_owner_only_costs_a_round_trip(client_for, rider, other_rider, monkeypatch):
    from django.conf import settings

    from friendlystreet.accounts import sessions

    client = client_for(rider)
    client.get("/home/")
    client_for(other_rider).get("/home/")
    sessions._seen_sessions.remember(client.cookies[settings.SESSION_COOKIE_NAME].value, other_rider.pk)
    trips = RoundTrips(monkeypatch)
    body = client.get("/profile/").content.decode()
    assert rider.public_name() in body
    assert other_rider.public_name() not in body
    assert trips.calls == ["get_many", "get_many"]  # the guess, then the session's real user
    trips.calls.clear()
    client.get("/profile/")
    assert trips.calls == ["get_many"]  # learnt


def test_an_app_token_request_reads_the_token_and_its_user_in_one_round_trip(client, rider, monkeypatch):
    from rest_framework.authtoken.models import Token

    auth = {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=rider).key}"}
    client.get("/api/v1/me/", **auth)  # this process learns whose token it is
    trips = RoundTrips(monkeypatch)
    assert client.get("/api/v1/me/", **auth).json()["id"] == rider.id
    # The token, the rider and the page versions; then the endpoint's own read (the balance)
    assert trips.calls == ["get_many", "get_many"]


def test_a_wrong_guess_of_a_tokens_owner_only_costs_a_round_trip(client, rider, other_rider, monkeypatch):
    from rest_framework.authtoken.models import Token

    from friendlystreet.api import authentication

    key = Token.objects.create(user=rider).key
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
    client.get("/api/v1/me/", **auth)
    authentication._seen_tokens.remember(authentication.token_digest(key), other_rider.pk)
    trips = RoundTrips(monkeypatch)
    assert client.get("/api/v1/me/", **auth).json()["id"] == rider.id  # the token's owner, not the guess
    assert trips.calls == ["get_many"] * 3  # the guess, the token's real owner, the balance
    trips.calls.clear()
    client.get("/api/v1/me/", **auth)
    assert trips.calls == ["get_many"] * 2  # learnt


@pytest.mark.parametrize("page", ["/rewards/", "/vouchers/", "/points/"])
def test_a_riders_own_pages_come_with_the_session_in_one_round_trip(client_for, rider, monkeypatch, page):
    from tests.points.rewards.factories import RewardFactory, give_points

    give_points(rider, 100)
    RewardFactory(per_rider_monthly_limit=1)
    client = client_for(rider)
    client.get(page)
    trips = RoundTrips(monkeypatch)
    assert client.get(page).status_code == 200
    # the session with the user, the version tokens and the page's own cached value
    assert trips.calls == ["get_many"]
    trips.calls.clear()
    client.get(page + "?page=1")  # another visit than the everyday one reads its value itself
    assert trips.calls == ["get_many", "get_many"]


def test_a_page_read_with_the_session_still_shows_the_riders_latest_balance(client_for, rider):
    from tests.points.rewards.factories import RewardFactory, give_points

    give_points(rider, 100)
    RewardFactory(title="免费快剪一次", cost=80)
    client = client_for(rider)
    client.get("/rewards/")  # this process learns whose session it is
    assert '<strong data-testid="balance">100</strong>' in client.get("/rewards/").content.decode()
    give_points(rider, 23)  # the ledger moves: the page kept with the old balance is dropped
    assert '<strong data-testid="balance">123</strong>' in client.get("/rewards/").content.decode()


# --- transactions and their renewals (found by a review) -------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_commit_hook_that_reads_the_cache_before_the_renewals_are_sent_does_not_lose_them():
    mine, other = PerUserCache("test:hook-reads-a"), PerUserCache("test:hook-reads-b")
    build = Builds()
    assert mine.get(7, build) == "value 1"
    with transaction.atomic():
        transaction.on_commit(lambda: other.get(8, build))  # say, a hook rendering something cached
        mine.forget(7)
    assert mine.get(7, build) == "value 3"  # not the value from before the write


@pytest.mark.django_db(transaction=True)
def test_a_commit_hook_that_writes_in_its_own_transaction_does_not_lose_the_renewals():
    mine, other = PerUserCache("test:hook-writes-a"), PerUserCache("test:hook-writes-b")
    build = Builds()
    assert mine.get(7, build) == "value 1"

    def hook():  # say, notify() from a hook, or a task run eagerly
        with transaction.atomic():
            other.forget(8)

    with transaction.atomic():
        transaction.on_commit(hook)
        mine.forget(7)
    assert mine.get(7, build) == "value 2"


_JOB_VERSION = None


@transaction.atomic  # the decorator form: one Atomic object for every call
def _job(*, fail: bool) -> str:
    if fail:
        _JOB_VERSION.bump()
        _JOB_VERSION.remember(("x",), lambda: "built from data that was rolled back", 60)
        raise RuntimeError("rolled back")
    return _JOB_VERSION.remember(("x",), lambda: "rebuilt", 60)


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_leaves_no_private_token_to_the_next_one():
    from friendlystreet.cache_versions import CacheVersion

    global _JOB_VERSION
    _JOB_VERSION = CacheVersion("test:job")
    assert _JOB_VERSION.remember(("x",), lambda: "committed", 60) == "committed"
    with suppress(RuntimeError):
        _job(fail=True)
    assert _job(fail=False) == "committed"


def test_a_signed_in_request_inside_the_writers_transaction_sees_its_bump(client_for, merchant_a):
    from points.rewards.selectors import catalogue_changed
    from tests.points.rewards.factories import RewardFactory

    client = client_for(merchant_a)  # not a rider: the page is the public one, with the frame
    client.get("/rewards/")  # this process learns whose session it is
    client.get("/rewards/")
    RewardFactory(title="免费洗车一次")  # the test's transaction never commits: the bump stays private
    catalogue_changed()
    assert "免费洗车一次" in client.get("/rewards/").content.decode()
