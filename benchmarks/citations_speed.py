"""Citation extraction speed over the bundled corpus replicated to >= 50 MB, against a floor.

The floor is one compiled regex scan (a number followed by '/' and a capital: the cheapest
test for a document symbol) over the same text. Extraction is `ccompare.citations.cite` on
every replicated document, timed twice: from the NFC text (folding included, as a fresh
SourceText computes it) and from a SourceText whose folded view is already computed (the
reader does it once for every extractor).

    python benchmarks/citations_speed.py            # 50 MB
    python benchmarks/citations_speed.py --mb 5     # quicker
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from ccompare.citations import cite
from ccompare.read.source import SourceText, read_source
from ccompare.structure import build_plan

FLOOR_RX = re.compile(r"\d+/[A-ZĐ]")


def corpus(root: Path) -> list[tuple[SourceText, object]]:
    out = []
    for path in sorted(root.rglob("*.txt")) + sorted(root.rglob("*.md")):
        src = read_source(path)
        out.append((src, build_plan(src)))
    return out


def best(fn, repeat: int) -> tuple[float, int]:
    """Fastest of `repeat` runs (the machine is shared: the minimum is the least disturbed)."""
    times, result = [], 0
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=50.0, help="size of the replicated corpus in MB (UTF-8)")
    ap.add_argument("--repeat", type=int, default=3, help="best of this many runs of each measurement")
    ap.add_argument("--corpus", default=str(Path(__file__).resolve().parents[1] / "corpus" / "raw"))
    args = ap.parse_args()

    docs = corpus(Path(args.corpus))
    size = sum(len(s.text.encode("utf-8")) for s, _ in docs)
    copies = max(1, int(args.mb * 1e6 // size) + (args.mb * 1e6 % size > 0))
    total_mb = size * copies / 1e6
    texts = [(s.text, p) for s, p in docs] * copies
    print(f"corpus: {len(docs)} documents, {size / 1e6:.3f} MB; replicated x{copies} = {total_mb:.1f} MB, "
          f"{len(texts)} documents")

    whole = "\n".join(t for t, _ in texts)

    def floor_run() -> int:
        return sum(1 for _ in FLOOR_RX.finditer(whole))

    def full_run() -> int:  # folding included: a fresh SourceText folds on first use
        return sum(len(cite(SourceText("bench", "", text), plan)[0]) for text, plan in texts)

    prepared = [(SourceText("bench", "", text), plan) for text, plan in texts]
    for src, _ in prepared:
        _ = src.folded

    def cite_run() -> int:
        return sum(len(cite(src, plan)[0]) for src, plan in prepared)

    floor_s, n_floor = best(floor_run, args.repeat)
    full_s, n_full = best(full_run, args.repeat)
    cite_s, n_cite = best(cite_run, args.repeat)
    floor = total_mb / floor_s
    full = total_mb / full_s
    only = total_mb / cite_s
    print(f"best of {args.repeat} runs each")
    print(f"floor (one regex scan)         {floor:8.1f} MB/s  ({n_floor} matches)")
    print(f"cite, folding included         {full:8.1f} MB/s  ({n_full} citations)  ratio {full / floor:.2f}")
    print(f"cite, folded text given        {only:8.1f} MB/s  ({n_cite} citations)  ratio {only / floor:.2f}")


if __name__ == "__main__":
    main()
