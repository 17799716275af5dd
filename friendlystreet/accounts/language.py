"""The account's language (User.language): chosen with the language switch at the foot of every
page while signed in, it is the pages' language wherever the user signs in, and the language of
what we send them (notifications.services.recipient_language).

Stock Django throughout: the pages' language is Django's language cookie
(settings.LANGUAGE_COOKIE_NAME, read by LocaleMiddleware), which Django's set_language writes
when the switch is used; signing in writes it too, from the account (on_login). An account
without a language (blank) leaves the browser's choice alone.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation


def is_language(code: str) -> bool:
    return code in dict(settings.LANGUAGES)


def account_language_save(*, user, language: str) -> bool:
    """The signed-in user chose `language` on the site: it becomes their account's. One UPDATE,
    and only if it differs; returns whether it changed. An unknown code is a ValueError (the
    view lets only the site's languages through)."""
    from .models import User

    if not is_language(language):
        raise ValueError(f"unknown language {language!r}")
    changed = User.objects.filter(pk=user.pk).exclude(language=language).update(language=language)
    user.language = language
    return bool(changed)


def set_language_cookie(response, language: str) -> None:
    """The cookie as Django's set_language writes it (django.views.i18n), from the same settings."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def on_login(sender, request, response, user, **kwargs) -> None:
    """allauth's user_logged_in receiver (every sign-in goes through allauth: password, SMS
    code, sign-up, the app's, and the admin's login which sends to allauth's). Its `response`
    is the one the browser gets, so the account's language goes into the language cookie there,
    and is active for the rest of this request (allauth's "signed in" message is written after
    this). A blank language leaves the browser's cookie and Accept-Language as they are."""
    language = getattr(user, "language", "")
    if not is_language(language):
        return
    translation.activate(language)
    request.LANGUAGE_CODE = language
    if response is not None:
        set_language_cookie(response, language)
