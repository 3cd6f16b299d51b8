"""The HTML edition of a leaflet: one self-contained, semantic HTML5 page per language.

For clinics' web sites and for readers who prefer a web page to a PDF. The page
stands alone: its style is embedded, its images are data: URIs, and it loads
nothing from anywhere (no fonts, scripts, style sheets or pictures). The content
keeps its reading order; panel breaks, which only matter on paper, are dropped.

    <header>  h1 title, the subtitle, the cover text and picture, the logo
    <main>    the content: a <section> per heading (h2), boxes as <aside>
    <footer>  the back: its sections, the contact details, the date

Headings never skip a level: the title is h1, every heading of the text h2, and
a box's heading h3 inside a section (h2 where no heading precedes it).

Every character of the user's text is escaped; only the inline markup
(**bold**, *italic*, [text](url)) becomes tags, and a link only with a scheme
markup.py allows. :func:`render` is pure (it reads the images, writes nothing)
and deterministic: the same leaflet gives the same string.
"""
from __future__ import annotations

import base64
import re
from html import escape
from io import BytesIO
from itertools import groupby
from pathlib import Path

from leaflet import markup
from leaflet.labels import format_date, label
from leaflet.model import (Box, Bullets, Colours, Contact, Heading, Image, Leaflet, PanelBreak,
                    Paragraphs, References, Text, contact_lines)

__all__ = ["page"]

_HEX = re.compile(r"#[0-9a-fA-F]{6}")
_DARK, _LIGHT = "#1a1a1a", "#ffffff"
_MIME = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"))


def page(leaflet: Leaflet) -> str:
    """The leaflet as a complete HTML5 document (to be written as UTF-8)."""
    content, org = leaflet.content, leaflet.organisation
    title = _plain(content.title)
    if content.subtitle is not None and _plain(content.subtitle):
        title += " – " + _plain(content.subtitle)
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{_attr(content.lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_text(title)}</title>",
        f'<meta name="author" content="{_attr(_folded(org.name))}">',
        "<style>",
        _style(org.colours),
        "</style>",
        "</head>",
        "<body>",
    ]
    out += _header(leaflet)
    out += ["<main>", *_blocks(leaflet, content.content), "</main>"]
    out += _footer(leaflet)
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


# The three parts of the page.

def _header(leaflet: Leaflet) -> list[str]:
    content, org = leaflet.content, leaflet.organisation
    out = ["<header>", f"<h1>{_inline(content.title)}</h1>"]
    if content.subtitle is not None and _plain(content.subtitle):
        out.append(f'<p class="subtitle">{_inline(content.subtitle)}</p>')
    if content.cover_text is not None:
        # The rule the PDFs use: a blank line, a paragraph.
        from leaflet.source.validate import split_paragraphs

        out += [f'<p class="cover">{_inline(p)}</p>' for p in split_paragraphs(content.cover_text)]
    if content.cover_image is not None:
        out += _figure(content.cover_image)
    # The cover's foot, as on paper: the logo and the publisher's name. The logo is
    # decorative here (alt=""): the name beside it says what it would.
    logo = f"{_img(org.logo, '', 'logo')} " if org.logo is not None else ""
    out += [f'<p class="publisher">{logo}{_text(_folded(org.name))}</p>', "</header>"]
    return out


def _footer(leaflet: Leaflet) -> list[str]:
    content = leaflet.content
    out = ["<footer>", *_blocks(leaflet, content.back)]
    if content.updated:
        lang = content.lang
        out.append(f'<p class="updated">{_text(label(lang, "updated"))} '
                   f'<time datetime="{_attr(content.updated)}">'
                   f"{_text(format_date(lang, content.updated))}</time></p>")
    out.append("</footer>")
    return out


def _blocks(leaflet: Leaflet, blocks) -> list[str]:
    """A run of blocks; each heading opens a <section> that lasts to the next heading."""
    out: list[str] = []
    in_section = False
    for block in blocks:
        if isinstance(block, Heading):
            if in_section:
                out.append("</section>")
            out += ["<section>", f"<h2>{_inline(block.text)}</h2>"]
            in_section = True
        else:
            out += _block(leaflet, block, 3 if in_section else 2)
    if in_section:
        out.append("</section>")
    return out


def _block(leaflet: Leaflet, block, level: int) -> list[str]:
    """One block other than a heading; ``level`` is the one a box's heading takes."""
    if isinstance(block, Paragraphs):
        return [f"<p>{_inline(p)}</p>" for p in block.paragraphs]
    if isinstance(block, Bullets):
        return ["<ul>", *(f"<li>{_inline(item)}</li>" for item in block.items), "</ul>"]
    if isinstance(block, References):
        return ['<ol class="references">',
                *(f"<li>{_inline(item)}</li>" for item in block.items), "</ol>"]
    if isinstance(block, Box):
        out = ["<aside>"]
        if block.heading is not None and _plain(block.heading):
            out.append(f"<h{level}>{_inline(block.heading)}</h{level}>")
        for inner in block.blocks:
            out += _block(leaflet, inner, level + 1)
        return out + ["</aside>"]
    if isinstance(block, Image):
        return _figure(block)
    if isinstance(block, Contact):
        return _contact(leaflet)
    if isinstance(block, PanelBreak):
        return []  # a new panel means nothing on a page that scrolls
    raise TypeError(f"unknown block {block!r}")


def _figure(image: Image) -> list[str]:
    """The picture as wide and placed as in the PDF: a share of the column, or a length
    (CSS's pt is the PDF's point), never wider than the page's column."""
    style = []
    if image.width_share is not None:
        style.append(f"width:{image.width_share * 100:g}%")
    elif image.width is not None:
        style.append(f"width:{image.width:.1f}pt")
    if image.align != "left":
        style += ["display:block", "margin-left:auto"]
        style += ["margin-right:auto"] if image.align == "center" else []
    out = ["<figure>", _img(image.src, image.alt, style=";".join(style))]
    if image.caption is not None and _plain(image.caption):
        out.append(f"<figcaption>{_inline(image.caption)}</figcaption>")
    return out + ["</figure>"]


def _contact(leaflet: Leaflet) -> list[str]:
    """The organisation's name, web site, e-mail and phone, as links, labelled in the
    leaflet's language (the PDF's QR code has no use on a page that can link)."""
    org, lang = leaflet.organisation, leaflet.content.lang
    out = ["<address>", f'<p class="organisation">{_text(_folded(org.name))}</p>']
    for key, shown, href in contact_lines(org):
        out.append(f'<p><span class="label">{_text(label(lang, key))}:</span> '
                   f"{_link(href, _text(shown))}</p>")
    return out + ["</address>"]


# Text and attributes: everything escaped, markup made tags.

def _folded(text: Text | str) -> str:
    """A text on one line: a line break is a space, as everywhere in the leaflet."""
    return text.folded().value if isinstance(text, Text) else " ".join(text.split())


def _plain(text: Text | str) -> str:
    return markup.plain(_folded(text))


def _text(value: str) -> str:
    return escape(value, quote=False)


def _attr(value: str) -> str:
    return escape(value, quote=True)


def _inline(text: Text | str) -> str:
    """The text with **bold**, *italic* and [links] as <strong>, <em> and <a>."""
    out = []
    for href, spans in groupby(markup.parse(_folded(text)), key=lambda span: span.href):
        inner = "".join(_span(span) for span in spans)
        out.append(_link(href, inner) if href else inner)
    return "".join(out)


def _span(span: markup.Span) -> str:
    piece = _text(span.text)
    if span.italic:
        piece = f"<em>{piece}</em>"
    if span.bold:
        piece = f"<strong>{piece}</strong>"
    return piece


def _link(href: str, inner_html: str) -> str:
    """A link, only for the schemes a leaflet may link to; otherwise just its text."""
    if not markup.safe_link(href):
        return inner_html
    return f'<a href="{_attr(href)}">{inner_html}</a>'


# Images: inline, so the page needs nothing else; the file itself, or a smaller copy
# when it is large: the page is at most 40em wide, 1280 pixels on a phone's sharp screen.
HTML_MAX_PX = 1280
HTML_SMALL_FILE = 256 * 1024  # below this a copy would save little and cost time


def _img(path: Path, alt: str, css_class: str = "", style: str = "") -> str:
    from leaflet.layout.images import image_bytes

    data = image_bytes(path)
    mime = _mime(path, data)
    size = _size(data) if mime != "image/svg+xml" else None
    if size and size[0] > HTML_MAX_PX and len(data) > HTML_SMALL_FILE:
        data, size = _smaller(data, mime)
    attrs = [f'src="data:{mime};base64,{base64.b64encode(data).decode("ascii")}"',
             f'alt="{_attr(" ".join(alt.split()))}"']
    if size:
        attrs.append(f'width="{size[0]}" height="{size[1]}"')
    if css_class:
        attrs.append(f'class="{css_class}"')
    if style:
        attrs.append(f'style="{style}"')
    return f"<img {' '.join(attrs)}>"


def _mime(path: Path, data: bytes) -> str:
    for magic, mime in _MIME:
        if data.startswith(magic):
            return mime
    if Path(path).suffix.lower() == ".svg":
        # An SVG shown by <img> runs no script and loads nothing; images.py has already
        # refused SVGs that refer to other files.
        return "image/svg+xml"
    raise ValueError(f"{path} is not a PNG, JPEG or SVG image")


def _smaller(data: bytes, mime: str) -> tuple[bytes, tuple[int, int]]:
    """A copy HTML_MAX_PX wide, in the file's own format, its colour profile kept."""
    from PIL import Image as PILImage

    from leaflet.layout.images import as_seen, open_bytes

    with open_bytes(data) as opened:
        profile = opened.info.get("icc_profile")
        image = as_seen(opened)
        height = max(1, round(image.height * HTML_MAX_PX / image.width))
        copy = image.resize((HTML_MAX_PX, height), PILImage.Resampling.LANCZOS,
                            reducing_gap=3.0)
    out = BytesIO()
    extra = {"icc_profile": profile} if profile else {}
    if mime == "image/jpeg":
        copy.convert("CMYK" if copy.mode == "CMYK" else "RGB").save(
            out, "JPEG", quality=85, **extra)
    else:
        copy.save(out, "PNG", **extra)
    return out.getvalue(), copy.size


def _size(data: bytes) -> tuple[int, int] | None:
    """Width and height in pixels as the browser shows the picture (turned as the camera
    says), so the page does not jump as it loads."""
    from leaflet.layout.images import open_bytes, seen_size

    try:
        with open_bytes(data) as image:
            return seen_size(image)
    except (OSError, ValueError):
        return None


# The style: the organisation's colours, readable on a phone, nothing fetched.

def _style(colours: Colours) -> str:
    primary = _colour(colours.primary, Colours.primary)
    accent = _colour(colours.accent, Colours.accent)
    on_primary = _ink(primary)
    on_accent = _ink(accent)
    # The organisation's colour for headings and links only where it is dark enough
    # to read on white (3:1 for large headings, 4.5:1 for links in body text).
    heading = primary if _contrast(primary, _LIGHT) >= 3 else _DARK
    link = primary if min(_contrast(primary, _LIGHT), _contrast(primary, accent)) >= 4.5 \
        else "inherit"
    # A box's heading in the heading colour too, as in the PDFs, where it reads on the box.
    box_heading = primary if _contrast(primary, accent) >= 3 else on_accent
    return "\n".join([
        "html{-webkit-text-size-adjust:100%;text-size-adjust:100%}",
        "body{margin:0;background:#fff;color:%s;line-height:1.5;"
        'font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",'
        "Helvetica,Arial,sans-serif}" % _DARK,
        "header,main,footer{box-sizing:border-box;max-width:40em;margin:0 auto;"
        "padding:0 1em}",
        "header{max-width:none;padding:2em max(1em,calc((100% - 38em)/2));"
        f"background:{primary};color:{on_primary}}}",
        "header a{color:inherit}",
        "h1,h2,h3,h4{line-height:1.2;margin:1.5em 0 .5em}",
        "h1{font-size:2.2em;margin-top:0}",
        f"main h2,footer h2{{color:{heading}}}",
        "h3{font-size:1.1em}",
        ".subtitle{font-size:1.3em;margin:0 0 1em}",
        # The logo and the name side by side; on a narrow phone the name wraps beside the
        # logo, not under it.
        ".publisher{margin:1.5em 0 0;font-weight:bold;display:flex;align-items:center;"
        "gap:.5em}",
        ".publisher img{height:3em;width:auto;flex:none}",
        "p,li{hyphens:auto;-webkit-hyphens:auto;overflow-wrap:break-word}",
        f"a{{color:{link}}}",
        "img{max-width:100%;height:auto}",
        "figure{margin:1.5em 0}",
        "figcaption{font-size:.9em}",
        f"aside{{margin:1.5em 0;padding:.25em 1em;background:{accent};color:{on_accent};"
        f"border-left:.3em solid {primary}}}",
        f"aside h2,aside h3,aside h4{{color:{box_heading};margin-top:.75em}}",
        "aside a{color:inherit}",
        ".references{font-size:.9em}",
        f"footer{{margin-top:2em;padding-bottom:2em;border-top:.2em solid {primary}}}",
        "address{font-style:normal}",
        ".organisation,.label{font-weight:bold}",
        ".updated{font-size:.9em}",
    ])


def _colour(value: str, default: str) -> str:
    """A #rrggbb colour, never anything else in the style sheet."""
    return value.lower() if _HEX.fullmatch(value or "") else default


def _luminance(colour: str) -> float:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(int(colour[i:i + 2], 16) / 255) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    low, high = sorted((_luminance(a), _luminance(b)))
    return (high + 0.05) / (low + 0.05)


def _ink(background: str) -> str:
    """Dark or white text, whichever reads better on ``background``."""
    return _LIGHT if _contrast(background, _LIGHT) >= _contrast(background, _DARK) else _DARK
