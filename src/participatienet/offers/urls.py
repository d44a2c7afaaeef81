from django.urls import path

from participatienet.offers import views

app_name = "offers"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("nieuw/", views.offer_create, name="create"),
    path("<int:pk>/", views.offer_detail, name="detail"),
    path("<int:pk>/bewerken/", views.offer_update, name="update"),
    path("<int:pk>/folder/", views.offer_flyer, name="flyer"),
    path("<int:pk>/status/", views.offer_transition, name="transition"),
]
