"""The import contracts cover every app of ours: a new app is not left out of the rule that its
modules import each other one way (pyproject.toml, checked by lint-imports in make test)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]


def _acyclic_ancestors() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    (contract,) = (
        contract
        for contract in config["tool"]["importlinter"]["contracts"]
        if contract["type"] == "acyclic_siblings"
    )
    return set(contract["ancestors"])


def test_every_app_of_ours_is_held_to_no_import_cycles() -> None:
    ours = {
        app.name
        for app in apps.get_app_configs()
        if Path(app.path).is_relative_to(ROOT)
        and "site-packages" not in Path(app.path).parts
        and app.name != "forum"
    }
    # `forum` itself holds the apps above, whose layers contract names the imports they allow.

    assert ours - _acyclic_ancestors() == set()
