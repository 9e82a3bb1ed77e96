"""`blaupause demo` sets everything up and is idempotent: a second run changes nothing."""

from io import StringIO

from django.apps import apps
from django.core.management import call_command

import pytest


def _snapshot() -> dict[str, list[tuple]]:
    """Every row of every table, as plain values, in primary-key order."""
    snapshot = {}
    for model in apps.get_models(include_auto_created=True):
        manager = getattr(model, "all_objects", model._base_manager)
        snapshot[model._meta.label] = list(manager.order_by("pk").values_list())
    return snapshot


@pytest.mark.django_db(transaction=True)
def test_demo_loads_region_and_accounts_and_second_run_changes_nothing():
    out = StringIO()
    call_command("demo", no_serve=True, stdout=out)
    first = _snapshot()
    text = out.getvalue()
    assert "cdo@detmold.example" in text
    assert "Blaupause-Demo-2026" in text
    assert len(first["regions.Municipality"]) == 70
    assert len(first["regions.District"]) == 7
    assert len(first["strategies.Measure"]) == 34
    assert len(first["commitments.Commitment"]) > 100
    assert len(first["assessments.Assessment"]) == 140

    call_command("demo", no_serve=True, stdout=StringIO())
    second = _snapshot()
    changed = [label for label in first if first[label] != second[label]]
    assert changed == []


def test_demo_refuses_a_bad_port():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Ungültiger Port"):
        call_command("demo", port="achtzig", no_serve=True)
