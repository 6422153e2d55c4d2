"""Command line: `python -m kg`, the same as the `policykg` script (kg.cli)."""

from kg.cli import run

run()
