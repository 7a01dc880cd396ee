"""Reform-area tagging: every task gets one of the seven area codes of DESIGN.md.

Three sources, in order:
1. the plan itself: tasks in an appendix grouped under a reform-area heading ('II. CẢI CÁCH
   THỦ TỤC HÀNH CHÍNH') take that area (headings in data/reform_areas.json);
2. the trained text classifier in models/area/ (a blank Vietnamese spaCy pipeline with a
   component that keeps document symbols and dates whole, and a bag-of-words text classifier,
   trained by models/train_area_model.py);
3. when no trained model is there, or the training script found the keyword baseline better,
   the keyword baseline (keywords in data/reform_areas.json), and `area_model_note()` says so.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from ccompare.compare.collector import collector_paused
from ccompare.compare.progress import stage_ticker
from ccompare.datafiles import load_json
from ccompare.read.fold import fold
from ccompare.schema import AREAS, Plan

COMPONENT = "ccompare_keep_symbols"
# document symbols (76/NQ-CP, 09-NQ/TW, 271/QĐ-UBND, 55/2022/QH15), dates (15/7/2021, 02/2024),
# percentages and decimals: one token each, so the classifier sees them as one feature
SYMBOL = re.compile(
    r"\d+(?:/\d+)*(?:[/-][A-ZĐa-zđ][A-ZĐa-zđ0-9&]*(?:[-/][A-ZĐa-zđ0-9&]+)*)"
    r"|\d{1,2}/\d{1,2}/\d{4}|\d{1,2}/\d{4}|\d+(?:[.,]\d+)?%")


def _register_component() -> None:
    from spacy.language import Language

    if Language.has_factory(COMPONENT):
        return

    @Language.component(COMPONENT)
    def keep_symbols(doc):
        """Merge the tokens of each document symbol, date or percentage into one."""
        spans = []
        for m in SYMBOL.finditer(doc.text):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is not None and len(span) > 1:
                spans.append(span)
        if spans:
            from spacy.util import filter_spans

            with doc.retokenize() as retokenizer:
                for span in filter_spans(spans):
                    retokenizer.merge(span)
        return doc


def blank_pipeline():
    """spacy.blank('vi') (pyvi word segmentation) plus the symbol-keeping component."""
    import spacy

    _register_component()
    nlp = spacy.blank("vi")
    nlp.add_pipe(COMPONENT)
    return nlp


# --- keyword baseline -------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _keyword_rx() -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for area in load_json("reform_areas.json")["areas"]:
        words = sorted(area["keywords"], key=len, reverse=True)
        out.append((area["code"], re.compile(r"(?<![a-z0-9])(?:" + "|".join(map(re.escape, words)) + r")(?![a-z0-9])")))
    return out


def keyword_area(text: str) -> str | None:
    """The area whose keywords cover most characters of the text (None when none occurs)."""
    folded = fold(text)
    best, best_score = None, 0
    for code, rx in _keyword_rx():
        score = sum(len(m.group(0)) for m in rx.finditer(folded))
        if score > best_score:
            best, best_score = code, score
    return best


@lru_cache(maxsize=1)
def _heading_map() -> list[tuple[str, str]]:
    pairs = [(h, a["code"]) for a in load_json("reform_areas.json")["areas"] for h in a["headings"]]
    return sorted(pairs, key=lambda p: len(p[0]), reverse=True)


@lru_cache(maxsize=1)
def _heading_patterns() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(r"(?<![a-z])" + re.escape(h) + r"(?![a-z])"), code) for h, code in _heading_map()]


@lru_cache(maxsize=1)
def _any_heading() -> re.Pattern[str]:
    """Whether a heading names any area at all: one search instead of one per area heading
    (most headings of a plan name none; 200 plans have 2,912 distinct headings)."""
    return re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(h) for h, _ in _heading_map()) + r")(?![a-z])")


@lru_cache(maxsize=4096)  # a plan's tasks share a few headings, and plans share their wording
def heading_area(heading: str | None) -> str | None:
    """The area a section heading names ('CẢI CÁCH THỂ CHẾ' -> the-che), if any."""
    if not heading:
        return None
    f = " ".join(fold(heading).split())
    if not _any_heading().search(f):
        return None
    for rx, code in _heading_patterns():
        if rx.search(f):
            return code
    return None


# --- the model --------------------------------------------------------------------------------

def default_model_dir() -> Path:
    """models/area of the checkout, else of the wheel's data files."""
    from ccompare.resources import project_folder

    return project_folder("models/area") or Path(__file__).resolve().parents[2] / "models" / "area"


@dataclass
class AreaModel:
    """predict(texts) -> area codes (or None); `kind` is 'spacy' or 'keywords'."""

    kind: str  # "spacy", "ensemble" (spacy + keyword vote) or "keywords"
    note: str | None = None
    nlp: object | None = None
    keyword_vote: float = 0.0

    def predict(self, texts: Sequence[str]) -> list[str | None]:
        if self.kind == "keywords" or self.nlp is None:
            return [keyword_area(t) for t in texts]
        out: list[str | None] = []
        for text, doc in zip(texts, self.nlp.pipe(list(texts), batch_size=64), strict=True):
            cats = doc.cats
            keyword = keyword_area(text) if self.keyword_vote and _vote_may_count(cats, self.keyword_vote) else None
            out.append(max(cats, key=lambda c: cats[c] + (self.keyword_vote if c == keyword else 0.0)))
        return out


def _vote_may_count(cats: dict[str, float], vote: float) -> bool:
    """Whether a keyword's vote could change the model's area: not when its best area leads every
    other by more than the vote (71% of 200 plans' 3,916 texts; their keywords are left unread)."""
    if len(cats) < 2:
        return False
    best, second = sorted(cats.values(), reverse=True)[:2]
    return second + vote >= best  # the sum `predict` forms, so no rounding tells them apart


_NOTE: list[str | None] = [None]


def load_area_model(path: str | Path | None = None) -> AreaModel:
    """The trained pipeline under models/area/, or the keyword baseline (with a note) when the
    model is missing or the training script kept the baseline."""
    model_dir = Path(path) if path else default_model_dir()
    metrics_file = model_dir / "metrics.json"
    metrics = json.loads(metrics_file.read_text("utf-8")) if metrics_file.is_file() else {}
    if metrics:
        if metrics.get("kept") == "keywords":
            return AreaModel("keywords", "the keyword baseline beat the trained model in "
                             f"{metrics_file}; tagging areas by keywords")
    if not (model_dir / "config.cfg").is_file():
        return AreaModel("keywords", f"no trained area model at {model_dir}; tagging areas by keywords "
                         "(run models/train_area_model.py)")
    import spacy

    _register_component()
    vote = float(metrics.get("keyword_vote", 0.0))
    return AreaModel("ensemble" if vote else "spacy", None, faster_tokenizer(spacy.load(model_dir)), vote)


def faster_tokenizer(nlp):
    """The pipeline with its Vietnamese tokenizer's pyvi swapped for wordseg.fast_pyvi: the same
    words (same CRF labels), six to nine times faster than pyvi's own code (figures in wordseg)."""
    from ccompare.compare.wordseg import fast_pyvi

    fast = fast_pyvi()
    if fast is not None and getattr(nlp.tokenizer, "use_pyvi", False) and hasattr(nlp.tokenizer, "ViTokenizer"):
        nlp.tokenizer.ViTokenizer = fast
    return nlp


@lru_cache(maxsize=1)
def default_area_model() -> AreaModel:
    """`load_area_model()`, loaded once per process."""
    return load_area_model()


def area_model_note() -> str | None:
    """Why areas were tagged by keywords instead of the trained model, if they were."""
    return _NOTE[0]


AREA_CHUNK = 512  # distinct texts the model reads per chunk


@dataclass(frozen=True)
class PendingAreas:
    """Plans with the areas their headings name filled in, and the distinct texts of the tasks
    left for the model (`area_texts`): `tag_areas` reads them at once, `compare_plans` in the
    same round of workers as its text analysis."""

    headed: tuple[tuple[Plan, tuple, tuple[int, ...]], ...]  # (plan, its tasks, the ones left)
    texts: tuple[str, ...]

    def chunks(self) -> list[list[str]]:
        return [list(self.texts[s:s + AREA_CHUNK]) for s in range(0, len(self.texts), AREA_CHUNK)]

    def apply(self, codes: Sequence[str | None]) -> list[Plan]:
        """The plans with each left task's area: `codes` are the model's, one per text of `texts`."""
        area_of = dict(zip(self.texts, codes, strict=True))
        out = []
        for plan, tasks, todo in self.headed:
            tasks = list(tasks)
            for n in todo:
                code = area_of[tasks[n].text]
                tasks[n] = replace(tasks[n], area=code if code in AREAS else None)
            out.append(replace(plan, tasks=tuple(tasks)))
        return out


def area_texts(plans: Sequence[Plan]) -> PendingAreas:
    """Fill Task.area from a reform-area section heading where the plan has one, and list the
    distinct texts of the tasks still without an area (tasks with one keep it)."""
    headed = []
    for plan in plans:
        headings = {s.path: s.heading for s in plan.sections}
        todo, tasks = [], list(plan.tasks)
        for n, task in enumerate(tasks):
            if task.area is not None:
                continue
            found = None
            for k in range(len(task.section), 0, -1):
                found = heading_area(headings.get(tuple(task.section[:k])))
                if found:
                    break
            if found:
                tasks[n] = replace(task, area=found)
            else:
                todo.append(n)
        headed.append((plan, tuple(tasks), tuple(todo)))
    unique = tuple(dict.fromkeys(tasks[n].text for _, tasks, todo in headed for n in todo))
    return PendingAreas(tuple(headed), unique)


def tagging_model(model: AreaModel | None = None) -> AreaModel:
    """`model`, else the default one; `area_model_note()` then says whether it is the keyword baseline."""
    model = model or default_area_model()
    _NOTE[0] = model.note
    return model


def model_for_workers(model: AreaModel | None) -> AreaModel | None:
    """What to send a worker: None for this process' default model (a forked or remote worker
    loads its own once), else the model itself."""
    return None if model is None or model is default_area_model() else model


@collector_paused()
def tag_areas(plans: Sequence[Plan], model: AreaModel | None = None, *, mapper=None, progress=None) -> list[Plan]:
    """Fill Task.area where it is None: from a reform-area section heading, else the model.

    The model reads each distinct text once, in chunks that `mapper` (compare/parallel.py) may
    run elsewhere; `progress(stage, done, total)` hears of them."""
    model = tagging_model(model)
    pending = area_texts(plans)
    chunks = pending.chunks()
    tick = stage_ticker(progress, "areas", len(chunks))
    if mapper is None:
        predicted = []
        for c in chunks:
            predicted.append(predict_areas(model, c))
            tick(1)
    else:
        predicted = mapper(predict_areas, model_for_workers(model), chunks, progress=tick)
    return pending.apply([code for codes in predicted for code in codes])


def predict_areas(model: AreaModel | None, texts: list[str]) -> list[str | None]:
    """Areas of a chunk of texts (`model` None: this process' default model, loaded once)."""
    return (model or default_area_model()).predict(texts)
