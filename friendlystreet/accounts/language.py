"""The account's language (User.language): chosen with the language switch at the foot of every
page while signed in, or in the profile's language row (both post to
notifications.views.set_language), it is the pages' language wherever the user signs in, and the language of
what we send them (notifications.services.recipient_language).

Stock Django throughout: the pages' language is Django's language cookie
(settings.LANGUAGE_COOKIE_NAME, read by LocaleMiddleware), which Django's set_language writes
when the switch is used; signing in writes it too, from the account (on_login). An account
without a language (blank) takes the one chosen with the switch before signing in (the cookie), as
that is a choice too: otherwise a rider reading every page in English got Chinese notices. The
browser's own language (Accept-Language) is not a choice and is not saved: the account would then
bring it to every other phone; it still decides the pages, and the
language of what is sent in answer to the rider's own request (message_language).
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


def message_language(user) -> str:
    """The language of a message sent in answer to `user`'s own request (a sign-in or deletion
    code, the SMS to a number that has no account): their account's; else the request's, the
    language they are reading the page in (Django's active language: the cookie, else the
    browser's); else the site's. A notice sent from someone else's request or from a task has no
    request of the recipient's to follow: notifications.services.recipient_language."""
    language = getattr(user, "language", "") if user is not None and user.pk else ""
    return language or translation.get_language() or settings.LANGUAGE_CODE


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
    this). An account without a language takes the one chosen with the switch before signing in
    (the cookie); without one, the browser's language (Accept-Language) goes on deciding the pages."""
    language = getattr(user, "language", "")
    if not is_language(language):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if not is_language(chosen):
            return
        account_language_save(user=user, language=chosen)
        language = chosen
    translation.activate(language)
    request.LANGUAGE_CODE = language
    if response is not None:
        set_language_cookie(response, language)
