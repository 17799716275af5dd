"""Voucher codes: unguessable, easy to read out and to type.

12 characters from 31 (no 0/O, 1/I/L): 31**12 ≈ 8·10**17 codes. Even at the look-up rate
limit's pace a guesser would need millions of years to hit one of a million live vouchers.
Shown in groups of four (ABCD-EFGH-JKMN); typed in any case, with or without spaces and
dashes, on any keyboard: a Chinese one's full-width mode (ＡＢＣＤ－ＥＦＧＨ) and its long
dashes (——) are read as the plain letters, digits and dashes.
"""

from __future__ import annotations

import re
import secrets
import unicodedata

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 12
_VALID = re.compile(f"^[{ALPHABET}]{{{LENGTH}}}$")
# After NFKC: spaces, hyphens, and the dashes and dots a Chinese keyboard types (—, –, ‐, ・).
_SEPARATORS = re.compile(r"[\s\-_.·\u2010-\u2015\u2212\u30fb]+")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(text: str | None) -> str:
    """What a person typed or a scanner read → the stored form (may still be invalid)."""
    # NFKC turns a full-width Ａ or ７ into A or 7 (and the full-width space and hyphen
    # into plain ones); it leaves a Chinese character alone, so that is still no code.
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", (text or "")[:64])).upper()


def is_well_formed(code: str) -> bool:
    """A normalised code that could exist. Anything else is `not_found` without a query."""
    return bool(_VALID.match(code))


def display(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))
