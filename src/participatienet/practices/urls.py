from django.urls import path

from participatienet.practices import views

app_name = "practices"

urlpatterns = [
    path("", views.library, name="library"),
    path("nieuw/", views.practice_create, name="create"),
    path("gids/", views.guide, name="guide"),
    path("<int:pk>/", views.practice_detail, name="detail"),
    path("<int:pk>/bewerken/", views.practice_update, name="update"),
    path("<int:pk>/status/", views.practice_transition, name="transition"),
    path("<int:pk>/interesse/", views.interest_mark, name="interest_mark"),
    path("<int:pk>/interesse/intrekken/", views.interest_withdraw, name="interest_withdraw"),
]
