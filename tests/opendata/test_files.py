"""Every dataset in every format: headers, encoding, content, and what must never appear."""

import csv
import io
import json

from django.urls import reverse

import pytest
from openpyxl import load_workbook

from blaupause.opendata.datasets import dataset_list

pytestmark = pytest.mark.django_db

KEYS = [dataset.key for dataset in dataset_list()]


def url(key, fmt):
    return reverse("opendata:download", kwargs={"key": key, "fmt": fmt})


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return b"".join(response) if hasattr(response, "file_to_stream") else response.content


def read_csv(response) -> list[dict]:
    raw = body(response)
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def read_json(response) -> dict:
    return json.loads(body(response).decode("utf-8"))


def read_xlsx(response):
    return load_workbook(io.BytesIO(body(response)), read_only=True)


@pytest.mark.parametrize("key", KEYS)
def test_every_dataset_downloads_in_every_format_with_the_documented_columns(
    client, world, checks, key
):
    dataset = next(d for d in dataset_list() if d.key == key)
    columns = [column.key for column in dataset.columns]

    response = client.get(url(key, "csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="blaupause-{key}.csv"'
    assert response["ETag"]
    rows = read_csv(response)
    assert rows, key
    assert list(rows[0]) == columns

    response = client.get(url(key, "json"))
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    document = read_json(response)
    assert [c["key"] for c in document["columns"]] == columns
    assert document["meta"]["license"]["uri"] == "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
    assert document["meta"]["rows"] == len(document["rows"]) == len(rows)
    assert all(list(row) == columns for row in document["rows"])

    response = client.get(url(key, "xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f'filename="blaupause-{key}.xlsx"' in response["Content-Disposition"]
    workbook = read_xlsx(response)
    assert workbook.sheetnames == ["Daten", "Metadaten"]
    sheet_rows = list(workbook["Daten"].iter_rows(values_only=True))
    assert list(sheet_rows[0]) == columns
    assert len(sheet_rows) == len(rows) + 1
    meta = {row[0]: row[1] for row in workbook["Metadaten"].iter_rows(values_only=True) if row}
    assert "Datenlizenz Deutschland" in meta["Lizenz"]


def test_umlauts_survive_in_every_format(client, world):
    rows = read_csv(client.get(url("kommunen", "csv")))
    assert "Lügde" in {row["name"] for row in rows}
    document = read_json(client.get(url("strategien", "json")))
    assert document["rows"][0]["title"] == "Digitale Zukunft für Höxter"
    sheet = read_xlsx(client.get(url("massnahmen", "xlsx")))["Daten"]
    titles = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "Bürgerportal für alle Ämter" in titles


def test_municipality_rows_carry_the_values_the_registry_promises(client, world):
    municipality = world["municipality"]
    rows = {row["ags"]: row for row in read_csv(client.get(url("kommunen", "csv")))}
    row = rows[municipality.ags]
    assert row["district_ags"] == municipality.district.ags
    assert row["population"] == "25000"
    assert row["size_class"] == "20k-50k"
    assert row["population_source"] == "IT.NRW, Gemeindeverzeichnis"
    assert row["updated_at"].endswith("Z")


def test_networks_list_their_members(client, world):
    network = world["network"]
    document = read_json(client.get(url("netzwerke", "json")))
    row = next(r for r in document["rows"] if r["slug"] == network.slug)
    assert row["member_count"] == 2
    assert sorted(row["members"]) == row["members"]
    assert world["municipality"].ags in row["members"]
    csv_row = next(r for r in read_csv(client.get(url("netzwerke", "csv"))) if r["slug"])
    assert csv_row["members"] == "|".join(row["members"])


def test_internal_commitments_and_drafts_never_appear(client, world):
    for fmt in ("csv", "json", "xlsx"):
        raw = body(client.get(url("beteiligungen", fmt)))
        if fmt == "xlsx":
            sheet = load_workbook(io.BytesIO(raw), read_only=True)["Daten"]
            raw = json.dumps([list(r) for r in sheet.iter_rows(values_only=True)], default=str)
            raw = raw.encode()
        text = raw.decode("utf-8-sig")
        assert str(world["public"].uuid) in text
        assert str(world["hidden"].uuid) not in text, fmt
        assert str(world["of_draft"].uuid) not in text, fmt
        assert "vertraulich" not in text
    commitments = read_json(client.get(url("beteiligungen", "json")))["rows"]
    assert [row["progress"] for row in commitments] == [55]
    strategies = read_json(client.get(url("strategien", "json")))["rows"]
    assert [row["slug"] for row in strategies] == ["oeffentlich"]
    measures = read_json(client.get(url("massnahmen", "json")))["rows"]
    assert {row["key"] for row in measures} == {"A1", "A2"}


def test_a_signed_in_member_gets_the_same_public_file(client, world, cdo):
    client.force_login(cdo)
    rows = read_csv(client.get(url("beteiligungen", "csv")))
    assert [row["uuid"] for row in rows] == [str(world["public"].uuid)]


def test_benchmarks_hide_a_group_of_four_and_show_a_group_of_five(client, checks):
    rows = read_json(client.get(url("selbstcheck-vergleichswerte", "json")))["rows"]
    big = [r for r in rows if r["group_kind"] == "district" and r["group_key"] == checks["big"].ags]
    small = [
        r for r in rows if r["group_kind"] == "district" and r["group_key"] == checks["small"].ags
    ]
    assert big
    assert small
    assert all(r["participants"] == 5 and r["median"] == 2 for r in big)
    assert all(r["mean_current"] == 2 and r["mean_target"] == 4 for r in big)
    assert all(r["reason"] == "" for r in big)
    assert all(r["participants"] == 4 for r in small)
    assert all(r[name] is None for r in small for name in ("median", "q1", "q3", "mean_current"))
    assert {r["reason"] for r in small} == {"zu wenige Teilnehmende"}
    region = [r for r in rows if r["group_kind"] == "region"]
    assert region
    assert all(r["participants"] == 9 and r["median"] is not None for r in region)


def test_benchmarks_contain_no_individual_answers(client, checks):
    raw = body(client.get(url("selbstcheck-vergleichswerte", "csv"))).decode("utf-8-sig")
    header = raw.splitlines()[0]
    assert "municipality" not in header
    assert "ags" not in header.split(",")
    assert "note" not in header
    assert "evidence" not in header


def test_unknown_dataset_or_format_answers_404(client, world):
    assert client.get(url("geheim", "csv")).status_code == 404
    assert client.get(url("kommunen", "pdf")).status_code == 404
    assert client.post(url("kommunen", "csv")).status_code == 405


def test_unchanged_file_answers_304(client, world):
    first = client.get(url("kommunen", "csv"))
    assert first["Last-Modified"]
    again = client.get(url("kommunen", "csv"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    world["municipality"].save()  # a change gives a new ETag
    changed = client.get(url("kommunen", "csv"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200


def test_a_text_that_looks_like_a_formula_stays_text_in_xlsx(client, world):
    world["measure"].title = '=HYPERLINK("http://example.org")'
    world["measure"].save()
    sheet = read_xlsx(client.get(url("massnahmen", "xlsx")))["Daten"]
    titles = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert '=HYPERLINK("http://example.org")' in titles


def test_licence_follows_the_setting(client, world, settings):
    settings.BLAUPAUSE_OPEN_DATA_LICENSE = "cc-by-4.0"
    meta = read_json(client.get(url("kreise", "json")))["meta"]
    assert meta["license"]["uri"] == "http://dcat-ap.de/def/licenses/cc-by/4.0"
    settings.BLAUPAUSE_OPEN_DATA_LICENSE = "unbekannt"
    meta = read_json(client.get(url("kreise", "json")))["meta"]
    assert meta["license"]["key"] == "dl-de/by-2-0"


def test_files_are_the_same_in_english(client, world, checks):
    german = read_json(client.get(url("selbstcheck-vergleichswerte", "json")))
    client.cookies["blaupause_language"] = "en"
    english = client.get(url("selbstcheck-vergleichswerte", "json"))
    document = read_json(english)
    assert document["columns"] == german["columns"]
    assert document["meta"]["title"] == "Selbstcheck: Vergleichswerte"
    assert {row["reason"] for row in document["rows"]} == {"", "zu wenige Teilnehmende"}
