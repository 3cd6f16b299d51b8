"""Patterns ReportLab and PyYAML compile as they load are compiled when first used, and the
costliest of them, ReportLab's pattern for web addresses, is never compiled by a build
whose text has no '://' in it. What each pattern matches stays the same."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

from leaflet import deferred_patterns

FAR = "[\u2e80-\uffff]+"  # as ReportLab's splitter of Chinese, Japanese and Korean text


def compiled_in(module: str, pattern: str, flags: int = 0):
    space = {"__name__": module, "re": re}
    exec(f"found = re.compile({pattern!r}, {flags})", space)
    return space["found"]


@pytest.fixture
def installed(monkeypatch):
    monkeypatch.setattr(re, "compile", re.compile)  # put back after the test
    deferred_patterns.install()


def test_a_library_pattern_over_far_unicode_is_compiled_on_first_use(installed):
    deferred = compiled_in("reportlab.lib.textsplit", FAR)
    assert not isinstance(deferred, re.Pattern)
    assert deferred._pattern is None
    assert deferred.findall("ab 漢字 cd かな") == ["漢字", "かな"]
    assert isinstance(deferred._pattern, re.Pattern)


@pytest.mark.parametrize("module, pattern", [
    ("leaflet.markup", FAR),  # ours: compiled as asked
    ("reportlab.lib.utils", "[a-z]+"),  # cheap: compiled as asked
    ("reportlab.platypus.paragraph", "^['\"([{\u00bf\u2018\u201a\u201c\u201e]+"),  # far, no range
    ("yaml.reader", b"[a-z]+"),
])
def test_other_patterns_are_compiled_at_once(installed, module, pattern):
    assert isinstance(compiled_in(module, pattern), re.Pattern)


def test_a_stand_in_copies_and_pickles_as_its_pattern(installed):
    import copy
    import pickle

    deferred = compiled_in("reportlab.lib.textsplit", FAR)
    for twin in (copy.copy(deferred), pickle.loads(pickle.dumps(deferred))):
        assert twin.findall("ab 漢字") == ["漢字"]
    assert deferred.pattern == FAR and deferred._pattern is not None


def test_only_the_three_costly_patterns_wait(project):
    """With every ReportLab and PyYAML module this build imports, the patterns that wait
    for their first use are the three the module names, and the build uses none of them."""
    run = subprocess.run([sys.executable, "-c", """if 1:
        import gc, sys
        from leaflet import cli
        assert cli.main(["build", "mmn", "--lang", "da", "-q"]) == 0
        from leaflet.deferred_patterns import _CompiledOnFirstUse
        from yaml.reader import Reader
        waiting = {}  # each once, by the module that made it
        for name, module in sorted(sys.modules.items()):
            if name.startswith(("reportlab", "yaml")) and module:
                for key, value in vars(module).items():
                    if isinstance(value, _CompiledOnFirstUse):
                        waiting.setdefault(id(value), f"{name}.{key}")
        for key, value in vars(Reader).items():
            if isinstance(value, _CompiledOnFirstUse):
                waiting.setdefault(id(value), f"yaml.reader.Reader.{key}")
        print(" ".join(sorted(waiting.values())))
        """], cwd=project, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["reportlab.lib.textsplit.rx",
                                  "reportlab.platypus.paragraph.uri_pat",
                                  "yaml.reader.Reader.NON_PRINTABLE"]


WORDS = ["https://www.gbs-cidp.dk/mmn/behandling", "HTTP://EXAMPLE.ORG/a", "://a.dk",
         "ftp://files.example.org", "www.gbs-cidp.dk", "gbs-cidp.dk/mmn", "f.eks", "bl.a",
         "localhost", "localhost:8080/x", "127.0.0.1", "[::1]", "mailto:info@example.dk",
         "tel:+4512345678", "immunglobulinbehandling", "Multifokal", "xn--bcher-kva.de"]


def test_reportlabs_web_address_pattern_needs_a_scheme():
    """Our shortcut (layout/justify.py) answers 'no address' for a word without '://'
    without asking ReportLab's pattern; the pattern must agree."""
    from reportlab.platypus import paragraph

    for word in WORDS:
        assert bool(paragraph.uri_pat.match(word)) == ("://" in word), word


def test_a_long_web_address_still_breaks_at_its_slashes():
    from reportlab.platypus import paragraph

    from leaflet.layout import justify

    justify.install()
    assert paragraph._uri_split_pairs("www.gbs-cidp.dk") is None
    assert paragraph._uri_split_pairs("https://www.gbs-cidp.dk/mmn") == [
        ("https://www.gbs-cidp.dk/", "mmn"), ("https://", "www.gbs-cidp.dk/mmn")]


def test_a_build_compiles_neither_the_address_pattern_nor_yamls(project):
    run = subprocess.run([sys.executable, "-c", """if 1:
        from leaflet import cli
        assert cli.main(["build", "mmn", "--lang", "da", "-q"]) == 0
        from reportlab.platypus import paragraph
        from yaml.reader import Reader
        print(paragraph.uri_pat._pattern, Reader.NON_PRINTABLE._pattern)
        """], cwd=project, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["None", "None"]
    assert (project / "output" / "mmn" / "mmn-da-print.pdf").stat().st_size > 50_000
