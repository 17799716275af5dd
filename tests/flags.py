"""The one table of yes/no words every flag of the site takes (friendlystreet.inputs.read_flag):
the API's query parameters and the pages' filters alike."""

from __future__ import annotations

YES = ("1", "true", "True", "yes", "on")
NO = ("", "0", "false", "no", "off")
JUNK = "maybe"  # neither: the API answers 400 naming it, a page drops the filter
