"""axe-core accessibility checks (the copy packaged with axe-playwright-python)."""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe

SERIOUS = {"serious", "critical"}


def serious_violations(page: Any) -> list[str]:
    results = Axe().run(page)
    violations = results.response.get("violations", [])
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(node.get("target")) for node in v.get("nodes", [])[:3])
        for v in violations
        if v.get("impact") in SERIOUS
    ]
