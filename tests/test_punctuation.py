"""Typographic punctuation: per language in the text, and read back from the built PDFs
(pypdfium2) and HTML; ``punctuation: as-written`` leaves the text as typed."""
from __future__ import annotations

import pytest

from leaflet.layout.punctuation import NBSP, smarten, smarten_markup
from pdfcheck import page_text


@pytest.mark.parametrize("lang, typed, printed", [
    ("da", 'Han sagde "hej" og \'farvel\'.', "Han sagde »hej« og ›farvel‹."),
    ("en", 'She said "don\'t" - the patients\' homes.',
     "She said “don’t” – the patients’ homes."),
    ("nl", "Ze zei \"ja\", 's avonds.", "Ze zei “ja”, ’s avonds."),
    ("de", 'Er sagte "ja" und \'nein\'.', "Er sagte „ja“ und ‚nein‘."),
    ("en", "In the '90s, 'quoted' words.", "In the ’90s, ‘quoted’ words."),
    ("en", 'He said "\'Hi\' to me".', "He said “‘Hi’ to me”."),  # a quote inside a quote
])
def test_quotes_and_apostrophes_per_language(lang, typed, printed):
    assert smarten([typed], lang) == [printed]


@pytest.mark.parametrize("typed, printed", [
    ("40-60 mg", f"40–60{NBSP}mg"),
    ("85 % af 100 000 patienter", f"85{NBSP}% af 100{NBSP}000 patienter"),
    ("1 250 000 kr.", f"1{NBSP}250{NBSP}000{NBSP}kr."),
    ("fx prednisolon, ca. 3 uger", f"fx{NBSP}prednisolon, ca.{NBSP}3{NBSP}uger"),
    ("den 2024-05-01, tlf. 12-34-56-78", "den 2024-05-01, tlf. 12-34-56-78"),  # as typed
    ("side 3 af 12 fx", "side 3 af 12 fx"),  # an abbreviation at the end joins nothing
    ("Fax-nummer, IgM-antistoffer", "Fax-nummer, IgM-antistoffer"),
])
def test_dashes_and_no_break_spaces(typed, printed):
    assert smarten([typed], "da") == [printed]


def test_spans_change_as_one_text_and_keep_their_lengths():
    spans = ['Han sagde "', "fed", '" og 5-10']
    assert smarten(spans, "da") == ["Han sagde »", "fed", "« og 5–10"]


def test_markup_and_link_addresses_are_left_as_they_are():
    typed = 'Se "**fed**" og ["mere" 5-10](https://x.dk/side-1-2?a="b") nu.'
    assert smarten_markup(typed, "da") == \
        'Se »**fed**« og [»mere« 5–10](https://x.dk/side-1-2?a="b") nu.'


def add_text(project, text, extra=""):
    path = project / "leaflets/mmn/en.yaml"
    source = path.read_text("utf-8")
    anchor = "\n  - heading:"
    at = source.index(anchor, source.index("content:"))
    block = f"\n  - text: |\n      {text}\n"
    path.write_text(extra + source[:at] + block + source[at:], "utf-8")


def test_the_built_leaflet_prints_and_publishes_typographic_quotes(project, cli):
    add_text(project, "Ask \"what's next?\" – doses of 40-60 mg, in 85 % of cases.")
    assert cli("build", "mmn", "--lang", "en").code == 0
    pdf = " ".join(page_text(project / "output/mmn/mmn-en-screen.pdf", i) for i in (0, 1))
    assert "“what’s next?”" in pdf and "40–60" in pdf and '"' not in pdf
    html = (project / "output/mmn/mmn-en.html").read_text("utf-8")
    assert "“what’s next?”" in html and f"40–60{NBSP}mg" in html


def test_as_written_turns_it_off(project, cli):
    add_text(project, "Ask \"what's next?\" about 40-60 mg.", extra="punctuation: as-written\n")
    assert cli("build", "mmn", "--lang", "en").code == 0
    pdf = " ".join(page_text(project / "output/mmn/mmn-en-screen.pdf", i) for i in (0, 1))
    assert "\"what's next?\"" in pdf and "40-60" in pdf


def test_an_unknown_choice_is_reported_where_it_is_written(project, cli):
    path = project / "leaflets/mmn/en.yaml"
    path.write_text("punctuation: fancy\n" + path.read_text("utf-8"), "utf-8")
    run = cli("build", "mmn", "--lang", "en")
    assert run.code != 0
    assert any(line.startswith("leaflets/mmn/en.yaml:1:") and "punctuation" in line
               for line in run.lines), run.err
