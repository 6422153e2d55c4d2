"""policy-kg: knowledge graphs of who must do what, by when and how much, in Chinese
government action plans.

The library, in layers; a module imports only from its own layer and those below
(tests/test_layers.py checks), and each module's first line names its layer:

    foundation  errors, document, namespace, resources, files, turtle, vocab, beside, cache
    text        read, gazetteer, annotate/, annfile
    graph       iri, ingest, dataset, reason, validate
    queries     sparql ← store, remote (engines) ← query
    outputs     export, serve, push, pipeline, outputs, api

Above them, visualize/ (the HTML views) imports the library, and kg/cli/ (the `policykg`
command) is the only place that imports both. The Python API is in kg.api:

    >>> from kg.api import build, query
    >>> ds = build()                                   # the bundled seed
    >>> rows = query(ds, "unit-tasks", unit="南沙區政府")
"""

__version__ = "0.1.0"
