"""Names staff write in Chinese, with an optional English name beside them.

A category, an earning rule, a community, an amenity: staff name them in Chinese (`name`, the
programme's own word, what exports to the street office and the audit trail keep), and may add
`name_en` for English readers. Pages and the API show `label()`: the English name to a reader
in English when there is one, else the Chinese name. One rule, here; the models inherit it
(EnglishNamed), and code that reads plain values (`.values("rule__name", "rule__name_en")`)
asks `in_reader_language()`. A model named by another field (a reward's `title`) declares its
`title_en` with `english_name_field()` and takes `label()` from `ReaderLabel`.
"""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# Room for an English name twice as long as a long Chinese one: "电瓶充电/换电" is
# "E-bike battery charging or swap".
NAME_EN_MAX_LENGTH = 100


def reads_english(language: str | None = None) -> bool:
    return (language or get_language() or "").startswith("en")


def in_reader_language(name: str, name_en: str | None, language: str | None = None) -> str:
    """`name_en` to a reader in English when staff wrote one, else the Chinese `name`."""
    return name_en if name_en and reads_english(language) else name


SHOWN_TO_ENGLISH_READERS = _("Shown to readers who chose English; leave it empty to show the Chinese name.")


def english_name_field(verbose_name: str = _("name (English)"), *, help_text: str = SHOWN_TO_ENGLISH_READERS) -> models.CharField:
    """The optional English name beside a model's own (Chinese) one: `<own>_en`. A copy a rider
    keeps (a voucher's title) has no help text: staff do not type it."""
    return models.CharField(verbose_name, max_length=NAME_EN_MAX_LENGTH, blank=True, help_text=help_text)


class ReaderLabel:
    """`label()`: the English name to a reader in English when staff wrote one, else the model's
    own. `named_by` is the field holding the own name; its English one is `<named_by>_en`."""

    named_by = "name"

    def label(self, language: str | None = None) -> str:
        return in_reader_language(getattr(self, self.named_by), getattr(self, f"{self.named_by}_en"), language)


class EnglishNamed(ReaderLabel, models.Model):
    """An optional English name beside the model's own (Chinese) `name`. `__str__` stays the
    Chinese name (admin lists, audit entries, exports); what a reader sees is `label()`."""

    name_en = english_name_field()

    class Meta:
        abstract = True


class ReaderNameChoiceField(forms.ModelChoiceField):
    """A choice of EnglishNamed rows, each shown by its name in the reader's language."""

    def label_from_instance(self, obj: EnglishNamed) -> str:
        return obj.label()


class ReaderNamesChoiceField(forms.ModelMultipleChoiceField):
    """Several EnglishNamed rows, each shown by its name in the reader's language."""

    def label_from_instance(self, obj: EnglishNamed) -> str:
        return obj.label()


def id_label_pairs(queryset: models.QuerySet) -> list[tuple[int, str]]:
    """(id, name in the reader's language) of EnglishNamed rows, in the queryset's order, one
    query: the options of a filter."""
    return [(pk, in_reader_language(name, name_en)) for pk, name, name_en in queryset.values_list("id", "name", "name_en")]


def _label_now(obj: EnglishNamed) -> str:
    return obj.label()


# An EnglishNamed row's label() taken when it is turned into text, in the language active then:
# a notice is written in its recipient's language (notifications.notify renders lazy values
# under it), while the request that sent it is the staff member's, in theirs.
label_when_read = lazy(_label_now, str)


def row_label(row: dict) -> str:
    """label() of a row read as a dict ({"name": ..., "name_en": ...}); a row without an
    English name (the dashboard's "No community", already in the reader's language) keeps its own."""
    return in_reader_language(row["name"], row.get("name_en"))
