from django.urls import path

from participatienet.network import views

app_name = "network"

urlpatterns = [
    path("", views.organisation_list, name="organisation_list"),
    path("<int:pk>/", views.organisation_detail, name="organisation_detail"),
]
