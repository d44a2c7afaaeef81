from django.urls import path

from participatienet.network import contact_views, pipeline_views, views

app_name = "network"

urlpatterns = [
    path("", views.organisation_list, name="organisation_list"),
    path("netwerkkaart/", views.network_map, name="map"),
    path("netwerkmaten/", views.network_measures, name="measures"),
    path("contactpunten/", contact_views.contact_directory, name="contact_directory"),
    path(
        "contactpunten/export/",
        contact_views.contact_directory_export,
        name="contact_directory_export",
    ),
    path("groei/", pipeline_views.pipeline_board, name="pipeline"),
    path("groei/nieuw/", pipeline_views.prospect_create, name="prospect_create"),
    path("nieuw/", views.organisation_create, name="organisation_create"),
    path("<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("<int:pk>/bewerken/", views.organisation_update, name="organisation_update"),
    path(
        "<int:pk>/groei/contact/",
        pipeline_views.contact_moment_create,
        name="contact_moment_create",
    ),
    path("<int:pk>/groei/fase/", pipeline_views.stage_change, name="stage_change"),
    path("<int:pk>/banden/nieuw/", views.tie_create, name="tie_create"),
    path("<int:pk>/banden/<int:tie>/verwijderen/", views.tie_delete, name="tie_delete"),
    path(
        "<int:pk>/contactpunten/nieuw/",
        views.contact_point_create,
        name="contact_point_create",
    ),
    path(
        "<int:pk>/contactpunten/<int:cp>/bewerken/",
        views.contact_point_update,
        name="contact_point_update",
    ),
    path(
        "<int:pk>/contactpunten/<int:cp>/verwijderen/",
        views.contact_point_delete,
        name="contact_point_delete",
    ),
]
