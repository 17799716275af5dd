"""API routes of the points app (mounted at /api/v1/ by friendlystreet/urls.py, namespace "points_api")."""

from django.urls import path

import friendlystreet.inputs  # noqa: F401 - registers the <id:> converter

from . import api

app_name = "points_api"

urlpatterns = [
    path("rules/", api.RuleListApi.as_view(), name="rule_list"),
    path("claims/", api.ClaimListCreateApi.as_view(), name="claim_list"),
    path("claims/bulk/", api.ClaimBulkApi.as_view(), name="claim_bulk"),
    path("claims/<id:pk>/", api.ClaimDetailApi.as_view(), name="claim_detail"),
    path("claims/<id:pk>/photos/<id:photo_pk>/", api.ClaimPhotoApi.as_view(), name="claim_photo"),
    path("claims/<id:pk>/withdraw/", api.ClaimWithdrawApi.as_view(), name="claim_withdraw"),
    path("claims/<id:pk>/approve/", api.ClaimApproveApi.as_view(), name="claim_approve"),
    path("claims/<id:pk>/reject/", api.ClaimRejectApi.as_view(), name="claim_reject"),
    path("me/ledger/", api.MeLedgerApi.as_view(), name="me_ledger"),
    path("me/evidence/", api.MeEvidenceApi.as_view(), name="me_evidence"),
]

# Rewards, vouchers and the merchant endpoints (points/rewards/api_urls.py).
from .rewards.api_urls import urlpatterns as _reward_urlpatterns  # noqa: E402

urlpatterns += _reward_urlpatterns
