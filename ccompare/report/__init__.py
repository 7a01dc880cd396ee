"""The HTML report (`ccompare report`): site writer, templates, charts and evidence pages."""

from __future__ import annotations

from ccompare.report.site import page_names, write_report

__all__ = ["page_names", "write_report"]
