"""Words shown as a list: 饮用水、热水 in Chinese, drinking water, hot water in English.

The separator is the catalogue's (msgctxt "list separator": ", " → 、 and "; " → ；), so a
page in English never shows the Chinese 、 and a page in Chinese never shows ", ".

- `listed`: the list now, in the active language (a message, a form error, a cell); with
  `and_last=True`, a list read in a sentence: "270 points and 1 unused voucher" in English,
  270 积分、1 张未使用的兑换券 in Chinese (msgctxt "list, before the last item": 、 there).
- `listed_lazy`: the list rendered later, in the reader's language (a notice notify() renders
  in its recipient's language, a text built before a request).
- `listed_html`: the list in HTML, its items escaped unless already safe (linked names).
- `listed_for_record`: the list as an audit entry stores it.
- In templates, `{% load lists %}` and `{{ venues|listed }}`.

Sentences side by side are joined the same way: `sentences(a, b)` puts a space between them in
English and nothing in Chinese, whose 。 carries its own space ("请检查标出的内容。照片没有保留……",
not "…内容。 照片…"). In templates, `{% between_sentences %}` where two sentences meet.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.functional import lazy
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import pgettext


def _separator(semicolons: bool) -> str:
    # "; " between items that have commas of their own (the lines of a digest, the rows of an import).
    return pgettext("list separator", "; ") if semicolons else pgettext("list separator", ", ")


def listed(items: Iterable[Any], *, semicolons: bool = False, and_last: bool = False) -> str:
    """`items` (strings or lazy translations) joined with the active language's separator;
    with `and_last`, the last two joined by the language's "and" (a list inside a sentence)."""
    words = [str(item) for item in items]
    if and_last and len(words) > 1:
        return _separator(semicolons).join(words[:-1]) + pgettext("list, before the last item", " and ") + words[-1]
    return _separator(semicolons).join(words)


_listed_later = lazy(listed, str)


def listed_lazy(items: Iterable[Any], *, semicolons: bool = False) -> str:
    """As `listed`, rendered each time it is read, in the language active then. The items are
    taken now (a generator can be read only once); lazy items are translated when read."""
    return _listed_later(tuple(items), semicolons=semicolons)


def listed_html(items: Iterable[Any], *, semicolons: bool = False) -> SafeString:
    """As `listed`, for HTML: each item escaped unless it is already safe (format_html's)."""
    separator = conditional_escape(_separator(semicolons))
    return mark_safe(separator.join(conditional_escape(item) for item in items))  # noqa: S308 - every part escaped


# Languages that put no space between sentences (their full stop is full-width).
_NO_SPACE_BETWEEN_SENTENCES = ("zh", "ja")


def sentence_separator() -> str:
    """What goes between two sentences in the active language: "" in Chinese, " " otherwise.
    Not a catalogue entry: gettext reads an empty translation as a missing one."""
    language = (translation.get_language() or settings.LANGUAGE_CODE).lower()
    return "" if language.split("-")[0] in _NO_SPACE_BETWEEN_SENTENCES else " "


def sentences(*parts: Any) -> str:
    """Sentences (strings or lazy translations) one after another in the active language; empty
    parts are left out."""
    texts = (str(part) for part in parts if part is not None)
    return sentence_separator().join(text for text in texts if text)


def listed_for_record(items: Iterable[Any]) -> str:
    """As an audit entry stores a list: in the site's language (Chinese, 、) whoever wrote the
    entry, as the trail's other texts (a venue's opening hours are stored in Chinese too), so
    that the trail reads the same whichever language each of its writers used."""
    with translation.override(settings.LANGUAGE_CODE):
        return listed(items)
