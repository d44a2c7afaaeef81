"""Allocation proposals and unmet demand (included under /matching/, app "allocation")."""

from django.urls import path

from participatienet.allocation import proposal_views

urlpatterns = [
    path("toewijzing/", proposal_views.proposal_list, name="proposal_list"),
    path("toewijzing/<int:pk>/", proposal_views.proposal_detail, name="proposal_detail"),
    path(
        "toewijzing/<int:pk>/plaatsing/<int:placement_pk>/",
        proposal_views.proposal_adjust,
        name="proposal_adjust",
    ),
    path("toewijzing/<int:pk>/versturen/", proposal_views.proposal_send, name="proposal_send"),
    path("ontbrekend-aanbod/", proposal_views.unmet_demand, name="unmet_demand"),
]
