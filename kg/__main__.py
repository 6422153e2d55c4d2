"""`python -m kg`: the command line (kg.cli), the same as the `policykg` script."""

from kg.cli import main

raise SystemExit(main())
