from django.contrib import admin

from participatienet.network.models import ContactPoint, Organisation, Tie


class ContactPointInline(admin.TabularInline):
    model = ContactPoint
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality", "region"]
    list_filter = ["kind", "region"]
    search_fields = ["name"]
    list_select_related = ["municipality", "region"]
    inlines = [ContactPointInline]


@admin.register(Tie)
class TieAdmin(admin.ModelAdmin):
    list_display = ["a", "b", "kind", "strength", "since"]
    list_filter = ["kind", "strength"]
    search_fields = ["a__name", "b__name"]
    list_select_related = ["a", "b"]
