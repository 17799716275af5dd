"""A street admin opens a rider's balance to adjust it. 匿名化 sat right under the heading, above
the balance and the adjustment form, the first action of the page although it has nothing to do
with the balance (a rider's own request, made in person). Now it is in a section of its own at the
end, after the latest entries, as on the rider's verification page
(tests/points/test_rider_reveal_offers_what_is_hidden.py): the same markup, one pattern."""

from __future__ import annotations

import pytest
from django.urls import reverse

from points import services

pytestmark = pytest.mark.django_db


def page(client, rider) -> str:
    client.cookies["django_language"] = "zh-hans"
    return client.get(reverse("points:balance_rider", args=[rider.pk])).content.decode()


def test_anonymise_is_in_its_own_section_after_the_balance_and_its_entries(client_for, rider, street_admin):
    services.balance_adjust(actor=street_admin, rider=rider, amount=3, reason="补录")
    html = page(client_for(street_admin), rider)

    anonymise = html.index('data-testid="anonymise"')
    assert html.index("<h1>") < html.index('id="balance"') < html.index('id="adjust-form"') < html.index("</table>") < anonymise
    section = html.split('<section id="anonymise-section" aria-labelledby="anonymise-title">', 1)[1].split("</section>", 1)[0]
    assert '<h2 id="anonymise-title">匿名化骑手账号</h2>' in section
    assert f'<a href="/staff/riders/{rider.pk}/anonymise/" class="button danger" data-testid="anonymise">匿名化</a>' in section
    assert html.count('data-testid="anonymise"') == 1


def test_the_same_section_as_on_the_verification_page(client_for, rider, street_admin):
    """One pattern: the balance page's section is the verification page's, word for word."""
    staff = client_for(street_admin)
    staff.cookies["django_language"] = "zh-hans"
    decide = staff.get(f"/staff/riders/{rider.pk}/decide/").content.decode()

    def section(html: str) -> str:
        start = html.index('<section id="anonymise-section"')
        return html[start : html.index("</section>", start)]

    assert section(page(staff, rider)) == section(decide)
