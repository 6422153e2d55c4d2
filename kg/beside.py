"""Foundation: beside, work done in a forked child process over what this process already
holds, while this process goes on: the second core for one document's validation while
its outputs are written. Nothing is pickled on the way in (the child is a copy of this
process); the result comes back through a pipe, so it should be small. A child may also
be started ahead of its input, to prepare (import, parse) while this process makes it;
the input then follows, pickled.

Fork is used only where it is safe: Linux and the other Unix systems but macOS (whose
system libraries may not survive a fork), called from a process's main thread with no
other thread running (a forked child gets one thread, and a lock another thread held
stays locked there). Anywhere else, or when the child fails or
dies, the work is done here instead, with the same result."""

from __future__ import annotations

import contextlib
import multiprocessing
import sys
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Generic, TypeVar

T = TypeVar("T")
# The parent's ends of the pipes children started ahead wait on: a child forked later
# holds a copy of each and must close it, else that child never sees cancel()'s EOF
_GIVING: set[Connection] = set()


class Beside(Generic[T]):
    """WORK() started in a forked child; result() waits for what it returned.

    With PREPARE, the child is started ahead of its input: it runs PREPARE() at once
    (imports, parsing: what WORK would do first anyway, on a core this process leaves
    idle meanwhile), then waits for WORK's arguments, which give(*args) sends (pickled);
    cancel() tells it there is no work after all. WORK must not need PREPARE: where the
    machine cannot fork, or the child fails, result() calls WORK(*args) here."""

    def __init__(self, work: Callable[..., T], prepare: Callable[[], object] | None = None
                 ) -> None:
        self._work = work
        self._args: tuple | None = None if prepare else ()
        self._receive: Connection | None = None
        self._give: Connection | None = None
        self._child: multiprocessing.process.BaseProcess | None = None
        self._outcome: tuple[T] | None = None
        if can_fork():
            for stream in (sys.stdout, sys.stderr):  # else the child writes them out again
                stream.flush()
            context = multiprocessing.get_context("fork")
            self._receive, send = context.Pipe(duplex=False)
            given = None
            if prepare is not None:
                given, self._give = context.Pipe(duplex=False)
                _GIVING.add(self._give)  # the child closes it with the others it inherits
            self._child = context.Process(
                target=_run, args=(work, send, prepare, given), daemon=True)
            self._child.start()
            send.close()
            if given is not None:
                given.close()

    def give(self, *args) -> None:
        """WORK's arguments (a child started with PREPARE waits for them)."""
        self._args = args
        if self._give is not None:
            with contextlib.suppress(OSError):  # a child whose PREPARE failed is not waiting
                self._give.send(args)
            self._close_give()

    def cancel(self) -> None:
        """No work after all: the waiting child ends."""
        if self._give is not None:
            self._close_give()  # the child's wait ends with nothing to do
        if self._child is not None:
            self._child.join()
            self._receive.close()
            self._child = self._receive = None

    def _close_give(self) -> None:
        _GIVING.discard(self._give)
        self._give.close()
        self._give = None

    def result(self) -> T:
        if self._outcome is None:
            self._outcome = (self._wait(),)
        return self._outcome[0]

    def _wait(self) -> T:
        if self._args is None:
            raise RuntimeError("result() of work that was given no arguments")
        if self._receive is None or self._child is None:
            return self._work(*self._args)
        try:
            done, value = self._receive.recv()
        except EOFError:  # the child died without a word (killed, out of memory)
            done, value = False, None
        finally:
            self._receive.close()
            self._child.join()
        return value if done else self._work(*self._args)


def can_fork() -> bool:
    return ("fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"
            and threading.current_thread() is threading.main_thread()
            and threading.active_count() == 1)


def _run(work: Callable[..., object], send: Connection,
         prepare: Callable[[], object] | None = None, given: Connection | None = None
         ) -> None:
    for end in _GIVING:  # the parent's ends, forked with it: else no cancel ends a recv
        end.close()
    try:
        args = ()
        if prepare is not None:
            prepare()
            try:
                args = given.recv()
            except EOFError:  # cancelled: no work, and nobody waits for an answer
                return
        outcome = (True, work(*args))
    except BaseException:  # the parent does the work again and meets the error itself
        outcome = (False, None)
    send.send(outcome)
    send.close()
