"""``participatienet send_reminders``: remind partners of hours left unconfirmed.

Entries unconfirmed for HOURS_REMINDER_DAYS (14) days get one reminder each: the partner's
contact receives a new link listing the participation's unconfirmed hours. Run it daily (cron
or a systemd timer). ``--dry-run`` only reports what would be sent.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from participatienet.trajectories import link_services, services


def _entries(count: int) -> str:
    return f"{count} entry" if count == 1 else f"{count} entries"


class Command(BaseCommand):
    help = (
        "E-mail offer partners a reminder with a link for hours unconfirmed for "
        "HOURS_REMINDER_DAYS days (once per entry), and report what was sent."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="only report what would be sent; send nothing and change nothing",
        )

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        plan = link_services.plan_hour_reminders()
        if dry_run:
            self.stdout.write(
                f"Dry run, nothing sent. Hours unconfirmed for {settings.HOURS_REMINDER_DAYS} "
                "days or more and not reminded yet:"
            )
            self._lines(plan)
            recipients = {line.recipient for line in plan if line.recipient}
            self.stdout.write(
                f"Would send {len(plan)} reminder(s) for "
                f"{_entries(sum(line.entries for line in plan))} "
                f"to {len(recipients)} recipient(s)."
            )
            return
        report = services.send_hour_reminders()
        self._lines(plan)
        recipients = sorted({r for r in report.recipients if r})
        summary = (
            f"Sent reminders for {_entries(report.entries)} of {report.participations} "
            f"participation(s) to {len(recipients)} recipient(s)"
        )
        if report.without_email:
            summary += (
                f"; {len(report.without_email)} participation(s) have no contact e-mail address"
            )
        if report.failed:
            summary += f"; {len(report.failed)} failed and will be retried on the next run"
        self.stdout.write(self.style.SUCCESS(summary + "."))
        for recipient in recipients:
            self.stdout.write(f"  to {recipient}")

    def _lines(self, plan: list[link_services.ReminderLine]) -> None:
        if not plan:
            self.stdout.write("  (none)")
            return
        for line in plan:
            self.stdout.write(
                f"  participation {line.participation_id} · {line.title} · {line.organisation}"
                f" · {_entries(line.entries)} since {line.oldest:%Y-%m-%d}"
                f" → {line.recipient or '(no e-mail address)'}"
            )
