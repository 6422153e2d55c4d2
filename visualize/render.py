"""networkx view → one self-contained, offline, deterministic HTML page.

The page inlines vis-network (the copy pyvis ships in its package), its CSS and a small
UI of our own (search, class filter with legend and counts, side panel, ranking table).
Nothing is fetched: pyvis's own template links Bootstrap and Tom Select from a CDN even
with cdn_resources="in_line", and its ``add_edge`` is O(n²), so only its bundled
vis-network is used. The graph travels as JSON inside
``<script type="application/json">`` with ``<``, ``>`` and ``&`` written as ``\\u003c``
etc., so no document string can close the script element; the page script reads
it with JSON.parse and shows strings with textContent only.
"""

from __future__ import annotations

import html
import json
import re
from functools import cache
from importlib.resources import files
from importlib.util import find_spec
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
from rdflib import Dataset

from kg.errors import InputError
from kg.files import write_atomic
from kg.vocab import ROLES
from visualize.facts import UNIT_CLASSES
from visualize.style import CLASSES, EDGE_COLORS, EDGE_DEFAULT, ROLE_LINES, style_of, wrap
from visualize.views import build_view

VIS_VERSION = "vis-9.1.2"
# what an English page can and cannot give: the graph has English names for units only
ENGLISH_NOTE = ("Units are named in English; headings, targets, places and institutions "
                "stay as the document writes them: the graph has no English for them.")
_VIEW_TITLES = {"overview": "Overview", "unit": "Unit", "coresponsibility": "Co-responsibility"}
_SEARCH_RANK = {"municipal-agency": 0, "district-government": 0, "collective-unit": 0,
                "party-organ": 0, "municipal-government": 0, "unit": 0, "unresolved-unit": 0,
                "institution": 1,
                "place": 1, "task": 2, "action": 3, "document": 3}
_FONT = ('"Noto Sans CJK TC", "Noto Sans CJK SC", "PingFang TC", "Microsoft JhengHei", '
         '"Noto Sans", sans-serif')
_FONT_SC = _FONT.replace('"Noto Sans CJK TC", "Noto Sans CJK SC"',
                         '"Noto Sans CJK SC", "Noto Sans CJK TC"').replace(
                             '"PingFang TC", "Microsoft JhengHei"',
                             '"PingFang SC", "Microsoft YaHei"')


def write_view(source: Dataset | ox.Store, view: str, path: str | Path,
               lang: str | None = None, unit: str | None = None) -> Path:
    """Write VIEW of SOURCE (an rdflib Dataset or an Oxigraph store) as one self-contained
    HTML page at PATH (atomically)."""
    graph = build_view(source, view, lang=lang, unit=unit)
    return write_atomic(Path(path), render_html(graph).encode("utf-8"))


def write_overview(source: Dataset | ox.Store, path: str | Path) -> Path:
    """The overview page, as `policykg build` writes it into graph.html (the page writer
    that kg.outputs.write_outputs takes)."""
    return write_view(source, "overview", path)


def render_html(graph: nx.Graph) -> str:
    payload = page_data(graph)
    vis_js, vis_css = _vis_assets()
    parts = {
        "HTML_LANG": html.escape(graph.graph.get("lang", "zh-Hant")),
        "TITLE": html.escape(payload["title"]),
        "VIS_CSS": vis_css,
        "PAGE_CSS": _asset("page.css"),
        "DATA": script_json(payload),
        "VIS_JS": vis_js,
        "PAGE_JS": _asset("page.js"),
    }
    for key in ("VIS_CSS", "PAGE_CSS"):
        if "</style" in parts[key].lower():
            raise InputError(f"{key} would close its <style> element")
    for key in ("VIS_JS", "PAGE_JS", "DATA"):
        if "</script" in parts[key].lower():
            raise InputError(f"{key} would close its <script> element")
    template = _asset("page.html")
    # one pass: text put in is never scanned for placeholders again
    return re.sub(r"@@([A-Z_]+)@@", lambda m: parts[m.group(1)], template)


def script_json(value) -> str:
    """JSON safe inside a <script> element: no <, >, & or line separators left raw."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for raw, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def _assets():
    """The page's own template, CSS and JS (package data of visualize)."""
    try:
        folder = files("visualize") / "assets"
        if folder.is_dir():
            return folder
    except (NotADirectoryError, TypeError):  # an editable install made before __init__.py
        pass
    return Path(__file__).resolve().parent / "assets"


@cache  # read once a process: a page drawn ahead reads them while it waits (kg.outputs)
def _asset(name: str) -> str:
    return (_assets() / name).read_text(encoding="utf-8")


@cache
def _vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS from the pyvis package (found without importing pyvis,
    which would pull in IPython and jinja2)."""
    spec = find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise InputError("pyvis is not installed: pip install pyvis")
    root = Path(next(iter(spec.submodule_search_locations)))
    for folder in (root / "templates" / "lib" / VIS_VERSION, root / "lib" / VIS_VERSION):
        js, css = folder / "vis-network.min.js", folder / "vis-network.css"
        if js.exists() and css.exists():
            return js.read_text(encoding="utf-8"), css.read_text(encoding="utf-8")
    raise InputError(f"pyvis ships no {VIS_VERSION}/vis-network.min.js in {root}")


# ---------------------------------------------------------------------------------------


def page_data(graph: nx.Graph) -> dict:
    view = graph.graph["view"]
    lang = graph.graph.get("lang", "zh-Hant")
    nodes = [_node(graph, key, attrs, view, lang) for key, attrs in graph.nodes(data=True)]
    edges = [_edge(i, a, b, attrs, view) for i, (a, b, attrs) in enumerate(graph.edges(data=True))]
    counts: dict[str, int] = {}
    for attrs in graph.nodes.values():
        counts[attrs["class"]] = counts.get(attrs["class"], 0) + 1
    order = [key for key in CLASSES if key in counts]
    classes = {key: {"name": style_of(key).name, "color": style_of(key).color,
                     "border": style_of(key).border, "count": counts[key],
                     "round": style_of(key).shape in ("dot", "ellipse")} for key in order}
    docs = [graph.graph["document"]] if graph.graph.get("document") else []
    title = _VIEW_TITLES[view]
    focus = graph.graph.get("unit")
    if focus:
        title += f": {graph.nodes[focus]['label']}"
    if docs:
        title += " · " + docs[0].replace("\n", " ")
    return {
        "view": view, "lang": lang, "title": title, "nodes": nodes, "edges": edges,
        "classes": classes, "classOrder": order, "lines": _lines(view, graph),
        "options": _options(view, lang), "ranking": graph.graph.get("ranking", []),
        "focus": focus, "languageNote": ENGLISH_NOTE if lang == "en" else "",
    }


def _node(graph: nx.Graph, key: str, attrs: dict, view: str, lang: str) -> dict:
    cls = attrs["class"]
    style = style_of(cls)
    label = attrs["label"]
    vis = {
        "label": wrap(label, cls, lang), "shape": style.shape,
        "x": round(float(attrs.get("x", 0.0)), 1), "y": round(float(attrs.get("y", 0.0)), 1),
        "color": {"background": style.color, "border": style.border,
                  "highlight": {"background": "#ffd54f", "border": "#b8860b"},
                  "hover": {"background": style.color, "border": "#000000"}},
        "font": {"color": style.font if style.shape in ("box", "ellipse") else "#1a1a1a",
                 "size": 14, "face": _FONT_SC if lang == "zh-Hans" else _FONT},
        "borderWidth": 1.5, "size": style.size,
    }
    if style.shape in ("box", "ellipse"):
        vis["margin"] = {"top": 6, "bottom": 6, "left": 8, "right": 8}
    if view == "overview":
        big = {"document": 34, "part": 30, "section": 26, "action": 28, "goal": 22, "task": 22}
        if cls in big or cls in UNIT_CLASSES:
            vis["font"]["size"] = big.get(cls, 24)
    if view == "coresponsibility":
        tasks = int(attrs.get("tasks", 1))
        vis.update(shape="dot", size=8 + 3 * tasks)
        vis["font"].update(color="#1a1a1a", size=15 + min(tasks, 10))
        vis["label"] = label
    if attrs.get("center"):
        vis["borderWidth"] = 4
        vis["font"]["size"] = 20
    search = sorted({label, *attrs.get("labels", [])})
    return {"id": key, "full": label, "cls": cls, "search": search,
            "rank": _SEARCH_RANK.get(cls, 4),
            "details": [list(pair) for pair in attrs.get("details", [])], "vis": vis}


def _edge(i: int, a: str, b: str, attrs: dict, view: str) -> dict:
    rel = attrs.get("rel", "")
    color = EDGE_COLORS.get(rel, EDGE_DEFAULT)
    vis: dict = {"dashes": bool(attrs.get("dashes", False)),
                 "color": {"color": color, "highlight": "#b8860b", "hover": "#000000"},
                 "width": 1.2}
    if rel == "lead":
        vis["width"] = 2.4
    if rel == "via":
        vis.update(dashes=[6, 6], width=2)
    if attrs.get("label"):
        vis["label"] = attrs["label"]
        vis["font"] = {"size": 12, "color": "#5a4300", "strokeWidth": 3, "align": "middle"}
    title = None
    if view == "coresponsibility":
        width = int(attrs.get("width", 1))
        vis.update(width=1.5 * width, color={"color": color, "opacity": 0.6,
                                             "highlight": "#b8860b", "hover": "#000000"})
        title = "shared tasks: " + "; ".join(attrs.get("tasks", []))
    elif rel in ROLES:
        title = f"{rel} (rank {attrs.get('rank', '?')})"
    return {"id": f"e{i}", "from": a, "to": b, "rel": rel, "title": title, "vis": vis}


def _lines(view: str, graph: nx.Graph) -> list[dict]:
    if view == "coresponsibility":
        return [{"name": "shared tasks (width = count)", "dashes": False,
                 "color": EDGE_COLORS["shared"]}]
    drawn = {a.get("rel") for _, _, a in graph.edges(data=True)}
    lines = [{"name": ROLE_LINES[role], "dashes": role != "lead", "color": EDGE_COLORS[role]}
             for role in ROLES if role in ("lead", "support") or role in drawn]
    if any(a.get("rel") == "via" for _, _, a in graph.edges(data=True)):
        via = next(a["label"] for _, _, a in graph.edges(data=True) if a.get("rel") == "via")
        lines.append({"name": f"involved {via} (inferred)", "dashes": True,
                      "color": EDGE_COLORS["via"]})
    lines.append({"name": "structure, targets, mentions", "dashes": False, "color": EDGE_DEFAULT})
    return lines


def _options(view: str, lang: str) -> dict:
    options: dict = {
        "layout": {"randomSeed": 1, "improvedLayout": False},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": True,
                        "navigationButtons": False, "keyboard": False},
        "edges": {"smooth": False, "selectionWidth": 2},
        "nodes": {"shapeProperties": {"interpolation": False}},
    }
    if view == "overview":
        options["physics"] = {"enabled": False}
        options["edges"]["smooth"] = {"enabled": True, "type": "cubicBezier",
                                      "forceDirection": "horizontal", "roundness": 0.45}
    else:
        options["physics"] = {
            "enabled": True, "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -9000, "centralGravity": 0.25,
                          "springLength": 170 if view == "unit" else 240,
                          "springConstant": 0.03, "damping": 0.35, "avoidOverlap": 0.4},
            "stabilization": {"enabled": True, "iterations": 400, "updateInterval": 50,
                              "fit": True},
            "minVelocity": 1.0, "maxVelocity": 40,
        }
    return options
