from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from participatienet import errors, home

urlpatterns = [
    path("", home.start, name="home"),
    path("gezondheid/", home.health, name="health"),
    path("taal/", set_language, name="set_language"),
    path("", include("participatienet.accounts.urls")),
    path("regios/", include("participatienet.regions.urls")),
    path("organisaties/", include("participatienet.network.urls")),
    path("aanbod/", include("participatienet.offers.urls")),
    path("", include("participatienet.trajectories.urls")),
    path("link/", include("participatienet.trajectories.link_urls")),
    path("matching/", include("participatienet.allocation.urls")),
    path("samenwerking/", include("participatienet.collaboration.urls")),
    path("inspiratiegids/", include("participatienet.practices.urls")),
    path("leerdagen/", include("participatienet.exchange.urls")),
    path("admin/", admin.site.urls),
]

handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error
