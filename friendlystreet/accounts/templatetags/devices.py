"""{{ session.user_agent|device }} → "Chrome · Linux": a browser's user-agent string as a rider
recognises their phone or computer on the 登录设备 page. A few names, looked for in order (a
string names several: Edge says Chrome and Safari too); no library for a label. allauth keeps
the first 200 characters: a mark late in a long string (WeChat's, on Android) may be cut off,
and the browser inside it is named instead."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

# (what the string contains, the name shown): the first that matches.
BROWSERS = (
    ("MicroMessenger", _("WeChat")),
    ("EdgA/", "Edge"),
    ("EdgiOS/", "Edge"),
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("UCBrowser/", _("UC Browser")),
    ("QQBrowser/", _("QQ Browser")),
    ("HuaweiBrowser/", _("Huawei Browser")),
    ("MiuiBrowser/", _("Xiaomi Browser")),
    ("Quark/", _("Quark")),
    ("FxiOS/", "Firefox"),
    ("Firefox/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
SYSTEMS = (
    ("HarmonyOS", "HarmonyOS"),
    ("OpenHarmony", "HarmonyOS"),
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("Macintosh", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


@register.filter
def device(user_agent: str | None) -> str:
    agent = user_agent or ""
    browser = next((name for mark, name in BROWSERS if mark in agent), None)
    system = next((name for mark, name in SYSTEMS if mark in agent), None)
    named = [str(part) for part in (browser, system) if part]
    return " · ".join(named) if named else str(_("Unknown device"))


@register.filter
def this_device_first(sessions) -> list:
    """The device in the rider's hand first, then the others newest first (allauth lists them
    oldest first, which put "this device" at the bottom of a long list)."""
    return sorted(sessions, key=lambda s: (not s.is_current(), -s.created_at.timestamp()))
