"""A new app developer follows README's API section (API review): every address its examples
call exists, the tour covers a rider's whole day (claims, the passbook, rewards, vouchers,
notifications) and the partner's counter, and the check-in results it lists are all of them."""

from __future__ import annotations

import re
from pathlib import Path

from django.urls import Resolver404, resolve

from volunteers.services import CheckinResult

README = Path(__file__).resolve().parent.parent / "README.md"


def api_section() -> str:
    text = README.read_text(encoding="utf-8")
    return text[text.index("## API\n") : text.index("\n## ", text.index("## API\n") + 1)]


def called_paths() -> list[str]:
    """The paths the examples call: `$V/…` under /api/v1/, `$A/…` under allauth's app API."""
    prefixes = {"V": "/api/v1", "A": "/_allauth/app/v1"}
    return [
        prefixes[var] + path.split("?")[0]
        for var, path in re.findall(r"\$([VA])(/[^\s\"'#,;:)]*)", api_section())
        if "…" not in path  # "…/3/finish/": a continuation, not an address
    ]


def test_every_address_the_examples_call_exists():
    paths = called_paths()
    assert len(paths) > 40

    missing = []
    for path in paths:
        try:
            resolve(path)
        except Resolver404:
            missing.append(path)
    assert missing == []


def test_the_examples_run_against_a_server_not_a_bare_path():
    examples = re.findall(r"```sh\n(.*?)```", api_section(), re.S)

    assert examples[0].startswith("S=http://127.0.0.1:8000; A=$S/_allauth/app/v1; V=$S/api/v1\n")
    for block in examples:
        assert not re.search(r"curl [^\n]*\s/(api|_allauth)/", block), block


def test_the_tour_covers_a_riders_day_and_the_counter():
    names = {resolve(path).view_name for path in called_paths()}

    assert {
        "points_api:rule_list",
        "points_api:claim_list",
        "points_api:claim_withdraw",
        "points_api:me_ledger",
        "points_api:reward_list",
        "points_api:reward_redeem",
        "points_api:voucher_list",
        "points_api:voucher_detail",
        "points_api:voucher_cancel",
        "notifications_api:list",
        "notifications_api:read",
        "points_api:merchant_lookup",
        "points_api:merchant_redeem",
        "points_api:merchant_redemptions",
        "volunteers_api:activity_my_checkin_qr",
        "venues_api:venue_list",
    } <= names


def test_every_check_in_result_is_listed():
    section = api_section()

    assert [result for result in CheckinResult.ALL if f"`{result}`" not in section] == []
    for refusal in ("checkin_not_open", "checkin_closed", "roster_closed"):
        assert f"`{refusal}`" in section
