"""policykg: the command line. Each command is a few lines over a library call; input
problems become one line on stderr and exit code 1, here and only here."""

from __future__ import annotations

import argparse
import sys

from kg.errors import InputError

EPILOG_MAIN = """examples:
  policykg build                       build out/ from the bundled seed document
  policykg build plans/ -o out/        build from every .txt and .ann.json in plans/
  policykg query task-owners           which unit owns which task
  policykg query unit-tasks --param unit=南沙區政府
"""


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    try:
        return args.run(args) or 0
    except InputError as err:
        print(f"policykg: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("policykg: interrupted", file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policykg", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Knowledge graphs of who must do what, by when and how much, "
                    "in Chinese government action plans.", epilog=EPILOG_MAIN)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    from kg import commands as c

    for register in c.REGISTRY:
        register(commands)
    return parser


if __name__ == "__main__":
    raise SystemExit(main())
