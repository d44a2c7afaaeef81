"""Django's technical admin, behind the same policy as the rest of the app."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from participatienet.accounts import policy


class AdminSite(admin.AdminSite):
    site_header = _("participatienet – technical admin")
    site_title = "participatienet"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.is_staff and policy.can(user, "django_admin.use"))


class AdminConfig(DjangoAdminConfig):
    default_site = "participatienet.admin_site.AdminSite"
