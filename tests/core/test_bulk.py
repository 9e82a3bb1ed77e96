"""Fast bulk writes for load and demo data: rows and history are what save() would give."""

import datetime

from django.db import IntegrityError

import pytest

from blaupause.assessments.models import Answer, Criterion
from blaupause.core.bulk import insert_rows, record_creation_history
from tests.factories.assessments import AssessmentFactory

pytestmark = pytest.mark.django_db


def _answers(assessment):
    return [
        Answer(assessment=assessment, criterion=criterion, current=index % 5, target=4)
        for index, criterion in enumerate(
            Criterion.objects.filter(criteria_set=assessment.criteria_set)
        )
    ]


def test_insert_rows_writes_every_row_with_defaults_and_timestamps():
    assessment = AssessmentFactory()
    rows = _answers(assessment)

    written = insert_rows(Answer, iter(rows))  # a generator is enough

    saved = Answer.objects.filter(assessment=assessment).order_by("criterion__order")
    assert written == len(rows) == saved.count() == 24
    assert [(a.criterion_id, a.current, a.target) for a in saved] == [
        (r.criterion_id, r.current, r.target) for r in rows
    ]
    first = saved.first()
    # Defaults as on save: a UUID of its own per row, timestamps, version 1, not deleted.
    assert len({a.uuid for a in saved}) == 24
    assert first.created_at is not None
    assert first.updated_at is not None
    assert (first.version, first.deleted_at, first.note) == (1, None, "")


def test_insert_rows_refuses_a_row_that_breaks_a_constraint():
    assessment = AssessmentFactory()
    rows = _answers(assessment)
    rows[3].current = 9  # levels are 0–4

    with pytest.raises(IntegrityError):
        insert_rows(Answer, rows)


def test_record_creation_history_copies_each_row_as_a_created_entry():
    assessment = AssessmentFactory()
    insert_rows(Answer, _answers(assessment))
    when = datetime.datetime(2025, 11, 1, 12, tzinfo=datetime.UTC)

    written = record_creation_history(
        Answer, Answer.objects.filter(assessment=assessment), when=when
    )

    history = Answer.history.filter(assessment_id=assessment.pk)
    assert written == history.count() == 24
    entries = {entry.id: entry for entry in history}
    for answer in Answer.objects.filter(assessment=assessment):
        entry = entries[answer.pk]
        assert (entry.history_type, entry.history_date, entry.history_user_id) == ("+", when, None)
        assert (entry.uuid, entry.current, entry.target) == (
            answer.uuid,
            answer.current,
            answer.target,
        )
    # The history is readable as django-simple-history reads it.
    answer = Answer.objects.filter(assessment=assessment).first()
    assert answer.history.latest().instance.current == answer.current
