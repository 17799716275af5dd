"""API of the public texts: the initiative letters, the letter to mobile party members and the
tripartite convention (三方公约), with its signatures by party; signing once and withdrawing.
Drafts are staff's (404 to others). The texts' services and selectors decide, as for the pages."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from friendlystreet.api.base import APIView
from friendlystreet.api.errors import ErrorSerializer, one_of
from friendlystreet.inputs import CheckedSerializer

from .api_reports import CodeField
from .models import PublicText, SignatoryParty, TextKind
from .texts import selectors, services
from .texts.markdown import render as render_markdown

ONE_OF = "one of: %s"  # a plain string, not an enum component named "kind" (see volunteers/api.py)


def error(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description)


NOT_FOUND = error("not_found: no such text, or a draft (staff only)")


# --- output -------------------------------------------------------------------------------------


class SignatureCountsSerializer(serializers.Serializer):
    """How many have signed, by party (zero for none; all zero for a text that is not signed).
    Context: `counts`, {text id: {party: count}} (selectors.signature_counts_for)."""

    community = serializers.IntegerField()
    property = serializers.IntegerField()
    courier = serializers.IntegerField()

    def __init__(self, **kwargs):
        super().__init__(source="pk", **kwargs)

    def to_representation(self, pk: int):
        return super().to_representation(self.context["counts"][pk])


class ImageUrlField(serializers.CharField):
    def __init__(self, **kwargs):
        super().__init__(source="*", allow_null=True, **kwargs)

    def to_representation(self, text: PublicText) -> str | None:
        if not text.image:
            return None
        return self.context["request"].build_absolute_uri(reverse("volunteers:text_image", args=[text.pk]))


class TextOutputSerializer(serializers.Serializer):
    """A text as the list shows it. Context: `request`, `counts`."""

    id = serializers.IntegerField()
    kind = serializers.CharField(help_text=ONE_OF % ", ".join(TextKind.values))
    kind_name = serializers.CharField(source="get_kind_display")
    title = serializers.CharField()
    issued_on = serializers.DateField()
    issuer = serializers.CharField()
    signable = serializers.BooleanField(help_text="only the convention is signed")
    signatures = SignatureCountsSerializer()
    published = serializers.BooleanField(help_text="false: a draft, shown to staff who manage texts only")
    image_url = ImageUrlField()


class MySignatureSerializer(serializers.Serializer):
    party = serializers.CharField(help_text=ONE_OF % ", ".join(SignatoryParty.values))
    organisation = serializers.CharField()
    created_at = serializers.DateTimeField()


class HtmlField(serializers.CharField):
    """The Markdown body rendered safely (HTML in the source is escaped, script links refused)."""

    def __init__(self, **kwargs):
        super().__init__(source="body", **kwargs)

    def to_representation(self, body: str) -> str:
        return str(render_markdown(body))


class TextDetailOutputSerializer(TextOutputSerializer):
    body = serializers.CharField(help_text="Markdown")
    html = HtmlField()
    # `my_signature` is set on the text by the view (null: not signed, or anonymous).
    my_signature = MySignatureSerializer(allow_null=True)


def detail_response(request, pk: int, status_code: int = status.HTTP_200_OK) -> Response:
    """The text as its detail shows it, with the caller's signature; 404 when not visible."""
    text = selectors.text_for(request.user, pk)
    if text is None:
        raise exceptions.NotFound()
    text.my_signature = selectors.signature_of(request.user, text)
    context = {"request": request, "counts": selectors.signature_counts_for([text])}
    return Response(TextDetailOutputSerializer(text, context=context).data, status=status_code)


def visible_text(request, pk: int) -> PublicText:
    text = selectors.text_for(request.user, pk)
    if text is None:
        raise exceptions.NotFound()
    return text


# --- views --------------------------------------------------------------------------------------


class TextListApi(APIView):
    """Published texts in their order (staff who manage texts: drafts too), with the
    signatures by party; `?kind=` one kind. A handful of texts: not paged."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="texts_list",
        parameters=[OpenApiParameter("kind", OpenApiTypes.STR, enum=TextKind.values)],
        responses={200: TextOutputSerializer(many=True), 400: error("invalid: a kind")},
    )
    def get(self, request):
        kind = request.query_params.get("kind", "")
        if kind and kind not in TextKind.values:
            raise serializers.ValidationError({"kind": [one_of(TextKind.values)]})
        texts = list(selectors.texts_visible_to(request.user, kind=kind))
        context = {"request": request, "counts": selectors.signature_counts_for(texts)}
        return Response(TextOutputSerializer(texts, many=True, context=context).data)


class TextDetailApi(APIView):
    """One text with its Markdown body, the body rendered, and the caller's signature."""

    permission_classes = [AllowAny]

    @extend_schema(operation_id="texts_retrieve", responses={200: TextDetailOutputSerializer, 404: NOT_FOUND})
    def get(self, request, pk: int):
        return detail_response(request, pk)


class TextSignApi(APIView):
    """POST: sign the convention once, for a party that is the caller's. Riders sign as couriers
    whatever they send; a community through the operators of its community station, for that
    community; a property company through the operators of its property station, by the
    station's name (`organisation` may be left out when the account has one; else one of
    theirs, 400). Any other party is 403 not_entitled. 201 with the text. 409 already_signed,
    not_signable (not the convention). DELETE: withdraw one's signature (409 not_signed)."""

    permission_classes = [IsAuthenticated]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # A withdrawal reads no body, but one sent as JSON must be JSON: a 400 parse_error, as on
        # POST (api/base.py). Other bodies (a client's empty octet-stream) are ignored.
        if request.method == "DELETE" and request.content_type.startswith("application/json"):
            request.data  # noqa: B018 - DRF parses here, and raises ParseError

    class InputSerializer(CheckedSerializer):
        party = CodeField(
            codes=SignatoryParty.values, required=False, allow_blank=True, default="", help_text="riders: preset to courier"
        )
        organisation = serializers.CharField(
            required=False, allow_blank=True, default="", help_text="the community or property station signed for"
        )

    @extend_schema(
        operation_id="texts_sign",
        request=InputSerializer,
        responses={
            201: TextDetailOutputSerializer,
            400: error("invalid: a party, or an organisation that is not the caller's"),
            403: error("not_entitled: the party is not the caller's"),
            404: NOT_FOUND,
            409: error("already_signed, not_signable"),
        },
    )
    def post(self, request, pk: int):
        text = visible_text(request, pk)
        s = self.InputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        services.text_sign(user=request.user, text=text, **s.validated_data)
        return detail_response(request, pk, status.HTTP_201_CREATED)

    @extend_schema(
        operation_id="texts_unsign",
        request=None,
        responses={
            200: TextDetailOutputSerializer,
            400: error("parse_error: a malformed body"),
            404: NOT_FOUND,
            409: error("not_signed"),
        },
    )
    def delete(self, request, pk: int):
        services.text_unsign(user=request.user, text=visible_text(request, pk))
        return detail_response(request, pk)
