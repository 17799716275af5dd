"""The API's page of a list: 20 items, `?page_size=` up to 100."""

from __future__ import annotations

from rest_framework import pagination

# What the schema says of the page parameters, on every list alike (DRF's own words said
# neither the limit nor what a page past the end answers). The schema is in English.
PAGE_DESCRIPTION = "From 1; a page past the end (or not a number) answers 404 `not_found`."
PAGE_SIZE_DESCRIPTION = (
    "Items a page: 20 unless given, at most 100 (a larger number gives 100; one that is not a whole "
    "number above 0 gives 20), as on every list of the API."
)


class PageNumberPagination(pagination.PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    page_query_description = PAGE_DESCRIPTION
    page_size_query_description = PAGE_SIZE_DESCRIPTION
