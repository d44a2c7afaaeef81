"""Pages for offer partners and newcomers: signed links (no account) and the partner's in-app
pages (``mijn-organisatie/...``, login required). Mounted at ``link/`` in the root URLconf.

The token pattern comes last: ``mijn-organisatie`` would otherwise be read as a token.
"""

from django.urls import path

from participatienet.trajectories import link_views, partner_views

app_name = "links"

urlpatterns = [
    path("mijn-organisatie/", partner_views.todo, name="partner_todo"),
    path(
        "mijn-organisatie/doorverwijzingen/<int:pk>/",
        partner_views.referral,
        name="partner_referral",
    ),
    path("mijn-organisatie/uren/<int:pk>/", partner_views.hours, name="partner_hours"),
    path("mijn-organisatie/feedback/<int:pk>/", partner_views.feedback, name="partner_feedback"),
    path("<str:token>/", link_views.open_link, name="open"),
]
