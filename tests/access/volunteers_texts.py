"""Who may open the initiatives, sign the convention and publish texts
(tests/test_permission_matrix.py walks them)."""

from __future__ import annotations

from datetime import date

from django.core.files.base import ContentFile

from tests.access import LOGIN, Route, page
from tests.venues.factories import jpeg_bytes
from volunteers.models import PublicText, TextKind


def _text(world, **fields) -> dict:
    values = {"kind": TextKind.INITIATIVE, "title": "倡议书", "body": "正文", "issued_on": date(2026, 3, 1), "issuer": "街道"}
    values.update(fields)
    text = PublicText.objects.create(published=True, **values)
    return {"pk": text.pk}


def _convention(world) -> dict:
    return _text(world, kind=TextKind.CONVENTION, title="三方公约")


def _with_image(world) -> dict:
    kwargs = _text(world)
    text = PublicText.objects.get(pk=kwargs["pk"])
    text.image.save("poster.jpg", ContentFile(jpeg_bytes()))
    return kwargs


# Anyone signed in may ask to sign (the rider as a courier, the superuser for the community named;
# the others are told it is not their party: texts.selectors.signing_rights) or to withdraw
# (nothing to withdraw: a message), and is sent back to the page.
SIGNED_IN_POST = {"anon": LOGIN, "rider": 302, "partner": 302, "reviewer": 302, "admin": 302}

ROUTES = [
    Route("volunteers:text_list", page(public=True)),
    Route("volunteers:text_detail", page(public=True), setup=_convention),
    Route("volunteers:text_image", page(public=True), setup=_with_image),
    Route(
        "volunteers:text_sign",
        SIGNED_IN_POST,
        setup=_convention,
        method="post",
        data={"party": "community", "organisation": "望平社区"},
    ),
    Route("volunteers:text_unsign", SIGNED_IN_POST, setup=_convention, method="post"),
    # Publishing texts: street admins (volunteers.manage_texts), not reviewers.
    Route("volunteers:staff_text_list", page(admin_only=True)),
    Route("volunteers:staff_text_new", page(admin_only=True)),
    Route("volunteers:staff_text_edit", page(admin_only=True), setup=_text),
]
