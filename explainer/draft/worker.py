"""Drafting a reader's upload off the server's own process: in a child process with a CPU-time and a memory limit,
a wall-clock timeout, and at most MAX_DRAFTS at once per server, so that one reader's text never stalls the others.

A limit that is hit is a value (Drafted.limit: 'cpu', 'memory', 'time' or 'busy'; 'error' for a bug, whose
traceback goes to the server's log), which the page words in the reader's language; never a traceback. The child is
a fresh interpreter (`python -m explainer.draft.worker`), not a fork of the server with its threads; it sets its own
limits before it reads the upload. Nothing here imports streamlit.
"""
from __future__ import annotations

import pickle
import resource
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from ..load.factbase import Problem
from ..load.model import FactBase
from .read import Article, Mention
from .review import draft_document, draft_upload

CPU_SECONDS = 30  # of CPU time: 1 MB of dense prose drafts in about 5 s
MEMORY_BYTES = 2_000_000_000  # of address space: the interpreter with its libraries maps about 0.3 GB of it
WALL_SECONDS = 120  # waiting, however busy the machine's cores are
MAX_DRAFTS = 2  # drafts at once in one server; a reader over this is asked to try again
ROOT = Path(__file__).resolve().parents[2]

_slots = threading.BoundedSemaphore(MAX_DRAFTS)


@dataclass(frozen=True)
class Drafted:
    articles: list[Article]
    figures: list[Mention]
    company: str | None
    problems: list[Problem]
    limit: str | None = None  # what stopped the draft: cpu, memory, time or busy (limits), error (a bug)

    def as_tuple(self) -> tuple:
        return self.articles, self.figures, self.company, self.problems


class CPULimit(Exception):
    """Raised in the child when its CPU time reaches the soft limit (SIGXCPU)."""


def _on_cpu_limit(_signum, _frame):
    raise CPULimit()


@dataclass(frozen=True)
class Documented:
    text: str  # the draft's YAML
    factbase: FactBase | None
    problems: list[Problem]
    limit: str | None = None


# what a child may be asked to do
_TASKS = {"draft": draft_upload, "document": draft_document}


def _run(task: str, args: tuple, cpu_seconds: int | None, memory_bytes: int | None,
         wall_seconds: float | None) -> tuple[tuple | None, str | None]:
    """TASK(*ARGS) in a child process of its own, within the limits (this module's, unless given): its result, or
    the limit that stopped it. The calling thread waits without holding the GIL, so the server's other readers go
    on."""
    cpu_seconds, memory_bytes = cpu_seconds or CPU_SECONDS, memory_bytes or MEMORY_BYTES
    if not _slots.acquire(blocking=False):
        return None, "busy"
    try:
        done = subprocess.run([sys.executable, "-m", "explainer.draft.worker", str(cpu_seconds), str(memory_bytes)],
                              input=pickle.dumps((task, args)), capture_output=True,
                              timeout=wall_seconds or WALL_SECONDS, cwd=ROOT, check=False)
    except subprocess.TimeoutExpired:  # the child is killed by subprocess.run
        return None, "time"
    finally:
        _slots.release()
    if done.returncode != 0 or not done.stdout:
        if b"MemoryError" in done.stderr:  # out of memory before the task could say so (importing, unpickling)
            return None, "memory"
        if done.returncode in (-signal.SIGKILL, -signal.SIGXCPU):  # the hard CPU limit, a second after the soft one
            return None, "cpu"
        # a bug: the reader is told the draft failed; the traceback goes to the server's log
        sys.stderr.write(f"explainer.draft.worker {task} failed:\n{done.stderr.decode(errors='replace')[-4000:]}")
        return None, "error"
    result, limit = pickle.loads(done.stdout)  # written by _child below: no reader's bytes are unpickled
    return result, limit


def draft_in_worker(files: list[tuple[str, bytes]], lang: str = "auto", cpu_seconds: int | None = None,
                    memory_bytes: int | None = None, wall_seconds: float | None = None) -> Drafted:
    """draft_upload(files) in a worker process; or, when MAX_DRAFTS drafts are under way in this server, at once
    Drafted(limit='busy')."""
    result, limit = _run("draft", (files, lang), cpu_seconds, memory_bytes, wall_seconds)
    return Drafted(*result) if result else Drafted([], [], None, [], limit)


def document_in_worker(articles: list[Article], figures: list[Mention], company: str | None,
                       cpu_seconds: int | None = None) -> Documented:
    """draft_document in a worker process: the loader's check of a large draft takes a second or more, which the
    server's other readers should not wait for."""
    result, limit = _run("document", (articles, figures, company), cpu_seconds, None, None)
    return Documented(*result) if result else Documented("", None, [], limit)


def _child(cpu_seconds: int, memory_bytes: int) -> None:
    """The child: its limits first (the soft CPU limit raises CPULimit; the hard one, a second later, ends it), then
    the task and its arguments from stdin, its result to stdout."""
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    signal.signal(signal.SIGXCPU, _on_cpu_limit)
    task, args = pickle.loads(sys.stdin.buffer.read())
    try:
        result = (tuple(_TASKS[task](*args)), None)
    except CPULimit:
        result = (None, "cpu")
    except MemoryError:
        result = (None, "memory")
    sys.stdout.buffer.write(pickle.dumps(result))  # tuples: this module is __main__ here, its classes unknown


if __name__ == "__main__":
    _child(int(sys.argv[1]), int(sys.argv[2]))
