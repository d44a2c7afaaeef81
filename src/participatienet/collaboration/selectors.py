"""Reads of the collaboration scan: who can be invited, response rates, and the adapter that
loads answers into the pure ``results`` module (a fixed number of queries per page)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from participatienet.accounts.choices import Role
from participatienet.accounts.models import Membership
from participatienet.collaboration import results
from participatienet.collaboration.choices import StakeholderGroup, WaveStatus
from participatienet.collaboration.models import Answer, Dimension, OpenAnswer, Response, Wave
from participatienet.network.choices import OrganisationKind
from participatienet.network.models import ContactPoint

GROUP_ORDER = tuple(StakeholderGroup.values)

# --- Who can be invited --------------------------------------------------------------------------

ROLE_GROUPS = {
    Role.COORDINATOR: StakeholderGroup.COORDINATION,
    Role.COUNSELLOR: StakeholderGroup.AGII,
    Role.LOCAL_WORKER: StakeholderGroup.LOCAL_GOVERNMENT,
}
KIND_GROUPS = {
    OrganisationKind.LOCAL_GOVERNMENT: StakeholderGroup.LOCAL_GOVERNMENT,
    OrganisationKind.AGII: StakeholderGroup.AGII,
}
SOURCES = {
    "account": _("account"),
    "contact_point": _("contact point"),
}


def group_of_organisation(kind: str) -> str:
    return KIND_GROUPS.get(kind, StakeholderGroup.PARTNER)


@dataclass(frozen=True)
class Candidate:
    """Someone of the region who can be invited. ``value`` names them in the form
    (``m<membership id>`` or ``c<contact point id>``), so the address comes from the database,
    never from the browser."""

    value: str
    name: str
    email: str
    group: str
    where: str
    source: str
    invited: bool = False

    @property
    def group_label(self) -> str:
        return str(StakeholderGroup(self.group).label)


def invitation_candidates(wave: Wave) -> list[Candidate]:
    """The people of the wave's region with an e-mail address: users with a current role there
    (coordinators, counsellors, local workers, partner contacts) and the organisations'
    contact points. One entry per address (an account before a contact point), ordered by
    group and name; ``invited`` marks addresses already invited. Three queries."""
    region_id = wave.region_id
    invited = set(wave.invitations.exclude(email="").values_list("email", flat=True))
    seen: set[str] = set()
    found: list[Candidate] = []
    memberships = (
        Membership.objects.current()
        .filter(
            region_id=region_id,
            role__in=[Role.COORDINATOR, Role.COUNSELLOR, Role.LOCAL_WORKER, Role.PARTNER_CONTACT],
            user__is_active=True,
        )
        .select_related("user", "organisation")
        .order_by("pk")
    )
    for membership in memberships:
        email = membership.user.email.strip().lower()
        if not email or email in seen:
            continue
        seen.add(email)
        if membership.role == Role.PARTNER_CONTACT and membership.organisation is not None:
            group = group_of_organisation(membership.organisation.kind)
        else:
            group = ROLE_GROUPS.get(membership.role, StakeholderGroup.OTHER)
        found.append(
            Candidate(
                value=f"m{membership.pk}",
                name=membership.user.full_name or email,
                email=email,
                group=group,
                where=str(membership.organisation or membership.get_role_display()),
                source="account",
                invited=email in invited,
            )
        )
    contacts = (
        ContactPoint.objects.filter(organisation__region_id=region_id)
        .exclude(email="")
        .select_related("organisation")
        .order_by("pk")
    )
    for contact in contacts:
        email = contact.email.strip().lower()
        if email in seen:
            continue
        seen.add(email)
        found.append(
            Candidate(
                value=f"c{contact.pk}",
                name=contact.name,
                email=email,
                group=group_of_organisation(contact.organisation.kind),
                where=contact.organisation.name,
                source="contact_point",
                invited=email in invited,
            )
        )
    order = {group: index for index, group in enumerate(GROUP_ORDER)}
    found.sort(key=lambda c: (order.get(c.group, 99), c.where.lower(), c.name.lower(), c.value))
    return found


# --- Response rate -------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupRate:
    group: str
    label: str
    invited: int
    responded: int
    drafts: int

    @property
    def percent(self) -> int:
        return round(100 * self.responded / self.invited) if self.invited else 0


@dataclass(frozen=True)
class ResponseRate:
    groups: tuple[GroupRate, ...]

    @property
    def invited(self) -> int:
        return sum(g.invited for g in self.groups)

    @property
    def responded(self) -> int:
        return sum(g.responded for g in self.groups)

    @property
    def drafts(self) -> int:
        return sum(g.drafts for g in self.groups)

    @property
    def percent(self) -> int:
        return round(100 * self.responded / self.invited) if self.invited else 0


def response_rate(wave: Wave) -> ResponseRate:
    """Invited, answered and started-but-unfinished, per group: counts only (two queries)."""
    counts = {
        row["group"]: row
        for row in wave.invitations.order_by()
        .values("group")
        .annotate(invited=Count("pk"), responded=Count("pk", filter=Q(responded=True)))
    }
    drafts = dict(
        Response.objects.filter(wave=wave, submitted=False)
        .order_by()
        .values("group")
        .annotate(n=Count("pk"))
        .values_list("group", "n")
    )
    labels = dict(StakeholderGroup.choices)
    groups = []
    for group in GROUP_ORDER:
        row = counts.get(group)
        if row is None and not drafts.get(group):
            continue
        groups.append(
            GroupRate(
                group=group,
                label=str(labels[group]),
                invited=row["invited"] if row else 0,
                responded=row["responded"] if row else 0,
                drafts=drafts.get(group, 0),
            )
        )
    return ResponseRate(groups=tuple(groups))


def submitted_counts(waves: Iterable[Wave]) -> dict[int, int]:
    ids = [wave.pk for wave in waves]
    return dict(
        Response.objects.filter(wave_id__in=ids, submitted=True)
        .order_by()
        .values("wave_id")
        .annotate(n=Count("pk"))
        .values_list("wave_id", "n")
    )


# --- Results -------------------------------------------------------------------------------------


def _specs(version_ids: Iterable[int]) -> dict[int, list[results.DimensionSpec]]:
    """The questionnaire of each version as pure specs (three queries)."""
    specs: dict[int, list[results.DimensionSpec]] = defaultdict(list)
    dimensions = (
        Dimension.objects.filter(version_id__in=list(version_ids))
        .order_by("version_id", "order", "pk")
        .prefetch_related("statements")
        .select_related("open_question")
    )
    for dimension in dimensions:
        question = getattr(dimension, "open_question", None)
        specs[dimension.version_id].append(
            results.DimensionSpec(
                key=dimension.key,
                title=dimension.title,
                description=dimension.description,
                question=question.text if question else "",
                statements=tuple(
                    results.StatementSpec(id=s.pk, text=s.text) for s in dimension.statements.all()
                ),
            )
        )
    return specs


def _respondents(wave_ids: Sequence[int]) -> dict[int, list[results.Respondent]]:
    """The submitted responses of the waves, as pure respondents (two queries)."""
    groups: dict[object, tuple[int, str]] = {}
    for pk, wave_id, group in Response.objects.filter(
        wave_id__in=list(wave_ids), submitted=True
    ).values_list("pk", "wave_id", "group"):
        groups[pk] = (wave_id, group)
    scores: dict[object, dict[int, int | None]] = {pk: {} for pk in groups}
    answers = (
        Answer.objects.filter(response_id__in=list(groups))
        .order_by()
        .values_list("response_id", "statement_id", "score")
    )
    for response_id, statement_id, score in answers:
        scores[response_id][statement_id] = score
    by_wave: dict[int, list[results.Respondent]] = defaultdict(list)
    # A stable order that says nothing about who answered when.
    for pk in sorted(groups, key=str):
        wave_id, group = groups[pk]
        by_wave[wave_id].append(results.Respondent(group=group, scores=scores[pk]))
    return by_wave


def wave_results(waves: Sequence[Wave]) -> dict[int, results.WaveResult]:
    """The results of each wave, in a fixed number of queries however many waves."""
    return _results(waves, _specs({wave.version_id for wave in waves}))


def _results(
    waves: Sequence[Wave], specs: dict[int, list[results.DimensionSpec]]
) -> dict[int, results.WaveResult]:
    respondents = _respondents([wave.pk for wave in waves])
    return {
        wave.pk: results.wave_result(specs[wave.version_id], respondents[wave.pk], GROUP_ORDER)
        for wave in waves
    }


@dataclass(frozen=True)
class ResultsPage:
    """What the results page of a wave needs, in a fixed number of queries."""

    result: results.WaveResult
    specs: list[results.DimensionSpec]
    #: The region's closed waves up to and with this one, oldest first.
    waves: list[Wave]
    trend: list[results.TrendRow]


def results_page(wave: Wave) -> ResultsPage:
    waves = earlier_waves(wave)
    everything = waves if any(w.pk == wave.pk for w in waves) else [*waves, wave]
    specs = _specs({w.version_id for w in everything})
    found = _results(everything, specs)
    summaries = [
        results.WaveSummary(id=w.pk, label=w.opens_on.strftime("%m/%Y"), result=found[w.pk])
        for w in waves
    ]
    return ResultsPage(
        result=found[wave.pk],
        specs=specs[wave.version_id],
        waves=waves,
        trend=results.trend(summaries),
    )


@dataclass(frozen=True)
class OpenAnswers:
    key: str
    title: str
    question: str
    answers: tuple[str, ...]


def open_answers(
    wave: Wave, specs: Sequence[results.DimensionSpec], respondents: int
) -> list[OpenAnswers]:
    """The open answers per dimension, without group, in alphabetical order (so the order says
    nothing about who wrote what, or when). Empty when the wave has fewer than three
    respondents (``respondents``: its submitted responses)."""
    if respondents < results.MIN_GROUP:
        return []
    by_dimension: dict[str, list[str]] = defaultdict(list)
    for key, text in (
        OpenAnswer.objects.filter(response__wave=wave, response__submitted=True)
        .order_by()
        .values_list("question__dimension__key", "text")
    ):
        by_dimension[key].append(text)
    return [
        OpenAnswers(
            key=spec.key,
            title=spec.title,
            question=spec.question,
            answers=tuple(sorted(by_dimension.get(spec.key, []), key=str.lower)),
        )
        for spec in specs
    ]


def earlier_waves(wave: Wave) -> list[Wave]:
    """The region's closed waves up to and with ``wave``, oldest first."""
    return list(
        Wave.objects.filter(
            region_id=wave.region_id, status=WaveStatus.CLOSED, opens_on__lte=wave.opens_on
        )
        .filter(Q(opens_on__lt=wave.opens_on) | Q(pk__lte=wave.pk))
        .order_by("opens_on", "pk")
    )


def programme_spread() -> tuple[list[results.Spread], int]:
    """Per dimension key, the spread of the regions' means, from each region's latest closed
    wave with at least three respondents. No region is named. Also returns how many regions
    have such a wave."""
    waves = list(
        Wave.objects.filter(status=WaveStatus.CLOSED)
        .annotate(n=Count("responses", filter=Q(responses__submitted=True)))
        .filter(n__gte=results.MIN_GROUP)
        .order_by("region_id", "-opens_on", "-pk")
    )
    latest: dict[int, Wave] = {}
    for wave in waves:
        latest.setdefault(wave.region_id, wave)
    chosen = list(latest.values())
    found = wave_results(chosen)
    means: dict[str, list[float]] = defaultdict(list)
    titles: dict[str, str] = {}
    order: list[str] = []
    for wave in sorted(chosen, key=lambda w: (-w.version_id, w.pk)):
        for dimension in found[wave.pk].dimensions:
            if dimension.key not in titles:
                titles[dimension.key] = dimension.title
                order.append(dimension.key)
    for wave in chosen:
        for dimension in found[wave.pk].dimensions:
            if dimension.overall is not None:
                means[dimension.key].append(dimension.overall.mean)
    rows = results.spread([(key, titles[key], means.get(key, [])) for key in order])
    return rows, len(chosen)
