"""Translations are compared with their source by meaning: blocks are aligned by kind,
order and what survives translation, blocks left in the source language are named, and
`review` refuses a half-done translation."""
from __future__ import annotations

import shutil
from pathlib import Path

from leaflet.errors import Pos
from leaflet.model import Heading, Paragraphs, Text
from leaflet.source.translation import align

FIXTURE = Path(__file__).parent / "fixtures" / "mmn-de.yaml"


def add_german(project: Path) -> Path:
    de = project / "leaflets/mmn/de.yaml"
    shutil.copy(FIXTURE, de)
    spec = project / "leaflets/mmn/leaflet.yaml"
    spec.write_text(spec.read_text().replace("languages: [da, en, nl]",
                                             "languages: [da, en, nl, de]"))
    return de


def line(path: Path, needle: str) -> int:
    return next(n for n, l in enumerate(path.read_text().splitlines(), 1) if needle in l)


def block_line(path: Path, needle: str) -> int:
    """The '- …' line of the block whose text holds ``needle``."""
    lines = path.read_text().splitlines()
    n = line(path, needle)
    while not lines[n - 1].lstrip().startswith("- ") or lines[n - 1].startswith("        "):
        n -= 1
    return n


def test_three_blocks_left_in_danish_and_one_deleted_are_named_block_by_block(project, cli):
    de, da = add_german(project), project / "leaflets/mmn/da.yaml"
    run = cli("check", "mmn", "--lang", "de")
    assert run.code == 0, run.err
    report = [l for l in run.lines if "missing:" in l or "untranslated:" in l
              or "no counterpart" in l]
    d = "leaflets/mmn/de.yaml"
    assert report == [
        f"{d}:{line(de, 'heading: Wie wird die Diagnose')}:5: warning: missing: the text at "
        f"leaflets/mmn/da.yaml:{block_line(da, 'Man kender ikke hele')} ('Man kender ikke hele "
        "årsagen. Men meget …') has no counterpart here (translate it and put it here)",
        f"{d}:{block_line(de, 'Lægen bygger diagnosen')}:5: warning: untranslated: this text is "
        f"word for word the one at leaflets/mmn/da.yaml:{block_line(da, 'Lægen bygger')} "
        "('Lægen bygger diagnosen på dine symptomer…') (translate it into 'de')",
        f"{d}:{line(de, '- box:')}:5: warning: untranslated: this box is word for word the "
        f"one at leaflets/mmn/da.yaml:{line(da, '- box:')} ('Kort om MMN MMN er en sygdom i de "
        "nerver…') (translate it into 'de')",
        f"{d}:{block_line(de, 'Patientforening blev stiftet')}:5: warning: untranslated: this "
        "text is word for word the one at leaflets/mmn/da.yaml:"
        f"{block_line(da, 'Patientforening blev stiftet')} ('GBS|CIDP Patientforening blev "
        "stiftet i …') (translate it into 'de')",
    ], run.err


def test_review_refuses_the_half_done_translation_and_records_nothing(project, cli):
    de = add_german(project)
    before = de.read_bytes()
    run = cli("review", "mmn", "--lang", "de")
    assert run.code == 1
    errors = [l for l in run.lines if ": error: " in l]
    assert len(errors) == 4 and all(l.startswith("leaflets/mmn/de.yaml:") for l in errors)
    assert all(l.endswith("(translate it first, then run leaflet review)") for l in errors)
    assert de.read_bytes() == before and not (de.parent / "reviewed" / "de.txt").exists()


def test_review_of_finished_translations_still_works(project, cli):
    run = cli("review", "mmn")
    assert run.code == 0, run.err
    assert (project / "leaflets/mmn/reviewed/en.txt").is_file()


def test_a_drift_warning_shows_the_words_that_changed(project, cli):
    assert cli("review", "mmn", "--lang", "en").code == 0
    da = project / "leaflets/mmn/da.yaml"
    da.write_text(da.read_text().replace("omkring 0,6 ud af 100.000", "omkring 1 ud af 100.000")
                  .replace("Hverdagen med MMN", "Livet med MMN"))
    drift = [l for l in cli("check", "mmn", "--lang", "en").lines if "out of date" in l]
    assert len(drift) == 2
    assert "changed since this translation was reviewed: '0,6' → '1'" in drift[0]
    assert "changed since this translation was reviewed: 'Hverdagen' → 'Livet'" in drift[1]


def heading(text):
    return Heading(Text(text, Pos("x", 1, 1)))


def paragraphs(*texts):
    return Paragraphs(tuple(Text(t, Pos("x", 1, 1)) for t in texts))


def test_alignment_names_the_pair_that_went_even_where_the_kinds_repeat():
    # heading, text, heading, text, heading, text: the middle pair is deleted. By kind alone
    # any pair could be the missing one; lengths and numbers say which.
    source = [heading("Hvad er MMN?"), paragraphs("Kort tekst."),
              heading("Hvordan behandles sygdommen?"),
              paragraphs("Næsten 85 % får det bedre af immunglobulin.", "Anden afsnit her."),
              heading("Hverdagen"), paragraphs("En lang tekst " * 20)]
    translated = [heading("What is MMN?"), paragraphs("Short text."),
                  heading("Everyday life"), paragraphs("A long text " * 20)]
    assert align(source, translated) == [(0, 0), (1, 1), (2, None), (3, None), (4, 2), (5, 3)]
    translated = [heading("What is MMN?"), paragraphs("Short text."),
                  heading("How is it treated?"),
                  paragraphs("Almost 85 % get better with immunoglobulin.", "Another one.")]
    assert align(source, translated) == [(0, 0), (1, 1), (2, 2), (3, 3), (4, None), (5, None)]


def test_a_name_that_reads_the_same_in_every_language_is_not_untranslated(project, cli):
    en = project / "leaflets/mmn/en.yaml"
    da = project / "leaflets/mmn/da.yaml"
    da.write_text(da.read_text().replace("heading: Hverdagen med MMN", "heading: MMN"))
    en.write_text(en.read_text().replace("heading: Living with MMN", "heading: MMN"))
    assert "untranslated" not in cli("check", "mmn", "--lang", "en").err


def test_four_deleted_blocks_are_the_four_named(project, cli):
    # Two heading + text pairs, far apart, among headings and texts that alternate: by kind
    # alone any two pairs could be the missing ones.
    en, da = project / "leaflets/mmn/en.yaml", project / "leaflets/mmn/da.yaml"
    text = en.read_text()
    for start, end in (("  - heading: What causes MMN?", "  - heading: How is MMN diagnosed?"),
                       ("  - heading: Other treatments", "  - heading: Living with MMN")):
        text = text[:text.index(start)] + text[text.index(end):]
    en.write_text(text)
    missing = [l for l in cli("check", "mmn", "--lang", "en").lines if "missing:" in l]
    named = [int(l.split("leaflets/mmn/da.yaml:")[1].split(" ")[0]) for l in missing]
    assert named == [line(da, "heading: Hvad skyldes MMN?"), line(da, "heading: Hvad skyldes") + 1,
                     line(da, "heading: Anden behandling"), line(da, "heading: Anden behandling")
                     + 1], missing
    assert [int(l.split(":")[1]) for l in missing] == [
        line(en, "heading: How is MMN diagnosed?")] * 2 + [line(en, "heading: Living with")] * 2


def test_files_far_larger_than_a_leaflet_are_paired_by_kind_in_order(monkeypatch):
    """Past MAX_CELLS the pairing weighs kinds and order only, one pass over the blocks
    (heading, text, heading, text … with one text missing in the translation)."""
    from leaflet.source import translation

    monkeypatch.setattr(translation, "kind", lambda block: block)
    source = ["heading", "text"] * 300 + ["list", "text"]
    translated = source[:401] + source[402:]  # the text at 401 is missing
    assert len(source) * len(translated) > translation.MAX_CELLS
    pairs = translation.align(source, translated)
    assert pairs[:401] == [(i, i) for i in range(401)]
    assert pairs[401] == (401, None)
    assert pairs[402:] == [(i, i - 1) for i in range(402, len(source))]
