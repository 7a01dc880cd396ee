"""Synthetic plan *documents* for the whole-pipeline benchmark: files in the seed genres.

Each document renders a synthetic plan (benchmarks/synthetic.py) in one of three genres the
seeds show: an appendix table (tab-separated cells, HTML fragments, a header repeated after a
page break, a row broken across it), prose duties grouped by agency under "TỔ CHỨC THỰC HIỆN",
or OCR-damaged prose (diacritics lost on most lines). Provinces and years vary.

    python benchmarks/synthetic_docs.py OUT_DIR --plans 1000
"""

from __future__ import annotations

import argparse
import random
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.synthetic import synthetic_corpus  # noqa: E402
from ccompare.provinces import provinces  # noqa: E402
from ccompare.schema import Plan  # noqa: E402

HEADER = "STT\tNhiệm vụ\tKết quả/sản phẩm\tTiến độ\tPhân công (cơ quan chủ trì/cơ quan phối hợp)"


def _strip_diacritics(text: str, rng: random.Random) -> str:
    out = []
    for ch in text:
        base = unicodedata.normalize("NFD", ch)[0]
        out.append(("d" if ch in "đĐ" else base) if rng.random() < 0.8 else ch)
    return "".join(out)


def _front(plan: Plan, name: str, number: int) -> list[str]:
    return [
        "ỦY BAN NHÂN DÂN", f"TỈNH {name.upper()}", "", f"Số: {number}/KH-UBND", "",
        f"{name}, ngày 15 tháng 01 năm {plan.year}", "", "KẾ HOẠCH", plan.title or "", "",
        f"Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ; Ủy ban nhân dân tỉnh {name} "
        "ban hành Kế hoạch như sau:", "",
        "I. MỤC ĐÍCH, YÊU CẦU", "", "Mức độ hài lòng của người dân đạt trên 85%.", "",
    ]


def render(plan: Plan, genre: str, rng: random.Random) -> str:
    name = provinces()[plan.province].name
    lines = _front(plan, name, rng.randint(10, 9999))
    if genre == "table":
        lines += ["II. NHIỆM VỤ", "", "(Chi tiết tại Phụ lục)", "", "III. TỔ CHỨC THỰC HIỆN", "",
                  "Sở Nội vụ theo dõi, tổng hợp, báo cáo UBND tỉnh.", "", "PHỤ LỤC", "", HEADER]
        for k, task in enumerate(plan.tasks, start=1):
            lead = ", ".join(task.lead) or "Các cơ quan, đơn vị, địa phương"
            output = f"<ul><li><p>- {task.output or 'Văn bản triển khai'}</p></li></ul>"
            row = [str(k), task.text, output, task.deadline or "Trong năm", f"{lead} chủ trì"]
            if k % 17 == 0:  # a row broken across a page break, header repeated
                cut = len(task.text) // 2
                lines.append("\t".join([str(k), task.text[:cut], output, row[3], row[4]]))
                lines += ["", HEADER, "\t" + task.text[cut:].lower() + "\t\t\t"]
            else:
                lines.append("\t".join(row))
    else:
        lines += ["II. TỔ CHỨC THỰC HIỆN", ""]
        by_lead: dict[str, list[str]] = {}
        for task in plan.tasks:
            by_lead.setdefault(task.lead[0] if task.lead else "Các sở, ban, ngành", []).append(task.text)
        for k, (lead, texts) in enumerate(sorted(by_lead.items()), start=1):
            lines += [f"{k}. {lead}", ""]
            for letter, text in zip("abcdeghiklmnopqrstuvxy", texts, strict=False):
                lines += [f"{letter}) {text}", ""]
        if genre == "ocr":
            lines = [_strip_diacritics(line, rng) if i > 8 else line for i, line in enumerate(lines)]
    lines += ["", "Nơi nhận:", "- Bộ Nội vụ;", "- Lưu: VT.", "", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "",
              "Nguyễn Văn An"]
    return "\n".join(lines) + "\n"


def write_corpus(out: Path, n_plans: int = 1000, tasks_per_plan: int = 30, seed: int = 0) -> list[Path]:
    rng = random.Random(seed)
    plans, _truth = synthetic_corpus(n_plans=n_plans, tasks_per_plan=tasks_per_plan, seed=seed)
    paths = []
    for k, plan in enumerate(plans):
        genre = rng.choice(("table", "table", "prose", "ocr"))
        path = out / plan.province / f"{k:04d}_{genre}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(plan, genre, rng), "utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--plans", type=int, default=1000)
    parser.add_argument("--tasks", type=int, default=30)
    args = parser.parse_args()
    paths = write_corpus(args.out, args.plans, args.tasks)
    print(f"wrote {len(paths)} documents under {args.out}")


if __name__ == "__main__":
    main()
