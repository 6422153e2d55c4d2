"""policy-kg: knowledge graphs of who must do what, by when and how much, in Chinese
government action plans.

    >>> from kg import build, query
    >>> ds = build()                                   # the bundled seed
    >>> rows = query(ds, "unit-tasks", unit="南沙區政府")
"""

__all__ = ["build", "query"]
__version__ = "0.1.0"


def __getattr__(name: str):
    if name in __all__:
        from kg import api

        return getattr(api, name)
    raise AttributeError(name)
