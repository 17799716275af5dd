from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
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
