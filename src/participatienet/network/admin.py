from django.contrib import admin

from participatienet.network.models import (
    ContactMoment,
    ContactPoint,
    Organisation,
    StageChange,
    Tie,
)


class ContactPointInline(admin.TabularInline):
    model = ContactPoint
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality", "region", "stage", "joined_on"]
    list_filter = ["kind", "stage", "region"]
    search_fields = ["name"]
    list_select_related = ["municipality", "region"]
    raw_id_fields = ["next_step_owner"]
    inlines = [ContactPointInline]


@admin.register(Tie)
class TieAdmin(admin.ModelAdmin):
    list_display = ["a", "b", "kind", "strength", "since"]
    list_filter = ["kind", "strength"]
    search_fields = ["a__name", "b__name"]
    list_select_related = ["a", "b"]


@admin.register(ContactMoment)
class ContactMomentAdmin(admin.ModelAdmin):
    list_display = ["organisation", "contacted_on", "contacted_by_name", "channel"]
    list_filter = ["channel"]
    search_fields = ["organisation__name", "contacted_by_name"]
    list_select_related = ["organisation"]
    raw_id_fields = ["organisation", "contacted_by", "recorded_by"]
    date_hierarchy = "contacted_on"


@admin.register(StageChange)
class StageChangeAdmin(admin.ModelAdmin):
    list_display = ["organisation", "from_stage", "to_stage", "changed_on", "changed_by_name"]
    list_filter = ["to_stage"]
    search_fields = ["organisation__name"]
    list_select_related = ["organisation"]
    raw_id_fields = ["organisation", "changed_by", "contact_moment"]
