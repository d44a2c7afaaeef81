from django.urls import path

from participatienet.trajectories import views

app_name = "trajectories"

urlpatterns = [
    path("inburgeraars/", views.newcomer_list, name="newcomer_list"),
    path("inburgeraars/nieuw/", views.newcomer_create, name="newcomer_create"),
    path("inburgeraars/<int:pk>/", views.newcomer_detail, name="newcomer_detail"),
    path("inburgeraars/<int:pk>/bewerken/", views.newcomer_edit, name="newcomer_edit"),
    path(
        "inburgeraars/<int:pk>/nieuw-traject/",
        views.newcomer_trajectory_open,
        name="newcomer_trajectory_open",
    ),
    path("trajecten/<int:pk>/", views.trajectory_detail, name="trajectory_detail"),
    path(
        "trajecten/<int:pk>/aanbod-zoeken/",
        views.trajectory_find_offers,
        name="trajectory_find_offers",
    ),
    path("trajecten/<int:pk>/doorverwijzen/", views.trajectory_refer, name="trajectory_refer"),
    path(
        "trajecten/<int:pk>/zelf-gevonden-activiteit/",
        views.trajectory_own_activity,
        name="trajectory_own_activity",
    ),
    path("trajecten/<int:pk>/afronden/", views.trajectory_complete, name="trajectory_complete"),
    path("trajecten/<int:pk>/stopzetten/", views.trajectory_stop, name="trajectory_stop"),
    path("trajecten/<int:pk>/bewijs/", views.trajectory_proof, name="trajectory_proof"),
    path("deelnames/", views.participation_list, name="participation_list"),
    path("deelnames/<int:pk>/", views.participation_detail, name="participation_detail"),
    path("deelnames/<int:pk>/antwoord/", views.participation_answer, name="participation_answer"),
    path("deelnames/<int:pk>/starten/", views.participation_start, name="participation_start"),
    path("deelnames/<int:pk>/uren/", views.participation_hours, name="participation_hours"),
    path("deelnames/<int:pk>/beeindigen/", views.participation_end, name="participation_end"),
    path("deelnames/<int:pk>/bewijs/", views.participation_proof, name="participation_proof"),
    path("regio-overzicht/", views.region_overview, name="region_overview"),
]
