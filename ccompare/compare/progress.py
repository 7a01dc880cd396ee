"""Progress of a chunked stage, reported through the `progress(stage, done, total)` callback."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str, int, int], None]


def stage_ticker(progress: Progress | None, stage: str, total: int) -> Callable[[int], None]:
    """Report `stage` as started (0 of `total`) and return the tick a mapper calls per finished chunk."""
    done = 0
    if progress:
        progress(stage, 0, total)

    def tick(k: int) -> None:
        nonlocal done
        done += k
        if progress:
            progress(stage, done, total)

    return tick
