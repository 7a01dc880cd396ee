"""`ccompare --help` start-up time against a bare `python -c pass` (median of repeated runs)."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time


def median_seconds(cmd: list[str], runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    bare = median_seconds([sys.executable, "-c", "pass"])
    help_ = median_seconds([sys.executable, "-m", "ccompare.cli", "--help"])
    print(f"python -c pass      {bare * 1000:7.1f} ms")
    print(f"ccompare --help     {help_ * 1000:7.1f} ms  ({help_ / bare:.1f}x bare Python)")


if __name__ == "__main__":
    main()
