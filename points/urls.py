"""HTML pages of the points app (mounted at / by friendlystreet/urls.py, namespace "points")."""

from django.urls import path

import friendlystreet.inputs  # noqa: F401 - registers the <id:> converter

from . import views

app_name = "points"

urlpatterns = [
    path("points/how-to-earn/", views.how_to_earn, name="how_to_earn"),
    # The rider's pages.
    path("points/", views.passbook, name="passbook"),
    path("points/claims/", views.claim_list, name="claim_list"),
    path("points/claims/new/", views.claim_new, name="claim_new"),
    path("points/claims/<id:pk>/", views.claim_detail, name="claim_detail"),
    path("points/claims/<id:pk>/withdraw/", views.claim_withdraw, name="claim_withdraw"),
    path("points/photos/<id:pk>/", views.claim_photo, name="claim_photo"),
    # Staff: review, verification, rules, balances.
    path("staff/claims/", views.review_queue, name="review_queue"),
    path("staff/claims/bulk/", views.claim_bulk, name="claim_bulk"),
    path("staff/claims/<id:pk>/", views.review_claim, name="review_claim"),
    path("staff/claims/<id:pk>/approve/", views.claim_approve, name="claim_approve"),
    path("staff/claims/<id:pk>/reject/", views.claim_reject, name="claim_reject"),
    path("staff/riders/", views.rider_queue, name="rider_queue"),
    path("staff/riders/<id:pk>/decide/", views.rider_decide, name="rider_decide"),
    # The rider's evidence for verification: their upload page, and the image (the rider, staff).
    path("profile/evidence/", views.evidence_upload, name="evidence_upload"),
    path("riders/<id:pk>/evidence/", views.rider_evidence, name="rider_evidence"),
    path("staff/rules/", views.rule_list, name="rule_list"),
    path("staff/rules/new/", views.rule_edit, name="rule_new"),
    path("staff/rules/<id:pk>/", views.rule_edit, name="rule_edit"),
    path("staff/categories/new/", views.category_edit, name="category_new"),
    path("staff/categories/<id:pk>/", views.category_edit, name="category_edit"),
    path("staff/balances/", views.balance_lookup, name="balance_lookup"),
    path("staff/balances/<id:pk>/", views.balance_rider, name="balance_rider"),
]

# Rewards, vouchers and the merchant's redemption page (points/rewards/urls.py).
from .rewards.urls import urlpatterns as _reward_urlpatterns  # noqa: E402

urlpatterns += _reward_urlpatterns
