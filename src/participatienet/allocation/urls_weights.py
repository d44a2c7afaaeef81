"""URLs of the matching settings (included under /matching/, app ``allocation``)."""

from django.urls import path

from participatienet.allocation import weights_views

urlpatterns = [
    path("gewichten/", weights_views.weights, name="weights"),
    path("gewichten/standaard/", weights_views.weights_reset, name="weights_reset"),
]
