"""The graph pages in real headless Chromium, with every network request refused."""

from __future__ import annotations

import pytest
from conftest import CHROMIUM

from visualize.render import write_view

SCI_TECH = "https://w3id.org/policykg/id/org/guangzhou-science-technology-bureau"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="needs Debian's chromium at /usr/bin/chromium "
                              "(apt-get install chromium fonts-noto-cjk)"),
]


@pytest.fixture(scope="session")
def pages(seed_dataset, tmp_path_factory):
    folder = tmp_path_factory.mktemp("pages")
    return {
        "overview": write_view(seed_dataset, "overview", folder / "graph.html"),
        "unit": write_view(seed_dataset, "unit", folder / "unit.html", unit="南沙區政府"),
        "coresponsibility": write_view(seed_dataset, "coresponsibility",
                                       folder / "coresponsibility.html"),
    }


@pytest.mark.parametrize("view", ["overview", "unit", "coresponsibility"])
def test_each_view_loads_offline_and_draws_all_its_nodes(opened, pages, view):
    page = opened(pages[view])
    expected = page.js("JSON.parse(document.getElementById('graph-data').textContent).nodes.length")
    assert expected > 10
    assert page.js("window.policykg.nodes.length") == expected
    # every node has a position on the canvas: it was drawn
    assert page.js("Object.keys(window.policykg.network.getPositions()).length") == expected
    assert page.js("window.policykg.settledMs") < 20000
    assert page.requests == []


@pytest.mark.parametrize("query", ["科技局", "Guangzhou Municipal Science and Technology Bureau"])
def test_search_finds_the_bureau(opened, pages, query):
    page = opened(pages["overview"])
    page.page.fill("#search", query)
    first = page.page.locator("#results li").first
    assert first.get_attribute("data-id") == SCI_TECH
    page.page.press("#search", "Enter")
    assert page.js("window.policykg.selected") == SCI_TECH
    assert page.js("window.policykg.network.getSelectedNodes()") == [SCI_TECH]
    assert page.page.locator("#details h3").text_content() == "市科技局"


def test_class_filter_hides_a_class(opened, pages):
    page = opened(pages["overview"])
    targets = page.js("window.policykg.data.nodes.filter(n => n.cls === 'target').length")
    visible = "window.policykg.nodes.get({filter: n => !n.hidden}).length"
    before = page.js(visible)
    page.page.uncheck('#classes input[value="target"]')
    assert page.js(visible) == before - targets
    page.page.check('#classes input[value="target"]')
    assert page.js(visible) == before


def test_legend_shows_counts(opened, pages):
    page = opened(pages["overview"])
    text = page.page.locator('#classes label[data-class="task"]').text_content()
    assert text.endswith("16")


def test_ranking_table_selects_a_unit(opened, pages):
    page = opened(pages["coresponsibility"])
    rows = page.page.locator("#ranking tbody tr")
    assert rows.count() == page.js("window.policykg.nodes.length")
    rows.first.click()
    assert page.js("window.policykg.selected") == SCI_TECH


def test_injection_probe_stays_inert(opened, tmp_path):
    from test_visualize import IMG, SCRIPT, injection_dataset

    path = write_view(injection_dataset(), "overview", tmp_path / "probe.html")
    page = opened(path)
    assert page.js("typeof window.__pwned") == "undefined"
    task = page.js("window.policykg.data.nodes.find(n => n.cls === 'task').id")
    page.js(f"window.policykg.choose({task!r})")
    heading = page.page.locator("#details h3").text_content()
    assert heading == f"{IMG}加強{SCRIPT}平臺建設"
    page.page.fill("#search", "辦公室")
    page.page.press("#search", "Enter")
    assert page.page.locator("#details h3").text_content() == f"市{IMG}辦公室{SCRIPT}"
    page.page.hover("#graph")
    assert page.js("typeof window.__pwned") == "undefined"
    assert page.page.locator("#details img").count() == 0
    assert page.requests == []
