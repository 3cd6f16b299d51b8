"""The project: find the leaflets under leaflets/, read and validate every file a build
touches (collecting every problem), and record reviewed translations.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from leaflet.errors import LeafletError, Pos, Problems, UsageError, error
from leaflet.files import rewrite_own_file, write_atomically
from leaflet.model import Content, LeafletSpec, Organisation
from leaflet.source import loader, validate

NOT_LEAFLETS = {"booklets", "images", "schemas", "organisations"}


@dataclass
class Project:
    """The user's files under leaflets/: the publishers, and each leaflet with its texts."""

    root: Path
    organisation: Organisation | None  # organisation.yaml: the default publisher
    leaflets: list[tuple[LeafletSpec, list[Content]]]
    others: dict[Path, Organisation | None] = field(default_factory=dict)  # named by leaflets

    def organisation_of(self, spec: LeafletSpec) -> Organisation | None:
        """Who publishes this leaflet: its own organisation file, else the default."""
        if spec.organisation is None:
            return self.organisation
        return self.others.get(spec.organisation)


def leaflets_folder(root: Path) -> Path:
    folder = root / "leaflets"
    if not folder.is_dir():
        raise UsageError(f"there is no leaflets/ folder in {root} (run in the folder that "
                         "holds leaflets/, or give it with --root)")
    return folder


def discover(root: Path) -> list[str]:
    """The leaflet folders: every folder of leaflets/ with YAML files in it."""
    folder = leaflets_folder(root)
    return sorted(p.name for p in folder.iterdir()
                  if p.is_dir() and p.name not in NOT_LEAFLETS and not p.name.startswith(".")
                  and any(p.glob("*.yaml")))


def load_project(root: Path, ids, langs, problems: Problems) -> Project:
    """Read and validate everything the build of ``ids`` in ``langs`` touches."""
    folder = leaflets_folder(root)
    known = discover(root)
    ids = list(ids) or known
    for wanted in ids:
        if wanted not in known:
            hint = validate.suggest(wanted, known) if known else "there are no leaflets yet"
            raise UsageError(f"no leaflet '{wanted}' in {folder} ({hint})")
    organisation = None
    default = folder / "organisation.yaml"
    if os.path.lexists(default):  # anything but a file there: load() says what
        organisation = _load_organisation(default, folder, problems)
    leaflets, others = [], {}
    for leaflet_id in ids:
        spec, contents = _load_leaflet(folder / leaflet_id, langs, problems)
        if spec is not None:
            leaflets.append((spec, contents))
            if spec.organisation is not None and spec.organisation not in others:
                others[spec.organisation] = _load_organisation(spec.organisation, folder,
                                                               problems)
    if not os.path.lexists(default) and (
            not leaflets or any(spec.organisation is None for spec, _ in leaflets)):
        problems.add(error(Pos(loader.display_path(default)), "there is no organisation.yaml",
                           "create it with at least the line 'name: <your organisation>'"))
    if langs and not any(spec.languages and set(langs) & set(spec.languages)
                         for spec, _ in leaflets) and not problems.errors:
        raise UsageError(f"no leaflet has the language(s) {', '.join(langs)}")
    return Project(root, organisation, leaflets, others)


def _load_organisation(path: Path, folder: Path, problems: Problems) -> Organisation | None:
    """An organisation's file; its logo is named relative to leaflets/ (``folder``)."""
    return _load(path, problems,
                 lambda node: validate.read_organisation(node, folder, problems, path))


def _load(path: Path, problems: Problems, read):
    try:
        node = loader.load(path)
    except LeafletError as exc:
        problems.extend(exc.problems)
        return None
    return read(node)


def _load_leaflet(folder: Path, langs, problems: Problems):
    if not os.path.lexists(folder / "leaflet.yaml"):  # anything else there: load() says what
        problems.add(error(Pos(loader.display_path(folder / "leaflet.yaml")),
                           "every leaflet folder needs a leaflet.yaml, and this one has none",
                           "copy one from another leaflet: it says the fold, paper and "
                           "languages; a publisher's file goes in leaflets/organisations/"))
        return None, []
    available = sorted(p.stem for p in folder.glob("*.yaml")
                       if p.name != "leaflet.yaml" and validate.LANGUAGE_CODE.match(p.stem))
    spec = _load(folder / "leaflet.yaml", problems,
                 lambda node: validate.read_leaflet_spec(node, folder, available, problems))
    if spec is None:
        return None, []
    if not spec.languages and not problems.errors:
        problems.add(error(Pos(loader.display_path(folder / "leaflet.yaml"), 1, 1),
                           f"the leaflet '{folder.name}' has no language file",
                           f"add a text file such as {folder.name}/da.yaml"))
    loaded = {}
    for lang in spec.languages:
        if langs and lang not in langs and lang != spec.source:
            continue
        path = folder / f"{lang}.yaml"
        content = _load(path, problems, lambda node: validate.read_content(node, path, problems))
        if content is not None:
            loaded[lang] = content
    _compare_translations(spec, loaded, langs, problems)
    return spec, [c for lang, c in loaded.items() if not langs or lang in langs]


def _compare_translations(spec: LeafletSpec, loaded: dict, langs, problems: Problems) -> None:
    from leaflet.source.translation import compare

    original = loaded.get(spec.source)
    if original is None:
        return
    for lang, content in loaded.items():
        if lang != spec.source and (not langs or lang in langs):
            problems.extend(compare(original, content))


def review(root: Path, leaflet_id: str, langs=()) -> list[Path]:
    """Record that the translations of a leaflet match its source as it is now."""
    from leaflet.source import translation

    problems = Problems()
    project = load_project(root, [leaflet_id], langs, problems)
    problems.check()
    spec, contents = project.leaflets[0]
    if spec.source is None:
        raise UsageError(f"the leaflet '{leaflet_id}' names no source language "
                         "(add 'source: da' to its leaflet.yaml)")
    _, everything = _load_leaflet(spec.folder, (), problems)
    original = next(c for c in everything if c.lang == spec.source)
    translations = [c for c in contents if c.lang != spec.source]
    unfinished = Problems()
    for content in translations:
        unfinished.extend(translation.unfinished(original, content))
    unfinished.check()  # a half-done translation is not recorded as reviewed
    for content in translations:  # before anything is written
        folder = translation.snapshot_path(content.path).parent
        if folder.is_symlink() or (os.path.lexists(folder) and not folder.is_dir()):
            # a link, even to a folder: never written through
            raise UsageError(f"{loader.display_path(folder)} should be the folder "
                             "where review keeps the source text; move that file away")
    written = []
    for content in translations:
        text = translation.record_review(content.path, original)
        rewrite_own_file(content.path, text.encode("utf-8"))
        kept = translation.snapshot_path(content.path)
        kept.parent.mkdir(exist_ok=True)
        write_atomically(kept, translation.snapshot(original).encode("utf-8"))
        written.append(content.path)
    return written


