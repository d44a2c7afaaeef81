"""Weekly schedules and theme sets as bit masks (pure: no Django import).

A week is 7 days × 3 parts of the day = 21 slots; slot ``day * 3 + part`` is bit
``1 << slot``. Offers store when they happen, newcomers when they are available; two masks
overlap when ``a & b`` is not zero. Themes are bits too (``1 << theme``). Masks filter in SQL on
SQLite and PostgreSQL alike (bitwise AND) and load straight into numpy for matching.
"""

from __future__ import annotations

from collections.abc import Iterable

DAYS = 7
PARTS = 3
FULL_WEEK = (1 << (DAYS * PARTS)) - 1


def slot(day: int, part: int) -> int:
    if not (0 <= day < DAYS and 0 <= part < PARTS):
        raise ValueError(f"no such slot: day {day}, part {part}")
    return day * PARTS + part


def mask_of_slots(slots: Iterable[tuple[int, int]]) -> int:
    mask = 0
    for day, part in slots:
        mask |= 1 << slot(day, part)
    return mask


def slots_of_mask(mask: int) -> list[tuple[int, int]]:
    return [
        (day, part) for day in range(DAYS) for part in range(PARTS) if mask >> slot(day, part) & 1
    ]


def mask_of_bits(bits: Iterable[int]) -> int:
    mask = 0
    for bit in bits:
        mask |= 1 << int(bit)
    return mask


def bits_of_mask(mask: int, size: int = 32) -> list[int]:
    return [bit for bit in range(size) if mask >> bit & 1]


def day_mask(day: int) -> int:
    return mask_of_slots((day, part) for part in range(PARTS))


def part_mask(part: int) -> int:
    return mask_of_slots((day, part) for day in range(DAYS))
