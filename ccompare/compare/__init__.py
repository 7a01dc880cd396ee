"""Compare plans: align tasks across plans, find gaps and lead/deadline/target differences,
and tag tasks with their reform area."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # heavy imports stay lazy: `ccompare --help` must not load sklearn or spaCy
    from ccompare.compare.comparison import Comparison

__all__ = ["compare_plans", "comparison_to_data", "matrix_view", "tag_areas", "load_area_model"]


def compare_plans(*args: Any, **kwargs: Any) -> Comparison:
    from ccompare.compare.comparison import compare_plans as run

    return run(*args, **kwargs)


def comparison_to_data(comparison: Comparison) -> dict:
    from ccompare.compare.tables import comparison_to_data as run

    return run(comparison)


def matrix_view(comparison: Comparison | dict) -> dict:
    from ccompare.compare.tables import matrix_view as run

    return run(comparison)


def tag_areas(*args: Any, **kwargs: Any):
    from ccompare.compare.areas import tag_areas as run

    return run(*args, **kwargs)


def load_area_model(*args: Any, **kwargs: Any):
    from ccompare.compare.areas import load_area_model as run

    return run(*args, **kwargs)
