"""Structure: header, sections, tables, prose duties and targets -> Plan (without citations)."""

from ccompare.structure.plan import build_plan, looks_like_plan, plan_id

__all__ = ["build_plan", "looks_like_plan", "plan_id"]
