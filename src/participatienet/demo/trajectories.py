"""Demo trajectories of one region: stories over the last 18 months, then rows.

Every trajectory is first planned as a *story* in days (date ordinals) and moments (ordinals
with a fraction of the day): when it started, which offers the newcomer was referred to, when
the partner answered, the hours entered and when they were confirmed. Stories that ended are
planned forward and then shifted so they end before today; running stories end today. Only
then do they become model instances, which the generator saves with ``bulk_create``.

Rules the stories keep (and the tests check):

* a catalogue participation's organisation is its offer's organisation; about one in ten
  participations that run is an own activity found by the newcomer;
* an offer never has more occupying participations (referred, accepted, active) than places,
  and only active offers get new ones;
* hours (1-4 h an entry) belong to active or completed participations only, fall on or after
  the participation's start and never in the future; a completed trajectory has at least 40
  confirmed hours; some entries of running participations wait for confirmation, some for more
  than 14 days;
* a newcomer has at most one open trajectory (a few have an older, stopped one).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from participatienet.accounts.models import User
from participatienet.demo import catalogue
from participatienet.demo.common import HISTORY_DAYS, Clock, email_part, office_time
from participatienet.demo.offers import PlannedOffer
from participatienet.demo.people import NewcomerPlan
from participatienet.offers.choices import OfferStatus
from participatienet.offers.models import Offer
from participatienet.trajectories.choices import (
    HourStatus,
    ParticipationStatus,
    Respondent,
    TrajectoryStatus,
)
from participatienet.trajectories.models import (
    REQUIRED_HOURS,
    Feedback,
    HourEntry,
    Participation,
    Trajectory,
)
from participatienet.trajectories.services import NEWCOMER_QUESTIONS, PARTNER_QUESTIONS

P = ParticipationStatus
S = TrajectoryStatus

#: How often each trajectory status is planned (besides the scripted demo cases).
STATUS_WEIGHTS: dict[str, int] = {
    S.INTAKE: 8,
    S.SEARCHING: 18,
    S.ACTIVE: 32,
    S.COMPLETED: 28,
    S.STOPPED: 14,
}
#: Newcomers registered without a trajectory yet, and with an older stopped one.
NO_TRAJECTORY = 0.03
EARLIER_TRAJECTORY = 0.04
OWN_ACTIVITY = 0.1
#: Share of running participations whose partner is slow to confirm hours.
SLOW_PARTNER = 0.22
ONE = Decimal(1)
FOUR = Decimal(4)
HALF = Decimal("0.5")


# --- Offers as places -------------------------------------------------------------------------


@dataclass(eq=False)
class Slot:
    """An offer seen as places to fill."""

    offer: Offer
    open_from: int
    free: int
    active: bool
    weekly_hours: Decimal
    contact_name: str
    partner: bool = False


def _slot(planned: PlannedOffer, partner_id: int | None) -> Slot:
    offer = planned.offer
    return Slot(
        offer=offer,
        open_from=planned.open_from or 0,
        free=offer.capacity,
        active=offer.status == OfferStatus.ACTIVE,
        weekly_hours=Decimal(offer.hours_per_week),
        contact_name=offer.contact.name,
        partner=partner_id is not None and offer.organisation_id == partner_id,
    )


class Pool:
    """The region's offers by municipality, with their free places."""

    def __init__(
        self,
        planned: Sequence[PlannedOffer],
        neighbours: dict[int, list[int]],
        partner_id: int | None,
        rng: random.Random,
    ) -> None:
        self.rng = rng
        self.neighbours = neighbours
        self.slots = [
            _slot(p, partner_id)
            for p in planned
            if p.offer.status in (OfferStatus.ACTIVE, OfferStatus.PAUSED)
            and p.open_from is not None
        ]
        self.partner = [slot for slot in self.slots if slot.partner and slot.active]
        self.active: dict[int, list[Slot]] = {}
        self.history: dict[int, list[Slot]] = {}
        for slot, served in zip(
            self.slots,
            [
                p.served
                for p in planned
                if p.offer.status in (OfferStatus.ACTIVE, OfferStatus.PAUSED)
                and p.open_from is not None
            ],
            strict=True,
        ):
            for municipality in served or [slot.offer.municipality_id]:
                self.history.setdefault(municipality, []).append(slot)
                if slot.active:
                    self.active.setdefault(municipality, []).append(slot)
        self.all_active = [slot for slot in self.slots if slot.active]

    def pick(
        self, plan: NewcomerPlan, day: int, mode: str, exclude: Sequence[Slot] = ()
    ) -> Slot | None:
        """An offer for the newcomer: near home, at their level, preferably on their themes.
        ``mode`` is "occupy" (takes a free place), "propose" (active, no place taken) or
        "history" (active or paused, for participations that ended)."""
        home = plan.newcomer.municipality_id
        near = self.neighbours.get(home, [])[:4]
        pools = self.history if mode == "history" else self.active
        everything = self.slots if mode == "history" else self.all_active
        if not everything:
            return None
        for attempt in range(14):
            if attempt < 6:
                pool = pools.get(home)
            elif attempt < 11 and near:
                pool = pools.get(self.rng.choice(near))
            else:
                pool = everything
            if not pool:
                continue
            slot = self.rng.choice(pool)
            if slot not in exclude and self._fits(slot, plan, day, mode, strict=attempt < 4):
                return self._take(slot, mode)
        fitting = [
            slot
            for slot in everything
            if slot not in exclude and self._fits(slot, plan, day, mode, strict=False)
        ]
        return self._take(self.rng.choice(fitting), mode) if fitting else None

    def take(self, slot: Slot) -> Slot | None:
        """Take a place of a given offer (the scripted demo cases), if there is one."""
        return self._take(slot, "occupy") if slot.free > 0 else None

    @staticmethod
    def _take(slot: Slot, mode: str) -> Slot:
        if mode == "occupy":
            slot.free -= 1
        return slot

    @staticmethod
    def _fits(slot: Slot, plan: NewcomerPlan, day: int, mode: str, strict: bool) -> bool:
        offer, newcomer = slot.offer, plan.newcomer
        if slot.open_from > day:
            return False
        if mode == "occupy" and slot.free <= 0:
            return False
        if mode != "history" and not slot.active:
            return False
        if offer.min_dutch_level > newcomer.dutch_level:
            return False
        if offer.is_women_only and not plan.is_woman:
            return False
        if strict:
            if not offer.themes_mask & newcomer.themes_mask:
                return False
            if newcomer.needs_childcare and not offer.has_childcare:
                return False
        return True


# --- Stories ----------------------------------------------------------------------------------


@dataclass
class EntryPlan:
    day: int
    hours: Decimal
    note: str
    entered: float
    rejected: bool = False
    corrected: bool = False
    by_partner: bool = False
    status: str = HourStatus.UNCONFIRMED
    confirmed: float | None = None
    via: str = ""
    reminded: float | None = None


@dataclass
class PartPlan:
    slot: Slot | None
    status: str
    created: float
    own: tuple[str, str, str] | None = None
    own_contact: tuple[str, str, str] = ("", "", "")
    referred: float | None = None
    answered: float | None = None
    decline_reason: str = ""
    started: int | None = None
    ended: int | None = None
    stop_reason: str = ""
    slow: bool = False
    #: Entries entered from this moment on wait for confirmation (a scripted demo case).
    hold_from: float | None = None
    entries: list[EntryPlan] = field(default_factory=list)
    #: None: decide at random; True/False: force (the scripted demo cases).
    newcomer_feedback: bool | None = None
    partner_feedback: bool | None = None

    @property
    def contact_name(self) -> str:
        return self.slot.contact_name if self.slot else self.own_contact[0]

    def confirmed_total(self) -> Decimal:
        return sum((e.hours for e in self.entries if not e.rejected), Decimal(0))


@dataclass
class TrajectoryPlan:
    status: str
    start: int
    closed: int | None = None
    stop_reason: str = ""
    parts: list[PartPlan] = field(default_factory=list)

    def shift(self, days: int) -> None:
        """Move the whole story ``days`` days (negative: earlier)."""
        self.start += days
        if self.closed is not None:
            self.closed += days
        for part in self.parts:
            part.created += days
            for name in ("referred", "answered", "started", "ended"):
                value = getattr(part, name)
                if value is not None:
                    setattr(part, name, value + days)
            for entry in part.entries:
                entry.day += days
                entry.entered += days

    @property
    def last_day(self) -> int:
        days = [self.closed or self.start]
        for part in self.parts:
            days.append(int(part.created))
            days.extend(int(v) for v in (part.answered, part.ended) if v is not None)
            days.extend(entry.day for entry in part.entries)
        return max(days)


class Storyteller:
    """Plans the trajectories of one region's newcomers."""

    def __init__(
        self,
        *,
        pool: Pool,
        clock: Clock,
        rng: random.Random,
        partner_user: User | None,
    ) -> None:
        self.pool = pool
        self.clock = clock
        self.rng = rng
        self.today = clock.day
        self.partner_user = partner_user
        #: True while planning a finished story forward from a provisional start; it is
        #: shifted before today afterwards, so moments are not held back at "now" meanwhile.
        self.planning_ahead = False

    # The stories of ordinary newcomers

    def stories(self, plan: NewcomerPlan) -> list[TrajectoryPlan]:
        """The newcomer's trajectories, oldest first (none for a few new registrations)."""
        rng = self.rng
        if rng.random() < NO_TRAJECTORY:
            return []
        status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
        self.planning_ahead = status in (S.COMPLETED, S.STOPPED)
        try:
            story = getattr(self, f"_{status}")(plan)
        finally:
            self.planning_ahead = False
        stories = [story]
        if story.status in (S.INTAKE, S.SEARCHING, S.ACTIVE) and rng.random() < EARLIER_TRAJECTORY:
            earlier = self._earlier(story.start)
            if earlier is not None:
                stories.insert(0, earlier)
        return stories

    def _intake(self, plan: NewcomerPlan) -> TrajectoryPlan:
        story = TrajectoryPlan(S.INTAKE, self.today - self.rng.randint(0, 30))
        if self.rng.random() < 0.15:
            self._proposed(story, plan, self.rng.randint(story.start, self.today))
        return story

    def _searching(self, plan: NewcomerPlan) -> TrajectoryPlan:
        rng, today = self.rng, self.today
        story = TrajectoryPlan(S.SEARCHING, today - rng.randint(7, 330))
        cursor = story.start + rng.randint(5, 30)
        if rng.random() < 0.15 and today - story.start > 150:
            cursor = self._ended(story, plan, cursor, rng.randint(8, 30)) + rng.randint(7, 30)
        cursor = min(cursor, today)
        variant = rng.choices(
            ("waiting", "referred", "accepted", "declined", "proposed"),
            weights=(30, 35, 12, 13, 10),
        )[0]
        if variant == "referred":
            if rng.random() < 0.3 and cursor < today - 50:
                self._declined(story, plan, cursor)
            day = min(max(cursor, today - rng.randint(0, 45)), today)
            self._referred(story, plan, day)
        elif variant == "accepted":
            day = min(max(cursor, today - rng.randint(4, 40)), today - 1)
            part = self._referred(story, plan, max(day, story.start))
            if part is not None and part.referred is not None:
                part.status = P.ACCEPTED
                part.answered = self._answer(part.referred, rng.uniform(0.5, 7))
        elif variant == "declined":
            for _ in range(rng.randint(1, 2)):
                self._declined(story, plan, rng.randint(cursor, today))
        elif variant == "proposed":
            self._proposed(story, plan, rng.randint(cursor, today))
        return story

    def _active(self, plan: NewcomerPlan) -> TrajectoryPlan:
        rng, today = self.rng, self.today
        story = TrajectoryPlan(S.ACTIVE, today - rng.randint(21, 420))
        cursor = story.start + rng.randint(5, 45)
        if rng.random() < 0.2 and cursor < today - 60:
            self._declined(story, plan, cursor)
            cursor += rng.randint(10, 25)
        prior = Decimal(0)
        if rng.random() < 0.2 and cursor < today - 120:
            cursor = self._ended(story, plan, cursor, rng.randint(8, 24)) + rng.randint(5, 30)
            prior = sum((p.confirmed_total() for p in story.parts), Decimal(0))
        cursor = min(cursor, today - 5)
        if rng.random() < 0.05:
            # Ready to complete: 40 hours reached, the counsellor has yet to close it.
            cap, target = None, REQUIRED_HOURS - prior + rng.randint(0, 3)
        else:
            cap, target = REQUIRED_HOURS - Decimal("0.25") - prior, None
        main = self._running(
            story, plan, cursor, cap, own=rng.random() < OWN_ACTIVITY, target=target
        )
        if main is None:
            # No free place anywhere near: back to searching, waiting for a place.
            story.status = S.SEARCHING
            return story
        if rng.random() < 0.15:
            day = today - rng.randint(0, 20)
            second = self._referred(story, plan, max(day, cursor), exclude=[main.slot])
            if second is not None and second.referred is not None and rng.random() < 0.4:
                second.status = P.ACCEPTED
                second.answered = self._answer(second.referred, rng.uniform(0.5, 5))
        return story

    def _completed(self, plan: NewcomerPlan) -> TrajectoryPlan:
        rng, today = self.rng, self.today
        story = TrajectoryPlan(S.COMPLETED, today - rng.randint(150, HISTORY_DAYS))
        cursor = story.start + rng.randint(7, 50)
        if rng.random() < 0.15:
            self._declined(story, plan, cursor, close=False)
            cursor += rng.randint(10, 25)
        total = Decimal(0)
        if rng.random() < 0.3:
            cursor = self._ended(story, plan, cursor, rng.randint(10, 25), until=None)
            total = sum((p.confirmed_total() for p in story.parts), Decimal(0))
            cursor += rng.randint(3, 20)
        target = REQUIRED_HOURS - total + rng.choice((0, 0, 1, 2, 4))
        end = self._ended(story, plan, cursor, target, until=None)
        story.closed = end + rng.randint(0, 10)
        self._fit_before_today(story)
        return story

    def _stopped(self, plan: NewcomerPlan) -> TrajectoryPlan:
        rng, today = self.rng, self.today
        story = TrajectoryPlan(S.STOPPED, today - rng.randint(30, HISTORY_DAYS))
        story.stop_reason = rng.choice(catalogue.TRAJECTORY_STOP_REASONS)
        cursor = story.start + rng.randint(5, 40)
        variant = rng.choices(("early", "after", "participation"), weights=(35, 35, 30))[0]
        if variant == "early":
            if rng.random() < 0.5:
                self._declined(story, plan, cursor, close=False)
            story.closed = cursor + rng.randint(14, 60)
        elif variant == "after":
            end = self._ended(story, plan, cursor, rng.randint(6, 30), until=None)
            story.closed = end + rng.randint(7, 60)
        else:
            slot = self.pool.pick(plan, cursor, "history")
            part = self._part(story, slot, cursor, P.STOPPED)
            part.answered = part.created + rng.uniform(1, 10)
            if rng.random() < 0.5:
                part.started = int(part.answered) + rng.randint(3, 10)
                part.ended = part.started + rng.randint(3, 14)
            else:
                part.ended = int(part.answered) + rng.randint(3, 20)
            part.stop_reason = story.stop_reason
            story.closed = part.ended
        self._fit_before_today(story)
        return story

    def _earlier(self, start: int) -> TrajectoryPlan | None:
        """An older trajectory that stopped early (the newcomer started again later)."""
        rng = self.rng
        first = self.today - HISTORY_DAYS
        if start - 80 < first:
            return None
        story = TrajectoryPlan(S.STOPPED, rng.randint(first, start - 80))
        story.closed = story.start + rng.randint(10, 50)
        story.stop_reason = rng.choice(
            (
                "Zwangerschapsverlof; start later opnieuw.",
                "Zorgt voltijds voor een familielid.",
                "Geen contact meer na drie pogingen.",
                "Vrijgesteld om medische redenen.",
            )
        )
        return story

    # The scripted cases of the demo partner contact

    def partner_stories(self, plans: Sequence[NewcomerPlan]) -> list[list[TrajectoryPlan]]:
        """Cases that fill the demo partner's to-do list: referrals waiting (one for weeks),
        hours waiting for confirmation (some for more than 14 days), and ended participations
        without the partner's feedback. One story per plan in ``plans``."""
        rng, today = self.rng, self.today
        slots = self.pool.partner
        stories: list[list[TrajectoryPlan]] = []
        if not slots:
            return [[self._searching(plan)] for plan in plans]
        for index, plan in enumerate(plans):
            slot = slots[index % len(slots)]
            case = index % 7
            if case in (0, 1, 2):
                story = TrajectoryPlan(S.SEARCHING, today - (20, 40, 60)[case])
                waited = (2, 19, 33)[case]
                taken = self.pool.take(slot)
                if taken is not None:
                    self._part(story, taken, today - waited, P.REFERRED)
            elif case in (3, 4):
                weeks = (8, 4)[case - 3]
                story = TrajectoryPlan(S.ACTIVE, today - weeks * 7 - 30)
                taken = self.pool.take(slot)
                if taken is not None:
                    part = self._part(story, taken, today - weeks * 7 - 10, P.ACTIVE)
                    part.answered = part.created + 2.2
                    part.started = today - weeks * 7
                    if case == 3:
                        # The partner has not looked at the hours of the last six weeks.
                        part.slow = True
                        part.hold_from = today - 45
                    cap = REQUIRED_HOURS - Decimal("0.25")
                    self._hours(part, part.started, until=today - 1, cap=cap)
            elif case == 5:
                story = TrajectoryPlan(S.COMPLETED, today - 300)
                part = self._part(story, slot, story.start + 14, P.COMPLETED)
                part.answered = part.created + 1.5
                part.started = story.start + 20
                self._hours(part, part.started, until=None, target=REQUIRED_HOURS)
                part.ended = part.entries[-1].day + 1
                story.closed = part.ended + 3
                part.newcomer_feedback, part.partner_feedback = True, False
                self._fit_before_today(story, latest=today - 20)
            else:
                story = TrajectoryPlan(S.ACTIVE, today - 200)
                part = self._part(story, slot, story.start + 10, P.COMPLETED)
                part.answered = part.created + 1.0
                part.started = story.start + 15
                self._hours(part, part.started, until=today - 45, target=Decimal(20))
                part.ended = part.entries[-1].day + 2 if part.entries else today - 40
                part.partner_feedback = False
                self._running(story, plan, today - 30, REQUIRED_HOURS - 21, own=True)
            stories.append([story])
        for story_list in stories:
            for story in story_list:
                for part in story.parts:
                    if part.slot is not None and part.slot.partner:
                        part.slow = part.slow or rng.random() < 0.3
        return stories

    # Building blocks

    def _part(self, story: TrajectoryPlan, slot: Slot | None, day: int, status: str) -> PartPlan:
        """A participation referred on ``day`` (an own activity when ``slot`` is None)."""
        rng = self.rng
        moment = office_time(rng, day)
        if not self.planning_ahead:
            # Not after now, and still on ``day`` (the small hours of today, if need be).
            moment = max(min(moment, self.clock.moment - rng.uniform(0.01, 0.2)), float(day))
        if slot is None:
            title, organisation, domain = rng.choice(catalogue.OWN_ACTIVITIES)
            name = rng.choice(catalogue.OWN_CONTACT_NAMES)
            first, _, last = name.partition(" ")
            email = f"{email_part(first)}.{email_part(last)}@{domain}"
            phone = f"+32 4{rng.randint(60, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} " + (
                f"{rng.randint(10, 99)}"
            )
            part = PartPlan(
                slot=None,
                status=status,
                created=moment,
                own=(title, organisation, domain),
                own_contact=(name, email, phone),
                started=day,
            )
        else:
            part = PartPlan(slot=slot, status=status, created=moment)
            if status != P.PROPOSED:
                part.referred = moment
        story.parts.append(part)
        return part

    def _answer(self, referred: float, delay: float) -> float:
        """When the partner answered a referral: ``delay`` days later, but not after now."""
        now = self.clock.moment
        return max(min(referred + delay, now - self.rng.uniform(0.001, 0.05)), referred + 0.0001)

    def _proposed(self, story: TrajectoryPlan, plan: NewcomerPlan, day: int) -> None:
        slot = self.pool.pick(plan, day, "propose")
        if slot is not None:
            self._part(story, slot, day, P.PROPOSED)

    def _referred(
        self, story: TrajectoryPlan, plan: NewcomerPlan, day: int, exclude: Sequence[Slot] = ()
    ) -> PartPlan | None:
        slot = self.pool.pick(plan, day, "occupy", exclude=exclude)
        if slot is None:
            return None
        return self._part(story, slot, day, P.REFERRED)

    def _declined(
        self, story: TrajectoryPlan, plan: NewcomerPlan, day: int, close: bool = True
    ) -> None:
        slot = self.pool.pick(plan, day, "propose" if close else "history")
        if slot is None:
            return
        part = self._part(story, slot, day, P.DECLINED)
        delay = self.rng.uniform(0.5, 12)
        part.answered = self._answer(part.created, delay) if close else part.created + delay
        part.decline_reason = self.rng.choice(catalogue.DECLINE_REASONS)

    def _ended(
        self,
        story: TrajectoryPlan,
        plan: NewcomerPlan,
        day: int,
        target: Decimal | int,
        until: int | None = -1,
    ) -> int:
        """A participation that ran from about ``day`` and completed after ``target`` hours
        (or at ``until``: yesterday by default, None for no limit). Returns its last day."""
        rng = self.rng
        limit = self.today - 1 if until == -1 else until
        own = rng.random() < OWN_ACTIVITY
        slot = None if own else self.pool.pick(plan, day, "history")
        part = self._part(story, slot, day, P.COMPLETED)
        if slot is not None:
            part.answered = part.created + rng.uniform(0.5, 7)
            part.started = int(part.answered) + rng.randint(2, 14)
        started = part.started if part.started is not None else day
        if limit is not None:
            started = min(started, limit)
        part.started = started
        self._hours(part, started, until=limit, target=Decimal(target))
        last = part.entries[-1].day if part.entries else started
        part.ended = last + rng.randint(0, 7)
        if limit is not None:
            part.ended = min(part.ended, limit)
        return part.ended

    def _running(
        self,
        story: TrajectoryPlan,
        plan: NewcomerPlan,
        day: int,
        cap: Decimal | None,
        own: bool,
        target: Decimal | None = None,
    ) -> PartPlan | None:
        """The participation that runs today, with its hours so far."""
        rng, today = self.rng, self.today
        if own:
            part = self._part(story, None, day, P.ACTIVE)
        else:
            slot = self.pool.pick(plan, day, "occupy")
            if slot is None:
                return None
            part = self._part(story, slot, day, P.ACTIVE)
            answered = self._answer(part.created, rng.uniform(0.5, 7))
            part.answered = answered
            part.started = min(int(answered) + rng.randint(2, 14), today)
            part.slow = rng.random() < SLOW_PARTNER
        started = part.started if part.started is not None else day
        self._hours(part, started, until=today - 1, cap=cap, target=target)
        return part

    def _hours(
        self,
        part: PartPlan,
        start: int,
        *,
        until: int | None,
        target: Decimal | None = None,
        cap: Decimal | None = None,
    ) -> None:
        """Entries from ``start``, every week or two of 1-4 h (as counsellors enter them),
        until ``until``, until ``target`` confirmed hours are reached, or before ``cap`` hours
        would be passed."""
        rng = self.rng
        slot = part.slot
        weekly = slot.weekly_hours if slot else Decimal(2)
        # Short weekly activities are entered per fortnight, long ones twice a week.
        if weekly <= 2:
            interval, per_entry = 14, weekly * 2
        elif weekly > FOUR:
            interval, per_entry = 3, weekly / 2
        else:
            interval, per_entry = 7, weekly
        base = min(max((per_entry * 2).quantize(ONE) / 2, ONE), FOUR)
        by_partner = bool(slot and slot.partner and self.partner_user is not None)
        day = start + rng.randint(0, 3)
        total = Decimal(0)
        while until is None or day <= until:
            hours = base
            if rng.random() < 0.2:
                hours = min(max(base + rng.choice((-HALF, HALF)), ONE), FOUR)
            if cap is not None and total + hours > cap:
                break
            if rng.random() < 0.7:
                entered = day + rng.uniform(0.55, 0.95)
            else:
                entered = office_time(rng, day + rng.randint(1, 4))
            entry = EntryPlan(
                day=day,
                hours=hours,
                note=rng.choice(catalogue.HOUR_NOTES),
                entered=entered,
                rejected=rng.random() < 0.02,
                corrected=rng.random() < 0.03,
                by_partner=by_partner and rng.random() < 0.25,
            )
            part.entries.append(entry)
            if not entry.rejected:
                total += hours
            if target is not None and total >= target:
                break
            day += max(1, interval + rng.randint(-1, 1))
            if rng.random() < 0.1:
                day += 7

    def _fit_before_today(self, story: TrajectoryPlan, latest: int | None = None) -> None:
        """Shift a finished story so it ends before today (and not before the history)."""
        latest = latest if latest is not None else self.today - 1
        last = story.last_day
        if last > latest:
            # Not all on the same day: end a little earlier still, within the history.
            room = story.start - (last - latest) - (self.today - HISTORY_DAYS - 30)
            story.shift(latest - last - self.rng.randint(0, max(0, min(90, room))))

    # Settling hours and feedback once the dates are final

    def settle(self, story: TrajectoryPlan) -> None:
        """Decide which entries are confirmed by now (and when), and clamp to now."""
        rng = self.rng
        now = self.clock.moment
        closing = story.closed + rng.uniform(0.4, 0.8) if story.closed is not None else None
        for part in story.parts:
            for entry in part.entries:
                entry.entered = min(entry.entered, now - rng.uniform(0.01, 0.1))
                if closing is not None:
                    entry.entered = min(entry.entered, closing - 0.01)
                if entry.by_partner and (part.hold_from is None or entry.entered < part.hold_from):
                    entry.status = HourStatus.CONFIRMED
                    entry.confirmed = entry.entered
                    entry.via = "account"
                    continue
                delay = rng.uniform(15, 45) if part.slow else rng.uniform(0.3, 9)
                when = entry.entered + delay
                if closing is not None:
                    when = max(min(when, closing), entry.entered + 0.001)
                if part.hold_from is not None and entry.entered >= part.hold_from:
                    entry.by_partner = False
                    when = now + 1
                if when <= now:
                    entry.status = HourStatus.REJECTED if entry.rejected else HourStatus.CONFIRMED
                    entry.confirmed = when
                    use_account = part.slot is not None and part.slot.partner
                    entry.via = "account" if use_account and rng.random() < 0.5 else "link"
                else:
                    entry.status = HourStatus.UNCONFIRMED
                    if entry.entered <= now - 14 and rng.random() < 0.4:
                        entry.reminded = min(entry.entered + rng.uniform(14, 16), now)


# --- Rows -------------------------------------------------------------------------------------


@dataclass
class Rows:
    trajectories: list[Trajectory] = field(default_factory=list)
    participations: list[Participation] = field(default_factory=list)
    hours: list[HourEntry] = field(default_factory=list)
    feedback: list[Feedback] = field(default_factory=list)


def _label(user: User | None) -> str:
    return f"{user.full_name} <{user.email}>"[:200] if user is not None else "system"


class RowBuilder:
    """Turns settled stories into unsaved model instances (related objects by reference)."""

    def __init__(self, *, clock: Clock, rng: random.Random, partner_user: User | None) -> None:
        self.clock = clock
        self.rng = rng
        self.partner_user = partner_user

    def build(self, plan: NewcomerPlan, story: TrajectoryPlan, rows: Rows) -> None:
        clock, rng = self.clock, self.rng
        newcomer = plan.newcomer
        counsellor: User | None = newcomer.counsellor
        trajectory = Trajectory(
            newcomer=newcomer,
            region_id=newcomer.region_id,
            counsellor=counsellor,
            status=story.status,
            started_on=clock.date(story.start),
            closed_on=clock.date(story.closed) if story.closed is not None else None,
            stop_reason=story.stop_reason,
            created_at=clock.datetime(office_time(rng, story.start)),
        )
        rows.trajectories.append(trajectory)
        for part in story.parts:
            participation = self._participation(trajectory, part, counsellor)
            rows.participations.append(participation)
            for entry in part.entries:
                rows.hours.append(self._entry(participation, part, entry, counsellor))
            rows.feedback.extend(self._feedback(participation, part, newcomer.preferred_language))

    def _participation(
        self, trajectory: Trajectory, part: PartPlan, counsellor: User | None
    ) -> Participation:
        clock = self.clock
        participation = Participation(
            trajectory=trajectory,
            status=part.status,
            referred_by=counsellor,
            referred_at=clock.datetime(part.referred) if part.referred is not None else None,
            decline_reason=part.decline_reason,
            started_on=clock.date(part.started)
            if part.started is not None and part.status not in (P.PROPOSED, P.REFERRED)
            else None,
            ended_on=clock.date(part.ended) if part.ended is not None else None,
            stop_reason=part.stop_reason,
            created_at=clock.datetime(part.created),
        )
        if part.slot is not None:
            offer = part.slot.offer
            participation.offer = offer
            participation.organisation = offer.organisation
            if part.answered is not None:
                participation.answered_at = clock.datetime(part.answered)
                participation.answered_by_label = self._answerer(part)
        else:
            title, organisation, _domain = part.own or ("", "", "")
            name, email, phone = part.own_contact
            participation.is_own_activity = True
            participation.own_title = title
            participation.own_organisation_name = organisation
            participation.own_contact_name = name
            participation.own_contact_email = email
            participation.own_contact_phone = phone
            participation.own_attests_dutch_context = True
            participation.own_attests_social_contact = True
        return participation

    def _answerer(self, part: PartPlan) -> str:
        partner = part.slot is not None and part.slot.partner and self.partner_user is not None
        if partner and self.rng.random() < 0.5:
            return _label(self.partner_user)
        return part.contact_name

    def _entry(
        self,
        participation: Participation,
        part: PartPlan,
        entry: EntryPlan,
        counsellor: User | None,
    ) -> HourEntry:
        clock = self.clock
        partner = self.partner_user if entry.by_partner else None
        row = HourEntry(
            participation=participation,
            date=clock.date(entry.day),
            hours=entry.hours,
            note=entry.note,
            status=entry.status,
            entered_by=partner or counsellor,
            entered_by_label=_label(partner or counsellor),
            entered_at=clock.datetime(entry.entered),
        )
        if entry.confirmed is not None:
            row.confirmed_at = clock.datetime(entry.confirmed)
            row.confirmed_via = entry.via
            if entry.via == "account" and self.partner_user is not None:
                row.confirmed_by = self.partner_user
                row.confirmed_by_label = _label(self.partner_user)
            else:
                row.confirmed_by_label = part.contact_name
            if entry.rejected:
                row.correction_reason = self.rng.choice(catalogue.REJECT_REASONS)
            elif entry.corrected:
                row.original_hours = entry.hours + HALF
                row.correction_reason = self.rng.choice(catalogue.CORRECTION_REASONS)
        if entry.reminded is not None:
            row.reminder_sent_at = clock.datetime(entry.reminded)
        return row

    def _feedback(
        self, participation: Participation, part: PartPlan, newcomer_language: str
    ) -> list[Feedback]:
        """Feedback after a participation that ran and ended: from the newcomer and the
        partner, mostly good, sometimes low, some with a few words."""
        rng, clock = self.rng, self.clock
        if part.ended is None or part.started is None:
            return []
        if part.status not in (P.COMPLETED, P.STOPPED):
            return []
        good = part.status == P.COMPLETED
        result = []
        for respondent, chance, forced in (
            (Respondent.NEWCOMER, 0.55, part.newcomer_feedback),
            (Respondent.PARTNER, 0.45, part.partner_feedback),
        ):
            wanted = forced if forced is not None else rng.random() < chance
            if not wanted:
                continue
            submitted = part.ended + rng.uniform(1, 14)
            if submitted >= clock.moment:
                continue
            base = rng.choices(
                (5, 4, 3, 2, 1), weights=(45, 35, 12, 5, 3) if good else (10, 25, 30, 20, 15)
            )[0]
            if respondent == Respondent.NEWCOMER:
                language = newcomer_language
                questions = NEWCOMER_QUESTIONS
                texts = (
                    catalogue.NEWCOMER_LOW_TEXTS if base <= 2 else catalogue.NEWCOMER_TEXTS
                ).get(language, ())
            else:
                language = "nl"
                questions = PARTNER_QUESTIONS
                texts = catalogue.PARTNER_LOW_TEXTS if base <= 2 else catalogue.PARTNER_TEXTS
            scores = {}
            for question in questions:
                if rng.random() < 0.03:
                    scores[question] = None
                else:
                    scores[question] = min(max(base + rng.choice((-1, 0, 0, 0, 1)), 1), 5)
            text = rng.choice(texts) if texts and rng.random() < 0.35 else ""
            result.append(
                Feedback(
                    participation=participation,
                    respondent=respondent,
                    language=language,
                    text=text,
                    submitted_at=clock.datetime(submitted),
                    **scores,
                )
            )
        return result
