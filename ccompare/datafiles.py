"""Load the language and domain data in ccompare/data once, cached."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def load_json(name: str) -> Any:
    return json.loads(resources.files("ccompare.data").joinpath(name).read_text("utf-8"))
