from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Functions user -> dict that add app-specific fields to GET /api/v1/me/ (the points
# app adds "balance", the venues app "venues"). Registered in AppConfig.ready().
me_extensions: list[Callable[[Any], dict]] = []


def register_me_extension(func: Callable[[Any], dict]) -> None:
    if func not in me_extensions:
        me_extensions.append(func)
