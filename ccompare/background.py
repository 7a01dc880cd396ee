"""Work for this process to do while its worker processes do theirs.

On two cores, a parent that only waits for its workers leaves a core idle whenever it has
work of its own that does not need their results (loading models while the files are read,
listing gaps while the evidence is read). Start such work only once the workers are forked:
a child forked while another thread runs inherits that thread's locks, never their release.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def alongside(fn: Callable[[], object] | None) -> Iterator[None]:
    """Run `fn` in a thread during the block; its exception, if any, is raised at the end."""
    if fn is None:
        yield
        return
    failure: list[BaseException] = []

    def run() -> None:
        try:
            fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            failure.append(exc)

    thread = threading.Thread(target=run, name="ccompare-meanwhile", daemon=True)
    thread.start()
    try:
        yield
    finally:
        thread.join()
    if failure:
        raise failure[0]
