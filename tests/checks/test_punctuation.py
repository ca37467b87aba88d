"""Typographic checks: each seeded translator mistake is caught, the correct translation raises nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.catalogs.files import read_catalog
from pipeline.checks.punctuation import check_typography
from pipeline.checks.translation import check_length

REPO = Path(__file__).resolve().parents[2]


def _codes(source: str, target: str, locale: str) -> list[str]:
    found: list[str] = []

    def add(severity: str, code: str, message: str) -> None:
        found.append(code)

    check_typography(source, target, locale, add)
    check_length(source, target, locale, add)
    return found


# (locale, English, correct translation, translation with the mistake, code)
CASES = [
    ("es", "Call your care team.", "Llame a su equipo de atención.", "Llame a su su equipo de atención.",
     "doubled-word"),
    ("fr", "Ask your doctor (or nurse).", "Demandez à votre médecin (ou infirmière).",
     "Demandez à votre médecin (ou infirmière.", "unbalanced"),
    ("fr", "The word “fever” means 38 °C.", "Le mot « fièvre » veut dire 38 °C.",
     "Le mot « fièvre veut dire 38 °C.", "unbalanced"),
    ("zh_Hans", "Press “Start”.", "请按「开始」。", "请按「开始。", "unbalanced"),
    ("es", "Is your child tired?", "¿Está cansado su hijo?", "¿Está cansado su hijo.", "end-punctuation"),
    ("es", "Wash your hands before you eat.", "Lávese las manos antes de comer.",
     "Lávese las manos antes de comer", "end-punctuation"),
    ("zh_Hans", "Is your child tired?", "您的孩子累吗？", "您的孩子累吗?", "end-punctuation"),
    ("hi", "Rest often.", "अक्सर आराम करें।", "अक्सर आराम करें.", "end-punctuation"),
    ("ar", "Is your child tired?", "هل طفلك متعب؟", "هل طفلك متعب?", "end-punctuation"),
    ("es", "Drink water.", "Beba agua.", "Beba  agua.", "double-space"),
    ("es", "Drink water.", "Beba agua.", "Beba\tagua.", "tab"),
    ("es", "Take 2 tablets.", "Tome 2 comprimidos.", "Tome ٢ comprimidos.", "foreign-digits"),
    ("ar", "Take 2 tablets.", "تناول ٢ قرص.", "تناول २ قرص.", "foreign-digits"),
    ("es", "Fever", "Fiebre", "Fiebre: llame al equipo de atención si su temperatura es alta o si tiene escalofríos.",
     "length-ratio"),
    ("es", "Rest at home. Drink water. Call us if you feel worse.",
     "Descanse en casa. Beba agua. Llámenos si se siente peor.",
     "Descanse en casa. Llámenos si se siente peor.", "sentence-count"),
]


@pytest.mark.parametrize(("locale", "english", "good", "bad", "code"), CASES,
                         ids=[f"{case[4]}-{case[0]}-{n}" for n, case in enumerate(CASES)])
def test_a_seeded_mistake_is_caught_and_the_correct_text_passes(locale: str, english: str, good: str, bad: str,
                                                                 code: str) -> None:
    assert _codes(english, good, locale) == []
    assert code in _codes(english, bad, locale)


@pytest.mark.parametrize(("locale", "english", "translation"), [
    ("fr", "How do you feel?", "Comment vous vous sentez ?"),  # French doubles its pronouns
    ("vi", "Go slowly.", "Đi từ từ."),  # Vietnamese reduplication
    ("de", "The word “fever”.", "Das Wort „Fieber“."),  # German quotes open low and close high
    ("hi", "Write your questions here: ...", "अपने सवाल यहाँ लिखें: ..."),  # an ellipsis is not a full stop
    ("ar", "Take 2 tablets.", "تناول ٢ قرص."),  # Arabic-Indic digits are Arabic's own
    ("zh_Hans", "Blood tests. These count your cells.", "验血：这些检查会计算您的血细胞数量。"),
])
def test_what_languages_do_on_purpose_is_not_an_alarm(locale: str, english: str, translation: str) -> None:
    assert _codes(english, translation, locale) == []


def test_no_alarm_on_the_projects_own_catalogs() -> None:
    checked = 0
    for path in sorted((REPO / "locales").glob("*/LC_MESSAGES/*.po")):
        locale = path.parent.parent.name
        for entry in read_catalog(path):
            if entry.obsolete or entry.fuzzy or not entry.msgstr:
                continue
            found: list[str] = []

            def add(severity: str, code: str, message: str, found: list[str] = found) -> None:
                found.append(f"{code}: {message}")

            check_typography(entry.msgid, entry.msgstr, locale, add)
            assert not found, (path.name, locale, entry.msgid, found)
            checked += 1
    assert checked > 500
