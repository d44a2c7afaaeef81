from django.urls import path

from participatienet.collaboration import link_views, plan_views, views

app_name = "collaboration"

urlpatterns = [
    # Waves of the current region (coordinators manage, viewers read).
    path("", views.wave_list, name="wave_list"),
    path("scans/nieuw/", views.wave_create, name="wave_create"),
    path("scans/<int:pk>/", views.wave_detail, name="wave_detail"),
    path("scans/<int:pk>/uitnodigen/", views.wave_invite, name="wave_invite"),
    path("scans/<int:pk>/herinneren/", views.wave_remind, name="wave_remind"),
    path("scans/<int:pk>/afsluiten/", views.wave_close, name="wave_close"),
    path(
        "scans/<int:pk>/uitnodigingen/<int:invitation>/intrekken/",
        views.invitation_withdraw,
        name="invitation_withdraw",
    ),
    path("scans/<int:pk>/voorbeeld/", views.wave_preview, name="wave_preview"),
    path("scans/<int:pk>/resultaten/", views.wave_results, name="wave_results"),
    path("scans/<int:pk>/resultaten/afdruk/", views.wave_print, name="wave_print"),
    # The questionnaire's versions and the spread over regions (programme admin).
    path("vragenlijst/", views.version_list, name="version_list"),
    path("vragenlijst/nieuw/", views.version_create, name="version_create"),
    path("vragenlijst/<int:pk>/", views.version_detail, name="version_detail"),
    path("vragenlijst/<int:pk>/publiceren/", views.version_publish, name="version_publish"),
    path("vragenlijst/<int:pk>/weggooien/", views.version_discard, name="version_discard"),
    path(
        "vragenlijst/<int:pk>/dimensies/nieuw/",
        views.dimension_create,
        name="dimension_create",
    ),
    path(
        "vragenlijst/<int:pk>/dimensies/<int:dimension>/",
        views.dimension_update,
        name="dimension_update",
    ),
    path(
        "vragenlijst/<int:pk>/dimensies/<int:dimension>/verwijderen/",
        views.dimension_delete,
        name="dimension_delete",
    ),
    path("spreiding/", views.spread, name="spread"),
    # The region's learning: overview, action plans (coordinators manage, viewers read).
    path("regio/", plan_views.overview, name="overview"),
    path("actieplannen/", plan_views.plan_list, name="plan_list"),
    path("actieplannen/nieuw/", plan_views.plan_create, name="plan_create"),
    path("actieplannen/<int:pk>/", plan_views.plan_detail, name="plan_detail"),
    path("actieplannen/<int:pk>/wijzigen/", plan_views.plan_update, name="plan_update"),
    path("actieplannen/<int:pk>/export/", plan_views.plan_export, name="plan_export"),
    path("actieplannen/<int:pk>/doelen/nieuw/", plan_views.goal_create, name="goal_create"),
    path(
        "actieplannen/<int:pk>/doelen/<int:goal>/wijzigen/",
        plan_views.goal_update,
        name="goal_update",
    ),
    path(
        "actieplannen/<int:pk>/doelen/<int:goal>/verwijderen/",
        plan_views.goal_delete,
        name="goal_delete",
    ),
    path("actieplannen/<int:pk>/bord/", plan_views.action_board, name="action_board"),
    path("actieplannen/<int:pk>/acties/", plan_views.action_list, name="action_list"),
    path("actieplannen/<int:pk>/acties/nieuw/", plan_views.action_create, name="action_create"),
    path(
        "actieplannen/<int:pk>/acties/<int:action>/wijzigen/",
        plan_views.action_update,
        name="action_update",
    ),
    path(
        "actieplannen/<int:pk>/acties/<int:action>/status/",
        plan_views.action_move,
        name="action_move",
    ),
    path(
        "actieplannen/<int:pk>/acties/<int:action>/verwijderen/",
        plan_views.action_delete,
        name="action_delete",
    ),
    # The timeline of the region's collaboration.
    path("tijdlijn/", plan_views.timeline_page, name="timeline"),
    path("tijdlijn/nieuw/", plan_views.milestone_create, name="milestone_create"),
    path("tijdlijn/<int:pk>/wijzigen/", plan_views.milestone_update, name="milestone_update"),
    path("tijdlijn/<int:pk>/verwijderen/", plan_views.milestone_delete, name="milestone_delete"),
    # The invitee's personal link (no account).
    path("scan/<str:token>/", link_views.answer, name="answer"),
]
