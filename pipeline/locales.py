"""Locale names (gettext and BCP 47), script direction, autonyms and the default plural rule of a new catalog."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError

from pipeline.plurals import PluralRule, default_rule

_GETTEXT_NAME = re.compile(r"^[a-z]{2,3}(_[A-Z][a-z]{3})?(_([A-Z]{2}|[0-9]{3}))?$")


@dataclass(frozen=True)
class LocaleInfo:
    """Everything the pipeline needs to know about one locale."""

    code: str  # gettext name, used for folders in locales/: zh_Hans, pt_BR
    tag: str  # BCP 47 tag, used in URLs and lang attributes: zh-Hans, pt-BR
    direction: str  # "ltr" or "rtl"
    autonym: str  # the language's name in itself: Español, العربية
    english_name: str
    plural: PluralRule  # the rule a new catalog gets; a catalog's own Plural-Forms always wins
    numbering_system: str  # CLDR default numbering system: latn, arab, deva, ...
    pseudo: bool = False  # a pseudo-locale (pipeline pseudo): its formatted dates and sizes are dressed too

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
    try:
        Locale.parse(babel_name(code))
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
                          english_name=english, plural=base.plural,
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
    return LocaleInfo(
        code=code,
        tag=to_bcp47(code),
        direction="rtl" if loc.character_order == "right-to-left" else "ltr",
        autonym=autonym,
        english_name=loc.get_display_name("en") or code,
        plural=default_rule(code),
        numbering_system=loc.default_numbering_system or "latn",
    )


def nearest_name(code: str) -> str | None:
    """The valid gettext locale name a user most likely meant: ``pt-br`` → ``pt_BR``, ``zh-hans`` → ``zh_Hans``."""
    parts = [p for p in re.split(r"[-_.@\s]+", code.strip()) if p]
    if parts:
        fixed = [parts[0].lower()] + [p.title() if len(p) == 4 else p.upper() for p in parts[1:]]
        candidate = "_".join(fixed)
        if candidate != code and is_valid_name(candidate):
            return candidate
    if len(code) < 4:
        return None
    from babel.localedata import locale_identifiers
    names = [n for n in locale_identifiers() if _GETTEXT_NAME.match(n)]
    import difflib
    close = difflib.get_close_matches(code.replace("-", "_"), names, n=1, cutoff=0.75)
    return close[0] if close and close[0] != code and is_valid_name(close[0]) else None
