"""Writes of the public texts: staff publish; anyone signed in signs the convention once."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from friendlystreet.accounts.models import User
from friendlystreet.audit.services import audit_changes, audit_record, audit_snapshot
from friendlystreet.days import date_problem
from friendlystreet.uploads import clean_image, delete_files
from venues.models import POSITION_MAX, POSITION_RANGE

from ..errors import require
from ..models import PublicText, SignatoryParty, Signature
from . import errors, selectors

TEXT_FIELDS = ("kind", "title", "body", "issued_on", "issuer", "published", "order")


def _text_problems(text: PublicText) -> dict[str, list[str]]:
    """What the form's fields cannot say: 排序 from 0 to 999, as every staff list orders by
    (99999 does not fit the column: a 500 on PostgreSQL), and a date of the years we plan in."""
    problems = {}
    if text.order is None or not 0 <= text.order <= POSITION_MAX:
        problems["order"] = [str(POSITION_RANGE)]
    if text.issued_on is not None and (problem := date_problem(text.issued_on)):
        problems["issued_on"] = [problem]
    return problems


def text_save(*, actor: User, text: PublicText | None = None, image: Any = None, **fields: Any) -> PublicText:
    """Create (text=None) or edit a public text; an image is cleaned like every upload. Field
    problems raise ValidationError({field: [...]}); nothing is saved then."""
    require(actor, selectors.PERM_MANAGE)
    content = None
    if image:
        try:
            content = clean_image(image)
        except ValidationError as exc:
            raise ValidationError({"image": exc.messages}) from None
    with transaction.atomic():
        if text is None:
            text = PublicText()
            before: dict = {}
        else:
            text = PublicText.objects.select_for_update().get(pk=text.pk)
            before = audit_snapshot(text, TEXT_FIELDS)
        for name, value in fields.items():
            if name in TEXT_FIELDS:
                setattr(text, name, value)
        problems = _text_problems(text)
        if problems:  # before the image is stored: a refused text leaves no file behind
            raise ValidationError(problems)
        if content is not None:
            replaced = text.image.name
            text.image.save(content.name or "image.jpg", content, save=False)  # .png when it has transparency
            if replaced:  # the old picture goes once the new one is saved for good
                transaction.on_commit(lambda: delete_files([replaced]))
        text.save()
        changes = audit_changes(before, audit_snapshot(text, TEXT_FIELDS))
        changes.pop("body", None)  # the text itself is on the page; the trail says it changed
        audit_record(actor=actor, action="volunteers.text_saved", target=text, data=changes)
    return text


def text_sign(*, user: User, text: PublicText, party: str = "", organisation: str = "") -> Signature:
    """Sign the convention once, for a party that is the signer's (selectors.signing_rights):
    riders as couriers; a community's or a property company's people for the community or the
    station their account is linked to, by its name (filled in when there is one; one of theirs
    when there are several). Signing for anyone else is NotEntitled; nothing is written."""
    if not user.is_authenticated:
        raise errors.NotAllowed()
    if not (text.published and text.signable):
        raise errors.NotSignable()
    party = selectors.preset_party(user) or party
    organisation = (organisation or "").strip()
    if party not in SignatoryParty.values:
        raise ValidationError({"party": _("Choose who you sign for: a community, a property company, or a courier or rider.")})
    rights = selectors.signing_rights(user)
    if party not in rights:
        raise errors.NotEntitled()
    names = rights[party]
    problems = {}
    if party == SignatoryParty.COURIER:
        organisation = organisation if names is None else ""  # a rider signs as themselves
    elif names is None:  # a superuser records a signature: the name is theirs to write
        if not organisation:
            problems["organisation"] = _("Write the name of the community or company you sign for.")
    elif not organisation and len(names) == 1:
        organisation = names[0]
    elif organisation not in names:
        problems["organisation"] = _("Choose whom you sign for: %(names)s.") % {"names": "、".join(names)}
    if len(organisation) > 120:
        problems["organisation"] = _("Keep the name under 120 characters.")
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        if Signature.objects.filter(text=text, signer=user).exists():
            raise errors.AlreadySigned()
        try:
            with transaction.atomic():
                signature = Signature.objects.create(text=text, signer=user, party=party, organisation=organisation)
        except IntegrityError:
            raise errors.AlreadySigned() from None
        audit_record(actor=user, action="volunteers.text_signed", target=text, data={"party": party})
    return signature


def text_unsign(*, user: User, text: PublicText) -> None:
    with transaction.atomic():
        deleted, _rows = Signature.objects.filter(text=text, signer=user).delete()
        if not deleted:
            raise errors.NotSigned()
        audit_record(actor=user, action="volunteers.text_unsigned", target=text)
