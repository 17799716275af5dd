"""The public texts' Markdown, rendered safely: markdown-it's "js-default" preset escapes any
HTML in the text and refuses javascript:/data: links, so staff cannot put script in a page."""

from __future__ import annotations

from functools import lru_cache

from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("js-default")


def render(body: str) -> SafeString:
    return mark_safe(_parser().render(body or ""))  # noqa: S308 - HTML in the source is escaped by the preset
