from django.db import models
from django.utils.translation import gettext_lazy as _


class VersionStatus(models.TextChoices):
    """A scan version is written as a draft, published (the one current version), then retired
    when a newer version is published. Published and retired versions never change."""

    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    RETIRED = "retired", _("retired")


class WaveStatus(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class StakeholderGroup(models.TextChoices):
    """The only thing kept about who gave an answer."""

    PARTNER = "partner", _("offer partner")
    AGII = "agii", _("AgII")
    LOCAL_GOVERNMENT = "local_government", _("local government")
    COORDINATION = "coordination", _("network coordination")
    OTHER = "other", _("other")


#: An answer to a statement: 1 (strongly disagree) to 5 (strongly agree), or "don't know".
SCORES = (1, 2, 3, 4, 5)
DONT_KNOW = "dk"


# --- Action plans and the timeline ---------------------------------------------------------------


class PlanStatus(models.TextChoices):
    """A plan is prepared as a draft, is active during its period, and closed after it."""

    DRAFT = "draft", _("draft")
    ACTIVE = "active", _("active")
    CLOSED = "closed", _("closed")


class GoalStatus(models.TextChoices):
    """What the network decided about an intermediate goal (a goal tied to a measure also shows
    whether the measure meets its target today)."""

    OPEN = "open", _("working on it")
    REACHED = "reached", _("reached")
    DROPPED = "dropped", _("dropped")


class ActionStatus(models.TextChoices):
    TODO = "todo", _("to do")
    DOING = "doing", _("doing")
    DONE = "done", _("done")


class Comparator(models.TextChoices):
    """How a measure is compared with the goal's target."""

    AT_LEAST = "gte", _("at least (≥)")
    AT_MOST = "lte", _("at most (≤)")


class MilestoneKind(models.TextChoices):
    """Every collaboration has highs, lows and turning points (hoogtepunten, dieptepunten,
    kantelpunten)."""

    HIGH = "high", _("high")
    LOW = "low", _("low")
    TURNING = "turning", _("turning point")
