"""The classic bad values, thrown at every route of the permission matrix: no 5xx anywhere.

For each route (tests/access/*.py), as the persona that gets furthest into it:
- every GET filter (the API's from the OpenAPI schema, the HTML pages' from FILTERS below)
  with each bad value;
- every id or code in the path replaced by a bad one (2⁶³, 10²⁰, NUL...);
- every POST of the API with a malformed JSON body (400 `parse_error` once the caller is
  allowed in) and with each field of its schema (and of the matrix's data) set to each bad
  value;
- every form of the HTML pages posted with each bad value in all its fields.

Runs on SQLite and, with DATABASE_URL, on PostgreSQL (where NUL in a string literal and
integers beyond 64 bits fail in the database, not in Python).
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from urllib.parse import quote_from_bytes, urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from tests.access import Route
from tests.test_permission_matrix import all_routes, world  # noqa: F401 - `world` is a fixture

# Bad values as bytes on the wire (a lone surrogate arrives as its invalid UTF-8 encoding).
WIRE = {
    "nul": b"\x00",
    "nul_inside": b"abc\x00def",
    "2**63": b"9223372036854775808",
    "-2**63-1": b"-9223372036854775809",
    "10**20": b"99999999999999999999",
    "5e-324": b"5e-324",
    "-0": b"-0",
    "long": b"x" * 10_000,
    "surrogate": "\ud800".encode("utf-8", "surrogatepass"),
    "control": b"\x15abc",
}
# The same in JSON: numbers as numbers too.
JSON_VALUES = {
    "nul": "\x00",
    "2**63": 2**63,
    "10**20": 10**20,
    "2**63 (text)": "9223372036854775808",
    "5e-324": 5e-324,
    "-0": -0.0,
    "long": "x" * 10_000,
    "surrogate": "\ud800",
    "control": "\x15abc",
    "list of 2**63": [2**63],
    "list of dicts": [{"day": 0, "closes": "0:00"}],
    "object": {"a": "\x00"},
}
MALFORMED_JSON = b'{"ids": [1,'
# Deeper than Python's recursion limit: json.loads raises RecursionError, not ValueError.
NESTED_JSON = b"[" * 5000 + b"]" * 5000

# Query parameters the HTML pages read (the API's come from its schema).
FILTERS = {
    "venues:venue_list": ["q", "kind", "amenity", "open_now", "near", "page"],
    "venues:compound_list": ["q", "page"],
    "venues:staff_venue_list": ["q", "show", "page"],
    "venues:staff_compound_list": ["q", "page"],
    "venues:staff_venue_export": ["format"],
    "venues:staff_tip_queue": ["status", "page"],
    "points:reward_list": ["kind", "venue", "affordable"],
    "points:passbook": ["before"],
    "points:claim_list": ["page"],
    "points:review_queue": ["status", "category", "rule", "rider", "occurred_from", "occurred_to", "page"],
    "points:rider_queue": ["status", "page"],
    "points:balance_lookup": ["q"],
    "points:redeem_history": ["period", "venue"],
    "points:redeem_history_csv": ["period", "venue"],
    "points:staff_reward_list": ["show"],
    "notifications:inbox": ["page"],
    "notifications:staff_deliveries": ["status", "page"],
}
# Forms not to post: signing out would end the persona's session for the rest of the route.
SKIP_FORM_ACTIONS = ("account_logout",)
PATH_INTS = ("9223372036854775808", "99999999999999999999")
PATH_CODES = ("%00", "%ED%A0%80", "x" * 300, "%15abc")


def persona_for(route: Route) -> str | None:
    """The role that gets furthest into the route: one it lets in, else one it refuses with 4xx
    after checking permissions (400, 409, 415), else none (the route is closed to all)."""
    order = ("admin", "reviewer", "partner", "rider", "anon")
    for wanted in (lambda s: isinstance(s, int) and s < 400, lambda s: s in (400, 409, 415, 422)):
        for role in order:
            if wanted(route.expect[role]):
                return role
    return None


def qs(params: dict[str, bytes]) -> str:
    return "&".join(f"{k}={quote_from_bytes(v)}" for k, v in params.items())


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from drf_spectacular.generators import SchemaGenerator

    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


def operations_of(schema: dict, view_name: str) -> dict[str, dict]:
    """{method: operation} of the schema paths that resolve to this URL name."""
    found = {}
    for template, item in schema["paths"].items():
        try:
            match = resolve(re.sub(r"\{[^}]+\}", "1", template))
        except Resolver404:
            continue
        if match.view_name == view_name:
            found.update({m: op for m, op in item.items() if m in ("get", "post", "patch", "put", "delete")})
    return found


def body_fields(schema: dict, operation: dict) -> list[str]:
    content = (operation.get("requestBody") or {}).get("content", {})
    for media in ("application/json", "multipart/form-data", "application/x-www-form-urlencoded"):
        ref = content.get(media, {}).get("schema", {}).get("$ref")
        if ref:
            component = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
            return list(component.get("properties", {}))
    return []


FIELD_TAGS = ("input", "select", "textarea")


class Forms(HTMLParser):
    """The POST forms of a page: [(action, {name: value})] (file inputs left out)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []
        self.current: tuple[str, dict[str, str]] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self.current = (a.get("action") or "", {})
            self.forms.append(self.current)
        elif self.current and tag in FIELD_TAGS and a.get("name") and a.get("type") not in ("file", "submit"):
            self.current[1][a["name"]] = a.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None


def server_errors(client: Client, method: str, url: str, **kwargs) -> str | None:
    response = getattr(client, method)(url, **kwargs)
    if response.status_code >= 500:
        return f"{method.upper()} {url[:120]} {str(kwargs.get('data', ''))[:80]!r}: {response.status_code}"
    return None


def url_with(route: Route, kwargs: dict, name: str, value: str) -> str:
    url = reverse(route.name, kwargs={**kwargs, name: "1" if isinstance(kwargs[name], int) else "X"})
    # Put the bad value where the placeholder was, as a client would send it.
    pattern = "/1/" if isinstance(kwargs[name], int) else "/X/"
    return url.replace(pattern, f"/{value}/", 1) if pattern in url else url.replace("/X", f"/{value}", 1)


@pytest.mark.parametrize("route", all_routes(), ids=lambda r: r.name)
def test_bad_input_never_makes_a_server_error(route: Route, world, schema):  # noqa: F811
    role = persona_for(route)
    if role is None:
        pytest.skip("no role gets past this route's permission check")
    client = Client(raise_request_exception=False)
    if role != "anon":
        client.force_login(getattr(world, role))
    kwargs = route.setup(world) if route.setup else {}
    url = reverse(route.name, kwargs=kwargs)
    is_api = url.startswith("/api/")
    operations = operations_of(schema, route.name) if is_api else {}
    failures: list[str | None] = []

    # Ids and codes in the path.
    for name, value in kwargs.items():
        for bad in PATH_INTS if isinstance(value, int) else PATH_CODES:
            failures.append(server_errors(client, route.method, url_with(route, kwargs, name, bad)))

    if route.method == "get":
        params = set(FILTERS.get(route.name, []))
        for op in operations.values():
            params |= {p["name"] for p in op.get("parameters", []) if p["in"] == "query"}
        for param in sorted(params):
            for bad in WIRE.values():
                failures.append(server_errors(client, "get", f"{url}?{qs({param: bad})}"))
        if not is_api and route.expect[role] == 200:
            failures += post_forms_of_page(client, url)
    else:
        fields = set(route.data)
        for op in operations.values():
            fields |= set(body_fields(schema, op))
        if is_api:
            response = getattr(client, route.method)(url, MALFORMED_JSON, content_type="application/json")
            if response.status_code >= 500 or (
                route.expect[role] not in (401, 403, 404) and response.json().get("code") != "parse_error"
            ):
                failures.append(f"malformed JSON to {url}: {response.status_code} {response.content[:200]!r}")
            response = getattr(client, route.method)(url, NESTED_JSON, content_type="application/json")
            if response.status_code >= 500 or (
                route.expect[role] not in (401, 403, 404) and response.json().get("code") != "parse_error"
            ):
                failures.append(f"deeply nested JSON to {url}: {response.status_code} {response.content[:200]!r}")
            for label, bad in JSON_VALUES.items():
                body = {**route.data, **dict.fromkeys(fields, bad)} if fields else bad
                error = server_errors(client, route.method, url, data=json.dumps(body), content_type="application/json")
                failures.append(error and f"{label}: {error}")
        else:
            for bad in WIRE.values():
                body = qs({**{k: str(v).encode() for k, v in route.data.items()}, **dict.fromkeys(fields, bad)})
                failures.append(server_errors(client, "post", url, data=body, content_type="application/x-www-form-urlencoded"))

    failures = [f for f in failures if f]
    assert not failures, f"{route.name} as {role}:\n" + "\n".join(failures)


def post_forms_of_page(client: Client, url: str) -> list[str | None]:
    """Post every form of the page with each bad value in all its fields at once."""
    response = client.get(url)
    if "text/html" not in response.get("Content-Type", ""):
        return []
    parser = Forms()
    parser.feed(response.content.decode())
    failures: list[str | None] = []
    for action, fields in parser.forms:
        target = urlsplit(action).path or url
        try:
            if resolve(target).url_name in SKIP_FORM_ACTIONS or not fields:
                continue
        except Resolver404:
            continue
        for bad in WIRE.values():
            body = qs({**{k: v.encode() for k, v in fields.items()}, **{k: bad for k in fields if k != "csrfmiddlewaretoken"}})
            failures.append(server_errors(client, "post", target, data=body, content_type="application/x-www-form-urlencoded"))
    return failures


def test_the_filters_listed_are_html_pages_of_the_matrix():
    names = {r.name for r in all_routes()}
    assert set(FILTERS) <= names


# --- the findings of the review, one story each -----------------------------------------------


@pytest.mark.django_db
def test_a_malformed_body_withdraws_nothing(rider, api_for):
    from points.models import Claim
    from tests.points.factories import ClaimFactory

    claim = ClaimFactory(rider=rider)
    response = api_for(rider).post(f"/api/v1/claims/{claim.pk}/withdraw/", MALFORMED_JSON, content_type="application/json")

    assert response.status_code == 400 and response.json()["code"] == "parse_error"
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PENDING


@pytest.mark.django_db
def test_a_malformed_body_marks_no_notification_read(rider, api_for):
    from friendlystreet.notifications.models import Notification

    Notification.objects.create(recipient=rider, kind="welcome", title="Hello")
    response = api_for(rider).post("/api/v1/notifications/read-all/", MALFORMED_JSON, content_type="application/json")

    assert response.status_code == 400 and response.json()["code"] == "parse_error"
    assert Notification.objects.filter(recipient=rider, read_at=None).count() == 1


@pytest.mark.django_db
def test_redeeming_an_unpublished_proposal_is_not_found_as_its_page_is(rider, merchant_a, api_for):
    from tests.points.rewards.factories import RewardFactory, give_points

    give_points(rider, 100)
    proposal = RewardFactory(cost=10, active=False, published_at=None, proposed_by=merchant_a)
    client = api_for(rider)

    assert client.get(f"/api/v1/rewards/{proposal.pk}/").status_code == 404
    response = client.post(f"/api/v1/rewards/{proposal.pk}/redeem/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert not proposal.vouchers.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": "\u0015abc"}, "name"),
        ({"lng": 5e-324}, "lng"),
        ({"hours": [{"day": 0, "closes": "0:00"}]}, "hours"),
        ({"amenities": ["x\u0000"]}, "amenities"),
    ],
    ids=["control character", "subnormal float", "hours without opens", "NUL in a slug"],
)
def test_the_venue_api_refuses_bad_values_naming_the_field(api_for, street_admin, overrides, field):
    from tests.venues.factories import VenueFactory
    from tests.venues.test_venue_api_write import body

    client = api_for(street_admin)
    created = client.post("/api/v1/venues/create/", body(**overrides), format="json")
    venue = VenueFactory()
    updated = client.patch(f"/api/v1/venues/{venue.pk}/update/", overrides, format="json")

    for response in (created, updated):
        assert response.status_code == 400, response.content
        assert response.json()["code"] == "invalid" and field in response.json()["fields"]


@pytest.mark.django_db
def test_an_export_survives_a_control_character_stored_before_the_check(client_for, street_admin):
    import io

    from openpyxl import load_workbook

    from tests.venues.factories import VenueFactory

    VenueFactory(name="\u0015abc")
    response = client_for(street_admin).get("/staff/venues/export/?format=xlsx")

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["B2"].value == "\ufffdabc"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/compounds/?q=%00", "/staff/venues/?q=a%00b", "/api/v1/compounds/?q=%15"])
def test_a_search_with_control_characters_is_refused(client_for, street_admin, url):
    response = client_for(street_admin).get(url)

    assert response.status_code == 400
    if not url.startswith("/api/"):
        assert "不可见的控制字符" in response.content.decode()  # the page is in Chinese


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/rewards/9223372036854775808/redeem/",
        "/api/v1/vouchers/%00/cancel/",
        "/vouchers/%00/cancel/",
        "/api/v1/claims/99999999999999999999/withdraw/",
    ],
)
def test_what_cannot_exist_is_not_found(rider, client_for, url):
    assert client_for(rider).post(url).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "url", "data"),
    [
        ("get", "/api/v1/rewards/?venue=9223372036854775808", None),
        ("get", "/api/v1/rewards/?venue=%C2%B2", None),
        ("post", "/api/v1/claims/bulk/", {"ids": [9223372036854775808], "action": "approve"}),
    ],
)
def test_numbers_beyond_64_bits_are_a_400(street_admin, api_for, method, url, data):
    client = api_for(street_admin)
    response = client.get(url) if method == "get" else client.post(url, data, format="json")

    assert response.status_code == 400 and response.json()["code"] == "invalid"


@pytest.mark.django_db
def test_html_filters_beyond_64_bits_are_ignored_or_refused(client_for, street_admin):
    client = client_for(street_admin)
    assert client.get("/rewards/?venue=9223372036854775808").status_code in (200, 400)
    assert client.get("/staff/claims/?category=99999999999999999999").status_code in (200, 400)


@pytest.mark.django_db
def test_the_staff_venue_form_refuses_a_subnormal_coordinate_naming_the_field(client_for, street_admin):
    # Django's forms.FloatField subclasses IntegerField: the form's float fields must still
    # get the float check, not the integer one.
    from tests.venues.test_staff_venues import NEW, form_data
    from venues.models import Venue

    response = client_for(street_admin).post(NEW, form_data(name="新驿站", lng="5e-324"))

    assert response.status_code in (200, 400)
    assert "lng" in response.context["form"].errors
    assert not Venue.objects.filter(name="新驿站").exists()


@pytest.mark.parametrize(
    "who, url",
    [
        ("anon", "/api/v1/venues/"),
        ("rider", "/api/v1/claims/"),
        ("rider", "/api/v1/notifications/read-all/"),
        ("anon", "/_allauth/app/v1/auth/login"),
        ("anon", "/_allauth/app/v1/auth/password/reset"),
    ],
)
def test_a_body_nested_too_deeply_is_a_400_not_a_500(who, url, rider):
    """`[[[[…]]]]` five thousand deep: json.loads gives up with RecursionError, which the
    parsers let through; the answer is the bad input's 400, before any permission check."""
    client = Client(raise_request_exception=False)
    if who == "rider":
        client.force_login(rider)

    response = client.post(url, NESTED_JSON, content_type="application/json")

    assert response.status_code == 400
    if url.startswith("/api/"):
        assert response.json()["code"] == "parse_error"
    else:  # allauth's app API: its own error shape, which the app reads
        assert response.json()["errors"][0]["message"] == "请求内容嵌套层级过深，无法读取。"


@pytest.mark.parametrize("body", [b'{"phone":', b'["13800000001"]', b"\xff"])
def test_allauth_app_endpoints_answer_a_body_they_cannot_read_in_json(body):
    """allauth answers an unreadable body with an empty 400: the app gets its error shape."""
    response = Client().post("/_allauth/app/v1/auth/login", body, content_type="application/json")

    assert response.status_code == 400
    error = {"message": "请求内容无法读取：请发送一个 JSON 对象。", "code": "invalid"}
    assert response.json() == {"status": 400, "errors": [error]}
