"""Interactive views of the knowledge graph: Dataset → networkx (views) → one
self-contained HTML page (render), coloured by class (style).

    from visualize import write_view
    write_view(ds, "overview", "out/graph.html")

The HTML writer imports pyvis only when it runs: importing it costs about 0.4 s.
"""

from visualize.render import write_view
from visualize.views import VIEWS, build_view

__all__ = ["VIEWS", "build_view", "write_view"]
