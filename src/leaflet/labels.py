"""The few fixed words the tool prints itself, per language, in one table.

Add a language by adding a row; a language without a row falls back to English.
"""
from __future__ import annotations

import re

LABELS = {
    "da": {"web": "Hjemmeside", "email": "E-mail", "phone": "Telefon",
           "contact": "Kontakt", "updated": "Opdateret", "page": "Side",
           "contents": "Indhold", "scan": "Scan koden for at åbne hjemmesiden",
           "qr": "QR-kode til {}", "logo": "Logo: {}", "link": "Link til {}"},
    "en": {"web": "Website", "email": "E-mail", "phone": "Phone",
           "contact": "Contact", "updated": "Updated", "page": "Page",
           "contents": "Contents", "scan": "Scan the code to open the website",
           "qr": "QR code for {}", "logo": "Logo: {}", "link": "Link to {}"},
    "nl": {"web": "Website", "email": "E-mail", "phone": "Telefoon",
           "contact": "Contact", "updated": "Bijgewerkt", "page": "Pagina",
           "contents": "Inhoud", "scan": "Scan de code om de website te openen",
           "qr": "QR-code naar {}", "logo": "Logo: {}", "link": "Link naar {}"},
    "de": {"web": "Webseite", "email": "E-Mail", "phone": "Telefon",
           "contact": "Kontakt", "updated": "Aktualisiert", "page": "Seite",
           "contents": "Inhalt", "scan": "Code scannen, um die Webseite zu öffnen",
           "qr": "QR-Code für {}", "logo": "Logo: {}", "link": "Link zu {}"},
}

# Dates in the slug line, written as each language writes them.
DATE_FORMATS = {"da": "{d}.{m}.{y}", "de": "{d}.{m}.{y}", "nl": "{d}-{m}-{y}",
                "en": "{y}-{m:02d}-{d:02d}"}

# pyphen's dictionary for each language code users write.
HYPHENATION = {"da": "da_DK", "nl": "nl_NL", "en": "en_GB", "de": "de_DE"}


def label(lang: str, key: str) -> str:
    return LABELS.get(lang, LABELS["en"])[key]


def format_date(lang: str, iso: str) -> str:
    y, m, d = (int(part) for part in iso.split("-"))
    return DATE_FORMATS.get(lang, DATE_FORMATS["en"]).format(y=y, m=m, d=d)

# ISO 639-1: the two-letter codes that are languages at all.
LANGUAGES = frozenset("""
aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy
da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu
hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb
lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om
or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw
ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
""".split())


def is_language(code: str) -> bool:
    """A language code as file names use it: da, nl, en, or with a region, pt-BR."""
    return bool(re.fullmatch(r"[a-z]{2,3}(-[A-Z]{2})?", code)) and code.split("-")[0] in LANGUAGES


def hyphenation_dictionary(lang: str) -> str | None:
    """pyphen's dictionary for a language code, or None when pyphen has none."""
    if lang in HYPHENATION:
        return HYPHENATION[lang]
    import pyphen

    return pyphen.language_fallback(lang.replace("-", "_"))


def is_right_to_left(char: str) -> bool:
    import unicodedata

    return unicodedata.bidirectional(char) in ("R", "AL")
