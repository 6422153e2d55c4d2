"""Visualize: interactive views of the knowledge graph, above the library (it imports kg,
never kg.cli): Dataset → networkx (views) → one self-contained, offline HTML page
(render), coloured by class (style); the overview also as GraphML or GEXF (network).

    from visualize import write_view
    write_view(ds, "overview", "out/graph.html")

The page inlines the vis-network that the pyvis package ships, found without importing
pyvis (which would pull in IPython and jinja2).
"""

from importlib import import_module

VIEWS = ("overview", "unit", "coresponsibility")
NETWORK_FORMATS = ("graphml", "gexf")

# The drawing functions are loaded when first used: networkx takes 0.1 s to import, and
# `policykg build` draws its page in a forked child (kg.beside), so the build itself
# never waits for it.
_LAZY = {"write_overview": "visualize.render", "write_view": "visualize.render",
         "build_view": "visualize.views", "network_bytes": "visualize.network"}

__all__ = ["NETWORK_FORMATS", "VIEWS", "build_view", "network_bytes", "write_overview",
           "write_view"]


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'visualize' has no attribute {name!r}")
