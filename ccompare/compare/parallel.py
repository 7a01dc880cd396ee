"""Where the chunks of a comparison run: here, in local processes, or on a Dask cluster.

A mapper is called as `mapper(fn, shared, items, progress=tick, meanwhile=None)` and returns
`[fn(shared, item) for item in items]` in the order of `items`, calling `tick(1)` as each
finishes; `meanwhile()`, if given, runs in this process while the chunks run elsewhere
(background.alongside), else after them. `shared` (the task index, the candidate views) is
sent once per worker, not once per chunk. The chunk functions are plain module-level
functions of numpy/scipy data, so every mapper computes the same numbers: a run on a cluster
gives the same result as a local one.

What runs where with Dask (`ccompare compare --scheduler ADDRESS`): reading and structuring
the files (each worker must see the paths), area tagging and the text analysis of indexing
(one round), the two TF-IDF vocabularies, candidate generation, pair scoring and the evidence
of the reported pairs. The client keeps the rest of the index and what needs every pair at
once: the relative features, support, sibling ranking, the per-task cap, gaps and the output.
Local processes (`--jobs`) run the same chunks, but the evidence only for smaller comparisons
(`shares_memory`, comparison._spread_evidence: forked workers reading it copy most of the
parent's objects), and for smaller comparisons the blocks of records of `--format json` too
(`ProcessMapper.ordered`, tables.comparison_json_chunks).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from itertools import repeat
from typing import Any

from ccompare.background import alongside
from ccompare.compare.collector import collector_paused
from ccompare.compare.scoring import local_map

__all__ = ["local_map", "ProcessMapper", "DaskMapper", "connect", "scheduler_address"]

_SHARED: Any = None


def _set_shared(shared: Any) -> None:
    global _SHARED
    _SHARED = shared
    _one_chunk_per_core()


def _one_chunk_per_core() -> None:
    """A worker runs one chunk on its core: no threads of its own (candidates._top_product)."""
    from ccompare.compare.candidates import single_threaded

    single_threaded()


def _call_shared(fn: Callable, item: Any) -> Any:
    return fn(_SHARED, item)


class ProcessMapper:
    """Chunks in `jobs` local processes (forked with `shared` already in memory)."""

    shares_memory = True  # the workers' memory is this machine's: stages heavy in objects stay here

    def __init__(self, jobs: int):
        self.jobs = jobs

    def __call__(self, fn: Callable, shared: Any, items: list, *, progress: Callable[[int], None] | None = None,
                 meanwhile: Callable[[], object] | None = None):
        if self.jobs <= 1 or len(items) <= 1:
            return local_map(fn, shared, items, progress=progress, meanwhile=meanwhile)
        from concurrent.futures import as_completed

        out: list[Any] = [None] * len(items)
        with collector_paused(), self._pool(shared) as pool:
            # a forking pool starts all its workers at the first submit: none is forked after `meanwhile` starts
            futures = {pool.submit(_call_shared, fn, item): k for k, item in enumerate(items)}
            with alongside(meanwhile):
                for fut in as_completed(futures):
                    out[futures[fut]] = fut.result()
                    if progress:
                        progress(1)
        return out

    def _pool(self, shared: Any):
        """A pool of `jobs` processes forked (where the platform can) with `shared` in memory; its
        workers start at the first submit."""
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        ctx = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
        return ProcessPoolExecutor(self.jobs, mp_context=ctx, initializer=_set_shared, initargs=(shared,))

    def ordered(self, fn: Callable, shared: Any, items: list) -> Iterator[Any]:
        """`fn(shared, item)` of each item, yielded in the order of `items` as soon as it is ready,
        so that a writer consumes the first while the workers make the next ones."""
        if self.jobs <= 1 or len(items) <= 1:
            yield from (fn(shared, item) for item in items)
            return
        pool = self._pool(shared)
        try:
            with collector_paused():
                yield from pool.map(_call_shared, repeat(fn), items)
        finally:  # a reader that stops early leaves nothing running
            pool.shutdown(wait=True, cancel_futures=True)


def _apply(item: Any, shared: Any = None, fn: Callable | None = None) -> Any:
    _one_chunk_per_core()
    return fn(shared, item)


class DaskMapper:
    """Chunks as tasks of a `dask.distributed` client; `shared` is scattered to every worker."""

    shares_memory = False

    def __init__(self, client: Any):
        self.client = client

    def __call__(self, fn: Callable, shared: Any, items: list, *, progress: Callable[[int], None] | None = None,
                 meanwhile: Callable[[], object] | None = None):
        from distributed import as_completed

        if not items:
            return local_map(fn, shared, items, meanwhile=meanwhile)
        # in a list: a dict or a list on its own would be scattered item by item
        shared_future = self.client.scatter([shared], broadcast=True, hash=False)[0] if shared is not None else None
        futures = self.client.map(_apply, items, shared=shared_future, fn=fn, pure=False)
        position = {f.key: k for k, f in enumerate(futures)}
        out: list[Any] = [None] * len(items)
        with alongside(meanwhile):
            for fut in as_completed(futures):
                out[position[fut.key]] = fut.result()
                if progress:
                    progress(1)
                fut.release()
        if shared_future is not None:
            shared_future.release()
        return out

    def map_files(self, fn: Callable, items: list) -> list:
        """`[fn(item) for item in items]` on the cluster (extraction: one file per item)."""
        futures = self.client.map(fn, items, pure=False)
        return self.client.gather(futures)


def scheduler_address(option: str | None) -> str | None:
    """The --scheduler option, else $CCOMPARE_SCHEDULER, else None (run locally)."""
    return option or os.environ.get("CCOMPARE_SCHEDULER") or None


def connect(address: str, timeout: float = 30.0) -> Any:
    """A Dask client of the scheduler at `address` (needs the `dask` extra)."""
    try:
        from distributed import Client
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise RuntimeError("a scheduler needs dask.distributed: pip install 'ccompare[dask]'") from exc
    return Client(address, timeout=timeout)
