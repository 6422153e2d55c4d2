"""kg.beside: work in a forked child gives what the same work gives here; a child that
fails or dies costs time, never the answer."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg.beside import Beside, can_fork


@pytest.fixture(autouse=True)
def forking():
    """Asked when each test runs, not at collection: an earlier test may have left a
    thread running in this process (a Dask cluster's), and then the work runs inline."""
    if not can_fork():
        pytest.skip("no fork here now (another platform, or a thread running): inline")


def test_the_child_sees_what_the_parent_holds_and_sends_back_its_answer():
    held = list(range(100_000))
    beside = Beside(lambda: (os.getpid(), sum(held)))
    pid, total = beside.result()
    assert total == sum(held)
    assert pid != os.getpid()  # it did run in another process
    assert beside.result() == (pid, total)  # asked again: the same answer, not a new run


def test_an_error_in_the_child_is_met_again_here():
    def fails() -> int:
        raise ValueError("bad input")

    with pytest.raises(ValueError, match="bad input"):
        Beside(fails).result()


def test_a_child_that_dies_is_replaced_by_doing_the_work_here():
    parent = os.getpid()

    def dies_in_the_child() -> str:
        if os.getpid() != parent:
            os._exit(9)  # as if killed: no answer comes back
        return "done here"

    assert Beside(dies_in_the_child).result() == "done here"


def test_a_child_started_ahead_prepares_then_works_on_what_it_is_given():
    prepared = []

    def prepare() -> None:
        prepared.append(os.getpid())  # in the child's copy of the list only

    def work(numbers: list[int]) -> tuple[int, list[int], int]:
        return os.getpid(), list(prepared), sum(numbers)

    ahead = Beside(work, prepare=prepare)
    ahead.give(list(range(1000)))
    pid, seen, total = ahead.result()
    assert total == sum(range(1000))
    assert pid != os.getpid() and seen == [pid]  # prepared there, before the work
    assert prepared == []


def test_a_child_started_ahead_and_cancelled_ends_without_working(tmp_path):
    marker = tmp_path / "worked"
    ahead = Beside(lambda: marker.write_text("worked"), prepare=lambda: None)
    ahead.cancel()
    assert not marker.exists()


def test_a_child_started_later_holds_no_end_of_a_waiting_childs_pipe(tmp_path):
    """A build starts the page's child ahead, then forks the validation child; were that
    one to keep a copy of the page child's input end, cancel() would wait for ever."""
    fds = Path("/proc/self/fd")
    if not fds.is_dir():
        pytest.skip("no /proc here to see a child's open files")
    marker = tmp_path / "worked"
    waiting = Beside(lambda: marker.write_text("worked"), prepare=lambda: None)
    pipe = f"pipe:[{os.fstat(waiting._give.fileno()).st_ino}]"

    def pipes_held() -> list[str]:
        return [os.readlink(fd) for fd in fds.iterdir() if fd.exists()]

    later = Beside(pipes_held)
    assert pipe not in later.result()
    waiting.cancel()  # returns: the waiting child saw its input end close
    assert not marker.exists()


def test_work_that_failed_to_prepare_is_done_here_with_the_arguments_given():
    def prepare() -> None:
        raise OSError("no such module")

    ahead = Beside(lambda a, b: (os.getpid(), a + b), prepare=prepare)
    ahead.give(2, 3)
    assert ahead.result() == (os.getpid(), 5)
