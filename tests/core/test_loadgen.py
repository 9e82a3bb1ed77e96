"""The load-data generator: the volumes it promises, consistent data, the same data per seed."""

from collections import Counter

from django.core.management import CommandError, call_command
from django.db import transaction

import pytest

from blaupause.assessments.models import Answer, Assessment
from blaupause.commitments.models import Commitment
from blaupause.core.loadgen import SCALES, SLUG_PREFIX, generate
from blaupause.events.models import Event
from blaupause.knowledge.models import Article
from blaupause.knowledge.search.query import search
from blaupause.regions.models import Network
from blaupause.strategies.models import Measure

pytestmark = pytest.mark.django_db

FRACTION = 0.1


class _Rollback(Exception):
    pass


def _fingerprint() -> list:
    commitments = sorted(
        Commitment.objects.filter(
            is_demo=True, measure__strategy__slug__startswith=SLUG_PREFIX
        ).values_list("municipality__ags", "measure__strategy__slug", "measure__key", "status")
    )
    measures = sorted(
        Measure.objects.filter(strategy__slug__startswith=SLUG_PREFIX).values_list(
            "strategy__slug", "key", "title"
        )
    )
    return [commitments, measures]


def test_owl_scale_has_the_promised_volumes_and_consistent_rows():
    counts = generate("owl", fraction=FRACTION)
    scale = SCALES["owl"]
    assert counts["networks"] == 1  # 3 × 0.1, at least one
    assert counts["measures"] == round(scale.measures * FRACTION)
    assert counts["commitments"] == round(scale.commitments * FRACTION)
    assert counts["events"] == round(scale.events * FRACTION)
    assert counts["self_checks"] == 70 * 2

    generated = Commitment.objects.filter(measure__strategy__slug__startswith=SLUG_PREFIX)
    # Every commitment belongs to a member of the network that owns the strategy.
    members = set(
        Network.municipalities.through.objects.values_list("network_id", "municipality_id")
    )
    rows = generated.values_list("measure__strategy__network_id", "municipality_id")
    assert rows
    assert set(rows) <= members
    pairs = Counter(generated.values_list("municipality_id", "measure_id"))
    assert max(pairs.values()) == 1
    # Two to four history entries each; the newest equals the row.
    history = Commitment.history.filter(id__in=generated.values("pk"))
    per_row = Counter(history.values_list("id", flat=True))
    assert set(per_row.values()) <= {2, 3, 4}
    sample = generated.order_by("pk").first()
    newest = Commitment.history.filter(id=sample.pk).order_by("-history_date").first()
    assert (newest.status, newest.progress) == (sample.status, sample.progress)
    assert Event.objects.filter(network__slug__startswith=SLUG_PREFIX).count() == counts["events"]
    # Self-checks: 24 answers each, every row with its creation in the history.
    answers = Answer.objects.filter(assessment__is_demo=True)
    assert answers.count() == 24 * counts["self_checks"]
    assert Answer.history.count() == answers.count()
    assert Assessment.history.count() == Assessment.objects.count()
    # Articles: the promised number, indexed, so that a visitor's search finds them.
    assert counts["articles"] == round(scale.articles * FRACTION)
    assert Article.objects.filter(is_demo=True).count() == counts["articles"]
    found = search(viewer=None, query="Ratsinformationssystem")
    assert found.total > 0
    assert any(hit.document.kind == "article" for hit in found.hits)


def test_the_same_seed_gives_the_same_data():
    prints = []
    for _ in range(2):
        try:
            with transaction.atomic():
                generate("owl", fraction=0.05, seed=7)
                prints.append(_fingerprint())
                raise _Rollback
        except _Rollback:
            pass
    assert prints[0] == prints[1]
    assert prints[0][0]  # not two empty lists


def test_a_second_run_into_the_same_database_is_refused_with_a_german_message():
    generate("owl", fraction=0.05)
    with pytest.raises(CommandError, match="schon Lastdaten"):
        call_command("generate_load_data", "--scale", "owl", "--fraction", "0.05")
