"""Pagination shared by list pages: the page and the query string to keep the filters."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def paginate(request: HttpRequest, queryset: QuerySet, per_page: int | None = None) -> dict:
    """``{"page": ..., "query": ...}`` for the template's pagination include."""
    page: Page = Paginator(queryset, per_page or settings.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return {"page": page, "query": query.urlencode()}
