"""The few fixed words the tool prints itself, per language, in one table.

Add a language by adding a row; a language without a row falls back to English.
"""
from __future__ import annotations

LABELS = {
    "da": {"web": "Hjemmeside", "email": "E-mail", "phone": "Telefon",
           "contact": "Kontakt", "updated": "Opdateret", "page": "Side",
           "contents": "Indhold", "scan": "Scan koden for at åbne hjemmesiden"},
    "en": {"web": "Website", "email": "E-mail", "phone": "Phone",
           "contact": "Contact", "updated": "Updated", "page": "Page",
           "contents": "Contents", "scan": "Scan the code to open the website"},
    "nl": {"web": "Website", "email": "E-mail", "phone": "Telefoon",
           "contact": "Contact", "updated": "Bijgewerkt", "page": "Pagina",
           "contents": "Inhoud", "scan": "Scan de code om de website te openen"},
    "de": {"web": "Webseite", "email": "E-Mail", "phone": "Telefon",
           "contact": "Kontakt", "updated": "Aktualisiert", "page": "Seite",
           "contents": "Inhalt", "scan": "Code scannen, um die Webseite zu öffnen"},
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
