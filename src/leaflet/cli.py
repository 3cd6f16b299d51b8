"""The command line: parse, call one function, turn its outcome into an exit status.

0 success; 1 a problem in the user's files (all of them printed); 2 a usage error.
Heavy libraries are imported only by the steps that need them.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="leaflet", description="Typeset printable, fold-ready leaflets from YAML.")
    commands = main.add_subparsers(dest="command", metavar="COMMAND", required=True)
    build = commands.add_parser("build", help="build print and screen PDFs")
    check = commands.add_parser("check", help="check the files; write nothing")
    for command in (build, check):
        command.add_argument("ids", nargs="*", metavar="ID", help="leaflets (default: all)")
        command.add_argument("--lang", default="", help="languages, e.g. da,en (default: all)")
        command.add_argument("--root", type=Path, default=Path("."),
                             help="the folder that holds leaflets/ (default: here)")
    build.add_argument("--out", type=Path, help="output folder (default: ROOT/output)")
    build.add_argument("--force", action="store_true",
                       help="build everything, even what is up to date")
    build.add_argument("--proof", action="store_true",
                       help="also write proofs (panel map over the sheet) and a fold test sheet")
    review = commands.add_parser(
        "review", help="record that translations match their source as it is now")
    review.add_argument("id", metavar="ID", help="the leaflet")
    review.add_argument("--lang", default="", help="translations to mark (default: all)")
    review.add_argument("--root", type=Path, default=Path("."),
                        help="the folder that holds leaflets/ (default: here)")
    return main


def run(args: argparse.Namespace) -> int:
    from . import pipeline

    langs = [code.strip() for code in args.lang.split(",") if code.strip()]
    if args.command == "review":
        for path in pipeline.review(args.root, args.id, langs):
            print(f"marked {path} as reviewed")
        return EXIT_OK
    result = pipeline.make(args.root, getattr(args, "out", None), args.ids, langs,
                        write=args.command == "build", proof=getattr(args, "proof", False),
                        force=getattr(args, "force", False))
    for problem in result.problems.items:
        print(problem, file=sys.stderr)
    for path in result.written:
        print(f"wrote {path}")
    if result.unchanged:
        count = len(result.unchanged)
        print(f"{count} file{'s' if count != 1 else ''} up to date (--force builds them again)")
    if args.command == "check":
        print("ok: no errors")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)  # exits 2 on a usage error, as argparse does
    from .pipeline import UsageError
    from .errors import LeafletError

    try:
        return run(args)
    except LeafletError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        count = sum(p.is_error for p in exc.problems)
        print(f"{count} error{'s' if count != 1 else ''}; nothing was written", file=sys.stderr)
        return EXIT_PROBLEMS
    except UsageError as exc:
        print(f"leaflet: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted; earlier outputs are unchanged", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug of ours, never the user's fault
        if os.environ.get("LEAFLET_DEBUG"):
            raise
        print(f"leaflet: internal error: {type(exc).__name__}: {exc}\n"
              "This is a bug in leaflet, not in your files; earlier outputs are unchanged. "
              "Run again with LEAFLET_DEBUG=1 for details and report it.", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
