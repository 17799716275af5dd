"""API routes of the rewards, appended to points/api_urls.py (namespace "points_api")."""

from django.urls import path

import friendlystreet.inputs  # noqa: F401 - registers the <id:> converter

from . import api

urlpatterns = [
    path("rewards/", api.RewardListCreateApi.as_view(), name="reward_list"),
    path("rewards/<id:pk>/", api.RewardDetailApi.as_view(), name="reward_detail"),
    path("rewards/<id:pk>/redeem/", api.RewardRedeemApi.as_view(), name="reward_redeem"),
    path("vouchers/", api.VoucherListApi.as_view(), name="voucher_list"),
    path("vouchers/<str:code>/", api.VoucherDetailApi.as_view(), name="voucher_detail"),
    path("vouchers/<str:code>/qr.svg", api.VoucherQrApi.as_view(), name="voucher_qr"),
    path("vouchers/<str:code>/cancel/", api.VoucherCancelApi.as_view(), name="voucher_cancel"),
    path("merchant/vouchers/<str:code>/", api.MerchantLookupApi.as_view(), name="merchant_lookup"),
    path("merchant/vouchers/<str:code>/redeem/", api.MerchantRedeemApi.as_view(), name="merchant_redeem"),
    path("merchant/redemptions/", api.MerchantRedemptionsApi.as_view(), name="merchant_redemptions"),
    path("merchant/redemptions/months/", api.MerchantRedemptionMonthsApi.as_view(), name="merchant_redemption_months"),
]
