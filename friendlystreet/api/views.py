from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from friendlystreet.accounts.models import Verification
from friendlystreet.accounts.roles import ROLE_LABELS, role_names

from .base import APIView
from .me import me_fields


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

    @extend_schema(operation_id="me_retrieve", responses=OutputSerializer)
    def get(self, request):
        return Response(self.OutputSerializer(request.user).data)
