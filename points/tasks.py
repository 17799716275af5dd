"""Celery tasks of the points app. Thin: they call a service, and are safe to run twice."""

from __future__ import annotations

from celery import shared_task


@shared_task
def expire_vouchers() -> int:
    """Every few minutes: expire unused vouchers past their validity, refund and restock."""
    from .rewards.services import vouchers_expire_due

    return vouchers_expire_due()


@shared_task
def remind_vouchers() -> int:
    """Hourly: remind riders of unused vouchers that expire within a day (once per voucher)."""
    from .rewards.services import vouchers_remind_due

    return vouchers_remind_due()
