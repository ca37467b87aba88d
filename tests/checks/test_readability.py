"""Tests for pipeline.readability: syllables, sentences, Flesch-Kincaid and limits."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.checks.readability import (
    PLACEHOLDER_STAND_IN,
    Limits,
    Readability,
    count_syllables,
    measure,
    problems,
    split_sentences,
    strip_inline_markup,
)

WORD_LIST = Path(__file__).parents[1] / "data" / "syllables.txt"


@pytest.fixture(scope="module")
def syllable_words() -> list[tuple[str, int]]:
    rows: list[tuple[str, int]] = []
    for line in WORD_LIST.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word, count = line.split()
            rows.append((word, int(count)))
    return rows


@pytest.fixture()
def simple_text() -> list[str]:
    return [
        "The cat sat on the mat.",
        "It was a big cat. It had a red hat.",
        "We fed the cat. It ran to the bed.",
    ]


@pytest.fixture()
def complex_text() -> list[str]:
    return [
        "Acute lymphoblastic leukemia is characterized by the uncontrolled "
        "proliferation of immature lymphoid progenitor cells within the bone "
        "marrow, which consequently impairs normal hematopoiesis and produces "
        "anemia, thrombocytopenia and neutropenia.",
        "Contemporary multiagent chemotherapy regimens, stratified according to "
        "cytogenetic abnormalities and minimal residual disease, achieve "
        "considerable long-term survival in pediatric populations.",
    ]


# --- syllables --------------------------------------------------------------


def test_word_list_is_big_enough(syllable_words: list[tuple[str, int]]) -> None:
    assert len(syllable_words) >= 150
    words = {w for w, _ in syllable_words}
    for medical in ("leukemia", "lymphoblastic", "chemotherapy", "lymphocytes",
                    "marrow", "diagnosis", "puncture", "radiation",
                    "transplant", "immunotherapy"):
        assert medical in words


def test_syllable_accuracy(syllable_words: list[tuple[str, int]]) -> None:
    wrong = [(w, n, count_syllables(w)) for w, n in syllable_words
             if count_syllables(w) != n]
    accuracy = 1 - len(wrong) / len(syllable_words)
    assert accuracy >= 0.9, f"accuracy {accuracy:.1%}, wrong: {wrong}"


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("leukemia", 4), ("lymphoblastic", 4), ("chemotherapy", 5),
        ("lymphocytes", 3), ("marrow", 2), ("diagnosis", 4), ("puncture", 2),
        ("radiation", 4), ("transplant", 2), ("immunotherapy", 6),
    ],
)
def test_medical_words(word: str, expected: int) -> None:
    assert count_syllables(word) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Leukemia", 4),      # case does not matter for ordinary words
        ("don't", 1),         # apostrophes are ignored
        ("X-ray", 2),         # hyphenated: sum of the parts
        ("follow-up", 3),
        ("ALL", 3),           # capital abbreviation is spelled out
        ("DNA", 3),
        ("e.g.", 2),
        ("2026", 4),          # one syllable per digit
        ("café", 2),          # accents are folded to plain letters
        ("—", 0),
        ("", 0),
    ],
)
def test_special_tokens(word: str, expected: int) -> None:
    assert count_syllables(word) == expected


def test_every_word_has_a_syllable() -> None:
    for word in ("a", "I", "rhythm", "shh", "by", "x"):
        assert count_syllables(word) >= 1


# --- sentences --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Call us. We can help!", ["Call us.", "We can help!"]),
        ("Is it serious? Ask your nurse.", ["Is it serious?", "Ask your nurse."]),
        # headings, list items and cells are sentences without a stop
        ("When to call your care team", ["When to call your care team"]),
        ("Fever", ["Fever"]),
        # abbreviations and decimals do not end a sentence
        ("Some drugs, e.g. Imatinib, help. Ask Dr. Lee.",
         ["Some drugs, e.g. Imatinib, help.", "Ask Dr. Lee."]),
        ("Some tests, i.e. Blood tests, are quick.",
         ["Some tests, i.e. Blood tests, are quick."]),
        ("The dose is 2.5 mg. Take it daily.", ["The dose is 2.5 mg.", "Take it daily."]),
        ("J. R. Smith wrote it. It is short.", ["J. R. Smith wrote it.", "It is short."]),
        # a stop before a lower-case word is not a sentence end
        ("Bring your list, etc. and a pen.", ["Bring your list, etc. and a pen."]),
        ("He said \"Stop.\" Then he left.", ["He said \"Stop.\"", "Then he left."]),
        ("Line one\nstill one. Two.", ["Line one still one.", "Two."]),
        ("Wait... What next?", ["Wait...", "What next?"]),
        ("", []),
        ("   ", []),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_sentence_ending_in_abbreviation_at_end_of_block() -> None:
    assert split_sentences("Ask about tests, drugs, etc.") == ["Ask about tests, drugs, etc."]


# --- inline markup ----------------------------------------------------------


def test_strip_inline_markup() -> None:
    text = ("Call **{clinic_name}** at {clinic_phone}. See [the cancer page][1], "
            "[this](https://example.org) and `code` or *this* and __that__.")
    assert strip_inline_markup(text) == (
        f"Call {PLACEHOLDER_STAND_IN} at {PLACEHOLDER_STAND_IN}. See the cancer page, "
        "this and code or this and that."
    )


def test_placeholder_is_one_word() -> None:
    plain = strip_inline_markup("Call {clinic_phone}.")
    assert measure([plain]).words == 2


def test_strip_keeps_plain_text_and_snake_case() -> None:
    assert strip_inline_markup("A plain line, no marks.") == "A plain line, no marks."
    assert strip_inline_markup("file_name stays") == "file_name stays"


# --- measure ----------------------------------------------------------------


def test_exact_formula_on_tiny_text() -> None:
    # "The cat sat on the mat." 6 words, 6 syllables; "Dogs run." 2 words, 2 syllables.
    r = measure(["The cat sat on the mat.", "Dogs run."])
    assert (r.words, r.sentences, r.syllables) == (8, 2, 8)
    assert r.grade == pytest.approx(0.39 * 4 + 11.8 * 1 - 15.59)  # -2.23
    assert r.reading_ease == pytest.approx(206.835 - 1.015 * 4 - 84.6 * 1)
    assert r.avg_sentence_words == 4
    assert r.longest_sentence_words == 6
    assert r.longest_sentence == "The cat sat on the mat."


def test_exact_formula_with_long_words() -> None:
    # leukemia 4 + is 1 + treatable 3 = 8 syllables, 3 words, 1 sentence
    r = measure(["Leukemia is treatable."])
    assert r.syllables == 8
    assert r.grade == pytest.approx(0.39 * 3 + 11.8 * 8 / 3 - 15.59)


def test_simple_text_has_low_grade(simple_text: list[str]) -> None:
    r = measure(simple_text)
    assert r.grade < 2
    assert r.reading_ease > 90


def test_complex_text_has_high_grade(complex_text: list[str]) -> None:
    r = measure(complex_text)
    assert r.grade > 14
    assert r.reading_ease < 20
    assert r.longest_sentence_words > 25


def test_each_block_is_a_sentence() -> None:
    r = measure(["Phase", "What happens", "Induction", "Kills most leukemia cells"])
    assert r.sentences == 4
    assert r.words == 8


def test_empty_input() -> None:
    assert measure([]) == Readability(0, 0, 0, 0.0, 0.0, 0.0, 0, "")
    assert measure(["", "—"]).words == 0


# --- limits -----------------------------------------------------------------


def _readability(grade: float, avg: float, longest: int) -> Readability:
    return Readability(
        words=100, sentences=10, syllables=140, grade=grade, reading_ease=80.0,
        avg_sentence_words=avg, longest_sentence_words=longest,
        longest_sentence="A very long sentence.",
    )


def test_no_problems_within_limits() -> None:
    assert problems(_readability(6.0, 15.0, 25), Limits()) == []


def test_problems_name_each_exceeded_limit() -> None:
    found = problems(_readability(7.25, 16.0, 30), Limits())
    assert len(found) == 3
    grade, avg, longest = found
    assert "grade" in grade and "7.2" in grade and "6.0" in grade
    assert "average sentence" in avg and "16.0" in avg and "15.0" in avg
    assert "longest sentence" in longest and "30" in longest and "25" in longest
    assert "A very long sentence." in longest


@pytest.mark.parametrize(
    ("r", "word"),
    [
        (_readability(6.1, 10.0, 20), "grade"),
        (_readability(5.0, 15.5, 20), "average"),
        (_readability(5.0, 10.0, 26), "longest"),
    ],
)
def test_problems_one_at_a_time(r: Readability, word: str) -> None:
    found = problems(r, Limits())
    assert len(found) == 1 and word in found[0]


def test_custom_limits() -> None:
    r = _readability(5.0, 12.0, 20)
    found = problems(r, Limits(max_grade=4.0, max_avg_sentence_words=10.0, max_sentence_words=15))
    assert len(found) == 3
