"""The technical admin for trajectories: read-only, for support by programme admins.

Changes go through the app (the services audit them); reading a newcomer here is audited too.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from participatienet.trajectories import services
from participatienet.trajectories.models import (
    Feedback,
    HourEntry,
    Newcomer,
    Participation,
    Trajectory,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Newcomer)
class NewcomerAdmin(ReadOnlyAdmin):
    list_display = ["pk", "municipality", "region", "counsellor", "created_at", "anonymised_at"]
    list_filter = ["region"]
    list_select_related = ["municipality", "region", "counsellor"]

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        newcomer = self.get_object(request, object_id)
        if newcomer is not None:
            services.record_newcomer_read(actor=request.user, newcomer=newcomer)
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Trajectory)
class TrajectoryAdmin(ReadOnlyAdmin):
    list_display = ["pk", "newcomer_id", "region", "status", "started_on", "closed_on"]
    list_filter = ["status", "region"]
    list_select_related = ["region"]


@admin.register(Participation)
class ParticipationAdmin(ReadOnlyAdmin):
    list_display = ["pk", "trajectory_id", "offer", "organisation", "status", "is_own_activity"]
    list_filter = ["status", "is_own_activity"]
    list_select_related = ["offer", "organisation"]


@admin.register(HourEntry)
class HourEntryAdmin(ReadOnlyAdmin):
    list_display = ["pk", "participation_id", "date", "hours", "status", "confirmed_via"]
    list_filter = ["status", "confirmed_via"]


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyAdmin):
    list_display = ["pk", "participation_id", "respondent", "language", "submitted_at"]
    list_filter = ["respondent", "language"]
