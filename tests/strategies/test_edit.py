"""Editing a strategy on its own pages: who may, what a form says on bad input, no lost edits."""

import re

from django.urls import reverse

import pytest

from blaupause.strategies.models import Goal, Indicator, Measure, Strategy, StrategyVersion
from tests.factories.strategies import MeasureFactory
from tests.strategies.test_views import text_of

pytestmark = pytest.mark.django_db


def item_url(name: str, strategy, kind: str, item, **extra) -> str:
    return reverse(
        f"strategies:{name}",
        kwargs={"slug": strategy.slug, "kind": kind, "uuid": item.uuid, **extra},
    )


def measure_form(measure, **overrides) -> dict:
    data = {
        "version": str(measure.version),
        "key": measure.key,
        "title": measure.title,
        "field": str(measure.field_id),
        "summary": measure.summary,
        "description": measure.description,
        "benefit_citizens": "Schneller zum Amt.",
        "benefit_administration": "Weniger Papier.",
        "prerequisites": (
            "Kriterium C2 ab Stufe 1: Digitalisierung ist zugeordnet.\n"
            "Personal: zwei Stunden pro Woche"
        ),
        "effort": "mittel",
        "cost_band": "unter 10.000 €",
        "start_year": "2025",
        "end_year": "2027",
        "duration_months": "",
        "responsible_role": "Netzwerk-Koordination",
        "references": "Quelle A | https://example.org/a",
        "tags": "OZG, Portal",
        "raises_criteria": "a1, B1",
        "weight": "1",
        "source_ids": ["quelle-a"],
        "life_areas": [str(pk) for pk in measure.life_areas.values_list("pk", flat=True)],
        "goals": [str(pk) for pk in measure.goals.values_list("pk", flat=True)],
    }
    return {**data, **overrides}


def test_visitors_are_sent_to_the_login(client, world):
    strategy, measure = world["strategy"], world["measure"]
    for url in [
        reverse("strategies:strategy_edit", kwargs={"slug": strategy.slug}),
        reverse("strategies:strategy_status", kwargs={"slug": strategy.slug}),
        reverse("strategies:strategy_publish", kwargs={"slug": strategy.slug}),
        reverse("strategies:item_add", kwargs={"slug": strategy.slug, "kind": "werte"}),
        item_url("item_edit", strategy, "massnahmen", measure),
        item_url("item_delete", strategy, "massnahmen", measure),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/konto/login/")


def test_another_coordinator_gets_a_clear_403_and_changes_nothing(client, world):
    client.force_login(world["people"]["coordinator elsewhere"])
    strategy, measure = world["strategy"], world["measure"]
    url = item_url("item_edit", strategy, "massnahmen", measure)
    response = client.get(url)
    assert response.status_code == 403
    assert "Nur die Koordination des Netzwerks" in text_of(response)
    response = client.post(url, measure_form(measure, title="Übernommen"))
    assert response.status_code == 403
    assert Measure.objects.get(pk=measure.pk).title == "Gemeinsames Serviceportal"
    assert client.post(item_url("item_delete", strategy, "massnahmen", measure)).status_code == 403
    assert Measure.objects.filter(pk=measure.pk).exists()


def test_the_coordinator_edits_a_measure_on_the_page(client, world, coordinator):
    client.force_login(coordinator)
    strategy, measure = world["strategy"], world["measure"]
    page = client.get(strategy.get_absolute_url()).content.decode()
    edit_url = item_url("item_edit", strategy, "massnahmen", measure)
    assert f'href="{edit_url}"' in page

    form = client.get(edit_url)
    html = form.content.decode()
    assert form.status_code == 200
    assert '<label class="kern-label" for="id_title">Maßnahme' in html
    assert '<legend class="kern-label">Ziele' in html  # checkbox groups have a legend
    assert 'name="version" value="1"' in html

    response = client.post(edit_url, measure_form(measure, title="Serviceportal für alle"))
    assert response.status_code == 302
    assert response["Location"] == measure.get_absolute_url()
    measure.refresh_from_db()
    assert measure.title == "Serviceportal für alle"
    assert measure.prerequisites == [
        {
            "kind": "criterion",
            "criterion": "C2",
            "min_level": 1,
            "text": "Digitalisierung ist zugeordnet.",
        },
        {"kind": "staff", "criterion": None, "min_level": None, "text": "zwei Stunden pro Woche"},
    ]
    assert measure.tags == ["OZG", "Portal"]
    assert measure.raises_criteria == ["A1", "B1"]
    assert measure.references == [{"label": "Quelle A", "url": "https://example.org/a"}]
    detail = text_of(client.get(measure.get_absolute_url()))
    assert "Serviceportal für alle" in detail
    assert "wurde gespeichert" in detail


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"start_year": "2028", "end_year": "2026"},
            "Das Ende (2026) liegt vor dem Beginn (2028).",
        ),
        (
            {"prerequisites": "Kriterium Z9 ab Stufe 2: gibt es nicht"},
            "Zeile 1: Das Selbstcheck-Kriterium „Z9“ gibt es nicht",
        ),
        (
            {"references": "nur ein Text ohne Adresse"},
            "Zeile 1: Schreiben Sie „Bezeichnung | https://…“.",
        ),
        ({"raises_criteria": "A1, X7"}, "Unbekannte Kriterien: X7."),
        ({"key": "A-M 01"}, "Die Kennung darf nur Buchstaben"),
        ({"goals": ["999999"]}, "Bitte eine gültige Auswahl treffen."),
        ({"title": ""}, "Dieses Feld ist zwingend erforderlich."),
    ],
)
def test_bad_input_shows_german_field_errors_and_saves_nothing(
    client, world, coordinator, overrides, message
):
    client.force_login(coordinator)
    measure = world["measure"]
    response = client.post(
        item_url("item_edit", world["strategy"], "massnahmen", measure),
        measure_form(measure, **overrides),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert message in text_of(response)
    assert 'class="kern-error"' in html
    assert Measure.objects.get(pk=measure.pk).version == 1


def test_a_concurrent_edit_shows_both_texts_and_overwrites_nothing(client, world, coordinator):
    client.force_login(coordinator)
    measure = world["measure"]
    url = item_url("item_edit", world["strategy"], "massnahmen", measure)
    first = measure_form(measure, summary="Fassung der Koordination")
    second = measure_form(measure, summary="Fassung der Regionaladministration")
    assert client.post(url, first).status_code == 302
    client.force_login(world["people"]["regional admin"])
    response = client.post(url, second)
    assert response.status_code == 409
    text = text_of(response)
    assert "Jemand anderes hat diesen Datensatz inzwischen geändert." in text
    assert "Fassung der Koordination" in text
    assert "Fassung der Regionaladministration" in text
    assert Measure.objects.get(pk=measure.pk).summary == "Fassung der Koordination"
    # Saving again is a conscious decision: the form now carries the current version.
    assert 'name="version" value="2"' in response.content.decode()


def test_add_a_measure_and_an_indicator(client, world, coordinator):
    client.force_login(coordinator)
    strategy = world["strategy"]
    add_url = reverse("strategies:item_add", kwargs={"slug": strategy.slug, "kind": "massnahmen"})
    form = client.get(add_url, {"feld": "A"})
    assert f'<option value="{world["field"].pk}" selected>' in form.content.decode()
    response = client.post(
        add_url,
        {"title": "Gemeinsame Vergabeplattform", "field": str(world["field"].pk), "weight": "1"},
    )
    measure = Measure.objects.get(title="Gemeinsame Vergabeplattform")
    assert measure.key == "A-M02"
    assert response["Location"] == measure.get_absolute_url()

    indicator_url = reverse(
        "strategies:item_add", kwargs={"slug": strategy.slug, "kind": "kennzahlen"}
    )
    assert client.get(indicator_url).status_code == 404  # which measure?
    assert client.get(indicator_url, {"massnahme": "Z-M99"}).status_code == 404
    response = client.post(
        f"{indicator_url}?massnahme=A-M02",
        {
            "name": "Verfahren auf der Plattform",
            "unit": "Anzahl",
            "target": "40",
            "direction": "increase",
        },
    )
    assert response.status_code == 302
    assert Indicator.objects.get().measure == measure
    assert "Verfahren auf der Plattform" in text_of(client.get(measure.get_absolute_url()))


def test_delete_and_restore_from_the_strategy_history(client, world, coordinator):
    client.force_login(coordinator)
    strategy, goal = world["strategy"], world["goal"]
    delete_url = item_url("item_delete", strategy, "ziele", goal)
    confirm = client.get(delete_url)
    assert "Soll Ziel „Zusammenarbeit verlässlich organisieren“ gelöscht werden?" in text_of(
        confirm
    )
    response = client.post(delete_url, follow=True)
    assert "wurde gelöscht" in text_of(response)
    assert 'id="ziel-A-Z1"' not in client.get(strategy.get_absolute_url()).content.decode()

    history = client.get(reverse("strategies:strategy_history", kwargs={"slug": strategy.slug}))
    assert "Gelöschte Einträge" in text_of(history)
    assert "Zusammenarbeit verlässlich organisieren" in text_of(history)
    restore_url = item_url("item_restore", strategy, "ziele", goal)
    assert restore_url in history.content.decode()
    assert client.get(restore_url).status_code == 405  # only by form
    response = client.post(restore_url, follow=True)
    assert "wurde wiederhergestellt" in text_of(response)
    assert Goal.objects.filter(pk=goal.pk).exists()


def test_a_field_with_measures_cannot_be_deleted(client, world, coordinator):
    client.force_login(coordinator)
    response = client.post(
        item_url("item_delete", world["strategy"], "handlungsfelder", world["field"])
    )
    assert response.status_code == 409
    assert (
        "Zum Handlungsfeld „IKZ &amp; Beteiligung“ gehören noch 1 Maßnahmen"
        in response.content.decode()
    )


def test_restore_an_earlier_version_from_the_item_history(client, world, coordinator):
    client.force_login(coordinator)
    strategy, measure = world["strategy"], world["measure"]
    url = item_url("item_edit", strategy, "massnahmen", measure)
    client.post(url, measure_form(measure, title="Zwischenstand"))
    measure.refresh_from_db()
    history_url = item_url("item_history", strategy, "massnahmen", measure)
    history = client.get(history_url)
    html = history.content.decode()
    buttons = re.findall(r'action="([^"]+/verlauf/(\d+)/wiederherstellen/)"', html)
    assert len(buttons) >= 1  # every version but the current one
    oldest_url = buttons[-1][0]
    response = client.post(oldest_url, {"version": str(measure.version)}, follow=True)
    assert "Die gewählte Fassung ist wieder die aktuelle." in text_of(response)
    assert Measure.objects.get(pk=measure.pk).title == "Gemeinsames Serviceportal"
    # A stale version number is refused, nothing changes.
    response = client.post(oldest_url, {"version": "1"}, follow=True)
    assert "Jemand anderes hat diesen Eintrag inzwischen geändert." in text_of(response)


def test_change_the_status_with_the_decision(client, world, coordinator):
    client.force_login(coordinator)
    strategy = world["strategy"]
    url = reverse("strategies:strategy_status", kwargs={"slug": strategy.slug})
    form = client.get(url)
    assert "In Überprüfung" in text_of(form)
    assert 'value="draft"' not in form.content.decode()  # adopted → draft is not a step
    response = client.post(url, {"version": "1", "to_status": "draft"})
    assert response.status_code == 400
    assert "Bitte eine gültige Auswahl treffen." in text_of(response)
    response = client.post(
        url, {"version": "1", "to_status": "review", "note": "Jährliche Prüfung"}
    )
    assert response.status_code == 302
    strategy.refresh_from_db()
    assert strategy.status == "review"
    response = client.post(
        url, {"version": str(strategy.version), "to_status": "adopted", "adopted_body": ""}
    )
    assert response.status_code == 400
    assert "Bitte geben Sie an, wer die Strategie beschlossen hat." in text_of(response)
    history = text_of(
        client.get(reverse("strategies:strategy_history", kwargs={"slug": strategy.slug}))
    )
    assert "Beschlossen → In Überprüfung" in history
    assert "Jährliche Prüfung" in history


def test_publish_from_the_page(client, world, coordinator):
    client.force_login(coordinator)
    strategy = world["strategy"]
    url = reverse("strategies:strategy_publish", kwargs={"slug": strategy.slug})
    response = client.post(url, {"note": "Erste Fassung"}, follow=True)
    assert "Version 1 wurde veröffentlicht." in text_of(response)
    response = client.post(url, {"note": "Nochmal"})
    assert "Seit Version 1 hat sich nichts geändert." in text_of(response)
    assert StrategyVersion.objects.filter(strategy=strategy).count() == 1


def test_edit_texts_and_sources(client, world, coordinator):
    client.force_login(coordinator)
    strategy = world["strategy"]
    url = reverse("strategies:strategy_edit", kwargs={"slug": strategy.slug})
    form = client.get(url).content.decode()
    assert "quelle-a | Quelle A | https://example.org/a | 2026-11" in form
    assert 'name="is_blueprint"' not in form  # regional admins only
    data = {
        "version": "1",
        "title": "Rahmenstrategie Neu",
        "slogan": "",
        "vision": "",
        "preamble": "",
        "reconstruction_notice": "Rekonstruiert.",
        "sources": "quelle-a | Quelle A | https://example.org/a\nkaputt",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert (
        "Zeile 2: Schreiben Sie „kennung | Titel | https://… | abgerufen (optional)“."
        in text_of(response)
    )
    data["sources"] = "quelle-a | Quelle A | https://example.org/a"
    assert client.post(url, data).status_code == 302
    strategy.refresh_from_db()
    assert strategy.title == "Rahmenstrategie Neu"
    page = text_of(client.get(strategy.get_absolute_url()))
    assert "Aus öffentlichen Quellen rekonstruiert Rekonstruiert." in page
    # The strategy's history shows the change word by word, to everyone.
    client.logout()
    history = client.get(reverse("strategies:strategy_history", kwargs={"slug": strategy.slug}))
    html = history.content.decode()
    assert "Änderungen an Texten und Quellen" in html
    assert '<span class="kern-sr-only">eingefügt: </span>Neu</ins>' in html
    assert "Gelöschte Einträge" not in html  # editors only


def test_start_a_new_strategy(client, world, coordinator):
    client.force_login(coordinator)
    url = reverse("strategies:strategy_create")
    form = client.get(url)
    assert f"Netzwerk: {world['network'].name}" in text_of(form)
    response = client.post(
        url, {"owner": f"network:{world['network'].pk}", "title": "Zweite Strategie", "slogan": ""}
    )
    strategy = Strategy.objects.get(title="Zweite Strategie")
    assert response["Location"] == strategy.get_absolute_url()
    assert strategy.status == "draft"
    response = client.post(
        url, {"owner": f"network:{world['other_network'].pk}", "title": "Fremd", "slogan": ""}
    )
    assert response.status_code == 400
    assert "Bitte eine gültige Auswahl treffen." in text_of(response)
    client.force_login(world["people"]["contributor"])
    assert client.get(url).status_code == 403


def test_dependencies_in_the_form_exclude_the_measure_itself(client, world, coordinator):
    client.force_login(coordinator)
    MeasureFactory(field=world["field"], key="A-M02", title="Zweite Maßnahme")
    html = client.get(
        item_url("item_edit", world["strategy"], "massnahmen", world["measure"])
    ).content.decode()
    dependencies = html.split('<legend class="kern-label">hängt ab von', 1)[1].split(
        "</fieldset>", 1
    )[0]
    assert "Zweite Maßnahme" in dependencies
    assert "Gemeinsames Serviceportal" not in dependencies
