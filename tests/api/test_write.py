"""Writes with a token: the commitments services decide, the API answers in problem+json."""

import json

import pytest

from blaupause.accounts.models import ApiToken
from blaupause.commitments.models import Commitment
from tests.factories.commitments import MeasureFactory

from .conftest import API, bearer

pytestmark = pytest.mark.django_db


def post(client, body, **headers):
    response = client.post(
        f"{API}/commitments/", data=json.dumps(body), content_type="application/json", **headers
    )
    return response, json.loads(response.content) if response.content else None


def patch(client, uuid, body, **headers):
    response = client.patch(
        f"{API}/commitments/{uuid}",
        data=json.dumps(body),
        content_type="application/json",
        **headers,
    )
    return response, json.loads(response.content) if response.content else None


def _problem(response, status):
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = json.loads(response.content)
    assert body["status"] == status
    assert body["title"]
    assert body["title_en"]
    assert body["type"]
    return body


# --- create: the permission matrix -------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 401),
        ("contributor", 403),
        ("cdo", 201),
        ("other_cdo", 403),
        ("regional_admin", 201),
    ],
)
def test_create_permission_matrix(client, request, measure, municipality, who, status):
    headers = {} if who == "anonymous" else bearer(request.getfixturevalue(who))
    response, body = post(
        client,
        {"measure": str(measure.uuid), "municipality": municipality.ags, "status": "planned"},
        **headers,
    )
    assert response.status_code == status, body
    created = Commitment.objects.filter(municipality=municipality, measure=measure)
    if status == 201:
        assert body["municipality"] == municipality.ags
        assert body["measure"] == str(measure.uuid)
        assert body["version"] == 1
        assert created.count() == 1
    else:
        _problem(response, status)
        assert not created.exists()


def test_a_detmold_token_cannot_write_lemgo(client, cdo, other_municipality, measure):
    response, _ = post(
        client,
        {"measure": str(measure.uuid), "municipality": other_municipality.ags},
        **bearer(cdo),
    )
    body = _problem(response, 403)
    assert "Digitalverantwortlichen" in body["detail"]


def test_create_defaults_to_the_cdos_own_municipality(client, cdo, municipality, measure):
    response, body = post(client, {"measure": str(measure.uuid), "progress": 30}, **bearer(cdo))
    assert response.status_code == 201
    assert body["municipality"] == municipality.ags
    assert body["progress"] == 30


def test_create_validation_errors_are_german_per_field(client, cdo, municipality, measure):
    response, _ = post(
        client,
        {
            "measure": str(measure.uuid),
            "status": "irgendwas",
            "progress": 150,
            "start_date": "2026-05-01",
            "end_date": "2026-01-01",
        },
        **bearer(cdo),
    )
    body = _problem(response, 422)
    assert body["errors"]["status"] == ["Bitte wählen Sie einen der angebotenen Status."]
    assert body["errors"]["progress"] == ["Der Fortschritt muss zwischen 0 und 100 Prozent liegen."]
    assert body["errors"]["end_date"] == ["Das Ende darf nicht vor dem Beginn liegen."]
    assert not Commitment.objects.exists()


def test_unknown_or_foreign_measure_is_a_field_error(client, cdo, commitment):
    response, _ = post(client, {"measure": "00000000-0000-0000-0000-000000000000"}, **bearer(cdo))
    assert _problem(response, 422)["errors"]["measure"] == ["Diese Maßnahme gibt es nicht."]
    foreign = MeasureFactory()  # a strategy of a network the municipality is not in
    response, _ = post(client, {"measure": str(foreign.uuid)}, **bearer(cdo))
    assert "measure" in _problem(response, 422)["errors"]
    response, _ = post(client, {"measure": str(commitment.measure.uuid)}, **bearer(cdo))
    assert "bereits beteiligt" in _problem(response, 422)["errors"]["measure"][0]


@pytest.mark.parametrize(
    "raw",
    [
        "nicht json",
        "[]",
        "{}",
        '{"measure": "keine-uuid"}',
        '{"measure": null}',
        '{"measure": "00000000-0000-0000-0000-000000000000", "progress": "viel"}',
        '{"measure": "00000000-0000-0000-0000-000000000000", "start_date": "31.12.2026"}',
        '{"measure": "00000000-0000-0000-0000-000000000000", "municipality": "123456789"}',
        '{"measure": "00000000-0000-0000-0000-000000000000", "progress": 1e400}',
    ],
)
def test_bad_bodies_are_4xx_problems(client, cdo, raw):
    response = client.post(
        f"{API}/commitments/", data=raw, content_type="application/json", **bearer(cdo)
    )
    assert 400 <= response.status_code < 500
    assert response["Content-Type"] == "application/problem+json"


# --- update ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 401),
        ("contributor", 403),
        ("cdo", 200),
        ("other_cdo", 403),
        ("regional_admin", 200),
    ],
)
def test_update_permission_matrix(client, request, commitment, who, status):
    headers = {} if who == "anonymous" else bearer(request.getfixturevalue(who))
    response, body = patch(
        client, commitment.uuid, {"version": commitment.version, "progress": 70}, **headers
    )
    assert response.status_code == status, body
    commitment.refresh_from_db()
    if status == 200:
        assert body["progress"] == 70
        assert body["version"] == 2
        assert commitment.progress == 70
    else:
        _problem(response, status)
        assert commitment.progress == 40


def test_update_keeps_fields_left_out(client, cdo, commitment):
    response, body = patch(
        client, commitment.uuid, {"version": 1, "note": "Beschluss im Rat"}, **bearer(cdo)
    )
    assert response.status_code == 200
    assert body["note"] == "Beschluss im Rat"
    assert body["status"] == commitment.status
    assert body["progress"] == commitment.progress


def test_conflict_answers_409_with_the_current_version(client, cdo, commitment):
    headers = bearer(cdo)
    first, _ = patch(client, commitment.uuid, {"version": 1, "progress": 50}, **headers)
    assert first.status_code == 200
    response, _ = patch(client, commitment.uuid, {"version": 1, "progress": 60}, **headers)
    body = _problem(response, 409)
    assert body["current_version"] == 2
    commitment.refresh_from_db()
    assert commitment.progress == 50  # nothing overwritten


def test_update_needs_a_version(client, cdo, commitment):
    response, _ = patch(client, commitment.uuid, {"progress": 50}, **bearer(cdo))
    assert "version" in _problem(response, 422)["errors"]


def test_update_validation_is_german(client, cdo, commitment):
    response, _ = patch(
        client, commitment.uuid, {"version": 1, "role": "chef", "progress": -5}, **bearer(cdo)
    )
    body = _problem(response, 422)
    assert body["errors"]["role"] == ["Bitte wählen Sie eine der angebotenen Rollen."]
    assert "progress" in body["errors"]


def test_an_internal_commitment_of_another_municipality_is_not_found(client, other_cdo, commitment):
    commitment.is_public = False
    commitment.save()
    response, _ = patch(client, commitment.uuid, {"version": 1, "progress": 1}, **bearer(other_cdo))
    _problem(response, 404)


# --- tokens ------------------------------------------------------------------------------------


def test_last_used_is_written_at_most_once_a_minute(client, cdo, django_assert_num_queries):
    headers = bearer(cdo)
    token = ApiToken.objects.get(user=cdo)
    assert token.last_used_at is None
    client.get(f"{API}/commitments/", **headers)
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    client.get(f"{API}/commitments/", **headers)
    token.refresh_from_db()
    assert token.last_used_at == first


def test_expired_or_revoked_tokens_are_refused(client, cdo, commitment):
    headers = bearer(cdo)
    ApiToken.objects.filter(user=cdo).delete()
    response, _ = patch(client, commitment.uuid, {"version": 1, "progress": 1}, **headers)
    _problem(response, 401)


def test_writes_are_rate_limited(client, cdo, commitment):
    from blaupause.api.routers import commitments as router

    headers = bearer(cdo)
    statuses = []
    for _ in range(130):
        response, _ = patch(client, commitment.uuid, {"version": 1}, **headers)
        statuses.append(response.status_code)
        if response.status_code == 429:
            break
    assert statuses[-1] == 429
    assert len(statuses) == int(router.WRITE_RATE.split("/")[0]) + 1
    assert _problem(response, 429)


def test_type_errors_are_german_per_field(client, cdo):
    response = client.post(
        f"{API}/commitments/",
        data=json.dumps({"measure": "x", "progress": "viel", "start_date": "31.12.2026"}),
        content_type="application/json",
        **bearer(cdo),
    )
    errors = _problem(response, 422)["errors"]
    assert errors["measure"] == ["Bitte geben Sie eine gültige UUID ein."]
    assert errors["progress"] == ["Bitte geben Sie eine ganze Zahl ein."]
    assert errors["start_date"] == ["Bitte geben Sie ein gültiges Datum im Format JJJJ-MM-TT ein."]


def test_malformed_json_is_a_german_400(client, cdo):
    response = client.post(
        f"{API}/commitments/", data="{nicht json", content_type="application/json", **bearer(cdo)
    )
    assert _problem(response, 400)["detail"] == "Der Inhalt der Anfrage ist kein gültiges JSON."


@pytest.mark.parametrize(
    "url",
    [
        f"{API}/districts/%00",
        f"{API}/municipalities/%00",
        f"{API}/networks/a%00b",
        f"{API}/strategies/a%00b/rollup",
        f"{API}/municipalities/?search=%00",
        f"{API}/commitments/?strategy=%00&municipality=%00",
    ],
)
def test_nul_bytes_in_paths_and_parameters_are_4xx(client, url):
    # PostgreSQL text cannot hold NUL: such input must be refused before any query.
    response = client.get(url)
    assert 400 <= response.status_code < 500
    assert response["Content-Type"] == "application/problem+json"


def test_nul_bytes_in_bodies_are_field_errors(client, cdo, commitment):
    response, _ = patch(client, commitment.uuid, {"version": 1, "note": "a\x00b"}, **bearer(cdo))
    assert _problem(response, 422)["errors"]["note"] == [
        "Dieser Wert hat nicht das erwartete Format."
    ]
    commitment.refresh_from_db()
    assert commitment.note == ""
