"""Learning days, mounted at ``leerdagen/`` in the root URLconf."""

from django.urls import path

from participatienet.exchange import group_views, public_views, report_views, views

app_name = "exchange"

urlpatterns = [
    path("", views.day_list, name="day_list"),
    path("nieuw/", views.day_create, name="day_create"),
    path("<int:pk>/", views.day_detail, name="day_detail"),
    path("<int:pk>/bewerken/", views.day_update, name="day_update"),
    path("<int:pk>/status/", views.day_status, name="day_status"),
    path("<int:pk>/sessies/nieuw/", views.session_create, name="session_create"),
    path("<int:pk>/sessies/<int:session>/bewerken/", views.session_update, name="session_update"),
    path(
        "<int:pk>/sessies/<int:session>/verwijderen/",
        views.session_delete,
        name="session_delete",
    ),
    path(
        "<int:pk>/sessies/<int:session>/leertafels/nieuw/",
        views.table_create,
        name="table_create",
    ),
    path("<int:pk>/leertafels/<int:table>/bewerken/", views.table_update, name="table_update"),
    path("<int:pk>/leertafels/<int:table>/verwijderen/", views.table_delete, name="table_delete"),
    path("<int:pk>/deelnemers/", views.participant_list, name="participant_list"),
    path("<int:pk>/deelnemers/export/", views.participant_export, name="participant_export"),
    path(
        "<int:pk>/deelnemers/<int:registration>/plaats-geven/",
        views.registration_promote,
        name="registration_promote",
    ),
    path(
        "<int:pk>/deelnemers/<int:registration>/annuleren/",
        views.registration_cancel,
        name="registration_cancel",
    ),
    # Groups (programme team).
    path("<int:pk>/groepen/", group_views.day_groups, name="day_groups"),
    path("<int:pk>/groepen/export/", group_views.groups_export, name="groups_export"),
    path(
        "<int:pk>/groepen/<int:group>/rapporteur/",
        group_views.group_reporter,
        name="group_reporter",
    ),
    path(
        "<int:pk>/sessies/<int:session>/groepen/", group_views.session_groups, name="session_groups"
    ),
    path(
        "<int:pk>/sessies/<int:session>/groepen/vormen/",
        group_views.groups_form,
        name="groups_form",
    ),
    path(
        "<int:pk>/sessies/<int:session>/groepen/verplaatsen/",
        group_views.group_move,
        name="group_move",
    ),
    path(
        "<int:pk>/sessies/<int:session>/groepen/zalen/",
        group_views.group_rooms,
        name="group_rooms",
    ),
    path(
        "<int:pk>/sessies/<int:session>/groepen/afdruk/",
        group_views.groups_print,
        name="groups_print",
    ),
    path(
        "<int:pk>/sessies/<int:session>/rapporteurs/mailen/",
        group_views.reporter_links,
        name="reporter_links",
    ),
    path("<int:pk>/paren/", group_views.pair_rules, name="pair_rules"),
    path(
        "<int:pk>/paren/<int:rule>/verwijderen/",
        group_views.pair_rule_delete,
        name="pair_rule_delete",
    ),
    path("<int:pk>/badges/", group_views.badges, name="badges"),
    path("<int:pk>/zalen/", group_views.room_sheets, name="room_sheets"),
    # The report of the day.
    path("<int:pk>/verslag/", report_views.report, name="report"),
    path("<int:pk>/verslag/beheer/", report_views.report_manage, name="report_manage"),
    path("<int:pk>/verslag/status/", report_views.report_status, name="report_status"),
    path("<int:pk>/inzichten/samenvoegen/", report_views.insights_merge, name="insights_merge"),
    path(
        "<int:pk>/inzichten/<int:insight>/bewerken/", report_views.insight_edit, name="insight_edit"
    ),
    path(
        "<int:pk>/inzichten/<int:insight>/verbergen/",
        report_views.insight_hide,
        name="insight_hide",
    ),
    # Public pages, without an account.
    path("verslag/<str:token>/", report_views.report_by_link, name="report_by_link"),
    path("annuleren/<str:token>/", public_views.cancel, name="cancel"),
    path("<str:token>/inschrijven/", public_views.register, name="register"),
]
