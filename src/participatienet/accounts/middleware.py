"""Puts the user's current region (``request.region``) and grants on the request."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from participatienet.accounts import scope


class ScopeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.region = scope.current_region(request)  # type: ignore[attr-defined]
        return self.get_response(request)
