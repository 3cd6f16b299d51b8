"""The inline Markdown subset: **bold**, *italic* and [text](url).

Everything else is literal: ``<``, ``&``, a lone ``*``, quotes, emoji. The
result is ReportLab paragraph markup in which every user character is escaped,
so no text can ever be read as a tag.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape as _html_escape

# As in CommonMark, a '[' that does not start a link is literal text, so a label
# holds no '[' of its own but for a bracketed aside that is not itself a link
# ("[a [b] c](url)"); and a URL may hold balanced parentheses, as Wikipedia's
# "Name_(disambiguation)" does. One level of each: Python's re cannot count, and
# deeper nesting is left as literal text the writer will see in the proof.
_URL = r"(?:[^()\s]|\([^()\s]*\))*"
_LABEL = rf"(?:[^\[\]\n]|\[[^\[\]\n]*\](?!\({_URL}\)))+"
# Bold holds no '**' of its own and italic no '*' but a whole bold, so an opening marker
# without its closing one is given up at the next marker, not at the end of the text:
# the scan is linear, where ".+?" made "**a **a **a …" quadratic.
_BOLD = r"\*\*(?=\S)(?:[^*]|\*(?!\*))+?(?<=\S)\*\*"
_INLINE = re.compile(
    r"\*\*(?=\S)(?P<bold>(?:[^*]|\*(?!\*))+?)(?<=\S)\*\*"
    rf"|\*(?=[^\s*])(?P<italic>(?:[^*]|{_BOLD})+?)(?<=[^\s*])\*"
    rf"|\[(?P<label>{_LABEL})\]\((?P<url>{_URL})\)",
)
LINK_SCHEMES = ("https://", "mailto:", "tel:")  # the only links a leaflet may carry
_LINK_CHARACTERS = re.compile(r"[^\s<>\"'`\\\x00-\x1f\x7f]{1,2000}")


def safe_link(uri: str) -> str | None:
    """``uri`` if a leaflet may link to it (https, mailto or tel, and nothing that could
    end an attribute or hide another link); else None. Every link we write is built
    first and checked here after."""
    return uri if uri.startswith(LINK_SCHEMES) and _LINK_CHARACTERS.fullmatch(uri) else None


@dataclass(frozen=True)
class Span:
    """A run of text in one style: plain, bold, italic, or a link."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str = ""


def parse(text: str, bold=False, italic=False, href="") -> list[Span]:
    spans: list[Span] = []
    last = 0
    for match in _INLINE.finditer(text):
        if match.start() > last:
            spans.append(Span(text[last:match.start()], bold, italic, href))
        if match.group("bold") is not None:
            spans += parse(match.group("bold"), True, italic, href)
        elif match.group("italic") is not None:
            spans += parse(match.group("italic"), bold, True, href)
        else:
            spans += parse(match.group("label"), bold, italic, match.group("url"))
        last = match.end()
    if last < len(text):
        spans.append(Span(text[last:], bold, italic, href))
    return spans


def plain(text: str) -> str:
    """The text a reader sees: the markup's characters removed."""
    return "".join(span.text for span in parse(text))


def problems(text: str, start: int = 0) -> list[tuple[int, str]]:
    """(offset, message) for each link a reader could not follow."""
    found = []
    for match in _INLINE.finditer(text):
        # Into bold, italic and link text as parse() goes, or "**[x](www.x)**" slips by.
        for inner in ("bold", "italic", "label"):
            if match.group(inner) is not None:
                found += problems(match.group(inner), start + match.start(inner))
        url = match.group("url")
        if url is not None and not safe_link(url):
            hint = f" (write https://{url[7:]})" if url.startswith("http://") else ""
            found.append((start + match.start("url"),
                          f"the link '{url}' must start with https://, mailto: or tel:{hint}"))
    return found


def escape(text: str) -> str:
    """&, < and > as entities: what ReportLab's paragraph parser needs."""
    return _html_escape(text, quote=False)


def to_reportlab(text: str, link_colour: str = "") -> str:
    """ReportLab paragraph markup for ``text``; every user character escaped."""
    out = []
    for span in parse(text):
        piece = escape(span.text)
        if span.italic:
            piece = f"<i>{piece}</i>"
        if span.bold:
            piece = f"<b>{piece}</b>"
        if safe_link(span.href):
            colour = f' color="{link_colour}"' if link_colour else ""
            piece = f'<a href="{_html_escape(span.href, quote=True)}"{colour}>{piece}</a>'
        out.append(piece)
    return "".join(out)
