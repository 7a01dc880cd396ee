"""Vietnamese word segmentation: pyvi's own tokenizer against `compare.wordseg` (its CRF decoded
from pyvi's model), on every line of the bundled corpus as written and in lower case, the two
forms a comparison segments (the area model reads task texts as written, the text analysis reads
lower-case syllables). The words must be the same; the run exits 1 when any line differs.

    python benchmarks/wordseg_bench.py              # best of 3
    python benchmarks/wordseg_bench.py --repeat 5
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ccompare.compare.wordseg import fast_pyvi
from ccompare.read.source import read_source


def lines(root: Path) -> list[str]:
    out = []
    for path in sorted(root.rglob("*.txt")) + sorted(root.rglob("*.md")):
        out += [line.strip() for line in read_source(path).text.splitlines() if line.strip()]
    return out + [line.lower() for line in out]


def best(fn, sentences: list[str], repeat: int) -> tuple[float, list[str]]:
    """Fastest of `repeat` runs (the machine is shared: the minimum is the least disturbed)."""
    times, words = [], []
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        words = [fn(s) for s in sentences]
        times.append(time.perf_counter() - start)
    return min(times), words


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="best of this many runs of each tokenizer")
    ap.add_argument("--corpus", default=str(Path(__file__).resolve().parents[1] / "corpus" / "raw"))
    args = ap.parse_args()

    from pyvi import ViTokenizer

    pyvi = ViTokenizer.ViTokenizer
    fast = fast_pyvi().ViTokenizer
    sentences = lines(Path(args.corpus))
    syllables = sum(len(pyvi.sylabelize(s)[1]) for s in sentences)
    slow_s, expected = best(pyvi.tokenize, sentences, args.repeat)
    fast_s, got = best(fast.tokenize, sentences, args.repeat)
    differ = sum(a != b for a, b in zip(expected, got, strict=True))
    print(f"{len(sentences):,} lines ({syllables:,} syllables), best of {args.repeat}")
    print(f"  pyvi's own tokenizer  {slow_s:7.2f} s  {syllables / slow_s:>10,.0f} syllables/s")
    print(f"  compare.wordseg       {fast_s:7.2f} s  {syllables / fast_s:>10,.0f} syllables/s  "
          f"({slow_s / fast_s:.1f}x); lines segmented differently: {differ}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
