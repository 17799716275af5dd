"""Pages of the rewards, appended to points/urls.py (namespace "points")."""

from django.urls import path

import friendlystreet.inputs  # noqa: F401 - registers the <id:> converter

from . import views

urlpatterns = [
    # The catalogue (public) and redeeming.
    path("rewards/", views.reward_list, name="reward_list"),
    path("rewards/<id:pk>/", views.reward_detail, name="reward_detail"),
    path("rewards/<id:pk>/image/", views.reward_image, name="reward_image"),
    path("rewards/<id:pk>/thumb/", views.reward_thumb, name="reward_thumb"),
    path("rewards/<id:pk>/redeem/", views.reward_redeem, name="reward_redeem"),
    # The rider's vouchers.
    path("vouchers/", views.voucher_list, name="voucher_list"),
    path("vouchers/<str:code>/", views.voucher_detail, name="voucher_detail"),
    path("vouchers/<str:code>/cancel/", views.voucher_cancel, name="voucher_cancel"),
    # Partner operators: the redemption page, history, proposals.
    path("redeem/", views.redeem_page, name="redeem_page"),
    path("redeem/lookup/", views.redeem_lookup, name="redeem_lookup"),
    path("redeem/confirm/", views.redeem_confirm, name="redeem_confirm"),
    path("redeem/history/", views.redeem_history, name="redeem_history"),
    path("redeem/history.csv", views.redeem_history_csv, name="redeem_history_csv"),
    path("redeem/propose/", views.reward_propose, name="reward_propose"),
    path("redeem/rewards/<id:pk>/", views.operator_reward_change, name="operator_reward_change"),
    # Staff: the catalogue.
    path("staff/rewards/", views.staff_reward_list, name="staff_reward_list"),
    path("staff/rewards/new/", views.staff_reward_edit, name="staff_reward_new"),
    path("staff/rewards/<id:pk>/", views.staff_reward_edit, name="staff_reward_edit"),
    path("staff/rewards/<id:pk>/publish/", views.staff_reward_publish, name="staff_reward_publish"),
    path("staff/rewards/<id:pk>/decline/", views.staff_reward_decline, name="staff_reward_decline"),
    path("staff/rewards/<id:pk>/switch-off/", views.staff_reward_switch_off, name="staff_reward_switch_off"),
    path("staff/rewards/<id:pk>/delete/", views.staff_reward_delete, name="staff_reward_delete"),
]
