from __future__ import annotations

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from friendlystreet.accounts.roles import role_names
from friendlystreet.accounts.selectors import me_extensions


class MeView(APIView):
    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        display_name = serializers.CharField()
        masked_phone = serializers.CharField()
        roles = serializers.ListField(child=serializers.CharField())
        verification = serializers.CharField()

    @extend_schema(operation_id="me_retrieve", responses=OutputSerializer)
    def get(self, request):
        user = request.user
        data = {
            "id": user.id,
            "display_name": user.public_name(),
            "masked_phone": user.masked_phone,
            "roles": role_names(user),
            "verification": user.verification,
        }
        # Feature apps add their parts (balance, venues) without this view importing them.
        for extend in me_extensions:
            data.update(extend(user))
        return Response(data)


class TokenThrottle(AnonRateThrottle):
    scope = "token"


class TokenView(APIView):
    """App clients (the WeChat mini-program) trade a phone/username and password for a token.

    Send it as `Authorization: Token <key>`; the browser uses the session instead.
    """

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [TokenThrottle]

    class InputSerializer(serializers.Serializer):
        login = serializers.CharField(max_length=150)
        password = serializers.CharField(max_length=128, trim_whitespace=False)

    class OutputSerializer(serializers.Serializer):
        token = serializers.CharField()

    @extend_schema(operation_id="auth_token_create", request=InputSerializer, responses=OutputSerializer)
    def post(self, request):
        from friendlystreet.accounts.phones import normalize_phone

        s = self.InputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        login = s.validated_data["login"].strip()
        phone = normalize_phone(login)
        credentials = {"phone": phone} if phone else {"username": login}
        user = authenticate(request._request, password=s.validated_data["password"], **credentials)
        if user is None or not user.is_active:
            raise serializers.ValidationError({"non_field_errors": [_("Wrong phone/username or password.")]})
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
