"""The technical admin of offers: for looking up and repairing rows. Day-to-day changes go
through the offer pages, which call the services (with their audit entries)."""

from django.contrib import admin

from participatienet.offers.models import Offer


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "municipality", "region", "kind", "status", "capacity"]
    list_filter = ["status", "kind", "region"]
    search_fields = ["title", "organisation__name"]
    list_select_related = ["organisation", "municipality", "region"]
    raw_id_fields = ["organisation", "co_organisers", "contact", "municipality", "validated_by"]
    filter_horizontal = ["municipalities_served"]
    readonly_fields = ["status", "validated_by", "validated_at", "created_at", "updated_at"]
    date_hierarchy = "created_at"
