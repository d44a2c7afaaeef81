"""Group formation for learning days (pure: numpy and OR-Tools, no Django).

Mixed groups across regions: from the registrations and a group size, groups as mixed as
possible — nobody with someone of their own region where it can be avoided, roles spread
evenly, sizes within ±1, optional keep-apart / keep-together pairs — and over several rounds
as few repeat meetings as possible (the social-golfer condition). Learning tables: everyone
at one table per round, capacities never exceeded, theme choices honoured as far as capacity
allows, then regions mixed. Region groups: one per region.

The API (a thin adapter in the exchange app builds the inputs and saves the result)::

    Person(id, region="", role="", choices=())       # choices: theme ids, 1st..3rd
    Table(id, theme, capacity)
    MixProblem(people, group_size, rounds=1, keep_apart=frozenset(), keep_together=frozenset(),
               previous=(), groups=None)               # pairs: {(1, 2), ...}; previous: fixed
                                                       # earlier rounds, [[ids], ...] per round
    TableProblem(people, tables, rounds=1)

    form_groups(problem, *, seed=0, time_limit=2.0, iterations=None) -> Assignment
    random_baseline(problem, seed=0) -> Assignment     # drawing lots
    greedy_baseline(problem) -> Assignment             # by hand, largest regions first
    score(problem, assignment) -> Score                # counts, ``total`` penalty, ``quality``
    move(problem, assignment, person_id, round_index, to_group) -> Assignment
    region_groups(people) -> tuple[tuple[int, ...], ...]

    Assignment.rounds[r][g] -> ids of group g in round r; Assignment.by_table(r) -> {table id:
    ids} for learning tables; Assignment.group_of(person_id, r) -> g; Assignment.method;
    Assignment.optimal -> True when the solver proved nothing scores better.
    Score: same_region_pairs, unavoidable_/avoidable_same_region_pairs, role_imbalance,
    repeat_meetings, kept_apart_violations, kept_together_violations, size_spread,
    size_violations, duplicate_themes, choices_honoured (1st, 2nd, 3rd, none),
    missed_choice_points, unavoidable_missed_choice_points, total, quality, parts.

Invalid input (duplicate ids, a pair naming an unknown person, a keep-together cluster larger
than a group, fewer seats than people, ...) raises ``ValueError`` with a readable message.
``scoring`` documents the penalty and its weights and the 0–100 quality (100: at the lower
bound on everything that can be mixed; 0: no better than drawing lots); ``solver`` the method.
"""

from participatienet.grouping.baselines import (
    greedy_baseline,
    move,
    random_baseline,
    region_groups,
)
from participatienet.grouping.model import (
    Assignment,
    MixProblem,
    Person,
    Table,
    TableProblem,
)
from participatienet.grouping.scoring import WEIGHTS, Score, score
from participatienet.grouping.solver import form_groups

__all__ = [
    "WEIGHTS",
    "Assignment",
    "MixProblem",
    "Person",
    "Score",
    "Table",
    "TableProblem",
    "form_groups",
    "greedy_baseline",
    "move",
    "random_baseline",
    "region_groups",
    "score",
]
