"""Minutes and decisions: who may record them, what a decision changes, where it shows."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

import pytest

from blaupause.commitments.models import Commitment
from blaupause.core.concurrency import EditConflict
from blaupause.core.models import AuditEvent
from blaupause.core.signals import activity
from blaupause.events import minutes_services
from blaupause.events.constants import Audience, DecisionKind
from blaupause.events.models import Decision, Event
from blaupause.strategies.models import Measure
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.commitments import CommitmentFactory
from tests.factories.events import EventFactory
from tests.factories.strategies import FieldOfActionFactory, MeasureFactory, StrategyFactory

pytestmark = pytest.mark.django_db


def _past(**kwargs):
    starts = timezone.now() - datetime.timedelta(days=2)
    return {"starts_at": starts, "ends_at": starts + datetime.timedelta(hours=2), **kwargs}


@pytest.fixture
def coordinator(network):
    user = UserFactory()
    MembershipFactory(user=user, role="network_coordinator", network=network)
    return user


@pytest.fixture
def event(network, coordinator):
    return EventFactory(network=network, audience=Audience.PUBLIC, title="Herbsttreffen", **_past())


@pytest.fixture
def field(network):
    return FieldOfActionFactory(strategy=StrategyFactory(network=network))


@pytest.fixture
def measure(field):
    return MeasureFactory(field=field, title="Gemeinsames Serviceportal")


def test_coordination_writes_and_publishes_minutes_with_safe_markdown(client, event, coordinator):
    client.force_login(coordinator)
    url = reverse("events:minutes", kwargs={"uuid": event.uuid})
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "minutes": "## Ergebnisse\n\n- Portal **gemeinsam**\n\n<script>alert(1)</script>",
            "publish": "on",
            "version": event.version,
        },
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.minutes_published_at is not None
    assert event.version == 2
    assert AuditEvent.objects.filter(verb="event.minutes_updated").exists()
    client.logout()
    from django.template.loader import render_to_string

    html = render_to_string(
        "events/components/minutes.html", {"event": event, "request": None, "user": None}
    )
    assert "<strong>gemeinsam</strong>" in html
    assert "<script>" not in html


def test_second_writer_sees_a_conflict(client, event, coordinator):
    client.force_login(coordinator)
    url = reverse("events:minutes", kwargs={"uuid": event.uuid})
    client.post(url, {"minutes": "Erste Fassung", "version": 1})
    response = client.post(url, {"minutes": "Zweite Fassung", "version": 1})
    assert response.status_code == 409
    text = response.content.decode()
    assert "Erste Fassung" in text
    assert "Zweite Fassung" in text
    event.refresh_from_db()
    assert event.minutes == "Erste Fassung"


def test_minutes_service_refuses_others_and_future_events(event, network, cdo):
    with pytest.raises(PermissionDenied):
        minutes_services.minutes_update(
            actor=cdo, event=event, minutes="x", publish=False, expected_version=1
        )
    coordinator = UserFactory()
    MembershipFactory(user=coordinator, role="network_coordinator", network=network)
    future = EventFactory(network=network)
    with pytest.raises(ValidationError):
        minutes_services.minutes_update(
            actor=coordinator, event=future, minutes="x", publish=False, expected_version=1
        )
    with pytest.raises(EditConflict):
        minutes_services.minutes_update(
            actor=coordinator, event=event, minutes="x", publish=False, expected_version=7
        )


@pytest.mark.parametrize("who", ["anonymous", "contributor", "cdo", "cdo elsewhere"])
def test_minutes_page_is_for_organisers_only(client, event, municipality, who):
    from tests.factories.regions import MunicipalityFactory

    url = reverse("events:minutes", kwargs={"uuid": event.uuid})
    if who == "anonymous":
        assert client.get(url).status_code == 302
        return
    user = UserFactory()
    place = MunicipalityFactory() if who == "cdo elsewhere" else municipality
    MembershipFactory(
        user=user, role="contributor" if who == "contributor" else "cdo", municipality=place
    )
    client.force_login(user)
    assert client.get(url).status_code == 403  # public event: visible, not manageable
    assert client.post(url, {"minutes": "x", "version": 1}).status_code == 403


def test_minutes_page_of_an_invisible_event_is_404(client, network, cdo):
    from tests.factories.regions import NetworkFactory

    hidden = EventFactory(network=NetworkFactory(), audience=Audience.MEMBERS, **_past())
    client.force_login(cdo)
    assert client.get(reverse("events:minutes", kwargs={"uuid": hidden.uuid})).status_code == 404


def test_decision_creates_a_measure_and_the_measure_page_shows_it(
    client, event, coordinator, field, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    seen = []

    def receiver(sender, **kwargs):
        seen.append(kwargs["verb"])

    activity.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("events:decision_add", kwargs={"uuid": event.uuid}),
                {
                    "text": "Wir bauen ein gemeinsames Fundbüro.",
                    "kind": DecisionKind.MEASURE_CREATED,
                    "field": field.pk,
                    "measure_title": "Digitales Fundbüro",
                },
            )
    finally:
        activity.disconnect(receiver)
    assert response.status_code == 302
    decision = Decision.objects.get(event=event)
    assert decision.measure.title == "Digitales Fundbüro"
    assert decision.measure.strategy == field.strategy
    assert "decision.recorded" in seen

    page = client.get(decision.measure.get_absolute_url()).content.decode()
    assert "Beschlossen in:" in page
    assert "Herbsttreffen" in page

    detail = client.get(reverse("events:minutes", kwargs={"uuid": event.uuid})).content.decode()
    assert "Digitales Fundbüro" in detail
    assert decision.measure.get_absolute_url() in detail


def test_decision_changes_a_measure(event, coordinator, measure):
    decision = minutes_services.decision_record(
        actor=coordinator,
        event=event,
        text="Titel geschärft.",
        kind=DecisionKind.MEASURE_UPDATED,
        measure=measure,
        measure_title="Serviceportal für alle",
    )
    measure.refresh_from_db()
    assert measure.title == "Serviceportal für alle"
    assert decision.measure == measure


def test_decision_on_a_measure_of_another_network_is_refused(event, coordinator):
    foreign = MeasureFactory()
    with pytest.raises(ValidationError):
        minutes_services.decision_record(
            actor=coordinator,
            event=event,
            text="x",
            kind=DecisionKind.MEASURE_UPDATED,
            measure=foreign,
            measure_title="Neu",
        )


def test_commitment_needs_the_right_of_the_actor(client, event, coordinator, measure, municipality):
    client.force_login(coordinator)  # coordination may not commit a municipality
    response = client.post(
        reverse("events:decision_add", kwargs={"uuid": event.uuid}),
        {
            "text": "Detmold macht mit.",
            "kind": DecisionKind.COMMITMENT_CREATED,
            "measure": measure.pk,
            "municipality": municipality.pk,
        },
    )
    assert response.status_code == 403
    assert "Beschluss wurde nicht gespeichert" in response.content.decode()
    assert not Decision.objects.exists()
    assert not Commitment.objects.exists()


def test_regional_admin_records_a_commitment_and_then_its_progress(
    event, regional_admin, measure, municipality, network
):
    network.region = regional_admin.memberships.get().region
    network.save()
    event = Event.objects.get(pk=event.pk)
    decision = minutes_services.decision_record(
        actor=regional_admin,
        event=event,
        text="Beteiligung beschlossen.",
        kind=DecisionKind.COMMITMENT_CREATED,
        measure=measure,
        municipality=municipality,
    )
    assert decision.commitment.municipality == municipality
    update = minutes_services.decision_record(
        actor=regional_admin,
        event=event,
        text="Umgesetzt.",
        kind=DecisionKind.COMMITMENT_UPDATED,
        measure=measure,
        municipality=municipality,
        commitment_status="in_progress",
    )
    assert update.commitment.status == "in_progress"
    assert [d.order for d in Decision.objects.filter(event=event)] == [1, 2]


def test_cdo_organiser_may_commit_own_municipality(event, network, measure, municipality, cdo):
    Event.objects.filter(pk=event.pk).update(organiser=cdo)
    event = Event.objects.get(pk=event.pk)
    CommitmentFactory  # noqa: B018 - the factory exists for other tests
    decision = minutes_services.decision_record(
        actor=cdo,
        event=event,
        text="Wir machen mit.",
        kind=DecisionKind.COMMITMENT_CREATED,
        measure=measure,
        municipality=municipality,
    )
    assert decision.commitment is not None


def test_invalid_decision_form_keeps_input_and_explains(client, event, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("events:decision_add", kwargs={"uuid": event.uuid}),
        {"text": "Neue Maßnahme", "kind": DecisionKind.MEASURE_CREATED, "measure_title": ""},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Bitte wählen Sie ein Handlungsfeld" in text
    assert "Neue Maßnahme" in text
    response = client.post(
        reverse("events:decision_add", kwargs={"uuid": event.uuid}),
        {"text": "", "kind": "unsinn", "field": "abc"},
    )
    assert response.status_code == 400


def test_note_decision_and_removal(client, event, coordinator):
    client.force_login(coordinator)
    client.post(
        reverse("events:decision_add", kwargs={"uuid": event.uuid}),
        {"text": "Nächstes Treffen im Mai.", "kind": DecisionKind.NOTE},
    )
    decision = Decision.objects.get()
    assert decision.kind == DecisionKind.NOTE
    assert decision.recorded_by == coordinator
    response = client.post(
        reverse(
            "events:decision_remove", kwargs={"uuid": event.uuid, "decision_uuid": decision.uuid}
        )
    )
    assert response.status_code == 302
    assert not Decision.objects.exists()
    assert Decision.all_objects.get().deleted_at


def test_measure_slot_hides_decisions_of_events_the_viewer_may_not_see(
    client, network, coordinator, measure
):
    internal = EventFactory(
        network=network, audience=Audience.MEMBERS, title="Internes Treffen", **_past()
    )
    minutes_services.decision_record(
        actor=coordinator,
        event=internal,
        text="Geändert.",
        kind=DecisionKind.MEASURE_UPDATED,
        measure=measure,
        measure_summary="Neu gefasst.",
    )
    measure = Measure.objects.get(pk=measure.pk)
    assert "Internes Treffen" not in client.get(measure.get_absolute_url()).content.decode()
    client.force_login(coordinator)
    assert "Internes Treffen" in client.get(measure.get_absolute_url()).content.decode()
