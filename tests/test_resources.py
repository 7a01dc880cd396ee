"""The trained models and the corpus ship with the wheel (setup.py data files) and are found
where a wheel installs them, not only in the checkout (scripts/wheel-check.sh runs the real
install; this checks the pieces quickly)."""

from __future__ import annotations

import ast
from pathlib import Path

from ccompare import resources
from ccompare.compare.align import load_calibration
from ccompare.compare.areas import default_model_dir

ROOT = Path(__file__).resolve().parents[1]


def _shipped() -> tuple[str, ...]:
    tree = ast.parse((ROOT / "setup.py").read_text("utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "SHIPPED" for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError("setup.py names no SHIPPED folders")


def test_the_models_the_code_loads_are_shipped() -> None:
    shipped = _shipped()
    for folder in ("corpus", "models/align", "models/area"):
        assert folder in shipped
        assert (ROOT / folder).is_dir()
    manifest = (ROOT / "MANIFEST.in").read_text("utf-8")
    assert "models/align" in manifest and "models/area" in manifest


def test_installed_copies_are_found_when_the_checkout_has_none(tmp_path, monkeypatch) -> None:
    share = tmp_path / "share" / "ccompare"
    (share / "models" / "align").mkdir(parents=True)
    (share / "models" / "align" / "calibration.json").write_bytes(
        (ROOT / "models" / "align" / "calibration.json").read_bytes())
    (share / "models" / "area").mkdir(parents=True)
    monkeypatch.setattr(resources, "CHECKOUT", tmp_path / "no-checkout")
    monkeypatch.setattr(resources, "installed_share", lambda: [share])
    assert default_model_dir() == share / "models" / "area"
    calibration = load_calibration()
    assert calibration.source == "models/align/calibration.json"
    assert calibration.metrics  # the fitted calibration, not the fallback


def test_without_any_calibration_the_fallback_says_so(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(resources, "CHECKOUT", tmp_path / "no-checkout")
    monkeypatch.setattr(resources, "installed_share", lambda: [tmp_path / "nothing"])
    import importlib

    monkeypatch.setattr(importlib.import_module("ccompare.compare.align"), "project_root",
                        lambda: tmp_path / "no-checkout")
    calibration = load_calibration()
    assert calibration.source.startswith("fallback")
