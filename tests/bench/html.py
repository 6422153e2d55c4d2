"""HTML pages: size, and time from navigation to a settled layout with its next frame
painted, in real headless Chromium (offline: every non-file request refused)."""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path

from tests.bench.common import Row, make_corpus

CHROMIUM = Path("/usr/bin/chromium")
# Records, relative to navigation start, when page.js marks the layout settled
# (body[data-ready]) and when the frame after that has been painted.
_PROBE = """
new MutationObserver(function (changes, observer) {
  if (!document.body || document.body.getAttribute("data-ready") !== "true") return;
  observer.disconnect();
  window.__benchReady = performance.now();
  requestAnimationFrame(function () { requestAnimationFrame(function () {
    window.__benchDrawn = performance.now(); }); });
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-ready"] });
"""


def seed_pages(folder: Path) -> dict[str, Path]:
    from kg.pipeline import build
    from visualize.render import write_view

    ds = build(validate=False).dataset
    return {
        "seed overview": write_view(ds, "overview", folder / "overview.html"),
        "seed unit 南沙區政府": write_view(ds, "unit", folder / "unit.html", unit="南沙區政府"),
        "seed coresponsibility": write_view(ds, "coresponsibility", folder / "co.html"),
    }


def big_page(folder: Path, copies: int = 8) -> tuple[str, Path]:
    from kg.pipeline import build
    from visualize.render import write_view

    corpus = make_corpus(folder / f"corpus-{copies}", copies)
    ds = build([corpus], validate=False, jobs=1).dataset
    return (f"overview of {copies} docs",
            write_view(ds, "overview", folder / f"overview-{copies}.html"))


def open_times(browser, path: Path, runs: int) -> tuple[list[float], list[float], int]:
    """(navigation → settled + painted, the page's own settledMs, nodes) per run."""
    drawn, own, nodes = [], [], 0
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1400, "height": 900},
                                      bypass_csp=True)
        page = context.new_page()
        page.add_init_script(_PROBE)
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
            "file:") else route.abort())
        page.goto(path.as_uri())
        page.wait_for_function("window.__benchDrawn !== undefined", timeout=300_000,
                               polling=20)
        drawn.append(page.evaluate("window.__benchDrawn") / 1000)
        own.append(page.evaluate("window.policykg.settledMs") / 1000)
        nodes = page.evaluate("window.policykg.nodes.length")
        context.close()
    return drawn, own, nodes


def pages(runs: int, big_runs: int) -> list[Row]:
    if not CHROMIUM.exists():
        return [Row("html", "pages", float("nan"), note=f"no Chromium at {CHROMIUM}")]
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-html-") as tmp:
        folder = Path(tmp)
        targets = [(name, path, runs, 1.5) for name, path in seed_pages(folder).items()]
        name, path = big_page(folder)
        targets.append((name, path, big_runs, None))
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM),
                                        args=["--headless", "--no-sandbox", "--disable-gpu",
                                              "--disable-background-networking"])
            open_times(browser, targets[0][1], 1)  # warm the browser up
            for name, path, n, limit in targets:
                drawn, own, nodes = open_times(browser, path, n)
                t = statistics.median(drawn)
                size = path.stat().st_size / 1024
                row = Row("html", f"{name}: settled + drawn", t, runs=n,
                          note=f"{nodes} nodes; {size:.0f} KiB; page's own settledMs "
                               f"{statistics.median(own) * 1000:.0f} ms",
                          extra={"nodes": nodes, "bytes": path.stat().st_size,
                                 "settled_ms": own})
                if limit is not None:
                    row.target, row.met = f"≤ {limit} s", t <= limit
                rows.append(row)
                rows.append(Row("html", f"{name}: page size", size, unit="KiB", runs=1))
            browser.close()
    return rows
