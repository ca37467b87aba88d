"""Locale names (gettext and BCP 47), script direction, autonyms and plural forms from CLDR."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural

_GETTEXT_NAME = re.compile(r"^[a-z]{2,3}(_[A-Z][a-z]{3})?(_([A-Z]{2}|[0-9]{3}))?$")


@dataclass(frozen=True)
class LocaleInfo:
    """Everything the pipeline needs to know about one locale."""

    code: str  # gettext name, used for folders in locales/: zh_Hans, pt_BR
    tag: str  # BCP 47 tag, used in URLs and lang attributes: zh-Hans, pt-BR
    direction: str  # "ltr" or "rtl"
    autonym: str  # the language's name in itself: Español, العربية
    english_name: str
    nplurals: int
    plural_expr: str
    numbering_system: str  # CLDR default numbering system: latn, arab, deva, ...
    pseudo: bool = False  # a pseudo-locale (pipeline pseudo): its formatted dates and sizes are dressed too

    @property
    def plural_forms(self) -> str:
        return f"nplurals={self.nplurals}; plural={self.plural_expr};"

    def dress(self, text: str) -> str:
        """Text that CLDR formatted (a date, a file size) as this locale shows it."""
        if not self.pseudo:
            return text
        from pipeline.catalogs.pseudo import pseudo_text
        return pseudo_text(text)

    @property
    def babel(self) -> Locale:
        return Locale.parse(babel_name(self.code))


def babel_name(code: str) -> str:
    """The CLDR locale whose data a locale uses: itself, or the base of a pseudo-locale."""
    from pipeline.catalogs.pseudo import PSEUDO_LOCALES
    return PSEUDO_LOCALES[code][0] if code in PSEUDO_LOCALES else code


def is_valid_name(code: str) -> bool:
    """Whether ``code`` is a gettext locale name this pipeline accepts."""
    if not _GETTEXT_NAME.match(code):
        return False
    code = babel_name(code)
    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return False
    return True


def to_bcp47(code: str) -> str:
    """``zh_Hans`` → ``zh-Hans``; ``pt_BR`` → ``pt-BR``."""
    return code.replace("_", "-")


@functools.cache
def locale_info(code: str) -> LocaleInfo:
    """Look a gettext locale name up in CLDR through Babel; raises ValueError for unknown names."""
    if not is_valid_name(code):
        raise ValueError(f"unknown locale {code!r}")
    from pipeline.catalogs.pseudo import PSEUDO_LOCALES, pseudo_text
    if code in PSEUDO_LOCALES:
        base = locale_info(PSEUDO_LOCALES[code][0])
        _, direction, english = PSEUDO_LOCALES[code]
        return LocaleInfo(code=code, tag=to_bcp47(code), direction=direction, autonym=pseudo_text(english),
                          english_name=english, nplurals=base.nplurals, plural_expr=base.plural_expr,
                          numbering_system=base.numbering_system, pseudo=True)
    loc = Locale.parse(code)
    name = loc.get_display_name(loc) or code
    # A language names itself in running text in lower case in many languages;
    # as a menu label it starts with a capital where the script has case.
    autonym = name[:1].upper() + name[1:]
    if loc.language == "zh":
        autonym = loc.get_language_name(loc) or autonym
        if loc.script == "Hant":
            autonym = f"{autonym}（繁體）"
    plural = get_plural(code)
    return LocaleInfo(
        code=code,
        tag=to_bcp47(code),
        direction="rtl" if loc.character_order == "right-to-left" else "ltr",
        autonym=autonym,
        english_name=loc.get_display_name("en") or code,
        nplurals=plural.num_plurals,
        plural_expr=plural.plural_expr,
        numbering_system=loc.default_numbering_system or "latn",
    )
