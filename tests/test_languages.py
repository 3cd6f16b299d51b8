"""Several languages: dictionaries, /Lang, slug dates, scripts, and translations in step."""
from __future__ import annotations

import re

import pypdf
import pytest

from pdfcheck import page_text


def built(project, lang):
    return project / "output" / "mmn" / f"mmn-{lang}-screen.pdf"


def test_each_language_builds_with_its_own_lang_and_slug_date(project, cli):
    run = cli("build", "mmn")
    assert run.code == 0, run.err
    dates = {"da": "22.11.2026", "nl": "22-11-2026", "en": "2026-11-22"}
    for lang, date in dates.items():
        for kind in ("print", "screen"):
            reader = pypdf.PdfReader(project / "output" / "mmn" / f"mmn-{lang}-{kind}.pdf")
            assert reader.trailer["/Root"]["/Lang"] == lang
        slug = page_text(project / "output" / "mmn" / f"mmn-{lang}-print.pdf", 0)
        assert f"mmn-{lang} · trifold A4 · {date} · outside" in slug


@pytest.mark.parametrize("lang", ["da", "nl", "en"])
def test_text_is_hyphenated(project, cli, lang):
    assert cli("build", "mmn", "--lang", lang).code == 0
    text = "\n".join(page_text(built(project, lang), i) for i in range(1, 5))
    # PDFium reports a hyphen it finds at the end of a line, inside a word, as U+0002.
    assert text.count("\x02") >= 5, text[:500]


def test_references_are_numbered(project, cli):
    assert cli("build", "mmn", "--lang", "nl").code == 0
    text = "".join(page_text(built(project, "nl"), i) for i in range(6))
    assert "1.\tPestronk A" in text.replace(" Pestronk", "\tPestronk") or "1. Pestronk" in text \
        or "1.Pestronk" in text.replace(" ", "")
    assert text.index("Pestronk") < text.index("Van den Berg LH") < text.index("Umapathi")


def add_language(project, lang, text_from="da", edit=lambda s: s):
    folder = project / "leaflets" / "mmn"
    (folder / f"{lang}.yaml").write_text(edit((folder / f"{text_from}.yaml").read_text()))
    spec = folder / "leaflet.yaml"
    spec.write_text(re.sub(r"(?m)^(languages: \[.*)\]", rf"\1, {lang}]", spec.read_text()))


def test_a_language_without_a_dictionary_builds_ragged_right_with_a_warning(project, cli):
    add_language(project, "tr")
    run = cli("build", "mmn", "--lang", "tr")
    assert run.code == 0, run.err
    title = line_of(project / "leaflets/mmn/tr.yaml", "title:")
    assert (f"leaflets/mmn/tr.yaml:{title}:8: warning: no hyphenation dictionary for 'tr': the text is "
            "set ragged-right, without hyphenation (mark long words' breaks with soft hyphens "
            "(U+00AD) if lines look uneven)") in run.lines
    assert pypdf.PdfReader(built(project, "tr")).trailer["/Root"]["/Lang"] == "tr"


def test_a_code_that_is_no_language_is_an_error(project, cli):
    add_language(project, "xq")
    run = cli("build")
    assert run.code == 1
    lines = (project / "leaflets/mmn/leaflet.yaml").read_text().splitlines()
    line = next(i for i, l in enumerate(lines, 1) if l.startswith("languages:"))
    col = lines[line - 1].index("xq") + 1
    assert (f"leaflets/mmn/leaflet.yaml:{line}:{col}: error: 'xq' is not a language code "
            "(use a two-letter code such as da, nl or en)") in run.lines
    assert not (project / "output").exists()


def test_greek_and_cyrillic_print_as_written(project, cli):
    add_language(project, "el", edit=lambda s: s.replace("title: MMN", "title: ΜΜΝ Ελληνικά"))
    add_language(project, "ru", edit=lambda s: s.replace("title: MMN", "title: ММН на русском"))
    assert cli("build", "mmn", "--lang", "el,ru").code == 0
    assert "ΜΜΝ Ελληνικά" in " ".join(page_text(built(project, "el"), 0).split())
    assert "ММН на русском" in " ".join(page_text(built(project, "ru"), 0).split())


def test_right_to_left_text_is_refused_not_printed_wrong(project, cli):
    add_language(project, "ar", edit=lambda s: s.replace("title: MMN", "title: مرحبا MMN"))
    run = cli("build", "mmn", "--lang", "ar")
    assert run.code == 1
    title = line_of(project / "leaflets/mmn/ar.yaml", "title:")
    assert (f"leaflets/mmn/ar.yaml:{title}:8: error: right-to-left text (Arabic, Hebrew) cannot be "
            "typeset correctly yet (leaflet would print its words in the wrong order, so it "
            "refuses; use a PDF made with another tool for this language for now)") in run.lines
    assert not (project / "output").exists()


def line_of(path, needle):
    return next(i for i, l in enumerate(path.read_text().splitlines(), 1) if needle in l)


def test_a_changed_source_block_flags_exactly_the_translated_blocks(project, cli):
    assert cli("review", "mmn").code == 0
    run = cli("check")
    assert run.code == 0 and "out of date" not in run.err and "reviewed" not in run.err
    da = project / "leaflets" / "mmn" / "da.yaml"
    da.write_text(da.read_text().replace("MMN er ikke arvelig.", "MMN er ikke arvelig. Ny."))
    run = cli("check")
    source_line = line_of(da, "MMN er ikke arvelig") - 5  # the '- text: |' the block starts at
    assert da.read_text().splitlines()[source_line - 1].strip() == "- text: |"
    out_of_date = [l for l in run.lines if "out of date" in l]
    en_line = line_of(project / "leaflets/mmn/en.yaml", "MMN is not hereditary")
    assert len(out_of_date) == 2
    assert out_of_date[0].startswith("leaflets/mmn/en.yaml:")
    assert int(out_of_date[0].split(":")[1]) < en_line  # the block holding that sentence
    assert (f"warning: out of date: the text at leaflets/mmn/da.yaml:{source_line} changed since "
            "this translation was reviewed: added 'Ny.' (update this block, then run leaflet review)"
            ) in out_of_date[0]
    assert cli("review", "mmn", "--lang", "en").code == 0
    assert [l for l in cli("check").lines if "out of date" in l][0].startswith("leaflets/mmn/nl")


def test_missing_and_extra_blocks_are_reported_at_the_translation(project, cli):
    en = project / "leaflets" / "mmn" / "en.yaml"
    text = en.read_text()
    en.write_text(text.replace("  - heading: Living with MMN\n", ""))
    run = cli("check", "mmn", "--lang", "en")
    assert run.code == 0
    missing = [l for l in run.lines if "missing:" in l]
    assert len(missing) == 1
    assert "warning: missing: the heading at leaflets/mmn/da.yaml:" in missing[0]
    assert "('Hverdagen med MMN') has no counterpart here" in missing[0]


def test_hyphenation_exceptions_decide_where_a_word_breaks():
    from leaflet.layout.styles import hyphenator

    breaks = hyphenator("da", ("Pa-tient-for-ening",))
    assert [head for head, _ in breaks("Patientforening")] == ["Patientfor", "Patient", "Pa"]
    assert ("syg", "dommene") in list(breaks("sygdommene"))
