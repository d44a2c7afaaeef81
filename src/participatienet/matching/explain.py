"""Plain Dutch words for the matching engine's explanations (pure: no Django import).

The engine speaks Dutch directly: counsellors read these lines as they are ("7 km,
dinsdagavond past, thema koken, A1 aanvaard"). Everything here is a small pure function of
numbers and masks, so it can be tested without a database and reused by the adapter.
"""

from __future__ import annotations

DAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
PARTS = ("voormiddag", "namiddag", "avond")
PARTS_PER_DAY = 3
SLOTS_PER_WEEK = 7 * PARTS_PER_DAY

#: Short theme names, by bit position (see ``offers.choices.Theme``).
THEMES = (
    "sport",
    "cultuur",
    "koken",
    "natuur",
    "klussen",
    "zorg",
    "kinderen",
    "gesprek en taal",
    "computers",
    "werk",
    "buurt",
    "creatief",
    "dieren",
    "lezen",
)

#: Dutch levels (``offers.choices.DutchLevel``) 0..3.
LEVELS = ("geen Nederlands", "A1", "A2", "B1")

MOBILITY = {
    "foot": "te voet",
    "bike": "met de fiets",
    "public_transport": "met het openbaar vervoer",
    "car": "met de auto",
}


def moment(slot: int) -> str:
    """``dinsdagavond`` for slot 1 * 3 + 2."""
    day, part = divmod(int(slot), PARTS_PER_DAY)
    return DAYS[day] + PARTS[part]


def slots(mask: int) -> list[int]:
    return [slot for slot in range(SLOTS_PER_WEEK) if int(mask) >> slot & 1]


def moments(mask: int, *, joiner: str = "en", shown: int = 2) -> str:
    """``dinsdagavond en donderdagavond`` (and ``en 3 andere momenten`` beyond ``shown``)."""
    names = [moment(slot) for slot in slots(mask)]
    if len(names) <= shown:
        return f" {joiner} ".join(names)
    rest = len(names) - shown
    other = "ander moment" if rest == 1 else "andere momenten"
    return f"{', '.join(names[:shown])} {joiner} {rest} {other}"


def themes(mask: int) -> list[str]:
    return [
        THEMES[bit] if bit < len(THEMES) else f"thema {bit}"
        for bit in range(32)
        if int(mask) >> bit & 1
    ]


def level(number: int) -> str:
    return LEVELS[max(0, min(int(number), len(LEVELS) - 1))]


def km(distance: float) -> str:
    """``minder dan 1 km``, ``7 km``, ``12,5 km`` is never shown: whole kilometres."""
    if distance < 1:
        return "minder dan 1 km"
    return f"{round(distance):d} km"


def reach(distance: float) -> str:
    if distance == int(distance):
        return f"{int(distance)} km"
    return f"{distance:.1f}".replace(".", ",") + " km"


def points(value: float) -> str:
    """Signed points for a factor sentence: ``+18 punten``, ``−8 punten``."""
    rounded = round(value)
    if rounded < 0:
        return f"−{-rounded} {'punt' if rounded == -1 else 'punten'}"
    return f"+{rounded} {'punt' if rounded == 1 else 'punten'}"


def newcomers(count: int) -> str:
    return f"{count} {'nieuwkomer' if count == 1 else 'nieuwkomers'}"
