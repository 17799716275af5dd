"""The OpenAPI schema of /api/v1/ as app developers read it (/api/schema/, /api/docs/).

On top of what drf-spectacular finds in the views, every operation gets
- a tag by area (AREAS), so /api/docs/ groups the rider's, the merchant's and staff's parts;
- the error answers its view can give, in the one error format (errors.ErrorSerializer): 400
  where it reads a body or checks query filters, 401 where it needs a signed-in caller, 403
  where it needs a permission beyond that, 404 where the path names an object (or a list has
  pages), 429 where the view is throttled. An answer a view documents itself is kept as it is;
  refusals particular to one action (409s, 422s) are the view's to document;
- `additionalProperties: false` on the body of an input serializer that refuses the fields it
  does not read (inputs.OnlyItsFields), so a client generated from the schema sends none.
"""

from __future__ import annotations

from django.utils import translation
from drf_spectacular import generators
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import SAFE_METHODS, AllowAny, IsAuthenticated, IsAuthenticatedOrReadOnly

from friendlystreet.accounts import roles
from friendlystreet.accounts.access import IsRider
from friendlystreet.inputs import OnlyItsFields

from .base import BODY_METHODS
from .errors import ErrorSerializer

API_PREFIX = "/api/v1/"

# Path (after /api/v1/) → area; the longest matching prefix wins. Every area is described in
# SPECTACULAR_SETTINGS["TAGS"], whose order is the order of /api/docs/.
AREAS = {
    "me/ledger/": "points",
    "me/volunteer-record/": "activities",
    "me/": "account",
    "amenities/": "venues",
    "venues/": "venues",
    "compounds/": "venues",
    "partners/": "venues",
    "rules/": "points",
    "claims/": "points",
    "rewards/": "rewards",
    "vouchers/": "vouchers",
    "merchant/": "merchant",
    "activities/": "activities",
    "texts/": "texts",
    "reports/": "reports",
    "notifications/": "notifications",
    "staff/": "staff",
}

# Parameters that choose a page, not a filter (a page that is not there is a 404, see not_found).
PAGING_PARAMETERS = {"page", "page_size"}
IDEMPOTENCY_KEY = "Idempotency-Key"

# The description of a body that refuses the fields it does not read (OnlyItsFieldsSchema).
ONLY_ITS_FIELDS = "Send only these fields: any other is refused (400 `invalid`, `fields` naming it)."

PUBLIC_PERMISSIONS = (AllowAny,)
SIGN_IN_PERMISSIONS = (IsAuthenticated, IsAuthenticatedOrReadOnly, AllowAny)


class SchemaGenerator(generators.SchemaGenerator):
    def get_schema(self, request=None, public=False):
        # One language for the whole schema: the descriptions are English, and DRF's and
        # Django's own texts (the pager's parameters, field titles, choice labels) would
        # otherwise follow the caller's Accept-Language.
        with translation.override("en"):
            return super().get_schema(request=request, public=public)


class AutoSchema(SpectacularAutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        responses = operation["responses"]
        for status, (description, headers) in self.error_answers(operation).items():
            if status not in responses:
                responses[status] = self.error_response(description, headers)
            elif not responses[status].get("description"):  # the view named only the body
                responses[status]["description"] = description
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def get_tags(self) -> list[str]:
        rest = self.path.removeprefix(API_PREFIX)
        for prefix in sorted(AREAS, key=len, reverse=True):
            if rest.startswith(prefix):
                return [AREAS[prefix]]
        return super().get_tags()

    def get_serializer_name(self, serializer, direction):
        """Names nested serializers after their view (MeView.OutputSerializer → MeViewOutput),
        so that every APIView can call its own `InputSerializer`/`OutputSerializer`."""
        cls = serializer.__class__
        if "." in cls.__qualname__ and "<locals>" not in cls.__qualname__:
            return cls.__qualname__.replace(".", "").removesuffix("Serializer")
        return super().get_serializer_name(serializer, direction)

    # --- the error answers ------------------------------------------------------------------

    def error_answers(self, operation: dict) -> dict[str, tuple[str, dict]]:
        """{status: (description, headers)} of the errors this operation can give."""
        answers: dict[str, tuple[str, dict]] = {}
        parameters = operation.get("parameters", [])
        bad_request = self.bad_request(operation, parameters)
        if bad_request:
            answers["400"] = (bad_request, {})
        if self.needs_sign_in():
            answers["401"] = (
                "not_authenticated: no session token (or session cookie) was sent; session_expired: "
                "the token is unknown or its session has ended. Sign in again.",
                {"WWW-Authenticate": "`X-Session-Token`: the header app clients send their session token in."},
            )
            forbidden = self.forbidden()
            if forbidden:
                answers["403"] = (forbidden, {})
        not_found = self.not_found(parameters)
        if not_found:
            answers["404"] = (not_found, {})
        rates = [getattr(t, "rate", None) for t in self.view.get_throttles()]
        if rates:
            limit = ", ".join(r for r in rates if r)
            answers["429"] = (
                f"throttled: too many requests{f' (at most {limit})' if limit else ''}. "
                "Retry-After says how many seconds to wait.",
                {"Retry-After": "Seconds to wait before trying again."},
            )
        return answers

    def bad_request(self, operation: dict, parameters: list[dict]) -> str:
        reasons = []
        if "requestBody" in operation:
            reasons.append("invalid: a field is missing or not valid (`fields` names each and why)")
        filters = sorted(
            p["name"]
            for p in parameters
            if p["in"] in ("query", "header") and p["name"] not in PAGING_PARAMETERS and p["name"] != IDEMPOTENCY_KEY
        )
        if filters:
            reasons.append(f"invalid: a parameter is not valid ({', '.join(f'`{f}`' for f in filters)}; `fields` says why)")
        if any(p["in"] == "header" and p["name"] == IDEMPOTENCY_KEY for p in parameters):
            # Every service that takes the key refuses a bad one with its own code, not `invalid`.
            reasons.append("invalid_idempotency_key: the Idempotency-Key is longer than 64 characters, or has invisible ones")
        if self.method in BODY_METHODS:
            # friendlystreet.api.base.APIView reads every body, also of actions that need none.
            reasons.append("parse_error: the body could not be read (send JSON, or no body)")
        return "; ".join(reasons)

    def needs_sign_in(self) -> bool:
        permissions = self.view.get_permissions()
        if not permissions or any(isinstance(p, PUBLIC_PERMISSIONS) for p in permissions):
            return False
        read_only_public = any(isinstance(p, IsAuthenticatedOrReadOnly) for p in permissions)
        return not (read_only_public and self.method in SAFE_METHODS)

    def forbidden(self) -> str:
        """403 where a permission class asks for more than a signed-in caller."""
        beyond = [p for p in self.view.get_permissions() if not isinstance(p, SIGN_IN_PERMISSIONS)]
        if not beyond:
            return ""
        perms = [p.perm for p in beyond if getattr(p, "perm", "")]
        if not perms:
            return "permission_denied: signed in without the permission this needs."
        riders = [p for p in beyond if isinstance(p, IsRider)]
        perms += [p.staff_reads for p in riders if p.staff_may(self.method)]  # staff who read a rider's endpoint too
        holders = sorted({role for role, held in roles.ROLE_PERMISSIONS.items() if any(p in held for p in perms)})
        who = f" (roles that have it: {', '.join(holders)})" if holders else ""
        if riders:
            return (
                f"rider_only: signed in without {' or '.join(f'`{p}`' for p in perms)}{who}: the caller's account "
                "is not a rider's (a partner operator's, say)."
            )
        return f"permission_denied: signed in without {', '.join(f'`{p}`' for p in perms)}{who}."

    def not_found(self, parameters: list[dict]) -> str:
        reasons = []
        in_path = [p["name"] for p in parameters if p["in"] == "path"]
        if in_path:
            names = ", ".join(f"`{name}`" for name in in_path)
            reasons.append(f"not_found: nothing with this {names}, or nothing the caller may see")
        pagination = getattr(self.view, "pagination_class", None)
        if pagination and issubclass(pagination, PageNumberPagination) and any(p["name"] == "page" for p in parameters):
            reasons.append("not_found: the `page` is past the end (or not a number)")
        return "; ".join(reasons)

    def error_response(self, description: str, headers: dict[str, str]) -> dict:
        response = {
            "description": description,
            "content": {"application/json": {"schema": self.resolve_serializer(ErrorSerializer, "response").ref}},
        }
        if headers:
            response["headers"] = {
                name: {"schema": {"type": "integer" if name == "Retry-After" else "string"}, "description": text}
                for name, text in headers.items()
            }
        return response


class OnlyItsFieldsSchema(OpenApiSerializerExtension):
    target_class = OnlyItsFields
    match_subclasses = True

    def map_serializer(self, auto_schema, direction):
        # The schema drf-spectacular makes of the serializer, as its own extensions get it.
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        if not type(self.target).__dict__.get("__doc__"):
            # Not the mixin's docstring, which is for us: drf-spectacular takes a base's.
            schema["description"] = ONLY_ITS_FIELDS
        return {**schema, "additionalProperties": False}
