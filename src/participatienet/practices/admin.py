"""The technical admin of practices: for looking up and repairing rows. Day-to-day changes go
through the library's pages, which call the services (with their audit entries)."""

from django.contrib import admin

from participatienet.practices.models import Practice, PracticeInterest, PracticeLink


class PracticeLinkInline(admin.TabularInline):
    model = PracticeLink
    extra = 0


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    list_display = ["title", "region", "status", "published_at"]
    list_filter = ["status", "region"]
    search_fields = ["title"]
    list_select_related = ["region"]
    raw_id_fields = ["contact", "created_by"]
    readonly_fields = ["status", "published_at", "created_at", "updated_at"]
    inlines = [PracticeLinkInline]


@admin.register(PracticeInterest)
class PracticeInterestAdmin(admin.ModelAdmin):
    list_display = ["practice", "region", "user", "created_at"]
    list_filter = ["region"]
    list_select_related = ["practice", "region", "user"]
    raw_id_fields = ["practice", "user"]
