"""Where a rider goes to earn a rule the programme pays by itself (Rule.SYSTEM_CODES): "How to
earn" says "granted automatically, no claim needed" and, with this, where to do it (the
activities, the report form, the compound guides). The app that pays a rule registers its
page from its AppConfig.ready(), so points never imports it."""

from __future__ import annotations

from dataclasses import dataclass

from friendlystreet.pages.paths import static_path


@dataclass(frozen=True)
class EarnLink:
    label: object  # a lazy translation: read in the language of the page
    url_name: str

    @property
    def path(self) -> str:
        return static_path(self.url_name)


_LINKS: dict[str, EarnLink] = {}


def register_earn_link(code: str, label: object, url_name: str) -> None:
    """The page where a rider does what the rule of `code` pays for."""
    _LINKS[code] = EarnLink(label=label, url_name=url_name)


def earn_link(code: str) -> EarnLink | None:
    return _LINKS.get(code) if code else None
