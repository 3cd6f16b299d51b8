"""The command line: parse, call one function, turn its outcome into an exit status.

0 success; 1 a problem in the user's files (all of them printed); 2 a usage error.
Heavy libraries are imported only by the steps that need them.
"""
from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from types import SimpleNamespace

from leaflet import deferred_patterns

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def parser():
    import argparse

    main = argparse.ArgumentParser(
        prog="leaflet", description="Typeset printable, fold-ready leaflets from YAML.")
    commands = main.add_subparsers(dest="command", metavar="COMMAND", required=True)
    build = commands.add_parser("build", help="build print and screen PDFs")
    check = commands.add_parser("check", help="check the files; write nothing")
    watch = commands.add_parser("watch", help="build again after every save")
    for command in (build, check, watch):
        command.add_argument("ids", nargs="*", metavar="ID", help="leaflets (default: all)")
        command.add_argument("--lang", default="", help="languages, e.g. da,en (default: all)")
    for command in (build, check, watch):
        command.add_argument("-q", "--quiet", action="store_true",
                             help="say only what is wrong (errors and warnings)")
        command.add_argument("-v", "--verbose", action="store_true",
                             help="also list the files that were up to date")
    for command in (build, watch):
        command.add_argument("--out", type=folder, help="output folder (default: ROOT/output)")
        command.add_argument("--proof", action="store_true",
                             help="also write proofs (panel map over the sheet) and a fold "
                                  "test sheet")
        command.add_argument("--preview", action="store_true",
                             help="also write PNG pictures of each panel and of the folded "
                                  "leaflet, in output/ID/preview/")
    build.add_argument("--force", action="store_true",
                       help="build everything, even what is up to date")
    review = commands.add_parser(
        "review", help="record that translations match their source as it is now")
    review.add_argument("id", metavar="ID", help="the leaflet")
    review.add_argument("--lang", default="", help="translations to mark (default: all)")
    new = commands.add_parser("new", help="start a new leaflet from a commented template")
    new.add_argument("id", metavar="ID", help="the new leaflet's folder name, e.g. cidp")
    new.add_argument("--fold", default="trifold", choices=("trifold", "zfold", "bifold"))
    new.add_argument("--lang", default="da", help="its first language (default: da)")
    new.add_argument("--paper", default="A4", choices=("A4", "letter"),
                     help="the flat sheet (default: A4); the bleed follows it")
    new.add_argument("--organisation", metavar="FILE",
                     help="who publishes it, if not leaflets/organisation.yaml: a file "
                          "relative to leaflets/, e.g. organisations/clinic.yaml (made if "
                          "missing)")
    schema = commands.add_parser(
        "schema", help="write leaflets/schemas/*.json, which editors use to help you type")
    booklet = commands.add_parser(
        "booklet", help="typeset leaflets together as a booklet")
    booklet.add_argument("name", nargs="?", metavar="NAME",
                         help="the booklet: leaflets/booklets/NAME.yaml (default: every booklet)")
    booklet.add_argument("--out", type=folder, help="output folder (default: ROOT/output)")
    booklet.add_argument("-q", "--quiet", action="store_true",
                         help="say only what is wrong (errors and warnings)")
    booklet.set_defaults(verbose=False)
    for command in (build, check, watch, review, new, schema, booklet):
        command.add_argument("--root", type=Path, default=Path("."),
                             help="the folder that holds leaflets/ (default: here)")
    return main


def languages(args) -> list[str]:
    return [code.strip() for code in args.lang.split(",") if code.strip()]


def report(result, args) -> None:
    from leaflet.errors import ordered

    tell(args, [str(p) for p in ordered(result.problems.items)], result.written,
         result.unchanged)


def tell(args, problems: list[str], written, unchanged) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)
    if args.quiet:
        return
    for path in written:
        print(f"wrote {path}")
    if args.verbose:
        for path in unchanged:
            print(f"up to date: {path}")
    elif unchanged:
        count = len(unchanged)
        print(f"{count} file{'s' if count != 1 else ''} up to date (--force builds them again)")


class Progress:
    """'[3/8] mmn-nl' on one line of a terminal while jobs run; silent in pipes and CI."""

    def __init__(self, args):
        from leaflet import settings

        self.on = not args.quiet and sys.stderr.isatty() and not settings.in_ci()

    def __call__(self, done: int, total: int, name: str) -> None:
        if self.on and total > 1:
            end = "\r" if done < total else "\r\033[K"
            print(f"\033[K[{done}/{total}] {name}", end=end, file=sys.stderr, flush=True)


def build_command(args) -> int:
    out = args.out or args.root / "output"
    if not args.force:  # nothing changed since this command last ran: say so at once
        from leaflet.build import record

        said = record.answer(out, record.command(args.root, out, args.ids, languages(args),
                                                 args.proof, args.preview),
                             record.tool_fingerprint())
        if said is not None:
            tell(args, said["problems"], [], said["unchanged"])
            warned(said["problems"])
            return EXIT_OK
    from leaflet.build.make import make

    result = make(args.root, args.out, args.ids, languages(args), write=True, proof=args.proof,
                  force=args.force, preview=args.preview, progress=Progress(args))
    report(result, args)
    from leaflet.errors import ordered

    warned(ordered(result.problems.items))
    return EXIT_OK


def warned(problems) -> None:
    """The summary line after the warnings of a build that went through."""
    count = sum(": warning: " in str(p) for p in problems)
    if count:
        print(f"{count} warning{'s' if count != 1 else ''}; nothing stopped the build",
              file=sys.stderr)


def check_command(args) -> int:
    from leaflet.booklet.spec import check_files
    from leaflet.build.make import make
    from leaflet.errors import LeafletError, Problems, ordered

    booklets = Problems()
    if not args.ids:  # everything: the booklets too
        check_files(args.root, booklets)
    try:
        result = make(args.root, None, args.ids, languages(args), write=False,
                      progress=Progress(args))
    except LeafletError as exc:
        raise LeafletError(exc.problems + booklets.items) from None
    result.problems.extend(booklets.items)
    booklets.check()
    report(result, args)
    if not args.quiet:
        warnings = len(ordered(result.problems.items))
        print("ok: no errors" + (f", {warnings} warning{'s' if warnings != 1 else ''}"
                                 if warnings else ""))
    return EXIT_OK


def review_command(args) -> int:
    from leaflet.source.project import review

    for path in review(args.root, args.id, languages(args)):
        print(f"marked {path} as reviewed")
    return EXIT_OK


def new_command(args) -> int:
    from leaflet.errors import UsageError
    from leaflet.labels import is_language
    from leaflet.source import new_leaflet

    import re

    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", args.id):
        raise UsageError(f"'{args.id}' cannot be a leaflet's name: use small letters, digits "
                         "and '-', e.g. cidp or mmn-2027")
    if not is_language(args.lang):
        raise UsageError(f"'{args.lang}' is not a language code (e.g. da, nl, en)")
    publisher = args.organisation
    if publisher is not None and not re.fullmatch(r"([\w-]+/)*[\w-]+\.yaml", publisher):
        raise UsageError(f"'{publisher}' cannot be an organisation file: name a .yaml file "
                         "inside leaflets/, e.g. organisations/clinic.yaml")
    try:
        written = new_leaflet.new(args.root, args.id, args.fold, args.lang, args.paper,
                                  publisher)
    except new_leaflet.Exists:
        raise UsageError(f"leaflets/{args.id} exists already; choose another name") from None
    for path in written:
        print(f"created {path}")
    print(f"next: edit leaflets/{args.id}/{args.lang}.yaml, then run: leaflet build {args.id}")
    return EXIT_OK


def watch_command(args) -> int:
    from leaflet.build.make import make
    from leaflet.build.watch import watch
    from leaflet.errors import LeafletError, UsageError, ordered, summary
    from leaflet.source.project import leaflets_folder

    def build_once() -> str:
        try:
            result = make(args.root, args.out, args.ids, languages(args), write=True,
                          proof=args.proof, preview=args.preview)
        except LeafletError as exc:
            for problem in ordered(exc.problems):
                print(problem, file=sys.stderr, flush=True)
            return summary(exc.problems, "nothing written, waiting for a fix")
        except UsageError as exc:
            print(f"leaflet: error: {exc}", file=sys.stderr, flush=True)
            return "waiting"
        except Exception as exc:  # a bug of ours must not end the watch either
            print(f"leaflet: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
            return "internal error (please report it); waiting"
        report(result, args)
        warnings = len(ordered(result.problems.items))
        return (f"ok: {len(result.written)} written, {len(result.unchanged)} up to date"
                + (f", {warnings} warning{'s' if warnings != 1 else ''}" if warnings else ""))

    leaflets_folder(args.root)  # a wrong --root is a usage error, not a wait
    try:
        watch(build_once, args.root / "leaflets")
    except KeyboardInterrupt:
        print("stopped watching")
    return EXIT_OK


def schema_command(args) -> int:
    from leaflet.source import editor_schemas
    from leaflet.source.project import leaflets_folder

    changed = editor_schemas.write(leaflets_folder(args.root))
    for path in changed:
        print(f"wrote {path}")
    if not changed:
        print("the schemas are up to date")
    return EXIT_OK


def booklet_command(args) -> int:
    from leaflet.booklet.make import make
    from leaflet.errors import ordered

    result = make(args.root, args.out, args.name)
    report(result, args)
    warned(ordered(result.problems.items))
    return EXIT_OK


COMMANDS = {"build": build_command, "check": check_command, "review": review_command,
            "new": new_command, "watch": watch_command, "schema": schema_command,
            "booklet": booklet_command}


def main(argv: list[str] | None = None) -> int:
    # A build makes hundreds of thousands of objects, most of them alive until its PDFs
    # are written: collecting every 700 new objects (Python's default) spends 3 % of a
    # cold build finding little to free. Every 100 000 does as well for memory (the
    # 120-text corpus of bench/ peaks at 138 MB either way).
    gc.set_threshold(100_000, 10, 10)
    deferred_patterns.install()
    try:  # Ctrl-C at any moment, even while the modules load, ends with one plain line
        return _main(sys.argv[1:] if argv is None else argv)
    except KeyboardInterrupt:
        print("interrupted; earlier outputs are unchanged", file=sys.stderr)
        return 130
    finally:
        if argv is None:  # the command itself, about to end
            # Python's last garbage collection at exit looks through every object the
            # command made, to free what the exit frees anyway: 50 ms after a build of
            # one leaflet, an eighth of it. Frozen, they are freed without that look.
            gc.freeze()


def folder(text: str) -> Path:
    """A folder named on the command line; an empty name would mean the current folder,
    and outputs written all over the project, so it is refused (argparse says 'invalid
    folder value')."""
    if not text.strip():
        raise ValueError(text)
    return Path(text)


def plain_build(argv: list[str]):
    """The arguments of a plain ``leaflet build`` (ids, -q, -v, --force, --lang, --out,
    --root, --proof, --preview), read without argparse; None for anything else.

    A build with nothing to do answers in a few milliseconds, and argparse alone would
    cost more than that answer (building the parser looks up translations and imports
    shutil). Whatever this does not understand goes to argparse, which reads it the same
    way or reports the usage error."""
    if not argv or argv[0] != "build":
        return None
    args = {"command": "build", "ids": [], "lang": "", "quiet": False, "verbose": False,
            "out": None, "proof": False, "preview": False, "force": False, "root": Path(".")}
    switches = {"-q": "quiet", "--quiet": "quiet", "-v": "verbose", "--verbose": "verbose",
                "--force": "force", "--proof": "proof", "--preview": "preview"}
    values = {"--lang": str, "--out": folder, "--root": Path}
    words, ids_ended = iter(argv[1:]), False
    for word in words:
        name, equals, value = word.partition("=")
        ids_ended = ids_ended or (bool(args["ids"]) and word.startswith("-"))
        if word in switches:
            args[switches[word]] = True
        elif name in values:
            value = value if equals else next(words, None)
            if value is None or (not equals and value.startswith("-")):
                return None
            try:
                args[name[2:]] = values[name](value)
            except ValueError:  # argparse says so
                return None
        elif word.startswith("-") or ids_ended:  # argparse takes the ids in one run
            return None
        else:
            args["ids"].append(word)
    return SimpleNamespace(**args)


def _main(argv: list[str] | None) -> int:
    # argparse exits 2 on a usage error
    args = plain_build(argv) or parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except Exception as exc:
        return _failed(exc)


def _failed(exc: Exception) -> int:
    """The exit status for what ended a command, said in plain words. (Our exception
    types are imported only here: a build with nothing to do never needs them.)"""
    from leaflet import settings
    from leaflet.errors import LeafletError, UsageError, ordered, summary

    if isinstance(exc, LeafletError):
        for problem in ordered(exc.problems):
            print(problem, file=sys.stderr)
        print(summary(exc.problems, "nothing was written"), file=sys.stderr)
        return EXIT_PROBLEMS
    if isinstance(exc, UsageError):
        print(f"leaflet: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if isinstance(exc, BrokenPipeError):  # `leaflet build | head`: the reader has gone
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    if settings.debug():  # a bug of ours, never the user's fault
        raise exc
    print(f"leaflet: internal error: {type(exc).__name__}: {exc}\n"
          "This is a bug in leaflet, not in your files; earlier outputs are unchanged. "
          "Run again with LEAFLET_DEBUG=1 for details and report it.", file=sys.stderr)
    return 3


if __name__ == "__main__":
    sys.exit(main())
