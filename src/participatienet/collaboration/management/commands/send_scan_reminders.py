"""``participatienet send_scan_reminders``: remind invitees of open scan waves.

First closes the waves whose closing day has passed (erasing their invitees' addresses), then
e-mails every invitee of a wave taking answers who has not answered yet a new personal link to
the same draft, at most once every ``--days`` days (default 7). An invitation whose first
e-mail failed is sent now. Run it daily (cron or a systemd timer). ``--dry-run`` only reports.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from participatienet.collaboration import services
from participatienet.collaboration.models import Wave


class Command(BaseCommand):
    help = (
        "Close scan waves past their closing day, and remind invitees who have not answered "
        "(at most once every --days days)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=services.REMINDER_DAYS,
            help=f"days between reminders (default {services.REMINDER_DAYS})",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="only report what would be done; send nothing and change nothing",
        )

    def handle(self, *args: Any, days: int, dry_run: bool = False, **options: Any) -> None:
        if days < 1:
            raise CommandError("--days must be at least 1.")
        due = services.invitations_due(days=days)
        per_wave = {
            row["wave_id"]: row["n"]
            for row in due.order_by().values("wave_id").annotate(n=Count("pk"))
        }
        waves = Wave.objects.select_related("region").in_bulk(list(per_wave))
        if dry_run:
            self.stdout.write(f"Dry run, nothing sent. Invitees due (every {days} days):")
            self._lines(per_wave, waves)
            self.stdout.write(f"Would send {sum(per_wave.values())} e-mail(s).")
            return
        closed = services.close_expired_waves()
        for wave in closed:
            self.stdout.write(f"  closed wave {wave.pk} · {wave.title} (closing day passed)")
        report = services.send_reminders(days=days)
        self._lines(per_wave, waves)
        summary = (
            f"Sent {report.reminded} reminder(s) and {report.invited} first invitation(s) "
            f"for {len(report.waves)} wave(s)"
        )
        if report.failed:
            summary += f"; {report.failed} failed and will be retried on the next run"
        self.stdout.write(self.style.SUCCESS(summary + "."))

    def _lines(self, per_wave: dict[int, int], waves: dict[int, Wave]) -> None:
        if not per_wave:
            self.stdout.write("  (none)")
            return
        for wave_id, count in sorted(per_wave.items()):
            wave = waves[wave_id]
            self.stdout.write(
                f"  wave {wave.pk} · {wave.title} · {wave.region.name} · {count} invitee(s)"
            )
