"""Demo data: submitted self-checks for every municipality of the OWL region in two years.

Deterministic (no randomness between runs), plausible (bigger towns somewhat further, a slight
improvement from one year to the next, targets above today) and marked `is_demo`, so every
page that shows them says "Beispieldaten". Running it again creates nothing new.
"""

from __future__ import annotations

import datetime
import hashlib

from django.db import transaction

from blaupause.core.bulk import insert_rows, record_creation_history
from blaupause.regions.models import Municipality

from .constants import MAX_LEVEL, AssessmentStatus
from .loader import criteria_load
from .models import Answer, Assessment, Criterion

__all__ = ["DEMO_YEARS", "load_demo_assessments"]

DEMO_YEARS = (2024, 2025)  # the current year stays free for the demo accounts to fill in
OWL_AGS_PREFIX = "057"  # Regierungsbezirk Detmold = OstWestfalenLippe

_SIZE_BASE = [(10_000, 1.0), (20_000, 1.4), (50_000, 1.8), (100_000, 2.2)]


def _unit(*parts: object) -> float:
    """A stable number in [0, 1) from the parts (same input, same number, every run)."""
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def _base(population: int | None) -> float:
    for bound, base in _SIZE_BASE:
        if (population or 0) < bound:
            return base
    return 2.6


def demo_levels(*, ags: str, population: int | None, code: str, year: int) -> tuple[int, int]:
    """Today's level and the target of one demo answer."""
    value = (
        _base(population)
        + (_unit("m", ags) - 0.5)  # some municipalities are further than their size suggests
        + (_unit("c", code) - 0.5) * 1.2  # some criteria are harder everywhere
        + (_unit("n", ags, code) - 0.5) * 1.4
    )
    current = min(max(round(value), 0), MAX_LEVEL)
    for later in range(DEMO_YEARS[0] + 1, year + 1):  # a slight improvement every year
        if _unit("y", ags, code, later) < 0.3:
            current = min(current + 1, MAX_LEVEL)
    step = 1 if _unit("t", ags, code) < 0.6 else 2
    return current, min(current + step, MAX_LEVEL)


@transaction.atomic
def load_demo_assessments(*, municipalities=None, years=DEMO_YEARS) -> int:
    """Create the demo self-checks that are missing; returns how many were created."""
    criteria_set = criteria_load().criteria_set
    criteria = list(Criterion.objects.filter(criteria_set=criteria_set).order_by("order"))
    if municipalities is None:
        municipalities = Municipality.objects.filter(ags__startswith=OWL_AGS_PREFIX)
    municipalities = list(municipalities.order_by("ags").only("id", "ags", "population"))
    existing = set(
        Assessment.all_objects.filter(
            criteria_set=criteria_set, municipality__in=municipalities, year__in=years
        ).values_list("municipality_id", "year")
    )
    new = [
        Assessment(
            municipality=municipality,
            criteria_set=criteria_set,
            year=year,
            status=AssessmentStatus.SUBMITTED,
            submitted_at=datetime.datetime(year, 11, 1, 12, tzinfo=datetime.UTC),
            is_demo=True,
        )
        for municipality in municipalities
        for year in years
        if (municipality.pk, year) not in existing
    ]
    if not new:
        return 0
    # Thousands of rows at Germany scale (load data): written in bulk, ids read back only
    # for the self-checks themselves.
    created = Assessment.objects.bulk_create(new, batch_size=2000)
    first = min(assessment.pk for assessment in created)
    record_creation_history(Assessment, Assessment.all_objects.filter(pk__gte=first))
    by_id = {m.pk: m for m in municipalities}

    def answers():
        for assessment in created:
            municipality = by_id[assessment.municipality_id]
            for criterion in criteria:
                current, target = demo_levels(
                    ags=municipality.ags,
                    population=municipality.population,
                    code=criterion.code,
                    year=assessment.year,
                )
                yield Answer(
                    assessment_id=assessment.pk,
                    criterion_id=criterion.pk,
                    current=current,
                    target=target,
                )

    insert_rows(Answer, answers())
    record_creation_history(Answer, Answer.all_objects.filter(assessment_id__gte=first))
    return len(new)
