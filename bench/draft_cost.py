"""What drafting costs (issue 28, item 1): CPU time to draft 200 kB of each crafted text against 200 kB of ordinary
prose (target: at most 3x), and the waits of another reader of the same server while a reader drafts 1 MB on the
Fact base page (target: less than 0.5 s more than alone).

    python bench/draft_cost.py [--duration 20] [--skip-server]

Part 1 drafts in this process (CPU time by time.process_time): the six crafted texts of code review 2
(tests/hostile_texts.py), two more (a list of 40,000 percentages; the five bundled articles joined on one line), and
prose with line breaks, each about 199 kB (an article's limit is 200 kB); every figure (draft_figures), and as a
reader's upload is drafted (draft_upload, which stops past 2,000 figures).
Part 2 starts the app (tests/browser_support.py) and drives it over Streamlit's websocket protocol with
bench/load.py's Reader (no browser), as bench/hostile.py does. A reader on the cap table changes the preset, a think
time of 0.3-1 s between clicks: phase A alone for DURATION seconds, phase B while a second session uploads five
articles of 199 kB each (the bundled articles repeated: 1 MB, 1,445 figures) to "Draft from articles" and waits for
its table; the reader goes on until the draft is done. A benchmark, not a test: it prints a table, asserts nothing.
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from load import Reader, Stats, load_average, pct, warm_up  # noqa: E402  (puts tests/ on the path)

from browser_support import REPO_ROOT, streamlit_server  # noqa: E402
from explainer.draft import draft_figures, draft_upload  # noqa: E402
from hostile_texts import CRAFTED, TITLE, prose  # noqa: E402

SIZE = 199_000
READER_LINK = "cap_table?preset=mid"
SEEDS = [p.read_text(encoding="utf-8") for p in sorted((REPO_ROOT / "seeds").glob("*.txt"))]
EXTRA = {
    "percent_list (40,000 figures)": lambda n: TITLE + "Der Anteil: " + "5 %, " * (n // 5),
    "bundled articles on one line": lambda n: TITLE + (" ".join(SEEDS).replace("\n", " ") * 4)[:n],
}


def one_mb() -> list[tuple[str, bytes]]:
    """Five articles of about 199 kB: each bundled article repeated, paragraphs as printed."""
    return [(f"long_{i}.txt", ((s + "\n\n") * (SIZE // (len(s.encode()) + 2))).encode()) for i, s in enumerate(SEEDS)]


def cpu_table() -> list[str]:
    rows = []
    base = None
    for name, make in [("prose with line breaks", prose), *CRAFTED.items(), *EXTRA.items()]:
        text = make(SIZE)
        t0 = time.process_time()
        _articles, figures, _company = draft_figures([("a.txt", text)])
        cpu = time.process_time() - t0
        base = base or cpu
        t0 = time.process_time()
        *_drafted, problems = draft_upload([("a.txt", text.encode())])  # what the page's worker does
        upload = time.process_time() - t0
        rows.append(f"| {name} | {len(text.encode()) / 1000:.0f} | {len(figures):,} | {cpu:.2f} | {cpu / base:.1f}x "
                    f"| {upload:.2f} | {'refused: ' + problems[0].message if problems else 'drafted'} |")
        print(rows[-1], flush=True)
    return ["| 200 kB text | kB | figures | draft CPU s | vs prose | upload CPU s | upload |",
            "|---|---:|---:|---:|---:|---:|---|", *rows]


async def clicks(reader: Reader, until, rng: random.Random) -> None:
    while not until():
        await asyncio.sleep(rng.uniform(0.3, 1.0))
        await reader.change_belief(keys=("preset",))


async def drafter(base: str, timeout: float) -> dict:
    d = Reader(base, Stats(), random.Random(1), timeout)
    d.locale = "en-GB"
    try:
        await d.open("factbase")
        files = one_mb()
        t0 = time.perf_counter()
        await d.upload_files(files, action="draft 1 MB", uploader_key="draft_upload")
        seconds = time.perf_counter() - t0
        said = next((t for t in d.texts if "figures kept" in t or "Drafting stopped" in t or "problem" in t), "")
        return {"seconds": seconds, "kB": sum(len(b) for _n, b in files) / 1000, "said": said[:160],
                "errors": d.stats.errors}
    finally:
        await d.close()


async def phase(base: str, reader: Reader, duration: float, timeout: float, draft: bool) -> dict:
    stats, rng = Stats(), random.Random(7)
    reader.stats = stats
    deadline = time.monotonic() + duration
    out: dict = {}
    if draft:
        task = asyncio.create_task(drafter(base, timeout))
        await clicks(reader, lambda: time.monotonic() >= deadline and task.done(), rng)
        out["drafter"] = await task
    else:
        await clicks(reader, lambda: time.monotonic() >= deadline, rng)
    waits = stats.reruns.get("change belief", [])
    out.update({"n": len(waits), "p50": pct(waits, 0.5), "p95": pct(waits, 0.95), "max": max(waits, default=None),
                "load": load_average(), "errors": stats.errors})
    return out


async def server_run(base: str, duration: float, timeout: float) -> dict:
    await warm_up(base, timeout)
    reader = Reader(base, Stats(), random.Random(3), timeout)
    reader.locale = "en-GB"
    try:
        await reader.open(READER_LINK)
        a = await phase(base, reader, duration, timeout, draft=False)
        b = await phase(base, reader, duration, timeout, draft=True)
    finally:
        await reader.close()
    return {"A": a, "B": b}


def server_table(r: dict) -> list[str]:
    def ms(x):
        return "–" if x is None else f"{1000 * x:.0f}"
    lines = ["| phase | reader p50 ms | p95 ms | longest ms | reruns | load (1, 5, 15 min) |",
             "|---|---:|---:|---:|---:|---|"]
    for name, p in (("A: reader alone", r["A"]), ("B: reader while another drafts 1 MB", r["B"])):
        lines.append(f"| {name} | {ms(p['p50'])} | {ms(p['p95'])} | {ms(p['max'])} | {p['n']} | {p['load']} |")
    d = r["B"]["drafter"]
    lines += ["", f"Drafter: {d['kB']:.0f} kB in five files, upload to table {d['seconds']:.1f} s; the page said: "
              f"{d['said']!r}"]
    extra = (r["B"]["max"] or 0) - (r["A"]["max"] or 0)
    lines.append(f"Target: the reader's longest wait while another drafts, less the longest alone: "
                 f"{1000 * extra:.0f} ms (target under 500 ms)")
    for e in r["A"]["errors"] + r["B"]["errors"] + d["errors"]:
        lines.append(f"  error: {e}")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--duration", type=float, default=20.0, help="seconds of each server phase")
    ap.add_argument("--timeout", type=float, default=180.0, help="seconds a run may take before it is an error")
    ap.add_argument("--skip-server", action="store_true", help="part 1 only")
    args = ap.parse_args(argv)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, capture_output=True,
                            text=True).stdout.strip()
    head = (f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, commit {commit}, {os.cpu_count()} cores, "
            f"load before {load_average()}")
    print(head, flush=True)
    lines = [head, "", *cpu_table(), f"(load after part 1: {load_average()})"]
    if not args.skip_server:
        holder: dict = {}
        with streamlit_server(on_start=holder.update) as base:
            result = asyncio.run(server_run(base, args.duration, args.timeout))
        lines += ["", *server_table(result)]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
