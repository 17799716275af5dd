"""The programme's public texts: three initiative letters (倡议书), the letter to mobile party
members, and the tripartite convention (三方公约) that people sign."""

from __future__ import annotations

import re

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TextKind(models.TextChoices):
    INITIATIVE = "initiative", _("Initiative letter")
    PARTY_LETTER = "party_letter", _("Letter to party members")
    CONVENTION = "convention", _("Convention")


ISSUER_SEPARATOR = re.compile(r"\u3000+|\s{2,}")


class PublicText(models.Model):
    """A text staff publish; `body` is Markdown, rendered safely (no HTML of the author's passes)."""

    kind = models.CharField(_("kind"), max_length=20, choices=TextKind.choices)
    # In context: the catalogue's bare "title" and "published" are a reward's 名称 and 已上架.
    title = models.CharField(pgettext_lazy("public text", "title"), max_length=120)
    body = models.TextField(_("text (Markdown)"))
    issued_on = models.DateField(_("date"))
    issuer = models.CharField(_("issued by"), max_length=120)
    image = models.FileField(_("image"), upload_to="texts/", max_length=200, blank=True)
    published = models.BooleanField(pgettext_lazy("public text", "published"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["order", "-issued_on", "id"]
        verbose_name = _("public text")
        verbose_name_plural = _("public texts")
        permissions = [("manage_texts", _("Can publish initiatives, letters and the convention"))]

    def __str__(self) -> str:
        return self.title

    @property
    def issuer_lines(self) -> list[str]:
        """The issuers, one a line under the text. Joint issuers are written apart by a full-width
        space (or two spaces), as under a Chinese letter; on one line a phone broke the second
        name in the middle (中共……工作委员会　成 / 都市……办事处)."""
        return [part for part in ISSUER_SEPARATOR.split(self.issuer.strip()) if part]

    @property
    def signable(self) -> bool:
        """Only the convention is signed."""
        return self.kind == TextKind.CONVENTION


class SignatoryParty(models.TextChoices):
    COMMUNITY = "community", _("Community")
    PROPERTY = "property", _("Property company")
    COURIER = "courier", _("Courier or rider")


class Signature(models.Model):
    """One person's signature of a signable text, once per person; withdrawing deletes it."""

    text = models.ForeignKey(PublicText, verbose_name=_("text"), on_delete=models.CASCADE, related_name="signatures")
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("signed by"), on_delete=models.CASCADE, related_name="signatures"
    )
    party = models.CharField(_("party"), max_length=12, choices=SignatoryParty.choices)
    organisation = models.CharField(_("organisation"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("signed at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [models.UniqueConstraint(fields=["text", "signer"], name="signature_once_per_person")]
        indexes = [models.Index(fields=["text", "-created_at"], name="signature_text_recent")]

    def __str__(self) -> str:
        return f"{self.signer} · {self.text}"
