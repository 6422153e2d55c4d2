"""policy-kg: knowledge graphs of who must do what, by when and how much, in Chinese
government action plans.

The Python API is in kg.api:

    >>> from kg.api import build, query
    >>> ds = build()                                   # the bundled seed
    >>> rows = query(ds, "unit-tasks", unit="南沙區政府")
"""

__version__ = "0.1.0"
