"""The booklet file, ``leaflets/booklets/<name>.yaml``: read into a :class:`BookletSpec`
(every problem at once, with "did you mean" for unknown keys and leaflet ids), and the
leaflets it names loaded in its language, checked as a build checks them.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from leaflet.errors import LeafletError, Pos, Problems, UsageError, error
from leaflet.labels import is_language
from leaflet.layout import fonts, preflight
from leaflet.model import Leaflet, Organisation, Text, default_press
from leaflet.source import loader, validate
from leaflet.source.project import discover, leaflets_folder, load_project
from leaflet.source.fields import BOOKLET
from leaflet.units import INCH, MM, parse_length

# --- the booklet file --------------------------------------------------------------------


@dataclass(frozen=True)
class PageFormat:
    """A booklet's page: its trimmed size, its bleed and its columns of text."""

    name: str
    width: float    # points, the trimmed page
    height: float
    bleed: float
    columns: int    # text columns: A4 pages are too wide for one


PAGES = {
    "A5": PageFormat("A5", 148 * MM, 210 * MM, 3 * MM, 1),
    "A4": PageFormat("A4", 210 * MM, 297 * MM, 3 * MM, 2),
    "half-letter": PageFormat("half-letter", 5.5 * INCH, 8.5 * INCH, 0.125 * INCH, 1),
}
MAX_CREEP = 0.5 * MM  # creep is the paper's thickness: 0.05–0.3 mm for booklet paper

# Words on the page labels of the covers, per language (English for the others).
COVER_LABELS = {"da": ("Forside", "Bagside"), "en": ("Cover", "Back cover"),
                "nl": ("Voorkant", "Achterkant"), "de": ("Titelseite", "Rückseite")}


@dataclass(frozen=True, kw_only=True)
class BookletSpec:
    """A booklet file, checked: title, language, leaflets in order, page and imposition."""

    name: str
    path: Path
    title: Text | None  # None only while reporting the problems of a file without one
    lang: str
    leaflets: tuple[tuple[str, Pos], ...]  # leaflet ids in order, each where it is written
    page: PageFormat = PAGES["A5"]
    imposition: str = "none"
    creep: float = 0.0                     # points: the paper's thickness
    lang_pos: Pos | None = None

    @property
    def press(self) -> str:
        """The press condition of the imposed print PDF, as the page size suggests."""
        return default_press(self.page.name)


def read_booklet(node: loader.Node, path: Path, known: list[str],
                 problems: Problems) -> BookletSpec | None:
    """The booklet file → a spec; every wrong value is a problem at its line."""
    r = validate.Reader(problems)
    keys = r.mapping(node, BOOKLET, "the booklet")
    title = r.text(keys.get("title"), "the booklet's title", required=True)
    lang = r.string(keys.get("language"), "language")
    if "language" in keys and not (validate.LANGUAGE_CODE.match(lang) and is_language(lang)):
        r.fail(keys["language"].pos, f"'{lang}' is not a language code",
               "use a two-letter code such as da, nl or en")
        lang = ""
    ids = _read_ids(r, keys.get("leaflets"), known)
    page = r.choice(keys.get("page"), BOOKLET["page"].choices, "page size", "A5")
    imposition = r.choice(keys.get("imposition"), BOOKLET["imposition"].choices, "imposition",
                          "none")
    creep = 0.0
    if "creep" in keys:
        text = r.string(keys["creep"], "creep")
        value = parse_length(text)
        if value is None or value > MAX_CREEP:
            r.fail(keys["creep"].pos, f"'{text}' is not a creep",
                   "write the paper's thickness with its unit, up to 0.5mm, for example 0.1mm")
        elif imposition != "saddle":
            r.warn(keys["creep"].pos, "creep is used only with 'imposition: saddle'")
        else:
            creep = value
    if not lang:
        return None  # without a language there are no leaflets to check
    return BookletSpec(name=path.stem, path=path, title=title, lang=lang, leaflets=tuple(ids),
                       page=PAGES[page], imposition=imposition, creep=creep,
                       lang_pos=keys["language"].pos)


def _read_ids(r: validate.Reader, node: loader.Node | None, known: list[str]):
    ids: list[tuple[str, Pos]] = []
    for item in r.items(node, "leaflets"):
        leaflet_id = r.string(item, "a leaflet id")
        if not leaflet_id:
            if item.is_scalar:  # a list or a map here has been reported by the reader
                r.fail(item.pos, "a leaflet id is empty")
        elif leaflet_id not in known:
            r.fail(item.pos, f"there is no leaflet '{leaflet_id}'",
                   validate.suggest(leaflet_id, known) if known
                   else "leaflets/ has no leaflets yet")
        elif leaflet_id in (seen for seen, _ in ids):
            r.fail(item.pos, f"the leaflet '{leaflet_id}' is listed twice",
                   "a booklet prints each leaflet once")
        else:
            ids.append((leaflet_id, item.pos))
    if node is not None and node.is_list and not node.value:
        r.fail(node.pos, "the list of leaflets is empty", "write the ids, e.g. [mmn, forening]")
    return ids


# --- loading ------------------------------------------------------------------------------


@dataclass
class Loaded:
    """A booklet file with what it names read: its publisher and its leaflets' texts."""

    spec: BookletSpec
    organisation: Organisation
    leaflets: list[Leaflet]


def booklets_folder(root: Path) -> Path:
    return leaflets_folder(root) / "booklets"


def names(root: Path) -> list[str]:
    folder = booklets_folder(root)
    return sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []


def booklet_path(root: Path, name: str) -> Path:
    """leaflets/booklets/<name>.yaml; a name that is not there is a usage error."""
    name = name[:-5] if name.endswith(".yaml") else name
    known = names(root)
    if name not in known:
        hint = validate.suggest(name, known) if known else "there are no booklets yet"
        raise UsageError(f"no booklet '{name}' in {loader.display_path(booklets_folder(root))} "
                         f"({hint})")
    return booklets_folder(root) / f"{name}.yaml"


def load(root: Path, path: Path, problems: Problems) -> Loaded | None:
    """Read the booklet file and every leaflet it names, in its language; None (with the
    problems added) when anything is wrong."""
    try:
        node = loader.load(path)
    except LeafletError as exc:
        problems.extend(exc.problems)
        return None
    spec = read_booklet(node, path, discover(root), problems)
    if spec is None:
        return None
    for index, char in fonts.missing(spec.title.value if spec.title else ""):
        problems.add(error(spec.title.pos_of(index), f"the font has no glyph for '{char}' "
                           f"(U+{ord(char):04X}); it would not print",
                           "replace it with a similar character or write it out in words"))
    organisation, leaflets = _load_leaflets(root, spec, problems)
    if organisation is None and leaflets and not problems.errors:
        problems.add(error(Pos(loader.display_path(leaflets_folder(root) / "organisation.yaml")),
                           "there is no organisation.yaml, which publishes the booklets",
                           "create it with at least the line 'name: <your organisation>'"))
    if problems.errors or not leaflets:
        return None
    return Loaded(spec, organisation, leaflets)


def check_files(root: Path, problems: Problems) -> None:
    """What `leaflet check` asks of booklets: their files, and that each leaflet they name
    has a text in their language (the leaflets themselves are checked as leaflets)."""
    for name in names(root):
        path = booklet_path(root, name)
        try:
            node = loader.load(path)
        except LeafletError as exc:
            problems.extend(exc.problems)
            continue
        spec = read_booklet(node, path, discover(root), problems)
        if spec is not None:
            folder = leaflets_folder(root)
            for leaflet_id, pos in spec.leaflets:
                _has_language(folder / leaflet_id, spec, pos, problems)


def _load_leaflets(root: Path, spec: BookletSpec, problems: Problems):
    """The organisation and the booklet's leaflets in its language, checked as a build
    checks them (characters, images)."""
    folder = leaflets_folder(root)
    present = [(i, pos) for i, pos in spec.leaflets
               if _has_language(folder / i, spec, pos, problems)]
    if not present:
        return None, []
    try:
        project = load_project(root, [i for i, _ in present], [spec.lang], problems)
    except UsageError as exc:  # no leaflet lists the language in its leaflet.yaml
        problems.add(error(spec.lang_pos, str(exc)))
        return None, []
    found = {leaflet_spec.id: (leaflet_spec, contents)
             for leaflet_spec, contents in project.leaflets}
    leaflets = []
    for leaflet_id, pos in present:
        leaflet_spec, contents = found.get(leaflet_id, (None, []))
        content = next((c for c in contents if c.lang == spec.lang), None)
        if leaflet_spec is not None and content is None:
            problems.add(error(pos, f"the leaflet '{leaflet_id}' does not list the language "
                                    f"'{spec.lang}' in its leaflet.yaml"))
        elif content is not None and project.organisation_of(leaflet_spec) is not None:
            leaflets.append(Leaflet(leaflet_spec, content, project.organisation_of(leaflet_spec)))
    for leaflet in leaflets:
        preflight.check_glyphs(leaflet.content, leaflet.organisation, problems)
        preflight.check_images(leaflet, problems)
    return project.organisation, leaflets


def _has_language(folder: Path, spec: BookletSpec, pos: Pos, problems: Problems) -> bool:
    if (folder / f"{spec.lang}.yaml").is_file():
        return True
    have = sorted(p.stem for p in folder.glob("*.yaml")
                  if p.name != "leaflet.yaml" and validate.LANGUAGE_CODE.match(p.stem))
    problems.add(error(pos, f"the leaflet '{folder.name}' has no text in '{spec.lang}': "
                            f"there is no {folder.name}/{spec.lang}.yaml",
                       ("it has: " + ", ".join(have) + "; translate it, or take it out of "
                        "this booklet") if have else "write its text first"))
    return False
