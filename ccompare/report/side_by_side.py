"""Two plans side by side: aligned tasks in two columns with the words they share highlighted,
leads and deadlines beside each task, and each plan's own tasks (gaps) listed on its side.

One self-contained HTML page (inline style, no script, nothing from the network), like
textreuse's aligned view but for the task pairs of `ccompare compare`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from markupsafe import Markup, escape

from ccompare.datafiles import load_json
from ccompare.read.fold import fold
from ccompare.rows import gap_rows, pair_rows, related_rows
from ccompare.schema import Plan, Task
from ccompare.uitext import ui_strings

_WORD = re.compile(r"\w+")


def _words(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), fold(m.group(0).lower())) for m in _WORD.finditer(text)]


def shared_words(text_a: str, text_b: str) -> set[tuple[str, str]]:
    """Pairs of consecutive words (folded) both texts contain: a Vietnamese word is mostly two
    syllables, so shared single syllables ('cơ', 'quan' of different words) would be noise."""
    stop = {fold(w) for w in load_json("compare_terms.json")["stop_words"]}

    def bigrams(text: str) -> set[tuple[str, str]]:
        keys = [k for _, _, k in _words(text)]
        return {(x, y) for x, y in zip(keys, keys[1:], strict=False) if not (x in stop and y in stop)}

    return bigrams(text_a) & bigrams(text_b)


def highlight(text: str, shared: set[tuple[str, str]]) -> Markup:
    """`text` escaped, each word that starts or ends a shared pair of words wrapped in <mark>."""
    words = _words(text)
    marked = [False] * len(words)
    for k in range(len(words) - 1):
        if (words[k][2], words[k + 1][2]) in shared:
            marked[k] = marked[k + 1] = True
    out, pos = [], 0
    for (start, end, _), hit in zip(words, marked, strict=True):
        if hit:
            out += [escape(text[pos:start]), Markup("<mark>"), escape(text[start:end]), Markup("</mark>")]
            pos = end
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def side_by_side_html(comparison: Any, plans: Sequence[Plan], *, lang: str = "vi") -> str:
    """The page for a comparison of exactly two plans (`comparison`: a Comparison or its JSON)."""
    if len(plans) != 2:
        raise ValueError(f"the side-by-side view shows two plans; {len(plans)} were given")
    ui = ui_strings("side_by_side", lang)
    a, b = plans
    tasks: Mapping[str, Task] = {t.id: t for p in plans for t in p.tasks}
    order = {t.id: k for k, t in enumerate(t for p in plans for t in p.tasks)}

    def two_columns(records) -> list[dict[str, Any]]:
        """Rows of `records` (pair or related rows) between a and b, a's task on the left."""
        out = []
        for pair in records:
            if {pair["a_plan"], pair["b_plan"]} != {a.id, b.id}:
                continue
            left, right = ("a", "b") if pair["a_plan"] == a.id else ("b", "a")
            ta, tb = tasks.get(pair[f"{left}_task"]), tasks.get(pair[f"{right}_task"])
            if ta is None or tb is None:
                continue
            words = shared_words(ta.text, tb.text)
            out.append({**pair, "score": float(pair["score"] or 0.0), "a": _side(ta, words), "b": _side(tb, words)})
        out.sort(key=lambda r: (order.get(r["a"]["id"], 0), -r["score"]))
        return out

    rows = two_columns(pair_rows(comparison))
    related = two_columns(related_rows(comparison))

    def gaps(plan: Plan, other: Plan) -> list[dict[str, Any]]:
        ids = [g["task_id"] for g in gap_rows(comparison) if g["plan_id"] == plan.id and g["missing_in"] == other.id]
        return [_side(tasks[i], set()) | {"text": tasks[i].text} for i in sorted(set(ids), key=order.get)
                if i in tasks]

    from ccompare.report.site import template_env

    page = template_env().get_template("side_by_side.html")
    return page.render(lang=lang, ui=ui, a=a, b=b, rows=rows, related=related, gaps_a=gaps(a, b), gaps_b=gaps(b, a))


def _side(task: Task, words: set[str]) -> dict[str, Any]:
    return {"id": task.id, "number": task.number, "marked": highlight(task.text, words), "lead": list(task.lead),
            "deadline": task.deadline}
