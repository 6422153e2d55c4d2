"""Foundation: beside, work done in a forked child process over what this process already
holds, while this process goes on: the second core for one document's validation while
its outputs are written. Nothing is pickled on the way in (the child is a copy of this
process); the result comes back through a pipe, so it should be small.

Fork is used only where it is safe: Linux and the other Unix systems but macOS (whose
system libraries may not survive a fork), called from a process's main thread with no
other thread running (a forked child gets one thread, and a lock another thread held
stays locked there). Anywhere else, or when the child fails or
dies, the work is done here instead, with the same result."""

from __future__ import annotations

import multiprocessing
import sys
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Generic, TypeVar

T = TypeVar("T")


class Beside(Generic[T]):
    """WORK() started in a forked child; result() waits for what it returned."""

    def __init__(self, work: Callable[[], T]) -> None:
        self._work = work
        self._receive: Connection | None = None
        self._child: multiprocessing.process.BaseProcess | None = None
        self._outcome: tuple[T] | None = None
        if can_fork():
            for stream in (sys.stdout, sys.stderr):  # else the child writes them out again
                stream.flush()
            context = multiprocessing.get_context("fork")
            self._receive, send = context.Pipe(duplex=False)
            self._child = context.Process(target=_run, args=(work, send), daemon=True)
            self._child.start()
            send.close()

    def result(self) -> T:
        if self._outcome is None:
            self._outcome = (self._wait(),)
        return self._outcome[0]

    def _wait(self) -> T:
        if self._receive is None or self._child is None:
            return self._work()
        try:
            done, value = self._receive.recv()
        except EOFError:  # the child died without a word (killed, out of memory)
            done, value = False, None
        finally:
            self._receive.close()
            self._child.join()
        return value if done else self._work()


def can_fork() -> bool:
    return ("fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"
            and threading.current_thread() is threading.main_thread()
            and threading.active_count() == 1)


def _run(work: Callable[[], object], send: Connection) -> None:
    try:
        outcome = (True, work())
    except BaseException:  # the parent does the work again and meets the error itself
        outcome = (False, None)
    send.send(outcome)
    send.close()
