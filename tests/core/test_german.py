"""German text analysis: Snowball stems, compound parts, query words."""

from blaupause.core.german import analyze, query_words, stems, words


def test_inflections_share_a_stem():
    assert stems("Digitalisierungsstrategien", parts=False) == stems(
        "Digitalisierungsstrategie", parts=False
    )


def test_compound_parts_are_marked():
    tokens = analyze("Digitalisierungsstrategie")
    assert tokens[0].part is False
    assert {token.term for token in tokens if token.part} >= {"strategi", "digitalisier"}


def test_a_plain_word_has_no_parts():
    assert [token.part for token in analyze("Strategie")] == [False]


def test_stop_words_and_noise_are_dropped():
    assert words("und der die Rat") == ["rat"]
    assert words("x" * 100) == []
    assert words("' OR 1=1 -- * NEAR( \" -") == ["or", "near"]


def test_query_word_of_a_compound_knows_its_smallest_parts():
    [word] = query_words("Ratsinformationssystem")
    assert word.whole == "ratsinformationssystem"
    assert set(word.parts) == {"rat", "information", "system"}


def test_every_query_part_is_indexed_for_a_text_with_that_word():
    [word] = query_words("Ratsinformationssystem")
    indexed = stems("Informationssystem für den Rat")
    assert set(word.parts) <= indexed


def test_query_words_are_unique_and_limited():
    assert len(query_words("Rat Rat Räte")) == 1
    assert len(query_words(" ".join(f"wort{n}" for n in range(40)))) == 12
    assert query_words("\x00 ' -- *") == []
