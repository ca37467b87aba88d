"""The clinic's phone number in a page is a tel: link, never a link inside another link."""

from __future__ import annotations

from markupsafe import Markup

from pipeline.render.pages import tel_links

PHONE = "+1 555 0100 2000"
SHOWN = '<bdi dir="ltr">+1\u00a0555\u00a00100\u00a02000</bdi>'


def test_the_phone_becomes_a_tel_link() -> None:
    html = tel_links(Markup(f"<p>Call {SHOWN} or {SHOWN}.</p>"), PHONE)
    assert str(html) == (f'<p>Call <a href="tel:+155501002000">{SHOWN}</a> or '
                         f'<a href="tel:+155501002000">{SHOWN}</a>.</p>')


def test_a_phone_inside_a_link_stays_as_it_is() -> None:
    text = f'<p><a href="https://example.org/">call {SHOWN}</a> and {SHOWN}</p>'
    html = str(tel_links(Markup(text), PHONE))
    assert html.count("tel:") == 1 and html.startswith(f'<p><a href="https://example.org/">call {SHOWN}</a>')


def test_text_that_only_looks_like_the_phone_is_left_alone() -> None:
    text = "<p>Call +1 555 0100 2000.</p>"  # typed by a translator, not the profile's value
    assert str(tel_links(Markup(text), PHONE)) == text
    assert str(tel_links(Markup(f"<p>{SHOWN}</p>"), None)) == f"<p>{SHOWN}</p>"
