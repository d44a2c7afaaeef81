"""``{% contact_directory_allowed as flag %}``: may the user open the contact directory of the
current region? For links on pages whose views do not know the directory."""

from __future__ import annotations

from typing import Any

from django import template

from participatienet.accounts import policy

register = template.Library()


@register.simple_tag(takes_context=True)
def contact_directory_allowed(context: dict[str, Any]) -> bool:
    request = context.get("request")
    if request is None:
        return False
    return policy.can(request.user, "contact_directory.view", getattr(request, "region", None))
