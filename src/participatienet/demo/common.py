"""Small helpers shared by the demo generator's parts: the clock, names, places."""

from __future__ import annotations

import datetime as dt
import math
import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify

from participatienet.regions.models import Municipality

#: How far back the demo history reaches (about 18 months).
HISTORY_DAYS = 548


@dataclass(frozen=True)
class Clock:
    """ "Now" for one seed. Days are date ordinals (ints); moments are ordinals plus a fraction
    of the day (floats), so plans can be shifted in time before they become rows."""

    now: dt.datetime
    today: dt.date
    tz: dt.tzinfo

    @classmethod
    def at(cls, now: dt.datetime | None = None) -> Clock:
        now = now or timezone.now()
        tz = timezone.get_current_timezone()
        return cls(now=now, today=timezone.localtime(now, tz).date(), tz=tz)

    @property
    def day(self) -> int:
        """Today as an ordinal."""
        return self.today.toordinal()

    @property
    def moment(self) -> float:
        """Now as an ordinal with a fraction."""
        local = timezone.localtime(self.now, self.tz)
        seconds = local.hour * 3600 + local.minute * 60 + local.second
        return self.day + seconds / 86400

    def date(self, day: int) -> dt.date:
        return dt.date.fromordinal(day)

    def datetime(self, moment: float) -> dt.datetime:
        """A moment as an aware datetime, never after now."""
        day = int(moment)
        seconds = int(round((moment - day) * 86400))
        seconds = min(max(seconds, 0), 86399)
        value = dt.datetime.combine(
            dt.date.fromordinal(day),
            dt.time(seconds // 3600, seconds % 3600 // 60, seconds % 60),
            tzinfo=self.tz,
        )
        return min(value, self.now)


def office_time(rng: random.Random, day: int, start: float = 8.5, end: float = 19.5) -> float:
    """A moment on ``day`` during working hours."""
    return day + rng.uniform(start, end) / 24


def ascii_text(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def email_part(name: str) -> str:
    """ "Van den Broeck" -> "vandenbroeck", "Ayşe" -> "ayse", "Jean-Pierre" -> "jean-pierre"."""
    return slugify(ascii_text(name).replace(" ", "").replace("'", ""))


def half_hours(rng: random.Random, low: float, high: float) -> Decimal:
    """A number of hours between ``low`` and ``high`` in steps of half an hour."""
    steps = rng.randint(int(low * 2), int(high * 2))
    return Decimal(steps) / 2


def neighbours(municipalities: Sequence[Municipality], limit: int = 6) -> dict[int, list[int]]:
    """For each municipality, the ids of the nearest others of the same region, nearest first."""
    scale = math.cos(math.radians(51))
    result: dict[int, list[int]] = {}
    for here in municipalities:
        others = sorted(
            (m for m in municipalities if m.pk != here.pk),
            key=lambda m: (
                (m.latitude - here.latitude) ** 2 + ((m.longitude - here.longitude) * scale) ** 2,
                m.nis_code,
            ),
        )
        result[here.pk] = [m.pk for m in others[:limit]]
    return result


def largest_remainder(total: int, weights: dict[str, float]) -> dict[str, int]:
    """Split ``total`` over the keys in proportion to their weights; the parts add up."""
    weight_sum = sum(weights.values())
    exact = {key: total * weight / weight_sum for key, weight in weights.items()}
    counts = {key: int(value) for key, value in exact.items()}
    left = total - sum(counts.values())
    by_remainder = sorted(exact, key=lambda key: (counts[key] - exact[key], key))
    for key in by_remainder[:left]:
        counts[key] += 1
    return counts
