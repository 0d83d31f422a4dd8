"""axe-core, the accessibility engine, run inside the Playwright page.

axe-core comes from the npm registry, pinned by package.json/package-lock.json at the root
of the repository (`make test` installs it with `npm ci`). The script is evaluated in the
page through the DevTools protocol, as the browser's own tools do, so the site's strict
Content-Security-Policy (no inline script) stays as it is and still applies to the page.
"""

from functools import cache
from pathlib import Path

import pytest

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
#: The impacts that fail a page.
BLOCKING = ("critical", "serious")

RUN = """async (context) => {
  const results = await axe.run(context || document, {
    resultTypes: ["violations"],
    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                     "wcag22aa", "best-practice"]},
  });
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => ({target: n.target, html: n.html.slice(0, 200),
                                           summary: n.failureSummary})),
  }));
}"""


@cache
def axe_source():
    if not AXE_JS.exists():
        pytest.fail("axe-core is missing: `make test` installs it (npm ci).")
    return AXE_JS.read_text(encoding="utf-8")


def run_axe(page, context=None, impacts=BLOCKING):
    """The violations on the page (or within the `context` selector) of the given impacts.

    Each violation is a dict: id, impact, help and up to five offending nodes (target, html,
    summary). An empty list means the page passes.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        session = page.context.new_cdp_session(page)
        try:
            answer = session.send("Runtime.evaluate", {"expression": axe_source()})
        finally:
            session.detach()
        assert "exceptionDetails" not in answer, answer["exceptionDetails"]
    violations = page.evaluate(RUN, context)
    return [v for v in violations if v["impact"] in impacts]


def format_violations(violations):
    """A readable report for an assertion message."""
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']}")
        for node in v["nodes"]:
            lines.append(f"    {node['target']} {node['html']}")
    return "\n".join(lines)


def assert_pages_pass_axe(browser, base_url, paths, viewport, *, map_starts, map_required=False):
    """axe-core on each path in one browser context; `map_starts` says whether the
    interactive map starts by itself (desktop), in which case axe runs once it is drawn."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(20_000)
    failures = {}
    for path in paths:
        page.goto(base_url + path, wait_until="load")
        if map_required:
            assert page.locator("[data-ess-map]").count() >= 1, path
        if map_starts and page.locator("[data-ess-map]").count():
            page.wait_for_selector(".ess-map__frame.is-interactive")
            page.wait_for_selector(".ess-map__shape")
        violations = run_axe(page)
        if violations:
            failures[path] = format_violations(violations)
    context.close()
    assert not failures, "\n\n".join(f"{path}\n{report}" for path, report in failures.items())
