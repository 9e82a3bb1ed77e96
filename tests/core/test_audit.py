from django.core.exceptions import ValidationError

import pytest

from blaupause.core.audit import audit_record
from blaupause.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_audit_record_names_actor_target_and_municipality(cdo, municipality):
    event = audit_record(actor=cdo, verb="municipality.updated", target=municipality)
    assert event.actor == cdo
    assert event.actor_label == cdo.email
    assert event.target_label == municipality.name
    assert event.municipality_ags == municipality.ags


def test_audit_log_cannot_be_changed_or_deleted(cdo):
    event = audit_record(actor=cdo, verb="x.done")
    event.verb = "x.undone"
    with pytest.raises(ValidationError):
        event.save()
    with pytest.raises(ValidationError):
        event.delete()
    with pytest.raises(ValidationError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).verb == "x.done"
