from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from friendlystreet.accounts.access import IsRider
from friendlystreet.accounts.models import Verification
from friendlystreet.accounts.roles import ROLE_LABELS, role_names
from friendlystreet.inputs import CheckedSerializer, OnlyItsFields

from .base import APIView
from .me import me_fields, me_update


class RegisteredProfileFields(serializers.Serializer):
    def get_fields(self):
        update = me_update()
        return update.fields() if update else {}


class MeInputSerializer(OnlyItsFields, CheckedSerializer, RegisteredProfileFields):
    """What a rider may change of their own profile, as on the web page /profile/edit/: send
    only the fields to change. A new name, platform or work type of a verified rider is
    checked again by the street office: `verification` in the answer says so."""


class MeView(APIView):
    """Who is signed in: name, masked phone, roles and verification, with what the feature
    apps add: the points `balance`, and for a partner operator the `venues` they run."""

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        display_name = serializers.CharField(source="public_name", help_text="The name others see.")
        masked_phone = serializers.CharField(help_text="The phone as merchants see it: 138****0001.")
        roles = serializers.SerializerMethodField()
        verification = serializers.ChoiceField(
            choices=Verification.choices,
            help_text="A rider's check by the street office; only `verified` riders redeem rewards.",
        )

        def get_fields(self):
            return {**super().get_fields(), **me_fields()}

        @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=list(ROLE_LABELS))))
        def get_roles(self, user) -> list[str]:
            return role_names(user)

    def get_permissions(self):
        update = me_update()
        if self.request is not None and self.request.method == "PATCH" and update:
            # Everyone reads who they are; only a rider has a rider's profile to change.
            return [*super().get_permissions(), IsRider.of(update.perm)()]
        return super().get_permissions()

    @extend_schema(operation_id="me_retrieve", responses=OutputSerializer)
    def get(self, request):
        return Response(self.OutputSerializer(request.user).data)

    @extend_schema(operation_id="me_partial_update", request=MeInputSerializer, responses=OutputSerializer)
    def patch(self, request):
        """A rider changes their profile (the fields sent; any other field is a 400 naming
        it), through the service the web page uses. Answers as GET does."""
        update = me_update()
        if update is None:
            return self.http_method_not_allowed(request)
        s = MeInputSerializer(data=request.data, partial=True)
        s.is_valid(raise_exception=True)
        update.save(rider=request.user, data=s.validated_data)
        request.user.refresh_from_db()
        return Response(self.OutputSerializer(request.user).data)
