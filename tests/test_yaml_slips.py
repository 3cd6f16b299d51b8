"""The YAML slip finder names a slip only where there is one: a quoted text that runs
over two lines as YAML allows is not taken for a quote never closed."""
from __future__ import annotations

from leaflet.source import yaml_mistakes


def test_a_long_quoted_text_is_not_a_runaway_quote(project, cli):
    da = project / "leaflets/mmn/da.yaml"
    text = da.read_text()
    text = text.replace("subtitle: Multifokal motorisk neuropati",
                        'subtitle: "Multifokal motorisk\n  neuropati"')
    text = text.replace("  - heading: Anden behandling", "  - heading: Anden behandling: medicin")
    da.write_text(text)
    run = cli("check", "mmn", "--lang", "da")
    line = next(n for n, l in enumerate(text.splitlines(), 1) if "behandling: medicin" in l)
    assert run.lines[0] == (f"leaflets/mmn/da.yaml:{line}:30: error: a ': ' inside a value "
                            "confuses YAML (put the whole value in double quotes)"), run.err


def test_a_dash_in_a_text_is_not_a_list_item():
    source = "content:\n  - text: |\n      -5 grader\n  - heading: x: y\n"
    found = yaml_mistakes.find(source, 4, "mapping values are not allowed here")
    assert found is None or "'- '" not in found.message
