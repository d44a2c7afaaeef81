"""Matching: explainable suggestions and an optimal regional allocation (pure: no Django).

See ``engine`` for the model (hard filters, score, explanations) and ``allocation`` for the
batch allocation of a waiting list. A thin adapter in the apps loads rows into ``Candidate``
and ``OfferTable`` and saves the results back.
"""

from participatienet.matching.allocation import Allocation, Assignment, Unplaced, allocate, greedy
from participatienet.matching.engine import (
    MOBILITY_REACH_KM,
    Candidate,
    NoSuggestions,
    OfferTable,
    Pairs,
    Suggestion,
    Weights,
    feasible_pairs,
    haversine_km,
    reach_km,
    suggest,
    unmet,
)

__all__ = [
    "MOBILITY_REACH_KM",
    "Allocation",
    "Assignment",
    "Candidate",
    "NoSuggestions",
    "OfferTable",
    "Pairs",
    "Suggestion",
    "Unplaced",
    "Weights",
    "allocate",
    "feasible_pairs",
    "greedy",
    "haversine_km",
    "reach_km",
    "suggest",
    "unmet",
]
