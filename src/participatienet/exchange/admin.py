"""The technical admin of learning days: for looking up and repairing rows. Day-to-day work goes
through the learning-day pages, which call the services (with their audit entries)."""

from django.contrib import admin

from participatienet.exchange.models import (
    DayReport,
    GroupMember,
    GroupPlan,
    Insight,
    LearningDay,
    LearningTable,
    PairRule,
    Registration,
    Session,
)


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0


@admin.register(LearningDay)
class LearningDayAdmin(admin.ModelAdmin):
    list_display = ["title", "date", "venue", "status", "capacity"]
    list_filter = ["status"]
    search_fields = ["title", "venue"]
    readonly_fields = ["public_token", "created_by", "created_at", "updated_at"]
    date_hierarchy = "date"
    inlines = [SessionInline]


@admin.register(LearningTable)
class LearningTableAdmin(admin.ModelAdmin):
    list_display = ["theme", "session", "host", "capacity", "room"]
    list_select_related = ["session"]
    search_fields = ["theme", "host"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["name", "day", "organisation_name", "region", "role", "status"]
    list_filter = ["status", "role", "day"]
    search_fields = ["name", "email", "organisation_name"]
    list_select_related = ["day", "region"]
    raw_id_fields = ["organisation", "first_choice", "second_choice", "third_choice"]
    readonly_fields = ["status", "waiting_position", "created_at", "confirmed_at", "cancelled_at"]


@admin.register(GroupPlan)
class GroupPlanAdmin(admin.ModelAdmin):
    list_display = ["session", "method", "created_at", "moves"]
    list_select_related = ["session"]
    readonly_fields = ["score", "formed_score", "previous_score", "random_score", "greedy_score"]
    raw_id_fields = ["session", "created_by"]


@admin.register(GroupMember)
class GroupMemberAdmin(admin.ModelAdmin):
    list_display = ["registration", "group", "round", "is_reporter"]
    list_select_related = ["registration", "group"]
    raw_id_fields = ["group", "plan", "registration"]


@admin.register(PairRule)
class PairRuleAdmin(admin.ModelAdmin):
    list_display = ["day", "kind", "a", "b"]
    raw_id_fields = ["day", "a", "b", "created_by"]


@admin.register(DayReport)
class DayReportAdmin(admin.ModelAdmin):
    list_display = ["day", "status", "published_at"]
    raw_id_fields = ["day", "published_by"]


@admin.register(Insight)
class InsightAdmin(admin.ModelAdmin):
    list_display = ["__str__", "day", "kind", "status"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["day", "group", "quoted", "merged_into", "edited_by"]
