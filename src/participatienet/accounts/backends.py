"""Lets Django's technical admin ask the policy module instead of per-model permissions."""

from __future__ import annotations

from typing import Any

from participatienet.accounts import policy


class PolicyBackend:
    """Grants admin permissions exactly when the policy allows ``django_admin.use``.

    It authenticates nobody (``ModelBackend`` does that); it only answers permission checks.
    """

    def authenticate(self, request: Any, **credentials: Any) -> None:
        return None

    def get_user(self, user_id: Any) -> None:
        return None

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return bool(user_obj.is_active and policy.can(user_obj, "django_admin.use"))

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return self.has_perm(user_obj, f"{app_label}.*")
