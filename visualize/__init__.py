"""Visualize: interactive views of the knowledge graph, above the library (it imports kg,
never kg.cli): Dataset → networkx (views) → one self-contained, offline HTML page
(render), coloured by class (style); the overview also as GraphML or GEXF (network).

    from visualize import write_view
    write_view(ds, "overview", "out/graph.html")

The page inlines the vis-network that the pyvis package ships, found without importing
pyvis (which would pull in IPython and jinja2).
"""

from visualize.render import write_overview, write_view
from visualize.views import VIEWS, build_view

__all__ = ["VIEWS", "build_view", "write_overview", "write_view"]
