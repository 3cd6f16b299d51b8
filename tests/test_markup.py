"""The inline markup on small examples: what a reader sees, where each link goes, and
which links are refused. The properties over generated text are in test_properties.py."""
from __future__ import annotations

import pytest

from leaflet import markup

WIKI = "https://en.wikipedia.org/wiki/Neuropathy_(disambiguation)"


def links(text: str) -> list[tuple[str, str]]:
    """(link text, url) for each span of the text that is a link."""
    return [(span.text, span.href) for span in markup.parse(text) if span.href]


@pytest.mark.parametrize("text", ["[", "]", "[a]", "[a] (https://example.org)", "a [b",
                                  "[a](https://example.org/a(b)", "[](https://example.org)",
                                  "[a\nb](https://example.org)"])
def test_brackets_that_make_no_link_stay_as_written(text):
    assert markup.plain(text) == text and links(text) == []


@pytest.mark.parametrize("text,shown,link", [
    ("a [b [c](https://example.org)", "a [b c", ("c", "https://example.org")),
    ("[a][b](https://example.org)", "[a]b", ("b", "https://example.org")),
    # a bracketed aside inside the link text is part of it, as in CommonMark
    ("[a [b] c](https://example.org)", "a [b] c", ("a [b] c", "https://example.org")),
    ("[[b]](https://example.org)", "[b]", ("[b]", "https://example.org")),
    # a link inside another's text is the link; the outer brackets stay as written
    ("[a [b](https://b.org) c](https://example.org)", "[a b c](https://example.org)",
     ("b", "https://b.org")),
])
def test_a_bracket_that_starts_no_link_is_text(text, shown, link):
    assert markup.plain(text) == shown and links(text) == [link]


@pytest.mark.parametrize("text,shown", [
    (f"[Wiki]({WIKI})", "Wiki"),
    (f"See [Wiki]({WIKI}).", "See Wiki."),
    (f"(see [Wiki]({WIKI})).", "(see Wiki)."),
])
def test_a_url_may_hold_balanced_parentheses(text, shown):
    assert markup.plain(text) == shown and links(text) == [("Wiki", WIKI)]


def test_a_parenthesis_after_the_url_is_text():
    text = "(see [a](https://example.org/a)) and [b](https://example.org/b))."
    assert markup.plain(text) == "(see a) and b)."
    assert [url for _, url in links(text)] == ["https://example.org/a", "https://example.org/b"]


def test_parentheses_nested_deeper_than_one_level_are_left_as_written():
    text = "[a](https://example.org/a_(b_(c)))"
    assert markup.plain(text) == text


def test_a_url_with_parentheses_is_escaped_for_reportlab():
    assert markup.to_reportlab(f"[Wiki]({WIKI})") == f'<a href="{WIKI}">Wiki</a>'


@pytest.mark.parametrize("text,url", [
    ("[x](www.example.org)", "www.example.org"),
    ("**see [x](www.example.org)**", "www.example.org"),
    ("*see [x](javascript:alert(1))*", "javascript:alert(1)"),
    ("[**a [b](www.b.org)**](https://example.org)", "www.b.org"),
])
def test_a_link_without_a_scheme_is_refused_wherever_it_stands(text, url):
    [(offset, message)] = markup.problems(text)
    assert text[offset:offset + len(url)] == url and f"'{url}'" in message


def test_a_url_with_balanced_parentheses_is_not_refused():
    assert markup.problems(f"[Wiki]({WIKI})") == []
