"""Command line: `policykg`, the only package that imports both the library (kg) and
visualize. Each command family is a module (build, query, viz, share) whose COMMANDS
register its commands; each command is a few lines over a library call. Input problems become one
line on stderr and exit code 1 (a usage error, exit code 2), here and only here."""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import os
import sys
import threading
from typing import NoReturn

from kg import __version__
from kg.cli import build, query, share, viz
from kg.errors import InputError, UsageError

FAMILIES = (build, query, viz, share)  # the order `policykg --help` lists them in
EPILOG_MAIN = """examples:
  policykg build                       build out/ from the bundled seed document
  policykg build plans/ -o out/        build every .txt, .html, .pdf, .docx, .ann.json in plans/
  policykg query task-owners           which unit owns which task
  policykg query unit-tasks --param unit=南沙區政府
"""


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    try:
        return args.run(args) or 0
    except UsageError as err:
        print(f"policykg {args.command}: {err}", file=sys.stderr)
        return 2
    except InputError as err:
        print(f"policykg: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("policykg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader stopped reading (`policykg query … | head`): nothing more to say, and
        # nothing for Python to flush into the closed pipe at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def run() -> NoReturn:
    """The `policykg` script (and `python -m kg`): main(), then, its output flushed, out
    at once. Python's teardown would free, one by one, every object the command made (a
    build's graphs and indexes: 15-20 ms of the seed's build) for memory the system
    takes back anyway. Where a thread or a child process is still running, the exit is
    Python's own."""
    code = main()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError):  # a reader gone (`| head`): nothing to flush
            stream.flush()
    if threading.active_count() > 1 or multiprocessing.active_children():
        sys.exit(code)
    os._exit(code)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policykg", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Knowledge graphs of who must do what, by when and how much, "
                    "in Chinese government action plans.", epilog=EPILOG_MAIN)
    parser.add_argument("--version", action="version", version=f"policykg {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for family in FAMILIES:
        for register in family.COMMANDS:
            register(commands)
    return parser
