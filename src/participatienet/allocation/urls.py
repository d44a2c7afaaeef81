"""URLs of matching and allocation; each part keeps its own list."""

from participatienet.allocation import urls_allocation, urls_weights

app_name = "allocation"

urlpatterns = [*urls_weights.urlpatterns, *urls_allocation.urlpatterns]
