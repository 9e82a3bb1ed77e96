"""Comparing snapshots: pure functions, no database."""

import copy

from blaupause.strategies.diff import (
    ADDED,
    CHANGED,
    REMOVED,
    diff_snapshots,
    field_changes,
    tokenize,
    value_diff,
    word_diff,
)


def snapshot():
    return {
        "format": 1,
        "strategy": {
            "uuid": "s-1",
            "slug": "lippe",
            "owner": {"kind": "network", "key": "lippe", "name": "Netzwerk Lippe"},
            "title": "Lippe lebt Digitalisierung",
            "slogan": "Ländlich geprägt, leidenschaftlich vernetzt",
            "vision": "Die Kommunen gestalten die Digitalisierung gemeinsam.",
            "preamble": "",
            "reconstruction_notice": "",
            "status": "adopted",
            "adopted_body": "Bürgermeisterkonferenz",
            "adopted_on": None,
            "adopted_reference": "",
            "adopted_note": "",
            "sources": [],
        },
        "values": [
            {
                "uuid": "v-1",
                "key": "augenhoehe",
                "title": "Augenhöhe",
                "explanation": "x",
                "order": 0,
            }
        ],
        "life_areas": [],
        "fields": [
            {"uuid": "f-1", "key": "A", "title": "IKZ & Beteiligung", "description": "", "order": 0}
        ],
        "goals": [],
        "measures": [
            {
                "uuid": "m-1",
                "key": "A-M01",
                "title": "Serviceportal",
                "field": "A",
                "summary": "Ein gemeinsames Portal für alle Kommunen.",
                "tags": ["OZG", "Portal"],
                "goals": ["A-Z1"],
                "prerequisites": [],
                "order": 0,
            },
            {"uuid": "m-2", "key": "A-M02", "title": "Beschaffung", "field": "A", "order": 1},
        ],
        "indicators": [],
        "milestones": [],
    }


def test_tokens_keep_words_spaces_and_punctuation():
    assert tokenize("Bürger-Service, jetzt!") == ["Bürger", "-", "Service", ",", " ", "jetzt", "!"]
    assert "".join(tokenize("Ein  Text\nmit Umbruch.")) == "Ein  Text\nmit Umbruch."


def test_word_diff_marks_removed_and_inserted_words_for_eyes_and_screen_readers():
    html = word_diff("Ein gemeinsames Portal für alle Kommunen.", "Ein offenes Portal für alle.")
    assert (
        '<del class="bp-diff__del"><span class="kern-sr-only">entfernt: </span>gemeinsames</del>'
        in html
    )
    assert (
        '<ins class="bp-diff__ins"><span class="kern-sr-only">eingefügt: </span>offenes</ins>'
        in html
    )
    # The space before a removed word stays outside the mark.
    assert (
        'alle <del class="bp-diff__del"><span class="kern-sr-only">entfernt: </span>Kommunen</del>.'
        in html
    )
    assert html.startswith("Ein ")
    assert "Portal für alle" in html  # unchanged words stay plain


def test_word_diff_escapes_html():
    html = word_diff("<b>alt</b>", "<script>neu</script>")
    assert "<script>" not in html
    assert "<b>" not in html
    assert html.startswith("&lt;")
    assert html.endswith("&gt;")


def test_unchanged_text_has_no_marks():
    assert word_diff("gleich bleibt gleich", "gleich bleibt gleich") == "gleich bleibt gleich"


def test_lists_show_added_and_removed_entries():
    html = value_diff("tags", ["OZG", "Portal"], ["OZG", "Cloud"])
    assert "OZG" in html
    assert "<ins" in html
    assert "Cloud</ins>" in html
    assert "<del" in html
    assert "Portal</del>" in html


def test_empty_values_and_choices_are_readable():
    html = value_diff("status", "draft", "adopted")
    assert "Entwurf</del>" in html
    assert "Beschlossen</ins>" in html
    assert "–</del>" in value_diff("end_year", None, 2027)


def test_identical_snapshots_have_no_differences():
    result = diff_snapshots(snapshot(), snapshot())
    assert result.is_empty
    assert result.changed_sections == ()


def test_added_removed_and_changed_items_are_found_by_uuid():
    old = snapshot()
    new = copy.deepcopy(old)
    new["measures"][0]["title"] = "Gemeinsames Serviceportal"  # renamed: changed, not replaced
    new["measures"][0]["tags"] = ["OZG"]
    del new["measures"][1]
    new["measures"].append({"uuid": "m-3", "key": "A-M03", "title": "Roadmap", "order": 2})
    new["values"][0]["order"] = 5  # moving is not a change
    new["strategy"]["slogan"] = "Ländlich geprägt, digital vernetzt"

    result = diff_snapshots(old, new)
    measures = next(s for s in result.sections if s.key == "measures")
    assert [(i.label, i.status) for i in measures.items] == [
        ("A-M03 Roadmap", ADDED),
        ("A-M01 Gemeinsames Serviceportal", CHANGED),
        ("A-M02 Beschaffung", REMOVED),
    ]
    changed = measures.changed[0]
    assert [c.name for c in changed.changes] == ["title", "tags"]
    assert [c.label for c in changed.changes] == ["Titel", "Schlagworte"]
    assert "<ins" in changed.changes[0].html
    assert "Gemeinsames" in changed.changes[0].html
    assert [s.key for s in result.changed_sections] == ["measures"]
    assert [c.name for c in result.strategy_changes] == ["slogan"]
    assert "digital</ins>" in result.strategy_changes[0].html
    assert "leidenschaftlich</del>" in result.strategy_changes[0].html


def test_links_in_another_order_are_not_a_change():
    assert (
        field_changes({"uuid": "x", "goals": ["A", "B"]}, {"uuid": "x", "goals": ["B", "A"]}) == ()
    )
    assert (
        len(field_changes({"uuid": "x", "goals": ["A"]}, {"uuid": "x", "goals": ["A", "B"]})) == 1
    )


def test_empty_string_and_missing_value_are_the_same():
    assert field_changes({"uuid": "x", "note": ""}, {"uuid": "x"}) == ()
    assert field_changes({"uuid": "x", "tags": []}, {"uuid": "x", "tags": None}) == ()
