"""A synthetic corpus of plans generated from the seed plans' tasks, for benchmarks.

Each synthetic plan takes a random province and year and a random sample of the seed tasks
(the templates), and rewrites each with the variation real plans show: abbreviations used or
spelled out (CCHC / cải cách hành chính, TTHC, TT&TT), the province name and year replaced,
quotas changed (05 -> 03 tin, bài/tháng), an opening verb added or dropped ('Tiếp tục', 'Đẩy
mạnh'), a trailing clause dropped, the lead agency sometimes swapped and the deadline varied.
`template` on each task says which seed task it came from: the ground truth of "same task".

    from benchmarks.synthetic import synthetic_corpus
    plans = synthetic_corpus(n_plans=1000, tasks_per_plan=50, seed=0)
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, replace
from pathlib import Path

from ccompare.schema import Plan, Source, Task

ROOT = Path(__file__).resolve().parents[1]

SWAPS = [  # (long form, short form): either may appear in a rewritten task
    ("cải cách hành chính", "CCHC"),
    ("thủ tục hành chính", "TTHC"),
    ("Thông tin và Truyền thông", "TT&TT"),
    ("Ủy ban nhân dân", "UBND"),
    ("dịch vụ công trực tuyến", "DVCTT"),
    ("Phát thanh và Truyền hình", "PT-TH"),
    ("cán bộ, công chức, viên chức", "CBCCVC"),
]
OPENERS = ["Tiếp tục ", "Đẩy mạnh ", "Tăng cường ", "Chủ động ", ""]
DEADLINES = ["Thường xuyên trong năm {y}", "Trong năm {y}", "Quý I/{y}", "Quý II/{y}", "Quý III/{y}",
             "Tháng 02/{y}", "Định kỳ hàng tháng", "Theo tiến độ của Trung ương", None]


@dataclass(frozen=True)
class Template:
    key: str  # seed plan id + task id
    task: Task
    province_names: tuple[str, ...]


def seed_templates(corpus: Path | None = None) -> list[Template]:
    """The tasks of the bundled corpus, each a template for synthetic tasks."""
    from ccompare.extract import extract_plans
    from ccompare.provinces import provinces

    plans = extract_plans([corpus or ROOT / "corpus" / "raw"]).plans
    names = tuple(p.name for p in provinces().values())
    return [Template(t.id, t, names) for p in plans for t in p.tasks if len(t.text) > 15]


def _vary(text: str, rng: random.Random, province: str, year: int) -> str:
    for long, short in SWAPS:
        if rng.random() < 0.5:
            text = text.replace(long, short)
        else:
            text = text.replace(short, long)
    text = re.sub(r"\b20\d\d\b", str(year), text)
    text = re.sub(r"\b0(\d)\b", lambda m: f"0{max(1, int(m.group(1)) + rng.choice((-1, 0, 1)))}", text)
    for name in ("Khánh Hòa", "Bình Thuận", "Hà Tĩnh"):
        text = text.replace(name, province)
    parts = [p for p in re.split(r"(?<=;)\s+", text) if p.strip()]
    if len(parts) > 1 and rng.random() < 0.4:
        text = " ".join(parts[:-1]).rstrip(";")
    opener = rng.choice(OPENERS)
    if opener and not text.startswith(opener.strip()):
        text = opener + text[:1].lower() + text[1:]
    elif rng.random() < 0.3:
        text = re.sub(r"^(Tiếp tục|Đẩy mạnh|Tăng cường|Chủ động)\s+", "", text)
        text = text[:1].upper() + text[1:]
    return text


def synthetic_corpus(n_plans: int = 1000, tasks_per_plan: int = 50, seed: int = 0,
                     templates: list[Template] | None = None) -> tuple[list[Plan], dict[str, str]]:
    """`n_plans` plans of `tasks_per_plan` tasks; returns the plans and task id -> template key."""
    from ccompare.provinces import provinces

    rng = random.Random(seed)
    templates = templates or seed_templates()
    all_provinces = sorted(provinces().values(), key=lambda p: p.slug)
    leads = sorted({ld for t in templates for ld in t.task.lead})
    truth: dict[str, str] = {}
    plans: list[Plan] = []
    for k in range(n_plans):
        prov = rng.choice(all_provinces)
        year = rng.choice((2023, 2024, 2025, 2026))
        pid = f"{prov.slug}/{year}/kh-synthetic-{k:04d}"
        chosen = rng.sample(templates, min(tasks_per_plan, len(templates)))
        tasks = []
        for n, tpl in enumerate(chosen, start=1):
            lead = tpl.task.lead
            if lead and rng.random() < 0.2:
                lead = (rng.choice(leads),)
            deadline = rng.choice(DEADLINES)
            task = replace(tpl.task, id=f"{pid}#t{n}", number=str(n),
                           text=_vary(tpl.task.text, rng, prov.name, year), lead=tuple(lead),
                           deadline=deadline.format(y=year) if deadline else None, area=None)
            truth[task.id] = tpl.key
            tasks.append(task)
        plans.append(Plan(id=pid, source=Source(f"synthetic/{pid}.txt", "0" * 64), province=prov.slug,
                          kind="plan", draft=False, number=None, doc_type="KH", issuer="UBND",
                          date=f"{year}-01-15", title=f"Kế hoạch tuyên truyền cải cách hành chính năm {year}",
                          tasks=tuple(tasks), year=year))
    return plans, truth
