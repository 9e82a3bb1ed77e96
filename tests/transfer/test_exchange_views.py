"""The pages of the blueprint exchange: download, schema, upload with dry run, confirmation."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest

from blaupause.strategies.constants import StrategyStatus
from blaupause.strategies.models import Measure, Strategy, StrategyVersion
from blaupause.transfer.exchange import export_blueprint
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.exchange import published_blueprint
from tests.factories.regions import DistrictFactory, NetworkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_totp(settings):
    settings.BLAUPAUSE_MFA_REQUIRED_ROLES = []


@pytest.fixture
def network():
    return NetworkFactory(region=DistrictFactory().region, slug="netz", name="Netz Lippe")


@pytest.fixture
def blueprint(network):
    return published_blueprint(network)


def person(role=None, **scope):
    user = UserFactory()
    if role:
        MembershipFactory(user=user, role=role, **scope)
    return user


def export_url(strategy, number=1):
    return reverse("transfer:export_version", kwargs={"slug": strategy.slug, "number": number})


def upload(data, name="blaupause.json"):
    body = data if isinstance(data, bytes) else json.dumps(data).encode()
    return SimpleUploadedFile(name, body, content_type="application/json")


def empty_installation(strategy) -> dict:
    data = export_blueprint(strategy)
    Measure.all_objects.filter(strategy=strategy).delete()
    Strategy.all_objects.filter(pk=strategy.pk).delete()
    return data


# --- download ----------------------------------------------------------------------------------


def test_anyone_downloads_a_public_blueprint_as_attachment(client, blueprint):
    response = client.get(export_url(blueprint))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="rahmen-test-v1.blaupause.json"'
    data = json.loads(response.content)
    assert data["strategy"]["uuid"] == str(blueprint.uuid)
    assert data["version"]["number"] == 1


def test_the_strategy_page_offers_the_export(client, blueprint):
    response = client.get(blueprint.get_absolute_url())
    assert "Als Datei exportieren (JSON, Version 1)" in response.content.decode()
    assert export_url(blueprint) in response.content.decode()


def test_unknown_versions_are_404(client, blueprint):
    assert client.get(export_url(blueprint, 9)).status_code == 404


def test_other_strategies_only_for_their_editors(client, blueprint, network):
    blueprint.is_blueprint = False
    blueprint.save()
    assert client.get(export_url(blueprint)).status_code == 403
    assert "Als Datei exportieren" not in client.get(blueprint.get_absolute_url()).content.decode()
    client.force_login(person("network_coordinator", network=network))
    assert client.get(export_url(blueprint)).status_code == 200


def test_a_draft_is_hidden(client, blueprint, network):
    Strategy.objects.filter(pk=blueprint.pk).update(status=StrategyStatus.DRAFT)
    assert client.get(export_url(blueprint)).status_code == 403
    client.force_login(person("network_coordinator", network=NetworkFactory()))
    assert client.get(export_url(blueprint)).status_code == 403


def test_the_schema_is_served(client):
    response = client.get("/schema/blueprint-1.schema.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/schema+json")
    schema = json.loads(b"".join(response.streaming_content))
    assert schema["$id"] == "blaupause-blueprint-1.schema.json"


# --- import ------------------------------------------------------------------------------------


def test_import_needs_login_and_a_role(client, network, municipality):
    url = reverse("transfer:import")
    assert client.get(url).status_code == 302
    client.force_login(person("cdo", municipality=municipality))
    assert client.get(url).status_code == 403
    client.force_login(person("network_coordinator", network=network))
    response = client.get(url)
    assert response.status_code == 200
    assert "Blaupause aus Datei importieren" in response.content.decode()


def test_upload_shows_the_plan_then_confirmation_imports(client, blueprint, network):
    data = empty_installation(blueprint)
    coordinator = person("network_coordinator", network=network)
    client.force_login(coordinator)
    response = client.post(
        reverse("transfer:import"), {"file": upload(data), "network": network.pk}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Vorschau des Imports" in page
    assert "Die Blaupause wird neu angelegt" in page
    assert "Jetzt importieren" in page
    assert not Strategy.objects.exists()  # the dry run wrote nothing
    token = response.context["confirm"].initial["token"]
    assert "text" not in page[page.index("Jetzt importieren") - 400 :]  # only the token travels

    response = client.post(reverse("transfer:import_confirm"), {"token": token})
    strategy = Strategy.objects.get(uuid=data["strategy"]["uuid"])
    assert response.status_code == 302
    assert response["Location"] == strategy.get_absolute_url()
    assert StrategyVersion.objects.filter(strategy=strategy, number=1).exists()
    # The kept upload is gone: confirming again imports nothing.
    again = client.post(reverse("transfer:import_confirm"), {"token": token}, follow=True)
    assert "nicht mehr vorhanden" in again.content.decode()


def test_a_forged_token_imports_nothing(client, blueprint, network):
    data = empty_installation(blueprint)
    client.force_login(person("network_coordinator", network=network))
    client.post(reverse("transfer:import"), {"file": upload(data), "network": network.pk})
    response = client.post(reverse("transfer:import_confirm"), {"token": "erfunden"}, follow=True)
    assert "nicht mehr vorhanden" in response.content.decode()
    assert not Strategy.objects.exists()


def test_a_network_one_does_not_coordinate_cannot_be_chosen(client, blueprint, network):
    data = empty_installation(blueprint)
    client.force_login(person("network_coordinator", network=NetworkFactory()))
    response = client.post(
        reverse("transfer:import"), {"file": upload(data), "network": network.pk}
    )
    assert response.status_code == 400
    assert "Bitte eine gültige Auswahl treffen" in response.content.decode()
    assert not Strategy.objects.exists()


@pytest.mark.parametrize(
    ("body", "name", "message"),
    [
        (b"{nicht json", "a.json", "Die Datei ist kein gültiges JSON (Zeile 1, Spalte 2)."),
        (b"\xff\xfe\x00", "a.json", "nicht in UTF-8 gespeichert"),
        (b"{}", "a.txt", "Bitte wählen Sie eine JSON-Datei (Endung .json)."),
        (b'{"schema_version": 2}', "a.json", "Formatversion „2“ wird nicht unterstützt"),
        (b"[1, 2]", "a.json", "Die Datei enthält kein JSON-Objekt."),
    ],
)
def test_bad_uploads_get_a_german_message(client, network, body, name, message):
    client.force_login(person("network_coordinator", network=network))
    response = client.post(
        reverse("transfer:import"), {"file": upload(body, name), "network": network.pk}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Strategy.objects.exists()


def test_a_file_too_large_is_refused(client, network, settings):
    client.force_login(person("network_coordinator", network=network))
    body = b'{"x": "' + b"a" * (2 * 1024 * 1024) + b'"}'
    response = client.post(
        reverse("transfer:import"), {"file": upload(body), "network": network.pk}
    )
    assert response.status_code == 400
    assert "erlaubt sind höchstens 2 MB" in response.content.decode()


def test_a_broken_reference_is_named_with_its_path(client, blueprint, network):
    data = empty_installation(blueprint)
    data["content"]["measures"][2]["field"] = "X"
    client.force_login(person("network_coordinator", network=network))
    response = client.post(
        reverse("transfer:import"), {"file": upload(data), "network": network.pk}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "<code>measures[2].field</code>: Handlungsfeld „X“ gibt es in der Datei nicht." in page
    assert "Jetzt importieren" not in page


def test_the_same_file_again_says_nothing_changes(client, blueprint, network):
    data = export_blueprint(blueprint)
    client.force_login(person("network_coordinator", network=network))
    response = client.post(
        reverse("transfer:import"), {"file": upload(data), "network": network.pk}
    )
    page = response.content.decode()
    assert "Version 1 dieser Blaupause ist hier schon vorhanden" in page
    assert "Jetzt importieren" not in page


def test_import_page_queries_do_not_grow_with_networks(client, network):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    admin = person("regional_admin", region=network.region)
    client.force_login(admin)
    url = reverse("transfer:import")
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    NetworkFactory.create_batch(5, region=network.region)
    with CaptureQueriesContext(connection) as second:
        response = client.get(url)
    assert len(second) == len(first)
    assert response.content.decode().count("<option") == 6


def test_the_export_link_adds_no_queries_to_the_strategy_page(client, blueprint):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(blueprint.get_absolute_url())
    with CaptureQueriesContext(connection) as with_version:
        client.get(blueprint.get_absolute_url())
    other = published_blueprint(NetworkFactory(), slug="ohne-export")
    Strategy.objects.filter(pk=other.pk).update(is_blueprint=False)
    client.get(other.get_absolute_url())
    with CaptureQueriesContext(connection) as without_link:
        response = client.get(other.get_absolute_url())
    assert "Als Datei exportieren" not in response.content.decode()
    assert len(with_version) == len(without_link)
